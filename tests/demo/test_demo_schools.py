"""Demostad's secondary-school locations."""

from __future__ import annotations

import re

from shapely import Point

from kansen.demo import Demostad


def test_about_eight_locations_of_which_three_or_four_offer_havo_vwo(demo: Demostad) -> None:
    assert 7 <= len(demo.schools) <= 9
    assert 3 <= sum(s.offers_havo_vwo for s in demo.schools) <= 4


def test_levels_and_codes_are_consistent(demo: Demostad) -> None:
    assert len({s.location_code for s in demo.schools}) == len(demo.schools)
    for school in demo.schools:
        assert school.levels in ("havo/vwo", "vmbo", "vmbo/havo/vwo")
        assert school.offers_havo_vwo == ("havo" in school.levels)
        assert re.fullmatch(r"99[A-Z]{2}", school.brin)
        assert re.fullmatch(re.escape(school.brin) + r"\d{2}", school.location_code)
        assert re.fullmatch(r"\d{4} [A-Z]{2}", school.postcode)
        assert school.name


def test_schools_lie_inside_their_buurt(demo: Demostad) -> None:
    for school in demo.schools:
        buurt = demo.area(school.area_code)
        assert buurt.level == "buurt"
        assert buurt.geometry_rd.contains(Point(school.x, school.y)), school
        assert school.x == round(school.x)
        assert school.y == round(school.y)


def test_schools_have_web_map_coordinates(demo: Demostad) -> None:
    for school in demo.schools:
        lon, lat = school.lon_lat
        assert 5.3 < lon < 5.5
        assert 52.1 < lat < 52.2
