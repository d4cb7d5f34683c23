"""One call from pupil data to a disclosed table: :func:`estimate_opportunity`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import ibis
import numpy as np
import pandas as pd
from scipy import stats

from ._advice import AdviceRule
from ._areas import AreaTree, area_codes, area_tree
from ._disclosure import (
    PUBLISHED_STATUS,
    RULES_METADATA_KEY,
    SUPPRESSED_STATUS,
    SUPPRESSION_REASONS,
    DisclosureRules,
    Precision,
    complementary_suppression,
    consistent_counts,
    precision,
    primary_reasons,
    print_scale,
    reason_bit,
    reason_text,
    round_to,
    suppression_groups,
)
from ._engine import Engine, PupilSource, connect, engine_name, load_pupils
from ._estimates import CellTable, cell_grid, cell_table, estimate_cells
from ._protect import Protection, protect, public_hierarchy
from ._schema import ALL, resolve_request
from ._shrinkage import shrink, shrink_published, shrink_published_cells
from ._sums import check_values, grouped_sums, has_non_finite_rank

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

#: The columns of the published (disclosed) table, in order (``docs/disclosure.md``).
PUBLISHED_COLUMNS: tuple[str, ...] = (
    "year",
    "level",
    "area_code",
    "parent_code",
    "subgroup",
    "subgroup_value",
    "band",
    "band_point",
    "outcome",
    "outcome_kind",
    "published",
    "status",
    "n",
    "precision",
    "mean",
    "estimate",
    "ci_low",
    "ci_high",
    "slope",
    "estimate_shrunk",
)
_VALUE_COLUMNS = ("mean", "estimate", "se", "ci_low", "ci_high", "slope", "slope_se")
_KEY_COLUMNS = PUBLISHED_COLUMNS[: PUBLISHED_COLUMNS.index("published")]
#: Steps reported to ``progress``, in order.
STEPS: tuple[str, ...] = ("read", "check", "sum", "estimate", "disclose", "shrink", "publish")


@dataclass(frozen=True)
class RunSummary:
    """What a run computed and suppressed.

    Attributes
    ----------
    engine : str
        ``"duckdb"`` or ``"spark"``.
    pupils : int
        Rows of pupil data.
    cells : int
        Cells computed (with at least one pupil).
    published : int
        Cells published.
    suppressed_by_reason : dict of str to int
        Suppressed cells per reason (a cell with two reasons counts for both).
    suppressed_by_main_reason : dict of str to int
        Suppressed cells per first reason in the order of :data:`SUPPRESSION_REASONS` (these
        add up to the suppressed cells).
    seconds : dict of str to float
        Time per step.
    audit : str
        The protection that the intruder audit drives: ``"passed"`` (the audit pins no
        suppressed cell), ``"unfinished"`` (its time budget ran out: audit the table with
        ``kansen opportunity audit`` before it leaves) or ``"off"``.
    audit_rounds : int
        Audits it ran.
    """

    engine: str
    pupils: int
    cells: int
    published: int
    suppressed_by_reason: dict[str, int]
    suppressed_by_main_reason: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    audit: str = "off"
    audit_rounds: int = 0

    @property
    def suppressed(self) -> int:
        """Cells suppressed."""
        return self.cells - self.published


@dataclass(frozen=True)
class OpportunityResult:
    """The estimates of one run.

    Attributes
    ----------
    published : pandas.DataFrame
        The disclosed table (:data:`PUBLISHED_COLUMNS`), one row per cell: suppressed cells have
        ``published`` False, ``status`` "onvoldoende waarnemingen" and no numbers; published
        counts are rounded and other numbers rounded to the row's ``precision``
        (``docs/disclosure.md``). This is the only table meant to leave the
        secure environment, and the only one :meth:`write` writes.
    confidential : pandas.DataFrame
        Every cell with its exact n and all estimates, also of suppressed cells, and the
        primary reasons: for checking and research inside the secure environment; never
        publish it.
    summary : RunSummary
        Counts of cells and suppressions.
    rules : DisclosureRules
        The thresholds used.
    tree : AreaTree
        The parents of the areas.
    """

    published: pd.DataFrame
    confidential: pd.DataFrame
    summary: RunSummary
    rules: DisclosureRules
    tree: AreaTree

    def write(self, path: str | Path) -> Path:
        """Write the published table to Parquet or CSV (by the suffix).

        Parameters
        ----------
        path : str or Path
            ``.parquet`` or ``.csv``.

        Returns
        -------
        Path
            The path written.
        """
        return write_published(self.published, path, self.rules)


def write_published(
    table: pd.DataFrame, path: str | Path, rules: DisclosureRules | None = None
) -> Path:
    """Write a published table to Parquet or CSV (UTF-8, comma-separated, ``.`` decimals).

    Parameters
    ----------
    table : pandas.DataFrame
        A published table.
    path : str or Path
        Where to write; the suffix (``.parquet`` or ``.csv``) chooses the format.
    rules : DisclosureRules, optional
        The rules the table was made with; a Parquet file records them in its metadata under
        :data:`RULES_METADATA_KEY`.

    Returns
    -------
    Path

    Raises
    ------
    ValueError
        When the table is not a published table, or the suffix is neither.
    """
    path = Path(path)
    if tuple(table.columns) != PUBLISHED_COLUMNS:
        raise ValueError(
            "only a published table can be written; expected the columns "
            f"{', '.join(PUBLISHED_COLUMNS)}, got {', '.join(map(str, table.columns))}"
        )
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ValueError(f"cannot write {path.name}: expected a .parquet or .csv file")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = pa.Table.from_pandas(table, preserve_index=False)
        if rules is not None:
            metadata = dict(arrow.schema.metadata or {})
            metadata[RULES_METADATA_KEY.encode()] = json.dumps(rules.as_dict()).encode()
            arrow = arrow.replace_schema_metadata(metadata)
        pq.write_table(arrow, path)
    else:
        table.to_csv(path, index=False)
    return path


def _shared_intervals(
    estimate: np.ndarray, n_low: np.ndarray, step: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The interval of a share over all pupils from published numbers only (estimate, n_low)."""
    df = np.maximum(n_low - 1, 1).astype(np.float64)
    # The quantile once per distinct count (a few hundred), not once per cell.
    inverse, unique = pd.factorize(df)
    with np.errstate(invalid="ignore"):
        half = stats.t.ppf(0.975, unique)[inverse] * np.sqrt(estimate * (1 - estimate) / df)
    return round_to(estimate - half, step, "down"), round_to(estimate + half, step, "up")


