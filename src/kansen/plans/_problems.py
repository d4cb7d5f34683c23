"""Problems found in a plan: by the checks, or while reading a plan file.

A problem names the place in the document as a path a user can follow in the YAML or JSON
(``interventions[0].budget[2]``), says what is wrong in plain English, and carries the two
numbers that disagree, so a report or a test can show them without parsing the message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Severity = Literal["error", "warning"]


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
    """

    path: str
    severity: Severity
    code: str
    message: str
    expected: Decimal | None = None
    found: Decimal | None = None
    related: tuple[str, ...] = ()
    line: int | None = None

    @property
    def difference(self) -> Decimal | None:
        """``found - expected`` when both are known."""
        if self.expected is None or self.found is None:
            return None
        return self.found - self.expected

    def __str__(self) -> str:
        where = self.path or "(plan)"
        if self.line is not None:
            where += f" (line {self.line})"
        return f"{self.severity}: {where}: {self.message}"


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
