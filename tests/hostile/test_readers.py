"""Hostile files through the library's readers: each is refused within a second, with a
message that says what was found and what is accepted, and without building what the file
would unpack to.

Each test fails without its guard: the zip bomb and the far cell make openpyxl unpack or fill
in hundreds of MB (minutes), the aliases make the plan reader walk 9**9 nodes, deep JSON and
YAML raise RecursionError, and an oversize file is read whole.
"""

from __future__ import annotations

import time

import pytest

from kansen.io import (
    ImportRejected,
    LimitExceeded,
    ReadLimits,
    cap_problems,
    check_yaml,
    load_json,
    read_area_values,
    read_boundaries,
    read_facilities,
)
from kansen.offers import read_directory, read_offers_table
from kansen.plans import PlanFormatError
from kansen.plans._documents import read_plan_text

from . import files

MB = 1024 * 1024
#: Low limits, so that the files stay small and the tests fast.
SMALL = ReadLimits(max_bytes=1 * MB, max_unpacked_bytes=5 * MB, max_cells=10_000)
TABLE_READERS = [read_area_values, read_facilities]


def _refused(read, data: bytes, filename: str) -> str:
    """Read and return the first problem's text; fail when it takes a second or more."""
    start = time.perf_counter()
    with pytest.raises(ImportRejected) as rejected:
        read(data, filename=filename, limits=SMALL)
    assert time.perf_counter() - start < 1.0
    return str(rejected.value.problems[0])


@pytest.mark.parametrize("read", TABLE_READERS)
def test_a_zip_bomb_is_refused_from_its_declared_sizes(read):
    text = _refused(read, files.zip_bomb_xlsx(20), "cijfers.xlsx")
    assert text.startswith(
        "cijfers.xlsx: the Excel file part 'xl/worksheets/sheet1.xml' unpacks from "
    )
    assert "to 20.0 MB" in text
    assert "at most 100 times is accepted" in text


@pytest.mark.parametrize("read", TABLE_READERS)
def test_a_workbook_that_unpacks_to_too_much_is_refused(read):
    # 8 MB of sheet at a ratio the check lets through would still be 8 MB > 5 MB unpacked
    limits = ReadLimits(max_bytes=MB, max_unpacked_bytes=5 * MB, max_ratio=10_000)
    with pytest.raises(ImportRejected) as rejected:
        read(files.zip_bomb_xlsx(8), filename="cijfers.xlsx", limits=limits)
    assert rejected.value.problems[0].message == (
        "the Excel file unpacks to 8.0 MB; at most 5.0 MB is accepted"
    )


@pytest.mark.parametrize("read", TABLE_READERS)
def test_a_sheet_naming_its_last_cell_far_away_is_refused_by_cell_count(read):
    text = _refused(read, files.far_cell_xlsx(), "cijfers.xlsx")
    assert text == (
        "cijfers.xlsx, row 1: the sheet has more than 10,000 cells (empty cells up to the last "
        "filled one included) (expected: a smaller sheet: delete empty rows and columns after "
        "the data, or split it)"
    )


@pytest.mark.parametrize("read", [*TABLE_READERS, read_boundaries])
def test_a_file_over_the_size_limit_is_refused_before_reading(read, tmp_path):
    path = tmp_path / "groot.csv"
    path.write_bytes(files.oversize_csv(3 * MB))
    with pytest.raises(ImportRejected) as rejected:
        read(path, limits=SMALL)
    assert rejected.value.problems[0].message == (
        "the file is larger than the 1.0 MB accepted for this kind of file"
    )


def test_the_size_limit_reads_one_byte_past_the_limit_only(tmp_path):
    class Counting:
        name = "groot.csv"
        asked: list[int] = []

        def read(self, size: int = -1) -> bytes:
            self.asked.append(size)
            return b"x" * (size if size >= 0 else 3 * MB)

    source = Counting()
    with pytest.raises(ImportRejected):
        read_area_values(source, limits=SMALL)  # type: ignore[arg-type]
    assert source.asked == [MB + 1]


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deep_geojson_is_a_problem_not_a_recursion_error(depth):
    text = _refused(read_boundaries, files.deep_geojson(depth), "grenzen.geojson")
    assert text == (
        "grenzen.geojson: the file is nested more than 64 levels deep; a real file is nested a "
        "few levels (expected: a GeoJSON FeatureCollection)"
    )


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (files.utf16('{"type": "FeatureCollection"}'), "g.geojson", "the file is not UTF-8 text"),
        (files.garbage(), "g.geojson", "the file is not UTF-8 text"),
        (files.EMPTY, "g.geojson", "the file is not valid JSON: Expecting value"),
    ],
)
def test_utf16_garbage_and_empty_boundaries(data, filename, message):
    assert message in _refused(read_boundaries, data, filename)


