"""The intruder audit: what can be worked out from a published table alone.

A statistical output checker (and an intruder) holds only the published table and the public
area hierarchy. This module does what they can do with it and reports, per cell, how much of
what was hidden or rounded comes back. It is used in the tests of the disclosure method and by
analysts before a table leaves the secure environment (``kansen opportunity audit``).

Two attacks
-----------
*Published cells: the exact count.* Every published number of a cell is a function of its
exact ``n`` (and, for shares, of ``k``, the pupils with the outcome). For each count the
rounded ``n`` allows (``[r - base//2, r - base//2 + base - 1]``), the audit checks whether the
published numbers, at the precision they are published with, can come from it:

* the mean (share) as a fraction ``k / n`` with a whole ``k``;
* for a share over all pupils, ``se = sqrt(p (1 - p) / (n - 1))`` and the interval's half
  width ``t(n - 1) * se``;
* the interval width divided by ``se``: the 97.5% t quantile with ``n - 1`` (mean) or
  ``n - 2`` (regression) degrees of freedom;
* the shrinkage weight ``w = t2 / (t2 + se**2)``, whose ``t2`` is shared by the cells of one
  year, level and slice, with the exact ``se`` of the candidate.

A cell whose numbers fit exactly one count has its *exact n derivable*. The precision of each
column is read from the table (the fewest decimals that reproduce every value; full floating
point precision otherwise).

*Suppressed cells: linear programming.* Unknowns are ``n`` and, for shares, ``k`` of every cell
(published cells too, within what their numbers allow). The relations used are the ones that
truly hold between the cells of a table written by :func:`kansen.opportunity.estimate_opportunity`:

* geography: a parent area's cell is the sum of its child areas' cells (``parent_code``), and of
  any further partition the public hierarchy gives (``hierarchy``, e.g. pc4 areas as unions of
  buurten); a cell that is not in the table holds no pupils;
* subgroups: the values of one subgroup column add up to the cell of all pupils;
* income bands overlap, so only inequalities hold: for every set of pairwise disjoint bands
  (very low or low, middle, high or very high) the sum of ``n``, of ``k`` and of ``n - k`` is at
  most that of band "all";
* outcome twins (:data:`SAME_PUPILS`): under- and over-advice are defined on the same pupils
  (same ``n``, ``k_under + k_over <= n``); those pupils are a subset of the pupils of "at least
  havo" (:data:`SUBSET_PUPILS`);
* published cells: ``n`` in its rounding window (narrowed by the first attack), ``k / n`` within
  the published precision of the mean, and the primary rules they passed (``n`` at least the
  minimum, ``k`` and ``n - k`` at least the minimum share count);
* suppressed cells: ``0 <= k <= n``; and, when the table gives detailed reasons
  (:data:`kansen.opportunity.SUPPRESSION_REASONS`), what each reason and its absence say about
  ``n`` and ``k`` (``use_reasons``).

For each suppressed cell the audit minimises and maximises ``n`` and, for a share, ``k`` (the
pupils with the outcome) and ``n - k`` (the pupils without it) with HiGHS. The intervals of the
continuous relaxation are *valid*: they hold every value the table allows (integer bounds are
rounded inward, which keeps them valid). With ``integer=True`` the bounds are those of the
integer program (attained by an integer assignment). The share's interval is reported as the
valid outer bounds ``k_min / n_max`` to ``k_max / n_min``, for information.

Speed: the relations are split into independent parts (connected components), and each part is
loaded into HiGHS (``highspy``) once; each objective is then solved with presolve (measured
faster than a warm start from the last basis: as fast on Demostad, several times faster on the
parts of 200,000 pupils, where each objective moves the solution far). With ``exact=False``
(the default) a quantity is solved for on the whole part only when cheaper means cannot decide
whether it is pinned:

1. bounds propagated through the rows (valid, outer) pin it;
2. feasible solutions show it *wide*: each round of an exploration pushes every quantity not yet
   shown wide in a random direction (``n`` and ``k`` each up or down) in one program, until
   rounds stop helping. Its interval is then reported as *at least* that wide (``*_exact``
   False);
3. a small program around the cell shows it wide: the part with every variable farther than
   three rows from the cell held at the mean of the solutions found so far (feasible, since the
   program is convex); each of its solutions, completed with that mean, is a solution of the
   whole part (inner bounds, as the explorations');
4. a small program around the cell pins it: the cell's variables, those linked to them through
   at most two (then three) rows, and the rows among them. Leaving out the rows that reach
   further only widens what the program allows, so its bounds are valid and a quantity it pins
   is pinned (reported with those valid bounds, ``*_exact`` False). At 200,000 pupils this
   decided 240 of the 298 quantities the exploration left open in a part, in milliseconds each
   where the whole part (22,830 rows) takes seconds;
5. a second exploration, pushing only the quantities still undecided, shows it wide.

Whether a quantity is narrow is judged on whole numbers: bounds are rounded inward, and values
seen in feasible solutions too (``ceil(min) <= ceil(seen)``), so a quantity seen at 0.2 and
10.3 is not shown wide (the whole counts between are 1 to 10). Every cell that might be pinned
is solved or proved, so the counts of pinned cells are exact either way. The table of results
flags a cell pinned by the same whole-number judgement (:func:`_pinned`): until session 6 it
compared the raw values, so bounds seen at 93.0000001 and 102.9999999 counted as pinned and the
protection suppressed for nothing (4 of 52 cells pinned in n in one 20,000-pupil round).

A suppressed cell is *pinned* when ``n_max - n_min < min_n_width`` (default 10: the rounding
base), or, for a share, when ``k_max - k_min`` is below ``min_k_width`` (default the rules'
``min_share_count``, 10: the count the primary rule protects) while ``k_min`` is at least 1, or
the same holds for ``without`` (``n - k``). An interval of ``k`` that reaches 0 protects
whatever its width: the intruder cannot tell that any pupil of the cell has the outcome (a
published total bounds the parts of an outcome few pupils have from above; that singles
nobody out). Why counts and not the share within +-5 points: ``docs/adr/0023``.

API
---
:func:`audit_published` (table in, :class:`Audit` out) and :func:`read_published` (a file).

>>> from kansen.demo import build_pupils
>>> from kansen.opportunity import estimate_opportunity, audit_published
>>> result = estimate_opportunity(build_pupils().pupils, levels=["wijk", "gemeente"])
>>> audit = audit_published(result.published)
>>> audit.cells == len(result.published)
True
>>> {"n_min", "n_max", "k_min", "k_max", "share_min", "share_max"} <= set(audit.suppressed.columns)
True
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components
from scipy.stats import t as student_t

from kansen.system import cores

from ._bands import INCOME_BANDS
from ._disclosure import RULES_METADATA_KEY, SUPPRESSION_REASONS, DisclosureRules

if TYPE_CHECKING:
    import highspy

#: Outcomes defined on the same pupils (same n; their k add up to at most n).
SAME_PUPILS: tuple[tuple[str, str], ...] = (("under_advice", "over_advice"),)
#: (a, b): the pupils of outcome a are a subset of those of outcome b.
SUBSET_PUPILS: tuple[tuple[str, str], ...] = (
    ("under_advice", "at_least_havo"),
    ("over_advice", "at_least_havo"),
)
#: Columns that identify a cell.
KEY_COLUMNS: tuple[str, ...] = (
    "year",
    "level",
    "area_code",
    "subgroup",
    "subgroup_value",
    "band",
    "outcome",
)
_ALL = "all"
_CONFIDENCE = 0.95
_INF = np.inf
_MAX_DECIMALS = 10


def _disjoint_band_sets() -> list[tuple[str, ...]]:
    """Maximal sets of pairwise disjoint income bands (their sums are at most band "all")."""
    bands = [b for b in INCOME_BANDS if b.point is not None]

    def disjoint(a: Any, b: Any) -> bool:
        return bool(a.upper <= b.lower or b.upper <= a.lower)

    sets: list[tuple[str, ...]] = []
    for mask in range(1, 1 << len(bands)):
        chosen = [b for i, b in enumerate(bands) if mask >> i & 1]
        if all(disjoint(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1 :]):
            sets.append(tuple(b.name for b in chosen))
    maximal = [s for s in sets if not any(set(s) < set(o) for o in sets)]
    return sorted(maximal)


#: Sets of bands that share no pupil.
DISJOINT_BANDS: tuple[tuple[str, ...], ...] = tuple(_disjoint_band_sets())


@dataclass(frozen=True)
class Audit:
    """What an intruder can work out from a published table.

    Attributes
    ----------
    suppressed : pandas.DataFrame
        One row per suppressed cell: ``row`` (position in the table), the key columns,
        ``n_min``, ``n_max``; for shares ``k_min``, ``k_max`` (pupils with the outcome) and
        ``without_min``, ``without_max`` (``n - k``, pupils without it), NaN otherwise;
        ``n_exact``, ``k_exact``, ``without_exact`` (True when the bound was solved for; False
        when the interval is either only known to be at least this wide, or, for a pinned
        quantity, the valid outer bounds that already pin it); ``share_min``, ``share_max``
        (valid outer bounds of ``k / n`` from those of ``n`` and ``k``, for information);
        ``n_pinned``, ``k_pinned`` (``k`` or ``n - k`` pinned) and ``checked`` (False when
        the time budget ran out before the cell was decided).
    published : pandas.DataFrame
        One row per published cell: ``row``, the key columns, ``n`` (as published),
        ``n_candidates`` (how many counts fit all its numbers), ``n_low``, ``n_high`` (the
        smallest and largest that fit) and ``exact_n`` (exactly one fits).
    min_n_width : int
        Widths of n below this count as pinned.
    min_k_width : int
        Widths of k or n - k below this count as pinned.
    seconds : float
        Time taken.
    solves : int
        Linear programs solved.
    solution : numpy.ndarray, optional
        A feasible point of the intruder's program: ``n`` then ``k`` of every cell of the
        table, the mean of the solutions found (NaN in parts not audited). It stays feasible
        when more cells are suppressed (that only removes constraints): the protection starts
        the next round's audit from it (``start``).
    """

    suppressed: pd.DataFrame
    published: pd.DataFrame
    min_n_width: int
    min_k_width: int
    seconds: float = 0.0
    solves: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    solution: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def cells(self) -> int:
        """Cells in the table."""
        return len(self.suppressed) + len(self.published)

    @property
    def n_pinned(self) -> int:
        """Suppressed cells whose n is pinned within ``min_n_width``."""
        return int(self.suppressed["n_pinned"].sum())

    @property
    def k_pinned(self) -> int:
        """Suppressed share cells whose k or n - k is pinned within ``min_k_width``."""
        return int(self.suppressed["k_pinned"].sum())

    @property
    def unchecked(self) -> int:
        """Suppressed cells not decided within the audit's time budget."""
        return int((~self.suppressed["checked"]).sum())

    @property
    def exact_n_published(self) -> int:
        """Published cells whose exact n can be derived."""
        return int(self.published["exact_n"].sum())

    @property
    def passes(self) -> bool:
        """No suppressed cell pinned or unchecked, no published cell with a derivable exact n."""
        return (
            self.n_pinned == 0
            and self.k_pinned == 0
            and self.exact_n_published == 0
            and self.unchecked == 0
        )

    def summary(self) -> dict[str, int | float | bool]:
        """The figures as a plain dict (for printing and tests)."""
        return {
            "cells": self.cells,
            "suppressed": len(self.suppressed),
            "n_pinned": self.n_pinned,
            "k_pinned": self.k_pinned,
            "published": len(self.published),
            "exact_n_published": self.exact_n_published,
            "unchecked": self.unchecked,
            "passes": self.passes,
            "seconds": round(self.seconds, 2),
            "solves": self.solves,
        }


