"""The deprivation of where a practice works, for the register's filters ``achterstand`` and
``achterstand_nl``.

**Within the municipality** (``achterstand``): a record is in the filter when one of its
buurten or wijken is among the most deprived 10% or 20% of **its own municipality's** areas of
that level: the deciles of the index builder's default MDI (source 002) over the figures anyone
may see, the latest year with areas.

**Nationally** (``achterstand_nl``): a record is in the filter when **its municipality** is
among the most deprived 10% or 20% of the country's municipalities by :data:`kansen.index.
KWB_2022_MDI` (source 002's domains with the CBS key figures of municipalities), computed from
the national figures (owned by no municipality, published) of the latest year that has them.
It is offered only when those figures rank at least nine in ten of the country's
municipalities (:data:`NATIONAL_COVERAGE` of the province table's count): ranking the few
municipalities that happen to be on the platform would not be a national reading. The platform
holds no national figures of buurten and wijken (docs/practices.md), so areas are never ranked
nationally.

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
#: A national reading ranks at least this share of the country's municipalities.
NATIONAL_COVERAGE = 0.9


@dataclass(frozen=True)
class AreaDeciles:
    """The MDI decile (1 = most deprived tenth) of each ranked buurt and wijk, and the version
    of what they were computed from."""

    version: tuple[str, ...]
    deciles: dict[str, int]


@dataclass(frozen=True)
class NationalDeciles:
    """The decile of each ranked municipality in the country (CBS code -> 1-10), with what the
    page says of it: the year of the figures, how many municipalities were ranked of how many
    the country has, and the definition's name."""

    year: int
    ranked: int
    country: int
    definition: str
    deciles: dict[str, int]


_cache: dict[int, AreaDeciles] = {}
_national: tuple[tuple[str, ...], NationalDeciles | None] | None = None
_lock = threading.Lock()


@cache
def _digest(definition_json: str) -> str:
    return hashlib.blake2b(definition_json.encode(), digest_size=16).hexdigest()


def _definition_digest(definition: IndexDefinition) -> str:
    return _digest(definition.to_json(sort_keys=True))


def _versions(
    municipalities: Iterable[Municipality], national: bool = False
) -> tuple[dict[int, tuple[str, ...]], tuple[str, ...]]:
    """The version of each municipality's deciles and of the national reading, in one query."""
    from kansen.index import KWB_2022_MDI, default_mdi
    from kansen.web.areas.versions import EVERY, NATIONAL, tokens

    chosen = list(municipalities)
    found = tokens([m.code for m in chosen] + [EVERY] + ([NATIONAL] if national else []))
    mdi = _definition_digest(default_mdi())
    versions: dict[int, tuple[str, ...]] = {
        m.pk: (found[m.code], found[EVERY], mdi) for m in chosen
    }
    national_version: tuple[str, ...] = (
        (found[NATIONAL], found[EVERY], _definition_digest(KWB_2022_MDI)) if national else ()
    )
    return versions, national_version


def deciles_version(municipality: Municipality) -> tuple[str, ...]:
    """What :func:`compute_deciles` depends on for ``municipality``: the tokens of its area
    data and of every indicator (:mod:`kansen.web.areas.versions`) and the definition."""
    return _versions([municipality])[0][municipality.pk]


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


def _kept_national(version: tuple[str, ...]) -> NationalDeciles | None:
    global _national
    kept = _national
    if kept is None or kept[0] != version:
        with _lock:
            kept = _national
            if kept is None or kept[0] != version:
                kept = _national = (version, compute_national())
    return kept[1]


def readings(
    municipalities: Iterable[Municipality],
) -> tuple[dict[int, dict[str, int]], NationalDeciles | None]:
    """The deciles of the buurten and wijken of each municipality (by its pk) and the national
    reading, computed again only where the version changed; every version is read in one
    query."""
    chosen = {m.pk: m for m in municipalities}
    versions, national_version = _versions(chosen.values(), national=True)
    deciles = {pk: _kept_deciles(m, versions[pk]) for pk, m in chosen.items()}
    return deciles, _kept_national(national_version)


def deciles_of(municipalities: Iterable[Municipality]) -> dict[int, dict[str, int]]:
    """The deciles of the buurten and wijken of each municipality (by its pk), computed again
    only for those whose version changed (:func:`deciles_version`), the versions read in one
    query."""
    chosen = list(municipalities)
    versions, _ = _versions(chosen)
    return {m.pk: _kept_deciles(m, versions[m.pk]) for m in chosen}


def area_deciles(municipality: Municipality) -> dict[str, int]:
    """The deciles of one municipality's buurten and wijken (:func:`deciles_of`)."""
    return deciles_of([municipality])[municipality.pk]


def country_size() -> int:
    """How many municipalities the country has: the CBS province table's count (342 on
    1 January 2024; the demo's fictional provinces are not counted)."""
    from kansen.web.areas.provinces import source

    return sum(int(n) for n in source()["counts"].values())


def compute_national() -> NationalDeciles | None:
    """The decile of each municipality of the country by :data:`kansen.index.KWB_2022_MDI`
    over the national figures (owned by no municipality, published) of the latest year with a
    figure of each of its indicators for areas of level gemeente; None when an indicator has no
    such figures, the index cannot be computed, or it ranks fewer than
    :data:`NATIONAL_COVERAGE` of the country's municipalities."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Max

    from kansen.index import KWB_2022_MDI
    from kansen.web.areas.constants import AreaLevel
    from kansen.web.areas.models import Indicator, Observation
    from kansen.web.areas.scope import national
    from kansen.web.deprivation.selectors import compute

    columns = set(KWB_2022_MDI.columns)
    held = Indicator.objects.filter(municipality=None, is_public=True, code__in=columns)
    if set(held.values_list("code", flat=True)) != columns:
        return None
    year = Observation.objects.filter(
        indicator__in=held, area__level=AreaLevel.MUNICIPALITY, status="ok"
    ).aggregate(year=Max("year"))["year"]
    if year is None:
        return None
    outcome = compute(AnonymousUser(), national(), year, AreaLevel.MUNICIPALITY, KWB_2022_MDI)
    if outcome.result is None:
        return None
    deciles = _ranked(outcome.result.frame)
    country = country_size()
    if len(deciles) < NATIONAL_COVERAGE * country:
        return None
    return NationalDeciles(year, len(deciles), country, KWB_2022_MDI.name, deciles)


def national_deciles() -> NationalDeciles | None:
    """The national reading (:func:`compute_national`), computed again only when the national
    figures, the areas of level gemeente, an indicator or the definition changed."""
    return _kept_national(_versions([], national=True)[1])


def clear() -> None:
    """Forget every kept reading (tests; a process starts empty)."""
    global _national
    with _lock:
        _cache.clear()
        _national = None
