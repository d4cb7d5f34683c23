"""Outlines for maps of many areas, simplified once when they are imported (ADR 0030).

A map of more than :data:`SIMPLIFY_FROM` areas draws each outline simplified to one pixel of
the whole map at 2,000 pixels wide (Douglas-Peucker keeping topology), coordinates rounded to
5 decimals (about 1 m). Simplifying 14,000 buurten took seconds on every request, so each area
keeps three simplified outlines (``MapOutline``), made at import for the maps that draw many
areas: the country, a province, a large municipality (:data:`DETAIL`). A map takes the
coarsest of them that is still at least as detailed as one pixel of it; a smaller map (or
areas without them) is simplified on request as before.

The outlines are kept as GeoJSON text: the map data is written from the text as it is stored,
without decoding and encoding 14,000 outlines again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import shapely

#: Past this many areas on one map, outlines are simplified to what the whole map can show
#: (a country's buurten: ADR 0030); a municipality's map keeps them exactly.
SIMPLIFY_FROM = 300
#: The map is this many pixels wide: one pixel of it is the tolerance of the simplification.
MAP_PIXELS = 2000
#: Coordinates of simplified outlines: multiples of 1e-5 degree (about 1 m).
GRID = 1e-5

#: The stored outlines, coarsest first: detail (``OutlineDetail``) -> tolerance in degrees,
#: one pixel of a map 2,000 pixels wide of about 3.0 degrees (the country is 3.9 wide), 0.8
#: (a province: Utrecht 0.7, Gelderland 1.9) and 0.2 (a large municipality: Amsterdam 0.3).
DETAIL: dict[str, float] = {
    "country": 0.0015,
    "province": 0.0004,
    "municipality": 0.0001,
}


#: The finer stored outlines a map zoomed in fetches for what it shows (ADR 0033), in square
#: tiles of this many degrees on a grid from (0, 0): about 1,000 pixels of a view at which the
#: detail is one pixel, so that a view needs a few tiles and a tile is kept for every visitor.
TILE_DEGREES: dict[str, float] = {
    "province": 0.5,
    "municipality": 0.125,
}
#: Tile numbers beyond this (either way) are not asked for by a map of the earth.
MAX_TILE_INDEX = 10_000


def tile_bounds(detail: str, x: int, y: int) -> tuple[float, float, float, float]:
    """The bounds (min lon, min lat, max lon, max lat) of tile ``x``, ``y`` of ``detail``."""
    size = TILE_DEGREES[detail]
    return (x * size, y * size, (x + 1) * size, (y + 1) * size)


def tolerance_for(bounds: Sequence[float]) -> float:
    """One pixel of a map of ``bounds`` (min lon, min lat, max lon, max lat) drawn
    :data:`MAP_PIXELS` wide."""
    x0, y0, x1, y1 = bounds
    return max(x1 - x0, y1 - y0) / MAP_PIXELS


def stored_detail_for(tolerance: float) -> str | None:
    """The coarsest stored outline at least as detailed as ``tolerance``, if any."""
    return next((name for name, t in DETAIL.items() if t <= tolerance), None)


def simplified_texts(outlines: Sequence[str | dict[str, Any]], tolerance: float) -> list[str]:
    """Outlines (GeoJSON, as text or decoded) simplified to ``tolerance`` degrees, on the
    :data:`GRID`, as GeoJSON text."""
    if not outlines:
        return []
    texts = [o if isinstance(o, str) else json.dumps(o) for o in outlines]
    simple = shapely.set_precision(
        shapely.simplify(shapely.from_geojson(texts), tolerance, preserve_topology=True), GRID
    )
    return [str(t) for t in shapely.to_geojson(simple)]


def map_outlines(geometries: Sequence[dict[str, Any] | None]) -> list[dict[str, str]]:
    """The outlines to store (:data:`DETAIL`) of each geometry: detail -> GeoJSON text (none
    for an area without a geometry)."""
    found: list[dict[str, str]] = [{} for _ in geometries]
    present = [i for i, g in enumerate(geometries) if g]
    if not present:
        return found
    texts = [json.dumps(geometries[i]) for i in present]
    for detail, tolerance in DETAIL.items():
        for i, text in zip(present, simplified_texts(texts, tolerance), strict=True):
            found[i][detail] = text
    return found
