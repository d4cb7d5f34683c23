"""Read a CSV or Excel file into a grid of raw cells, one list per spreadsheet row.

CSV: UTF-8 (with or without BOM) or UTF-16 with BOM; nothing else unless a reader asks for the
Windows-1252 fallback (CBS StatLine exports). Strict by default because a file that Excel saved as
Windows-1252 has already lost every letter outside that code page (Arabic, Ukrainian, Polish ł
become ``?``): rejecting it with "save as CSV UTF-8" is the only way to keep those texts. Line
endings may be LF, CRLF or CR only (old Mac); the delimiter is sniffed among ``;``, tab and ``,``.
A file that is not text, or that the csv module cannot split, is rejected with the usual problem
(file and line), never an exception of the csv module. Excel: ``.xlsx`` through openpyxl, cell
values as stored (numbers stay numbers). Row ``i`` of the grid is spreadsheet row ``i + 1``.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl

from ._limits import DEFAULT_LIMITS, LimitExceeded, ReadLimits, check_size, check_zip
from ._problems import ImportRejected, ProblemLog

_DELIMITERS = (";", "\t", ",")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .xls
_SNIFF_LINES = 50
#: What Dutch Excel calls the file type that keeps every letter.
EXCEL_UTF8 = "CSV UTF-8 (door komma's gescheiden)"


@dataclass
class RawTable:
    """The cells of a file before interpretation.

    Attributes
    ----------
    rows : list of list
        Row ``i`` is spreadsheet row ``i + 1``; CSV cells are strings, Excel cells whatever
        openpyxl returns (str, int, float, bool, datetime or None).
    format : {"csv", "xlsx"}
        The kind of file.
    encoding : str or None
        The text encoding of a CSV file.
    delimiter : str or None
        The delimiter of a CSV file.
    sheet : str or None
        The worksheet read from an Excel file.
    percent_cells : set of (int, int)
        (row index, column index) of Excel numbers shown as percentages: Excel stores 12.5% as
        0.125.
    """

    rows: list[list[Any]]
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    percent_cells: set[tuple[int, int]] = field(default_factory=set)


def is_excel(data: bytes, filename: str) -> bool:
    """Whether the file is an Excel workbook, by extension or by the zip signature.

    Parameters
    ----------
    data : bytes
        The content.
    filename : str
        The file name.

    Returns
    -------
    bool
        True for .xlsx/.xlsm files and zip content.
    """
    return filename.lower().endswith((".xlsx", ".xlsm")) or data.startswith(_ZIP_MAGIC)


def read_table(
    data: bytes,
    filename: str,
    sheet: str | int | None,
    log: ProblemLog,
    *,
    cp1252_fallback: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> RawTable:
    """Read a CSV or Excel file into raw cells.

    Parameters
    ----------
    data : bytes
        The content.
    filename : str
        The file name, used to recognise Excel files.
    sheet : str, int or None
        The worksheet of an Excel file by name or 0-based position; the first when None.
    log : ProblemLog
        Where warnings go.
    cp1252_fallback : bool, default False
        Read CSV that is not UTF-8 as Windows-1252 instead of rejecting it. Only for sources
        whose texts fit that code page (CBS StatLine exports); never for translations.

    Returns
    -------
    RawTable
        The cells.

    Raises
    ------
    ImportRejected
        When the file cannot be read at all (an old .xls file, a broken workbook, a missing
        sheet, a CSV file that is not UTF-8 or not text, a CSV file the csv module cannot split,
        a file beyond ``limits``).
    """
    try:
        check_size(len(data), limits)
    except LimitExceeded as exc:
        log.add(exc.code, None, None, **exc.params)
        raise ImportRejected(log.problems) from None
    if data.startswith(_OLE_MAGIC) or filename.lower().endswith(".xls"):
        log.add("table.old_xls", None, None)
        raise ImportRejected(log.problems)
    if is_excel(data, filename):
        return _read_xlsx(data, sheet, log, limits)
    text, encoding = _decode(data, log, cp1252_fallback=cp1252_fallback)
    rows: list[list[Any]] = []
    # newline="" leaves line endings to the csv module, which takes LF, CRLF and CR alike and
    # keeps line breaks inside quoted cells.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
        rows.extend([cell.strip() for cell in row] for row in reader)
    except csv.Error as exc:
        log.add("table.csv_line", len(rows) + 1, None, line=reader.line_num, detail=str(exc))
        raise ImportRejected(log.problems) from exc
    return RawTable(rows, "csv", encoding=encoding, delimiter=reader.dialect.delimiter)


def _decode(data: bytes, log: ProblemLog, *, cp1252_fallback: bool) -> tuple[str, str]:
    """Decode CSV bytes, returning the text and the encoding used; reject what is not UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            log.add("table.bad_utf16", None, None, detail=exc.reason, excel=EXCEL_UTF8)
            raise ImportRejected(log.problems) from exc
    if b"\x00" in data:
        line = _line_of(data[: data.index(b"\x00")].decode("latin-1"))
        log.add("table.binary", line, None, line=line)
        raise ImportRejected(log.problems)
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        if cp1252_fallback:
            try:
                return data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                return data.decode("latin-1"), "latin-1"
        line = _line_of(data[: exc.start].decode("utf-8", "replace"))
        log.add("table.not_utf8", line, None, line=line, excel=EXCEL_UTF8)
        raise ImportRejected(log.problems) from exc


