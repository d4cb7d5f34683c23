"""The map of Demostad: an irregular outline cut into Voronoi buurten grouped into wijken.

The buurten are built first and everything else is a union of buurten, so the tiling is exact:
buurten of a wijk union to the wijk, wijken union to the gemeente, and neighbours share their
vertices (all coordinates lie on a 0.01 m grid in EPSG:28992).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import MultiPoint, Point, Polygon

#: Centre of the town in EPSG:28992 (the middle of the country, near Amersfoort).
CENTRE_X, CENTRE_Y = 155_000.0, 463_000.0
#: Half the extent of the outline in metres (about 8 x 6 km).
HALF_WIDTH, HALF_HEIGHT = 4_000.0, 3_000.0
N_BUURTEN = 40
N_CENTRAL_BUURTEN = 7
N_WIJKEN = 6
#: Coordinates are snapped to this grid (metres), which is also the GeoJSON precision.
GRID_SIZE = 0.01


@dataclass(frozen=True)
class Layout:
    """The geometry of the town before names and codes are attached.

    Attributes
    ----------
    cells : list of shapely.Polygon
        One polygon per buurt.
    wijk_of_cell : numpy.ndarray
        Wijk index per cell: 0 is the central wijk, 1..5 the sectors in angular order.
    distance_from_centre : numpy.ndarray
        Distance of each cell's seed point to the town centre, as a fraction of the outline's
        half extent (0 in the centre, about 1 at the edge).
    shared_border : numpy.ndarray
        Length in metres of the border between each pair of cells (0 if not neighbours).
    """

    cells: list[Polygon]
    wijk_of_cell: np.ndarray
    distance_from_centre: np.ndarray
    shared_border: np.ndarray


def _outline(rng: np.random.Generator) -> Polygon:
    """An irregular, star-shaped outline: an ellipse with a few seeded harmonics and jitter."""
    theta = np.linspace(0.0, 2.0 * np.pi, 96, endpoint=False)
    radius = np.ones_like(theta)
    for k in (2, 3, 4, 5):
        amplitude = rng.uniform(0.02, 0.09) / np.sqrt(k)
        radius += amplitude * np.cos(k * theta + rng.uniform(0.0, 2.0 * np.pi))
    # Municipal boundaries follow ditches and roads: a little jitter per vertex.
    radius *= 1.0 + rng.normal(0.0, 0.01, theta.size)
    x = CENTRE_X + HALF_WIDTH * radius * np.cos(theta)
    y = CENTRE_Y + HALF_HEIGHT * radius * np.sin(theta)
    return Polygon(np.round(np.column_stack([x, y])))


def _seed_points(rng: np.random.Generator, outline: Polygon) -> np.ndarray:
    """Seed points for the buurten, denser and closer together in the centre."""
    inner = outline.buffer(-200.0)
    shapely.prepare(inner)
    points: list[tuple[float, float]] = []
    spacing_factor = 1.0
    failures = 0
    while len(points) < N_BUURTEN:
        theta = rng.uniform(0.0, 2.0 * np.pi)
        frac = rng.uniform() ** 0.75  # exponent > 0.5: denser towards the centre
        x = CENTRE_X + 1.05 * HALF_WIDTH * frac * np.cos(theta)
        y = CENTRE_Y + 1.05 * HALF_HEIGHT * frac * np.sin(theta)
        spacing = spacing_factor * (380.0 + 520.0 * frac)
        too_close = any(np.hypot(x - px, y - py) < spacing for px, py in points)
        if too_close or not inner.contains(Point(x, y)):
            failures += 1
            if failures % 500 == 0:  # the plane is full: allow closer points
                spacing_factor *= 0.95
            continue
        points.append((x, y))
    return np.round(np.array(points), 1)


def _voronoi_cells(points: np.ndarray, outline: Polygon) -> list[Polygon] | None:
    """Voronoi cells of the points clipped to the outline, in point order; None if a clipped
    cell falls apart in pieces (the caller then draws new points)."""
    diagram = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline.buffer(2_000.0))
    cells: list[Polygon | None] = [None] * len(points)
    for raw in diagram.geoms:
        inside = np.flatnonzero(shapely.contains_xy(raw, points[:, 0], points[:, 1]))
        clipped = shapely.set_precision(raw.intersection(outline), GRID_SIZE)
        if inside.size != 1 or not isinstance(clipped, Polygon) or clipped.is_empty:
            return None
        cells[int(inside[0])] = clipped
    if any(cell is None for cell in cells):
        return None
    return [cell for cell in cells if cell is not None]


def _shared_borders(cells: list[Polygon]) -> np.ndarray:
    boundaries = np.array([cell.boundary for cell in cells], dtype=object)
    common = shapely.intersection(boundaries[:, None], boundaries[None, :])
    lengths = np.asarray(shapely.length(common), dtype=float)
    np.fill_diagonal(lengths, 0.0)
    return lengths


def _make_wijken_contiguous(
    cells: list[Polygon], wijk_of_cell: np.ndarray, shared: np.ndarray
) -> np.ndarray:
    """Move buurten cut off from the main part of their wijk to the neighbouring wijk with which
    they share the longest border, until every wijk is one piece."""
    wijk_of_cell = wijk_of_cell.copy()
    for _ in range(4 * len(cells)):
        moved = False
        for wijk in range(N_WIJKEN):
            members = np.flatnonzero(wijk_of_cell == wijk)
            union = shapely.union_all([cells[i] for i in members])
            if isinstance(union, Polygon):
                continue
            main = max(union.geoms, key=lambda part: part.area)
            for i in members:
                if main.contains(cells[i].representative_point()):
                    continue
                borders = np.zeros(N_WIJKEN)
                np.add.at(borders, wijk_of_cell, shared[i])
                borders[wijk] = 0.0
                wijk_of_cell[i] = int(np.argmax(borders))
                moved = True
        if not moved:
            return wijk_of_cell
    raise RuntimeError("could not make the Demostad wijken contiguous")


def build_layout(rng: np.random.Generator) -> Layout:
    """Draw the outline, the buurten and their grouping into wijken.

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness; the same state gives the same layout.

    Returns
    -------
    Layout
    """
    outline = _outline(rng)
    for _ in range(100):
        points = _seed_points(rng, outline)
        cells = _voronoi_cells(points, outline)
        if cells is not None:
            break
    else:  # pragma: no cover - would need 100 unlucky draws in a row
        raise RuntimeError("could not cut Demostad into buurten")

    dx = (points[:, 0] - CENTRE_X) / HALF_WIDTH
    dy = (points[:, 1] - CENTRE_Y) / HALF_HEIGHT
    distance = np.hypot(dx, dy)

    # The central wijk is the buurten nearest the centre; the others are angular sectors.
    wijk_of_cell = np.zeros(N_BUURTEN, dtype=int)
    outer = np.argsort(distance, kind="stable")[N_CENTRAL_BUURTEN:]
    start = rng.uniform(0.0, 2.0 * np.pi)
    angle = np.mod(np.arctan2(dy[outer], dx[outer]) - start, 2.0 * np.pi)
    by_angle = outer[np.argsort(angle, kind="stable")]
    for wijk, members in enumerate(np.array_split(by_angle, N_WIJKEN - 1), start=1):
        wijk_of_cell[members] = wijk

    shared = _shared_borders(cells)
    wijk_of_cell = _make_wijken_contiguous(cells, wijk_of_cell, shared)
    return Layout(
        cells=cells,
        wijk_of_cell=wijk_of_cell,
        distance_from_centre=distance,
        shared_border=shared,
    )


def union(polygons: list[Polygon]) -> Polygon:
    """Union of adjacent polygons on the grid; raise if the result is not one valid polygon."""
    merged = shapely.set_precision(shapely.union_all(polygons), GRID_SIZE)
    if not isinstance(merged, Polygon) or not merged.is_valid:
        raise RuntimeError(f"expected one valid polygon, got {merged.geom_type}")
    return merged