def read_published(path: str | Path) -> pd.DataFrame:
    """Read a published table from Parquet or CSV (by content: Parquet starts with ``PAR1``).

    Raises
    ------
    ValueError
        When the file is neither, or has no column ``published``.
    """
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(4)
    try:
        if head == b"PAR1":
            table = pd.read_parquet(path)
        else:
            table = pd.read_csv(path, dtype={"area_code": str, "parent_code": str})
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise ValueError(f"{path.name} is not a readable Parquet or CSV table: {error}") from error
    missing = [c for c in (*KEY_COLUMNS, "published") if c not in table.columns]
    if missing:
        raise ValueError(f"{path.name} is not a published table: no column(s) {', '.join(missing)}")
    if head == b"PAR1":
        rules = rules_from_metadata(pq.read_schema(path).metadata)
        if rules is not None:
            table.attrs["disclosure"] = rules
    return table


def rules_from_metadata(metadata: Mapping[bytes, bytes] | None) -> DisclosureRules | None:
    """The rules a Parquet file records under ``kansen.disclosure`` (None when it has none).

    Raises
    ------
    ValueError
        When the entry is not JSON of the rules' fields, or breaks their own checks.
    """
    raw = (metadata or {}).get(RULES_METADATA_KEY.encode())
    if raw is None:
        return None
    try:
        values = json.loads(raw)
        known = {f.name for f in dataclasses.fields(DisclosureRules)}
        if not isinstance(values, dict) or set(values) - known:
            raise ValueError(f"expected an object with the fields {', '.join(sorted(known))}")
        return DisclosureRules(**values)
    except (ValueError, TypeError) as error:
        raise ValueError(f"the rules in the file's metadata cannot be read: {error}") from error


def _as_bool(values: pd.Series) -> np.ndarray:
    if values.dtype == bool:
        return values.to_numpy()
    text = values.astype(str).str.strip().str.lower()
    return text.isin(["true", "1", "1.0", "yes", "ja"]).to_numpy()


def _half_unit(values: np.ndarray) -> float:
    """Half the last published decimal of a column (a tiny relative tolerance at full precision)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0
    for decimals in range(_MAX_DECIMALS + 1):
        if np.all(np.abs(np.round(finite, decimals) - finite) <= 1e-12 * np.maximum(1, finite)):
            return 0.5 * 10.0**-decimals
    return 0.0


def _tolerance(values: np.ndarray, half: float | np.ndarray) -> np.ndarray:
    return np.asarray(half + 1e-9 * np.maximum(1.0, np.abs(values)))


def _column(table: pd.DataFrame, name: str) -> np.ndarray:
    if name not in table.columns:
        return np.full(len(table), np.nan)
    return pd.to_numeric(table[name], errors="coerce").to_numpy(dtype=np.float64)


@dataclass
class _Cells:
    """The table's cells as arrays."""

    table: pd.DataFrame
    published: np.ndarray
    share: np.ndarray
    is_all_band: np.ndarray
    n: np.ndarray
    mean: np.ndarray
    reasons: list[set[str]]
    half_step: np.ndarray  # half the published step of the numbers of each row


def _cells(table: pd.DataFrame) -> _Cells:
    table = table.reset_index(drop=True).copy()
    for column in ("subgroup", "subgroup_value"):
        if column not in table.columns:
            table[column] = _ALL
        table[column] = table[column].fillna(_ALL).astype(str)
    table["area_code"] = table["area_code"].astype(str).str.strip()
    if "parent_code" in table.columns:
        parent = table["parent_code"].astype(object)
        table["parent_code"] = parent.where(parent.notna(), None)
        table["parent_code"] = [
            None if p is None or str(p).strip() in ("", "nan", "None") else str(p).strip()
            for p in table["parent_code"]
        ]
    else:
        table["parent_code"] = None
    published = _as_bool(table["published"])
    if "outcome_kind" in table.columns:
        share = (table["outcome_kind"].astype(str) == "share").to_numpy()
    else:
        share = np.ones(len(table), dtype=bool)
    mean = _column(table, "mean")
    estimate = _column(table, "estimate")
    is_all_band = (table["band"].astype(str) == _ALL).to_numpy()
    mean = np.where(np.isnan(mean) & is_all_band, estimate, mean)
    reason_text = table.get("suppression_reason", pd.Series([None] * len(table)))
    reasons = [
        {part.strip() for part in str(text).replace(",", ";").split(";") if part.strip()}
        if text is not None and not (isinstance(text, float) and math.isnan(text))
        else set()
        for text in reason_text
    ]
    # the contract's ``precision`` per row; else the fewest decimals that reproduce the column
    precision = _column(table, "precision")
    half_step = np.where(np.isfinite(precision), precision / 2, _half_unit(mean))
    return _Cells(
        table, published, share, is_all_band, _column(table, "n"), mean, reasons, half_step
    )