def _published_numbers(
    cells: pd.DataFrame,
    cell_precision: Precision,
    rules: DisclosureRules,
    ids: CellTable | None = None,
) -> dict[str, np.ndarray]:
    """The published numbers of every cell, rounded, before suppression hides any of them.

    They do not depend on which cells are published, so :func:`estimate_opportunity` makes
    them beside the suppression (:func:`_published_table` hides the suppressed ones).
    """
    step = cell_precision.step
    scale = print_scale(step)
    estimate = round_to(cells["estimate"].to_numpy(), step, scale=scale)
    ci_low = round_to(cells["ci_low"].to_numpy(), step, "down", scale=scale)
    ci_high = round_to(cells["ci_high"].to_numpy(), step, "up", scale=scale)
    if ids is not None:  # compared on the few slices, not on every row's text
        slice_id = ids.cells["slice_id"].to_numpy()
        is_all = (ids.slices["band"].to_numpy() == ALL)[slice_id]
        share = (ids.slices["outcome_kind"].to_numpy() == "share")[slice_id]
    else:
        is_all = cells["band"].to_numpy() == ALL
        share = cells["outcome_kind"].to_numpy() == "share"
    share_mean = is_all & share
    low, high = _shared_intervals(
        estimate[share_mean], cell_precision.n_low[share_mean], step[share_mean]
    )
    ci_low[share_mean] = low
    ci_high[share_mean] = high
    slope = round_to(cells["slope"].to_numpy(), step, scale=scale)
    # Whether the slope of "all" is shown follows from the published count, not the exact one.
    slope[is_all & (cell_precision.n_low < rules.min_n_regression)] = np.nan
    return {
        "precision": np.asarray(step, dtype=np.float64),
        "mean": round_to(cells["mean"].to_numpy(), step, scale=scale),
        "estimate": estimate,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "slope": slope,
    }


