"""Small requests, supply and postcode areas for the matching tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from kansen.matching import Supply, SupportRequest

#: The date of every test run.
ON = date(2026, 12, 1)

#: Postcode areas on a line, 1 km apart (RD New metres): 1000 at 0 km, 1001 at 1 km, ...
POINTS: dict[str, tuple[float, float]] = {
    str(1000 + k): (150000.0 + 1000.0 * k, 450000.0) for k in range(12)
}


def request(reference: str = "R1", **changes: Any) -> SupportRequest:
    """A 9-year-old in 1000 asking for language support, Dutch, Wednesday afternoon."""
    base = SupportRequest(
        reference=reference,
        age=9,
        pc4="1000",
        needs=frozenset({"taal"}),
        languages=frozenset({"nl"}),
        slots=frozenset({"wo-middag"}),
        urgency=1,
        filed=date(2026, 11, 1),
        deprivation=50.0,
    )
    return replace(base, **_sets(changes))


def supply(id: str = "V1", **changes: Any) -> Supply:
    """A volunteer in 1000 for language, Dutch, Wednesday afternoon, 5 km, one child, 4-18."""
    base = Supply(
        id=id,
        kind="volunteer",
        provider="Taalmaatjes",
        support_types=frozenset({"taal"}),
        languages=frozenset({"nl"}),
        slots=frozenset({"wo-middag"}),
        pc4="1000",
        max_km=5.0,
        capacity=1,
        min_age=4,
        max_age=18,
    )
    return replace(base, **_sets(changes))


def _sets(changes: dict[str, Any]) -> dict[str, Any]:
    """Lists and sets given as plain collections become frozensets."""
    return {k: frozenset(v) if isinstance(v, list | set | tuple) else v for k, v in changes.items()}
