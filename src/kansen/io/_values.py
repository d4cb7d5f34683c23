"""Read area statistics: a wide table with one row per area and period, one column per indicator.

The tables come from CBS StatLine exports or a municipality's own statistics office, as CSV or
Excel. Values follow the CBS legend: ``.`` (figures unknown) and ``x`` (secret) are suppressed,
an empty cell or ``?`` is missing, and ``-`` means *nihil*, i.e. zero. Suppressed values are never
stored as zero: they become NaN with status "suppressed". Whether ``,`` or ``.`` is the decimal
separator is decided per column.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._codes import area_level, try_area_code
from ._limits import DEFAULT_LIMITS, ReadLimits
from ._problems import ImportRejected, Problem, ProblemLog
from ._sources import Source, read_source
from ._tables import RawTable, is_excel, read_table

Status = Literal["ok", "suppressed", "missing"]

_SUPPRESSED = frozenset({".", "x", "X"})
_MISSING = frozenset({"", "?"})
_NIHIL = "-"  # CBS legend: "nihil", the value is zero

# Headers are compared lowercased, without "(...)" parts and StatLine's "_3" suffixes.
_CODE_HEADERS = (
    "regiocode", "wijkenenbuurten", "gwb_code", "codering", "statcode", "gebiedscode",
    "gebiedcode", "area_code", "areacode", "buurtcode", "wijkcode", "gemeentecode", "code",
)  # fmt: skip
_NAME_HEADERS = (
    "wijken en buurten", "regio's", "regios", "regio", "regionaam", "gebiedsnaam", "gebied",
    "statnaam", "gwb_naam", "buurtnaam", "wijknaam", "naam", "name", "area", "gemeentenaam",
)  # fmt: skip
_PERIOD_HEADERS = ("perioden", "periode", "period", "jaar", "year", "peiljaar", "jaartal")
#: Descriptive StatLine columns that are neither the name nor an indicator.
_DESCRIPTIVE_HEADERS = frozenset({
    "id", "soort regio", "soortregio", "gemeentenaam", "indelingswijziging wijken en buurten",
    "indelingswijzigingwijkenenbuurten", "meest voorkomende postcode", "meestvoorkomendepostcode",
})  # fmt: skip

_POINT_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_COMMA_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*)(?:,\d+)?")
_SPACED_GROUPS = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
_SAMPLE_ROWS = 500  # rows looked at to recognise columns of area codes
_UNIT = re.compile(r"(?P<name>.*?)\s*\((?P<unit>[^()]*)\)\s*")
_PERIOD = re.compile(r"(?P<year>\d{4})(?:JJ00)?\s*\*?")


@dataclass
class IndicatorColumn:
    """An indicator column of an area-values file.

    Attributes
    ----------
    column : str
        The header as in the file, e.g. "Opleidingsniveau/Laag/Waarde (%)".
    code : str
        A slug of the name: lowercase ASCII and underscores, e.g. "opleidingsniveau_laag_waarde".
    name : str
        The header without the unit suffix, e.g. "Opleidingsniveau/Laag/Waarde".
    unit : str or None
        The unit from a trailing "(...)", e.g. "%", "Aantal", "Getal"; None when absent.
    """

    column: str
    code: str
    name: str
    unit: str | None


@dataclass
class AreaValues:
    """The content of an area-values file.

    Attributes
    ----------
    areas : pandas.DataFrame
        Columns ``code``, ``name`` ("" when the file has no names) and ``level``; one row per
        area code, in file order.
    indicators : list of IndicatorColumn
        The indicator columns, in file order.
    observations : pandas.DataFrame
        Long format: ``area_code``, ``year`` (int), ``indicator_code``, ``value`` (float; NaN
        unless status is "ok"), ``status`` ("ok", "suppressed" or "missing") and ``row`` (the
        1-based spreadsheet row). A "-" (CBS *nihil*) is 0.0 with status "ok".
    warnings : list of Problem
        E.g. footnote rows skipped, units guessed, columns left out.
    format : {"csv", "xlsx"}
        The kind of file.
    encoding, delimiter : str or None
        Detected for CSV files; None for Excel.
    decimal : dict of str to str
        The decimal separator ("," or ".") decided for each indicator column.
    sheet : str or None
        The worksheet read from an Excel file.
    code_column : str
        The header of the column the area codes were read from.
    """

    areas: pd.DataFrame
    indicators: list[IndicatorColumn]
    observations: pd.DataFrame
    warnings: list[Problem]
    format: str
    encoding: str | None
    delimiter: str | None
    decimal: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    code_column: str = ""


@dataclass
class _Layout:
    """Which column is which."""

    header_row: int
    headers: list[str]
    code: int
    name: int | None
    period: int | None
    indicators: list[int]


@dataclass
class _Row:
    """A data row with a valid area code."""

    number: int
    cells: list[Any]
    code: str
    year: int


def read_area_values(
    source: Source,
    *,
    filename: str | None = None,
    year: int | None = None,
    sheet: str | int | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> AreaValues:
    """Read a wide table of area statistics from CSV or Excel.

    Parameters
    ----------
    source : str, os.PathLike, bytes or binary file
        The file (a ``str`` is a path). Excel is recognised by the ``.xlsx`` extension or the
        zip signature; everything else is read as CSV.
    filename : str, optional
        The name used in problem reports and to recognise Excel files.
    year : int, optional
        The year of the values; required when the file has no period column. When the file has
        one, rows of another year are errors.
    sheet : str or int, optional
        The worksheet of an Excel file, by name or 0-based position (default: the first).
    limits : ReadLimits, optional
        How large the file may be and what an Excel file may unpack to.

    Returns
    -------
    AreaValues
        The areas, the indicators and the values in long format, with warnings.

    Raises
    ------
    ImportRejected
        With every problem found: bad cells (with row, column, value and what was expected),
        bad or duplicate area codes, bad years, no code or indicator columns.
    """
    data, file = read_source(source, filename, "", limits.max_bytes)
    file = file or ("values.xlsx" if is_excel(data, "") else "values.csv")
    log = ProblemLog(file)
    if year is not None and not 1900 <= year <= 2100:
        log.add("file.year_out_of_range", None, None, year=year)
    table = read_table(data, file, sheet, log, cp1252_fallback=True, limits=limits)
    layout = _find_layout(table.rows, year, log)
    log.raise_if_errors()
    if layout is None:  # not reached: _find_layout logs an error whenever it returns None
        raise ImportRejected(log.problems)
    rows = _data_rows(table, layout, year, log)
    indicators = _indicator_columns(layout, log)
    columns = {
        i.column: [row.cells[index] for row in rows]
        for index, i in zip(layout.indicators, indicators, strict=True)
    }
    values: list[list[float]] = []
    statuses: list[list[Status]] = []
    decimal: dict[str, str] = {}
    for header, cells in columns.items():
        parsed = _parse_column(cells, header, rows, log)
        values.append(parsed[0])
        statuses.append(parsed[1])
        decimal[header] = parsed[2]
    if "," in decimal.values():
        _warn_about_thousands(columns, decimal, layout.header_row, log)
    for index, indicator in zip(layout.indicators, indicators, strict=True):
        percent = table.percent_cells
        if percent and any((row.number - 1, index) in percent for row in rows):
            log.add_warning("column.excel_percent", layout.header_row, indicator.column)
            continue
        if indicator.unit == "%":
            _check_shares(values[indicators.index(indicator)], indicator.column, rows, log)
    result = AreaValues(
        areas=_areas(rows, layout),
        indicators=indicators,
        observations=_observation_frame(rows, indicators, values, statuses),
        warnings=log.warnings,
        format=table.format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        decimal=decimal,
        sheet=table.sheet,
        code_column=layout.headers[layout.code],
    )
    # With errors, the rows that could be read go with them: the platform adds its own checks
    # (areas outside the municipality, unknown areas) to the same report.
    log.raise_if_errors(partial=result)
    return result


def _check_shares(values: list[float], header: str, rows: Sequence[_Row], log: ProblemLog) -> None:
    """Warn about every value of a percentage column outside 0-100 (a share cannot be; a change
    in percent can, so it is not refused)."""
    for row, value in zip(rows, values, strict=True):
        if not 0.0 <= value <= 100.0 and not math.isnan(value):
            log.add_warning(
                "value.share_out_of_range", row.number, header, value=_number_text(value)
            )


def _number_text(value: float) -> str:
    """A number as a user typed it: 150 rather than 150.0."""
    return f"{value:g}" if value.is_integer() else repr(value)


def _text(cell: Any) -> str:
    """A cell as stripped text ("" for empty cells)."""
    return "" if cell is None else str(cell).strip()


def _cell(cells: Sequence[Any], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _normal_header(header: str) -> str:
    text = re.sub(r"\([^()]*\)", " ", header.lower())
    return " ".join(re.sub(r"_\d+\s*$", "", text).split())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _find_layout(rows: list[list[Any]], year: int | None, log: ProblemLog) -> _Layout | None:
    """Find the header row and the code, name, period and indicator columns."""
    filled = (sum(bool(_text(cell)) for cell in row) for row in rows)
    header_index = next((i for i, count in enumerate(filled) if count > 1), None)
    if header_index is None:
        log.add("file.no_header", None, None)
        return None
    for number, row in enumerate(rows[:header_index], start=1):
        if any(map(_text, row)):
            text = " ".join(t for t in map(_text, row) if t)
            log.add_warning("file.text_above_header", number, None, text=text)
    header_row = header_index + 1
    headers = [_text(cell) for cell in rows[header_index]]
    while not headers[-1]:
        headers.pop()
    body = rows[header_index + 1 :]
    columns: list[int] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header:
            if any(_text(_cell(row, index)) for row in body):
                log.add("header.missing", header_row, None, letter=_column_letter(index))
        elif header in seen:
            first, second = _column_letter(seen[header]), _column_letter(index)
            log.add("header.twice", header_row, header, first=first, second=second)
        else:
            seen[header] = index
            columns.append(index)
    share = {i: _code_share(body[:_SAMPLE_ROWS], i) for i in columns}
    code = _pick_code_column(headers, columns, share)
    if code is None:
        log.add("file.no_code_column", None, None)
        return None
    rest = [i for i in columns if i != code]
    name = _match(headers, rest, _NAME_HEADERS)
    rest = [i for i in rest if i != name]
    period = _match(headers, rest, _PERIOD_HEADERS)
    if period is None and year is None:
        log.add("file.no_period", None, None)
    indicators = []
    for index in rest:
        if index == period:
            continue
        if share[index] >= 0.5 or _normal_header(headers[index]) in _DESCRIPTIVE_HEADERS:
            log.add_warning("column.descriptive", header_row, headers[index])
        else:
            indicators.append(index)
    if not indicators:
        log.add("file.no_indicators", header_row, None)
    return _Layout(header_row, headers, code, name, period, indicators)


def _code_share(body: Sequence[Sequence[Any]], index: int) -> float:
    """The share of the non-empty cells of a column that are CBS area codes."""
    texts = [_text(_cell(row, index)) for row in body]
    filled = [t for t in texts if t]
    return sum(try_area_code(t) is not None for t in filled) / len(filled) if filled else 0.0


def _match(headers: Sequence[str], columns: Sequence[int], names: Sequence[str]) -> int | None:
    """The first column whose normalised header is in ``names``, in the order of ``names``."""
    found = {_normal_header(headers[i]): i for i in reversed(columns)}
    return next((found[name] for name in names if name in found), None)


def _pick_code_column(
    headers: Sequence[str], columns: Sequence[int], share: dict[int, float]
) -> int | None:
    """A column with a code header and mostly codes, else the column with most codes."""
    by_header = [i for i in columns if _normal_header(headers[i]) in _CODE_HEADERS]
    by_header.sort(key=lambda i: _CODE_HEADERS.index(_normal_header(headers[i])))
    for index in by_header:
        if share[index] >= 0.5:
            return index
    best = max(columns, key=lambda i: share[i], default=None)
    if best is not None and share[best] >= 0.5:
        return best
    return by_header[0] if by_header else None


def _data_rows(table: RawTable, layout: _Layout, year: int | None, log: ProblemLog) -> list[_Row]:
    """Check codes, years and row widths; skip footnotes and blank rows."""
    code_header = layout.headers[layout.code]
    first_number = layout.header_row + 1
    body = table.rows[layout.header_row :]
    codes = [try_area_code(_cell(row, layout.code)) for row in body]
    last = max((i for i, code in enumerate(codes) if code), default=-1)
    width = len(layout.headers)
    rows: list[_Row] = []
    first_row: dict[tuple[str, int], int] = {}
    for i, (cells, code) in enumerate(zip(body, codes, strict=True)):
        number = first_number + i
        if code is None:
            texts = [t for t in map(_text, cells) if t]
            raw = _text(_cell(cells, layout.code))
            if not texts:
                continue
            if i > last:
                log.add_warning("row.after_data", number, None, text=" ".join(texts))
            elif raw:
                log.add("code.invalid", number, code_header, value=raw)
            else:
                log.add("code.empty", number, code_header)
            continue
        if table.format == "csv" and (len(cells) < width or any(cells[width:])):
            log.add("row.width", number, None, cells=len(cells), width=width)
            continue
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        row_year = _row_year(cells, number, layout, year, log)
        if row_year is None:
            continue
        key = (code, row_year)
        if key in first_row:
            log.add(
                "row.duplicate", number, code_header, code=code, year=row_year, row=first_row[key]
            )
            continue
        first_row[key] = number
        rows.append(_Row(number, cells, code, row_year))
    return rows


def _row_year(
    cells: Sequence[Any], number: int, layout: _Layout, given: int | None, log: ProblemLog
) -> int | None:
    """The year of a row from the period column or the ``year`` argument; None on errors."""
    if layout.period is None:
        return given
    header = layout.headers[layout.period]
    raw = _cell(cells, layout.period)
    match = _PERIOD.fullmatch(_text(raw))
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        found: int | None = int(raw)
    else:
        found = int(match["year"]) if match else None
    if found is None:
        shown = _text(raw)
        if shown:
            log.add("year.invalid", number, header, value=shown)
        else:
            log.add("year.empty", number, header)
    elif not 1900 <= found <= 2100:
        log.add("year.out_of_range", number, header, year=found)
    elif given is not None and found != given:
        log.add("year.differs", number, header, year=found, given=given)
    else:
        return found
    return None


#: Longest indicator code; a longer slug is cut and keeps a hash of the whole, so that two
#: long headers that share their start still get different codes.
MAX_CODE_LENGTH = 80


def _slug(text: str) -> str:
    """The code of a header: lower-case ASCII words joined by ``_``, at most
    :data:`MAX_CODE_LENGTH` characters.

    >>> _slug("Aandeel 65-plussers (%)")
    'aandeel_65_plussers'
    >>> long = _slug("Personen met een arbeidsongeschiktheidsuitkering " * 3)
    >>> len(long), long[-9:]
    (80, '_e6922a71')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if len(slug) > MAX_CODE_LENGTH:
        digest = hashlib.sha1(slug.encode(), usedforsecurity=False).hexdigest()[:8]
        slug = slug[: MAX_CODE_LENGTH - 9].rstrip("_") + "_" + digest
    return slug