@pytest.mark.parametrize("read", TABLE_READERS)
@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (files.garbage(), "t.csv", "the file is not a text (CSV) file: line 12 has binary data"),
        (files.garbage(), "t.xlsx", "the file cannot be read as an Excel workbook"),
        (files.EMPTY, "t.csv", "t.csv: the file "),
    ],
)
def test_garbage_and_empty_tables(read, data, filename, message):
    assert message in _refused(read, data, filename)


def test_a_utf16_values_file_is_read():
    text = "Perioden;Regiocode;Inwoners (aantal)\n2024;GM9001;4000\n"
    values = read_area_values(files.utf16(text), filename="t.csv", limits=SMALL)
    assert values.encoding == "utf-16"
    assert values.observations["value"].tolist() == [4000.0]


def test_offers_table_refuses_a_zip_bomb():
    with pytest.raises(ImportRejected) as rejected:
        read_offers_table(files.zip_bomb_xlsx(300 // 10), "aanbod.xlsx")
    assert "unpacks from" in rejected.value.problems[0].message


def test_plan_yaml_with_aliases_is_refused_at_the_alias():
    start = time.perf_counter()
    with pytest.raises(PlanFormatError) as refused:
        read_plan_text(files.billion_laughs_yaml().decode(), "yaml", "plan.yaml")
    assert time.perf_counter() - start < 1.0
    [problem] = refused.value.problems
    assert problem.message == (
        "line 2: the alias *a is not allowed: aliases (& and *) can make a small file unpack "
        "to gigabytes; write the part out in full"
    )


@pytest.mark.parametrize(
    ("text", "format", "message"),
    [
        (files.deep_yaml().decode(), "yaml", "nested more than 64 levels deep (line 1)"),
        ("a: " + "[" * 70 + "]" * 70, "yaml", "nested more than 64 levels deep (line 1)"),
        (files.deep_json().decode(), "json", "nested more than 64 levels deep;"),
    ],
)
def test_deep_plan_files_are_refused(text, format, message):
    with pytest.raises(PlanFormatError) as refused:
        read_plan_text(text, format, "plan")
    assert message in refused.value.problems[0].message


def test_offers_directory_yaml_with_aliases_is_refused():
    with pytest.raises(ImportRejected) as rejected:
        read_directory(files.billion_laughs_yaml().decode())
    assert "the alias *a is not allowed" in rejected.value.problems[0].message


def test_yaml_without_aliases_and_shallow_json_pass():
    check_yaml("a: &anchor [1, 2]\nb: {c: [d, e]}\n")  # an anchor alone multiplies nothing
    assert load_json('[[1], {"a": [2]}]') == [[1], {"a": [2]}]
    with pytest.raises(LimitExceeded):
        load_json("[" * 65 + "]" * 65)
    assert load_json("[" * 64 + "]" * 64) is not None


def test_problems_are_capped_with_counts_per_kind():
    with pytest.raises(ImportRejected) as rejected:
        read_area_values(files.bad_rows_csv(1000), filename="t.csv", limits=SMALL)
    problems = rejected.value.problems
    kept, counts = cap_problems(problems, 10)
    assert len(problems) == 2000
    assert kept == problems[:10]
    # rows 3-7 are kept in full (two problems each); rows 8-1002 are counted per column
    assert [(c.column, c.count) for c in counts] == [
        ("Inwoners (aantal)", 995),
        ("Banen (aantal)", 995),
    ]
    assert counts[0].kind == problems[0].expected


def test_the_reader_keeps_ten_thousand_problems_and_counts_the_rest():
    # a million bad cells took 83 s and 2.1 GB as a million Problem objects
    with pytest.raises(ImportRejected) as rejected:
        read_area_values(files.bad_rows_csv(6000), filename="t.csv", limits=SMALL)
    assert len(rejected.value.problems) == 10_000
    # columns are read one after the other: all 6000 of the first, 4000 of the second
    counts = [(first.column, count) for first, count in rejected.value.omitted]
    assert counts == [("Banen (aantal)", 2000)]