def _candidate_counts(cells: _Cells, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The counts each published cell's rounded n allows, and which fit all its numbers."""
    offsets = np.arange(base) - base // 2
    rounded = cells.n
    cand = rounded[:, None] + offsets[None, :]
    fits = np.isfinite(cand) & (cand >= 1)
    cand = np.where(np.isfinite(cand), cand, 0.0)
    table = cells.table
    mean = cells.mean
    h_mean = _tolerance(mean, cells.half_step)[:, None]
    se = _column(table, "se")
    h_se = _tolerance(se, _half_unit(se))[:, None]
    low, high = _column(table, "ci_low"), _column(table, "ci_high")
    h_ci = max(_half_unit(low), _half_unit(high))
    half = (high - low) / 2
    h_half = _tolerance(half, h_ci)[:, None]
    share = cells.share[:, None]
    # k as a whole number: the mean as a fraction k / n
    with np.errstate(invalid="ignore"):
        k_low = np.ceil((mean[:, None] - h_mean) * cand - 1e-9)
        k_high = np.floor((mean[:, None] + h_mean) * cand + 1e-9)
    k_low = np.maximum(k_low, 0)
    k_high = np.minimum(k_high, cand)
    has_mean = np.isfinite(mean)[:, None]
    fits &= ~(share & has_mean) | (k_low <= k_high)
    df = cand - np.where(cells.is_all_band, 1, 2)[:, None]
    with np.errstate(invalid="ignore"):
        tq = np.where(df >= 1, student_t.ppf(0.5 + _CONFIDENCE / 2, np.maximum(df, 1)), np.nan)
    # the interval over se: the t quantile
    has_ratio = (np.isfinite(se) & np.isfinite(half) & (se > 0))[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        q_low = (half[:, None] - h_half) / (se[:, None] + h_se)
        q_high = (half[:, None] + h_half) / np.maximum(se[:, None] - h_se, 1e-300)
    fits &= ~has_ratio | ((tq >= q_low - 1e-12) & (tq <= q_high + 1e-12))
    # a share over all pupils: se and the half width from p = k / n
    all_share = (cells.is_all_band & cells.share)[:, None] & has_mean
    se_any = np.zeros(fits.shape, dtype=bool)
    half_any = np.zeros(fits.shape, dtype=bool)
    span = int(np.nanmax(np.where(all_share, k_high - k_low, 0), initial=0))
    for step in range(min(span, 4) + 1):
        k = k_low + step
        valid = k <= k_high
        with np.errstate(invalid="ignore", divide="ignore"):
            p = k / cand
            se_c = np.sqrt(p * (1 - p) / (cand - 1))
        se_any |= valid & (np.abs(se_c - se[:, None]) <= h_se)
        half_any |= valid & (np.abs(tq * se_c - half[:, None]) <= h_half)
    if span <= 4:
        fits &= ~(all_share & np.isfinite(se)[:, None]) | se_any
        if "precision" not in table.columns:
            # before the contract the interval came from the exact n; with it, from the
            # published estimate and the smallest count the rules allow (no information)
            fits &= ~(all_share & np.isfinite(half)[:, None]) | half_any
    fits &= _weight_fits(cells, cand, k_low, k_high, tq)
    fits &= cells.published[:, None] & np.isfinite(rounded)[:, None]
    return cand, fits


def _weight_fits(
    cells: _Cells, cand: np.ndarray, k_low: np.ndarray, k_high: np.ndarray, tq: np.ndarray
) -> np.ndarray:
    """Candidates that fit the shrinkage weight, ``w = t2 / (t2 + se**2)`` with ``t2`` per group.

    Only for shares over all pupils with the weight at more precision than ``se``: the exact se
    of each candidate gives ``t2 = se**2 w / (1 - w)``; the true candidates of a group agree on
    one ``t2``.
    """
    weight = _column(cells.table, "shrinkage_weight")
    fits = np.ones(cand.shape, dtype=bool)
    h_w = _half_unit(weight)
    usable = cells.published & cells.is_all_band & cells.share & np.isfinite(weight) & (weight > 0)
    usable &= weight < 1
    if h_w > 1e-7 or not usable.any():
        return fits
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k_low / cand
        se2 = p * (1 - p) / (cand - 1)
        implied = se2 * (weight / (1 - weight))[:, None]
    keys = cells.table[["year", "level", "subgroup", "subgroup_value", "band", "outcome"]]
    group = keys.astype(str).agg("|".join, axis=1).to_numpy()
    unique_k = (k_low == k_high) & (cand >= 2)
    for name in np.unique(group[usable]):
        rows = np.flatnonzero(usable & (group == name))
        if rows.size < 2:
            continue
        values = implied[rows][unique_k[rows]]
        values = values[np.isfinite(values) & (values > 0)]
        if values.size == 0:
            continue
        rounded = np.round(np.log(values), 7)
        common, counts = np.unique(rounded, return_counts=True)
        best = common[np.argmax(counts)]
        if counts.max() < rows.size:
            continue  # no t2 shared by every cell of the group: do not guess
        with np.errstate(invalid="ignore", divide="ignore"):
            agree = np.abs(np.log(implied[rows]) - best) <= 2e-7
        fits[rows] = agree & unique_k[rows]
    return fits


def derive_counts(
    table: pd.DataFrame, *, rules: DisclosureRules | None = None, rounding_base: int | None = None
) -> pd.DataFrame:
    """The first attack alone (no linear programming): which counts fit each published cell.

    Returns
    -------
    pandas.DataFrame
        One row per published cell as :attr:`Audit.published`.
    """
    stated = table.attrs.get("disclosure")
    rules = rules or (stated if isinstance(stated, DisclosureRules) else DisclosureRules())
    cells = _cells(table)
    cand, fits = _candidate_counts(cells, rounding_base or rules.rounding_base)
    return _published_frame(cells, cand, fits)


def _published_frame(cells: _Cells, cand: np.ndarray, fits: np.ndarray) -> pd.DataFrame:
    n_candidates = fits.sum(axis=1)
    shown = cells.published
    frame = cells.table.loc[shown, list(KEY_COLUMNS)].copy()
    frame.insert(0, "row", np.flatnonzero(shown))
    frame["n"] = cells.n[shown]
    frame["n_candidates"] = n_candidates[shown]
    with np.errstate(invalid="ignore"):
        low = np.where(fits, cand, np.inf).min(axis=1)
        high = np.where(fits, cand, -np.inf).max(axis=1)
    frame["n_low"] = np.where(n_candidates >= 1, low, np.nan)[shown]
    frame["n_high"] = np.where(n_candidates >= 1, high, np.nan)[shown]
    frame["exact_n"] = (n_candidates == 1)[shown]
    return frame.reset_index(drop=True)


class _Model:
    """Variables, bounds and constraints ``lb <= A x <= ub`` of the linear program."""

    def __init__(self, size: int) -> None:
        self.lo = np.zeros(2 * size)
        self.hi = np.full(2 * size, _INF)
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lb: list[np.ndarray] = []
        self.ub: list[np.ndarray] = []
        self.owner: list[np.ndarray] = []  # the published cell a row speaks for, else -1
        self.count = 0
        self.size = size

    def n(self, i: np.ndarray | int) -> np.ndarray:
        return np.asarray(i)

    def k(self, i: np.ndarray | int) -> np.ndarray:
        return np.asarray(i) + self.size

    def add(
        self,
        terms: Sequence[tuple[np.ndarray, np.ndarray | float]],
        lb: np.ndarray | float,
        ub: np.ndarray | float,
        count: int,
        owner: np.ndarray | None = None,
    ) -> None:
        """Add ``count`` constraints; each term gives one variable (and coefficient) per row.

        ``owner``: per row, the cell whose published numbers the row states (-1: a relation).
        """
        if count == 0:
            return
        self.owner.append(
            np.full(count, -1, dtype=np.int64) if owner is None else np.asarray(owner, np.int64)
        )
        row = np.arange(self.count, self.count + count)
        for variables, coefficient in terms:
            self.rows.append(row)
            self.cols.append(np.asarray(variables, dtype=np.int64))
            self.vals.append(np.broadcast_to(np.asarray(coefficient, dtype=float), (count,)))
        self.lb.append(np.broadcast_to(np.asarray(lb, dtype=float), (count,)))
        self.ub.append(np.broadcast_to(np.asarray(ub, dtype=float), (count,)))
        self.count += count

    def add_sum(
        self, total: np.ndarray, members: np.ndarray, group: np.ndarray, lb: float, ub: float
    ) -> None:
        """Per group g: ``lb <= total[g] - sum(members in g) <= ub`` (variables, not cells)."""
        if total.size == 0:
            return
        row = np.arange(self.count, self.count + total.size)
        self.rows += [row, row[group]]
        self.cols += [total.astype(np.int64), members.astype(np.int64)]
        self.vals += [np.ones(total.size), -np.ones(members.size)]
        self.lb.append(np.full(total.size, lb))
        self.ub.append(np.full(total.size, ub))
        self.owner.append(np.full(total.size, -1, dtype=np.int64))
        self.count += total.size

    def matrix(self) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
        if not self.rows:
            return sparse.csr_matrix((0, 2 * self.size)), np.zeros(0), np.zeros(0)
        matrix = sparse.csr_matrix(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(self.count, 2 * self.size),
        )
        return matrix, np.concatenate(self.lb), np.concatenate(self.ub)

    def owners(self) -> np.ndarray:
        """Per row, the cell whose published numbers it states (-1 for a relation)."""
        if not self.owner:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(self.owner)


def _index(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    return pd.Series(
        np.arange(len(frame)), index=pd.MultiIndex.from_frame(frame[columns].astype(str))
    )


def _lookup(index: pd.Series, keys: pd.DataFrame) -> np.ndarray:
    found = index.reindex(pd.MultiIndex.from_frame(keys.astype(str)))
    return found.fillna(-1).to_numpy(dtype=np.int64)


def _partition(
    model: _Model, cells: _Cells, child: np.ndarray, parent: np.ndarray, ks: np.ndarray
) -> None:
    """Parent cell = sum of child cells, for n and (shares) k; ``parent[i]`` of ``child[i]``."""
    keep = parent >= 0
    child, parent = child[keep], parent[keep]
    if child.size == 0:
        return
    # one partition per parent and level of the children (wijken and pc4 areas of a gemeente
    # each add up to it)
    _, level = np.unique(cells.table["level"].to_numpy()[child].astype(str), return_inverse=True)
    pairs, group = np.unique(parent * 8 + level, return_inverse=True)
    totals = pairs // 8
    model.add_sum(model.n(totals), model.n(child), group, 0, 0)
    share_total = ks[totals]
    if share_total.any():
        member_share = share_total[group]
        _, regroup = np.unique(group[member_share], return_inverse=True)
        model.add_sum(model.k(totals[share_total]), model.k(child[member_share]), regroup, 0, 0)


def _build(
    cells: _Cells,
    rules: DisclosureRules,
    base: int,
    n_bounds: tuple[np.ndarray, np.ndarray],
    hierarchy: pd.DataFrame | None,
    use_reasons: bool,
) -> tuple[_Model, list[str]]:
    table = cells.table
    size = len(table)
    model = _Model(size)
    notes: list[str] = []
    ks = cells.share
    idx = np.arange(size)
    # n bounds; k exists only for shares
    model.lo[:size], model.hi[:size] = n_bounds
    model.hi[size:] = np.where(ks, _INF, 0)
    # k <= n
    share_cells = idx[ks]
    model.add(
        [(model.n(share_cells), 1.0), (model.k(share_cells), -1.0)], 0, _INF, share_cells.size
    )
    slice_cols = ["year", "subgroup", "subgroup_value", "band", "outcome"]
    by_area = _index(table, ["level", "area_code", *slice_cols])
    # geography inside the table
    has_parent = np.array([p is not None for p in table["parent_code"]])
    if has_parent.any():
        children = table[has_parent]
        parent_rows = np.full(children.shape[0], -1, dtype=np.int64)
        for level in ("wijk", "gemeente", "buurt", "pc4"):
            keys = children[slice_cols].copy()
            keys.insert(0, "area_code", children["parent_code"].to_numpy())
            keys.insert(0, "level", level)
            found = _lookup(by_area, keys[["level", "area_code", *slice_cols]])
            own = (children["level"] == level).to_numpy()
            take = (parent_rows < 0) & (found >= 0) & ~own
            parent_rows[take] = found[take]
        _partition(model, cells, idx[has_parent], parent_rows, ks)
    # the public hierarchy, e.g. pc4 areas as unions of buurten
    if hierarchy is not None and len(hierarchy):
        notes.append(f"public hierarchy: {len(hierarchy)} area links")
        links = hierarchy.astype(str)
        for column in ("level", "area_code", "parent_level", "parent_code"):
            if column not in links.columns:
                raise ValueError(
                    "hierarchy needs the columns level, area_code, parent_level, parent_code"
                    f" (and optionally year); got {', '.join(hierarchy.columns)}"
                )
        on = ["level", "area_code"] + (["year"] if "year" in links.columns else [])
        merged = (
            table[["level", "area_code", *slice_cols]]
            .astype(str)
            .reset_index()
            .merge(links[[*on, "parent_level", "parent_code"]].drop_duplicates(), on=on)
        )
        if len(merged):
            keys = merged[["parent_level", "parent_code", *slice_cols]].rename(
                columns={"parent_level": "level", "parent_code": "area_code"}
            )
            found = _lookup(by_area, keys)
            _partition(model, cells, merged["index"].to_numpy(), found, ks)
    # subgroups add up to all pupils
    is_sub = (table["subgroup"] != _ALL).to_numpy()
    if is_sub.any():
        keys = table.loc[is_sub, ["level", "area_code", *slice_cols]].copy()
        keys["subgroup"] = _ALL
        keys["subgroup_value"] = _ALL
        totals = _lookup(by_area, keys)
        # one partition per subgroup column: group by (total, subgroup column)
        _, column_id = np.unique(table.loc[is_sub, "subgroup"].to_numpy(), return_inverse=True)
        members = idx[is_sub]
        keep = totals >= 0
        pair = totals[keep] * (column_id.max() + 1) + column_id[keep]
        groups, group = np.unique(pair, return_inverse=True)
        total_cells = groups // (column_id.max() + 1)
        model.add_sum(model.n(total_cells), model.n(members[keep]), group, 0, 0)
        share_total = ks[total_cells]
        member_share = share_total[group]
        _, regroup = np.unique(group[member_share], return_inverse=True)
        model.add_sum(
            model.k(total_cells[share_total]), model.k(members[keep][member_share]), regroup, 0, 0
        )
    # disjoint bands add up to at most band "all"
    band_key = ["level", "area_code", "year", "subgroup", "subgroup_value", "outcome"]
    all_rows = _index(table, [*band_key, "band"])
    for bands in DISJOINT_BANDS:
        keys = table.loc[cells.is_all_band, band_key]
        total = idx[cells.is_all_band]
        band_rows = [
            _lookup(all_rows, keys.assign(band=band)[[*band_key, "band"]]) for band in bands
        ]
        stacked = np.stack(band_rows, axis=1)
        rows, cols = np.nonzero(stacked >= 0)
        if rows.size == 0:
            continue
        member = stacked[rows, cols]
        present, group = np.unique(rows, return_inverse=True)
        tot = total[present]
        model.add_sum(model.n(tot), model.n(member), group, 0, _INF)
        if ks[tot].any():
            share_total = ks[tot]
            member_share = share_total[group]
            _, regroup = np.unique(group[member_share], return_inverse=True)
            kt, km = tot[share_total], member[member_share]
            model.add_sum(model.k(kt), model.k(km), regroup, 0, _INF)
            # pupils without the outcome: n - k
            r0 = np.arange(model.count, model.count + kt.size)
            model.rows += [r0, r0, r0[regroup], r0[regroup]]
            model.cols += [model.n(kt), model.k(kt), model.n(km), model.k(km)]
            model.vals += [
                np.ones(kt.size),
                -np.ones(kt.size),
                -np.ones(km.size),
                np.ones(km.size),
            ]
            model.lb.append(np.zeros(kt.size))
            model.ub.append(np.full(kt.size, _INF))
            model.owner.append(np.full(kt.size, -1, dtype=np.int64))
            model.count += kt.size
    # outcome twins
    twin_key = ["level", "area_code", "year", "subgroup", "subgroup_value", "band"]
    by_outcome = _index(table, [*twin_key, "outcome"])
    outcome = table["outcome"].astype(str).to_numpy()
    for first, second in SAME_PUPILS:
        rows = idx[outcome == first]
        other = _lookup(by_outcome, table.loc[rows, twin_key].assign(outcome=second))
        keep = other >= 0
        a, b = rows[keep], other[keep]
        model.add([(model.n(a), 1.0), (model.n(b), -1.0)], 0, 0, a.size)
        both = ks[a] & ks[b]
        a, b = a[both], b[both]
        model.add([(model.n(a), 1.0), (model.k(a), -1.0), (model.k(b), -1.0)], 0, _INF, a.size)
    for small, large in SUBSET_PUPILS:
        rows = idx[outcome == small]
        other = _lookup(by_outcome, table.loc[rows, twin_key].assign(outcome=large))
        keep = other >= 0
        a, b = rows[keep], other[keep]
        model.add([(model.n(b), 1.0), (model.n(a), -1.0)], 0, _INF, a.size)
    _cell_rules(model, cells, rules, use_reasons)
    return model, notes


def _cell_rules(model: _Model, cells: _Cells, rules: DisclosureRules, use_reasons: bool) -> None:
    """What each cell's own numbers, rules and reasons say about its n and k."""
    size = model.size
    idx = np.arange(size)
    pub, ks, is_all = cells.published, cells.share, cells.is_all_band
    # published shares: k / n within the precision of the mean
    mean = cells.mean
    h = _tolerance(mean, cells.half_step)
    rows = idx[pub & ks & np.isfinite(mean)]
    low_terms = [(model.k(rows), 1.0), (model.n(rows), -(mean[rows] - h[rows]))]
    high_terms = [(model.k(rows), 1.0), (model.n(rows), -(mean[rows] + h[rows]))]
    model.add(low_terms, 0, _INF, rows.size, owner=rows)
    model.add(high_terms, -_INF, 0, rows.size, owner=rows)
    minimum = np.where(is_all, rules.min_n_mean, rules.min_n_regression).astype(float)
    count = math.ceil(rules.min_share_count - 1e-9)
    rows = idx[pub & ks]
    # primary rules passed by every published cell (checked on the mean, k whole)
    model.lo[model.k(rows)] = np.maximum(model.lo[model.k(rows)], count)
    model.add([(model.n(rows), 1.0), (model.k(rows), -1.0)], count, _INF, rows.size, owner=rows)
    model.lo[idx[pub]] = np.maximum(model.lo[idx[pub]], minimum[pub])
    if not use_reasons:
        return
    known = set(SUPPRESSION_REASONS)
    for i in idx[~pub]:
        reasons = cells.reasons[i]
        if not reasons or not reasons <= known:
            continue
        n_var, k_var = int(model.n(i)), int(model.k(i))
        primary = reasons - {"complementary"}
        share = bool(ks[i])
        if not primary:
            model.lo[n_var] = max(model.lo[n_var], minimum[i])
            if share:
                model.lo[k_var] = max(model.lo[k_var], count)
                model.add([(np.array([n_var]), 1.0), (np.array([k_var]), -1.0)], count, _INF, 1)
            continue
        if is_all[i]:
            if "n_below_mean_minimum" in reasons:
                model.hi[n_var] = min(model.hi[n_var], rules.min_n_mean - 1)
            else:
                model.lo[n_var] = max(model.lo[n_var], rules.min_n_mean)
            if "not_estimable" in reasons:
                model.hi[n_var] = min(model.hi[n_var], 1)
            else:
                model.lo[n_var] = max(model.lo[n_var], 2)
        else:
            if "n_below_regression_minimum" in reasons:
                model.hi[n_var] = min(model.hi[n_var], rules.min_n_regression - 1)
            else:
                model.lo[n_var] = max(model.lo[n_var], rules.min_n_regression)
            if "not_estimable" not in reasons:
                model.lo[n_var] = max(model.lo[n_var], 3)
        if not share:
            continue
        # absent reasons: the mean passed (for bands the estimate too, not used here)
        if "few_with_outcome" not in reasons:
            model.lo[k_var] = max(model.lo[k_var], count)
        elif is_all[i]:
            model.hi[k_var] = min(model.hi[k_var], rules.min_share_count)
        if "few_without_outcome" not in reasons:
            model.add([(np.array([n_var]), 1.0), (np.array([k_var]), -1.0)], count, _INF, 1)
        elif is_all[i]:
            model.add(
                [(np.array([n_var]), 1.0), (np.array([k_var]), -1.0)],
                -_INF,
                rules.min_share_count,
                1,
            )
        if "zero_estimate" not in reasons:
            model.lo[k_var] = max(model.lo[k_var], 1)
        elif is_all[i] and rules.suppress_zero:
            model.hi[k_var] = 0


_HIGHS_LOCK = threading.Lock()


#: HiGHS's infinity (``highspy.kHighsInf``).
_HIGHS_INF = 1e30
_HIGHS_STARTED = False


def _highspy() -> Any:
    """The HiGHS module, loaded only when an audit runs (it takes 0.16 s to import)."""
    import highspy

    return highspy


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance (the first one of a process writes a banner to fd 1: hidden)."""
    global _HIGHS_STARTED
    highs: highspy.Highs
    with _HIGHS_LOCK:
        if _HIGHS_STARTED:
            highs = _highspy().Highs()
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                highs = _highspy().Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(devnull)
            _HIGHS_STARTED = True
    highs.setOptionValue("output_flag", False)
    return highs


#: HiGHS's ``simplex_strategy`` values.
_DUAL, _PRIMAL = 1, 4

#: Objectives of one cell start from the last basis (``benchmarks/bench_audit.py`` turns it off
#: to measure what it saves).
_WARM_STARTS = True


def _infinite(values: np.ndarray, sign: float) -> np.ndarray:
    return np.where(np.isfinite(values), values, sign * _HIGHS_INF).astype(np.float64)


def _highs_model(
    matrix: sparse.csr_matrix,
    lb: np.ndarray,
    ub: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> highspy.Highs:
    """``lb <= A x <= ub``, ``lo <= x <= hi`` loaded into HiGHS, kept for many objectives.

    Each new objective is solved by :meth:`_Solver._run`, from scratch with presolve.
    """
    highs = _new_highs()
    rows, size = matrix.shape
    csc = sparse.csc_matrix(matrix)
    csc.sort_indices()
    lp = _highspy().HighsLp()
    lp.num_col_ = size
    lp.num_row_ = rows
    lp.col_cost_ = np.zeros(size)
    lp.col_lower_ = _infinite(np.asarray(lo, dtype=np.float64), -1.0)
    lp.col_upper_ = _infinite(np.asarray(hi, dtype=np.float64), 1.0)
    lp.row_lower_ = _infinite(np.asarray(lb, dtype=np.float64), -1.0)
    lp.row_upper_ = _infinite(np.asarray(ub, dtype=np.float64), 1.0)
    lp.a_matrix_.format_ = _highspy().MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = size
    lp.a_matrix_.num_row_ = rows
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(np.float64)
    highs.passModel(lp)
    return highs


@dataclass
class _Solver:
    """Solves one connected part of the program for many objectives.

    The linear program is loaded into HiGHS once. An objective that pushes many cells at once
    (an exploration) is solved from scratch with presolve and the dual simplex: measured 3-10
    times faster than a warm start on the parts of 200,000 pupils, where such an objective
    moves the solution far. An objective of one cell (``warm=True``) starts the primal simplex
    from the last optimal basis, which stays feasible when only the objective changes: on a
    part of 200,000 pupils 0.01-0.1 s instead of 2-2.8 s from scratch (`benchmarks/
    bench_audit.py`). A warm run that does not end optimal or unbounded is solved again from
    scratch. Integer programs (``integer=True``) are solved by SciPy's HiGHS MILP.
    """

    matrix: sparse.csr_matrix
    lb: np.ndarray
    ub: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    integer: bool
    time_limit: float | None
    solves: int = 0
    _linear: highspy.Highs | None = field(default=None, repr=False)
    _optimal: bool = field(default=False, repr=False)

    def _run(
        self, highs: highspy.Highs, objective: np.ndarray, warm: bool
    ) -> highspy.HighsModelStatus:
        size = len(objective)
        highs.changeColsCost(
            size, np.arange(size, dtype=np.int32), np.asarray(objective, dtype=np.float64)
        )
        if warm:
            # the last optimal basis stays primal feasible: the primal simplex goes on from it
            highs.setOptionValue("simplex_strategy", _PRIMAL)
            highs.setOptionValue("presolve", "off")
        else:
            highs.setOptionValue("simplex_strategy", _DUAL)
            highs.setOptionValue("presolve", "on")
            highs.clearSolver()
        if self.time_limit is not None:
            # HiGHS's limit counts the instance's whole run time: allow this run its own
            highs.setOptionValue("time_limit", highs.getRunTime() + float(self.time_limit))
        highs.run()
        return highs.getModelStatus()

    def solve(
        self, objective: np.ndarray, integral: bool = False, warm: bool = False
    ) -> tuple[float, np.ndarray | None]:
        """Minimum of ``objective @ x`` and its x; ``-inf`` when unbounded, NaN when infeasible.

        ``warm``: start from the last optimal basis (for objectives of one cell; see the class).
        """
        self.solves += 1
        if integral:
            return self._solve_integral(objective)
        model_status = _highspy().HighsModelStatus
        if self._linear is None:
            self._linear = _highs_model(self.matrix, self.lb, self.ub, self.lo, self.hi)
            warm = False
        warm = warm and self._optimal and _WARM_STARTS
        status = self._run(self._linear, objective, warm)
        if warm and status not in (model_status.kOptimal, model_status.kUnbounded):
            status = self._run(self._linear, objective, False)
        self._optimal = status == model_status.kOptimal
        if status == _highspy().HighsModelStatus.kOptimal:
            value = float(self._linear.getInfo().objective_function_value)
            return value, np.asarray(self._linear.getSolution().col_value)
        if status == _highspy().HighsModelStatus.kUnbounded:
            return -_INF, None
        return math.nan, None  # infeasible, or out of time: the caller keeps a valid bound

    def duals(self) -> tuple[np.ndarray, np.ndarray]:
        """Column and row duals of the last linear program solved (zeros if none)."""
        if self._linear is None:
            return np.zeros(len(self.lo)), np.zeros(self.matrix.shape[0])
        solution = self._linear.getSolution()
        return np.asarray(solution.col_dual), np.asarray(solution.row_dual)

    def _solve_integral(self, objective: np.ndarray) -> tuple[float, np.ndarray | None]:
        options: dict[str, Any] = {"presolve": True}
        if self.time_limit is not None:
            options["time_limit"] = self.time_limit
        constraints = (
            [LinearConstraint(self.matrix, self.lb, self.ub)] if self.matrix.shape[0] else []
        )
        result = milp(
            objective,
            constraints=constraints,
            bounds=Bounds(self.lo, self.hi),
            integrality=np.ones(len(objective)),
            options=options,
        )
        if result.status == 0 and result.x is not None:
            return float(result.fun), np.asarray(result.x)
        if result.status == 3:
            return -_INF, None
        return math.nan, None  # infeasible or out of time: the caller keeps the relaxation's


def _propagate(
    matrix: sparse.csr_matrix,
    lb: np.ndarray,
    ub: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    rounds: int = 100,
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds of whole-number variables implied by the rows (feasibility-based tightening).

    Valid for every integer solution: each row bounds each of its variables by the row's
    bounds minus the extreme activity of its other variables, rounded inward, until nothing
    changes by a whole unit.
    """
    lo, hi = lo.copy(), hi.copy()
    coo = matrix.tocoo()
    row, col, a = coo.row, coo.col, coo.data
    m = matrix.shape[0]
    for _ in range(rounds):
        low_part = np.where(a > 0, a * lo[col], a * hi[col])
        high_part = np.where(a > 0, a * hi[col], a * lo[col])
        low_inf = ~np.isfinite(low_part)
        high_inf = ~np.isfinite(high_part)
        low_sum = np.bincount(row, np.where(low_inf, 0.0, low_part), minlength=m)
        high_sum = np.bincount(row, np.where(high_inf, 0.0, high_part), minlength=m)
        low_count = np.bincount(row, low_inf, minlength=m)
        high_count = np.bincount(row, high_inf, minlength=m)
        # activity of the other variables of the row
        others_low_inf = (low_count[row] - low_inf) > 0
        others_high_inf = (high_count[row] - high_inf) > 0
        others_low = np.where(
            others_low_inf, -_INF, low_sum[row] - np.where(low_inf, 0.0, low_part)
        )
        others_high = np.where(
            others_high_inf, _INF, high_sum[row] - np.where(high_inf, 0.0, high_part)
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            upper_term = (ub[row] - others_low) / a  # a x <= ub - others_low
            lower_term = (lb[row] - others_high) / a  # a x >= lb - others_high
        new_hi_val = np.where(a > 0, upper_term, lower_term)
        new_lo_val = np.where(a > 0, lower_term, upper_term)
        new_hi_val = np.where(np.isnan(new_hi_val), _INF, new_hi_val)
        new_lo_val = np.where(np.isnan(new_lo_val), -_INF, new_lo_val)
        new_hi = hi.copy()
        new_lo = lo.copy()
        np.minimum.at(new_hi, col, new_hi_val)
        np.maximum.at(new_lo, col, new_lo_val)
        new_hi = np.where(np.isfinite(new_hi), np.floor(new_hi + 1e-6), new_hi)
        new_lo = np.where(np.isfinite(new_lo), np.ceil(new_lo - 1e-6), new_lo)
        changed = (new_hi < hi - 0.5) | (new_lo > lo + 0.5)
        lo, hi = np.maximum(lo, new_lo), np.minimum(hi, new_hi)
        if not changed.any() or (lo > hi).any():
            break
    return lo, hi


def _integer_bounds(low: float, high: float) -> tuple[float, float]:
    lo = math.ceil(low - 1e-6) if math.isfinite(low) else low
    hi = math.floor(high + 1e-6) if math.isfinite(high) else high
    return float(lo), float(hi)


#: The quantities the audit bounds for each suppressed cell: n, k (pupils with the outcome) and
#: n - k (pupils without it); the last two for shares only.
QUANTITIES: tuple[str, ...] = ("n", "k", "without")


#: Per quantity: an interval that reaches 0 protects it whatever its width (an intruder who
#: cannot exclude that no pupil has the outcome, or that none lacks it, singles nobody out).
ZERO_PROTECTS = np.array([False, True, True])


#: Whole-number rounding of values from the linear programs allows this much numerical error.
_TOL = 1e-6


def _narrow(lo: np.ndarray, hi: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """Quantities (3 x cells) whose interval, rounded inward to whole numbers, is narrow.

    Narrow: narrower than the quantity's protected width (``widths``) and, where an interval
    reaching 0 protects (:data:`ZERO_PROTECTS`), away from 0. On valid (outer) bounds it means
    *pinned*. On the values seen in feasible solutions (inner) it means *not yet shown
    protected*: the rounded bounds of the program contain the rounded values seen
    (``ceil(min) <= ceil(seen_lo)`` and ``floor(max) >= floor(seen_hi)``), so a quantity whose
    rounded seen values are wide is wide.
    """
    with np.errstate(invalid="ignore"):
        low = np.ceil(lo - _TOL)
        high = np.floor(hi + _TOL)
        narrow = (high - low < widths[:, None]) & ~(ZERO_PROTECTS[:, None] & (low <= 0))
    return np.asarray(narrow, dtype=bool)


def _narrow_one(quantity: int, low: float, high: float, widths: np.ndarray) -> bool:
    """:func:`_narrow` for one quantity's interval."""
    column = np.full((len(QUANTITIES), 1), np.nan)
    lows, highs = column.copy(), column.copy()
    lows[quantity, 0], highs[quantity, 0] = low, high
    return bool(_narrow(lows, highs, widths)[quantity, 0])


def _pinned(
    bounds: Mapping[str, Any] | pd.DataFrame, share: np.ndarray, widths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Whether ``n`` and whether ``k`` or ``n - k`` is pinned, from reported bounds.

    ``bounds`` holds ``{quantity}_min`` and ``{quantity}_max`` per cell. Judged as the parts
    judge it (:func:`_narrow`): on whole numbers, so bounds seen at 93.0000001 and 102.9999999
    are the counts 93 to 103, 10 apart, not pinned.
    """
    narrow = _narrow(
        np.vstack([np.asarray(bounds[f"{name}_min"], dtype=np.float64) for name in QUANTITIES]),
        np.vstack([np.asarray(bounds[f"{name}_max"], dtype=np.float64) for name in QUANTITIES]),
        widths,
    )
    return narrow[0], share & (narrow[1] | narrow[2])


def _quantity_values(x: np.ndarray, targets: np.ndarray, size: int) -> np.ndarray:
    """``n``, ``k`` and ``n - k`` of the cells ``targets`` in the solution ``x`` (3 rows)."""
    n, k = x[targets], x[targets + size]
    return np.vstack([n, k, n - k])


#: Per quantity (:data:`QUANTITIES`): its coefficients on a cell's ``n`` and ``k``.
_COEFFICIENTS = ((1.0, 0.0), (0.0, 1.0), (1.0, -1.0))


def _set_objective(objective: np.ndarray, quantity: int, cell: int, size: int) -> None:
    """``objective`` becomes that of quantity ``quantity`` (:data:`QUANTITIES`) of ``cell``."""
    objective[:] = 0
    objective[cell], objective[cell + size] = _COEFFICIENTS[quantity]


def _explore(
    solver: _Solver,
    targets: np.ndarray,
    pending: np.ndarray,
    record: Callable[[np.ndarray | None], None],
    seen_lo: np.ndarray,
    seen_hi: np.ndarray,
    widths: np.ndarray,
    deadline: float,
    rounds: int = 60,
    min_gain: float = 0.1,
) -> None:
    """Feasible solutions that show as many quantities as possible *not* pinned (inner bounds).

    ``pending`` (3 x targets) marks the quantities still to decide. Each round solves one
    program whose objective pushes every cell with a pending quantity not yet shown wide in a
    random direction: ``n`` up or down when ``n`` or ``n - k`` is open, ``k`` up or down when
    ``k`` or ``n - k`` is open (so ``n - k`` moves when the two signs differ). Rounds stop when
    every pending quantity is shown wide, when a round shows fewer than ``min_gain`` of those
    still open wide (the rest are mostly pinned: proving that is cheaper, see
    :func:`_audit_part`), or at ``rounds``.
    """
    size = len(solver.lo) // 2
    rng = np.random.default_rng(0)
    objective = np.zeros(2 * size)
    for _ in range(rounds):
        open_ = pending & _narrow(seen_lo, seen_hi, widths)
        still = int(open_.sum())
        if still == 0 or time.perf_counter() > deadline:
            return
        push_n = open_[0] | open_[2]
        push_k = open_[1] | open_[2]
        objective[:] = 0
        objective[targets[push_n]] = rng.choice([-1.0, 1.0], size=int(push_n.sum()))
        objective[targets[push_k] + size] = rng.choice([-1.0, 1.0], size=int(push_k.sum()))
        record(solver.solve(objective)[1])
        after = int((pending & _narrow(seen_lo, seen_hi, widths)).sum())
        if still - after < min_gain * still:
            return


def _activity(
    matrix: sparse.csr_matrix, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The least and greatest value of each row of ``matrix @ x`` for ``lo <= x <= hi``."""
    positive = matrix.maximum(0).tocsr()
    negative = matrix.minimum(0).tocsr()
    finite_lo = np.where(np.isfinite(lo), lo, 0.0)
    finite_hi = np.where(np.isfinite(hi), hi, 0.0)
    low = positive @ finite_lo + negative @ finite_hi
    high = positive @ finite_hi + negative @ finite_lo
    lo_inf = (~np.isfinite(lo)).astype(np.float64)
    hi_inf = (~np.isfinite(hi)).astype(np.float64)
    low_unbounded = (abs(positive) @ lo_inf + abs(negative) @ hi_inf) > 0
    high_unbounded = (abs(positive) @ hi_inf + abs(negative) @ lo_inf) > 0
    return np.where(low_unbounded, -_INF, low), np.where(high_unbounded, _INF, high)


class _Neighbourhoods:
    """Small programs around one cell, whose bounds are valid for the whole part.

    The program of ``radius`` r around a cell keeps the cell's variables, every variable linked
    to them through at most r rows, and the rows among those variables, with the variables'
    bounds as given. Leaving out rows that reach further only widens what the program allows,
    so its minimum and maximum of a quantity are valid outer bounds of those of the whole
    part: a quantity it pins is pinned. Most pins come from a few relations around the cell,
    so a program of a few hundred variables proves in milliseconds what the whole part (tens of
    thousands of rows) proves in seconds.
    """

    def __init__(self, solver: _Solver) -> None:
        pattern = sparse.csr_matrix(solver.matrix != 0, dtype=np.float64)
        self.solver = solver
        self.rows_of = pattern
        self.vars_of = sparse.csr_matrix(pattern.T)
        self.size = len(solver.lo) // 2

    def _reach(self, cell: int, radius: int) -> np.ndarray:
        """1.0 for the variables linked to ``cell`` through at most ``radius`` rows."""
        inside = np.zeros(2 * self.size, dtype=np.float64)
        inside[[cell, cell + self.size]] = 1.0
        for _ in range(radius):
            touched = (self.rows_of @ inside) > 0
            inside = np.maximum(inside, (self.vars_of @ touched.astype(np.float64)) > 0)
        return inside

    def program(
        self, cell: int, radius: int, lo: np.ndarray, hi: np.ndarray, relax: bool = True
    ) -> tuple[_Solver, np.ndarray, np.ndarray] | None:
        """The program of ``radius`` around ``cell`` with variable bounds ``lo``, ``hi``.

        Rows among the neighbourhood's variables are kept as they are. With ``relax``, a row
        that also reaches variables outside is kept *relaxed*: the outside variables' share is
        replaced by the range their bounds allow, moved into the row's bounds (``lb - max <=
        inside <= ub - min``). Every solution of the whole part satisfies the relaxed row, so
        the program's bounds stay valid outer bounds, and tighter than with the row left out.
        Without ``relax`` such rows are left out: the duals then name only cells of the
        neighbourhood whose own numbers bind (what the protection's explanation needs).

        Returns the program, its variables and its rows (indices into the part's); None when
        it would hold more than :data:`_SMALL_SHARE` of the part's variables (the part's own
        warm solve then costs about as much).
        """
        inside = self._reach(cell, radius)
        variables = np.flatnonzero(inside)
        if variables.size > _SMALL_SHARE * 2 * self.size:
            return None
        rows = np.flatnonzero((self.rows_of @ inside) > 0)
        if not relax:
            rows = rows[(self.rows_of[rows] @ (1.0 - inside)) == 0]
        solver = self.solver
        near = solver.matrix[rows]
        outside = near[:, inside == 0]
        lb, ub = solver.lb[rows].copy(), solver.ub[rows].copy()
        if outside.nnz:
            out_lo, out_hi = lo[inside == 0], hi[inside == 0]
            low, high = _activity(outside, out_lo, out_hi)
            with np.errstate(invalid="ignore"):
                lb = lb - high
                ub = ub - low
            lb = np.where(np.isnan(lb), -_INF, lb)
            ub = np.where(np.isnan(ub), _INF, ub)
        useful = np.isfinite(lb) | np.isfinite(ub)
        rows, lb, ub = rows[useful], lb[useful], ub[useful]
        sub = _Solver(
            solver.matrix[rows][:, variables],
            lb,
            ub,
            lo[variables],
            hi[variables],
            False,
            solver.time_limit,
        )
        return sub, variables, rows

    def outside_cells(self, rows: np.ndarray, variables: np.ndarray) -> np.ndarray:
        """Cells of the variables of ``rows`` that are not among ``variables``.

        A relaxed row of :meth:`program` stands for the bounds of those variables.
        """
        touched = np.flatnonzero(np.asarray(self.rows_of[rows].sum(axis=0)).ravel() > 0)
        return np.setdiff1d(touched, variables) % self.size

    def inner(
        self, cell: int, radius: int, lo: np.ndarray, hi: np.ndarray, centre: np.ndarray
    ) -> tuple[_Solver, np.ndarray] | None:
        """The part with every variable farther than ``radius`` from ``cell`` fixed at ``centre``.

        ``centre`` is a feasible solution of the part. Every row that touches the variables
        near the cell is kept, with the fixed variables' share moved into its bounds, so every
        solution of this small program, completed with ``centre`` outside, is a feasible
        solution of the whole part: the values it reaches are *inner* bounds (a quantity it
        moves far enough is shown wide), the counterpart of :meth:`program`'s outer ones.
        Returns the program and its variables; None when it would hold more than
        :data:`_SMALL_SHARE` of the part's variables.
        """
        inside = self._reach(cell, radius)
        variables = np.flatnonzero(inside)
        if variables.size > _SMALL_SHARE * 2 * self.size:
            return None
        rows = np.flatnonzero((self.rows_of @ inside) > 0)
        outside = np.flatnonzero(inside == 0)
        solver = self.solver
        near = solver.matrix[rows]
        fixed = near[:, outside] @ centre[outside]
        with np.errstate(invalid="ignore"):
            sub = _Solver(
                near[:, variables],
                solver.lb[rows] - fixed,
                solver.ub[rows] - fixed,
                lo[variables],
                hi[variables],
                False,
                solver.time_limit,
            )
        return sub, variables

    def objective(self, variables: np.ndarray, cell: int, quantity: int) -> np.ndarray:
        """The objective of ``quantity`` of ``cell`` over the program's ``variables``."""
        objective = np.zeros(variables.size)
        n_at = int(np.searchsorted(variables, cell))
        k_at = int(np.searchsorted(variables, cell + self.size))
        objective[n_at], objective[k_at] = _COEFFICIENTS[quantity]
        return objective


def _min_max(solver: _Solver, objective: np.ndarray) -> tuple[float, float]:
    """The minimum and maximum of ``objective @ x`` (NaN where a program failed)."""
    low, _ = solver.solve(objective, warm=True)
    high, _ = solver.solve(-objective, warm=True)
    return low, -high


#: Radius of the small programs that try to show a quantity wide before any proves it pinned
#: (:meth:`_Neighbourhoods.inner`); 0 turns them off.
_INNER_RADIUS = 3


def _show_wide_locally(
    local: _Neighbourhoods,
    targets: np.ndarray,
    pending: np.ndarray,
    record: Callable[[np.ndarray | None], None],
    seen_lo: np.ndarray,
    seen_hi: np.ndarray,
    widths: np.ndarray,
    centre: np.ndarray,
    deadline: float,
) -> None:
    """Show pending quantities wide with small programs around their cells (inner bounds).

    Each program (:meth:`_Neighbourhoods.inner`) moves only the variables near the cell, the
    rest of the part held at ``centre``; its solutions, completed with ``centre``, are feasible
    for the whole part and are recorded like the explorations' (they show other cells nearby
    wide too). ``pending`` loses every quantity shown wide.
    """
    size = local.size
    solver = local.solver
    full = np.empty(2 * size)

    def still_narrow(j: int) -> np.ndarray:
        """Per quantity of target ``j``: not yet shown wide by the values seen."""
        return _narrow(seen_lo[:, j : j + 1], seen_hi[:, j : j + 1], widths)[:, 0]

    for j in np.flatnonzero(pending.any(axis=0)).tolist():
        if time.perf_counter() > deadline:
            return
        pending[:, j] &= still_narrow(j)
        if not pending[:, j].any():
            continue
        around = local.inner(int(targets[j]), _INNER_RADIUS, solver.lo, solver.hi, centre)
        if around is None:
            continue
        program, variables = around
        for q in np.flatnonzero(pending[:, j]).tolist():
            objective = local.objective(variables, int(targets[j]), q)
            for sense in (1.0, -1.0):
                _, y = program.solve(sense * objective, warm=True)
                if y is None:
                    break
                full[:] = centre
                full[variables] = y
                record(full)
                if not still_narrow(j)[q]:
                    break
        solver.solves += program.solves
        pending[:, j] &= still_narrow(j)
    pending &= _narrow(seen_lo, seen_hi, widths)


#: Radii of the small programs that try to prove a quantity pinned before the whole part does.
_RADII = (2, 3)

#: A program around a cell is solved only when it has at most this share of the part's
#: variables: a larger one costs nearly what the part's warm solve costs, and proves less.
#: Measured (load 1-3): the protection of 20,000 pupils in 10 buurten took 19-22 s with every
#: radius-3 program, 8-10 s with none and 7.5-7.8 s with this limit (0.25 the same, 0.4
#: 14-15 s); a part of 200,000 pupils (6,372 variables, radius-3 programs of about 1,000) keeps
#: every radius-3 program (33-37 s; 55 s without them, 39 s with 0.25).
_SMALL_SHARE = 0.3


def _audit_part(
    solver: _Solver,
    targets: np.ndarray,
    share_of: np.ndarray,
    exact: bool,
    widths: np.ndarray,
    integer: bool,
    deadline: float = _INF,
    start: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Intervals of n, k and n - k of the suppressed cells ``targets`` (indices into the part).

    ``widths`` holds the protected width of each quantity (:data:`QUANTITIES`). Outside
    ``exact`` mode a quantity's bounds are solved for on the whole part only when cheaper means
    cannot decide whether it is pinned, in this order:

    1. the propagated bounds (valid, outer) pin it;
    2. feasible solutions found by :func:`_explore` (inner) show it wide;
    3. a small program around the cell with the rest held at their mean
       (:func:`_show_wide_locally`, inner) shows it wide;
    4. a small program around the cell (:class:`_Neighbourhoods`, outer) pins it;
    5. a second exploration, pushing only the quantities still undecided, shows it wide.

    ``start``, a feasible point of the part (from an audit of the same table with fewer cells
    suppressed), replaces the first exploration when it satisfies every row and bound: the
    small programs of step 3 then move around it. The result also holds ``proof`` (3 x
    targets): 1 where the propagated bounds pinned the quantity, ``2 + radius`` where a small
    program did, 0 otherwise; and ``centre``, the mean of the solutions found (empty if none).
    """
    size = len(solver.lo) // 2
    count = targets.size
    out = {
        f"{name}_{end}": np.full(count, np.nan)
        for name in (*QUANTITIES, "share")
        for end in ("min", "max")
    }
    flags = {f"{name}_exact": np.zeros(count, dtype=bool) for name in QUANTITIES}
    flags["checked"] = np.ones(count, dtype=bool)
    outer_lo, outer_hi = _propagate(solver.matrix, solver.lb, solver.ub, solver.lo, solver.hi)
    if (outer_lo > outer_hi).any():
        raise ValueError("the published table contradicts itself: no counts fit all its numbers")
    solver.lo, solver.hi = outer_lo, outer_hi
    is_share = share_of[targets]
    applies = np.vstack([np.ones(count, dtype=bool), is_share, is_share])
    # valid outer bounds of each quantity, and where a valid bound tighter than them is known
    outer = np.empty((2, 3, count))
    outer[0, 0], outer[1, 0] = outer_lo[targets], outer_hi[targets]
    outer[0, 1], outer[1, 1] = outer_lo[targets + size], outer_hi[targets + size]
    outer[0, 2] = np.maximum(outer_lo[targets] - outer_hi[targets + size], 0.0)
    outer[1, 2] = outer_hi[targets] - outer_lo[targets + size]
    proof = np.zeros((3, count), dtype=np.int64)
    seen_lo = np.full((3, count), _INF)
    seen_hi = np.full((3, count), -_INF)

    # the mean of the part's solutions found: feasible (the program is convex), and away from
    # the vertices, so the rows around a cell have room to move (see _Neighbourhoods.inner)
    centre = np.zeros(2 * size)
    found = [0]

    def record(x: np.ndarray | None) -> None:
        if x is None:
            return
        values = _quantity_values(x, targets, size)
        np.minimum(seen_lo, values, out=seen_lo)
        np.maximum(seen_hi, values, out=seen_hi)
        if x.size == centre.size:
            found[0] += 1
            centre[:] += (x - centre) / found[0]

    def settle(q: int, j: int, low: float, high: float) -> None:
        name = QUANTITIES[q]
        out[f"{name}_min"][j], out[f"{name}_max"][j] = low, high

    pending = applies.copy()
    if not exact:
        pinned = pending & _narrow(outer[0], outer[1], widths)
        proof[pinned] = 1
        pending &= ~pinned
        if start is not None and _feasible(solver, start):
            record(start)
        else:
            _explore(solver, targets, pending, record, seen_lo, seen_hi, widths, deadline)
        pending &= _narrow(seen_lo, seen_hi, widths)
        local = _Neighbourhoods(solver)
        if found[0] and _INNER_RADIUS:
            _show_wide_locally(
                local, targets, pending, record, seen_lo, seen_hi, widths, centre, deadline
            )
        for radius in _RADII:
            for j in np.flatnonzero(pending.any(axis=0)).tolist():
                if time.perf_counter() > deadline:
                    break
                around = local.program(int(targets[j]), radius, outer_lo, outer_hi)
                if around is None:
                    continue  # hardly smaller than the part: its warm solve decides instead
                program, variables, _ = around
                for q in np.flatnonzero(pending[:, j]).tolist():
                    objective = local.objective(variables, int(targets[j]), q)
                    low, high = _min_max(program, objective)
                    if math.isnan(low) or math.isnan(high):
                        continue
                    low, high = max(low, outer[0, q, j]), min(high, outer[1, q, j])
                    if _narrow_one(q, low, high, widths):
                        outer[0, q, j], outer[1, q, j] = _integer_bounds(low, high)
                        proof[q, j] = 2 + radius
                        pending[q, j] = False
                solver.solves += program.solves
        _explore(solver, targets, pending, record, seen_lo, seen_hi, widths, deadline)
        pending &= _narrow(seen_lo, seen_hi, widths)
        shown = applies & (proof == 0) & ~pending
        for q, j in np.argwhere(shown).tolist():
            settle(q, j, seen_lo[q, j], seen_hi[q, j])  # at least this wide
        for q, j in np.argwhere(proof).tolist():
            settle(q, j, outer[0, q, j], outer[1, q, j])  # valid bounds that pin it
    objective = np.zeros(2 * size)
    for j, cell in enumerate(targets.tolist()):
        for q in np.flatnonzero(pending[:, j]).tolist():
            if time.perf_counter() > deadline:
                # out of time: valid bounds, but whether the cell is pinned is not known
                settle(q, j, outer[0, q, j], outer[1, q, j])
                flags["checked"][j] = False
                continue
            _set_objective(objective, q, cell, size)
            bounds = []
            for sense in (1.0, -1.0):
                attained = seen_lo[q, j] if sense > 0 else seen_hi[q, j]
                known = outer[0, q, j] if sense > 0 else outer[1, q, j]
                if not integer and abs(attained - known) < 1e-9:
                    bounds.append(known)  # a solution found already reaches the valid bound
                    continue
                value, x = solver.solve(sense * objective, warm=True)
                record(x)
                bound = sense * value
                if integer and math.isfinite(bound):
                    exact_value, _ = solver.solve(sense * objective, integral=True)
                    if math.isfinite(exact_value):
                        bound = sense * exact_value
                bounds.append(bound)
                if (
                    not exact
                    and not _narrow(seen_lo[:, j : j + 1], seen_hi[:, j : j + 1], widths)[q, 0]
                ):
                    break  # the solution of the first program already shows it protected
            if len(bounds) < 2:
                settle(q, j, seen_lo[q, j], seen_hi[q, j])
                continue
            low, high = _integer_bounds(bounds[0], bounds[1])
            # a program that failed (out of time) leaves the valid outer bound
            low = max(low, outer[0, q, j]) if math.isfinite(low) else outer[0, q, j]
            high = min(high, outer[1, q, j]) if not math.isnan(high) else outer[1, q, j]
            settle(q, j, low, high)
            flags[f"{QUANTITIES[q]}_exact"][j] = True
            outer[0, q, j], outer[1, q, j] = low, high
    # valid outer bounds of each share from those of n and k (solved, proved or propagated)
    n_low, n_high, k_low, k_high = outer[0, 0], outer[1, 0], outer[0, 1], outer[1, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        share_min = np.where((n_high > 0) & np.isfinite(n_high), k_low / n_high, 0.0)
        share_max = np.where(n_low > 0, np.minimum(1.0, k_high / n_low), 1.0)
    out["share_min"] = np.where(is_share, share_min, np.nan)
    out["share_max"] = np.where(is_share, share_max, np.nan)
    return {**out, **flags, "proof": proof, "centre": centre if found[0] else np.empty(0)}


def _feasible(solver: _Solver, x: np.ndarray, tolerance: float = 1e-6) -> bool:
    """Whether ``x`` satisfies every row and variable bound of ``solver`` (within tolerance)."""
    if x.shape != solver.lo.shape or not np.isfinite(x).all():
        return False
    activity = solver.matrix @ x
    slack = tolerance * (1.0 + np.abs(activity))
    return bool(
        (activity >= solver.lb - slack).all()
        and (activity <= solver.ub + slack).all()
        and (x >= solver.lo - tolerance * (1.0 + np.abs(x))).all()
        and (x <= solver.hi + tolerance * (1.0 + np.abs(x))).all()
    )


def _binding(
    solver: _Solver,
    objective: np.ndarray,
    widths: np.ndarray,
    quantity: int,
    variables: np.ndarray,
    rows: np.ndarray,
    size: int,
    owners: np.ndarray,
    require_pin: bool = True,
    local: _Neighbourhoods | None = None,
) -> np.ndarray | None:
    """Part cells whose bounds or stated numbers bind a quantity the program pins.

    None when a program fails, or, with ``require_pin``, when the program does not pin the
    quantity. ``variables`` and ``rows`` map the program's columns and rows to the part's.
    With ``local`` (a program of :meth:`_Neighbourhoods.program`), a binding row that reaches
    outside the program names the cells outside too: their bounds stand in it.
    """
    found: list[np.ndarray] = []
    bounds = []
    for sense in (1.0, -1.0):
        value, _ = solver.solve(sense * objective, warm=True)
        if not math.isfinite(value):
            return None
        bounds.append(sense * value)
        col_dual, row_dual = solver.duals()
        found.append(variables[np.abs(col_dual) > 1e-9] % size)
        binding_rows = rows[np.abs(row_dual) > 1e-9]
        stated = owners[binding_rows]
        found.append(stated[stated >= 0])
        if local is not None and binding_rows.size:
            found.append(local.outside_cells(binding_rows, variables))
    if require_pin and not _narrow_one(quantity, bounds[0], bounds[1], widths):
        return None
    return np.unique(np.concatenate(found)).astype(np.int64)


def _explain(
    original: _Solver,
    propagated: tuple[np.ndarray, np.ndarray],
    targets: np.ndarray,
    result: Mapping[str, np.ndarray],
    widths: np.ndarray,
    part_cells: np.ndarray,
    owners: np.ndarray,
    published: np.ndarray,
) -> dict[int, tuple[int, ...]]:
    """Per pinned target (table row), the published cells (table rows) that bind its bounds.

    Solves the minimum and maximum of each pinned quantity and reads the duals: a published
    cell binds when a bound of its ``n`` or ``k`` or a row stating its numbers has a nonzero
    dual. It tries first the small programs around the cell (:class:`_Neighbourhoods`) with
    the cell's own bounds as the table gives them and the others' propagated; then, when
    those name no published cell, the whole part with the table's own bounds (the propagated
    ones would hide where a bound comes from). ``owners`` maps the part's rows to part cells
    (-1 for a relation).
    """
    size = len(original.lo) // 2
    local = _Neighbourhoods(original)
    found: dict[int, tuple[int, ...]] = {}
    objective = np.zeros(2 * size)
    all_rows = np.arange(original.matrix.shape[0])
    all_variables = np.arange(2 * size)
    for j, cell in enumerate(targets):
        cells: set[int] = set()
        for q, name in enumerate(QUANTITIES):
            low, high = result[f"{name}_min"][j], result[f"{name}_max"][j]
            if np.isnan(low) or not _narrow_one(q, low, high, widths):
                continue
            binding: np.ndarray | None = None
            for radius in _RADII:
                lo, hi = propagated[0].copy(), propagated[1].copy()
                own = [int(cell), int(cell) + size]
                lo[own], hi[own] = original.lo[own], original.hi[own]
                around = local.program(int(cell), radius, lo, hi, relax=False)
                if around is None:
                    break  # larger radii are larger still: the whole part explains it
                program, variables, rows = around
                objective_here = local.objective(variables, int(cell), q)
                binding = _binding(
                    program, objective_here, widths, q, variables, rows, size, owners
                )
                original.solves += program.solves
                if binding is not None and published[part_cells[binding]].any():
                    break
                binding = None
            if binding is None:
                _set_objective(objective, q, int(cell), size)
                binding = _binding(
                    original,
                    objective,
                    widths,
                    q,
                    all_variables,
                    all_rows,
                    size,
                    owners,
                    require_pin=False,
                )
            if binding is None:
                continue
            chosen = part_cells[binding]
            cells.update(int(c) for c in chosen[published[chosen]])
        if cells:
            found[int(part_cells[cell])] = tuple(sorted(cells))
    return found


def audit_published(
    table: pd.DataFrame,
    *,
    hierarchy: pd.DataFrame | None = None,
    rules: DisclosureRules | None = None,
    rounding_base: int | None = None,
    use_derived_n: bool = True,
    use_reasons: bool = True,
    exact: bool = False,
    integer: bool = False,
    min_n_width: int = 10,
    min_k_width: int | None = None,
    time_limit: float | None = 60.0,
    budget: float | None = None,
    explain: bool = False,
    check: Sequence[int] | np.ndarray | None = None,
    workers: int | None = None,
    start: np.ndarray | None = None,
) -> Audit:
    """Audit a published table as an intruder would (see the module documentation).

    Parameters
    ----------
    table : pandas.DataFrame
        A published table (:data:`kansen.opportunity.PUBLISHED_COLUMNS`; at least the key
        columns, ``published`` and ``n``; every other number that is present is used).
    hierarchy : pandas.DataFrame, optional
        Public area links beyond ``parent_code``: ``level``, ``area_code``, ``parent_level``,
        ``parent_code`` and optionally ``year``; the children listed for a parent must make up
        all of it (e.g. every buurt of a pc4 area that lies wholly in it, when the pc4 area is
        such a union).
    rules : DisclosureRules, optional
        The rules the table was made with (public); default those :func:`read_published`
        found in the file, else the method's.
    rounding_base : int, optional
        Default ``rules.rounding_base``.
    use_derived_n : bool, default True
        Feed the counts derived from published cells into the linear program (as an intruder
        would).
    use_reasons : bool, default True
        Use detailed suppression reasons when the table has them.
    exact : bool, default False
        Solve every bound of every suppressed cell (slower); else see "Speed".
    integer : bool, default False
        Bounds of n and k from the integer program where solved (attained); else the
        relaxation's (valid).
    min_n_width : int, default 10
        A suppressed n known within a narrower interval counts as pinned.
    min_k_width : int, optional
        A suppressed share whose count with the outcome (``k``) or without it (``n - k``) is
        known within a narrower interval counts as pinned; default the rules'
        ``min_share_count`` (the count the primary rule protects), rounded up.
    time_limit : float, optional
        Seconds per linear program.
    budget : float, optional
        Seconds for the whole audit. Once spent, no more programs are solved: a cell that the
        cheap bounds showed pinned is still reported, the others that were not decided yet have
        ``checked`` False (their bounds are valid, but they may be pinned) and count in
        :attr:`Audit.unchecked`.
    explain : bool, default False
        For each pinned cell, also list the published cells whose numbers bind its bounds
        (column ``binding``: table rows; from the duals of the programs that pin it). The
        protection of :func:`kansen.opportunity.estimate_opportunity` suppresses among them.
    check : sequence of int, optional
        Audit only these suppressed cells (table rows); ``suppressed`` then holds only them.
        The protection uses it after suppressing more cells: that only removes constraints,
        so every cell shown wide before stays wide.
    workers : int, optional
        Connected parts audited side by side (threads); default the processor cores this
        process may use. The result is the same for any number.
    start : numpy.ndarray, optional
        :attr:`Audit.solution` of an audit of the same table with fewer cells suppressed: a
        feasible point to start from instead of a first exploration (used only where it
        satisfies every relation of this table; faster, same guarantee).

    Returns
    -------
    Audit
    """
    started = time.perf_counter()
    stated = table.attrs.get("disclosure")
    rules = rules or (stated if isinstance(stated, DisclosureRules) else DisclosureRules())
    base = rounding_base or rules.rounding_base
    cells = _cells(table)
    size = len(cells.table)
    cand, fits = _candidate_counts(cells, base)
    n_candidates = fits.sum(axis=1)
    with np.errstate(invalid="ignore"):
        fit_low = np.where(fits, cand, np.inf).min(axis=1)
        fit_high = np.where(fits, cand, -np.inf).max(axis=1)
    window_low = np.where(np.isfinite(cells.n), cells.n - base // 2, 0)
    window_high = np.where(np.isfinite(cells.n), cells.n - base // 2 + base - 1, _INF)
    n_lo = np.where(cells.published, np.maximum(window_low, 0), 0.0)
    n_hi = np.where(cells.published, window_high, _INF)
    if use_derived_n:
        derived = cells.published & (n_candidates >= 1)
        n_lo = np.where(derived, fit_low, n_lo)
        n_hi = np.where(derived, fit_high, n_hi)
    model, notes = _build(cells, rules, base, (n_lo, n_hi), hierarchy, use_reasons)
    matrix, lb, ub = model.matrix()
    owners = model.owners()
    binding: dict[int, tuple[int, ...]] = {}
    keys = cells.table[list(KEY_COLUMNS)]
    published_frame = _published_frame(cells, cand, fits)

    if min_k_width is None:
        min_k_width = max(1, math.ceil(rules.min_share_count))
    widths = np.array([min_n_width, min_k_width, min_k_width], dtype=np.float64)
    hidden = np.flatnonzero(~cells.published)
    if check is not None:
        hidden = np.intersect1d(hidden, np.asarray(check, dtype=np.int64))
    columns: dict[str, np.ndarray] = {
        f"{name}_{end}": np.full(hidden.size, np.nan)
        for name in (*QUANTITIES, "share")
        for end in ("min", "max")
    }
    columns.update({f"{name}_exact": np.zeros(hidden.size, dtype=bool) for name in QUANTITIES})
    columns["checked"] = np.ones(hidden.size, dtype=bool)
    deadline = started + budget if budget is not None else _INF
    solves = 0
    solution = np.full(2 * size, np.nan)
    if hidden.size:
        # connected parts: variables linked by a constraint
        graph = sparse.csr_matrix(matrix.T @ matrix != 0) if matrix.shape[0] else None
        if graph is not None:
            _, label = connected_components(graph, directed=False)
        else:
            label = np.arange(2 * size)
        cell_label = label[:size]
        position = {cell: j for j, cell in enumerate(hidden)}

        def audit_part(part: int) -> tuple[np.ndarray, dict[str, np.ndarray], int]:
            part_vars = np.flatnonzero(label == part)
            # the part's cells: n and k variables of the same cells are in one part (k <= n)
            part_cells = part_vars[part_vars < size]
            variables = np.concatenate([part_cells, part_cells + size])
            local = {cell: j for j, cell in enumerate(part_cells)}
            row_mask = np.asarray(abs(matrix[:, variables]).sum(axis=1)).ravel() > 0
            solver = _Solver(
                matrix[row_mask][:, variables],
                lb[row_mask],
                ub[row_mask],
                model.lo[variables],
                model.hi[variables],
                integer,
                time_limit,
            )
            targets_global = part_cells[np.isin(part_cells, hidden)]
            targets = np.array([local[c] for c in targets_global], dtype=np.int64)
            result = _audit_part(
                solver,
                targets,
                cells.share[part_cells],
                exact,
                widths,
                integer,
                deadline,
                start=None if start is None else start[variables],
            )
            result.pop("proof")
            centre = result.pop("centre")
            if centre.size:
                solution[variables] = centre  # parts share no variable
            part_solves = solver.solves
            if explain:
                original = _Solver(
                    solver.matrix,
                    solver.lb,
                    solver.ub,
                    model.lo[variables],
                    model.hi[variables],
                    False,
                    time_limit,
                )
                # the rows' owners as cells of the part (-1: a relation, or outside the part)
                part_owners = owners[row_mask]
                stated = np.isin(part_owners, part_cells)
                local_owners = np.full(part_owners.size, -1, dtype=np.int64)
                local_owners[stated] = np.searchsorted(part_cells, part_owners[stated])
                binding.update(
                    _explain(
                        original,
                        (solver.lo, solver.hi),
                        targets,
                        result,
                        widths,
                        part_cells,
                        local_owners,
                        cells.published,
                    )
                )
                part_solves += original.solves
            return targets_global, result, part_solves

        parts = np.unique(cell_label[hidden]).tolist()
        threads = max(1, min(len(parts), workers if workers is not None else cores()))
        # HiGHS releases the GIL while it solves: parts run side by side, each on its own
        # solver; the results do not depend on the order in which parts finish.
        with ThreadPoolExecutor(max_workers=threads) as pool:
            futures = [pool.submit(audit_part, part) for part in parts]
            try:
                for future in futures:
                    targets_global, result, part_solves = future.result()
                    solves += part_solves
                    where = np.array([position[c] for c in targets_global], dtype=np.int64)
                    for name, values in result.items():
                        columns[name][where] = values
            finally:
                for future in futures:
                    future.cancel()  # after an error (or an interrupt) start no further part
    frame = keys.iloc[hidden].copy()
    frame.insert(0, "row", hidden)
    for name, values in columns.items():
        frame[name] = values
    share_hidden = cells.share[hidden]
    frame.loc[
        ~share_hidden, ["k_min", "k_max", "without_min", "without_max", "share_min", "share_max"]
    ] = np.nan
    frame["n_pinned"], frame["k_pinned"] = _pinned(frame, share_hidden, widths)
    if explain:
        frame["binding"] = [binding.get(int(row), ()) for row in frame["row"]]
    return Audit(
        suppressed=frame.reset_index(drop=True),
        published=published_frame,
        min_n_width=min_n_width,
        min_k_width=min_k_width,
        seconds=time.perf_counter() - started,
        solves=solves,
        notes=tuple(notes),
        solution=solution,
    )


def hierarchy_from_pupils(
    pupils: pd.DataFrame, child: str = "buurt", parent: str = "pc4"
) -> pd.DataFrame:
    """The public links of ``child`` areas to the ``parent`` areas that are unions of them.

    A parent area is kept only when every child area in it lies wholly in it (per year), which
    is what the public register of buurten and postcodes shows; for tests and analysts.

    Examples
    --------
    >>> pupils = pd.DataFrame({"year": [1, 1, 1], "buurt": ["a", "b", "c"],
    ...                        "pc4": ["1", "1", "2"]})
    >>> hierarchy_from_pupils(pupils)[["area_code", "parent_code"]].to_numpy().tolist()
    [['a', '1'], ['b', '1'], ['c', '2']]
    """
    pairs = pupils[["year", child, parent]].drop_duplicates().astype({child: str, parent: str})
    spread = pairs.groupby(["year", child])[parent].transform("nunique")
    split_parents = set(
        map(tuple, pairs.loc[spread > 1, ["year", parent]].astype(str).to_numpy().tolist())
    )
    keep = [
        (str(y), p) not in split_parents for y, p in zip(pairs["year"], pairs[parent], strict=True)
    ]
    pairs = pairs[np.array(keep, dtype=bool)]
    return pd.DataFrame(
        {
            "year": pairs["year"].to_numpy(),
            "level": child,
            "area_code": pairs[child].to_numpy(),
            "parent_level": parent,
            "parent_code": pairs[parent].to_numpy(),
        }
    ).reset_index(drop=True)
