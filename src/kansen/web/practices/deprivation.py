"""The deprivation of the areas a practice works in, for the register's filter ``achterstand``.

A record is in the filter when one of its buurten or wijken is among the most deprived 10% or
20% of **its own municipality's** areas of that level: the deciles of the index builder's
default MDI (source 002) over the figures anyone may see, the latest year with areas. The
ranking is within the municipality because the platform holds no national deprivation index of
areas: its national figures are key figures of whole municipalities (the peer comparison), and
the buurten and wijken it holds are those of its tenants, each with the municipality's own
figures. A national reading needs the MDI's indicators as national figures for the buurten and
wijken of every municipality in one year (docs/practices.md).

Computing the index of a municipality takes some 45 ms on the demo, too much for every search.
The deciles are kept per process and municipality with a **version**: a digest of everything
the computation reads (the municipality's areas of that year and their parents, the MDI's
indicators with their owner and publication, their observations, and the MDI's definition).
The version is read on every search (one small query per table, some 10 ms on the demo) and
the deciles are computed again only when it changed, so a new figure, a figure withdrawn from
publication, a redrawn area or a changed definition shows in the very next search.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Max

from kansen.web.accounts.models import Municipality

#: The filter's options: a record works in an area of decile 1 (10%) or of decile 1-2 (20%).
DEPRIVATION_DECILES = {"10": 1, "20": 2}


@dataclass(frozen=True)
class AreaDeciles:
    """The MDI decile (1 = most deprived tenth) of each ranked buurt and wijk, and the version
    of what they were computed from."""

    version: str
    deciles: dict[str, int]


_cache: dict[int, AreaDeciles] = {}
_lock = threading.Lock()


def _rows(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset read with the database cursor (no model layer:
    the observations of a municipality are thousands of rows)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def deciles_version(municipality: Municipality) -> str:
    """A digest of everything :func:`compute_deciles` reads for ``municipality``; it changes
    when an observation, an indicator's publication, an area or the definition changes."""
    from kansen.index import default_mdi
    from kansen.web.areas.models import Area, Indicator, Observation

    definition = default_mdi()
    digest = hashlib.blake2b(digest_size=16)
    year = Area.objects.filter(municipality_code=municipality.code).aggregate(year=Max("year"))[
        "year"
    ]
    digest.update(repr((municipality.pk, municipality.code, year)).encode())
    digest.update(definition.to_json(sort_keys=True).encode())
    indicators = (
        Indicator.objects.filter(code__in=definition.columns)
        .order_by("id")
        .values_list("id", "code", "municipality_id", "is_public", "direction")
    )
    areas = (
        Area.objects.filter(municipality_code=municipality.code, year=year)
        .order_by("id")
        .values_list("id", "code", "level", "parent_id")
    )
    observations = (
        Observation.objects.filter(
            indicator__in=indicators.values("id"), area__in=areas.values("id"), year=year
        )
        .order_by("id")
        .values_list("id", "indicator_id", "area_id", "value", "status")
    )
    for queryset in (indicators, areas, observations):
        digest.update(repr(_rows(queryset)).encode())
    return digest.hexdigest()


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
        if outcome.result is None:
            continue
        for code, decile in outcome.result.frame["decile"].items():
            if decile is not None and decile == decile:  # NaN / NA: not ranked
                deciles[str(code)] = int(decile)
    return deciles


def area_deciles(municipality: Municipality) -> dict[str, int]:
    """The deciles of the municipality's buurten and wijken, computed again only when what
    they are computed from has changed (:func:`deciles_version`)."""
    version = deciles_version(municipality)
    kept = _cache.get(municipality.pk)
    if kept is not None and kept.version == version:
        return kept.deciles
    with _lock:
        kept = _cache.get(municipality.pk)
        if kept is None or kept.version != version:
            kept = _cache[municipality.pk] = AreaDeciles(version, compute_deciles(municipality))
    return kept.deciles


def clear() -> None:
    """Forget every municipality's deciles (tests; a process starts empty)."""
    with _lock:
        _cache.clear()
