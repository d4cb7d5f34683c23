"""Demostad loads through the real import path, once, with an account for every role."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.demo import build_demostad
from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import User
from kansen.web.areas.models import Area, Indicator, Observation
from kansen.web.core.demo import DEMO_PASSWORD, load_demo

from .html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(shared_demo):
    return shared_demo


def test_demo_has_every_area_for_every_year(demo):
    built = build_demostad()
    per_year = len(built.areas)
    assert demo.created is True
    assert Area.objects.filter(municipality_code="GM9999").count() == per_year * len(built.years)
    assert Area.objects.filter(municipality_code="GM9999", geometry__isnull=True).count() == 0


def test_demo_indicators_keep_their_metadata(demo):
    built = build_demostad()
    stored = {
        i.code: i
        for i in Indicator.objects.filter(municipality=demo.municipality).exclude(
            code__startswith="opp_"  # the kansenkaart results, loaded beside the key figures
        )
    }
    assert set(stored) == {i.code for i in built.indicators}
    for ind in built.indicators:
        assert stored[ind.code].domain == (ind.domain or "")
        assert stored[ind.code].direction == (ind.direction or "")
        assert stored[ind.code].is_public


def test_demo_figures_equal_the_generated_ones(demo):
    built = build_demostad()
    expected = built.observations
    stored = {
        (o.area.code, o.year, o.indicator.code): (o.value, o.status)
        for o in Observation.objects.filter(indicator__municipality=demo.municipality)
        .exclude(indicator__code__startswith="opp_")
        .select_related("area", "indicator")
    }
    assert len(stored) == len(expected)
    for row in expected.itertuples(index=False):
        value, status = stored[(row.area_code, row.year, row.indicator_code)]
        assert status == row.status
        if status == "ok":
            assert value == pytest.approx(row.value, abs=0.006)
        else:
            assert value is None


def test_a_second_load_reuses_what_exists(demo):
    before = Observation.objects.count()
    again = load_demo()
    assert again.created is False
    assert Observation.objects.count() == before


def test_every_role_has_a_demo_account(demo):
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert roles == set(Role.values)
    assert Client().login(username="analist", password=DEMO_PASSWORD)


def test_portal_home_is_public(demo):
    response = Client().get("/")
    assert response.status_code == 200
    assert "Demostad" in response.text
    assert 'lang="nl"' in response.text


def test_areas_page_shows_map_and_table(demo):
    client = Client()
    client.login(username="analist", password=DEMO_PASSWORD)
    response = client.get("/gebieden/")
    assert response.status_code == 200
    assert parse(response).xpath("//*[@id='area-map']")
    built = build_demostad()
    for area in built.areas:
        assert area.code in response.text
    geo = client.get("/gebieden/kaart.geojson?level=buurt").json()
    kinds = [f["properties"].get("kind", "area") for f in geo["features"]]
    assert kinds.count("area") == sum(a.level == "buurt" for a in built.areas)
    assert kinds.count("facility") == len(built.schools)


def test_schools_are_placed_in_their_buurt(demo):
    from kansen.web.areas.models import Facility

    built = build_demostad()
    for school in built.schools:
        for year in built.years:
            stored = Facility.objects.get(code=school.location_code, year=year)
            assert stored.area.code == school.area_code
            assert stored.offers_havo_vwo is school.offers_havo_vwo


def test_profile_compares_with_parent_and_municipality(demo):
    client = Client()
    client.login(username="analist", password=DEMO_PASSWORD)
    built = build_demostad()
    buurt = next(a for a in built.areas if a.level == "buurt")
    response = client.get(f"/gebieden/{max(built.years)}/{buurt.code}/")
    assert response.status_code == 200
    wijk = built.area(buurt.parent_code)
    assert wijk.name in response.text
    assert "Demostad" in response.text
    rows = [row for domain in response.context["domains"] for row in domain.rows]
    key_figures = [r for r in rows if not r.indicator.code.startswith("opp_")]
    assert len(key_figures) == len(built.indicators)
    # and the 18 kansenkaart figures (3 outcomes x 6 income bands), with their intervals
    assert len(rows) - len(key_figures) == 18
    # every year of the code, newest first, each beside the wijk and municipality of that year
    population = next(r for r in rows if r.indicator.code == "population")
    assert [y.year for y in population.years] == sorted(built.years, reverse=True)
    for y in population.years:
        expected = built.values("population", y.year)
        assert y.area.value == expected[buurt.code]
        assert y.parent.value == expected[wijk.code]
        assert y.municipality.value == expected["GM9999"]
    domains = [d.domain for d in response.context["domains"]]
    assert domains[-1] == ""  # context figures after the seven domains
    assert len(domains) == 8


def test_national_key_figures_of_peers_are_public(demo):
    from kansen.demo import PEER_INDICATORS, build_peer_figures

    figures = build_peer_figures(build_demostad())
    national = Indicator.objects.filter(municipality=None)
    assert set(national.values_list("code", flat=True)) == set(PEER_INDICATORS)
    assert all(i.is_public for i in national)
    stored = Observation.objects.get(
        indicator__municipality=None, indicator__code="low_education", area__code="GM9903"
    )
    assert stored.value == figures.loc["GM9903", "low_education"]
    assert Area.objects.get(code="GM9903", year=2024).name == figures.loc["GM9903", "name"]


def test_profile_exports_every_figure(demo):
    import csv
    import io

    client = Client()
    client.login(username="analist", password=DEMO_PASSWORD)
    built = build_demostad()
    small = next(a for a in built.buurten if a.population < 200)
    response = client.get(f"/gebieden/2024/{small.code}/?export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Domein", "Indicator", "Eenheid", "Jaar"]
    body = [
        r
        for r in rows[1:]
        if not r[1].startswith(("Onderadvisering", "Overadvisering", "Minstens havo"))
    ]
    assert len(body) == (built.observations["area_code"] == small.code).sum()
    suppressed = [r for r in body if r[4].startswith("geheim")]
    expected = (
        (built.observations["area_code"] == small.code)
        & (built.observations["status"] == "suppressed")
    ).sum()
    assert len(suppressed) == expected > 0
