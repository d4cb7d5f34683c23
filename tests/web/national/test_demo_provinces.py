"""The demo's ministry account chooses a province: the demo's fictional municipalities lie in
two fictional provinces of the demo (``areas/data/demo_provinces.csv``)."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.web.core.demo import DEMO_PASSWORD

from ..html import parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(shared_demo):
    client = Client(headers={"accept-language": "nl"})
    assert client.login(username="ministerie", password=DEMO_PASSWORD)
    return client


def test_the_ministry_of_the_demo_chooses_a_demo_province(ministry):
    response = ministry.get("/gebieden/?level=gemeente")
    choices = response.context["scope"]["choices"]
    assert choices[:3] == [
        ("NL", "Nederland"),
        ("PV98", "Demoprovincie Noord (provincie)"),
        ("PV99", "Demoprovincie Zuid (provincie)"),
    ]
    north = ministry.get("/gebieden/?scope=PV98&level=gemeente")
    assert north.status_code == 200
    assert sorted(a.code for a in north.context["explorer"].areas) == [
        *(f"GM99{i:02d}" for i in range(1, 13)),
        "GM9999",
    ]
    # the province's figures beside the country's (the 25 demo municipalities)
    rows = parse(north).xpath("//table[contains(@class, 'summary-table')]//tbody//th")
    assert [text(th) for th in rows] == ["Demoprovincie Noord (provincie)", "Nederland"]
    south = ministry.get("/gebieden/?scope=PV99&level=gemeente")
    assert len(south.context["explorer"].areas) == 12
