"""The heavy part, as Ibis expressions: checks, parental rank, outcomes and one grouped sum.

Everything here runs inside the engine (DuckDB or Spark) and only small tables come back: the
counts of problems, the distinct advice values, and the sums per finest cell. The finest cell is
(year, every requested area column, every subgroup column, segment of rank); bands overlap, but
every band is a union of segments (:data:`._bands.SEGMENTS`), so each pupil is summed once. The
cells of each level, subgroup and band are sums of finest cells (see :mod:`._estimates`),
because n and the sums are additive.

Parental rank (unless given) is ``(r + (t + 1) / 2) / N`` per year, with ``r`` the number of
pupils of that year with a lower income, ``t`` the number with the same income and ``N`` the
number of pupils of that year: the average rank of the ties divided by N, as
``rank(ties="average") / N``. It is exact in float64 on every engine (integers and halves,
then one division).

Parental rank is centred before it is summed (``dx = rank - 0.5``, and numeric outcomes on the
midpoint of their range), which keeps the sums of squares well conditioned, so that engines that
add in a different order agree to far better than 1e-9 (about 1e-12 in the tests).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt
import pandas as pd

from ._advice import ADVICE_LEVELS, HAVO_POSITION, AdviceRule, advice_position, overlap_bounds
from ._bands import SEGMENT_EDGES, SUM_CENTRE
from ._schema import (
    UNKNOWN_SUBGROUP,
    ColumnProblem,
    Outcome,
    OutcomeKind,
    PupilDataRejected,
    PupilRequest,
    format_examples,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

_ADVICE_EXPECTED = (
    "one of " + ", ".join(ADVICE_LEVELS) + " in any spelling parse_advice accepts; "
    "praktijkonderwijs and vso are not on the scale"
)


def mask_column(request: PupilRequest, mask: str, sum_name: str) -> str:
    """Name of a per-mask sum in the grouped table, e.g. ``m0_n``."""
    return f"m{request.masks.index(mask)}_{sum_name}"


def outcome_column(request: PupilRequest, outcome: Outcome, sum_name: str) -> str:
    """Name of a per-outcome sum in the grouped table, e.g. ``o1_sxy``."""
    return f"o{request.outcomes.index(outcome)}_{sum_name}"


def _is_floating(t: ir.Table, column: str) -> bool:
    """Whether the column can hold NaN or infinity (integers and empty columns cannot)."""
    return bool(t.schema()[column].is_floating())


def _one_scan(
    t: ir.Table, aggregates: dict[str, ir.Scalar], advice_columns: tuple[str, ...]
) -> pd.Series:
    """The check aggregates and the distinct values of every advice column, in one scan.

    DuckDB takes the distinct values as aggregates beside the others. Spark turns several
    DISTINCT aggregates into a copy of every row per aggregate (an Expand) before two rounds of
    aggregation, and ``collect_set`` is a slow object aggregate, so there the aggregates are
    grouped by the advice columns (a few hundred combinations) and added up here: counts are
    sums, minima and maxima of the groups' minima and maxima, exact on any engine.
    """
    if not advice_columns or t.get_backend().name != "pyspark":
        distinct = {
            f"advice_{i}": t[column].collect(distinct=True)
            for i, column in enumerate(advice_columns)
        }
        result: pd.Series = t.aggregate(**aggregates, **distinct).to_pandas().iloc[0]
        return result
    groups = t.group_by(list(advice_columns)).aggregate(**aggregates).to_pandas()
    combined: dict[str, Any] = {}
    for name in aggregates:
        column = groups[name]
        if name.startswith("min_"):
            combined[name] = column.min() if column.notna().any() else float("nan")
        elif name.startswith("max_"):
            combined[name] = column.max() if column.notna().any() else float("nan")
        else:
            combined[name] = int(column.fillna(0).sum())
    for i, column in enumerate(advice_columns):
        combined[f"advice_{i}"] = groups[column].dropna().unique().tolist()
    return pd.Series(combined, dtype=object)


def _blank(value: ir.StringValue) -> ir.BooleanValue:
    # Only a value that sorts before "!" can be empty or start with whitespace (every character
    # strip removes is below "!"); trimming only those keeps the test exact and about ten times
    # cheaper on millions of codes.
    return ibis.cases((value < "!", value.strip() == ""), else_=False)


def _clean_by_extremes(t: ir.Table, request: PupilRequest, value: ir.FloatingValue) -> set[str]:
    """The checks that the count, minimum and maximum of each column prove to find nothing.

    ``"year"`` and ``"value"`` (no empty year, income or rank) when the column has a value in
    every row; a level when its codes are all there and the smallest sorts at or after ``"!"``
    (a blank code sorts before it: see :func:`_blank`); ``"range"`` when the smallest value is
    at least 0 (and, for a given rank, the largest at most 1). Not-a-number is not looked for
    here (a Parquet file's statistics leave it out), so that check always scans. On DuckDB these
    aggregates of a Parquet file come from its statistics, without reading the rows; on Spark
    nothing is proven here (each would be a scan of its own).
    """
    if t.get_backend().name == "pyspark":
        return set()
    aggregates: dict[str, ir.Scalar] = {
        "rows": t.count(),
        "year": t.year.count(),
        "value": value.count(),
        "value_min": value.min(),
        "value_max": value.max(),
    }
    for i, level in enumerate(request.levels):
        aggregates[f"n{i}"] = t[level].count()
        aggregates[f"min{i}"] = t[level].cast("string").min()
    found = t.aggregate(**aggregates).to_pandas().iloc[0]
    rows = int(found["rows"])
    clean = {name for name in ("year", "value") if int(found[name]) == rows}
    for i, level in enumerate(request.levels):
        smallest = found[f"min{i}"]
        if int(found[f"n{i}"]) == rows and isinstance(smallest, str) and smallest >= "!":
            clean.add(level)
    low, high = found["value_min"], found["value_max"]
    if pd.notna(low) and low >= 0 and (request.rank_source != "given" or high <= 1):
        clean.add("range")
    return clean


def check_values(
    t: ir.Table, request: PupilRequest, *, defer_finite: bool = False
) -> tuple[PupilRequest, int]:
    """Check every value in the engine; learn the advice spellings and which outcomes are 0/1.

    Parameters
    ----------
    t : ibis Table
        The pupil data.
    request : PupilRequest
        The resolved request.
    defer_finite : bool, default False
        Leave the not-a-number and infinity check of the income (or given rank) out of the
        scan, for the sum query to make (:func:`grouped_sums` puts such pupils in segment -1:
        see :func:`has_non_finite_rank`); it is still made here when another problem is found,
        so that the error lists every problem. The caller must look at the sums and, when
        they show such a value, call this again without ``defer_finite`` to raise the error.

    Returns
    -------
    PupilRequest
        The request with ``advice_positions`` filled in and numeric outcomes whose values are
        all 0 or 1 marked as shares.
    int
        The number of rows.

    Raises
    ------
    PupilDataRejected
        With every problem: empty codes, years or incomes, negative or non-finite incomes,
        ranks outside 0-1, unknown advice levels; each with its count and a few examples.
    """
    value_column = "parent_rank" if request.rank_source == "given" else "parent_income"
    value = t[value_column].cast("float64")
    # Which checks a count and a minimum per column already prove clean; those are left out of
    # the scan (DuckDB answers counts, minima and maxima of a Parquet file from its statistics).
    clean = _clean_by_extremes(t, request, value)
    checks: list[tuple[str, ir.BooleanValue, str, str, ir.Value | None]] = []
    for level in request.levels:
        if level in clean:
            continue
        code = t[level].cast("string")
        checks.append((level, code.isnull() | _blank(code), "rows without a code", "a code", None))
    if "year" not in clean:
        checks.append(("year", t.year.isnull(), "rows without a year", "an integer year", None))
    if "value" not in clean:
        checks.append((value_column, value.isnull(), "rows without a value", "a number", None))
    deferred: set[int] = set()
    if _is_floating(t, value_column):
        if defer_finite:
            deferred.add(len(checks))
        checks.append(
            (
                value_column,
                value.isnan() | value.isinf(),
                "values are not finite numbers",
                "a finite number",
                value,
            )
        )
    if "range" in clean:
        pass
    elif request.rank_source == "given":
        checks.append(
            (
                "parent_rank",
                (value < 0) | (value > 1),
                "ranks outside 0-1",
                "a rank from 0 to 1",
                value,
            )
        )
    else:
        checks.append(("parent_income", value < 0, "negative incomes", "an income >= 0", value))
    for outcome in request.numeric_outcomes:
        y = t[outcome.name].cast("float64")
        if _is_floating(t, outcome.name):
            checks.append(
                (
                    outcome.name,
                    y.isnan() | y.isinf(),
                    "values are not finite numbers",
                    "a finite number or an empty value",
                    y,
                )
            )

    aggregates: dict[str, ir.Scalar] = {"rows": t.count()}
    for i, (_, condition, _, _, _) in enumerate(checks):
        if i not in deferred:
            aggregates[f"c{i}"] = ibis.ifelse(condition, 1, 0).sum()
    for i, outcome in enumerate(request.numeric_outcomes):
        y = t[outcome.name].cast("float64")
        aggregates[f"not01_{i}"] = ibis.ifelse(y.notnull() & (y != 0) & (y != 1), 1, 0).sum()
        aggregates[f"min_{i}"] = y.min()
        aggregates[f"max_{i}"] = y.max()
    # One scan for every check and the distinct spellings of every advice column; the counts of
    # unknown spellings are only looked up when there are any.
    counts = _one_scan(t, aggregates, request.advice_columns)

    rows = int(counts["rows"])
    if rows == 0:
        raise PupilDataRejected([ColumnProblem(None, "the table has no rows", "pupils")])
    positions: dict[str, dict[str, int | None]] = {}
    for i, column in enumerate(request.advice_columns):
        mapping: dict[str, int | None] = {}
        distinct = counts[f"advice_{i}"]
        for raw in [] if distinct is None else distinct:
            if raw is None or (isinstance(raw, float) and pd.isna(raw)):
                continue
            mapping[str(raw)] = None if str(raw).strip() == "" else advice_position(str(raw))
        positions[column] = mapping
    unknown_advice = [
        column
        for column, mapping in positions.items()
        if any(p is None and raw.strip() != "" for raw, p in mapping.items())
    ]
    found = {i: int(counts[f"c{i}"] or 0) for i in range(len(checks)) if i not in deferred}
    if deferred and (unknown_advice or any(found.values())):
        # Another problem: make the deferred checks too, so that the error lists every one.
        extra = {f"c{i}": ibis.ifelse(checks[i][1], 1, 0).sum() for i in sorted(deferred)}
        more = t.aggregate(**extra).to_pandas().iloc[0]
        found.update({i: int(more[f"c{i}"] or 0) for i in deferred})

    problems: list[ColumnProblem] = []
    for i, (column, condition, message, expected, shown) in enumerate(checks):
        count = found.get(i, 0)
        if count == 0:
            continue
        examples: tuple[str, ...] = ()
        if shown is not None:
            sample = t.filter(condition).select(v=shown).distinct().limit(5).to_pandas()
            examples = format_examples(sample["v"].tolist())
        problems.append(
            ColumnProblem(column, f"{count} of {rows} {message}", expected, count, examples)
        )
    for column in unknown_advice:
        mapping = positions[column]
        values = t[column].value_counts(name="n").to_pandas()
        unknown = [
            (int(n), str(raw))
            for raw, n in zip(values[column], values["n"], strict=True)
            if raw is not None
            and not (isinstance(raw, float) and pd.isna(raw))
            and str(raw).strip() != ""
            and mapping.get(str(raw)) is None
        ]
        unknown.sort(key=lambda item: (-item[0], item[1]))
        count = sum(n for n, _ in unknown)
        problems.append(
            ColumnProblem(
                column,
                f"{count} of {rows} values are not a known advice level ({len(unknown)} distinct)",
                _ADVICE_EXPECTED,
                count,
                format_examples(raw for _, raw in unknown),
            )
        )
    if problems:
        raise PupilDataRejected(problems)

    outcomes = list(request.outcomes)
    kind: OutcomeKind
    for i, outcome in enumerate(request.numeric_outcomes):
        if int(counts[f"not01_{i}"] or 0) == 0:
            kind, centre = "share", 0.0
        else:
            # The midpoint of the range: min and max are exact on every engine, so every engine
            # centres on the same number.
            kind, centre = "mean", (float(counts[f"min_{i}"]) + float(counts[f"max_{i}"])) / 2
        unit = 1.0
        if kind == "mean":
            unit = float(counts[f"max_{i}"]) - float(counts[f"min_{i}"])
        outcomes[outcomes.index(outcome)] = replace(outcome, kind=kind, centre=centre, unit=unit)
    return replace(request, advice_positions=positions, outcomes=tuple(outcomes)), rows


@ibis.udf.scalar.builtin(name="list_position")  # type: ignore[untyped-decorator]
def _list_position(items: dt.Array[dt.String], item: dt.String) -> dt.Int64:
    """DuckDB's ``list_position``: the 1-based place of ``item`` in ``items``, else NULL."""


@ibis.udf.scalar.builtin(name="list_extract")  # type: ignore[untyped-decorator]
def _list_extract(items: dt.Array[dt.Int64], place: dt.Int64) -> dt.Int64:
    """DuckDB's ``list_extract``: the item at a 1-based place; NULL for NULL or out of range."""


def _position(t: ir.Table, column: str, request: PupilRequest) -> ir.IntegerValue:
    mapping = {raw: pos for raw, pos in request.advice_positions[column].items() if pos is not None}
    if not mapping:
        return ibis.null("int64")
    if t.get_backend().name == "duckdb":
        # One lookup in a list of the spellings instead of a CASE that compares each pupil's
        # text with every spelling in turn (the sum step at 5M pupils about 0.15 s less).
        spellings = ibis.literal(list(mapping), type="array<string>")
        positions = ibis.literal(list(mapping.values()), type="array<int64>")
        return _list_extract(positions, _list_position(spellings, t[column].cast("string")))
    return t[column].substitute(mapping, else_=ibis.null("int64")).cast("int64")


def _indicator(undefined: ir.BooleanValue, condition: ir.BooleanValue) -> ir.FloatingValue:
    return ibis.cases((undefined, ibis.null("float64")), (condition, 1.0), else_=0.0).cast(
        "float64"
    )


def _advice_positions(
    t: ir.Table, request: PupilRequest, rule: AdviceRule
) -> dict[str, ir.IntegerValue]:
    """The effective advice (``_effective``) and the test advice (``_test``) as positions."""
    positions: dict[str, ir.IntegerValue] = {}
    if request.advice_columns:
        effective = _position(t, "school_advice", request)
        if rule.use_revised and "revised_advice" in request.advice_columns:
            effective = ibis.coalesce(_position(t, "revised_advice", request), effective)
        positions["_effective"] = effective
        if "test_advice" in request.advice_columns:
            positions["_test"] = _position(t, "test_advice", request)
    return positions


def _outcomes(t: ir.Table, request: PupilRequest, rule: AdviceRule) -> dict[str, ir.Value]:
    """The outcomes, from a table with the columns of :func:`_advice_positions`."""
    values: dict[str, ir.Value] = {}
    if request.advice_columns:
        effective = t._effective
        names = {o.name for o in request.outcomes}
        if "test_advice" in request.advice_columns:
            test = t._test
            undefined = effective.isnull() | test.isnull()
            if rule.mixed == "ordinal":
                below, above = effective < test, effective > test
            else:
                low = {p: overlap_bounds(p)[0] for p in range(len(ADVICE_LEVELS))}
                high = {p: overlap_bounds(p)[1] for p in range(len(ADVICE_LEVELS))}
                below = effective.substitute(high) < test.substitute(low)
                above = effective.substitute(low) > test.substitute(high)
            if "under_advice" in names:
                values["under_advice"] = _indicator(undefined, below)
            if "over_advice" in names:
                values["over_advice"] = _indicator(undefined, above)
        if "at_least_havo" in names:
            values["at_least_havo"] = _indicator(effective.isnull(), effective >= HAVO_POSITION)
    for outcome in request.numeric_outcomes:
        values[outcome.name] = t[outcome.name].cast("float64") - outcome.centre
    return values


def with_parental_rank(
    t: ir.Table, request: PupilRequest, source: ir.Table | None = None
) -> ir.Table:
    """The table with a column ``_x``: parental rank per year (see the module documentation).

    The rank is computed on the distinct incomes (a cumulative sum of their counts) and joined
    back, which is much cheaper than a window over all pupils when incomes repeat. The incomes
    are counted in ``source`` (the same pupils, e.g. the table ``t`` was selected from) when it
    is given: on DuckDB that is a second read of two columns of the file, where counting them
    in ``t`` makes the engine keep every row of ``t`` in memory to use it twice (0.3 s of
    processor time and about 0.25 GiB at 5M pupils).
    """
    if request.rank_source == "given":
        return t.mutate(_x=t.parent_rank.cast("float64"))
    # The join keys are plain columns on both sides: Ibis would otherwise take a cast on the
    # left for the same cast on the right and join the right side with itself.
    keyed = t.mutate(_year=t.year.cast("int64"), _income=t.parent_income.cast("float64"))
    counted = keyed
    if source is not None:
        counted = source.select(
            _year=source.year.cast("int64"), _income=source.parent_income.cast("float64")
        )
    incomes = counted.group_by(["_year", "_income"]).aggregate(_ties=counted.count())
    cumulative = ibis.window(group_by="_year", order_by="_income", rows=(None, 0))
    below = incomes._ties.sum().over(cumulative) - incomes._ties
    pupils = incomes._ties.sum().over(group_by="_year")
    # ``income - income`` is 0 for a finite income (the rank unchanged: x + 0.0 is x) and NaN
    # for NaN or infinity, so that such a pupil's rank is NaN (segment -1: see
    # :func:`segment_index`); on the distinct incomes, not on every pupil.
    ranks = incomes.select(
        _rank_year="_year",
        _rank_income="_income",
        _x=(below.cast("float64") + (incomes._ties.cast("float64") + 1.0) / 2.0)
        / pupils.cast("float64")
        + (incomes._income - incomes._income),
    )
    joined = keyed.join(
        ranks, [keyed._year == ranks._rank_year, keyed._income == ranks._rank_income]
    )
    return joined.drop("_year", "_income", "_rank_year", "_rank_income")


def prepared_pupils(t: ir.Table, request: PupilRequest, rule: AdviceRule) -> ir.Table:
    """One row per pupil: year, area codes, subgroups, parental rank and the outcomes.

    Parameters
    ----------
    t : ibis Table
        The checked pupil data.
    request : PupilRequest
        The checked request (with advice positions).
    rule : AdviceRule
        How advice outcomes are defined.

    Returns
    -------
    ibis Table
        Columns ``year``, the level columns (strings), the subgroup columns (strings, empty as
        ``"unknown"``), ``x`` (parental rank) and one float64 column per outcome (``o0``, ...,
        minus the outcome's centre).
    """
    # Only the columns the sums need, with the advice spellings mapped to positions once per
    # pupil before the rank is joined on: the join then carries small integers, not three text
    # columns (the sum step at 5M pupils 2.5 -> 2.1 s of processor time).
    columns: dict[str, Any] = {"year": t.year.cast("int64")}
    for level in request.levels:
        columns[level] = t[level].cast("string")
    for subgroup in request.subgroups:
        unknown = ibis.literal(UNKNOWN_SUBGROUP)
        columns[subgroup] = ibis.coalesce(t[subgroup].cast("string"), unknown)
    value_column = "parent_rank" if request.rank_source == "given" else "parent_income"
    kept = dict.fromkeys([value_column, *(o.name for o in request.numeric_outcomes)])
    source = t
    t = t.select(
        *(t[name] for name in kept if name not in columns),
        **columns,
        **_advice_positions(t, request, rule),
    )
    t = with_parental_rank(t, request, source)
    outcome_values = _outcomes(t, request, rule)
    return t.select(
        *columns,
        x=t._x,
        **{f"o{i}": outcome_values[outcome.name] for i, outcome in enumerate(request.outcomes)},
    )


def segment_index(x: ir.FloatingValue) -> ir.IntegerValue:
    """The segment of the rank scale each pupil is in (see :class:`._bands.Segment`).

    -1 for a rank that is not a number from 0 to 1: a not-a-number or infinite income or
    given rank (see :func:`has_non_finite_rank`). The test costs only the pupils of the last
    segment one comparison more.
    """
    last = len(SEGMENT_EDGES)
    return ibis.cases(
        *((x <= ibis.literal(edge, "float64"), k) for k, edge in enumerate(SEGMENT_EDGES)),
        (x <= ibis.literal(1.0, "float64"), last),
        else_=-1,
    ).cast("int8")


def has_non_finite_rank(fine: pd.DataFrame) -> bool:
    """Whether the sums of :func:`grouped_sums` hold pupils whose rank is not a number.

    That is, pupils with a not-a-number or infinite income or given rank: the check that
    ``check_values(..., defer_finite=True)`` leaves to the sum query, which reads the column
    anyway (at 5M pupils the check's scan about 0.04 s of processor time less).
    """
    return bool((fine["segment"].to_numpy() < 0).any())


def grouped_sums(t: ir.Table, request: PupilRequest, rule: AdviceRule) -> ir.Table:
    """The one grouped aggregation: sums per (year, areas, subgroups, segment of rank).

    Parameters
    ----------
    t : ibis Table
        The checked pupil data.
    request : PupilRequest
        The checked request.
    rule : AdviceRule
        How advice outcomes are defined.

    Returns
    -------
    ibis Table
        Keys ``year``, the level and subgroup columns and ``segment``; per mask ``m<i>_n``,
        ``m<i>_sx``, ``m<i>_sxx`` and per outcome ``o<j>_sy``, ``o<j>_sxy`` (and ``o<j>_syy``
        for outcomes that are not 0/1), with ``dx = rank - 0.5``.
    """
    pupils = prepared_pupils(t, request, rule)
    pupils = pupils.mutate(segment=segment_index(pupils.x), dx=pupils.x - SUM_CENTRE)
    columns: dict[str, ir.Value] = {}
    aggregates: dict[str, ir.Scalar] = {}
    for i, mask in enumerate(request.masks):
        first = next(o for o in request.outcomes if o.mask == mask)
        y = pupils[f"o{request.outcomes.index(first)}"]
        columns[f"dx{i}"] = ibis.ifelse(y.notnull(), pupils.dx, ibis.null("float64"))
    pupils = pupils.mutate(**columns)
    for i, mask in enumerate(request.masks):
        masked = pupils[f"dx{i}"]
        aggregates[mask_column(request, mask, "n")] = masked.count()
        aggregates[mask_column(request, mask, "sx")] = masked.sum()
        aggregates[mask_column(request, mask, "sxx")] = (masked * masked).sum()
    for outcome in request.outcomes:
        y = pupils[f"o{request.outcomes.index(outcome)}"]
        aggregates[outcome_column(request, outcome, "sy")] = y.sum()
        aggregates[outcome_column(request, outcome, "sxy")] = (pupils.dx * y).sum()
        if outcome.kind == "mean":
            aggregates[outcome_column(request, outcome, "syy")] = (y * y).sum()
    keys = ["year", *request.levels, *request.subgroups, "segment"]
    return pupils.group_by(keys).aggregate(**aggregates)
