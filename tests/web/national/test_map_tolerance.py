"""The map's extent from the areas' bounding boxes, in one aggregate query: the same on SQLite
and PostgreSQL (JSON array elements cast to numbers; the PostgreSQL run of ``.ci/run`` repeats
every database test, this one included)."""

from __future__ import annotations

import pytest

from kansen.web.areas.models import Area
from kansen.web.areas.selectors import _map_tolerance

pytestmark = pytest.mark.django_db


@pytest.fixture
def boxes():
    # binary fractions: exact in JSON, in SQLite's REAL and in PostgreSQL's double precision
    Area.objects.bulk_create(
        [
            Area(code="BU00010001", year=2024, level="buurt", municipality_code="GM0001",
                 bbox=[3.25, 50.5, 3.5, 50.75]),
            Area(code="BU00010002", year=2024, level="buurt", municipality_code="GM0001",
                 bbox=[4.0, 51.125, 7.5, 51.5]),
            Area(code="BU00020001", year=2024, level="buurt", municipality_code="GM0002",
                 bbox=[5.0, 52.0, 5.5, 53.75]),
            Area(code="BU00030001", year=2024, level="buurt", municipality_code="GM0003",
                 bbox=None),
        ]
    )  # fmt: skip


def test_the_extent_of_several_parts_is_one_pixel_of_their_bounding_box(boxes):
    parts = [
        Area.objects.filter(municipality_code="GM0001"),
        Area.objects.filter(municipality_code="GM0002"),
    ]
    # lon 3.25-7.5 (4.25 wide), lat 50.5-53.75 (3.25 high): the wider side over 2,000 pixels
    assert _map_tolerance(parts) == 4.25 / 2000
    assert _map_tolerance(parts[:1]) == 4.25 / 2000
    assert _map_tolerance(parts[1:]) == 1.75 / 2000


def test_an_area_without_a_bounding_box_leaves_it_to_the_outlines(boxes):
    assert _map_tolerance([Area.objects.all()]) is None
    assert _map_tolerance([Area.objects.filter(municipality_code="GM0003")]) is None
    assert _map_tolerance([Area.objects.none()]) is None
