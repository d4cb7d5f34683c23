"""Versions of area data: a token per municipality that every write of areas, figures or their
publication changes, in the write's own transaction.

What is computed from area data and kept between requests (the practice register's deprivation
deciles) reads the tokens of the municipalities it needs in one query and computes again only
when one changed: cheaper than reading the data to see whether it changed (a city of 500
buurten has some 9,000 figures of the MDI's indicators a year).

The keys (:class:`~kansen.web.areas.models.AreaDataVersion`):

* a municipality's CBS code (``GM0363``): its areas (by ``municipality_code``) and the figures
  of them were written;
* :data:`NATIONAL` (``NL``): an area of level gemeente or a figure of a national indicator
  (owned by no municipality) was written: what ranks the country's municipalities;
* :data:`EVERY` (``*``): a write whose reach is not known cheaply, which every reader depends
  on: an indicator made, changed (its code, direction, publication) or deleted (which indicator
  a municipality's index reads for a code, its own or a national one, may change for every
  municipality), an area saved or deleted one at a time (the admin: it may have moved to
  another municipality).

The services' bulk writes (imports, the opportunity estimates) call :func:`touch` with the
municipalities of the areas they wrote. Single saves and deletes of areas, indicators and
figures (the admin, the metadata and publication services, deletes that cascade from a
municipality) are caught by the receivers below. Figures are deleted in bulk only by the
services, which touch their municipalities themselves: a receiver of their deletes would make
every import fetch the rows it replaces.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from .constants import AreaLevel
from .models import Area, AreaDataVersion, Indicator, Observation

#: The key of what ranks the country's municipalities (areas of level gemeente, national figures).
NATIONAL = "NL"
#: The key every reader depends on: an indicator, or one area, made, changed or deleted.
EVERY = "*"


def touch(keys: Iterable[str]) -> None:
    """Give ``keys`` a new token (one statement; call it inside the write's transaction)."""
    wanted = sorted({str(key) for key in keys if key})
    if not wanted:
        return
    token = uuid.uuid4().hex
    AreaDataVersion.objects.bulk_create(
        [AreaDataVersion(key=key, token=token) for key in wanted],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token"],
    )


def tokens(keys: Iterable[str]) -> dict[str, str]:
    """The token of each key (the empty string for a key never written), in one query."""
    wanted = sorted(set(keys))
    found = dict(AreaDataVersion.objects.filter(key__in=wanted).values_list("key", "token"))
    return {key: found.get(key, "") for key in wanted}


def keys_of_areas(municipality_codes: Iterable[str], levels: Iterable[str] = ()) -> set[str]:
    """The keys to touch when areas of these municipalities (and these levels) were written."""
    keys = {code for code in municipality_codes if code}
    if AreaLevel.MUNICIPALITY in set(levels):
        keys.add(NATIONAL)
    return keys


def touch_figures(areas: Iterable[Area], *, national: bool) -> None:
    """After figures of ``areas`` were written (``national``: of national indicators)."""
    written = list(areas)
    keys = keys_of_areas({a.municipality_code for a in written}, {a.level for a in written})
    touch(keys | ({NATIONAL} if national else set()))


@receiver(post_save, sender=Area)
@receiver(pre_delete, sender=Area)
def _area_written(sender: Any, instance: Area, **kwargs: Any) -> None:
    touch({EVERY})


@receiver(post_save, sender=Indicator)
@receiver(pre_delete, sender=Indicator)
def _indicator_written(sender: Any, instance: Indicator, **kwargs: Any) -> None:
    touch({EVERY})


@receiver(post_save, sender=Observation)
def _observation_saved(sender: Any, instance: Observation, **kwargs: Any) -> None:
    national = Indicator.objects.filter(pk=instance.indicator_id, municipality=None).exists()
    keys = {NATIONAL} if national else set()
    for code, level in Area.objects.filter(pk=instance.area_id).values_list(
        "municipality_code", "level"
    ):
        keys |= keys_of_areas([code], [level])
    touch(keys)
