"""Demostad's areas: counts, codes, hierarchy and an exact tiling of the municipality."""

from __future__ import annotations

import re

import numpy as np
import pytest
import shapely
from shapely import Polygon

from kansen.demo import DEMO_MUNICIPALITY_CODE, Demostad

#: Pairwise overlaps and gaps must be below this area (m2): floating-point noise only.
AREA_TOLERANCE = 1e-6


def test_one_gemeente_six_wijken_forty_buurten(demo: Demostad) -> None:
    assert [a.code for a in demo.areas if a.level == "gemeente"] == [DEMO_MUNICIPALITY_CODE]
    assert len(demo.wijken) == 6
    assert len(demo.buurten) == 40
    assert len(demo.areas) == 47
    assert len({a.code for a in demo.areas}) == 47
    assert len({a.name for a in demo.areas}) == 47


def test_codes_follow_the_cbs_structure(demo: Demostad) -> None:
    assert demo.gemeente.parent_code is None
    assert [w.code for w in demo.wijken] == [f"WK9999{n:02d}" for n in range(1, 7)]
    for wijk in demo.wijken:
        assert wijk.parent_code == DEMO_MUNICIPALITY_CODE
    for buurt in demo.buurten:
        assert re.fullmatch(r"BU9999\d{4}", buurt.code)
        assert buurt.parent_code is not None
        assert buurt.code.startswith("BU9999" + buurt.parent_code[-2:])
        assert demo.area(buurt.parent_code).level == "wijk"


def test_children_follow_parent_codes(demo: Demostad) -> None:
    assert demo.children(DEMO_MUNICIPALITY_CODE) == demo.wijken
    assert sum(len(demo.children(w.code)) for w in demo.wijken) == 40
    for wijk in demo.wijken:
        numbers = [int(b.code[-2:]) for b in demo.children(wijk.code)]
        assert numbers == list(range(1, len(numbers) + 1))
    assert demo.children("BU99990101") == []


def test_unknown_area_code_raises_key_error(demo: Demostad) -> None:
    with pytest.raises(KeyError, match="GM0000"):
        demo.area("GM0000")


def test_every_geometry_is_one_valid_polygon(demo: Demostad) -> None:
    for area in demo.areas:
        assert isinstance(area.geometry_rd, Polygon), area.code
        assert area.geometry_rd.is_valid, area.code
        assert area.geometry_rd.area > 10_000, area.code


def test_coordinates_lie_on_a_centimetre_grid(demo: Demostad) -> None:
    coords = shapely.get_coordinates([a.geometry_rd for a in demo.areas])
    assert np.allclose(coords * 100, np.round(coords * 100), atol=1e-4)


def test_buurten_do_not_overlap(demo: Demostad) -> None:
    cells = np.array([b.geometry_rd for b in demo.buurten], dtype=object)
    overlap = shapely.area(shapely.intersection(cells[:, None], cells[None, :]))
    np.fill_diagonal(overlap, 0.0)
    assert overlap.max() < AREA_TOLERANCE


@pytest.mark.parametrize("level", ["buurt", "wijk"])
def test_areas_of_a_level_tile_the_gemeente(demo: Demostad, level: str) -> None:
    parts = [a.geometry_rd for a in demo.areas if a.level == level]
    gemeente = demo.gemeente.geometry_rd
    assert sum(p.area for p in parts) == pytest.approx(gemeente.area, rel=1e-6)
    assert shapely.union_all(parts).symmetric_difference(gemeente).area < AREA_TOLERANCE


def test_buurten_of_a_wijk_union_to_the_wijk(demo: Demostad) -> None:
    for wijk in demo.wijken:
        buurten = [b.geometry_rd for b in demo.children(wijk.code)]
        assert sum(b.area for b in buurten) == pytest.approx(wijk.geometry_rd.area, rel=1e-6)
        union = shapely.union_all(buurten)
        assert union.symmetric_difference(wijk.geometry_rd).area < AREA_TOLERANCE
        assert isinstance(union, Polygon), f"{wijk.code} is not contiguous"


def test_town_lies_in_the_middle_of_the_netherlands(demo: Demostad) -> None:
    x0, y0, x1, y1 = demo.gemeente.geometry_rd.bounds
    assert 7_000 < x1 - x0 < 9_500
    assert 5_000 < y1 - y0 < 7_500
    centroid = demo.gemeente.geometry_rd.centroid
    assert abs(centroid.x - 155_000) < 1_000
    assert abs(centroid.y - 463_000) < 1_000
    # Near Amersfoort in longitude/latitude.
    lon, lat = demo.gemeente.geometry_wgs84.centroid.coords[0]
    assert lon == pytest.approx(5.387, abs=0.02)
    assert lat == pytest.approx(52.155, abs=0.02)
