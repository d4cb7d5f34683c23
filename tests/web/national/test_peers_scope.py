"""Peer comparison at the scope of the country or a province: the national network chooses a
municipality, and its peers are sought among the municipalities of the scope."""

from __future__ import annotations

import pytest

from kansen.web.accounts.constants import Role

from ..html import parse
from .test_provinces import _client, country  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:
    return [r.code for r in response.context["page"].rows()]


def test_the_ministry_chooses_whose_peers_among_the_whole_country(country):  # noqa: F811
    client = _client(municipality=None, role=Role.NATIONAL)
    first = client.get("/gebieden/vergelijken/")
    assert first.status_code == 200
    assert first.context["page"] is None
    assert parse(first).xpath("//select[@name='target']/option/@value") == [
        "GM0307",
        "GM0363",
        "GM0014",
        "GM0344",
        "GM0345",
    ]
    response = client.get("/gebieden/vergelijken/?target=GM0344&k=5")
    # 12.5 against 14.0, 8.0 and 20.0 (Veenendaal's figure is suppressed)
    assert _codes(response) == ["GM0344", "GM0014", "GM0307", "GM0363"]
    assert '<input type="hidden" name="target" value="GM0344">' in response.text


def test_at_a_province_the_peers_are_the_provinces_municipalities(country):  # noqa: F811
    client = _client(municipality=None, role=Role.NATIONAL)
    response = client.get("/gebieden/vergelijken/?scope=PV26&target=GM0344&k=5")
    assert _codes(response) == ["GM0344", "GM0307"]
    assert parse(response).xpath("//select[@name='target']/option/@value") == [
        "GM0307",
        "GM0344",
        "GM0345",
    ]
    assert '<input type="hidden" name="scope" value="PV26">' in response.text
    # a municipality of another province is not one to choose here
    assert client.get("/gebieden/vergelijken/?scope=PV26&target=GM0363").context["page"] is None
    # the export keeps the scope and the municipality
    rows = client.get("/gebieden/vergelijken/?scope=PV26&target=GM0344&export=csv")
    assert [line.split(";")[1] for line in rows.content.decode("utf-8-sig").splitlines()[1:]] == [
        "GM0344",
        "GM0307",
    ]


def test_a_municipality_still_compares_itself_with_every_municipality(country):  # noqa: F811
    client = _client(municipality=country, role=Role.ANALYST)
    response = client.get("/gebieden/vergelijken/?scope=PV26&target=GM0363&k=5")
    assert _codes(response) == ["GM0344", "GM0014", "GM0307", "GM0363"]
    assert response.context["scope"] is None
