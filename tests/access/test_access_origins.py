"""Choosing the origin point of an area, and converting longitude/latitude to RD."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from shapely import MultiPolygon, Point, Polygon, box, make_valid

from kansen.access import (
    ORIGIN_COLUMNS,
    AccessInputError,
    MissingCoordinates,
    choose_origins,
    lonlat_to_rd,
)

X0, Y0 = 155_000.0, 463_000.0
#: A U-shaped area whose centroid lies in the gap, outside the area.
U_SHAPE = Polygon(
    [(X0, Y0), (X0 + 300, Y0), (X0 + 300, Y0 + 300), (X0 + 200, Y0 + 300),
     (X0 + 200, Y0 + 100), (X0 + 100, Y0 + 100), (X0 + 100, Y0 + 300), (X0, Y0 + 300)]
)  # fmt: skip


def test_given_then_population_weighted_then_point_inside() -> None:
    areas = pd.DataFrame(
        {
            "code": ["WK01", "WK02", "WK03"],
            "x": [X0 + 5, np.nan, np.nan],
            "y": [Y0 + 5, np.nan, np.nan],
            "geometry": [box(X0, Y0, X0 + 10, Y0 + 10)] * 2 + [U_SHAPE],
        }
    )
    subareas = pd.DataFrame(
        {
            "area_code": ["WK01", "WK02", "WK02", "WK02", "WK03", "XX99"],
            "x": [X0, X0, X0 + 1_000, np.nan, X0, np.nan],
            "y": [Y0, Y0, Y0 + 400, np.nan, Y0, np.nan],
            # WK02: 3 to 1, and a sub-area without inhabitants (and coordinates) is ignored;
            # WK03: no inhabitants at all; XX99 is not one of the areas.
            "population": [100, 300, 100, 0, 0, 50],
        }
    )
    origins = choose_origins(areas, subareas)
    assert list(origins.columns) == list(ORIGIN_COLUMNS)
    assert origins["origin"].tolist() == ["given", "population-weighted", "point inside area"]
    assert origins.loc[0, ["x", "y"]].tolist() == [X0 + 5, Y0 + 5]
    assert origins.loc[1, ["x", "y"]].tolist() == [X0 + 250, Y0 + 100]
    inside = Point(origins.loc[2, "x"], origins.loc[2, "y"])
    assert U_SHAPE.contains(inside)
    assert not U_SHAPE.contains(U_SHAPE.centroid)  # why the centroid is not used


def test_multipolygons_and_invalid_geometries_get_a_point_inside() -> None:
    bow_tie = Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    assert not bow_tie.is_valid
    islands = MultiPolygon([box(X0, Y0, X0 + 10, Y0 + 10), box(X0 + 500, Y0, X0 + 900, Y0 + 10)])
    origins = choose_origins(pd.DataFrame({"code": ["a", "b"], "geometry": [bow_tie, islands]}))
    for geometry, x, y in zip(
        [make_valid(bow_tie), islands], origins["x"], origins["y"], strict=True
    ):
        assert geometry.buffer(1e-6).contains(Point(x, y))


def test_areas_without_any_point_are_listed() -> None:
    areas = pd.DataFrame(
        {
            "code": ["BU01", "BU02", "BU03"],
            "x": [X0, np.nan, np.nan],
            "y": [Y0, np.nan, np.nan],
            "geometry": [None, None, Polygon()],
        }
    )
    with pytest.raises(MissingCoordinates) as caught:
        choose_origins(areas)
    assert str(caught.value) == (
        "2 area(s) have no point to measure from: no x/y given, no sub-area with population "
        "and coordinates, and no geometry: row 2 (code 'BU02'), row 3 (code 'BU03')"
    )
    assert caught.value.rows == ["row 2 (code 'BU02')", "row 3 (code 'BU03')"]


@pytest.mark.parametrize(
    ("areas", "subareas", "error", "message"),
    [
        # only x given for one area
        (
            pd.DataFrame({"code": ["a", "b"], "x": [X0, X0], "y": [Y0, np.nan]}),
            None,
            MissingCoordinates,
            r"1 area\(s\) have only one of x and y: row 2 \(code 'b'\)",
        ),
        # only an x column
        (pd.DataFrame({"code": ["a"], "x": [X0]}), None, AccessInputError, "both columns"),
        # no code column
        (pd.DataFrame({"name": ["a"]}), None, AccessInputError, "must have the column.*'code'"),
        # a repeated code
        (
            pd.DataFrame({"code": ["a", "a"], "x": [X0, X0], "y": [Y0, Y0]}),
            None,
            AccessInputError,
            "'code' of the areas must be unique",
        ),
        # a suppressed (unknown) sub-area population is not zero
        (
            pd.DataFrame({"code": ["a"]}),
            pd.DataFrame({"area_code": ["a"], "x": [X0], "y": [Y0], "population": [np.nan]}),
            AccessInputError,
            "unknown or negative population .*suppressed figure is not zero",
        ),
        # a sub-area with inhabitants but without coordinates
        (
            pd.DataFrame({"code": ["a"]}),
            pd.DataFrame({"area_code": ["a"], "x": [np.nan], "y": [Y0], "population": [10]}),
            MissingCoordinates,
            r"1 sub-area\(s\) with inhabitants have no x/y: row 1 \(area_code 'a'\)",
        ),
        # longitude/latitude where RD metres are expected
        (
            pd.DataFrame({"code": ["a"], "x": [4.49], "y": [52.16]}),
            None,
            AccessInputError,
            "EPSG:28992 .*outside: row 1 .*lonlat_to_rd",
        ),
    ],
)
def test_unusable_areas_are_refused_with_a_reason(
    areas: pd.DataFrame,
    subareas: pd.DataFrame | None,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        choose_origins(areas, subareas)


def test_lonlat_to_rd_puts_amersfoort_at_the_origin_of_the_grid() -> None:
    # The RD grid is defined around the Onze Lieve Vrouwetoren in Amersfoort, (155000, 463000).
    x, y = lonlat_to_rd([5.387206], [52.155172])
    assert x[0] == pytest.approx(155_000, abs=2)
    assert y[0] == pytest.approx(463_000, abs=2)
    # Leiden, 33 km further west: the order is always (longitude, latitude) in, (x, y) out.
    x, y = lonlat_to_rd(4.4937, 52.1601)
    assert 90_000 < x[0] < 95_000 < 460_000 < y[0] < 465_000


def test_lonlat_to_rd_refuses_swapped_and_missing_coordinates() -> None:
    with pytest.raises(AccessInputError, match="were longitude and latitude swapped"):
        lonlat_to_rd([52.16], [4.49])
    with pytest.raises(MissingCoordinates, match="lack a longitude or latitude: position 2"):
        lonlat_to_rd([4.49, np.nan], [52.16, 52.0])
    with pytest.raises(AccessInputError, match="same shape"):
        lonlat_to_rd([4.49, 4.5], [52.16])
