"""Specification of ``read_boundaries`` on small GeoJSON files written in the tests."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import MultiPolygon

from kansen.io import Boundaries, ImportRejected, read_boundaries

# A 1 km square near Leiden in the Dutch grid (metres) and a small square in lon/lat.
RD_SQUARE = [[90_000, 460_000], [91_000, 460_000], [91_000, 461_000], [90_000, 461_000]]
WGS84_SQUARE = [[4.48, 52.15], [4.49, 52.15], [4.49, 52.16], [4.48, 52.16]]


def ring(corners: Sequence[Sequence[float]], dx: float = 0, dy: float = 0) -> list[list[float]]:
    """A closed ring through the corners, shifted by (dx, dy)."""
    points = [[x + dx, y + dy] for x, y in corners]
    return [*points, points[0]]


def feature(code: Any, rings: Any = None, kind: str = "Polygon", **properties: Any) -> Any:
    """A GeoJSON feature with a ``gemeentecode`` and ``gemeentenaam``."""
    geometry = None if rings is None else {"type": kind, "coordinates": rings}
    props = {"gemeentecode": code, "gemeentenaam": f"Gemeente {code}", **properties}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def geojson(*features: Any, crs: str | None = None) -> bytes:
    """A FeatureCollection, with a legacy ``crs`` member when ``crs`` is given."""
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": list(features)}
    if crs is not None:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(collection).encode()


def rejected(data: bytes, **options: Any) -> list[tuple[int | None, str | None, str]]:
    """The (row, column, message) of every problem when the file is rejected."""
    with pytest.raises(ImportRejected) as caught:
        read_boundaries(data, filename="test.geojson", **options)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def test_a_declared_rd_file_is_returned_in_both_systems() -> None:
    data = geojson(
        feature("GM0546", [ring(RD_SQUARE)], inwoners=125100),
        crs="urn:ogc:def:crs:EPSG::28992",
    )
    boundaries = read_boundaries(data)
    assert boundaries.source_crs == "EPSG:28992"
    assert boundaries.crs_detected is False
    assert boundaries.crs_message == "The file declares EPSG:28992 (Amersfoort / RD New)."
    assert boundaries.repairs == []
    assert boundaries.warnings == []
    [leiden] = boundaries.features
    assert (leiden.code, leiden.name, leiden.level) == ("GM0546", "Gemeente GM0546", "gemeente")
    assert leiden.properties == {"inwoners": 125100}
    assert leiden.geometry_rd.area == pytest.approx(1_000_000)
    lon_min, lat_min, lon_max, lat_max = leiden.geometry_wgs84.bounds
    # RD (90000, 460000) is the south-west corner of Leiden: 4.438 E, 52.124 N
    assert (round(lon_min, 3), round(lat_min, 3)) == (4.438, 52.124)
    assert (round(lon_max, 3), round(lat_max, 3)) == (4.453, 52.133)


@pytest.mark.parametrize(
    ("declared", "corners", "source_crs"),
    [
        ("EPSG:28992", RD_SQUARE, "EPSG:28992"),
        ("http://www.opengis.net/def/crs/EPSG/0/28992", RD_SQUARE, "EPSG:28992"),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", WGS84_SQUARE, "EPSG:4326"),
        ("EPSG:4326", WGS84_SQUARE, "EPSG:4326"),
    ],
)
def test_the_usual_ways_of_declaring_a_crs_are_understood(
    declared: str, corners: Sequence[Sequence[float]], source_crs: str
) -> None:
    boundaries = read_boundaries(geojson(feature("GM0546", [ring(corners)]), crs=declared))
    assert (boundaries.source_crs, boundaries.crs_detected) == (source_crs, False)


def test_an_undeclared_crs_is_detected_from_the_coordinates() -> None:
    rd = read_boundaries(geojson(feature("GM0546", [ring(RD_SQUARE)])))
    assert (rd.source_crs, rd.crs_detected) == ("EPSG:28992", True)
    assert rd.crs_message == (
        "The file declares no coordinate system; the coordinates (x 90,000-91,000, "
        "y 460,000-461,000) fit EPSG:28992 (Amersfoort / RD New, metres)."
    )
    wgs84 = read_boundaries(geojson(feature("GM0546", [ring(WGS84_SQUARE)])))
    assert (wgs84.source_crs, wgs84.crs_detected) == ("EPSG:4326", True)
    assert wgs84.crs_message == (
        "The file declares no coordinate system; the coordinates (x 4.48-4.49, y 52.15-52.16) "
        "fit EPSG:4326 (WGS 84, longitude/latitude in degrees)."
    )
    # 0.01 degree by 0.01 degree at 52.15 N is about 684 m by 1,113 m
    assert wgs84.features[0].geometry_rd.area == pytest.approx(761_400, rel=0.001)


def test_the_crs_argument_overrides_the_file_with_a_warning() -> None:
    data = geojson(feature("GM0546", [ring(RD_SQUARE)]), crs="EPSG:4326")
    boundaries = read_boundaries(data, crs="EPSG:28992", filename="test.geojson")
    assert boundaries.source_crs == "EPSG:28992"
    assert (
        boundaries.crs_message
        == "The coordinate system was given as EPSG:28992 (Amersfoort / RD New)."
    )
    assert [str(w) for w in boundaries.warnings] == [
        "test.geojson, column 'crs': warning: the file declares EPSG:4326; EPSG:28992 was used "
        "instead"
    ]
    with pytest.raises(ValueError, match="'EPSG:3857' is not supported; use EPSG:4326"):
        read_boundaries(data, crs="EPSG:3857")


def test_a_declared_crs_that_contradicts_the_coordinates_is_an_error() -> None:
    data = geojson(feature("GM0546", [ring(RD_SQUARE)]), crs="EPSG:4326")
    assert rejected(data) == [
        (
            None,
            "crs",
            "the file declares EPSG:4326 (WGS 84), but the coordinates (x 90,000-91,000, "
            "y 460,000-461,000) do not fit it; they fit EPSG:28992",
        )
    ]


def test_latitude_first_coordinates_under_a_declared_crs_get_a_hint() -> None:
    swapped = [[y, x] for x, y in WGS84_SQUARE]
    data = geojson(feature("GM0546", [ring(swapped)]), crs="urn:ogc:def:crs:EPSG::4326")
    assert rejected(data) == [
        (
            None,
            "crs",
            "the file declares EPSG:4326 (WGS 84), but the coordinates (x 52.15-52.16, "
            "y 4.48-4.49) do not fit it (they look like latitude/longitude; GeoJSON puts "
            "longitude first)",
        )
    ]


def test_an_unsupported_crs_is_an_error_naming_the_supported_ones() -> None:
    data = geojson(feature("GM0546", [ring(RD_SQUARE)]), crs="urn:ogc:def:crs:EPSG::3857")
    with pytest.raises(ImportRejected) as caught:
        read_boundaries(data)
    [problem] = caught.value.problems
    assert problem.message == "the coordinate system EPSG:3857 is not supported"
    assert problem.expected == "EPSG:4326 (WGS 84) or EPSG:28992 (Amersfoort / RD New)"


@pytest.mark.parametrize(
    ("corners", "message"),
    [
        (
            [[y, x] for x, y in WGS84_SQUARE],
            "the coordinates (x 52.15-52.16, y 4.48-4.49) fit no supported coordinate system "
            "(they look like latitude/longitude; GeoJSON puts longitude first)",
        ),
        (
            [[x - 80, y - 50] for x, y in WGS84_SQUARE],
            "the coordinates (x -75.52 to -75.51, y 2.15 to 2.16) fit no supported coordinate "
            "system (they look like longitude/latitude outside the Netherlands)",
        ),
        (
            [[x * 100 + 500_000, y * 10 + 6_800_000] for x, y in RD_SQUARE],
            "the coordinates (x 9,500,000-9,600,000, y 11,400,000-11,410,000) fit no supported "
            "coordinate system",
        ),
    ],
)
def test_coordinates_that_fit_no_supported_crs_are_rejected(
    corners: Sequence[Sequence[float]], message: str
) -> None:
    assert rejected(geojson(feature("GM0546", [ring(corners)]))) == [(None, None, message)]


def test_an_invalid_geometry_is_repaired_with_a_warning() -> None:
    bow_tie = [[90_000, 460_000], [91_000, 461_000], [91_000, 460_000], [90_000, 461_000]]
    spike = [*RD_SQUARE[:2], [91_500, 460_500], *RD_SQUARE[1:]]
    data = geojson(
        feature("GM0001", [ring(RD_SQUARE)]),
        feature("GM0002", [ring(bow_tie, dx=2_000)]),
        feature("GM0003", [ring(spike, dx=4_000)]),
    )
    boundaries = read_boundaries(data, filename="test.geojson")
    assert [(p.row, p.column, p.severity) for p in boundaries.repairs] == [
        (2, "geometry", "warning"),
        (3, "geometry", "warning"),
    ]
    assert boundaries.repairs[0].message == (
        "the geometry of GM0002 was invalid (Self-intersection[92500 460500]); "
        "repaired with make_valid"
    )
    assert "the geometry of GM0003 was invalid (" in boundaries.repairs[1].message
    _, tie, spiked = boundaries.features
    assert isinstance(tie.geometry_rd, MultiPolygon)  # the two triangles of the bow tie
    assert tie.geometry_rd.area == pytest.approx(500_000)
    # make_valid gives a collection of the square and the spike (a line); the line is dropped
    assert isinstance(spiked.geometry_rd, MultiPolygon)
    assert len(spiked.geometry_rd.geoms) == 1
    assert spiked.geometry_rd.area == pytest.approx(1_000_000)
    assert all(f.geometry_rd.is_valid and f.geometry_wgs84.is_valid for f in boundaries.features)


def test_every_problem_of_every_feature_is_reported() -> None:
    square = [ring(RD_SQUARE)]
    data = geojson(
        feature("GM0001", square),
        feature(None, square),
        feature("GM0001", square),
        {
            "type": "Feature",
            "properties": {"gemeentecode": "GM0004"},
            "geometry": {"type": "Point", "coordinates": [90_000, 460_000]},
        },
        feature("GM0005"),
        feature("GM12", square),
        feature("GM0007", []),
        ["not", "a", "feature"],
        feature(" gm0009 ", square),
    )
    assert rejected(data) == [
        (2, "gemeentecode", "the area code is missing"),
        (3, "gemeentecode", "code GM0001 also appears in feature 1"),
        (4, "geometry", "the geometry of GM0004 is a Point"),
        (5, "geometry", "GM0005 has no geometry"),
        (6, "gemeentecode", "value 'GM12' is not a CBS area code"),
        (7, "geometry", "the geometry of GM0007 is empty"),
        (8, None, "this is not a GeoJSON Feature"),
    ]


def test_broken_json_is_reported_with_its_line_and_column() -> None:
    data = b'{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature" "x": 1}]}'
    assert rejected(data) == [
        (None, None, "the file is not valid JSON: Expecting ',' delimiter at line 3, column 22")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"type": "Feature", "geometry": None, "properties": {}}, "the file is a GeoJSON Feature"),
        ([1, 2, 3], "the file is JSON but not GeoJSON"),
        (
            {"type": "FeatureCollection", "features": {}},
            "the FeatureCollection has no list of features",
        ),
    ],
)
def test_only_a_feature_collection_is_accepted(content: Any, message: str) -> None:
    assert rejected(json.dumps(content).encode()) == [(None, None, message)]


def test_an_empty_collection_is_rejected() -> None:
    assert rejected(geojson()) == [(None, None, "the file contains no features")]
    only_abroad = geojson(feature("GM0998", [ring(RD_SQUARE)]))
    assert rejected(only_abroad) == [
        (None, None, "the file contains no areas"),
        (1, "gemeentecode", "GM0998 'Gemeente GM0998' is left out (drop_codes)"),
    ]


def test_buitenland_and_its_districts_are_dropped_with_a_warning() -> None:
    data = geojson(
        feature("GM0998", [ring(RD_SQUARE)]),
        feature("WK099899", [ring(RD_SQUARE, dx=2_000)]),
        feature("GM0546", [ring(RD_SQUARE, dx=4_000)]),
    )
    boundaries = read_boundaries(data, filename="test.geojson")
    assert [f.code for f in boundaries.features] == ["GM0546"]
    assert [str(w) for w in boundaries.warnings] == [
        "test.geojson, feature 1, column 'gemeentecode': warning: GM0998 'Gemeente GM0998' is "
        "left out (drop_codes)",
        "test.geojson, feature 2, column 'gemeentecode': warning: WK099899 'Gemeente WK099899' "
        "is left out (drop_codes)",
    ]
    kept = read_boundaries(data, drop_codes=())
    assert [f.code for f in kept.features] == ["GM0998", "WK099899", "GM0546"]


def test_the_code_and_name_properties_are_detected_most_specific_first() -> None:
    district = {
        "type": "Feature",
        "properties": {"GemeenteCode": "GM0546", "WijkCode": "WK054601", "WijkNaam": "Binnenstad"},
        "geometry": {"type": "Polygon", "coordinates": [ring(RD_SQUARE)]},
    }
    [wijk] = read_boundaries(geojson(district)).features
    assert (wijk.code, wijk.name, wijk.level) == ("WK054601", "Binnenstad", "wijk")
    assert wijk.properties == {"GemeenteCode": "GM0546"}
    [chosen] = read_boundaries(
        geojson(district), code_field="gemeentecode", name_field="wijknaam"
    ).features
    assert (chosen.code, chosen.name) == ("GM0546", "Binnenstad")
    assert rejected(geojson(district), code_field="gm_code") == [
        (None, "gm_code", "no feature has the property 'gm_code' (code_field)")
    ]


def test_a_file_without_names_gets_empty_names_and_a_warning() -> None:
    nameless = {
        "type": "Feature",
        "properties": {"statcode": "BU05460101"},
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring(RD_SQUARE)]]},
    }
    boundaries = read_boundaries(geojson(nameless))
    assert (boundaries.features[0].name, boundaries.features[0].level) == ("", "buurt")
    assert [w.message for w in boundaries.warnings] == [
        "no property with area names found; names are left empty"
    ]


def test_paths_bytes_and_file_objects_are_read_alike(tmp_path: Path) -> None:
    data = geojson(feature("GM0546", [ring(RD_SQUARE)]))
    path = tmp_path / "leiden.geojson"
    path.write_bytes(data)
    results: list[Boundaries] = [
        read_boundaries(path),
        read_boundaries(str(path)),
        read_boundaries(data),
        read_boundaries(io.BytesIO(data)),
    ]
    assert {r.features[0].geometry_rd.wkt for r in results} == {
        results[0].features[0].geometry_rd.wkt
    }
    with path.open("rb") as handle, pytest.raises(ImportRejected) as caught:
        read_boundaries(handle, crs="EPSG:4326")
    assert caught.value.problems[0].file == "leiden.geojson"
