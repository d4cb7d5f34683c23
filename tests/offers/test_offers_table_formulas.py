"""The offers export keeps a formula-like title as text and reads back to the same offer."""

from __future__ import annotations

import csv
import dataclasses
import io

import openpyxl
import pytest

from kansen.offers import demo_directory, read_offers_table, write_offers_table

TITLE = '=HYPERLINK("http://evil.example/","Gratis")'


@pytest.fixture
def offers():
    first, *rest = demo_directory().offers
    return [dataclasses.replace(first, title=TITLE, phone="+31 71 516 5000"), *rest]


def test_csv_export_quotes_the_formula_and_reads_back(offers) -> None:
    content = write_offers_table(offers, "csv")
    header, first, *_ = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    assert first[header.index("title")] == "'" + TITLE
    assert first[header.index("phone")] == "'+31 71 516 5000"
    assert read_offers_table(content, "aanbod.csv") == offers


def test_excel_export_writes_the_formula_as_text_and_reads_back(offers) -> None:
    content = write_offers_table(offers, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert (title.value, title.data_type) == (TITLE, "s")
    assert read_offers_table(content, "aanbod.xlsx") == offers