def _published_table(
    cells: pd.DataFrame,
    published: np.ndarray,
    cell_precision: Precision,
    rules: DisclosureRules,
    tree: AreaTree,
    shrinkage: bool,
    ids: CellTable | None = None,
    numbers: Mapping[str, np.ndarray] | None = None,
    copy_keys: bool = True,
) -> pd.DataFrame:
    # Built once from numpy arrays: no ``.loc`` edits of text rows, and the frame made without
    # consolidating its columns into blocks (two copies of every column: 0.2 s at 5M pupils).
    # The key columns are copied, so that the published table shares no memory with ``cells``
    # (``copy_keys`` False: ``cells`` is made for this table alone).
    # ``numbers``: :func:`_published_numbers` of these cells, when the caller has them.
    step = cell_precision.step
    hidden = ~published
    columns: dict[str, Any] = {
        column: cells[column].to_numpy(copy=copy_keys)
        for column in PUBLISHED_COLUMNS
        if column in _KEY_COLUMNS
    }
    columns["published"] = published.copy()
    # Two text objects, each row pointing at one (not a text made per row).
    statuses = np.array([SUPPRESSED_STATUS, PUBLISHED_STATUS], dtype=object)
    columns["status"] = statuses[published.astype(np.intp)]
    columns["n"] = pd.arrays.IntegerArray(
        np.array(cell_precision.n_rounded, dtype=np.int64, copy=True), hidden.copy()
    )
    if numbers is None:
        numbers = _published_numbers(cells, cell_precision, rules, ids)
    for column, values in numbers.items():
        columns[column] = np.where(hidden, np.nan, values)
    columns["estimate_shrunk"] = np.full(len(cells), np.nan)
    if shrinkage and ids is not None:
        columns["estimate_shrunk"] = shrink_published_cells(
            ids, published, columns["estimate"], columns["ci_low"], columns["ci_high"], step
        )
    elif shrinkage:
        columns["estimate_shrunk"] = shrink_published(_coded(columns), tree.parent_level, step)
    return pd.DataFrame({column: columns[column] for column in PUBLISHED_COLUMNS}, copy=False)


def _coded(table: Mapping[str, Any]) -> pd.DataFrame:
    """The published columns for :func:`shrink_published`, their text keys as integer codes.

    Shrinkage only matches rows on their keys (a slice, and an area with its parent), so codes
    that are equal exactly where the text is equal give the same result, without merging and
    grouping 371,000 rows of text. The slice (subgroup, value, band, outcome) becomes one code
    in ``subgroup``; the area and parent codes share one numbering (no parent: NaN). (With the
    cell table at hand, :func:`shrink_published_cells` uses its ids instead.)
    """
    rows = len(table["published"])
    slice_code = np.zeros(rows, dtype=np.int64)
    for column in ("subgroup", "subgroup_value", "band", "outcome"):
        codes, uniques = pd.factorize(table[column])
        slice_code = slice_code * (len(uniques) + 1) + codes
    areas, _ = pd.factorize(np.concatenate([table["area_code"], table["parent_code"]]))
    area = areas.astype(np.float64)
    area[areas < 0] = np.nan
    area_code, parent_code = area[:rows], area[rows:]
    return pd.DataFrame(
        {
            "published": table["published"],
            "estimate": table["estimate"],
            "ci_low": table["ci_low"],
            "ci_high": table["ci_high"],
            "year": table["year"],
            "level": table["level"],
            "subgroup": slice_code,
            "subgroup_value": 0,
            "band": 0,
            "outcome": 0,
            "area_code": area_code,
            "parent_code": parent_code,
        },
        copy=False,
    )


def _count_reasons(bits: np.ndarray) -> tuple[dict[str, int], dict[str, int]]:
    """Suppressed cells per reason, and per first reason, from their bit flags."""
    codes = list(SUPPRESSION_REASONS)
    any_reason = {code: int(((bits >> i) & 1).sum()) for i, code in enumerate(codes)}
    lowest = np.log2(bits & -bits).astype(np.int64) if bits.size else np.zeros(0, np.int64)
    main = np.bincount(lowest, minlength=len(codes))
    return (
        {code: n for code, n in any_reason.items() if n},
        {code: int(n) for code, n in zip(codes, main, strict=True) if n},
    )


