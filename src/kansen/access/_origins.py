"""Choose the point each area's distance is measured from."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from ._checks import (
    AccessInputError,
    MissingCoordinates,
    check_rd_extent,
    describe_rows,
    join_rows,
    numeric,
    require_columns,
    require_unique,
)

OriginMethod = Literal["given", "population-weighted", "point inside area"]

#: How an origin was chosen, in order of preference.
ORIGIN_METHODS: tuple[OriginMethod, ...] = ("given", "population-weighted", "point inside area")
#: Columns of the table :func:`choose_origins` returns.
ORIGIN_COLUMNS = ("code", "x", "y", "origin")


def choose_origins(areas: pd.DataFrame, subareas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Choose one origin point per area, in EPSG:28992 metres.

    For each area, the first of these that is available is used:

    1. ``"given"``: the area's own ``x`` and ``y``;
    2. ``"population-weighted"``: the population-weighted mean of the points of its sub-areas
       (e.g. buurten for a wijk, or address or postcode points for a buurt), when their
       population adds up to more than zero;
    3. ``"point inside area"``: :func:`shapely.point_on_surface` of its ``geometry``, a point
       guaranteed to lie inside the area (its centroid need not).

    A population-weighted point lies where people live, but it can fall outside a concave area
    (a crescent-shaped buurt); a point inside the area is honest about the shape but not about
    where people live.

    Parameters
    ----------
    areas : pandas.DataFrame
        One row per area. Column ``code`` (unique) is required; optional columns ``x`` and ``y``
        (EPSG:28992 metres, NaN when unknown) and ``geometry`` (shapely geometries in
        EPSG:28992, None when unknown).
    subareas : pandas.DataFrame, optional
        Points to weight: columns ``area_code`` (the code of the area they belong to), ``x``,
        ``y`` (EPSG:28992) and ``population`` (zero or more). Sub-areas of areas not in
        ``areas`` are ignored; sub-areas without inhabitants need no coordinates.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``x``, ``y`` and ``origin`` (one of :data:`ORIGIN_METHODS`), one row
        per area in the order given, with a fresh index.

    Raises
    ------
    MissingCoordinates
        When an area has no usable point (no ``x``/``y``, no sub-area with population, no
        geometry), or when only one of ``x``/``y`` is given, or a sub-area with inhabitants has
        no coordinates; the message lists the rows.
    AccessInputError
        For a missing or repeated code, a missing column, text in a number column, an unknown
        (NaN) or negative sub-area population, or a point outside the Netherlands.
    """
    require_columns(areas, ["code"], "areas")
    require_unique(areas, "code", "areas")
    n = len(areas)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    origin = np.full(n, "", dtype=object)

    candidates: list[tuple[OriginMethod, tuple[NDArray[np.float64], NDArray[np.float64]]]] = []
    given = _given_points(areas)
    if given is not None:
        candidates.append(("given", given))
    if subareas is not None:
        candidates.append(("population-weighted", _weighted_points(areas, subareas)))
    if "geometry" in areas.columns:
        candidates.append(("point inside area", _inside_points(areas)))
    for method, (cx, cy) in candidates:
        use = (origin == "") & np.isfinite(cx)
        x[use], y[use], origin[use] = cx[use], cy[use], method

    unplaced = origin == ""
    if unplaced.any():
        rows = describe_rows(areas, unplaced, "code")
        raise MissingCoordinates(
            f"{len(rows)} area(s) have no point to measure from: no x/y given, no sub-area "
            f"with population and coordinates, and no geometry: {join_rows(rows)}",
            rows,
        )
    check_rd_extent(areas, x, y, "code", "area origins")
    return pd.DataFrame({"code": areas["code"].to_numpy(), "x": x, "y": y, "origin": origin})


def _given_points(areas: pd.DataFrame) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    has_x, has_y = "x" in areas.columns, "y" in areas.columns
    if not (has_x or has_y):
        return None
    if has_x != has_y:
        raise AccessInputError(
            "areas must have both columns 'x' and 'y' or neither; only "
            f"{'x' if has_x else 'y'!r} was given"
        )
    x, y = numeric(areas, "x", "areas"), numeric(areas, "y", "areas")
    half = np.isfinite(x) != np.isfinite(y)
    if half.any():
        rows = describe_rows(areas, half, "code")
        raise MissingCoordinates(
            f"{len(rows)} area(s) have only one of x and y: {join_rows(rows)}", rows
        )
    return x, y


def _weighted_points(
    areas: pd.DataFrame, subareas: pd.DataFrame
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    require_columns(subareas, ["area_code", "x", "y", "population"], "subareas")
    relevant = subareas["area_code"].isin(areas["code"]).to_numpy()
    population = numeric(subareas, "population", "subareas")
    unknown = relevant & ~(population >= 0)
    if unknown.any():
        rows = describe_rows(subareas, unknown, "area_code")
        raise AccessInputError(
            f"{len(rows)} sub-area(s) have an unknown or negative population (a suppressed "
            f"figure is not zero: drop or fill these rows first): {join_rows(rows)}",
            rows,
        )
    sx, sy = numeric(subareas, "x", "subareas"), numeric(subareas, "y", "subareas")
    inhabited = relevant & (population > 0)
    unplaced = inhabited & ~(np.isfinite(sx) & np.isfinite(sy))
    if unplaced.any():
        rows = describe_rows(subareas, unplaced, "area_code")
        raise MissingCoordinates(
            f"{len(rows)} sub-area(s) with inhabitants have no x/y: {join_rows(rows)}", rows
        )
    check_rd_extent(subareas, sx, sy, "area_code", "sub-area points", only=inhabited)
    weighted = pd.DataFrame(
        {
            "area_code": subareas["area_code"].to_numpy()[inhabited],
            "wx": (sx * population)[inhabited],
            "wy": (sy * population)[inhabited],
            "population": population[inhabited],
        }
    )
    sums = weighted.groupby("area_code", sort=False).sum().reindex(areas["code"].to_numpy())
    wx = (sums["wx"] / sums["population"]).to_numpy(dtype=np.float64)
    wy = (sums["wy"] / sums["population"]).to_numpy(dtype=np.float64)
    return wx, wy


def _inside_points(areas: pd.DataFrame) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    raw = areas["geometry"].to_numpy()
    known = np.array([isinstance(g, shapely.Geometry) and not g.is_empty for g in raw])
    x = np.full(len(raw), np.nan)
    y = np.full(len(raw), np.nan)
    if known.any():
        geometries = raw[known]
        invalid = ~shapely.is_valid(geometries)
        # Simplified boundaries are often slightly invalid (self-touching rings); repair first.
        geometries[invalid] = shapely.make_valid(geometries[invalid])
        points = shapely.point_on_surface(geometries)
        x[known] = shapely.get_x(points)
        y[known] = shapely.get_y(points)
    return x, y
