"""Imports through the services, the web page and the CLI: all or nothing, problems by row."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from typer.testing import CliRunner

from kansen.web.accounts.constants import Role
from kansen.web.areas import services
from kansen.web.areas.models import Area, ImportRun, Indicator, Observation

from .factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _square(x: float, y: float, size: float = 1000.0) -> list[list[list[float]]]:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def _feature(code: str, name: str, rings: list) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, "naam": name},
        "geometry": {"type": "Polygon", "coordinates": rings},
    }


def boundaries_rd(*features: dict) -> bytes:
    """A GeoJSON FeatureCollection in EPSG:28992 without a declared CRS."""
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


GOOD_BOUNDARIES = boundaries_rd(
    _feature("GM9001", "Proefdorp", _square(150000, 460000, 2000)),
    _feature(
        "WK900101",
        "Noord",
        [
            [
                [150000, 461000],
                [152000, 461000],
                [152000, 462000],
                [150000, 462000],
                [150000, 461000],
            ]
        ],
    ),
    _feature(
        "WK900102",
        "Zuid",
        [
            [
                [150000, 460000],
                [152000, 460000],
                [152000, 461000],
                [150000, 461000],
                [150000, 460000],
            ]
        ],
    ),
    _feature("BU90010101", "Noord-West", _square(150000, 461000)),
    _feature("BU90010102", "Noord-Oost", _square(151000, 461000)),
)

VALUES_CSV = (
    '\ufeff"Perioden";"Wijken en buurten";"Regiocode (gemeente, wijk, buurt) (code)";'
    '"Inwoners (Aantal)";"Laag inkomen (%)"\n'
    '"2024";"Proefdorp";"GM9001    ";"  4 000";"  12,5"\n'
    '"2024";"Noord";"WK900101  ";"  2000";"  14,0"\n'
    '"2024";"Noord-West";"BU90010101";"  150";"     ."\n'
    '"2024";"Noord-Oost";"BU90010102";"  1850";"  15,2"\n'
).encode("utf-8")


@pytest.fixture
def proefdorp():
    return MunicipalityFactory(code="GM9001", name="Proefdorp", slug="proefdorp")


def test_boundaries_import_builds_the_hierarchy(proefdorp):
    run = services.import_boundaries(
        GOOD_BOUNDARIES, filename="proefdorp.geojson", year=2024, municipality=proefdorp
    )
    assert run.summary["crs"] == "EPSG:28992"
    assert run.summary["crs_detected"] is True
    assert run.summary["levels"] == {"gemeente": 1, "wijk": 2, "buurt": 2}
    buurt = Area.objects.get(code="BU90010102", year=2024)
    assert buurt.parent.code == "WK900101"
    assert buurt.parent.parent.code == "GM9001"
    assert buurt.area_m2 == pytest.approx(1_000_000, rel=1e-9)
    # its corner RD (151000, 461000) is (5.328777, 52.137182) in WGS 84, near Amersfoort
    corners = buurt.geometry["coordinates"][0]
    assert [5.328777, 52.137182] in corners


def test_areas_of_different_years_coexist(proefdorp):
    for year in (2023, 2024):
        services.import_boundaries(
            GOOD_BOUNDARIES, filename="p.geojson", year=year, municipality=proefdorp
        )
    assert Area.objects.filter(code="BU90010101").count() == 2
    again = services.import_boundaries(
        GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
    )
    assert (again.summary["created"], again.summary["updated"]) == (0, 5)


def test_values_import_marks_suppressed_values_as_suppressed(proefdorp):
    services.import_boundaries(
        GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
    )
    run = services.import_values(VALUES_CSV, filename="kerncijfers.csv", municipality=proefdorp)
    assert (run.summary["ok"], run.summary["suppressed"], run.summary["missing"]) == (7, 1, 0)
    low_income = Indicator.objects.get(
        municipality=proefdorp, code=run.summary["columns"]["Laag inkomen (%)"]
    )
    assert low_income.unit == "%"
    suppressed = Observation.objects.get(indicator=low_income, area__code="BU90010101")
    assert (suppressed.status, suppressed.value) == ("suppressed", None)
    assert Observation.objects.get(indicator=low_income, area__code="GM9001").value == 12.5


def test_a_rejected_values_file_changes_nothing(proefdorp):
    services.import_boundaries(
        GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
    )
    bad = VALUES_CSV + b'"2024";"Zuid";"WK900102  ";"  abc";"  9,1"\n'
    with pytest.raises(services.ImportFailed) as failed:
        services.import_values(bad, filename="kerncijfers.csv", municipality=proefdorp)
    assert [(p.row, p.column) for p in failed.value.problems] == [(6, "Inwoners (Aantal)")]
    assert Indicator.objects.count() == 0
    assert Observation.objects.count() == 0
    run = failed.value.run
    assert run.status == "rejected"
    assert run.problems[0]["row"] == 6


def test_a_boundary_file_with_an_orphan_is_rejected_whole(proefdorp):
    orphan = boundaries_rd(
        _feature("GM9001", "Proefdorp", _square(150000, 460000, 2000)),
        _feature("BU90010301", "Zonder wijk", _square(150000, 460000)),
    )
    with pytest.raises(services.ImportFailed) as failed:
        services.import_boundaries(orphan, filename="o.geojson", year=2024, municipality=proefdorp)
    assert [(p.row, p.column) for p in failed.value.problems] == [(2, "code")]
    assert "WK900103" in failed.value.problems[0].message
    assert not Area.objects.exists()  # the valid gemeente was rolled back too


def test_importing_another_municipalitys_areas_is_refused(proefdorp):
    other = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    analyst = UserFactory(username="leiden-analist", municipality=other, role=Role.ANALYST)
    with pytest.raises(services.ImportFailed) as failed:
        services.import_boundaries(
            GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=other, user=analyst
        )
    assert len(failed.value.problems) == 5
    assert "outside Leiden" in failed.value.problems[0].message
    assert not Area.objects.exists()


def test_import_page_shows_every_problem_and_keeps_nothing(proefdorp):
    UserFactory(username="analist", municipality=proefdorp, role=Role.ANALYST)
    client = Client()
    client.login(username="analist", password=PASSWORD)
    client.post(
        "/gebieden/importeren/",
        {
            "kind": "boundaries",
            "year": 2024,
            "file": SimpleUploadedFile("p.geojson", GOOD_BOUNDARIES),
        },
    )
    bad = VALUES_CSV.replace(b"  15,2", b"  15,2x").replace(b"GM9001    ", b"GM91")
    response = client.post(
        "/gebieden/importeren/",
        {"kind": "values", "file": SimpleUploadedFile("kerncijfers.csv", bad)},
    )
    assert response.status_code == 400
    assert "kerncijfers.csv" in response.text
    problems = response.context["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [
        (2, "Regiocode (gemeente, wijk, buurt) (code)"),
        (5, "Laag inkomen (%)"),
    ]
    assert Observation.objects.count() == 0
    assert ImportRun.objects.filter(status="rejected").count() == 1
    good = client.post(
        "/gebieden/importeren/",
        {"kind": "values", "file": SimpleUploadedFile("kerncijfers.csv", VALUES_CSV)},
    )
    assert good.status_code == 302
    assert Observation.objects.count() == 8


def test_cli_imports_and_reports_rejections(tmp_path, proefdorp):
    from kansen.cli import _load_plugins, app

    _load_plugins()
    runner = CliRunner()
    geo = tmp_path / "proefdorp.geojson"
    geo.write_bytes(GOOD_BOUNDARIES)
    result = runner.invoke(
        app, ["import", "boundaries", str(geo), "--year", "2024", "--municipality", "GM9001"]
    )
    assert result.exit_code == 0, result.output
    assert "5 areas of 2024: 5 new" in result.output
    assert "EPSG:28992" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(VALUES_CSV.replace(b"  12,5", b"  twaalf"))
    rejected = runner.invoke(app, ["import", "values", str(bad), "--municipality", "GM9001"])
    assert rejected.exit_code == 1
    assert "twaalf" in rejected.output
    assert Observation.objects.count() == 0


def test_values_from_excel_with_the_year_given(proefdorp):
    import io

    from openpyxl import Workbook

    services.import_boundaries(
        GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Gebiedscode", "Gebiedsnaam", "Inwoners (aantal)", "Laag inkomen (%)"])
    sheet.append(["GM9001", "Proefdorp", 4000, 12.5])
    sheet.append(["BU90010101", "Noord-West", 150, "."])
    sheet.append(["BU90010102", "Noord-Oost", 1850, "15,2"])
    buffer = io.BytesIO()
    book.save(buffer)
    run = services.import_values(
        buffer.getvalue(), filename="eigen-cijfers.xlsx", municipality=proefdorp, year=2024
    )
    assert (run.summary["ok"], run.summary["suppressed"]) == (5, 1)
    values = {
        (o.area.code, o.indicator.unit): (o.status, o.value)
        for o in Observation.objects.select_related("area", "indicator")
    }
    assert values[("BU90010102", "%")] == ("ok", 15.2)
    assert values[("BU90010101", "%")] == ("suppressed", None)
    assert values[("GM9001", "aantal")] == ("ok", 4000.0)


def test_school_locations_are_placed_and_kept_within_the_municipality(proefdorp):
    from kansen.web.areas.models import Facility

    services.import_boundaries(
        GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
    )
    analyst = UserFactory(username="p-analist", municipality=proefdorp, role=Role.ANALYST)
    inside = b"code,name,type,x,y\nP1,Lyceum,HAVO/VWO,151500,461500\n"
    run = services.import_facilities(
        inside, filename="scholen.csv", year=2024, municipality=proefdorp, user=analyst
    )
    assert run.summary == {"year": 2024, "locations": 1, "havo_vwo": 1, "placed": 1}
    assert Facility.objects.get(code="P1").area.code == "BU90010102"
    outside = inside + b"P2,Elders,VMBO,120000,480000\n"
    with pytest.raises(services.ImportFailed) as failed:
        services.import_facilities(
            outside, filename="scholen.csv", year=2024, municipality=proefdorp, user=analyst
        )
    assert [(p.row, p.column) for p in failed.value.problems] == [(3, "code")]
    assert Facility.objects.count() == 1


THREE_PROBLEMS_CSV = (
    b'"Perioden";"Regiocode";"Inwoners (Aantal)";"Laag inkomen (%)"\n'
    b'"2024";"GM9001";"4000";"12,5"\n'
    b'"2024";"WK900101";"abc";"14,0"\n'
    b'"2024";"BU12345678";"150";"9,0"\n'
    b'"2024";"BU90010102";"1850";"150"\n'
)


def test_import_page_lists_every_problem_by_row_and_column_in_dutch(proefdorp):
    services.import_boundaries(
        GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
    )
    UserFactory(username="analist", municipality=proefdorp, role=Role.ANALYST)
    client = Client(headers={"accept-language": "nl"})
    client.login(username="analist", password=PASSWORD)
    response = client.post(
        "/gebieden/importeren/",
        {"kind": "values", "file": SimpleUploadedFile("buurten.csv", THREE_PROBLEMS_CSV)},
    )
    assert response.status_code == 400
    problems = response.context["problems"]
    assert [(p["row"], p["column"], p["message"]) for p in problems] == [
        (3, "Inwoners (Aantal)", "'abc' is geen getal"),
        (4, "Regiocode", "BU12345678 ligt buiten Proefdorp (GM9001)"),
        (5, "Laag inkomen (%)", "150 is geen aandeel (de eenheid van de kolom is %)"),
    ]
    assert problems[1]["expected"] == "codes van GM9001 en de wijken en buurten ervan"
    assert "BU12345678 ligt buiten Proefdorp (GM9001)" in response.text
    # The stored run keeps codes and parameters: its page speaks the reader's language.
    run = ImportRun.objects.get(status="rejected")
    assert run.problems[0]["code"] == "value.not_a_number"
    detail = client.get(f"/gebieden/importeren/{run.pk}/", headers={"accept-language": "en"})
    assert detail.context["problems"][0]["message"] == "value 'abc' is not a number"
    assert Observation.objects.count() == 0


def test_an_area_without_a_known_parent_is_reported_with_the_other_problems(proefdorp):
    bad = THREE_PROBLEMS_CSV.replace(b"BU12345678", b"BU90019901")
    with pytest.raises(services.ImportFailed) as failed:
        services.import_values(bad, filename="buurten.csv", municipality=proefdorp)
    assert [(p.row, p.code, p.params) for p in failed.value.problems] == [
        (3, "value.not_a_number", {"value": "abc"}),
        (4, "area.parent_unknown", {"parent": "WK900199", "code": "BU90019901", "year": 2024}),
        (5, "value.share_out_of_range", {"value": "150"}),
    ]


def test_every_library_problem_code_has_the_same_english_and_a_dutch_text():
    from django.utils import translation

    from kansen.io._problems import PROBLEM_TEXTS
    from kansen.web.areas.problems import PROBLEM_MESSAGES

    assert set(PROBLEM_TEXTS) <= set(PROBLEM_MESSAGES)
    for code, (message, expected) in PROBLEM_MESSAGES.items():
        with translation.override("en"):
            english = (str(message), str(expected) if expected is not None else "")
        if code in PROBLEM_TEXTS:
            assert english == (PROBLEM_TEXTS[code].message, PROBLEM_TEXTS[code].expected), code
        with translation.override("nl"):
            dutch = str(message)
        assert dutch != english[0], f"{code} has no Dutch text"
