"""A municipality's analyst sees its own areas beside the national distribution: for a national
figure, the country's row in the figures table and each area's decile in the country."""

from __future__ import annotations

import csv
import io

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Indicator

from ..html import parse, text
from .test_provinces import _client, country  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _layer() -> str:
    return f"indicator:{Indicator.objects.get(municipality=None).pk}"


def test_the_analyst_sees_its_municipality_beside_the_country(country):  # noqa: F811
    client = _client(municipality=country, role=Role.ANALYST)
    response = client.get(f"/gebieden/?level=gemeente&layer={_layer()}")
    assert [
        (s.name, s.areas, s.with_value, s.mean, s.lowest, s.highest)
        for s in response.context["summaries"]
    ] == [
        ("Utrecht", 1, 1, 12.5, 12.5, 12.5),
        ("Nederland", 5, 4, 13.625, 8.0, 20.0),
    ]
    # 12.5 is third of the four figures of the country (20.0, 14.0, 12.5, 8.0; higher is
    # worse): ceil(10 * 3 / 4) = 8
    page = parse(response)
    headers = [text(th) for th in page.xpath("//table[contains(@class, 'ranking-table')]//th")]
    assert "Deciel in het land (van 4 gebieden; 1: minst gunstig)" in headers
    cells = page.xpath("//table[contains(@class, 'ranking-table')]//tbody//td")
    assert [text(td) for td in cells][-1] == "8"
    export = client.get(f"/gebieden/export/ranking.csv?level=gemeente&layer={_layer()}")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Deciel in het land (van 4 gebieden; 1: minst gunstig)"
    assert rows[1][-1] == "8"


def test_its_own_figures_are_not_set_beside_the_country(country):  # noqa: F811
    client = _client(municipality=country, role=Role.ANALYST)
    own = Indicator.objects.get(municipality=country).pk
    response = client.get(f"/gebieden/?level=gemeente&layer=indicator:{own}")
    assert [s.name for s in response.context["summaries"]] == ["Utrecht"]
    assert response.context["explorer"].layer.extra_columns == []


def test_the_country_itself_has_no_column_of_deciles_in_the_country(country):  # noqa: F811
    client = _client(municipality=None, role=Role.NATIONAL)
    response = client.get(f"/gebieden/?scope=NL&level=gemeente&layer={_layer()}")
    assert response.context["explorer"].layer.extra_columns == []
    assert [s.name for s in response.context["summaries"]] == ["Nederland"]
