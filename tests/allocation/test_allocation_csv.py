"""CSV files for the command line: reading units, writing and re-reading an allocation."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from kansen.allocation import (
    ALLOCATION_COLUMNS,
    AllocationError,
    allocate,
    read_allocation_csv,
    read_units_csv,
    write_allocation_csv,
)

DUTCH_UNITS = (
    "\ufeffCode;Naam;Behoefte;Inwoners;Deciel\n"
    "BU05460101;Binnenstad-Noord;61,3;2140;2\n"
    "BU05460102;Noorderkwartier;12;980;\n"
    "\n"
    "BU05460103;De Mors;0,25;3100;1\n"
)


def test_read_units_with_dutch_headers_semicolons_decimal_commas_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(DUTCH_UNITS.encode("utf-8"))
    units = read_units_csv(path)
    assert units.columns.tolist() == ["code", "need", "population", "name", "decile"]
    assert units["code"].tolist() == ["BU05460101", "BU05460102", "BU05460103"]
    assert units["need"].tolist() == [Decimal("61.3"), Decimal("12"), Decimal("0.25")]
    assert units["population"].tolist() == [2140, 980, 3100]
    assert units["decile"].tolist() == [2, None, 1]
    assert units["name"].tolist() == ["Binnenstad-Noord", "Noorderkwartier", "De Mors"]


def test_read_units_with_commas_from_an_open_file() -> None:
    units = read_units_csv(io.StringIO("code,need,population\nA,1.5,10\nB,2,20\n"))
    assert units["need"].tolist() == [Decimal("1.5"), Decimal("2")]
    assert allocate(units, "100").amounts == {"A": Decimal("27.27"), "B": Decimal("72.73")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the population column is missing
        ("code;need\nA;1\n", r"must have the column\(s\) population; found code, need"),
        # not a number
        ("code;need;population\nA;hoog;10\n", r"line 2, column need: 'hoog' is not a number"),
        # a thousands separator: 2.140 inhabitants is not read as 2.14
        ("code;need;population\nA;1;2.140\n", r"line 2, column population: '2.140' is not a whole"),
        # an empty file
        ("", r"the units file is empty"),
    ],
)
def test_unusable_unit_files_say_where(text: str, message: str) -> None:
    with pytest.raises(AllocationError, match=message):
        read_units_csv(io.StringIO(text))


def test_an_allocation_survives_a_round_trip_through_csv(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(DUTCH_UNITS.replace("980;\n", "980;3\n").encode("utf-8"))
    result = allocate(read_units_csv(path), "12345.67", max_decile=2, floor="1000", cap="9000")
    out = tmp_path / "allocation.csv"
    write_allocation_csv(result, out)
    again = read_allocation_csv(out)
    assert again.columns.tolist() == list(ALLOCATION_COLUMNS)
    pd.testing.assert_frame_equal(again, result.to_frame())
    assert sum(again["amount"]) == Decimal("12345.67")
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(ALLOCATION_COLUMNS)
    assert "krijgt niets: deciel 3 valt buiten de drempel" in text


def test_an_allocation_can_be_written_to_an_open_file() -> None:
    result = allocate(pd.DataFrame({"code": ["A"], "need": [1], "population": [1]}), "10")
    buffer = io.StringIO()
    write_allocation_csv(result, buffer)
    buffer.seek(0)
    again = read_allocation_csv(buffer)
    assert again["amount"].tolist() == [Decimal("10.00")]
    assert again["decile"].tolist() == [None]
    assert again["name"].tolist() == [None]


def test_a_file_that_is_not_an_allocation_is_refused() -> None:
    with pytest.raises(AllocationError, match="not an allocation file: missing column"):
        read_allocation_csv(io.StringIO("code,amount\nA,1.00\n"))
