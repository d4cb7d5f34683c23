"""Specification of ``read_area_values`` on small CSV and Excel files written in the tests.

Row numbers are what a user sees in a spreadsheet: the header is row 1, the first data row 2.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kansen.io import AreaValues, ImportRejected, IndicatorColumn, read_area_values

LATIN1_CSV = (
    '"Regio\'s";"Regiocode";"Perioden";"Inwoners (Aantal)";"Laag inkomen (%)";'
    '"Gemiddeld inkomen (x 1 000 euro)";"Jeugdzorg (%)"\n'
    '"Leiden";"GM0546    ";"2021";"  125100";"12,5";"31,2";"-"\n'
    '"Súdwest-Fryslân";"GM1900    ";"2021";"   90000";"x";"28,9";""\n'
    '"Binnenstad";"WK054601  ";"2021JJ00";"    9000";".";"?";"1,0"\n'
    '"Burgemeesterswijk";"BU05460101";"2021";"    1234";"-0,5";"1.031,25";""\n'
    "\n"
    '"Bron: CBS";"";"";"";"";"";""\n'
    "Centraal Bureau voor de Statistiek\n"
).encode("latin-1")


def values_of(result: AreaValues, code: str) -> dict[str, tuple[float, str]]:
    """indicator code -> (value, status) for one area."""
    rows = result.observations[result.observations.area_code == code]
    columns = (rows.indicator_code.tolist(), rows.value.tolist(), rows.status.tolist())
    return {code: (float(v), status) for code, v, status in zip(*columns, strict=True)}


def same(a: dict[str, tuple[float, str]], b: dict[str, tuple[float, str]]) -> bool:
    """Equal, with NaN equal to NaN."""
    return a.keys() == b.keys() and all(
        a[k][1] == b[k][1] and (a[k][0] == b[k][0] or (math.isnan(a[k][0]) and math.isnan(b[k][0])))
        for k in a
    )


def errors(data: bytes | str, **options: Any) -> list[tuple[int | None, str | None]]:
    """The (row, column) of every error when the file is rejected."""
    source = data.encode() if isinstance(data, str) else data
    with pytest.raises(ImportRejected) as caught:
        read_area_values(source, filename=options.pop("filename", "test.csv"), **options)
    return [(p.row, p.column) for p in caught.value.errors]


def messages(data: str, **options: Any) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        read_area_values(data.encode(), filename="test.csv", **options)
    return [str(p) for p in caught.value.errors]


def test_a_latin1_statline_style_csv_with_decimal_commas() -> None:
    result = read_area_values(LATIN1_CSV, filename="kerncijfers.csv")
    assert (result.encoding, result.delimiter, result.format) == ("cp1252", ";", "csv")
    assert result.areas.to_dict("records") == [
        {"code": "GM0546", "name": "Leiden", "level": "gemeente"},
        {"code": "GM1900", "name": "Súdwest-Fryslân", "level": "gemeente"},
        {"code": "WK054601", "name": "Binnenstad", "level": "wijk"},
        {"code": "BU05460101", "name": "Burgemeesterswijk", "level": "buurt"},
    ]
    assert result.indicators == [
        IndicatorColumn("Inwoners (Aantal)", "inwoners", "Inwoners", "Aantal"),
        IndicatorColumn("Laag inkomen (%)", "laag_inkomen", "Laag inkomen", "%"),
        IndicatorColumn(
            "Gemiddeld inkomen (x 1 000 euro)",
            "gemiddeld_inkomen",
            "Gemiddeld inkomen",
            "x 1 000 euro",
        ),
        IndicatorColumn("Jeugdzorg (%)", "jeugdzorg", "Jeugdzorg", "%"),
    ]
    assert result.decimal == {
        "Inwoners (Aantal)": ".",
        "Laag inkomen (%)": ",",
        "Gemiddeld inkomen (x 1 000 euro)": ",",
        "Jeugdzorg (%)": ",",
    }
    nan = math.nan
    expected = {
        "GM0546": {
            "inwoners": (125100.0, "ok"),
            "laag_inkomen": (12.5, "ok"),
            "gemiddeld_inkomen": (31.2, "ok"),
            "jeugdzorg": (0.0, "ok"),
        },
        "GM1900": {
            "inwoners": (90000.0, "ok"),
            "laag_inkomen": (nan, "suppressed"),
            "gemiddeld_inkomen": (28.9, "ok"),
            "jeugdzorg": (nan, "missing"),
        },
        "WK054601": {
            "inwoners": (9000.0, "ok"),
            "laag_inkomen": (nan, "suppressed"),
            "gemiddeld_inkomen": (nan, "missing"),
            "jeugdzorg": (1.0, "ok"),
        },
        "BU05460101": {
            "inwoners": (1234.0, "ok"),
            "laag_inkomen": (-0.5, "ok"),
            "gemiddeld_inkomen": (1031.25, "ok"),
            "jeugdzorg": (nan, "missing"),
        },
    }
    for code, wanted in expected.items():
        assert same(values_of(result, code), wanted), code
    assert set(result.observations.year) == {2021}
    assert list(result.observations.row.unique()) == [2, 3, 4, 5]
    assert [(w.row, w.message) for w in result.warnings] == [
        (5, "-0.5 is not a share (the column's unit is %)"),  # a warning: could be a change
        (7, "row after the data skipped: 'Bron: CBS'"),
        (8, "row after the data skipped: 'Centraal Bureau voor de Statistiek'"),
    ]


def test_the_observations_table_has_the_documented_columns_and_types() -> None:
    observations = read_area_values(LATIN1_CSV).observations
    assert list(observations.columns) == [
        "area_code",
        "year",
        "indicator_code",
        "value",
        "status",
        "row",
    ]
    assert [str(t) for t in observations.dtypes] == [
        "object",
        "int64",
        "object",
        "float64",
        "object",
        "int64",
    ]
    assert len(observations) == 16
    assert observations.status.value_counts().to_dict() == {"ok": 11, "missing": 3, "suppressed": 2}


def test_utf8_with_bom_commas_and_tabs_are_recognised() -> None:
    rows = [["gwb_code", "naam", "jaar", "Score (Getal)"], ["GM0546", "Leiden", "2020", "0.25"]]
    for delimiter in (",", "\t", ";"):
        text = "\n".join(delimiter.join(row) for row in rows)
        result = read_area_values(text.encode("utf-8-sig"))
        assert (result.encoding, result.delimiter) == ("utf-8-sig", delimiter)
        assert values_of(result, "GM0546") == {"score": (0.25, "ok")}
    assert read_area_values("\n".join(";".join(r) for r in rows).encode()).encoding == "utf-8"


def test_an_excel_file_with_numbers_and_text_with_decimal_commas(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Toelichting"
    notes.append(["Bron: gemeente Leiden, Onderzoek en Statistiek"])
    sheet = workbook.create_sheet("Data")
    sheet.append(["Kerncijfers wijken 2022"])
    sheet.append([])
    sheet.append(["Gebiedscode", "Gebiedsnaam", "Jaar", "Inwoners", "Laag inkomen (%)"])
    sheet.append(["WK054601", "Binnenstad-Noord", 2022, 9120, "12,5"])
    sheet.append(["WK054602", "Binnenstad-Zuid", 2022, 7510.0, 8.25])
    sheet.append(["WK054603", "Stationsdistrict", "2022", None, "x"])
    sheet.append(["WK054604", "Leiden-Noord", 2022, "1.234", "1.234,5"])
    sheet.append([])
    sheet.append(["* voorlopige cijfers"])
    path = tmp_path / "wijken.xlsx"
    workbook.save(path)

    result = read_area_values(path, sheet="Data")
    assert (result.format, result.sheet, result.encoding, result.delimiter) == (
        "xlsx",
        "Data",
        None,
        None,
    )
    assert [(a.code, a.name) for a in result.areas.itertuples()] == [
        ("WK054601", "Binnenstad-Noord"),
        ("WK054602", "Binnenstad-Zuid"),
        ("WK054603", "Stationsdistrict"),
        ("WK054604", "Leiden-Noord"),
    ]
    assert [(i.code, i.unit) for i in result.indicators] == [
        ("inwoners", None),
        ("laag_inkomen", "%"),
    ]
    wide = result.observations.pivot(index="row", columns="indicator_code", values="value")
    # Text in a column without commas uses '.' as decimal point: "1.234" is 1.234.
    inwoners = [9120.0, 7510.0, math.nan, 1.234]
    assert wide["inwoners"].tolist() == pytest.approx(inwoners, nan_ok=True)
    assert wide["laag_inkomen"].tolist() == pytest.approx(
        [12.5, 8.25, math.nan, 1234.5], nan_ok=True
    )
    assert list(wide.index) == [4, 5, 6, 7]
    assert [(w.row, w.column) for w in result.warnings] == [
        (1, None),
        (3, "Inwoners"),
        (7, "Laag inkomen (%)"),
        (9, None),
    ]
    assert result.warnings[0].message == "text above the header skipped: 'Kerncijfers wijken 2022'"
    assert result.warnings[1].message.startswith("values such as '1.234' were read with '.' as")
    assert result.warnings[2].message == "1234.5 is not a share (the column's unit is %)"
    assert result.warnings[3].message == "row after the data skipped: '* voorlopige cijfers'"
    first_sheet = errors(path.read_bytes(), filename="wijken.xlsx")
    assert first_sheet == [(None, None)]  # the first sheet has no area codes
    assert errors(path.read_bytes(), filename="wijken.xlsx", sheet="Gegevens") == [(None, None)]


def test_excel_percentages_are_used_as_stored_with_a_warning() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["code", "year", "Laag inkomen (%)"])
    sheet.append(["GM0546", 2023, 0.125])
    sheet["C2"].number_format = "0.0%"  # Excel shows 12.5%
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_area_values(buffer.getvalue(), filename="inkomen.xlsx")
    assert values_of(result, "GM0546") == {"laag_inkomen": (0.125, "ok")}
    assert [str(w) for w in result.warnings] == [
        "inkomen.xlsx, row 1, column 'Laag inkomen (%)': warning: Excel shows these numbers as "
        "percentages; the stored fractions were used (0.125 for 12.5%)"
    ]


def test_excel_content_is_recognised_without_a_file_name() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["code", "year", "Share (%)"])
    sheet.append(["BU05460101", 2023, 0.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_area_values(io.BytesIO(buffer.getvalue()))
    assert result.format == "xlsx"
    assert values_of(result, "BU05460101") == {"share": (0.5, "ok")}
    with pytest.raises(ImportRejected) as caught:
        read_area_values(b"\xd0\xcf\x11\xe0old excel", filename="oud.xls")
    assert [str(p) for p in caught.value.problems] == [
        "oud.xls: old Excel .xls files cannot be read (expected: an .xlsx or CSV file)"
    ]


BAD_CSV = """Regiocode;Naam;Jaar;A (%);B (Aantal)
GM0546;Leiden;2021;12,5x;10
GM054;Fout;2021;1,0;20
GM0546;Leiden;2021;2,0;30
WK054601;Binnenstad;1850;1,0;40
WK054602;Noord;2021;1.5;abc
;Zonder code;2021;1,0;5
WK054603;Kort;2021JJ00;1,0
BU05460101;Kwartaal;2021KW01;1,0;3
BU05460102;Goed;2021;"1,0";7
Bron: CBS
"""


def test_a_bad_file_reports_every_bad_cell_with_row_and_column() -> None:
    assert errors(BAD_CSV) == [
        (2, "A (%)"),
        (3, "Regiocode"),
        (4, "Regiocode"),
        (5, "Jaar"),
        (6, "A (%)"),
        (6, "B (Aantal)"),
        (7, "Regiocode"),
        (8, None),
        (9, "Jaar"),
    ]
    assert messages(BAD_CSV) == [
        "test.csv, row 2, column 'A (%)': value '12,5x' is not a number (expected: a number with "
        "a decimal comma such as 12,5 or 1.234,5 (this column uses decimal commas), or '.' for "
        "a suppressed value)",
        "test.csv, row 3, column 'Regiocode': value 'GM054' is not a CBS area code (expected: a "
        "CBS area code: GM and 4 digits (municipality, e.g. GM0546), WK and 6 (district, e.g. "
        "WK054601) or BU and 8 (neighbourhood, e.g. BU05460101))",
        "test.csv, row 4, column 'Regiocode': GM0546 for 2021 also appears in row 2 (expected: "
        "one row per area and year)",
        "test.csv, row 5, column 'Jaar': year 1850 is outside 1900-2100 (expected: a year from "
        "1900 to 2100, such as 2019 or the StatLine period 2019JJ00)",
        "test.csv, row 6, column 'A (%)': value '1.5' is not a number (expected: a number with a "
        "decimal comma such as 12,5 or 1.234,5 (this column uses decimal commas), or '.' for a "
        "suppressed value)",
        "test.csv, row 6, column 'B (Aantal)': value 'abc' is not a number (expected: a number "
        "such as 12.5 or 12,5, or '.' for a suppressed value ('x' secret, '-' zero, empty or "
        "'?' missing))",
        "test.csv, row 7, column 'Regiocode': the area code is empty (expected: a CBS area code: "
        "GM and 4 digits (municipality, e.g. GM0546), WK and 6 (district, e.g. WK054601) or BU "
        "and 8 (neighbourhood, e.g. BU05460101))",
        "test.csv, row 8: the row has 4 cells but the header has 5 (expected: one cell per column)",
        "test.csv, row 9, column 'Jaar': value '2021KW01' is not a year (expected: a year from "
        "1900 to 2100, such as 2019 or the StatLine period 2019JJ00)",
    ]


def test_the_year_comes_from_the_argument_when_there_is_no_period_column() -> None:
    data = "code;Score (Getal)\nGM0546;1.5\n"
    assert messages(data) == [
        "test.csv: the file has no period column and no year was given (expected: a column "
        "'Perioden', 'jaar' or 'year', or the year of the file)"
    ]
    result = read_area_values(data.encode(), year=2022)
    assert result.observations.year.tolist() == [2022]
    assert errors(data, year=1776) == [(None, None)]
    with_period = "code;jaar;Score (Getal)\nGM0546;2022;1.5\nGM0518;2021;2.5\n"
    assert messages(with_period, year=2022) == [
        "test.csv, row 3, column 'jaar': year 2021 differs from the year given (2022)"
    ]


def test_several_years_of_one_area_are_separate_observations() -> None:
    data = (
        "Perioden;Regiocode;Score (Getal)\n2019JJ00;GM0546;1\n2020JJ00;GM0546;2\n2021*;GM0546;3\n"
    )
    result = read_area_values(data.encode())
    assert len(result.areas) == 1
    assert result.observations[["year", "value"]].values.tolist() == [
        [2019, 1.0],
        [2020, 2.0],
        [2021, 3.0],
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("naam;Score (Getal)\nLeiden;1\n", "test.csv: no column with CBS area codes found"),
        (
            "code;jaar;naam\nGM0546;2020;Leiden\n",
            "test.csv, row 1: the file has no indicator columns",
        ),
        (
            "code;jaar;Score;Score\nGM0546;2020;1;2\n",
            "test.csv, row 1, column 'Score': this header is used twice (columns C and D)",
        ),
        (
            "code;jaar;;Score\nGM0546;2020;1;2\n",
            "test.csv, row 1: column C has values but no header",
        ),
        ("GM0546", "test.csv: the file has no header row"),
        (
            "code;jaar;Stadsdeel;Score\nGM0546;2020;Centrum;1\nWK054601;2020;Noord;2\n",
            "test.csv, column 'Stadsdeel': the column holds text, not numbers (e.g. 'Centrum', "
            "'Noord')",
        ),
    ],
)
def test_files_without_the_needed_columns_are_rejected(data: str, message: str) -> None:
    assert [m.split(" (expected")[0] for m in messages(data)] == [message]


def test_descriptive_and_parent_code_columns_are_not_indicators() -> None:
    data = (
        "Wijken en buurten;Gemeentenaam;Soort regio;Codering;Gemeentecode;Perioden;Score (Getal)\n"
        "Binnenstad;Leiden;Wijk;WK054601;GM0546;2020;1\n"
        "Noord;Leiden;Wijk;WK054602;GM0546;2020;2\n"
    )
    result = read_area_values(data.encode(), filename="kwb.csv")
    assert [a.code for a in result.areas.itertuples()] == ["WK054601", "WK054602"]
    assert [a.name for a in result.areas.itertuples()] == ["Binnenstad", "Noord"]
    assert [i.column for i in result.indicators] == ["Score (Getal)"]
    assert [(w.column, w.message) for w in result.warnings] == [
        ("Gemeentenaam", "descriptive column, not read as indicator"),
        ("Soort regio", "descriptive column, not read as indicator"),
        ("Gemeentecode", "descriptive column, not read as indicator"),
    ]


def test_a_statline_export_with_codes_in_the_regions_column() -> None:
    data = '"Wijken en buurten";"Perioden";"Score (Getal)"\n"GM0363    ";"2019";"  -0.100"\n'
    result = read_area_values(data.encode())
    assert result.areas.to_dict("records") == [{"code": "GM0363", "name": "", "level": "gemeente"}]
    assert values_of(result, "GM0363") == {"score": (-0.1, "ok")}


def test_units_and_codes_of_awkward_headers() -> None:
    header = "code;jaar;Percentage laag opgeleid;Inkomen (€);Inkomen (x 1 000 euro);(%)"
    data = header + "\nGM0546;2020;1;2;3;4\n"
    result = read_area_values(data.encode())
    assert [(i.code, i.name, i.unit) for i in result.indicators] == [
        ("percentage_laag_opgeleid", "Percentage laag opgeleid", "%"),
        ("inkomen", "Inkomen", "€"),
        ("inkomen_2", "Inkomen", "x 1 000 euro"),
        ("column_f", "(%)", "%"),
    ]
    assert [(w.column, w.message) for w in result.warnings] == [
        ("Percentage laag opgeleid", "no unit in the header; '%' assumed"),
        ("Inkomen (x 1 000 euro)", "code 'inkomen' was taken; 'inkomen_2' is used"),
    ]


def test_thousands_separators_in_a_column_without_commas_are_warned_about() -> None:
    data = "code;jaar;Inwoners;Laag (%)\nGM0546;2020;125.100;12,5\nGM0518;2020;548.320;9,5\n"
    result = read_area_values(data.encode())
    # The per-column rule reads '125.100' as 125.1; the warning asks the user to check.
    assert values_of(result, "GM0546")["inwoners"] == (125.1, "ok")
    assert [(w.row, w.column) for w in result.warnings] == [(1, "Inwoners")]
    assert "'125.100' were read with '.' as decimal point" in result.warnings[0].message


@pytest.mark.parametrize(
    ("cell", "value", "status"),
    [
        ("12.5", 12.5, "ok"),
        ("-0.100", -0.1, "ok"),
        ("1e3", 1000.0, "ok"),
        ("1 234", 1234.0, "ok"),
        ("\u22121.5", -1.5, "ok"),
        ("-", 0.0, "ok"),
        (".", math.nan, "suppressed"),
        ("x", math.nan, "suppressed"),
        ("X", math.nan, "suppressed"),
        ("", math.nan, "missing"),
        ("?", math.nan, "missing"),
    ],
)
def test_cells_follow_the_cbs_legend(cell: str, value: float, status: str) -> None:
    data = f"code;jaar;Waarde\nGM0546;2020;{cell}\nGM0518;2020;1\n"
    result = read_area_values(data.encode())
    assert same(values_of(result, "GM0546"), {"waarde": (value, status)})


@pytest.mark.parametrize("cell", ["nan", "inf", "1.2.3", "12,5x", "1,2,3", "--", "12.5%", "TRUE"])
def test_things_that_are_not_numbers_are_errors(cell: str) -> None:
    data = f"code;jaar;Waarde\nGM0546;2020;{cell}\nGM0518;2020;1\n"
    assert errors(data) == [(2, "Waarde")]


def test_every_problem_of_a_file_comes_with_its_code_and_parameters() -> None:
    data = (
        b"gwb_code;naam;jaar;Inwoners (aantal);Laag inkomen (%)\n"
        b"BU05460101;Noord;2024;abc;12,5\n"
        b"BU05460102;Zuid;2024;100;150\n"
    )
    with pytest.raises(ImportRejected) as caught:
        read_area_values(data, filename="buurten.csv")
    problems = caught.value.problems
    assert [(p.severity, p.row, p.column, p.code, p.params) for p in problems] == [
        ("error", 2, "Inwoners (aantal)", "value.not_a_number", {"value": "abc"}),
        ("warning", 3, "Laag inkomen (%)", "value.share_out_of_range", {"value": "150"}),
    ]
    assert problems[0].message == "value 'abc' is not a number"
    # What could be read goes with the rejection, for the platform's own checks.
    partial = caught.value.partial
    assert isinstance(partial, AreaValues)
    assert partial.areas["code"].tolist() == ["BU05460101", "BU05460102"]


def test_every_problem_code_has_english_text_for_its_parameters() -> None:
    from kansen.io._problems import PROBLEM_TEXTS

    for code, text in PROBLEM_TEXTS.items():
        assert text.message, code
        assert "{" not in text.message.format_map(_AnyParams()), code


class _AnyParams(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "x"


def test_long_headers_get_short_distinct_codes() -> None:
    """A code fits the platform's column (100 characters on PostgreSQL): a long header is cut
    to 80 and keeps a hash of the whole, so two headers that share their start stay apart."""
    start = "Personen met een arbeidsongeschiktheidsuitkering in de leeftijd van " * 2
    text = f"Codering;{start}15 tot 25 jaar;{start}25 tot 45 jaar\nBU99990101;1,5;2,5\n"
    values = read_area_values(io.BytesIO(text.encode()), filename="lang.csv", year=2024)
    codes = [column.code for column in values.indicators]
    assert [len(code) for code in codes] == [80, 80]
    assert codes[0] != codes[1]
    assert codes[0][:71] == codes[1][:71]
