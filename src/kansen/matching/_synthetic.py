"""Synthetic requests and supply with a realistic spread, for tests, benchmarks and demos.

The shares below are assumptions for a Dutch town, not measurements: most children speak Dutch
and about one in four also another language (Arabic, Turkish, Polish, Ukrainian ...), one in
ten newcomers not yet Dutch; children can after school (afternoons, Wednesday most), volunteers
by profile (students in the evening, retirees by day, working people in the evening and on
Saturday); homework and language support are asked most.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from ._model import ANY_LANGUAGE, DAYS, Supply, SupportRequest

_NEEDS = ("huiswerk", "taal", "sociaal-emotioneel", "talentontwikkeling", "cognitief",
          "opvoeding", "sport", "cultuur")  # fmt: skip
_NEED_SHARES = np.array([35, 30, 20, 10, 10, 8, 8, 6], dtype=float)
_HOME = ("ar", "tr", "pl", "uk", "so", "ti", "en", "ber", "fa")
_HOME_SHARES = np.array([26, 24, 10, 10, 6, 6, 8, 6, 4], dtype=float)
_VOLUNTEER_EXTRA = ("en", "fr", "de", "es", "ar", "tr", "pl", "uk", "so", "ti", "ber", "fa")
_VOLUNTEER_EXTRA_P = (0.45, 0.12, 0.10, 0.06, 0.06, 0.06, 0.02, 0.02, 0.01, 0.01, 0.02, 0.01)
_WEEKDAYS = DAYS[:5]
_PROFILES = {
    "student": [f"{d}-avond" for d in _WEEKDAYS] + [f"{d}-middag" for d in _WEEKDAYS],
    "retiree": [f"{d}-{p}" for d in _WEEKDAYS for p in ("ochtend", "middag")],
    "working": [f"{d}-avond" for d in _WEEKDAYS] + ["za-ochtend", "za-middag"],
}
_AGE_RANGES = ((4, 12), (6, 18), (10, 18), (4, 18), (12, 23))
_PROVIDERS = ("Taalmaatjes", "Huiswerkhulp", "Maatjesproject", "Sport en Spel", "Jeugdwerk")


def _pick(rng: np.random.Generator, items: Sequence[str], shares: np.ndarray, k: int) -> set[str]:
    chosen = rng.choice(len(items), size=k, replace=False, p=shares / shares.sum())
    return {items[int(i)] for i in chosen}


def synthetic_instance(
    n_requests: int,
    n_supply: int,
    pc4s: Sequence[str],
    *,
    on: date,
    seed: int = 0,
) -> tuple[list[SupportRequest], list[Supply]]:
    """Requests and supply spread over the given postcode areas, reproducible by ``seed``.

    About 80 % of the supply are volunteers (1 to 3 children, 2 to 10 km), the rest offers
    (3 to 5 places, 3 to 15 km, a third in any language); capacities are 1 to 5.

    >>> requests, supply = synthetic_instance(3, 2, ["3511", "3512"], on=date(2026, 12, 1))
    >>> len(requests), len(supply), requests[0].reference
    (3, 2, 'R00001')
    """
    rng = np.random.default_rng(seed)
    deprivation = {code: float(rng.integers(0, 101)) for code in pc4s}
    requests = []
    for i in range(n_requests):
        pc4 = pc4s[int(rng.integers(len(pc4s)))]
        languages = {"nl"}
        roll = rng.random()
        if roll < 0.10:  # newcomer
            languages = _pick(rng, _HOME, _HOME_SHARES, 1)
        elif roll < 0.35:
            languages |= _pick(rng, _HOME, _HOME_SHARES, 1)
        slots = {"wo-middag"} if rng.random() < 0.6 else set()
        for day in _WEEKDAYS:
            if rng.random() < 0.35:
                slots.add(f"{day}-middag")
            if rng.random() < 0.10:
                slots.add(f"{day}-avond")
        if rng.random() < 0.3:
            slots.add("za-ochtend")
        if not slots:
            slots.add(f"{_WEEKDAYS[int(rng.integers(5))]}-middag")
        requests.append(
            SupportRequest(
                reference=f"R{i + 1:05d}",
                age=int(rng.integers(4, 19)),
                pc4=pc4,
                needs=frozenset(
                    _pick(
                        rng, _NEEDS, _NEED_SHARES, int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]))
                    )
                ),
                languages=frozenset(languages),
                slots=frozenset(slots),
                urgency=int(rng.choice([1, 2, 3], p=[0.75, 0.2, 0.05])),
                filed=on - timedelta(days=int(rng.exponential(45))),
                deprivation=None if rng.random() < 0.1 else deprivation[pc4],
            )
        )
    supply = []
    for j in range(n_supply):
        pc4 = pc4s[int(rng.integers(len(pc4s)))]
        offer = rng.random() < 0.2
        languages = {"nl"} if rng.random() < 0.97 else set()
        for code, p in zip(_VOLUNTEER_EXTRA, _VOLUNTEER_EXTRA_P, strict=True):
            if rng.random() < p:
                languages.add(code)
        if not languages:
            languages.add("en")
        if offer and rng.random() < 0.33:
            languages = {ANY_LANGUAGE}
        profile = _PROFILES[str(rng.choice(list(_PROFILES)))]
        count = int(rng.integers(2, 7))
        slots = set(rng.choice(profile, size=min(count, len(profile)), replace=False).tolist())
        low, high = _AGE_RANGES[int(rng.integers(len(_AGE_RANGES)))]
        starts = on + timedelta(days=30) if rng.random() < 0.05 else None
        ended = starts is None and rng.random() < 0.05
        ends = on - timedelta(days=10) if ended else on + timedelta(days=365)
        supply.append(
            Supply(
                id=f"{'A' if offer else 'V'}{j + 1:05d}",
                kind="offer" if offer else "volunteer",
                provider=_PROVIDERS[int(rng.integers(len(_PROVIDERS)))],
                support_types=frozenset(
                    _pick(rng, _NEEDS, _NEED_SHARES, int(rng.integers(1, 5 if offer else 4)))
                ),
                languages=frozenset(languages),
                slots=frozenset(slots),
                pc4=pc4,
                max_km=float(rng.integers(3, 16) if offer else rng.integers(2, 11)),
                capacity=int(rng.integers(3, 6) if offer else rng.integers(1, 4)),
                min_age=low,
                max_age=high,
                available_from=starts,
                available_until=ends,
            )
        )
    return requests, supply
