"""The peer comparison page on the demo's national key figures."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kansen.demo import build_demostad, build_peer_figures
from kansen.peers import nearest_peers
from kansen.web.areas.models import Indicator
from kansen.web.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(shared_demo):
    client = Client()
    client.login(username="analist", password=DEMO_PASSWORD)
    return client


def test_peers_follow_the_chosen_figures(client):
    chosen = ["low_income_households", "low_education", "mean_woz_value"]
    ids = [Indicator.objects.get(municipality=None, code=c).pk for c in chosen]
    query = "&".join(f"figure={i}" for i in ids) + "&k=3"
    response = client.get(f"/gebieden/vergelijken/?{query}")
    assert response.status_code == 200
    rows = response.context["page"].rows()
    expected = nearest_peers(build_peer_figures(build_demostad()), "GM9999", chosen, k=3)
    assert [r.code for r in rows] == ["GM9999", *expected.peers.index]
    assert rows[0].is_target
    names = build_peer_figures(build_demostad())["name"]
    assert names[rows[1].code] in response.text


def test_peer_table_exports(client):
    response = client.get("/gebieden/vergelijken/?k=2&export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Gemeente", "Code", "Afstand"]
    assert rows[1][1] == "GM9999"
    assert len(rows) == 4
