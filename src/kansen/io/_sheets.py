"""Writing tables that people open in a spreadsheet: text in a cell stays text.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and
Excel also a tab or carriage return before one), so a name such as
``=HYPERLINK("http://...","klik")`` in an imported file would become a live link or worse in
the export a colleague opens. Every export writes its cells here:

* CSV: a text cell that starts with one of those characters gets a leading ``'`` (the OWASP
  advice on CSV injection); text that is a plain number (``-1,5``) stays as it is, so numbers
  stay numbers. :func:`read_spreadsheet_text` takes the ``'`` off again, so an export reads
  back through the platform's importers unchanged.
* Excel: a text cell is written as text (never a formula or error value), numbers as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A number written as text: sign, digits with . or , between groups, an exponent.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")


def spreadsheet_text(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows as text, never runs as a formula.

    Examples
    --------
    >>> spreadsheet_text('=HYPERLINK("http://example.org","klik")')
    '\\'=HYPERLINK("http://example.org","klik")'
    >>> spreadsheet_text("-1,5"), spreadsheet_text("Noord")
    ('-1,5', 'Noord')
    """
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def read_spreadsheet_text(text: str) -> str:
    """The text :func:`spreadsheet_text` was given (for importers that read exports back).

    Examples
    --------
    >>> read_spreadsheet_text("'=1+1"), read_spreadsheet_text("'t Hof")
    ('=1+1', "'t Hof")
    """
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def write_csv(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    number: Callable[[Any], str] = str,
) -> str:
    """A CSV table with ``;`` and CRLF (what Dutch Excel opens), every text cell made safe.

    Parameters
    ----------
    header, rows : sequences of cells
        Text cells go through :func:`spreadsheet_text`; None is an empty cell; any other value
        (a number, a date) is written as ``number(value)``.
    number : callable
        How a value that is not text is written, e.g. with a decimal comma.

    Examples
    --------
    >>> write_csv(["naam", "waarde"], [["@SUM(A1)", -2.5]], number=lambda v: f"{v:n}")
    "naam;waarde\\r\\n'@SUM(A1);-2.5\\r\\n"
    """

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return spreadsheet_text(value)
        return number(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([cell(value) for value in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet with every text cell written as text.

    openpyxl makes text that starts with ``=`` a formula and ``#N/A`` an error value; here
    they stay text (marked with Excel's quote prefix, so editing the cell keeps it text).
    Numbers, dates and empty cells are written as openpyxl writes them.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> sheet = Workbook().active
    >>> append_row(sheet, ["=1+1", -3])
    >>> [(cell.value, cell.data_type) for cell in sheet[1]]
    [('=1+1', 's'), (-3, 'n')]
    """
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type != "s":
            cell.data_type = "s"
            cell.quotePrefix = True
        elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
