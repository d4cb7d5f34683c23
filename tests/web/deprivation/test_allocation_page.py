"""The allocation page: shares by need x inhabitants that add up to the budget to the cent."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from kansen.web.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(shared_demo):
    client = Client()
    client.login(username="analist", password=DEMO_PASSWORD)
    return client


def test_shares_add_up_and_follow_the_threshold_and_cap(client):
    response = client.get(
        "/gebieden/verdelen/",
        {"budget": "250.000", "level": "buurt", "max_decile": "3", "cap": "40.000,00"},
    )
    page = response.context["page"]
    assert page.errors == []
    shares = page.allocation.shares
    assert sum(s.amount for s in shares) == Decimal("250000.00")
    assert all(s.amount == 0 for s in shares if s.decile > 3)
    assert all(s.amount <= Decimal("40000.00") for s in shares)
    paid = [s for s in shares if s.amount > 0]
    assert {s.decile for s in paid} <= {1, 2, 3}
    assert all("krijgt EUR" in s.explanation for s in paid)


def test_more_need_with_the_same_inhabitants_gets_more(client):
    page = client.get("/gebieden/verdelen/", {"budget": "100000", "level": "wijk"}).context["page"]
    shares = page.allocation.shares
    for a in shares:
        for b in shares:
            if a.population == b.population and a.need > b.need:
                assert a.amount >= b.amount
    per_head = {s.code: s.amount / s.population for s in shares}
    needs = {s.code: s.need for s in shares}
    most_needy = max(needs, key=needs.get)
    assert per_head[most_needy] == max(per_head.values())


def test_an_impossible_request_says_why(client):
    page = client.get(
        "/gebieden/verdelen/", {"budget": "1000", "level": "buurt", "floor": "500"}
    ).context["page"]
    assert page.allocation is None
    assert page.errors
    bad = client.get("/gebieden/verdelen/", {"budget": "veel geld"}).context["page"]
    assert "veel geld" in bad.errors[0]


def test_allocation_exports(client):
    params = {"budget": "250000", "level": "buurt", "what": "table", "export": "csv"}
    text = client.get("/gebieden/verdelen/", params).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    amounts = [Decimal(r[5].replace(".", "").replace(",", ".")) for r in rows[1:]]
    assert sum(amounts) == Decimal("250000")
    png = client.get("/gebieden/verdelen/", {**params, "what": "map", "export": "png"})
    assert png.content[:4] == b"\x89PNG"


def test_the_map_is_fetched_and_the_table_paged(client, monkeypatch):
    """The page carries neither the map's data nor every share (a country's 14,000 buurten
    made megabytes of HTML): the map fetches its GeoJSON, the table shows a page of shares."""
    from kansen.web.deprivation import views

    monkeypatch.setattr(views, "SHARES_PAGE_SIZE", 10)
    params = {"budget": "250000", "level": "buurt"}
    response = client.get("/gebieden/verdelen/", params)
    shares = response.context["page"].allocation.shares
    assert 'id="map-data"' not in response.text
    assert 'data-src="?budget=250000&amp;level=buurt&amp;what=map&amp;export=geojson"' in (
        response.text
    )
    assert [s.code for s in response.context["shares"]] == [s.code for s in shares[:10]]
    pages = -(-len(shares) // 10)
    assert f"pagina 1 van {pages}" in response.text
    last = client.get("/gebieden/verdelen/", {**params, "page": str(pages)})
    assert [s.code for s in last.context["shares"]] == [s.code for s in shares[(pages - 1) * 10 :]]
    data = client.get("/gebieden/verdelen/", {**params, "what": "map", "export": "geojson"})
    amounts = {f["properties"]["code"]: f["properties"]["value"] for f in data.json()["features"]}
    assert amounts == {s.code: float(s.amount) for s in shares}
