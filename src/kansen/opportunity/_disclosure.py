"""Disclosure control: which cells may be published, with what precision, and what is guaranteed.

A *cell* is one (year, level, area, subgroup value, band, outcome). Every area of the run has a
row for every subgroup value, band and outcome, also a cell without pupils (suppressed, never
left out: absence would say "none"). A suppressed cell publishes no number at all, only
``status = "onvoldoende waarnemingen"``; the detailed reasons stay in the confidential output.
The published columns, their rounding and precision are the contract in ``docs/disclosure.md``
("Published table").

Primary suppression (thresholds in :class:`DisclosureRules`; reason codes, confidential)
--------------------------------------------------------------------------------------
``n_below_mean_minimum``
    band "all" (a mean) with ``n < min_n_mean`` (11), including ``n = 0``;
``n_below_regression_minimum``
    the five income bands (a regression) with ``n < min_n_regression`` (12);
``few_with_outcome`` / ``few_without_outcome``
    0/1 outcomes only, in whole pupils: ``k < min_share_count`` or ``n - k < min_share_count``
    (10) with ``k`` the pupils with the outcome; for a band also when the prediction at the
    band's point gives ``estimate * n`` or ``(1 - estimate) * n`` below it (so a prediction below
    0 or above 1 always suppresses);
``zero_estimate``
    the mean or the estimate is exactly 0;
``not_estimable``
    no estimate or interval can be computed (fewer than 3 pupils, or no spread in rank);
``count_derivable``
    a share cell whose published numbers (rounded mean and estimate, rounded n, the rules, and
    those of its twins on the same pupils) leave fewer than two counts possible
    (:func:`consistent_counts`).

Published numbers
-----------------
``n`` is rounded to a multiple of ``rounding_base``; every other number to ``precision``
(:func:`publication_step`), a step no finer than ``unit / n_low``, so that every count that
rounds to the published ``n`` keeps a whole number of pupils with the outcome matching the
published mean. The interval of a share over all pupils is computed from the published estimate
and ``n_low``; other intervals are the exact ones rounded outward. There is no standard error,
no shrinkage weight and no exact count in the published table, and the shrunk estimate is
computed from published columns only.

Secondary (complementary) suppression
-------------------------------------
A *group* is a set of cells that add up: a total and the cells that partition it, for the same
subgroup value, band and outcome:

* geography: the areas of one level inside an area of another level that holds them, for every
  pair of levels that nest in the data (buurten in a wijk, buurten in a gemeente, wijken in a
  gemeente, buurten in a pc4 when every buurt lies in one pc4, pc4 in a gemeente when every pc4
  lies in one gemeente); and the areas of every level under the *root*, all pupils of the year,
  treated as published (it can usually be found elsewhere);
* subgroups: the values of one subgroup column (empty values form ``"unknown"``) inside the cell
  of all pupils of the same area.

*Twins* are the cells of outcomes defined on the same pupils (under- and over-advice): the same
area, subgroup value and band; their counts are equal.

Rules, repeated until nothing changes: a group in which exactly one member (a part or the
total) is suppressed gets one more suppressed member, the published part with the fewest pupils
(ties by order), or the total when no part is left; when one twin is suppressed, all are. Cells
suppressed this way carry the reason ``complementary``.

What is guaranteed (against an intruder with the published table and the area hierarchy)
-------------------------------------------------------------------------------------------
* No published cell breaks a primary rule.
* No published cell gives its exact ``n``: at least two counts stay consistent with every number
  of the cell and of its twins (the attacks of issue 24 read the interval against a standard
  error, the share against ``1 + p (1 - p) / se**2``, the mean as a fraction ``k / n``, the
  shrinkage weight, the presence of the slope: there is no standard error or weight; the
  interval of a share over all pupils and the shrunk estimate are functions of published
  numbers; the mean is too coarse to be a fraction with one denominator).
* In every group no suppressed member is alone: nothing suppressed follows from one total minus
  its published parts, or from parts adding up to a suppressed total, along geography (also
  pc4 against buurt), subgroups and twins. (The one exception: a root with a single part, such
  as a gemeente that holds all pupils; the root is not published by this package.)

What is not guaranteed
----------------------
* Bounds by linear programming over many groups at once are narrowed by the rounding of every
  published count, not excluded: measure them with the intruder audit (``kansen opportunity
  audit``) before a table leaves the secure environment.
* Bands overlap and leave gaps, so they do not add up to "all"; no rule links the bands of an
  area, and none links years, or outcomes on different pupils (at least havo against
  under-advice).
* Disclosure control is per run: publishing two runs with different settings, levels or pupils
  may reveal what one run suppresses.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._estimates import CellTable
from ._schema import ALL

#: What each suppression reason means (confidential: the public reads only the status).
SUPPRESSION_REASONS: dict[str, str] = {
    "n_below_mean_minimum": "fewer pupils than a mean needs",
    "n_below_regression_minimum": "fewer pupils than a regression estimate needs",
    "few_with_outcome": "too few pupils with the outcome",
    "few_without_outcome": "too few pupils without the outcome",
    "zero_estimate": "the estimate is exactly 0",
    "not_estimable": "the estimate or its interval cannot be computed",
    "count_derivable": "the published numbers would leave only one possible count",
    "complementary": "suppressed so that another suppressed cell cannot be derived",
    "audit": "suppressed so that the intruder audit cannot narrow another suppressed cell",
}
#: The key under which a Parquet file of the published table records its rules.
RULES_METADATA_KEY = "kansen.disclosure"
_BIT = {code: bit for bit, code in enumerate(SUPPRESSION_REASONS)}
#: Status of a suppressed cell, the one public reason, as the method prescribes.
SUPPRESSED_STATUS = "onvoldoende waarnemingen"
PUBLISHED_STATUS = "ok"
#: The steps published numbers are rounded to: 1, 2 and 5 times a power of ten.
STEPS: np.ndarray = np.array(
    [m * 10.0**e for e in range(-9, 13) for m in (1.0, 2.0, 5.0)], dtype=np.float64
)
#: Exact powers of ten (``np.round`` scales by the same numbers).
_POWERS_OF_TEN: np.ndarray = np.array([10.0**d for d in range(14)], dtype=np.float64)


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
        A share is suppressed when fewer than this many pupils have, or do not have, the outcome.
    suppress_zero : bool, default True
        Suppress estimates of exactly 0.
    rounding_base : int, default 10
        Published counts are rounded to the nearest multiple of this, halves up.
    complementary : bool, default True
        Apply complementary suppression (switch off only for analysis, never for publication).
    decimals : int, default 3
        The finest precision of published numbers (``10**-decimals``); small cells get a
        coarser one (see :func:`publication_step`).
    audited : bool, default True
        After the group rules, suppress further cells until the intruder audit (linear
        programming over every relation of the published table) pins no suppressed cell's
        ``n``, ``k`` or ``n - k`` within a width of ``rounding_base`` and ``min_share_count``
        (``kansen.opportunity._protect``; needs ``complementary``).
    audit_seconds : float, optional, default 300
        Time budget of that step; when spent, the run keeps what it has suppressed and its
        summary says the audit did not finish (``RunSummary.audit``).

    Examples
    --------
    >>> DisclosureRules(min_n_mean=20, min_n_regression=20).min_n_regression
    20
    >>> DisclosureRules().as_dict()["rounding_base"]
    10
    """

    min_n_mean: int = 11
    min_n_regression: int = 12
    min_share_count: float = 10.0
    suppress_zero: bool = True
    rounding_base: int = 10
    complementary: bool = True
    decimals: int = 3
    audited: bool = True
    audit_seconds: float | None = 300.0

    def __post_init__(self) -> None:
        for name in ("min_n_mean", "min_n_regression", "rounding_base"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")
        if self.min_share_count < 0:
            raise ValueError(f"min_share_count must be >= 0, not {self.min_share_count!r}")
        if not isinstance(self.decimals, int) or not 0 <= self.decimals <= 9:
            raise ValueError(f"decimals must be an integer from 0 to 9, not {self.decimals!r}")
        if self.audit_seconds is not None and not self.audit_seconds > 0:
            raise ValueError(f"audit_seconds must be > 0 or None, not {self.audit_seconds!r}")

    def as_dict(self) -> dict[str, Any]:
        """The rules as plain values (recorded with a published table)."""
        return asdict(self)

    @property
    def share_minimum(self) -> int:
        """Fewest pupils with (and without) the outcome, as a whole count."""
        return math.ceil(self.min_share_count)


def round_count(n: pd.Series | np.ndarray, base: int) -> np.ndarray:
    """Round counts to the nearest multiple of ``base``, halves up (15 -> 20, 14 -> 10).

    Examples
    --------
    >>> round_count(np.array([4, 5, 14, 15, 1234]), 10).tolist()
    [0, 10, 10, 20, 1230]
    """
    values = np.asarray(n, dtype=np.int64)
    return ((values + base // 2) // base * base).astype(np.int64)


def count_range(rounded: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The smallest and largest counts that round to ``rounded``.

    Examples
    --------
    >>> [v.tolist() for v in count_range(np.array([10, 120]), 10)]
    [[5, 115], [14, 124]]
    """
    low = np.asarray(rounded, dtype=np.int64) - base // 2
    return low, low + base - 1


def smallest_count(table: CellTable, rules: DisclosureRules) -> np.ndarray:
    """The fewest pupils the rules allow in each published cell (the intruder knows this too)."""
    slice_id = table.cells["slice_id"].to_numpy()
    is_all = (table.slices["band"].to_numpy() == ALL)[slice_id]
    share = (table.slices["outcome_kind"].to_numpy() == "share")[slice_id]
    minimum = np.where(is_all, rules.min_n_mean, rules.min_n_regression)
    return np.where(share, np.maximum(minimum, 2 * rules.share_minimum), minimum).astype(np.int64)


def publication_step(n_low: np.ndarray, unit: np.ndarray, decimals: int) -> np.ndarray:
    """The precision of a published cell: the smallest step in :data:`STEPS` at least
    ``10**-decimals`` and ``unit / n_low``.

    With that step every count from ``n_low`` up has a whole number of pupils (or a sum of values
    on a grid no coarser than ``unit``) whose mean rounds to the published one.

    Examples
    --------
    >>> publication_step(np.array([11, 20, 95, 105, 995, 5000]), np.ones(6), 3).tolist()
    [0.1, 0.05, 0.02, 0.01, 0.002, 0.001]
    """
    need = np.maximum(10.0**-decimals, np.asarray(unit, dtype=np.float64) / np.maximum(n_low, 1))
    index = np.searchsorted(STEPS, need * (1 - 1e-12))
    step: np.ndarray = STEPS[np.minimum(index, len(STEPS) - 1)]
    return step


def print_scale(step: np.ndarray) -> np.ndarray:
    """The power of ten :func:`round_to` prints each step with (to reuse for one ``step``)."""
    step = np.asarray(step, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(np.isfinite(step), step, 1.0)
        digits = np.clip(-np.floor(np.log10(safe)), 0, 12).astype(np.int64)
    scale: np.ndarray = _POWERS_OF_TEN[digits + 1]
    return scale


def round_to(
    values: np.ndarray,
    step: np.ndarray,
    how: str = "nearest",
    *,
    scale: np.ndarray | None = None,
) -> np.ndarray:
    """Round to a multiple of ``step`` (``nearest`` halves up, ``down`` or ``up``).

    ``scale``, when given, is :func:`print_scale` of ``step`` (the same for every number rounded
    to one array of steps).

    Examples
    --------
    >>> round_to(np.array([0.349, 0.351, 0.25]), np.array([0.1, 0.1, 0.1])).tolist()
    [0.3, 0.4, 0.3]
    >>> round_to(np.array([0.31, 0.31]), np.array([0.05, 0.05]), "up").tolist()
    [0.35, 0.35]
    """
    with np.errstate(invalid="ignore"):
        ratio = np.asarray(values, dtype=np.float64) / step
        # Ratios a hair off a whole number are float noise of the division, not data.
        whole = np.round(ratio)
        ratio = np.where(np.abs(ratio - whole) < 1e-9, whole, ratio)
        if how == "nearest":
            steps = np.floor(ratio + 0.5)
        elif how == "down":
            steps = np.floor(ratio)
        else:
            steps = np.ceil(ratio)
    step = np.broadcast_to(np.asarray(step, dtype=np.float64), steps.shape)
    result: np.ndarray = steps * step
    # Print as the step does: 0.35, not 0.35000000000000003. One more digit than the step has
    # decimals, as ``np.round(result, digits)`` rounds (times a power of ten, to the nearest
    # whole number, divided by it), for every step at once.
    finite = np.isfinite(step)
    if scale is None:
        scale = print_scale(step)
    return np.where(finite, np.rint(result * scale) / scale, result)


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
    is_all = (table.slices["band"].to_numpy() == ALL)[slice_id]
    share = (table.slices["outcome_kind"].to_numpy() == "share")[slice_id]
    mean = cells["mean"].to_numpy(dtype=np.float64)
    estimate = cells["estimate"].to_numpy(dtype=np.float64)
    k = np.rint(cells["k"].to_numpy(dtype=np.float64))
    minimum = rules.min_share_count
    # A prediction times n is no count: compare it with a margin for float noise only.
    margin = 1e-9 * max(minimum, 1.0)
    with np.errstate(invalid="ignore"):
        flags = {
            "n_below_mean_minimum": is_all & (n < rules.min_n_mean),
            "n_below_regression_minimum": ~is_all & (n < rules.min_n_regression),
            "few_with_outcome": share
            & ((k < minimum) | (~is_all & (estimate * n < minimum - margin))),
            "few_without_outcome": share
            & ((n - k < minimum) | (~is_all & ((1 - estimate) * n < minimum - margin))),
            "zero_estimate": ((mean == 0) | (estimate == 0)) & rules.suppress_zero,
            "not_estimable": ~np.isfinite(estimate)
            | ~np.isfinite(cells["ci_low"].to_numpy(dtype=np.float64)),
        }
    bits = np.zeros(len(cells), dtype=np.int64)
    for code, flag in flags.items():
        bits |= flag.astype(np.int64) << _BIT[code]
    return bits


def reason_bit(code: str) -> np.int64:
    """The bit flag of one reason."""
    return np.int64(1) << _BIT[code]


def reason_text(bits: np.ndarray) -> np.ndarray:
    """Reason codes separated by ";" for each cell's bit flags ("" for none)."""
    # The flags are small whole numbers: one text per value that occurs, looked up by value.
    flags = np.asarray(bits, dtype=np.int64)
    present = np.flatnonzero(np.bincount(flags)) if flags.size else flags
    texts = np.empty(int(present.max(initial=-1)) + 1, dtype=object)
    texts[present] = [
        ";".join(code for code, bit in _BIT.items() if value >> bit & 1) for value in present
    ]
    result: np.ndarray = texts[flags]
    return result


@dataclass(frozen=True)
class Precision:
    """What an intruder knows of each cell's count, and the step of its published numbers.

    Attributes
    ----------
    n_rounded : numpy.ndarray of int64
        The published count.
    n_low : numpy.ndarray of int64
        The smallest count consistent with ``n_rounded`` and the rules.
    step : numpy.ndarray of float64
        The precision of the cell's published numbers.
    """

    n_rounded: np.ndarray
    n_low: np.ndarray
    step: np.ndarray


def precision(table: CellTable, rules: DisclosureRules) -> Precision:
    """The published count, the smallest count it allows, and the precision of every cell."""
    slice_id = table.cells["slice_id"].to_numpy()
    rounded = round_count(table.cells["n"].to_numpy(), rules.rounding_base)
    low, _ = count_range(rounded, rules.rounding_base)
    n_low = np.maximum(low, smallest_count(table, rules))
    unit = table.slices["unit"].to_numpy(dtype=np.float64)[slice_id]
    return Precision(rounded, n_low, publication_step(n_low, unit, rules.decimals))


def consistent_counts(
    table: CellTable,
    rules: DisclosureRules,
    shown: np.ndarray,
    cell_precision: Precision,
    helper: Executor | None = None,
) -> np.ndarray:
    """How many counts an intruder cannot exclude for each shown share cell (others: the base).

    For every count ``c`` that rounds to the published ``n`` and meets the rules, the cell is
    consistent when a whole number ``k`` of pupils with the outcome (``min_share_count <= k <=
    c - min_share_count``, ``k >= 1`` when zero is suppressed) has ``k / c`` rounding to the
    published mean, and (bands) the published estimate allows ``estimate * c`` and ``(1 -
    estimate) * c`` of at least ``min_share_count``; twins (outcomes on the same pupils) share
    their count, so a count must be consistent with each of them.

    With ``helper`` (an executor with a free thread), half of the cells are worked out there,
    beside the other half: every cell's answer is its own, so the result is the same.
    """
    cells = table.cells
    base = rules.rounding_base
    slice_id = cells["slice_id"].to_numpy()
    share = (table.slices["outcome_kind"].to_numpy() == "share")[slice_id]
    is_all = (table.slices["band"].to_numpy() == ALL)[slice_id]
    rows = np.flatnonzero(shown & share)
    step = cell_precision.step[rows]
    scale = print_scale(step)
    mean = round_to(cells["mean"].to_numpy()[rows], step, scale=scale)
    estimate = round_to(cells["estimate"].to_numpy()[rows], step, scale=scale)
    low, _ = count_range(cell_precision.n_rounded[rows], base)
    n_low = cell_precision.n_low[rows]
    band_all = is_all[rows]
    least = max(rules.share_minimum, 1 if rules.suppress_zero else 0)
    minimum = rules.min_share_count
    eps = 1e-9
    weights = 1 << np.arange(base)
    consistent = np.empty(len(rows), dtype=np.int64)
    bits = np.empty(len(rows), dtype=np.int64)

    def blocks(start: int, stop: int) -> None:
        # A block of cells at a time (the matrices of one block stay in the processor's cache),
        # each block with the arithmetic written out in the docstring.
        for first in range(start, stop, _BLOCK):
            part = slice(first, min(first + _BLOCK, stop))
            counts = (low[part, None] + np.arange(base)[None, :]).astype(np.float64)
            half = step[part, None] / 2
            k_low = np.maximum(np.ceil(counts * (mean[part, None] - half) - eps), least)
            k_high = np.minimum(
                np.ceil(counts * (mean[part, None] + half) - eps) - 1, counts - least
            )
            ok = (counts >= n_low[part, None]) & (k_low <= k_high)
            estimate_part = estimate[part, None]
            ok &= band_all[part, None] | (
                (counts * (estimate_part + half) >= minimum - eps)
                & (counts * (1 - estimate_part + half) >= minimum - eps)
            )
            consistent[part] = ok.sum(axis=1)
            bits[part] = (ok * weights[None, :]).sum(axis=1)

    middle = len(rows) // _BLOCK // 2 * _BLOCK
    if helper is not None and middle:
        other = helper.submit(blocks, 0, middle)
        blocks(middle, len(rows))
        other.result()
    else:
        blocks(0, len(rows))
    twin = table.slices["twin_group"].to_numpy()[slice_id[rows]]
    key = cells["area_id"].to_numpy()[rows] * (int(twin.max(initial=0)) + 1) + twin
    twinned = twin >= 0
    if twinned.any():
        group = key[twinned]  # (area, twin group): small whole numbers, no need to renumber
        common = np.full(group.max() + 1, (1 << base) - 1, dtype=np.int64)
        np.bitwise_and.at(common, group, bits[twinned])
        shared = common[group]
        consistent[twinned] = ((shared[:, None] >> np.arange(base)[None, :]) & 1 == 1).sum(axis=1)
    result = np.full(len(cells), base, dtype=np.int64)
    result[rows] = consistent
    return result


#: Cells per block in :func:`consistent_counts`.
_BLOCK = 8192


@dataclass(frozen=True)
class _Groups:
    """Groups of cells that add up: members (group, cell) and each group's total (-1: root)."""

    member_group: np.ndarray
    member_cell: np.ndarray
    total: np.ndarray


def _groups(table: CellTable) -> _Groups:
    # Groups are numbered from small tables (pairs of areas, areas, (year, level)) and repeated
    # for every slice, rather than found by sorting a key per member (a million at 5M pupils).
    # Which cells form a group is all complementary suppression reads: not their numbers.
    cells = table.cells
    n_slices = table.n_slices
    area_id = cells["area_id"].to_numpy()
    slice_id = cells["slice_id"].to_numpy()
    every_slice = np.arange(n_slices, dtype=np.int64)
    members: list[np.ndarray] = []
    cell_of: list[np.ndarray] = []
    totals: list[np.ndarray] = []
    offset = 0

    def add(group: np.ndarray, parts: np.ndarray, total: np.ndarray, count: int) -> None:
        nonlocal offset
        if not len(group):
            return
        # Each group's total (the same for all its members; -1 for a group without members).
        each = np.full(count, -1, dtype=np.int64)
        each[group] = total
        members.append(group + offset)
        cell_of.append(parts)
        totals.append(each)
        offset += count

    # Geography: every area inside each area of another level that holds it, per slice: one
    # group per (container, level of the parts, slice).
    container = table.containers
    if len(container):
        pair_area = container["area_id"].to_numpy()
        pair_container = container["container_id"].to_numpy()
        level = table.areas["level_index"].to_numpy()
        _, pair_group = np.unique(pair_container * 8 + level[pair_area], return_inverse=True)
        part_rows = table.lookup(
            np.repeat(pair_area, n_slices), np.tile(every_slice, len(pair_area))
        )
        whole_rows = table.lookup(
            np.repeat(pair_container, n_slices), np.tile(every_slice, len(pair_area))
        )
        if (part_rows < 0).any() or (whole_rows < 0).any():
            raise AssertionError("a cell is missing: the sums do not nest")
        group = (pair_group[:, None] * n_slices + every_slice[None, :]).ravel()
        add(group, part_rows, whole_rows, (int(pair_group.max()) + 1) * n_slices)
    # Every level under the root: all pupils of the year, per (year, level, slice).
    year = np.unique(table.areas["year"].to_numpy(), return_inverse=True)[1]
    level_index = table.areas["level_index"].to_numpy()
    _, year_level = np.unique(year * 8 + level_index, return_inverse=True)
    add(
        year_level[area_id] * n_slices + slice_id,
        np.arange(len(cells)),
        np.full(len(cells), -1, dtype=np.int64),
        (int(year_level.max(initial=-1)) + 1) * n_slices,
    )
    # Subgroups: the values of one subgroup column inside the cell of all pupils.
    total_slice = table.slices["total_slice_id"].to_numpy()[slice_id]
    sibling_group = table.slices["sibling_group"].to_numpy()[slice_id]
    by_value = total_slice >= 0
    if by_value.any():
        total_cell = table.lookup(area_id[by_value], total_slice[by_value])
        if (total_cell < 0).any():
            raise AssertionError("a cell over all pupils is missing: the sums do not nest")
        n_groups = int(sibling_group.max()) + 1
        add(
            (area_id[by_value] * n_groups + sibling_group[by_value]).astype(np.int64),
            np.flatnonzero(by_value),
            total_cell,
            (int(area_id.max()) + 1) * n_groups,
        )
    if not members:
        empty = np.zeros(0, dtype=np.int64)
        return _Groups(empty, empty, empty)
    # Members as 32-bit numbers where they fit: half the memory to read in every round.
    index = np.int32 if max(offset, len(cells)) < 2**31 else np.int64
    return _Groups(
        np.concatenate(members).astype(index),
        np.concatenate(cell_of).astype(index),
        np.concatenate(totals),
    )


def _twins(table: CellTable) -> np.ndarray:
    """A twin-group id per cell (-1 for cells without a twin)."""
    cells = table.cells
    twin = table.slices["twin_group"].to_numpy()[cells["slice_id"].to_numpy()]
    key = cells["area_id"].to_numpy() * (int(twin.max(initial=0)) + 1) + twin
    result = np.full(len(cells), -1, dtype=np.int64)
    has = twin >= 0
    if has.any():
        result[has] = np.unique(key[has], return_inverse=True)[1]
    return result


@dataclass(frozen=True)
class SuppressionGroups:
    """Which cells :func:`complementary_suppression` weighs together: it reads the cells' ids
    (areas, slices, containers), not their numbers, so it can be made beside the estimates."""

    groups: _Groups
    twins: np.ndarray


def suppression_groups(table: CellTable) -> SuppressionGroups:
    """The groups and twins of the cells of ``table``, for :func:`complementary_suppression`."""
    return SuppressionGroups(_groups(table), _twins(table))


def complementary_suppression(
    table: CellTable, suppressed: np.ndarray, structure: SuppressionGroups | None = None
) -> np.ndarray:
    """Which cells to suppress as well (see the module documentation for the rules).

    Parameters
    ----------
    table : CellTable
        The cells with ``n``.
    suppressed : numpy.ndarray of bool
        The primary suppressions.
    structure : SuppressionGroups, optional
        :func:`suppression_groups` of a table with the same cells, when the caller made it
        already (made here otherwise).

    Returns
    -------
    numpy.ndarray of bool
        The cells suppressed as complements (never a cell that is already suppressed).
    """
    if structure is None:
        structure = suppression_groups(table)
    groups, twins = structure.groups, structure.twins
    twin_count = int(twins.max(initial=-1)) + 1
    has_twin = twins >= 0
    n = table.cells["n"].to_numpy()
    hidden = suppressed.copy()
    group_count = len(groups.total)
    real_total = groups.total >= 0
    safe_total = np.where(real_total, groups.total, 0)
    # Which members are hidden, and how many per group, kept up to date with the cells hidden
    # in each round (a look at the members of the new cells) rather than recounted.
    member_group, member_cell = groups.member_group, groups.member_cell
    part_hidden = hidden[member_cell]
    hidden_parts = np.bincount(member_group, weights=part_hidden, minlength=group_count)
    twin_rows = np.flatnonzero(has_twin)
    twin_of = twins[twin_rows]
    while True:
        new_cells: list[np.ndarray] = []
        if twin_count:
            twin_hidden = hidden[twin_rows]
            any_hidden = np.bincount(twin_of, weights=twin_hidden, minlength=twin_count)
            new_cells.append(twin_rows[(any_hidden[twin_of] > 0) & ~twin_hidden])
        if group_count:
            hidden_members = hidden_parts + (real_total & hidden[safe_total])
            exposed = hidden_members == 1
            candidates = np.flatnonzero(exposed[member_group] & ~part_hidden)
            order = np.lexsort(
                (
                    member_cell[candidates],
                    n[member_cell[candidates]],
                    member_group[candidates],
                )
            )
            candidates = candidates[order]
            candidate_groups = member_group[candidates]
            first = np.r_[True, candidate_groups[1:] != candidate_groups[:-1]][: candidates.size]
            new_cells.append(member_cell[candidates[first]])
            no_part = exposed.copy()
            no_part[candidate_groups] = False
            new_cells.append(groups.total[no_part & real_total])
        new = np.unique(np.concatenate(new_cells)).astype(np.int64) if new_cells else None
        if new is None:
            break
        new = new[~hidden[new]]
        if new.size == 0:
            break
        hidden[new] = True
        if group_count:
            is_new = np.zeros(len(hidden), dtype=bool)
            is_new[new] = True
            changed = np.flatnonzero(is_new[member_cell])
            part_hidden[changed] = True
            hidden_parts += np.bincount(member_group[changed], minlength=group_count)
            # Cells are only ever hidden, so a group with two hidden cells is never exposed
            # again: its members are left out of the next rounds (the groups that can still
            # be exposed are the same, and so are their candidates).
            live = (hidden_parts + (real_total & hidden[safe_total]) < 2)[member_group]
            member_group, member_cell = member_group[live], member_cell[live]
            part_hidden = part_hidden[live]
    return np.asarray(hidden & ~suppressed, dtype=bool)
