"""Problems found in input files, and the exception that carries them.

Importers never stop at the first problem: they collect every problem in a :class:`ProblemLog`
and raise :class:`ImportRejected` with all of them at the end, so a user can fix a file in one
go. Row numbers are what a user sees in a spreadsheet (the header is row 1); for GeoJSON they are
1-based feature numbers.

A problem travels as a *code* with *parameters* (``"value.not_a_number"``, ``{"value": "abc"}``)
beside its English text: :data:`PROBLEM_TEXTS` holds the English wording of every code, and the
platform (``kansen.web.areas.problems``) and the command line translate the code with gettext
(:mod:`kansen.problems`, ADR 0015). Nobody parses a sentence back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kansen.problems import ProblemText, Severity

from ._codes import CODE_EXPECTED as _CODE_EXPECTED
from ._limits import LIMIT_TEXTS

#: Suffixes of files whose "rows" are GeoJSON features.
_FEATURE_SUFFIXES = (".geojson", ".json")
#: How many problems a :class:`ProblemLog` keeps in full before it only counts them.
PROBLEMS_KEPT = 10_000
#: How many problems the exception message lists before summarising the rest.
_MESSAGE_LIMIT = 20


_POINT_EXPECTED = (
    "a number such as 12.5 or 12,5, or '.' for a suppressed value ('x' secret, '-' zero, "
    "empty or '?' missing)"
)
_COMMA_EXPECTED = (
    "a number with a decimal comma such as 12,5 or 1.234,5 (this column uses decimal commas), "
    "or '.' for a suppressed value"
)
_YEAR_EXPECTED = "a year from 1900 to 2100, such as 2019 or the StatLine period 2019JJ00"

#: Every problem code of the readers (values, tables, school locations) with its English wording;
#: the platform has a translation for each (a test compares the two lists).
PROBLEM_TEXTS: dict[str, ProblemText] = {
    "file.year_out_of_range": ProblemText(
        "the year given ({year}) is outside 1900-2100", _YEAR_EXPECTED
    ),
    "file.no_header": ProblemText("the file has no header row", "a header row with column names"),
    "file.text_above_header": ProblemText("text above the header skipped: '{text}'"),
    "header.missing": ProblemText(
        "column {letter} has values but no header", "a name for every column"
    ),
    "header.twice": ProblemText("this header is used twice (columns {first} and {second})"),
    "file.no_code_column": ProblemText("no column with CBS area codes found", _CODE_EXPECTED),
    "file.no_period": ProblemText(
        "the file has no period column and no year was given",
        "a column 'Perioden', 'jaar' or 'year', or the year of the file",
    ),
    "column.descriptive": ProblemText("descriptive column, not read as indicator"),
    "file.no_indicators": ProblemText(
        "the file has no indicator columns", "a column per indicator next to the area code"
    ),
    "row.after_data": ProblemText("row after the data skipped: '{text}'"),
    "code.invalid": ProblemText("value '{value}' is not a CBS area code", _CODE_EXPECTED),
    "code.empty": ProblemText("the area code is empty", _CODE_EXPECTED),
    "row.width": ProblemText(
        "the row has {cells} cells but the header has {width}", "one cell per column"
    ),
    "row.duplicate": ProblemText(
        "{code} for {year} also appears in row {row}", "one row per area and year"
    ),
    "year.invalid": ProblemText("value '{value}' is not a year", _YEAR_EXPECTED),
    "year.empty": ProblemText("the period is empty", _YEAR_EXPECTED),
    "year.out_of_range": ProblemText("year {year} is outside 1900-2100", _YEAR_EXPECTED),
    "year.differs": ProblemText("year {year} differs from the year given ({given})"),
    "unit.percent_assumed": ProblemText("no unit in the header; '%' assumed"),
    "column.code_taken": ProblemText("code '{base}' was taken; '{code}' is used"),
    "column.text": ProblemText(
        "the column holds text, not numbers (e.g. {examples})", "numbers; leave out text columns"
    ),
    "value.not_a_number": ProblemText("value '{value}' is not a number", _POINT_EXPECTED),
    "value.not_a_number_comma": ProblemText("value '{value}' is not a number", _COMMA_EXPECTED),
    "value.share_out_of_range": ProblemText(
        "{value} is not a share (the column's unit is %)", "a share from 0 to 100"
    ),
    "column.thousands": ProblemText(
        "values such as '{example}' were read with '.' as decimal point, but other columns use "
        "decimal commas: check whether '.' is a thousands separator here"
    ),
    "column.excel_percent": ProblemText(
        "Excel shows these numbers as percentages; the stored fractions were used (0.125 for 12.5%)"
    ),
    # Reading a CSV or Excel file (every importer).
    "table.old_xls": ProblemText("old Excel .xls files cannot be read", "an .xlsx or CSV file"),
    "table.csv_line": ProblemText(
        "line {line} cannot be read as CSV ({detail})",
        "a CSV file with a delimiter ; , or tab and balanced quotes",
    ),
    "table.bad_utf16": ProblemText("the file is not valid UTF-16 text ({detail})", "{excel}"),
    "table.binary": ProblemText(
        "the file is not a text (CSV) file: line {line} has binary data", "a CSV or .xlsx file"
    ),
    "table.not_utf8": ProblemText(
        "the file is not UTF-8 (line {line} has a byte that is not UTF-8); letters outside "
        'Windows-1252 may already have been lost. In Excel choose Save as, "{excel}"',
        "a CSV file saved as {excel}",
    ),
    "table.bad_workbook": ProblemText(
        "the file cannot be read as an Excel workbook ({detail})", ".xlsx"
    ),
    "table.sheets": ProblemText("the workbook has {count} sheets; read '{sheet}'"),
    "table.no_sheet": ProblemText("the workbook has no sheet {sheet}", "one of {sheets}"),
    "table.bad_row": ProblemText(
        "row {row} of the sheet cannot be read ({detail})", ".xlsx as Excel saves it"
    ),
    # School locations.
    "facilities.empty": ProblemText("the file is empty", "a header row and one row per location"),
    "facilities.no_code_column": ProblemText("no code column", "one of the columns {columns}"),
    "facilities.no_name_column": ProblemText("no name column", "one of the columns {columns}"),
    "facilities.no_coordinates": ProblemText(
        "no coordinates", "columns x and y (EPSG:28992) or lat and lon"
    ),
    "facilities.no_levels": ProblemText(
        "nothing says what the school offers",
        "a column offers_havo_vwo (ja/nee) or type (e.g. HAVO/VWO, VMBO)",
    ),
    "facilities.code_empty": ProblemText("the location code is empty", "a code"),
    "facilities.code_twice": ProblemText("{code} is also on row {row}", "one row per location"),
    "facilities.not_yes_no": ProblemText("'{value}' is not yes or no", "ja/nee, true/false or 1/0"),
    "facilities.rd_outside": ProblemText(
        "{location} is not a location in the Netherlands",
        "x 0-300,000 and y 289,000-629,000 metres (EPSG:28992)",
    ),
    "facilities.wgs_outside": ProblemText(
        "{location} is not a location in the Netherlands",
        "latitude 50-54 and longitude 3-8 degrees",
    ),
    # Boundaries (GeoJSON).
    "geo.dropped": ProblemText("{code} '{name}' is left out (drop_codes)"),
    "geo.code_twice": ProblemText("code {code} also appears in feature {feature}"),
    "geo.no_areas": ProblemText("the file contains no areas"),
    "geo.not_utf8": ProblemText("the file is not UTF-8 text (byte {byte})", "UTF-8 GeoJSON"),
    "geo.bad_json": ProblemText(
        "the file is not valid JSON: {detail} at line {line}, column {column}",
        "a GeoJSON FeatureCollection",
    ),
    "geo.no_feature_list": ProblemText(
        "the FeatureCollection has no list of features", "a GeoJSON FeatureCollection"
    ),
    "geo.other_type": ProblemText("the file is a GeoJSON {kind}", "a GeoJSON FeatureCollection"),
    "geo.not_geojson": ProblemText(
        "the file is JSON but not GeoJSON", "a GeoJSON FeatureCollection"
    ),
    "geo.no_features": ProblemText("the file contains no features", "one feature per area"),
    "geo.no_code_field": ProblemText("no feature has the property '{field}' (code_field)"),
    "geo.no_code_property": ProblemText(
        "no property with area codes found", "one of the properties {names}, or give code_field"
    ),
    "geo.no_name_field": ProblemText("no feature has the property '{field}' (name_field)"),
    "geo.no_names": ProblemText("no property with area names found; names are left empty"),
    "geo.not_a_feature": ProblemText("this is not a GeoJSON Feature", "a Feature with properties"),
    "geo.code_missing": ProblemText("the area code is missing", _CODE_EXPECTED),
    "geo.code_invalid": ProblemText("value {value} is not a CBS area code", _CODE_EXPECTED),
    "geo.no_geometry": ProblemText("{code} has no geometry", "a Polygon or MultiPolygon"),
    "geo.geometry_kind": ProblemText(
        "the geometry of {code} is a {kind}", "a Polygon or MultiPolygon"
    ),
    "geo.geometry_empty": ProblemText(
        "the geometry of {code} is empty", "a Polygon or MultiPolygon"
    ),
    # A GeoJSON file beyond a limit: the limit's wording, a FeatureCollection expected.
    "geo.too_large": ProblemText(
        LIMIT_TEXTS["limit.file_size"].message, "a GeoJSON FeatureCollection"
    ),
    "geo.too_deep": ProblemText(
        LIMIT_TEXTS["limit.nesting"].message, "a GeoJSON FeatureCollection"
    ),
    # Every limit of kansen.io._limits (a file too large, a zip bomb, YAML aliases).
    **LIMIT_TEXTS,
}


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
    code : str
        What kind of problem, e.g. ``"value.not_a_number"`` (a key of :data:`PROBLEM_TEXTS`
        or of the platform's own codes); "" for a problem known only by its English text.
    params : dict
        The parameters of the code's wording, e.g. ``{"value": "abc"}``.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str | None = None
    severity: Severity = "error"
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def of(
        cls,
        code: str,
        file: str,
        row: int | None,
        column: str | None,
        severity: Severity = "error",
        /,
        **params: Any,
    ) -> Problem:
        """A problem by code, its English text filled in from :data:`PROBLEM_TEXTS`.

        >>> Problem.of("value.not_a_number", "wijken.csv", 3, "Inwoners", value="abc").message
        "value 'abc' is not a number"
        """
        return cls.worded(PROBLEM_TEXTS[code], code, file, row, column, severity, **params)

    @classmethod
    def worded(
        cls,
        text: ProblemText,
        code: str,
        file: str,
        row: int | None,
        column: str | None,
        severity: Severity = "error",
        /,
        **params: Any,
    ) -> Problem:
        """A problem by code in the words of ``text`` (a reader's own table of texts).

        >>> dutch = ProblemText("{value!r} is geen getal", "een getal")
        >>> Problem.worded(dutch, "value.not_a_number", "a.csv", 3, "n", value="abc").message
        "'abc' is geen getal"
        """
        return cls(
            file,
            row,
            column,
            text.message.format(**params),
            text.expected.format(**params) or None,
            severity,
            code,
            dict(params),
        )

    @property
    def text_code(self) -> str:
        """The key of the wording in :data:`PROBLEM_TEXTS`: the code itself."""
        return self.code

    @property
    def is_feature(self) -> bool:
        """Whether :attr:`row` numbers a GeoJSON feature rather than a spreadsheet row."""
        return self.file.lower().endswith(_FEATURE_SUFFIXES)

    @property
    def location(self) -> str:
        """Where, e.g. ``wijken.csv, row 12, column 'Bevolking'``."""
        where = [self.file]
        if self.row is not None:
            where.append(f"{'feature' if self.is_feature else 'row'} {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return ", ".join(where)

    def __str__(self) -> str:
        """Return e.g. ``wijken.csv, row 12, column 'Bevolking': value 'abc' is not a number``."""
        prefix = "warning: " if self.severity == "warning" else ""
        text = f"{self.location}: {prefix}{self.message}"
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
    partial : object, optional
        What could be read in spite of the problems (e.g. the rows with a valid area code), so
        that a caller can add its own checks to the same report; None when nothing could.

    Attributes
    ----------
    problems : list of Problem
        All errors (and warnings), sorted by row.
    partial : object or None
        As given.
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        partial: Any = None,
        omitted: Sequence[tuple[Problem, int]] = (),
    ) -> None:
        self.problems: list[Problem] = sort_problems(problems)
        self.partial = partial
        #: Problems beyond :attr:`ProblemLog.limit`, counted per kind: (the first, how many).
        self.omitted: list[tuple[Problem, int]] = list(omitted)
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
    #: Problems kept in full; beyond these each kind (severity, column, code or text) is only
    #: counted, so a file with a million bad cells costs neither minutes nor gigabytes.
    limit: int = PROBLEMS_KEPT
    omitted: dict[tuple[str, str | None, str], tuple[Problem, int]] = field(default_factory=dict)

    def _full(self, severity: str, column: str | None, kind: str, make: Any) -> bool:
        """Count a problem beyond :attr:`limit` (building it only for the first of its kind)."""
        if len(self.problems) < self.limit:
            return False
        key = (severity, column, kind)
        first, count = self.omitted.get(key) or (make(), 0)
        self.omitted[key] = (first, count + 1)
        return True

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

        def make() -> Problem:
            return Problem(self.file, row, column, message, expected, "error")

        if not self._full("error", column, expected or message, make):
            self.problems.append(make())

    def add(self, code: str, row: int | None, column: str | None, /, **params: Any) -> None:
        """Record an error by code (see :data:`PROBLEM_TEXTS`) with its parameters."""

        def make() -> Problem:
            return Problem.of(code, self.file, row, column, "error", **params)

        if not self._full("error", column, code, make):
            self.problems.append(make())

    def add_warning(self, code: str, row: int | None, column: str | None, /, **params: Any) -> None:
        """Record a warning by code (see :data:`PROBLEM_TEXTS`) with its parameters."""

        def make() -> Problem:
            return Problem.of(code, self.file, row, column, "warning", **params)

        if not self._full("warning", column, code, make):
            self.problems.append(make())

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

        def make() -> Problem:
            return Problem(self.file, row, column, message, None, "warning")

        if not self._full("warning", column, message, make):
            self.problems.append(make())

    @property
    def has_errors(self) -> bool:
        """Whether any error was recorded."""
        return any(k[0] == "error" for k in self.omitted) or any(
            p.severity == "error" for p in self.problems
        )

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, sorted by row."""
        return sort_problems(p for p in self.problems if p.severity == "warning")

    def raise_if_errors(self, partial: Any = None) -> None:
        """Raise :class:`ImportRejected` with all problems when any error was recorded.

        Parameters
        ----------
        partial : object, optional
            What could be read in spite of the errors (see :class:`ImportRejected`).

        Raises
        ------
        ImportRejected
            When at least one error was recorded.
        """
        if self.has_errors:
            raise ImportRejected(self.problems, partial, list(self.omitted.values()))
