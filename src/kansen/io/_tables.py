"""Read a CSV or Excel file into a grid of raw cells, one list per spreadsheet row.

CSV: UTF-8 (with or without BOM) or UTF-16 with BOM, falling back to Windows-1252 and Latin-1;
the delimiter is sniffed among ``;``, tab and ``,``. Excel: ``.xlsx`` through openpyxl, cell
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

from ._problems import ImportRejected, ProblemLog

_DELIMITERS = (";", "\t", ",")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .xls
_SNIFF_LINES = 50


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


def read_table(data: bytes, filename: str, sheet: str | int | None, log: ProblemLog) -> RawTable:
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

    Returns
    -------
    RawTable
        The cells.

    Raises
    ------
    ImportRejected
        When the file cannot be read at all (an old .xls file, a broken workbook, a missing
        sheet).
    """
    if data.startswith(_OLE_MAGIC) or filename.lower().endswith(".xls"):
        log.error(None, None, "old Excel .xls files cannot be read", "an .xlsx or CSV file")
        raise ImportRejected(log.problems)
    if is_excel(data, filename):
        return _read_xlsx(data, sheet, log)
    text, encoding = _decode(data)
    delimiter = _sniff_delimiter(text)
    rows = [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
    return RawTable(rows, "csv", encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes, returning the text and the encoding used."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    for candidate in (encoding, "cp1252"):
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


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


def _read_xlsx(data: bytes, sheet: str | int | None, log: ProblemLog) -> RawTable:
    """Read the cell values of one worksheet."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        log.error(None, None, f"the file cannot be read as an Excel workbook ({exc})", ".xlsx")
        raise ImportRejected(log.problems) from exc
    try:
        names = workbook.sheetnames
        if sheet is None:
            chosen = names[0]
            if len(names) > 1:
                log.warning(None, None, f"the workbook has {len(names)} sheets; read '{chosen}'")
        elif isinstance(sheet, int) and 0 <= sheet < len(names):
            chosen = names[sheet]
        elif isinstance(sheet, str) and sheet in names:
            chosen = sheet
        else:
            listed = ", ".join(f"'{name}'" for name in names)
            log.error(None, None, f"the workbook has no sheet {sheet!r}", f"one of {listed}")
            raise ImportRejected(log.problems)
        table = RawTable([], "xlsx", sheet=chosen)
        for r, cells in enumerate(workbook[chosen].iter_rows(min_row=1, min_col=1)):
            table.rows.append([cell.value for cell in cells])
            table.percent_cells.update(
                (r, c)
                for c, cell in enumerate(cells)
                if isinstance(cell.value, int | float)
                and "%" in str(getattr(cell, "number_format", "") or "")
            )
    finally:
        workbook.close()
    return table
