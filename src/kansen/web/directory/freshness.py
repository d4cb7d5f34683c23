"""Whether an offer is current: the review period and the grace period of the directory.

An overview is only useful while it is current (``docs/domain.md``), so every offer carries the
date it was last checked. With the settings of the municipality (:class:`DirectorySettings`):

* an offer is **flagged** (to its provider) from ``last_checked + review_months`` on: checked
  on 2025-11-22 with a review period of 12 months, it is current up to 2026-11-21 and flagged
  on 2026-11-22;
* a flagged offer is **hidden** from residents ``grace_days`` days after it was flagged: with 60
  days, from 2027-01-21 on.

Months are calendar months (:class:`dateutil.relativedelta.relativedelta`), so a month added to
31 January is the last day of February. :func:`public_offers` applies the same rule in the
database: the dates are turned into a threshold on ``last_checked`` in Python once, not computed
per row, so the query stays an index-friendly comparison on every database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
from django.utils import timezone

from kansen.web.accounts.models import Municipality

from .models import DirectorySettings, Offer

OfferState = Literal["current", "flagged", "hidden"]

#: Defaults for a municipality that has not saved its own settings (the model's defaults).
DEFAULT_REVIEW_MONTHS = 12
DEFAULT_GRACE_DAYS = 60


def directory_settings(municipality: Municipality) -> DirectorySettings:
    """The municipality's settings, or unsaved defaults when it has none yet."""
    found = DirectorySettings.objects.filter(municipality=municipality).first()
    if found is not None:
        return found
    return DirectorySettings(
        municipality=municipality,
        review_months=DEFAULT_REVIEW_MONTHS,
        grace_days=DEFAULT_GRACE_DAYS,
    )


def flagged_on(last_checked: datetime.date, settings: DirectorySettings) -> datetime.date:
    """The first day an offer checked on ``last_checked`` is flagged to its provider."""
    return _add_months(last_checked, settings.review_months)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (negative: earlier), clipped to the month's end.

    A typed door to ``relativedelta``, which ships without type information.
    """
    moved: datetime.date = day + relativedelta(months=months)
    return moved


def hidden_on(last_checked: datetime.date, settings: DirectorySettings) -> datetime.date:
    """The first day an offer checked on ``last_checked`` is hidden from residents."""
    return flagged_on(last_checked, settings) + datetime.timedelta(days=settings.grace_days)


def offer_state(
    offer: Offer, settings: DirectorySettings, today: datetime.date | None = None
) -> OfferState:
    """``"current"``, ``"flagged"`` (shown, but its provider is asked to check it) or
    ``"hidden"`` (no longer shown to residents) on ``today``."""
    today = today or timezone.localdate()
    if today >= hidden_on(offer.last_checked, settings):
        return "hidden"
    if today >= flagged_on(offer.last_checked, settings):
        return "flagged"
    return "current"


@dataclass(frozen=True)
class Freshness:
    """The state of one offer with the dates a provider needs to see."""

    state: OfferState
    last_checked: datetime.date
    flagged_on: datetime.date
    hidden_on: datetime.date


def freshness(
    offer: Offer, settings: DirectorySettings, today: datetime.date | None = None
) -> Freshness:
    """The state of ``offer`` on ``today`` with the day it is (or was) flagged and hidden."""
    return Freshness(
        state=offer_state(offer, settings, today),
        last_checked=offer.last_checked,
        flagged_on=flagged_on(offer.last_checked, settings),
        hidden_on=hidden_on(offer.last_checked, settings),
    )


def last_checked_threshold(today: datetime.date, months: int, days: int = 0) -> datetime.date:
    """The latest ``last_checked`` for which ``last_checked + months + days <= today``.

    Adding calendar months is monotonic but not invertible (31 January and 28 January plus one
    month are both 28 February), so the threshold is found by stepping forward from
    ``today - days - months`` while the next day still reaches ``today``: at most three steps.
    """
    limit = today - datetime.timedelta(days=days)
    candidate = _add_months(limit, -months)
    while _add_months(candidate + datetime.timedelta(days=1), months) <= limit:
        candidate += datetime.timedelta(days=1)
    return candidate


def flagged_filter(settings: DirectorySettings, today: datetime.date) -> dict[str, datetime.date]:
    """Keyword arguments for ``Offer.objects.filter`` selecting flagged or hidden offers."""
    return {"last_checked__lte": last_checked_threshold(today, settings.review_months)}


def hidden_filter(settings: DirectorySettings, today: datetime.date) -> dict[str, datetime.date]:
    """Keyword arguments for ``Offer.objects.filter`` selecting hidden offers."""
    return {
        "last_checked__lte": last_checked_threshold(
            today, settings.review_months, settings.grace_days
        )
    }


def public_offers(
    municipality: Municipality, today: datetime.date | None = None
) -> QuerySet[Offer]:
    """The offers residents see: published, of a provider of ``municipality``, not hidden."""
    today = today or timezone.localdate()
    settings = directory_settings(municipality)
    return Offer.objects.filter(
        municipality=municipality,
        provider__municipality=municipality,
        is_published=True,
    ).exclude(**hidden_filter(settings, today))
