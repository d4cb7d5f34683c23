"""The deprivation of where a practice works, for the register's filter ``achterstand``.

**Within the municipality** (``achterstand``): a record is in the filter when one of its
buurten or wijken is among the most deprived 10% or 20% of **its own municipality's** areas of
that level: the deciles of the index builder's default MDI (source 002) over the figures anyone
may see, the latest year with areas.

The ranking is within the municipality because the platform holds no national deprivation index
of areas (docs/practices.md).

Computing an index takes some 45 ms for the demo's municipality, too much for every search. The
deciles are kept per process with the **version** of what they were computed from: the tokens
of :mod:`kansen.web.areas.versions`, which every write of areas, figures or their publication
changes in its own transaction, and a digest of the definition. A search reads the tokens of
every municipality it needs in one query and computes again only what changed, so a new figure,
a figure withdrawn from publication, a redrawn area or a changed definition shows in the very
next search.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from kansen.index import IndexDefinition
from kansen.web.accounts.models import Municipality

#: The filters' options: an area (or, nationally, a municipality) of decile 1 (10%) or 1-2 (20%).
DEPRIVATION_DECILES = {"10": 1, "20": 2}


@dataclass(frozen=True)
class AreaDeciles:
    """The MDI decile (1 = most deprived tenth) of each ranked buurt and wijk, and the version
    of what they were computed from."""

    version: tuple[str, ...]
    deciles: dict[str, int]


_cache: dict[int, AreaDeciles] = {}
_lock = threading.Lock()


@cache
def _digest(definition_json: str) -> str:
    return hashlib.blake2b(definition_json.encode(), digest_size=16).hexdigest()


def _definition_digest(definition: IndexDefinition) -> str:
    return _digest(definition.to_json(sort_keys=True))


def _versions(municipalities: Iterable[Municipality]) -> dict[int, tuple[str, ...]]:
    """The version of each municipality's deciles, in one query."""
    from kansen.index import default_mdi
    from kansen.web.areas.versions import EVERY, tokens

    chosen = list(municipalities)
    found = tokens([m.code for m in chosen] + [EVERY])
    mdi = _definition_digest(default_mdi())
    return {m.pk: (found[m.code], found[EVERY], mdi) for m in chosen}


def deciles_version(municipality: Municipality) -> tuple[str, ...]:
    """What :func:`compute_deciles` depends on for ``municipality``: the tokens of its area
    data and of every indicator (:mod:`kansen.web.areas.versions`) and the definition."""
    return _versions([municipality])[municipality.pk]


def _ranked(frame: Any) -> dict[str, int]:
    return {
        str(code): int(decile)
        for code, decile in frame["decile"].items()
        if decile is not None and not (isinstance(decile, float) and math.isnan(decile))
    }


def compute_deciles(municipality: Municipality) -> dict[str, int]:
    """The MDI decile of each buurt and wijk of the municipality, computed as the index builder
    does from the figures anyone may see (an anonymous user's: the public register never ranks
    on unpublished figures), the latest year with areas; an area (or a level) that cannot be
    ranked is left out."""
    from django.contrib.auth.models import AnonymousUser

    from kansen.index import default_mdi
    from kansen.web.areas.constants import AreaLevel
    from kansen.web.areas.selectors import municipality_years
    from kansen.web.deprivation.selectors import compute

    years = municipality_years(municipality.code)
    if not years:
        return {}
    deciles: dict[str, int] = {}
    for level in (AreaLevel.NEIGHBOURHOOD, AreaLevel.DISTRICT):
        outcome = compute(AnonymousUser(), municipality, years[0], level, default_mdi())
        if outcome.result is not None:
            deciles.update(_ranked(outcome.result.frame))
    return deciles


def _kept_deciles(municipality: Municipality, version: tuple[str, ...]) -> dict[str, int]:
    kept = _cache.get(municipality.pk)
    if kept is None or kept.version != version:
        with _lock:
            kept = _cache.get(municipality.pk)
            if kept is None or kept.version != version:
                kept = AreaDeciles(version, compute_deciles(municipality))
                _cache[municipality.pk] = kept
    return kept.deciles


def deciles_of(municipalities: Iterable[Municipality]) -> dict[int, dict[str, int]]:
    """The deciles of the buurten and wijken of each municipality (by its pk), computed again
    only for those whose version changed (:func:`deciles_version`), the versions read in one
    query."""
    chosen = list(municipalities)
    versions = _versions(chosen)
    return {m.pk: _kept_deciles(m, versions[m.pk]) for m in chosen}


def area_deciles(municipality: Municipality) -> dict[str, int]:
    """The deciles of one municipality's buurten and wijken (:func:`deciles_of`)."""
    return deciles_of([municipality])[municipality.pk]


def clear() -> None:
    """Forget every kept reading (tests; a process starts empty)."""
    with _lock:
        _cache.clear()
