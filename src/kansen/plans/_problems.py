"""Problems found in a plan: by the checks, or while reading a plan file.

A problem names the place in the document as a path a user can follow in the YAML or JSON
(``interventions[0].budget[2]``), says what is wrong in plain English, and carries the two
numbers that disagree, so a report or a test can show them without parsing the message.

Like every problem of the library (:mod:`kansen.problems`, ADR 0015) it travels as a code with
parameters: :attr:`Problem.code` names the check, :attr:`Problem.reason` says why a value could
not be read (``"euros"``, ``"unknown-field"``), and :data:`PROBLEM_TEXTS` holds the wording of
each, which the platform and the command line translate. The English :attr:`Problem.message`
keeps every detail for logs and the English command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kansen.io._limits import LIMIT_TEXTS
from kansen.problems import ProblemText, Severity


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (or missing from) a plan.

    Attributes
    ----------
    path : str
        Where, e.g. ``"financial_overview.years[0].total_costs"``; empty for the whole plan.
    severity : {"error", "warning"}
        Errors make a plan unfit to submit; warnings ask for attention.
    code : str
        Which check found it, e.g. ``"total-mismatch"`` (see :data:`PROBLEM_CODES`).
    message : str
        What is wrong, in plain English, with the numbers.
    expected : Decimal or None
        The figure the document should show (computed from its parts, or a ceiling).
    found : Decimal or None
        The figure the document shows.
    related : tuple of str
        Other places the problem is about, as paths: the other use of a code used twice, the
        contributions that together exceed a ceiling.
    line : int or None
        The line of a plan file the problem is on, when read from YAML.
    reason : str
        For a ``format`` problem, why the value could not be read (a key of
        :data:`PROBLEM_TEXTS` after ``"format."``, e.g. ``"euros"``); "" otherwise.
    params : mapping
        The parameters of the wording (e.g. ``{"got": "'abc'"}``); ``expected``, ``found`` and
        ``difference`` (its size) are added from the figures.
    """

    path: str
    severity: Severity
    code: str
    message: str
    expected: Decimal | None = None
    found: Decimal | None = None
    related: tuple[str, ...] = ()
    line: int | None = None
    reason: str = field(default="", compare=False)
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.code == "format" and not self.reason:  # known only by its English words
            object.__setattr__(self, "reason", "unreadable")
            object.__setattr__(self, "params", {"detail": self.message, **self.params})
        figures = {
            name: value
            for name, value in (
                ("expected", self.expected),
                ("found", self.found),
                ("difference", None if self.difference is None else abs(self.difference)),
            )
            if value is not None
        }
        if figures:
            object.__setattr__(self, "params", {**figures, **self.params})

    @property
    def text_code(self) -> str:
        """The key of the wording in :data:`PROBLEM_TEXTS`: ``format.<reason>`` or the code."""
        return f"{self.code}.{self.reason}" if self.reason else self.code

    @property
    def location(self) -> str:
        """Where: the path (``(plan)`` for the whole plan), with the line when known."""
        where = self.path or "(plan)"
        return where + (f" (line {self.line})" if self.line is not None else "")

    def to_data(self) -> dict[str, Any]:
        """The problem as JSON data (figures as text), as ``kansen plan check --json`` and the
        plans API give it.

        >>> Problem("title", "error", "format", "not a text", reason="text").to_data()["reason"]
        'text'
        >>> problem = Problem("", "error", "total-mismatch", "off", Decimal(3), Decimal(5))
        >>> problem.to_data()["params"]
        {'expected': '3', 'found': '5', 'difference': '2'}
        """
        return {
            "path": self.path,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "expected": None if self.expected is None else str(self.expected),
            "found": None if self.found is None else str(self.found),
            # the wording's key is code.reason (PROBLEM_TEXTS), by params
            "reason": self.reason,
            "params": {k: str(v) if isinstance(v, Decimal) else v for k, v in self.params.items()},
        }

    @property
    def difference(self) -> Decimal | None:
        """``found - expected`` when both are known."""
        if self.expected is None or self.found is None:
            return None
        return self.found - self.expected

    def __str__(self) -> str:
        return f"{self.severity}: {self.location}: {self.message}"


