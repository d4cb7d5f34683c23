"""Disclosure control: which cells may be published, and what is guaranteed.

A *cell* is one (year, level, area, subgroup value, band, outcome). Suppression works per cell;
a suppressed cell publishes no number at all (no n, mean, estimate, interval, slope or shrunk
estimate), only ``status = "onvoldoende waarnemingen"`` and its reasons.

Primary suppression (the method's rules, thresholds in :class:`DisclosureRules`)
--------------------------------------------------------------------------------
``n_below_mean_minimum``
    band "all" (a mean) with ``n < min_n_mean`` (11);
``n_below_regression_minimum``
    the five income bands (a regression) with ``n < min_n_regression`` (12);
``few_with_outcome`` / ``few_without_outcome``
    0/1 outcomes only: ``est * n < min_share_count`` or ``(1 - est) * n < min_share_count``
    (10), checked for both published values of the cell, the band's share (``mean``) and the
    estimate (the prediction at the band's point, or the mean for "all"); a prediction below 0
    or above 1 therefore always suppresses;
``zero_estimate``
    the mean or the estimate is exactly 0;
``not_estimable``
    no estimate or interval can be computed (fewer than 3 pupils, or no spread in rank).

In a published cell ``n`` is rounded to the nearest multiple of ``rounding_base`` (10), halves
up. The slope of band "all" is only published when ``n >= min_n_regression``.

Secondary (complementary) suppression
-------------------------------------
Cells that add up are grouped: a *group* is a total and the cells that partition it, for the
same year, band and outcome:

* geography: the areas of one level inside one published parent area (buurten of a wijk, wijken
  of a gemeente, pc4 of a gemeente when every pc4 lies in one gemeente); the top level (and pc4
  when it does not nest) is grouped under the *root*, all pupils of the year, which is treated
  as published even though it is not a cell (it can usually be found elsewhere);
* subgroups: the values of one subgroup column (empty values form the value ``"unknown"``, so
  the values partition the pupils) inside the cell of all pupils of the same area.

Rule: whenever a group has exactly one suppressed part and its total is published, one more part
is suppressed (the published part with the fewest pupils, ties by order); when there is no other
part, the total itself is suppressed (it equals the part). Suppressing a cell can break another
group, so the rule is repeated until no group changes. Cells suppressed this way carry the reason
``complementary``.

What is guaranteed
------------------
* No published cell breaks a primary rule.
* No suppressed cell is the only suppressed part of a group whose total is published: nothing
  suppressed follows from *one* total minus its other published parts, along geography or
  along subgroups. (The one exception: a root with a single part, such as a gemeente that holds
  all pupils; the root is not published by this package.)
* Published counts are rounded; suppressed cells publish no count.
* Shrunk estimates are functions of published numbers only (see :mod:`._shrinkage`) and add no
  disclosure risk.

What is not guaranteed
----------------------
* Protection against combining several groups (linear programming over many totals: an
  "audit" as in tau-ARGUS), across levels that do not nest (buurten against pc4 areas), or
  against bounds: two suppressed parts of a group are known together, and when one is much
  larger than the other, the small one may be narrowed down.
* Bands overlap and leave gaps, so they do not add up to "all"; no rule links the bands of an
  area, and none links years or outcomes.
* The exact n of a published share can be worked out from its mean and interval
  (``se**2 = p (1 - p) / (n - 1)``): the rounding of n protects the count as printed, not as
  derived. Set ``decimals`` to publish rounded estimates when that matters.
* Disclosure control is per run: publishing two runs with different settings, levels or pupils
  may reveal what one run suppresses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._estimates import CellTable
from ._schema import ALL, AREA_LEVELS

#: What each suppression reason means.
SUPPRESSION_REASONS: dict[str, str] = {
    "n_below_mean_minimum": "fewer pupils than a mean needs",
    "n_below_regression_minimum": "fewer pupils than a regression estimate needs",
    "few_with_outcome": "too few pupils with the outcome (estimate x n below the minimum)",
    "few_without_outcome": "too few pupils without the outcome ((1 - estimate) x n below it)",
    "zero_estimate": "the estimate is exactly 0",
    "not_estimable": "the estimate or its interval cannot be computed",
    "complementary": "suppressed so that another suppressed cell cannot be derived from a total",
}
_BIT = {code: bit for bit, code in enumerate(SUPPRESSION_REASONS)}
#: Status of a suppressed cell, as the method prescribes.
SUPPRESSED_STATUS = "onvoldoende waarnemingen"
PUBLISHED_STATUS = "ok"


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds of the disclosure rules (defaults: the method's, after Statistics Netherlands).

    Attributes
    ----------
    min_n_mean : int, default 11
        Fewest pupils for a mean (band "all").
    min_n_regression : int, default 12
        Fewest pupils for a regression estimate (the five income bands).
    min_share_count : float, default 10
        A share is suppressed when ``est * n`` or ``(1 - est) * n`` is below this.
    suppress_zero : bool, default True
        Suppress estimates of exactly 0.
    rounding_base : int, default 10
        Published counts are rounded to the nearest multiple of this.
    complementary : bool, default True
        Apply complementary suppression (switch off only for analysis, never for publication).
    decimals : int or None, default None
        Round published means, estimates, intervals and slopes to this many decimals.

    Examples
    --------
    >>> DisclosureRules(min_n_mean=20, min_n_regression=20).min_n_regression
    20
    """

    min_n_mean: int = 11
    min_n_regression: int = 12
    min_share_count: float = 10.0
    suppress_zero: bool = True
    rounding_base: int = 10
    complementary: bool = True
    decimals: int | None = None

    def __post_init__(self) -> None:
        for name in ("min_n_mean", "min_n_regression", "rounding_base"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")
        if self.min_share_count < 0:
            raise ValueError(f"min_share_count must be >= 0, not {self.min_share_count!r}")
        if self.decimals is not None and self.decimals < 0:
            raise ValueError(f"decimals must be None or >= 0, not {self.decimals!r}")


def round_count(n: pd.Series | np.ndarray, base: int) -> np.ndarray:
    """Round counts to the nearest multiple of ``base``, halves up (15 -> 20, 14 -> 10).

    Examples
    --------
    >>> round_count(np.array([4, 5, 14, 15, 1234]), 10).tolist()
    [0, 10, 10, 20, 1230]
    """
    values = np.asarray(n, dtype=np.int64)
    return ((values + base // 2) // base * base).astype(np.int64)


def primary_reasons(table: CellTable, rules: DisclosureRules) -> np.ndarray:
    """The primary suppression reasons of every cell, as bit flags (bit i: reason i).

    Parameters
    ----------
    table : CellTable
        Estimates per cell (:func:`._estimates.estimate_cells`).
    rules : DisclosureRules
        The thresholds.

    Returns
    -------
    numpy.ndarray of int64
        Bit ``i`` set when reason ``i`` of :data:`SUPPRESSION_REASONS` applies; 0 when none.
    """
    cells = table.cells
    slice_id = cells["slice_id"].to_numpy()
    n = cells["n"].to_numpy(dtype=np.float64)
    is_all = table.slices["band"].to_numpy()[slice_id] == ALL
    share = table.slices["outcome_kind"].to_numpy()[slice_id] == "share"
    values = (
        cells["mean"].to_numpy(dtype=np.float64),
        cells["estimate"].to_numpy(dtype=np.float64),
    )
    with np.errstate(invalid="ignore"):
        flags = {
            "n_below_mean_minimum": is_all & (n < rules.min_n_mean),
            "n_below_regression_minimum": ~is_all & (n < rules.min_n_regression),
            "few_with_outcome": share
            & np.logical_or.reduce([v * n < rules.min_share_count for v in values]),
            "few_without_outcome": share
            & np.logical_or.reduce([(1 - v) * n < rules.min_share_count for v in values]),
            "zero_estimate": np.logical_or.reduce([v == 0 for v in values]) & rules.suppress_zero,
            "not_estimable": ~np.isfinite(values[1])
            | ~np.isfinite(cells["ci_low"].to_numpy(dtype=np.float64)),
        }
    bits = np.zeros(len(cells), dtype=np.int64)
    for code, flag in flags.items():
        bits |= flag.astype(np.int64) << _BIT[code]
    return bits


def reason_text(bits: np.ndarray) -> np.ndarray:
    """Reason codes separated by ";" for each cell's bit flags ("" for none)."""
    unique, inverse = np.unique(bits, return_inverse=True)
    texts = np.array(
        [";".join(code for code, bit in _BIT.items() if value >> bit & 1) for value in unique],
        dtype=object,
    )
    return texts[inverse]


@dataclass(frozen=True)
class _Groups:
    """Groups of cells that add up: members (group, cell) and each group's total (-1: root)."""

    member_group: np.ndarray
    member_cell: np.ndarray
    total: np.ndarray


def _factorised(
    keys: np.ndarray, cells: np.ndarray, totals: np.ndarray, offset: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return inverse + offset, cells, totals[first]


def _groups(table: CellTable) -> _Groups:
    cells = table.cells
    n_slices = table.n_slices
    n_levels = len(AREA_LEVELS)
    area_id = cells["area_id"].to_numpy()
    slice_id = cells["slice_id"].to_numpy()
    rows = np.arange(len(cells))
    parent_id = table.areas["parent_id"].to_numpy()[area_id]
    level = table.areas["level_index"].to_numpy()[area_id]
    year = np.unique(table.areas["year"].to_numpy()[area_id], return_inverse=True)[1]
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    offset = 0

    def add(mask: np.ndarray, keys: np.ndarray, totals: np.ndarray) -> None:
        nonlocal offset
        if not mask.any():
            return
        group, member, total = _factorised(keys[mask], rows[mask], totals[mask], offset)
        parts.append((group, member, total))
        offset = int(group.max()) + 1

    under_parent = parent_id >= 0
    parent_cell = table.lookup(parent_id, slice_id)
    if (under_parent & (parent_cell < 0)).any():
        raise AssertionError("a parent cell is missing: the sums do not nest")
    add(under_parent, (parent_id * n_levels + level) * n_slices + slice_id, parent_cell)
    add(~under_parent, (year * n_levels + level) * n_slices + slice_id, np.full(len(rows), -1))
    total_slice = table.slices["total_slice_id"].to_numpy()[slice_id]
    sibling_group = table.slices["sibling_group"].to_numpy()[slice_id]
    by_value = total_slice >= 0
    total_cell = table.lookup(area_id, total_slice)
    if (by_value & (total_cell < 0)).any():
        raise AssertionError("a cell over all pupils is missing: the sums do not nest")
    n_groups = int(sibling_group.max()) + 1 if by_value.any() else 1
    add(by_value, area_id * n_groups + sibling_group, total_cell)
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return _Groups(empty, empty, empty)
    return _Groups(
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


def complementary_suppression(table: CellTable, suppressed: np.ndarray) -> np.ndarray:
    """Which cells to suppress as well (see the module documentation for the rule).

    Parameters
    ----------
    table : CellTable
        The cells with ``n``.
    suppressed : numpy.ndarray of bool
        The primary suppressions.

    Returns
    -------
    numpy.ndarray of bool
        The cells suppressed as complements (never a cell that is already suppressed).
    """
    groups = _groups(table)
    n = table.cells["n"].to_numpy()
    hidden = suppressed.copy()
    group_count = len(groups.total)
    real_total = groups.total >= 0
    while group_count:
        part_hidden = hidden[groups.member_cell]
        hidden_parts = np.bincount(groups.member_group, weights=part_hidden, minlength=group_count)
        total_shown = ~real_total | ~hidden[np.where(real_total, groups.total, 0)]
        exposed = (hidden_parts == 1) & total_shown
        if not exposed.any():
            break
        candidates = np.flatnonzero(exposed[groups.member_group] & ~part_hidden)
        order = np.lexsort(
            (
                groups.member_cell[candidates],
                n[groups.member_cell[candidates]],
                groups.member_group[candidates],
            )
        )
        candidates = candidates[order]
        candidate_groups = groups.member_group[candidates]
        first = np.r_[True, candidate_groups[1:] != candidate_groups[:-1]][: candidates.size]
        chosen = groups.member_cell[candidates[first]]
        without_part = exposed.copy()
        without_part[candidate_groups] = False
        totals = groups.total[without_part & real_total]
        new = np.union1d(chosen, totals).astype(np.int64)
        new = new[~hidden[new]]
        if new.size == 0:
            break
        hidden[new] = True
    return np.asarray(hidden & ~suppressed, dtype=bool)
