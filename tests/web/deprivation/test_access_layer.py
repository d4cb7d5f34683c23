"""Distance to the nearest havo/vwo school on the explorer, against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client

from kansen.demo import build_demostad
from kansen.web.areas.models import Area
from kansen.web.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(shared_demo):
    client = Client()
    client.login(username="analist", password=DEMO_PASSWORD)
    return client


def test_buurt_distances_equal_brute_force_from_a_point_inside(client):
    demo = build_demostad()
    schools = np.array([(s.x, s.y) for s in demo.schools if s.offers_havo_vwo])
    response = client.get("/gebieden/?layer=access:havo_vwo&level=buurt&year=2024")
    ranking = response.context["ranking"]
    assert len(ranking) == 40
    for row in ranking:
        area = Area.objects.get(pk=row.area.pk)
        expected = np.hypot(schools[:, 0] - area.point_x, schools[:, 1] - area.point_y).min()
        assert row.value.value == round(expected)
    # the farthest buurt first: distance is worse the higher it is
    assert ranking[0].value.value == max(r.value.value for r in ranking)


def test_wijk_distance_is_measured_from_where_people_live(client):
    demo = build_demostad()
    schools = np.array([(s.x, s.y) for s in demo.schools if s.offers_havo_vwo])
    population = demo.values("population", 2024)
    response = client.get("/gebieden/?layer=access:havo_vwo&level=wijk&year=2024")
    for row in response.context["ranking"]:
        buurten = Area.objects.filter(parent__code=row.area.code, year=2024)
        weights = np.array([population[b.code] for b in buurten])
        x = np.average([b.point_x for b in buurten], weights=weights)
        y = np.average([b.point_y for b in buurten], weights=weights)
        expected = np.hypot(schools[:, 0] - x, schools[:, 1] - y).min()
        assert row.value.value == round(expected)
        assert row.extra[1] == "het bevolkingsgewogen midden van de buurten"