class PlanValueError(ValueError):
    """A value that cannot be read, with why as a reason and parameters (see
    :data:`PROBLEM_TEXTS`); its text is the English message.

    >>> error = PlanValueError("expected text; got 5", "text", got="5")
    >>> str(error), error.reason, error.params
    ('expected text; got 5', 'text', {'got': '5'})
    """

    def __init__(self, message: str, reason: str, /, **params: Any) -> None:
        super().__init__(message)
        self.reason = reason
        self.params: dict[str, Any] = params


def format_problem(
    path: str, error: str | ValueError, reason: str = "", /, **params: Any
) -> Problem:
    """A ``format`` problem: a value at ``path`` that cannot be read.

    ``error`` is the English message, or a :class:`PlanValueError` carrying its reason and
    parameters; any other error, or a message without a reason, is ``format.unreadable`` with
    the message as its detail.
    """
    if not reason and isinstance(error, PlanValueError):
        reason, params = error.reason, {**error.params, **params}
    return Problem(path, "error", "format", str(error), reason=reason, params=params)


#: Every problem code with what it means.
PROBLEM_CODES: dict[str, str] = {
    "format": "the file does not describe a plan (wrong type, unknown or missing field)",
    "total-mismatch": "rows do not add up to the total the document states",
    "carry-over": "what year N leaves is not what year N+1 carries over",
    "year-sequence": "years of the financial overview are not consecutive",
    "means-short": "the means of a year do not cover its costs",
    "financing-short": "the financing does not cover the budget",
    "financing-surplus": "the financing is more than the budget",
    "ceiling-exceeded": "a contribution is above its ceiling",
    "ceiling-unknown": "no ceiling is on record for a contribution, so it was not checked",
    "pm-open": "a budget or financing line is still PM (not known yet)",
    "budget-year": "a budget line has no year, or a year (of a budget line or of the financial "
    "overview) outside the plan's period (an error under a template for a fixed period)",
    "negative-amount": "a budget line or contribution is below zero",
    "outside-period": "a theme, effort or phase is planned (partly) outside the plan's period",
    "behind-schedule": "past its end quarter and not done",
    "planning-order": "ends before it starts",
    "planning-outside-theme": "an effort is planned outside its theme's quarters",
    "code-mismatch": "a code does not belong under its parent",
    "duplicate-code": "an action line, theme or effort code is used twice",
    "unknown-reference": "refers to a stakeholder or action line the plan does not list",
    "duplicate-id": "two stakeholders share an id",
    "frequency-unknown": "a meeting frequency that cannot be turned into calendar entries",
    "area-code": "not a CBS neighbourhood code",
    "required-empty": "a field required for submission is still empty",
    "unknown-template": "the plan names a template that is not on record",
}


