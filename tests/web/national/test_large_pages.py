"""Pages that stay small at a country's scale: the ranking paged, the table of all areas left
out past 500 areas, the map's outlines simplified past 300 (ADR 0030)."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Area, Indicator, Observation

from ..factories import UserFactory
from .synthetic import country

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_buurten():
    """600 buurten in 6 municipalities of one wijk each, with a published figure 1..600."""
    _wijken, buurten = country(6, 100)
    indicator = Indicator.objects.create(code="x", name="Laag inkomen", unit="%", is_public=True)
    Observation.objects.bulk_create(
        Observation(indicator=indicator, area=b, year=2024, value=float(i + 1))
        for i, b in enumerate(buurten)
    )
    client = Client(headers={"accept-language": "nl"})
    client.force_login(UserFactory(municipality=None, role=Role.NATIONAL))
    return client


def test_the_ranking_is_paged_and_the_table_of_all_areas_left_out(many_buurten):
    response = many_buurten.get("/gebieden/?scope=NL&level=buurt")
    assert response.context["ranking_total"] == 600
    assert [r.value.value for r in response.context["ranking"]][:2] == [600.0, 599.0]
    assert len(response.context["ranking"]) == 100
    assert response.context["tree"] is None
    assert "612 gebieden in 2024: te veel om hier op te sommen." in response.text
    assert "1 tot en met 100 getoond" in response.text
    assert "pagina 1 van 6" in response.text
    last = many_buurten.get("/gebieden/?scope=NL&level=buurt&page=6")
    assert [r.rank for r in last.context["ranking"]] == list(range(501, 601))
    assert "Vorige" in last.text
    assert "Volgende" not in last.text
    # a page number out of range shows the nearest page
    assert many_buurten.get("/gebieden/?scope=NL&level=buurt&page=99").context["ranking_page"] == 6


def test_a_large_map_has_simplified_outlines_and_every_area(many_buurten):
    data = many_buurten.get("/gebieden/kaart.geojson?scope=NL&level=buurt").json()
    features = [f for f in data["features"] if f["properties"].get("kind") != "facility"]
    assert len(features) == 600
    points = [len(f["geometry"]["coordinates"][0]) for f in features]
    # 201 points each where stored; a circle 4 pixels across of a 2,000 pixel map needs few
    assert max(points) < 60
    assert min(points) >= 4
    corners = [c for f in features for c in f["geometry"]["coordinates"][0]]
    assert all(round(v, 5) == v for c in corners for v in c)
    # the profile keeps the exact outline
    stored = Area.objects.get(code="BU90000101", year=2024).geometry
    assert len(stored["coordinates"][0]) == 201
