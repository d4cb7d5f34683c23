"""How long finding the nearest havo/vwo school takes: KD-tree against brute force.

Run: ``.venv/bin/python benchmarks/bench_access.py [--areas 15000] [--schools 1200]``

Synthetic points spread over the Netherlands' extent in EPSG:28992 (x 13-278 km, y 306-619
km): area origins (about the number of buurten in the country) and school locations (about the
number of secondary-school locations). Timed, best of a few runs:

* ``kansen.access`` with a KD-tree: building the index, querying it, and the whole
  :func:`~kansen.access.distance_to_nearest` with its checks (target: under 0.5 s);
* brute force with numpy: the full areas x schools distance matrix, then ``argmin``;
* a naive Python loop with shapely ``Point.distance`` over every school, on a sample of areas,
  extrapolated to all of them.

Peak memory is measured with tracemalloc in a separate run. Only prints; asserts nothing.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from _measure import measure  # the benchmarks folder is on sys.path when run as a script
from shapely import Point

from kansen.access import FacilityIndex, distance_to_nearest

#: The Netherlands' extent in EPSG:28992 metres: (x_min, y_min, x_max, y_max).
NL_EXTENT = (13_000.0, 306_000.0, 278_000.0, 619_000.0)


def points(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x_min, y_min, x_max, y_max = NL_EXTENT
    return rng.uniform(x_min, x_max, n), rng.uniform(y_min, y_max, n)


def brute_force(
    ox: np.ndarray, oy: np.ndarray, fx: np.ndarray, fy: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    distances = np.hypot(fx[None, :] - ox[:, None], fy[None, :] - oy[:, None])
    nearest = distances.argmin(axis=1)
    return distances[np.arange(len(ox)), nearest], nearest


def shapely_loop(
    ox: np.ndarray, oy: np.ndarray, schools: list[Point]
) -> tuple[list[float], list[int]]:
    distances, nearest = [], []
    for x, y in zip(ox, oy, strict=True):
        origin = Point(x, y)
        best, best_j = float("inf"), -1
        for j, school in enumerate(schools):
            d = origin.distance(school)
            if d < best:
                best, best_j = d, j
        distances.append(best)
        nearest.append(best_j)
    return distances, nearest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--areas", type=int, default=15_000)
    parser.add_argument("--schools", type=int, default=1_200)
    parser.add_argument("--sample", type=int, default=300, help="areas in the shapely loop")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    ox, oy = points(args.areas, rng)
    fx, fy = points(args.schools, rng)
    areas = pd.DataFrame({"code": [f"BU{i:08d}" for i in range(args.areas)], "x": ox, "y": oy})
    # Ids in text order equal to the row order, so positions compare with brute force.
    schools = pd.DataFrame({"id": [f"S{j:05d}" for j in range(args.schools)], "x": fx, "y": fy})
    print(f"{args.areas:,} area points to {args.schools:,} schools (synthetic, RD extent)\n")

    build, _ = measure(
        "KD-tree: build FacilityIndex", lambda: FacilityIndex.from_frame(schools, kind=None)
    )
    index = FacilityIndex.from_frame(schools, kind=None)
    query, query_mib = measure("KD-tree: query all areas", lambda: index.query(ox, oy))
    full, full_mib = measure(
        "KD-tree: distance_to_nearest (checks, origins, table)",
        lambda: distance_to_nearest(areas, schools, kind=None),
    )
    brute, brute_mib = measure(
        "brute force numpy: full distance matrix + argmin",
        lambda: brute_force(ox, oy, fx, fy),
        repeat=3,
    )
    sample = slice(0, args.sample)
    school_points = [Point(x, y) for x, y in zip(fx, fy, strict=True)]
    loop_sample, loop_mib = measure(
        f"naive Python/shapely loop: {args.sample} areas",
        lambda: shapely_loop(ox[sample], oy[sample], school_points),
        repeat=1,
    )
    loop = loop_sample * args.areas / args.sample
    print(f"{'naive Python/shapely loop: extrapolated to all areas':<62} {loop:9.2f} s")

    tree_distance, tree_position = index.query(ox, oy)
    brute_distance, brute_position = brute_force(ox, oy, fx, fy)
    loop_distance, loop_position = shapely_loop(ox[sample], oy[sample], school_points)
    print()
    print(
        "KD-tree equals brute force: "
        f"distances {np.array_equal(tree_distance, brute_distance)}, "
        f"schools {np.array_equal(tree_position, brute_position)}; "
        f"equals the shapely loop on the sample: "
        f"schools {np.array_equal(tree_position[sample], loop_position)}, largest difference "
        f"{np.abs(tree_distance[sample] - loop_distance).max():.2e} m"
    )
    print(f"median distance {np.median(tree_distance):,.0f} m, max {tree_distance.max():,.0f} m")
    print()
    print(f"KD-tree build + query:           {build + query:8.4f} s (target < 0.5 s)")
    print(f"KD-tree distance_to_nearest:     {full:8.4f} s")
    print(
        f"brute force / KD-tree query:     {brute / query:8.1f} x   "
        f"(memory {brute_mib:,.0f} MiB against {query_mib:,.1f} MiB)"
    )
    print(f"shapely loop / KD-tree query:    {loop / query:8.0f} x   (extrapolated)")
    print(f"shapely loop / brute force:      {loop / brute:8.0f} x")
    print(f"peak memory distance_to_nearest: {full_mib:8.1f} MiB; shapely loop {loop_mib:.1f} MiB")


if __name__ == "__main__":
    main()