#: The wording of every check and of every reason a value cannot be read (``format.<reason>``),
#: translated by the platform and the command line; ``{expected}``, ``{found}`` and
#: ``{difference}`` are amounts in euros.
PROBLEM_TEXTS: dict[str, ProblemText] = {
    "total-mismatch": ProblemText(
        "The rows add up to {expected}, but the stated total is {found} (a difference of "
        "{difference})."
    ),
    "carry-over": ProblemText(
        "The year before leaves {expected}, but this year carries over {found}."
    ),
    "means-short": ProblemText("The means do not cover the costs: short by {difference}."),
    "financing-short": ProblemText(
        "The financing ({found}) does not cover the budget ({expected}): short by {difference}."
    ),
    "financing-surplus": ProblemText(
        "The financing ({found}) is more than the budget ({expected})."
    ),
    "ceiling-exceeded": ProblemText(
        "The contribution of {found} is above the ceiling of {expected} (by {difference})."
    ),
    "ceiling-unknown": ProblemText(
        "No ceiling is on record for this contribution ({found}), so it was not checked."
    ),
    "format": ProblemText("The value does not fit the plan's layout."),
    "year-sequence": ProblemText("The years of the financial overview are not consecutive."),
    "pm-open": ProblemText("The amount is still PM (not known yet)."),
    "budget-year": ProblemText(
        "No year, or a year outside the period (of the plan, or of its template: then it "
        "cannot be submitted)."
    ),
    "negative-amount": ProblemText(
        "The amount is below zero: a cost or a contribution is 0 or more."
    ),
    "outside-period": ProblemText("It is planned outside the plan's period."),
    "duplicate-code": ProblemText("The code is used twice."),
    "behind-schedule": ProblemText("Its end quarter is past and it is not done."),
    "planning-order": ProblemText("It ends before it starts."),
    "planning-outside-theme": ProblemText("The effort is planned outside its theme's quarters."),
    "code-mismatch": ProblemText("The code does not belong under its parent."),
    "unknown-reference": ProblemText("It refers to an organisation or action line the plan lacks."),
    "duplicate-id": ProblemText("Two organisations share the same short name (id)."),
    "frequency-unknown": ProblemText("The frequency cannot be turned into calendar entries."),
    "area-code": ProblemText("This is not a CBS neighbourhood code (such as BU99990101)."),
    "required-empty": ProblemText("Still empty, but required for submission."),
    "unknown-template": ProblemText(
        "The template is not on record: required fields and ceilings were not checked."
    ),
    # Why a value of a plan file or form cannot be read (code "format").
    "format.text": ProblemText("expected text; got {got}"),
    "format.whole-number": ProblemText("expected a whole number; got {got}"),
    "format.yes-no": ProblemText("expected yes or no; got {got}"),
    "format.choice": ProblemText("expected one of {allowed}; got {got}"),
    "format.unknown-field": ProblemText("unknown field {field}; expected one of {fields}"),
    "format.missing-field": ProblemText("the field {field} is missing"),
    "format.list": ProblemText("expected a list; got {got}"),
    "format.mapping": ProblemText("expected fields (a mapping); got {got}"),
    "format.date": ProblemText("expected a date such as 2021-03-01; got {got}"),
    "format.schema-version": ProblemText("expected schema_version {version}; got {got}"),
    "format.quarter": ProblemText("expected a quarter such as Q1 2024; got {got}"),
    "format.planning-end": ProblemText(
        "expected a quarter such as Q4 2026, Lopend or Q3 2024/Lopend; got {got}"
    ),
    "format.period": ProblemText("expected years such as 2021-2024; got {got}"),
    "format.euros": ProblemText(
        "expected an amount in euros such as 210000 or 173.00, or PM; got {got}"
    ),
    "format.thousands": ProblemText(
        "{got} has a thousands separator: write {digits} (no dots or commas between thousands)"
    ),
    "format.key-twice": ProblemText(
        "the key {key} is given twice (lines {first} and {second}); give it once"
    ),
    "format.not-valid": ProblemText("not valid {format}: {error}"),
    "format.unreadable": ProblemText("cannot be read: {detail}"),
    "format.item-id": ProblemText("expected an id such as '{example}'; got {got}"),
    "format.item-id-twice": ProblemText(
        "the id {id} is given twice (also at {other}); every item of a plan has its own"
    ),
    # A file beyond a reading limit (too large, nested too deeply, YAML aliases).
    **{f"format.{code}": ProblemText(text.message) for code, text in LIMIT_TEXTS.items()},
}


class PlanFormatError(ValueError):
    """A file or dict that does not describe a plan; carries every problem found.

    Parameters
    ----------
    problems : iterable of Problem
        All problems, with the path of each.
    source : str
        The file name (or "data") for the message.

    Attributes
    ----------
    problems : tuple of Problem
        All problems found.
    """

    def __init__(self, problems: Iterable[Problem], source: str = "data") -> None:
        self.problems = tuple(problems)
        lines = [f"{source} does not describe a plan ({len(self.problems)} problem(s)):"]
        lines += [
            f"  {problem.path or '(top)'}"
            + (f" (line {problem.line})" if problem.line is not None else "")
            + f": {problem.message}"
            for problem in self.problems
        ]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class CheckReport:
    """Every problem the checks found in one plan, in document order per check.

    Attributes
    ----------
    problems : tuple of Problem
        All problems.
    """

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems with severity "error"."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems with severity "warning"."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """Whether there is no error (warnings allowed)."""
        return not self.errors

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)
