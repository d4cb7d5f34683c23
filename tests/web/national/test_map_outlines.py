"""Outlines simplified once, at import, for the maps of many areas (ADR 0030): the boundary
import keeps three per area (a map of the country, of a province, of a large municipality), and
a map of more than 300 areas serves the one that fits its extent as it is stored."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.areas import services
from kansen.web.areas.models import Area, Indicator, MapOutline, Observation
from kansen.web.areas.outlines import DETAIL, stored_detail_for, tolerance_for

from ..factories import MunicipalityFactory, UserFactory
from ..test_imports import GOOD_BOUNDARIES
from .synthetic import circle

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("bounds", "detail"),
    [
        ((3.36, 50.75, 7.23, 53.55), "country"),  # the Netherlands: 0.0019 a pixel
        ((4.0, 52.0, 5.24, 53.24), "province"),  # 0.00062
        ((4.73, 52.28, 5.08, 52.43), "municipality"),  # Amsterdam: 0.000175
        ((4.45, 52.13, 4.53, 52.18), None),  # Leiden: 0.00004, simplified on request
    ],
)
def test_a_map_takes_the_coarsest_stored_outline_fine_enough_for_one_pixel(bounds, detail):
    assert stored_detail_for(tolerance_for(bounds)) == detail


def test_the_boundary_import_keeps_three_simplified_outlines_per_area():
    proefdorp = MunicipalityFactory(code="GM9001", name="Proefdorp", slug="proefdorp")
    services.import_boundaries(
        GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
    )
    assert MapOutline.objects.count() == 5 * 3
    buurt = Area.objects.get(code="BU90010101", year=2024)
    kept = {o.detail: json.loads(o.geojson) for o in buurt.map_outlines.all()}
    assert sorted(kept) == sorted(DETAIL)
    # a square of 1 km keeps its four corners at every detail, on a grid of 1e-5 degree
    for outline in kept.values():
        ring = outline["coordinates"][0]
        assert len(ring) == 5
        assert all(round(v, 5) == v for corner in ring for v in corner)
    # importing again replaces them
    services.import_boundaries(
        GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
    )
    assert MapOutline.objects.count() == 5 * 3


@pytest.fixture
def stored_buurten():
    """600 buurten of 200-point circles over 1.24 x 1.24 degrees (the size of a province), with
    their bounding boxes and the outlines an import keeps."""
    gemeente = Area.objects.create(
        code="GM9000", year=2024, level="gemeente", municipality_code="GM9000"
    )
    buurten = []
    for i in range(600):
        x, y = 4 + (i % 25) * 0.05, 52 + (i // 25) * 0.05
        buurten.append(
            Area(
                code=f"BU9000{i // 100:02d}{i % 100:02d}",
                year=2024,
                level="buurt",
                parent=gemeente,
                municipality_code="GM9000",
                geometry=circle(x + 0.02, y + 0.02, 0.02),
                bbox=[x, y, x + 0.04, y + 0.04],
            )
        )
    Area.objects.bulk_create(buurten)
    buurten = list(Area.objects.filter(level="buurt").order_by("code"))
    services.store_map_outlines(buurten)
    indicator = Indicator.objects.create(code="x", name="Laag inkomen", unit="%", is_public=True)
    Observation.objects.bulk_create(
        Observation(indicator=indicator, area=b, year=2024, value=float(i + 1))
        for i, b in enumerate(buurten)
    )
    client = Client(headers={"accept-language": "nl"})
    client.force_login(UserFactory(municipality=None, role=Role.NATIONAL))
    return client


def _outlines(client: Client) -> dict[str, dict]:
    data = client.get("/gebieden/kaart.geojson?scope=NL&level=buurt").json()
    return {f["properties"]["code"]: f["geometry"] for f in data["features"]}


def test_a_map_of_many_areas_serves_the_stored_outlines_that_fit_it(stored_buurten):
    served = _outlines(stored_buurten)
    assert len(served) == 600
    stored = {
        o.area.code: json.loads(o.geojson)
        for o in MapOutline.objects.filter(detail="province").select_related("area")
    }
    assert served == stored
    # a circle 0.04 degree wide at a tolerance of 0.0004: about 40 of its 201 points
    assert {len(g["coordinates"][0]) for g in served.values()} == {
        len(stored["BU90000000"]["coordinates"][0])
    }
    assert 20 < len(stored["BU90000000"]["coordinates"][0]) < 60


def test_areas_without_stored_outlines_are_simplified_on_request_all_alike(stored_buurten):
    MapOutline.objects.filter(area__code="BU90000000").delete()
    served = _outlines(stored_buurten)
    assert len(served) == 600
    # all simplified to a pixel of this map (0.00062), none taken from the stored ones
    assert served["BU90000101"] != json.loads(
        MapOutline.objects.get(area__code="BU90000101", detail="province").geojson
    )
    assert max(len(g["coordinates"][0]) for g in served.values()) < 40
