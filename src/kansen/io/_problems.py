"""Problems found in input files, and the exception that carries them.

Importers never stop at the first problem: they collect every problem in a :class:`ProblemLog`
and raise :class:`ImportRejected` with all of them at the end, so a user can fix a file in one
go. Row numbers are what a user sees in a spreadsheet (the header is row 1); for GeoJSON they are
1-based feature numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

#: Suffixes of files whose "rows" are GeoJSON features.
_FEATURE_SUFFIXES = (".geojson", ".json")
#: How many problems the exception message lists before summarising the rest.
_MESSAGE_LIMIT = 20


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    Attributes
    ----------
    file : str
        The file name as given (without directories).
    row : int or None
        1-based row as a user sees it in a spreadsheet (header = row 1), or the 1-based feature
        number in a GeoJSON file; None for problems with the whole file.
    column : str or None
        The column header (or GeoJSON property name) the problem is in.
    message : str
        What is wrong, in plain English.
    expected : str or None
        What was expected instead.
    severity : {"error", "warning"}
        Errors reject the file; warnings are reported and the import goes on.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        """Return e.g. ``wijken.csv, row 12, column 'Bevolking': value 'abc' is not a number``."""
        where = [self.file]
        if self.row is not None:
            kind = "feature" if self.file.lower().endswith(_FEATURE_SUFFIXES) else "row"
            where.append(f"{kind} {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        prefix = "warning: " if self.severity == "warning" else ""
        text = f"{', '.join(where)}: {prefix}{self.message}"
        if self.expected:
            text += f" (expected: {self.expected})"
        return text


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort problems by row, file-wide problems (row None) first; stable otherwise.

    Parameters
    ----------
    problems : iterable of Problem
        The problems in the order they were found.

    Returns
    -------
    list of Problem
        The problems sorted by row.
    """
    return sorted(problems, key=lambda p: (p.row is not None, p.row or 0))


class ImportRejected(Exception):
    """Raised when a file cannot be imported; carries every problem found (not only the first).

    Parameters
    ----------
    problems : iterable of Problem
        All errors and warnings found in the file.

    Attributes
    ----------
    problems : list of Problem
        All errors (and warnings), sorted by row.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sort_problems(problems)
        super().__init__(self._summary())

    @property
    def errors(self) -> list[Problem]:
        """The problems with severity "error"."""
        return [p for p in self.problems if p.severity == "error"]

    def _summary(self) -> str:
        errors = self.errors
        file = errors[0].file if errors else "the file"
        lines = [f"{file} was rejected with {len(errors)} error(s):"]
        lines += [f"  {p}" for p in errors[:_MESSAGE_LIMIT]]
        if len(errors) > _MESSAGE_LIMIT:
            lines.append(f"  ... and {len(errors) - _MESSAGE_LIMIT} more")
        return "\n".join(lines)


@dataclass
class ProblemLog:
    """Collects the problems of one file.

    Parameters
    ----------
    file : str
        The file name used in every problem.
    """

    file: str
    problems: list[Problem] = field(default_factory=list)

    def error(
        self, row: int | None, column: str | None, message: str, expected: str | None = None
    ) -> None:
        """Record an error.

        Parameters
        ----------
        row : int or None
            1-based spreadsheet row or feature number.
        column : str or None
            Column header or property name.
        message : str
            What is wrong.
        expected : str or None
            What was expected.
        """
        self.problems.append(Problem(self.file, row, column, message, expected, "error"))

    def warning(self, row: int | None, column: str | None, message: str) -> None:
        """Record a warning.

        Parameters
        ----------
        row : int or None
            1-based spreadsheet row or feature number.
        column : str or None
            Column header or property name.
        message : str
            What was noticed or changed.
        """
        self.problems.append(Problem(self.file, row, column, message, None, "warning"))

    @property
    def has_errors(self) -> bool:
        """Whether any error was recorded."""
        return any(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, sorted by row."""
        return sort_problems(p for p in self.problems if p.severity == "warning")

    def raise_if_errors(self) -> None:
        """Raise :class:`ImportRejected` with all problems when any error was recorded.

        Raises
        ------
        ImportRejected
            When at least one error was recorded.
        """
        if self.has_errors:
            raise ImportRejected(self.problems)
