"""The area explorer: classes, ranking, reasons for missing values, and every export."""

from __future__ import annotations

import csv
import io
import json

import lxml.html
import pytest
from django.test import Client
from openpyxl import load_workbook

from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Indicator
from kansen.web.areas.selectors import municipality_years

from .factories import (
    PASSWORD,
    AreaFactory,
    IndicatorFactory,
    MunicipalityFactory,
    ObservationFactory,
    UserFactory,
)
from .html import one

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[5, 52], [5.01, 52], [5.01, 52.01], [5, 52]]]}


@pytest.fixture
def town():
    """Five buurten of one wijk: values 10, 20, 20, 40 and one suppressed."""
    municipality = MunicipalityFactory(code="GM9001", name="Proefdorp", slug="proefdorp")
    gemeente = AreaFactory(code="GM9001", name="Proefdorp")
    wijk = AreaFactory(code="WK900101", name="Noord", parent=gemeente)
    indicator = IndicatorFactory(
        municipality=municipality,
        code="laag_inkomen",
        name="Laag inkomen",
        unit="%",
        direction="higher_is_worse",
        source="Proefbureau",
    )
    values = {"01": 10.0, "02": 20.0, "03": 20.0, "04": 40.0, "05": None}
    for suffix, value in values.items():
        buurt = AreaFactory(
            code=f"BU900101{suffix}", name=f"Buurt {suffix}", parent=wijk, geometry=SQUARE
        )
        if value is None:
            ObservationFactory(indicator=indicator, area=buurt, value=None, status="suppressed")
        else:
            ObservationFactory(indicator=indicator, area=buurt, value=value)
    client = Client()
    UserFactory(username="analist", municipality=municipality, role=Role.ANALYST)
    client.login(username="analist", password=PASSWORD)
    return client, indicator


def _query(indicator: Indicator, **extra: str) -> str:
    params = {"year": "2024", "level": "buurt", "layer": f"indicator:{indicator.pk}", **extra}
    return "&".join(f"{k}={v}" for k, v in params.items())


def test_ranking_puts_the_least_favourable_first_and_missing_last(town):
    client, indicator = town
    response = client.get(f"/gebieden/?{_query(indicator)}")
    ranking = response.context["ranking"]
    assert [(r.rank, r.area.code[-2:], r.value.value) for r in ranking] == [
        (1, "04", 40.0),
        (2, "02", 20.0),  # ties share the best rank
        (2, "03", 20.0),
        (4, "01", 10.0),
        (None, "05", None),
    ]
    assert "te weinig waarnemingen" in ranking[-1].value.reason


@pytest.mark.parametrize(
    ("method", "k", "uppers"),
    [
        ("equal_interval", "3", (20.0, 30.0, 40.0)),  # width (40 - 10) / 3 = 10
        ("quantiles", "2", (20.0, 40.0)),  # median of 10, 20, 20, 40 is 20
        ("natural_breaks", "2", (20.0, 40.0)),  # the gap 20 -> 40 is the largest
    ],
)
def test_class_methods(town, method, k, uppers):
    client, indicator = town
    response = client.get(f"/gebieden/?{_query(indicator, method=method, k=k)}")
    assert response.context["explorer"].classification.uppers == uppers


def test_map_data_marks_suppressed_areas_with_their_reason(town):
    client, indicator = town
    features = client.get(f"/gebieden/kaart.geojson?{_query(indicator)}").json()["features"]
    by_code = {f["properties"]["code"]: f["properties"] for f in features}
    assert by_code["BU90010105"]["status"] == "suppressed"
    assert by_code["BU90010105"]["value"] is None
    assert by_code["BU90010105"]["fill"] == "#ffffff"
    assert by_code["BU90010104"]["fill"] != "#ffffff"


def test_ranking_exports_as_csv_and_excel(town):
    client, indicator = town
    response = client.get(f"/gebieden/export/ranking.csv?{_query(indicator)}")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Rang", "Gebied", "Code", "Laag inkomen (%)"]
    assert rows[1][:4] == ["1", "Buurt 04", "BU90010104", "40"]
    assert rows[5][3] == ""
    assert "geheim" in rows[5][4]
    book = load_workbook(
        io.BytesIO(client.get(f"/gebieden/export/ranking.xlsx?{_query(indicator)}").content)
    )
    sheet = book.active
    assert [c.value for c in sheet[2]][:4] == [1, "Buurt 04", "BU90010104", 40.0]
    assert sheet.cell(row=8, column=1).value.startswith("Bron: Proefbureau")


def test_map_exports_as_geojson_png_and_svg(town):
    client, indicator = town
    geo = json.loads(client.get(f"/gebieden/export/map.geojson?{_query(indicator)}").content)
    assert len(geo["features"]) == 5
    png = client.get(f"/gebieden/export/map.png?{_query(indicator)}")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "proefdorp" in png["Content-Disposition"]
    svg = client.get(f"/gebieden/export/map.svg?{_query(indicator)}").content.decode()
    assert svg.lstrip().startswith("<?xml")
    assert "Proefdorp: Laag inkomen (%), buurt, 2024" in svg
    table_svg = client.get(f"/gebieden/export/ranking.svg?{_query(indicator)}").content.decode()
    assert "BU90010104" in table_svg


def test_unknown_export_is_404(town):
    client, indicator = town
    assert client.get(f"/gebieden/export/map.docx?{_query(indicator)}").status_code == 404


def test_the_table_of_all_areas_exports_every_level(town):
    client, indicator = town
    response = client.get(f"/gebieden/export/areas.csv?{_query(indicator)}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == [
        "GM9001",
        "WK900101",
        *(f"BU900101{i:02d}" for i in range(1, 6)),
    ]
    assert rows[3][4] == "10"  # BU90010101


def _year_options(html: str) -> list[str]:
    select = one(lxml.html.document_fromstring(html), "//select[@name='year']")
    return [value for value in select.xpath("option/@value") if value.isdigit()]


@pytest.mark.parametrize("path", ["/gebieden/", "/gebieden/index/", "/gebieden/verdelen/"])
def test_year_list_shows_each_year_once(town, path):
    client, _indicator = town
    for suffix in ("01", "02"):  # the same buurten a year earlier
        AreaFactory(code=f"BU900101{suffix}", year=2023, name=f"Buurt {suffix}")
    assert municipality_years("GM9001") == [2024, 2023]
    response = client.get(path)
    assert response.status_code == 200
    assert _year_options(response.content.decode()) == ["2024", "2023"]
