"""One figure for several chosen areas (the neighbourhoods of a programme's focus) from the
figures of each: counts add up; a share or a mean is recomputed from the numbers of persons
each figure rests on (its count-weighted mean, which is the share of the persons together);
where a figure lacks its number, the areas are not combined: an average of shares that rest on
different numbers of persons would be a wrong figure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

#: Units of a count (figures that add up over areas), in Dutch and English, lower case.
COUNT_UNITS = frozenset(
    {
        "aantal",
        "aantallen",
        "count",
        "number",
        "personen",
        "persons",
        "inwoners",
        "leerlingen",
        "pupils",
        "kinderen",
        "children",
        "huishoudens",
        "households",
        "deelnemers",
        "participants",
    }
)

#: The places of a combined share or mean (the platform stores four).
PLACES = Decimal("0.0001")


def is_count(unit: str) -> bool:
    """Whether figures of ``unit`` are counts that add up over areas ("aantal", "count")."""
    words = re.findall(r"[a-z]+", unit.casefold())
    return bool(words) and words[0] in COUNT_UNITS


@dataclass(frozen=True)
class AreaFigure:
    """The figure of one area in one year, with the number of persons it rests on."""

    value: Decimal
    count: int | None = None


@dataclass(frozen=True)
class Combined:
    value: Decimal
    count: int | None


class NotCombinable(ValueError):
    """The figures of these areas cannot be combined (``missing``: the areas whose figure lacks
    the number of persons it rests on)."""

    def __init__(self, missing: tuple[str, ...]):
        super().__init__("no number of persons for " + ", ".join(missing))
        self.missing = missing


def combine(figures: Mapping[str, AreaFigure], unit: str) -> Combined:
    """One figure for the areas of ``figures`` (code -> figure of one year).

    >>> a, b = AreaFigure(Decimal("20"), 100), AreaFigure(Decimal("50"), 300)
    >>> combine({"BU1": a, "BU2": b}, "%")
    Combined(value=Decimal('42.5000'), count=400)
    >>> combine({"BU1": a, "BU2": b}, "aantal")
    Combined(value=Decimal('70'), count=400)
    """
    if not figures:
        raise ValueError("no areas")
    counts = [f.count for f in figures.values()]
    total = sum(c for c in counts if c is not None) if None not in counts else None
    if is_count(unit):
        return Combined(sum((f.value for f in figures.values()), Decimal(0)), total)
    missing = tuple(sorted(code for code, f in figures.items() if not f.count))
    if missing:
        raise NotCombinable(missing)
    assert total is not None
    weighted = sum((f.value * (f.count or 0) for f in figures.values()), Decimal(0))
    return Combined((weighted / total).quantize(PLACES, rounding=ROUND_HALF_EVEN), total)
