"""Facility locations: Dutch grid or lat/lon, havo/vwo from a flag or the school type."""

from __future__ import annotations

import pytest

from kansen.demo import build_demostad, write_demostad
from kansen.io import ImportRejected, read_facilities


def test_demo_schools_read_back_exactly(tmp_path):
    demo = build_demostad()
    files = write_demostad(demo, tmp_path)
    result = read_facilities(files.schools_csv)
    by_code = {f.code: f for f in result.facilities}
    assert len(by_code) == len(demo.schools)
    for school in demo.schools:
        read = by_code[school.location_code]
        assert (read.x, read.y) == (school.x, school.y)
        assert read.offers_havo_vwo is school.offers_havo_vwo
        assert read.name == school.name
        lon, lat = school.lon_lat
        assert (read.lon, read.lat) == pytest.approx((lon, lat), abs=1e-9)


def test_lat_lon_and_school_type():
    data = (
        b"BRIN;vestigingsnaam;type;latitude;longitude\n"
        b"00AH00;Het Stedelijk;HAVO/VWO;52,2215;6,8937\n"
        b"00AH01;Vakschool;VMBO;52.2300;6.9000\n"
    )
    result = read_facilities(data, filename="scholen.csv")
    assert [(f.code, f.offers_havo_vwo) for f in result.facilities] == [
        ("00AH00", True),
        ("00AH01", False),
    ]
    # Enschede lies around RD (258000, 471000)
    assert 255_000 < result.facilities[0].x < 261_000
    assert 469_000 < result.facilities[0].y < 474_000


def test_every_bad_row_is_reported():
    data = (
        b"location_code,name,offers_havo_vwo,x,y\n"
        b"A1,Een,ja,155000,463000\n"
        b"A1,Twee,ja,155100,463100\n"  # duplicate code
        b",Drie,misschien,155200,463200\n"  # no code, not yes/no
        b"A4,Vier,nee,5.1,52.1\n"  # degrees in the metre columns
    )
    with pytest.raises(ImportRejected) as rejected:
        read_facilities(data, filename="scholen.csv")
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (3, "location_code"),
        (4, "location_code"),
        (4, "offers_havo_vwo"),
        (5, "x"),
    ]


def test_a_file_without_coordinates_says_what_it_needs():
    data = b"BRIN,vestigingsnaam,gemeente,postcode,type\n00AH00,School,ENSCHEDE,7522 GK,HAVO/VWO\n"
    with pytest.raises(ImportRejected) as rejected:
        read_facilities(data, filename="schools_vo_2024.csv")
    assert [p.message for p in rejected.value.problems] == ["no coordinates"]
    assert "lat and lon" in (rejected.value.problems[0].expected or "")
