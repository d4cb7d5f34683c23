"""The input schema (one row per pupil), the problems found in it and the resolved request.

Columns
-------
============== ============================ ===============================================
column         type                         meaning
============== ============================ ===============================================
buurt          string                       CBS buurt code, e.g. ``BU99990101``
wijk           string                       CBS wijk code, e.g. ``WK999901``
gemeente       string                       CBS gemeente code, e.g. ``GM9999``
pc4            string or integer            four-digit postcode area, e.g. ``9990``
year           integer                      school year or cohort; ranks and estimates are
                                            per year
parent_income  number >= 0                  household pre-tax income of the parents
                                            (averaged over some years); ranked per year
parent_rank    number in [0, 1]             a rank computed elsewhere, instead of
                                            ``parent_income``
school_advice  string (advice level)        the school's advice (schooladvies)
test_advice    string (advice level)        the advice of the final test (toetsadvies)
revised_advice string (advice level)        the revised school advice, empty when not
                                            revised
<subgroup>     string, integer or boolean   any column named in ``subgroups``, e.g.
                                            ``gender``
<outcome>      number or boolean            any column named in ``outcomes``
============== ============================ ===============================================

Only the area columns of the requested levels are needed, and ``parent_income`` or
``parent_rank``. Advice columns are optional: at least havo needs ``school_advice``, under- and
over-advice also ``test_advice``. Advice values are spelled as in :mod:`._advice`; an empty or
blank advice is missing (the pupil does not count for that outcome). Area codes, ``year``,
``parent_income`` and ``parent_rank`` must not be empty. An empty subgroup value becomes the
value ``"unknown"``. An empty numeric outcome means the pupil does not count for that outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

#: Area levels in the order results are reported.
AREA_LEVELS: tuple[str, ...] = ("buurt", "wijk", "gemeente", "pc4")
#: Levels that nest: each buurt lies in one wijk, each wijk in one gemeente.
NESTED_LEVELS: tuple[str, ...] = ("buurt", "wijk", "gemeente")
#: The outcomes derived from the advice columns.
ADVICE_OUTCOMES: tuple[str, ...] = ("under_advice", "over_advice", "at_least_havo")
ADVICE_COLUMNS: tuple[str, ...] = ("school_advice", "test_advice", "revised_advice")
#: Value given to pupils whose subgroup column is empty.
UNKNOWN_SUBGROUP = "unknown"
#: The subgroup and subgroup value of the cells over all pupils.
ALL = "all"

_RESERVED = frozenset(
    {
        *AREA_LEVELS,
        *ADVICE_OUTCOMES,
        *ADVICE_COLUMNS,
        "year",
        "parent_income",
        "parent_rank",
        "band",
        "level",
        "outcome",
    }
)
_EXAMPLE_LIMIT = 5
_MESSAGE_LIMIT = 30

RankSource = Literal["income", "given"]
OutcomeKind = Literal["share", "mean"]


@dataclass(frozen=True)
class PupilColumn:
    """One column of the documented input schema.

    Attributes
    ----------
    name : str
        Column name.
    kind : str
        Accepted types.
    needed : str
        When the column is needed.
    meaning : str
        What the column holds.
    """

    name: str
    kind: str
    needed: str
    meaning: str


#: The documented input columns (see the module documentation).
PUPIL_SCHEMA: tuple[PupilColumn, ...] = (
    PupilColumn("buurt", "string", "level buurt", "CBS buurt code"),
    PupilColumn("wijk", "string", "level wijk", "CBS wijk code"),
    PupilColumn("gemeente", "string", "level gemeente", "CBS gemeente code"),
    PupilColumn("pc4", "string or integer", "level pc4", "four-digit postcode area"),
    PupilColumn("year", "integer", "always", "school year or cohort"),
    PupilColumn("parent_income", "number >= 0", "unless parent_rank", "parental income"),
    PupilColumn("parent_rank", "number in [0, 1]", "instead of parent_income", "given rank"),
    PupilColumn("school_advice", "advice level", "advice outcomes", "school advice"),
    PupilColumn("test_advice", "advice level", "under-/over-advice", "test advice"),
    PupilColumn("revised_advice", "advice level", "optional", "revised school advice"),
)


@dataclass(frozen=True)
class ColumnProblem:
    """One problem with the pupil data: a missing or mistyped column, or invalid values.

    Attributes
    ----------
    column : str or None
        The column; None for problems with the request or the table as a whole.
    message : str
        What is wrong.
    expected : str or None
        What was expected instead.
    count : int or None
        How many rows (or areas) have the problem.
    examples : tuple of str
        A few offending values.
    """

    column: str | None
    message: str
    expected: str | None = None
    count: int | None = None
    examples: tuple[str, ...] = ()

    def __str__(self) -> str:
        """Return e.g. ``column 'parent_rank': 3 values outside 0-1, e.g. 1.2, -0.1``."""
        text = f"column '{self.column}': " if self.column else ""
        text += self.message
        if self.examples:
            text += ", e.g. " + ", ".join(self.examples)
        if self.expected:
            text += f" (expected: {self.expected})"
        return text


class PupilDataRejected(ValueError):
    """Raised when the pupil data cannot be used; carries every problem found.

    Parameters
    ----------
    problems : iterable of ColumnProblem
        All problems found.

    Attributes
    ----------
    problems : list of ColumnProblem
        All problems found, in the order of the checks.
    """

    def __init__(self, problems: Iterable[ColumnProblem]) -> None:
        self.problems: list[ColumnProblem] = list(problems)
        lines = [f"the pupil data was rejected with {len(self.problems)} problem(s):"]
        lines += [f"  {problem}" for problem in self.problems[:_MESSAGE_LIMIT]]
        if len(self.problems) > _MESSAGE_LIMIT:
            lines.append(f"  ... and {len(self.problems) - _MESSAGE_LIMIT} more")
        super().__init__("\n".join(lines))


def format_examples(values: Iterable[object]) -> tuple[str, ...]:
    """Up to five values as short strings for a problem message."""
    shown = []
    for value in values:
        text = repr(value) if isinstance(value, str) else str(value)
        shown.append(text if len(text) <= 40 else text[:37] + "...")
        if len(shown) == _EXAMPLE_LIMIT:
            break
    return tuple(shown)


@dataclass(frozen=True)
class Outcome:
    """An outcome to estimate.

    Attributes
    ----------
    name : str
        ``under_advice``, ``over_advice``, ``at_least_havo`` or a numeric column.
    kind : {"share", "mean"}
        ``"share"`` for 0/1 outcomes (the share rule applies), ``"mean"`` otherwise.
    mask : str
        Name of the set of pupils the outcome is defined for; outcomes with the same mask share
        their counts and sums of rank.
    centre : float
        Subtracted from the outcome before it is summed (the midpoint of its range for numeric
        outcomes, 0 for shares), so that sums of squares stay well conditioned.
    unit : float
        The coarsest grid the values could lie on, as far as disclosure control must assume: 1
        for a share (whole pupils), the range (maximum - minimum) of a numeric outcome.
    """

    name: str
    kind: OutcomeKind
    mask: str
    centre: float = 0.0
    unit: float = 1.0


@dataclass(frozen=True)
class PupilRequest:
    """What to compute, resolved against the columns of the input.

    Attributes
    ----------
    levels : tuple of str
        Area levels, in the order of :data:`AREA_LEVELS`.
    subgroups : tuple of str
        Subgroup columns.
    rank_source : {"income", "given"}
        Rank ``parent_income`` per year, or use ``parent_rank``.
    advice_columns : tuple of str
        The advice columns present and used.
    outcomes : tuple of Outcome
        The outcomes, advice outcomes first.
    integer_columns : tuple of str
        Area or subgroup columns stored as integers or booleans (cast to strings).
    advice_positions : dict
        Per advice column, the position on the scale of every distinct value (None for blank).
    """

    levels: tuple[str, ...]
    subgroups: tuple[str, ...]
    rank_source: RankSource
    advice_columns: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    integer_columns: tuple[str, ...] = ()
    advice_positions: Mapping[str, Mapping[str, int | None]] = field(default_factory=dict)

    @property
    def numeric_outcomes(self) -> tuple[Outcome, ...]:
        """The outcomes read from numeric columns."""
        return tuple(o for o in self.outcomes if o.name not in ADVICE_OUTCOMES)

    @property
    def masks(self) -> tuple[str, ...]:
        """The distinct masks, in order of first use."""
        return tuple(dict.fromkeys(o.mask for o in self.outcomes))


def _dtype_kind(dtype: object) -> str:
    if getattr(dtype, "is_null", lambda: False)():
        return "null"  # every value is empty; the value checks say so where it matters
    if getattr(dtype, "is_string", lambda: False)():
        return "string"
    if getattr(dtype, "is_boolean", lambda: False)():
        return "boolean"
    if getattr(dtype, "is_integer", lambda: False)():
        return "integer"
    if getattr(dtype, "is_numeric", lambda: False)():
        return "number"
    return str(dtype)


def resolve_request(
    columns: Mapping[str, object],
    *,
    levels: Sequence[str],
    subgroups: Sequence[str],
    outcomes: Sequence[str] | None,
    rank: Literal["auto", "income", "given"],
) -> PupilRequest:
    """Check the columns and types against the request.

    Parameters
    ----------
    columns : mapping of str to ibis DataType
        The input's schema.
    levels, subgroups, outcomes, rank
        As in :func:`kansen.opportunity.estimate_opportunity`.

    Returns
    -------
    PupilRequest
        The request with the kind of every outcome still provisional (numeric outcomes are
        ``"mean"`` until their values are checked).

    Raises
    ------
    PupilDataRejected
        With every missing or mistyped column.
    ValueError
        For an invalid request (unknown level, a subgroup that is a reserved column, ...).
    """
    unknown_levels = [lv for lv in levels if lv not in AREA_LEVELS]
    if not levels or unknown_levels or len(set(levels)) != len(levels):
        raise ValueError(
            f"levels must be distinct values among {', '.join(AREA_LEVELS)}; got {list(levels)}"
        )
    if rank not in ("auto", "income", "given"):
        raise ValueError(f"rank must be 'auto', 'income' or 'given', not {rank!r}")
    reserved = [s for s in subgroups if s in _RESERVED]
    if reserved or len(set(subgroups)) != len(subgroups):
        raise ValueError(
            f"subgroups must be distinct columns other than {sorted(_RESERVED)}; "
            f"got {list(subgroups)}"
        )
    problems: list[ColumnProblem] = []
    kinds = {name: _dtype_kind(dtype) for name, dtype in columns.items()}
    present = ", ".join(columns) or "none"
    integer_columns: list[str] = []

    def need(name: str, accepted: tuple[str, ...], expected: str, why: str) -> None:
        if name not in kinds:
            problems.append(
                ColumnProblem(
                    name,
                    f"missing column, needed for {why}",
                    f"{expected}; the columns are: {present}",
                )
            )
        elif kinds[name] not in (*accepted, "null"):
            problems.append(ColumnProblem(name, f"has type {kinds[name]}", expected))
        elif kinds[name] in ("integer", "boolean") and "string" in accepted:
            integer_columns.append(name)

    ordered_levels = tuple(lv for lv in AREA_LEVELS if lv in levels)
    for level in ordered_levels:
        accepted = ("string", "integer") if level == "pc4" else ("string",)
        need(level, accepted, "area codes as text", f"level {level}")
    need("year", ("integer",), "an integer year or cohort", "ranks and estimates per year")

    auto: RankSource = "given" if "parent_rank" in kinds else "income"
    rank_source: RankSource = auto if rank == "auto" else rank
    if rank_source == "given":
        need("parent_rank", ("number", "integer"), "a number from 0 to 1", "the given rank")
    else:
        need("parent_income", ("number", "integer"), "a number >= 0", "the parental rank")

    for name in subgroups:
        need(name, ("string", "integer", "boolean"), "text, integer or boolean", "a subgroup")

    available: list[str] = []
    if "school_advice" in kinds:
        if "test_advice" in kinds:
            available += ["under_advice", "over_advice"]
        available.append("at_least_havo")
    wanted = list(available) if outcomes is None else list(outcomes)
    resolved: list[Outcome] = []
    for name in wanted:
        if name in ADVICE_OUTCOMES:
            if name not in available:
                needed = (
                    "school_advice and test_advice"
                    if name != "at_least_havo"
                    else ("school_advice")
                )
                problems.append(
                    ColumnProblem(
                        None,
                        f"outcome {name!r} needs the column(s) {needed}",
                        f"the columns are: {present}",
                    )
                )
                continue
            mask = "advice" if name == "at_least_havo" else "advice_and_test"
            resolved.append(Outcome(name, "share", mask))
        elif name in _RESERVED or name in subgroups:
            raise ValueError(f"{name!r} cannot be an outcome: it is a reserved or subgroup column")
        else:
            need(name, ("number", "integer", "boolean"), "numbers or booleans", "an outcome")
            resolved.append(Outcome(name, "mean", f"outcome:{name}"))
    if len({o.name for o in resolved}) != len(resolved):
        raise ValueError(f"outcomes must be distinct; got {wanted}")
    used_advice = {o.name for o in resolved} & set(ADVICE_OUTCOMES)
    advice_columns: tuple[str, ...] = ()
    if used_advice:
        advice_columns = ("school_advice",)
        if used_advice - {"at_least_havo"}:
            advice_columns += ("test_advice",)
        if "revised_advice" in kinds:
            advice_columns += ("revised_advice",)
    for column in advice_columns:
        if kinds[column] not in ("string", "null"):
            problems.append(ColumnProblem(column, f"has type {kinds[column]}", "advice as text"))
    if not wanted:
        problems.append(
            ColumnProblem(
                None,
                "no outcome to estimate: there is no school_advice column and no outcome was named",
                f"school_advice (and test_advice), or outcomes=[...]; the columns are: {present}",
            )
        )
    if problems:
        raise PupilDataRejected(problems)
    order = {name: i for i, name in enumerate(ADVICE_OUTCOMES)}
    resolved.sort(key=lambda o: order.get(o.name, len(order)))
    return PupilRequest(
        levels=ordered_levels,
        subgroups=tuple(subgroups),
        rank_source=rank_source,
        advice_columns=advice_columns,
        outcomes=tuple(resolved),
        integer_columns=tuple(integer_columns),
    )
