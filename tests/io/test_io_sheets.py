"""Cells for spreadsheets: text that a spreadsheet would run stays text (kansen.io._sheets)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from kansen.io._sheets import append_row, read_spreadsheet_text, spreadsheet_text, write_csv


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+31 71 516 5000", "'+31 71 516 5000"),  # a phone number Excel would compute
        ("-Noord", "'-Noord"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),  # a tab first: Excel still runs it
        ("\r=1+1", "'\r=1+1"),
        ("-1,5", "-1,5"),  # a negative number written as text stays a number
        ("+12.50", "+12.50"),
        ("-2.5e3", "-2.5e3"),
        ("-1+2", "'-1+2"),  # a sum is not a number
        ("Noord = Zuid", "Noord = Zuid"),  # only the first character counts
        ("'t Hof", "'t Hof"),
        ("", ""),
    ],
)
def test_csv_text_that_would_run_gets_a_quote(text: str, written: str) -> None:
    assert spreadsheet_text(text) == written
    assert read_spreadsheet_text(written) == text


def test_write_csv_neutralises_text_in_header_and_rows_not_numbers() -> None:
    table = write_csv(["=naam", "waarde"], [["@x", -1.5], [None, 3]], number=lambda v: str(v))
    assert table == "'=naam;waarde\r\n'@x;-1.5\r\n;3\r\n"


def test_append_row_writes_text_as_text_and_numbers_as_numbers() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    append_row(sheet, ["=1+1", "#N/A", "-Noord", None, "Noord", -3, 2.5])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = openpyxl.load_workbook(buffer).active[1]
    assert [(c.value, c.data_type) for c in cells] == [
        ("=1+1", "s"),
        ("#N/A", "s"),
        ("-Noord", "s"),
        (None, "n"),
        ("Noord", "s"),
        (-3, "n"),
        (2.5, "n"),
    ]