def _indicator_columns(layout: _Layout, log: ProblemLog) -> list[IndicatorColumn]:
    """Split each indicator header into a name and a unit and give it a unique code."""
    result: list[IndicatorColumn] = []
    taken: set[str] = set()
    for index in layout.indicators:
        header = layout.headers[index]
        match = _UNIT.fullmatch(header)
        name, unit = (
            (match["name"] or header, match["unit"].strip() or None) if match else (header, None)
        )
        if unit is None and ("%" in name or name.lower().startswith(("percentage", "aandeel"))):
            unit = "%"
            log.add_warning("unit.percent_assumed", layout.header_row, header)
        base = _slug(name) or f"column_{_column_letter(index).lower()}"
        code, suffix = base, 2
        while code in taken:
            code, suffix = f"{base}_{suffix}", suffix + 1
        if code != base:
            log.add_warning("column.code_taken", layout.header_row, header, base=base, code=code)
        taken.add(code)
        result.append(IndicatorColumn(header, code, name, unit))
    return result


def _parse_text(text: str, decimal: str) -> tuple[float, Status] | None:
    """Parse a stripped text cell; None when it is not a number or a CBS marker."""
    if text in _MISSING:
        return math.nan, "missing"
    if text in _SUPPRESSED:
        return math.nan, "suppressed"
    if text == _NIHIL:
        return 0.0, "ok"
    text = text.replace("\u2212", "-")
    if _SPACED_GROUPS.fullmatch(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    if decimal == ",":
        if _COMMA_NUMBER.fullmatch(text) and any(c.isdigit() for c in text):
            return float(text.replace(".", "").replace(",", ".")), "ok"
    elif _POINT_NUMBER.fullmatch(text):
        return float(text), "ok"
    return None


def _parse_cell(
    cell: Any, decimal: str, cache: dict[str, tuple[float, Status] | None]
) -> tuple[float, Status] | None:
    """Parse a CSV or Excel cell; Excel numbers are used as they are."""
    if isinstance(cell, str):
        if cell not in cache:
            cache[cell] = _parse_text(cell.strip(), decimal)
        return cache[cell]
    if cell is None:
        return math.nan, "missing"
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return (math.nan, "missing") if math.isnan(cell) else (float(cell), "ok")
    return None


def _parse_column(
    cells: Sequence[Any], header: str, rows: Sequence[_Row], log: ProblemLog
) -> tuple[list[float], list[Status], str]:
    """Parse the cells of one indicator column, logging every bad cell.

    A column in which no cell is a number but several are text is reported once, as a text
    column, instead of cell by cell.
    """
    decimal = "," if any(isinstance(c, str) and "," in c for c in cells) else "."
    cache: dict[str, tuple[float, Status] | None] = {}
    parsed = [_parse_cell(cell, decimal, cache) for cell in cells]
    bad = [(row, cell) for row, cell, p in zip(rows, cells, parsed, strict=True) if p is None]
    numbers = sum(p is not None and p[1] == "ok" for p in parsed)
    if numbers == 0 and len(bad) > 1:
        examples = ", ".join(f"'{_text(cell)}'" for _, cell in bad[:3])
        log.add("column.text", None, header, examples=examples)
    else:
        code = "value.not_a_number_comma" if decimal == "," else "value.not_a_number"
        for row, cell in bad:
            log.add(code, row.number, header, value=_text(cell))
    checked = [p if p is not None else (math.nan, "missing") for p in parsed]
    return [p[0] for p in checked], [p[1] for p in checked], decimal


def _warn_about_thousands(
    columns: dict[str, list[Any]], decimal: dict[str, str], header_row: int, log: ProblemLog
) -> None:
    """Warn about point columns whose values look like thousands, in a decimal-comma file.

    By the per-column rule, "125.100" in a column without commas is 125.1; when other columns
    use decimal commas it is more likely 125100 written with a thousands separator.
    """
    for header, cells in columns.items():
        if decimal[header] != ".":
            continue
        dotted = [c.strip() for c in cells if isinstance(c, str) and "." in c.strip()[1:]]
        if dotted and all(_THOUSANDS.fullmatch(c) for c in dotted):
            log.add_warning("column.thousands", header_row, header, example=dotted[0])


def _areas(rows: Sequence[_Row], layout: _Layout) -> pd.DataFrame:
    """One row per area code, in file order, with the first name found."""
    names: dict[str, str] = {}
    for row in rows:
        if row.code not in names:
            names[row.code] = "" if layout.name is None else _text(_cell(row.cells, layout.name))
    return pd.DataFrame(
        {
            "code": list(names),
            "name": list(names.values()),
            "level": [area_level(code) for code in names],
        }
    )


def _observation_frame(
    rows: Sequence[_Row],
    indicators: Sequence[IndicatorColumn],
    values: list[list[float]],
    statuses: list[list[Status]],
) -> pd.DataFrame:
    """The long table of observations, ordered by row and then by column.

    ``values`` and ``statuses`` hold one list per indicator column.
    """
    n, k = len(rows), len(indicators)
    return pd.DataFrame(
        {
            "area_code": np.repeat(np.array([r.code for r in rows], dtype=object), k),
            "year": np.repeat(np.array([r.year for r in rows], dtype=np.int64), k),
            "indicator_code": np.tile(np.array([i.code for i in indicators], dtype=object), n),
            "value": np.asarray(values, dtype=np.float64).reshape(k, n).T.ravel(),
            "status": np.asarray(statuses, dtype=object).reshape(k, n).T.ravel(),
            "row": np.repeat(np.array([r.number for r in rows], dtype=np.int64), k),
        }
    )
