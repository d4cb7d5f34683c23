"""Specification of ``read_boundaries`` on the real CBS/PDOK municipality boundaries.

The figures were measured once and are asserted exactly, so a change in behaviour shows up.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from kansen.io import Boundaries, read_boundaries

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def wgs84_2023(shared_data: Path) -> Boundaries:
    return read_boundaries(shared_data / "nl" / "gemeenten_2023_wgs84.geojson", drop_codes=())


@pytest.fixture(scope="module")
def rd_2023(shared_data: Path) -> Boundaries:
    return read_boundaries(shared_data / "nl" / "gemeenten_2023_rd.geojson", drop_codes=())


def repaired_codes(boundaries: Boundaries) -> list[str]:
    return [p.message.split()[3] for p in boundaries.repairs]


def test_the_2023_wgs84_file_has_343_areas_in_an_undeclared_wgs84(wgs84_2023: Boundaries) -> None:
    assert len(wgs84_2023.features) == 343  # 342 municipalities and GM0998 "Buitenland"
    assert (wgs84_2023.source_crs, wgs84_2023.crs_detected) == ("EPSG:4326", True)
    assert wgs84_2023.crs_message == (
        "The file declares no coordinate system; the coordinates (x 3.36-7.23, "
        "y 50.75-53.55) fit EPSG:4326 (WGS 84, longitude/latitude in degrees)."
    )
    assert all(f.geometry_wgs84.is_valid and f.geometry_rd.is_valid for f in wgs84_2023.features)
    assert repaired_codes(wgs84_2023) == ["GM0303", "GM0716", "GM0852", "GM1895", "GM1924"]
    assert {f.level for f in wgs84_2023.features} == {"gemeente"}


def test_leiden_is_about_23_square_kilometres(wgs84_2023: Boundaries) -> None:
    leiden = next(f for f in wgs84_2023.features if f.code == "GM0546")
    assert leiden.name == "Leiden"
    # Measured 23.40 km2 on the simplified boundary (CBS gives 23.27 km2 for Leiden).
    assert leiden.geometry_rd.area / 1e6 == pytest.approx(23.40, abs=0.05)
    assert leiden.properties["jrstatcode"] == "2023GM0546"


def test_the_2023_rd_file_is_detected_as_rd_and_repaired(rd_2023: Boundaries) -> None:
    assert len(rd_2023.features) == 343
    assert (rd_2023.source_crs, rd_2023.crs_detected) == ("EPSG:28992", True)
    assert rd_2023.crs_message == (
        "The file declares no coordinate system; the coordinates (x 13,000-278,000, "
        "y 306,000-619,000) fit EPSG:28992 (Amersfoort / RD New, metres)."
    )
    # 7 geometries are invalid in the file; Noordoostpolder (GM0171) becomes invalid (a
    # self-intersection) only after conversion to EPSG:4326 and is repaired there.
    assert repaired_codes(rd_2023) == [
        "GM0303",
        "GM0677",
        "GM0852",
        "GM0995",
        "GM1895",
        "GM1924",
        "GM1979",
        "GM0171",
    ]
    assert len(rd_2023.repairs) == 8
    assert sum("after conversion to EPSG:4326" in p.message for p in rd_2023.repairs) == 1
    assert rd_2023.repairs[0].message.startswith(
        "the geometry of GM0303 was invalid (Hole lies outside shell["
    )
    assert all(p.severity == "warning" for p in rd_2023.repairs)
    geometries = [g for f in rd_2023.features for g in (f.geometry_rd, f.geometry_wgs84)]
    assert shapely.is_valid(geometries).all()
    assert {type(g).__name__ for g in geometries} == {"Polygon", "MultiPolygon"}


def test_the_rd_and_wgs84_files_describe_the_same_municipalities(
    wgs84_2023: Boundaries, rd_2023: Boundaries
) -> None:
    from_wgs84 = {f.code: f for f in wgs84_2023.features}
    from_rd = {f.code: f for f in rd_2023.features}
    assert from_rd.keys() == from_wgs84.keys()
    worst_iou, worst_distance = 1.0, 0.0
    for code in from_rd.keys() - {"GM0998"}:  # "Buitenland" differs between the files (IoU 0.71)
        a, b = from_rd[code].geometry_wgs84, from_wgs84[code].geometry_wgs84
        worst_iou = min(worst_iou, a.intersection(b).area / a.union(b).area)
        distance = from_rd[code].geometry_rd.centroid.distance(
            from_wgs84[code].geometry_rd.centroid
        )
        worst_distance = max(worst_distance, distance)
    assert worst_iou > 0.95  # measured 0.968 (GM0579 Valkenburg aan de Geul)
    assert worst_distance < 500  # measured 39 m


def test_buitenland_is_dropped_by_default(shared_data: Path) -> None:
    boundaries = read_boundaries(shared_data / "nl" / "gemeenten_2023_rd.geojson")
    assert len(boundaries.features) == 342
    assert [str(w) for w in boundaries.warnings] == [
        "gemeenten_2023_rd.geojson, feature 254, column 'gemeentecode': warning: GM0998 "
        "'Buitenland' is left out (drop_codes)"
    ]


def test_the_2022_key_figures_file_has_345_municipalities(shared_data: Path) -> None:
    boundaries = read_boundaries(shared_data / "nl" / "gemeenten_2022_kwb_wgs84.geojson")
    assert len(boundaries.features) == 345  # 346 in the file, without GM0998 "Buitenland"
    assert [(w.row, w.message) for w in boundaries.warnings] == [
        (1, "GM0998 'Buitenland' is left out (drop_codes)")
    ]
    assert repaired_codes(boundaries) == [
        "GM0166",
        "GM0448",
        "GM0703",
        "GM0718",
        "GM1695",
        "GM1911",
        "GM1930",
    ]
    assert sum("Too few points" in p.message for p in boundaries.repairs) == 4
    assert boundaries.source_crs == "EPSG:4326"
    first = boundaries.features[0]
    assert (first.code, first.name) == ("GM0034", "Almere")
    assert len(first.properties) == 111  # the key figures stay with the area


def test_districts_with_letters_in_their_codes_are_read(shared_data: Path) -> None:
    boundaries = read_boundaries(shared_data / "nl" / "wijken_2024_wgs84.geojson")
    assert len(boundaries.features) == 3474  # 3,475 without WK099899 in "Buitenland"
    amsterdam = [f.code for f in boundaries.features if f.code.startswith("WK0363")]
    assert len(amsterdam) == 111
    assert [code for code in amsterdam if code[2:].isdigit()] == ["WK036399"]
    assert amsterdam[1] == "WK0363AA"
    assert len(boundaries.repairs) == 17
