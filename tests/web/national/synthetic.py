"""A synthetic country for the tests of pages at a country's scale: municipalities of one wijk
each, every wijk with the same number of buurten, laid out on a grid of circles."""

from __future__ import annotations

import math

from kansen.web.areas.models import Area


def circle(x: float, y: float, r: float, points: int = 200) -> dict:
    """A GeoJSON polygon of ``points`` corners around (x, y)."""
    step = 2 * math.pi / points
    ring = [
        [round(x + r * math.cos(step * i), 6), round(y + r * math.sin(step * i), 6)]
        for i in range(points)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def country(
    municipalities: int, buurten_each: int, points: int = 200
) -> tuple[list[Area], list[Area]]:
    """Gemeenten GM9000.., a wijk WK90..01 in each and ``buurten_each`` buurten BU90..01.. in
    every wijk (named "Buurt 1".., circles of ``points`` corners 25 to a row), all of 2024.
    Returns the wijken and the buurten."""
    gemeenten = Area.objects.bulk_create(
        Area(code=f"GM90{m:02d}", year=2024, level="gemeente", municipality_code=f"GM90{m:02d}")
        for m in range(municipalities)
    )
    wijken = Area.objects.bulk_create(
        Area(code=f"WK90{m:02d}01", year=2024, level="wijk", parent=g, municipality_code=g.code)
        for m, g in enumerate(gemeenten)
    )
    buurten = Area.objects.bulk_create(
        Area(
            code=f"BU90{i // buurten_each:02d}01{i % buurten_each:02d}",
            year=2024,
            level="buurt",
            name=f"Buurt {i + 1}",
            parent=wijken[i // buurten_each],
            municipality_code=wijken[i // buurten_each].municipality_code,
            geometry=circle(4 + (i % 25) * 0.05, 52 + (i // 25) * 0.05, 0.02, points=points),
        )
        for i in range(municipalities * buurten_each)
    )
    return wijken, buurten
