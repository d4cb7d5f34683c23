"""The fictional postcode areas of Demostad used to sort offers by distance."""

from __future__ import annotations

from shapely import Point

from kansen.demo import build_demostad, build_pupils, demo_buurt_postcodes, demo_postcode_areas


def test_postcode_9994_is_the_mean_of_the_inside_points_of_its_four_buurten() -> None:
    demo = build_demostad()
    # The old centre and the industrial estate south of it: read off the demo's buurt list.
    members = ["BU99990101", "BU99990102", "BU99990103", "BU99990303"]
    points = [demo.area(code).geometry_rd.representative_point() for code in members]
    expected = (sum(p.x for p in points) / 4, sum(p.y for p in points) / 4)

    assert sorted(c for c, pc4 in demo_buurt_postcodes(demo).items() if pc4 == "9994") == members
    assert demo_postcode_areas(demo)["9994"] == expected


def test_every_buurt_has_one_of_ten_postcodes_as_in_the_pupil_data() -> None:
    demo = build_demostad()
    postcodes = demo_buurt_postcodes(demo)
    assert list(postcodes) == [b.code for b in demo.buurten]
    assert set(postcodes.values()) == {str(code) for code in range(9990, 10000)}
    pupils = build_pupils(demo, years=(2024,)).pupils
    for buurt, pc4 in pupils[["buurt", "pc4"]].drop_duplicates().itertuples(index=False):
        assert postcodes[buurt] == pc4


def test_every_postcode_centre_lies_in_demostad() -> None:
    demo = build_demostad()
    outline = demo.gemeente.geometry_rd
    areas = demo_postcode_areas()
    assert list(areas) == sorted(areas)
    for x, y in areas.values():
        assert outline.contains(Point(x, y))