def _line_of(before: str) -> int:
    """The 1-based line that the text after ``before`` starts on (LF, CRLF or CR endings)."""
    return len((before + "x").splitlines())


def _sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits the first lines into the most equal, widest rows."""
    sample = "\n".join(text.splitlines()[:_SNIFF_LINES])
    best, best_score = _DELIMITERS[0], (0, 0)
    for delimiter in _DELIMITERS:
        widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        if not widths or max(widths) < 2:
            continue
        header = widths[0]
        score = (sum(width == header for width in widths), header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_xlsx(
    data: bytes, sheet: str | int | None, log: ProblemLog, limits: ReadLimits
) -> RawTable:
    """Read the cell values of one worksheet, refusing zip bombs before anything unpacks."""
    try:
        check_zip(data, limits)
    except LimitExceeded as exc:
        log.add(exc.code, None, None, **exc.params)
        raise ImportRejected(log.problems) from None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as exc:
        # SyntaxError: xml.etree's ParseError for a part that is not XML
        log.add("table.bad_workbook", None, None, detail=str(exc))
        raise ImportRejected(log.problems) from exc
    try:
        names = workbook.sheetnames
        if sheet is None:
            chosen = names[0]
            if len(names) > 1:
                log.add_warning("table.sheets", None, None, count=len(names), sheet=chosen)
        elif isinstance(sheet, int) and 0 <= sheet < len(names):
            chosen = names[sheet]
        elif isinstance(sheet, str) and sheet in names:
            chosen = sheet
        else:
            listed = ", ".join(f"'{name}'" for name in names)
            log.add("table.no_sheet", None, None, sheet=repr(sheet), sheets=listed)
            raise ImportRejected(log.problems)
        table = RawTable([], "xlsx", sheet=chosen)
        _read_cells(workbook[chosen], table, log, limits)
    finally:
        workbook.close()
    return table


def _read_cells(worksheet: Any, table: RawTable, log: ProblemLog, limits: ReadLimits) -> None:
    """Fill ``table`` with the cells of a worksheet, up to ``limits.max_cells``.

    openpyxl fills in the empty cells up to the last one the sheet names, so a tiny sheet with
    one cell in row 1,000,000 and column XFD would be billions of cells: count as they come.
    """
    cells_read = 0
    try:
        for r, cells in enumerate(worksheet.iter_rows(min_row=1, min_col=1)):
            cells_read += len(cells)
            if cells_read > limits.max_cells:
                log.error(
                    r + 1,
                    None,
                    f"the sheet has more than {limits.max_cells:,} cells (empty cells up to the "
                    "last filled one included)",
                    "a smaller sheet: delete empty rows and columns after the data, or split it",
                )
                raise ImportRejected(log.problems)
            table.rows.append([cell.value for cell in cells])
            table.percent_cells.update(
                (r, c)
                for c, cell in enumerate(cells)
                if isinstance(cell.value, int | float)
                and "%" in str(getattr(cell, "number_format", "") or "")
            )
    except (KeyError, OSError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile) as exc:
        row = len(table.rows) + 1
        log.add("table.bad_row", row, None, row=row, detail=str(exc))
        raise ImportRejected(log.problems) from exc