def estimate_opportunity(
    pupils: PupilSource,
    *,
    levels: Sequence[str] = ("buurt", "wijk", "gemeente"),
    subgroups: Sequence[str] = (),
    outcomes: Sequence[str] | None = None,
    rank: Literal["auto", "income", "given"] = "auto",
    engine: Engine | BaseBackend = "duckdb",
    disclosure: DisclosureRules | None = None,
    advice: AdviceRule | None = None,
    shrinkage: bool = True,
    table: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> OpportunityResult:
    """Outcomes by parental income per area, subgroup and income band, with disclosure control.

    Parameters
    ----------
    pupils : path, DataFrame, pyarrow.Table or ibis Table
        One row per pupil (see :data:`PUPIL_SCHEMA`): a Parquet or CSV file, a DuckDB database
        file (with ``table``), a pandas or Polars DataFrame, a pyarrow Table or an Ibis table.
    levels : sequence of str, default ("buurt", "wijk", "gemeente")
        Area levels among ``buurt``, ``wijk``, ``gemeente`` and ``pc4``.
    subgroups : sequence of str, default ()
        Columns to break every area down by, one at a time (e.g. ``["gender"]``).
    outcomes : sequence of str, optional
        Outcomes: ``under_advice``, ``over_advice``, ``at_least_havo`` and numeric or boolean
        columns. Default: every advice outcome the columns allow.
    rank : {"auto", "income", "given"}, default "auto"
        Rank ``parent_income`` per year (ties averaged) or use ``parent_rank``; "auto" uses
        ``parent_rank`` when there is such a column.
    engine : {"duckdb", "spark"} or ibis backend, default "duckdb"
        Where the heavy part runs. An Ibis table as ``pupils`` brings its own backend.
    disclosure : DisclosureRules, optional
        Thresholds; default the method's.
    advice : AdviceRule, optional
        Definition of the advice outcomes; default ordinal comparison with revised advice.
    shrinkage : bool, default True
        Add empirical-Bayes estimates shrunk toward the parent area.
    table : str, optional
        The table to read from a DuckDB database file.
    progress : callable, optional
        Called with the name of each step (:data:`STEPS`) as it starts.

    Returns
    -------
    OpportunityResult
        The published table, the confidential table and a summary.

    Raises
    ------
    PupilDataRejected
        With every missing or mistyped column and every kind of invalid value (with counts and
        examples), or areas that do not nest.

    Examples
    --------
    >>> from kansen.demo import build_pupils
    >>> result = estimate_opportunity(build_pupils().pupils, levels=["wijk", "gemeente"])
    >>> row = result.published.query(
    ...     "level == 'gemeente' and year == 2024 and band == 'all' "
    ...     "and outcome == 'at_least_havo'"
    ... ).iloc[0]
    >>> bool(row.published), bool(row.ci_low < row.estimate < row.ci_high)
    (True, True)
    """
    rules = disclosure or DisclosureRules()
    rule = advice or AdviceRule()
    marks: list[tuple[str, float]] = []

    def step(name: str) -> None:
        marks.append((name, time.perf_counter()))
        if progress is not None:
            progress(name)

    step("read")
    owns_backend = (
        isinstance(engine, str) and engine == "duckdb" and not isinstance(pupils, ibis.Table)
    )
    backend = pupils.get_backend() if isinstance(pupils, ibis.Table) else connect(engine)
    # A second thread for the work after the query that does not wait for the step before
    # (numpy lets go of the interpreter lock in its loops): closing the database; the areas,
    # slices and groups of the cells beside the sums and estimates; the rounded numbers beside
    # the suppression; the published table beside the confidential one. DuckDB runs the query
    # on every core, and after it one core was idle (docs/disclosure.md, session 11).
    with ThreadPoolExecutor(max_workers=1) as helper:
        closed: Future[None] | None = None
        try:
            t = load_pupils(pupils, backend, table)
            step("check")
            request = resolve_request(
                dict(t.schema().items()),
                levels=levels,
                subgroups=subgroups,
                outcomes=outcomes,
                rank=rank,
            )
            checked, rows = check_values(t, request, defer_finite=True)
            step("sum")
            fine = grouped_sums(t, checked, rule).to_pyarrow().to_pandas()
            if has_non_finite_rank(fine):
                # The check left to the sum query found a value: the error, with every problem.
                check_values(t, request)
                raise AssertionError("the sums hold a rank that is not a number; the check none")
            request = checked
        finally:
            if owns_backend:
                closed = helper.submit(backend.disconnect)
        step("estimate")
        codes = area_codes(fine, request.levels)
        tree = area_tree(fine, request, codes)
        grid = helper.submit(cell_grid, fine, request, tree)
        structure = None
        if rules.complementary:  # which cells add up: the grid is enough, not the sums
            structure = helper.submit(lambda: suppression_groups(grid.result().table()))
        cell_data = estimate_cells(cell_table(fine, request, tree, codes, grid.result))
        step("disclose")
        bits = primary_reasons(cell_data, rules)
        cell_precision = precision(cell_data, rules)
        label_columns = ["n", *_VALUE_COLUMNS, "df"]
        derivable = consistent_counts(cell_data, rules, bits == 0, cell_precision, helper) < 2
        numbers = helper.submit(
            _published_numbers, cell_data.cells, cell_precision, rules, cell_data
        )
        bits = np.where((bits == 0) & derivable, reason_bit("count_derivable"), bits)
        primary = bits != 0
        complement = np.zeros(len(bits), dtype=bool)
        if structure is not None:
            complement = complementary_suppression(cell_data, primary, structure.result())
            del structure  # its groups are not needed any more (a million members at 5M)
        bits = np.where(complement, reason_bit("complementary"), bits)
        published = ~(primary | complement)
        protection: Protection | None = None
        if rules.complementary and rules.audited:
            plain = cell_data.labelled(label_columns)

            def publish(mask: np.ndarray) -> pd.DataFrame:
                return _published_table(plain, mask, cell_precision, rules, tree, False)

            hierarchy = public_hierarchy(fine, request.levels)
            hidden, protection = protect(
                cell_data, ~published, publish, rules, hierarchy, seconds=rules.audit_seconds
            )
            added = hidden & published
            bits = np.where(
                protection.by_audit,
                reason_bit("audit"),
                np.where(added, reason_bit("complementary"), bits),
            )
            published = ~hidden
        step("shrink")

        def public_table() -> pd.DataFrame:
            return _published_table(
                cell_data.labelled([]),  # fresh key columns, not shared with the confidential
                published,
                cell_precision,
                rules,
                tree,
                shrinkage,
                cell_data,
                numbers.result(),
                copy_keys=False,
            )

        # The published table beside the confidential one (neither reads the other).
        public_made = helper.submit(public_table)
        if shrinkage:
            shrunk = shrink(cell_data, published)
        else:
            shrunk = pd.DataFrame(
                np.nan,
                index=cell_data.cells.index,
                columns=["estimate_shrunk", "shrinkage_weight", "between_area_variance"],
            )
        step("publish")
        cells = cell_data.labelled(label_columns)
        for column in shrunk.columns:
            cells[column] = shrunk[column].to_numpy()
        reasons = pd.Series(reason_text(bits), index=cells.index)
        public = public_made.result()
        if closed is not None:
            closed.result()
    # Added in place: ``assign`` would copy every column of 371,000 rows (at 5M pupils).
    confidential = cells
    confidential["published"] = published
    confidential["suppression_reason"] = reasons.where(~published, None)
    confidential["n_rounded"] = cell_precision.n_rounded
    ends = [start for _, start in marks[1:]] + [time.perf_counter()]
    seconds = {name: end - start for (name, start), end in zip(marks, ends, strict=True)}
    by_reason, by_main_reason = _count_reasons(bits[~published])
    summary = RunSummary(
        engine=engine_name(backend),
        pupils=rows,
        cells=len(cells),
        published=int(published.sum()),
        suppressed_by_reason=by_reason,
        suppressed_by_main_reason=by_main_reason,
        seconds=seconds,
        audit="off" if protection is None else "passed" if protection.complete else "unfinished",
        audit_rounds=0 if protection is None else protection.rounds,
    )
    return OpportunityResult(public, confidential, summary, rules, tree)
