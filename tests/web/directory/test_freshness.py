"""When an offer is current, flagged to its provider, or hidden from residents."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from kansen.web.directory.freshness import (
    directory_settings,
    freshness,
    last_checked_threshold,
    offer_state,
    public_offers,
)
from kansen.web.directory.models import DirectorySettings, Offer

from .factories import OfferFactory, ProviderFactory

D = datetime.date


def _settings(review_months: int = 12, grace_days: int = 60) -> DirectorySettings:
    return DirectorySettings(review_months=review_months, grace_days=grace_days)


@pytest.mark.parametrize(
    ("last_checked", "today", "review_months", "grace_days", "expected"),
    [
        # 12 months after 2025-11-22 is 2026-11-22: the day before it is still current,
        (D(2025, 11, 22), D(2026, 11, 21), 12, 60, "current"),
        # on the day itself it is flagged,
        (D(2025, 11, 22), D(2026, 11, 22), 12, 60, "flagged"),
        (D(2025, 11, 22), D(2026, 11, 23), 12, 60, "flagged"),
        # and 60 days later (2027-01-21) it is hidden; the day before still flagged.
        (D(2025, 11, 22), D(2027, 1, 20), 12, 60, "flagged"),
        (D(2025, 11, 22), D(2027, 1, 21), 12, 60, "hidden"),
        (D(2025, 11, 22), D(2027, 1, 22), 12, 60, "hidden"),
        # Checked today: current.
        (D(2026, 11, 22), D(2026, 11, 22), 12, 60, "current"),
        # A grace period of 0 days hides on the day of the flag.
        (D(2025, 11, 22), D(2026, 11, 21), 12, 0, "current"),
        (D(2025, 11, 22), D(2026, 11, 22), 12, 0, "hidden"),
        # Calendar months: 31 August plus 6 months is 28 February (2026 is no leap year).
        (D(2025, 8, 31), D(2026, 2, 27), 6, 10, "current"),
        (D(2025, 8, 31), D(2026, 2, 28), 6, 10, "flagged"),
        (D(2025, 8, 31), D(2026, 3, 9), 6, 10, "flagged"),
        (D(2025, 8, 31), D(2026, 3, 10), 6, 10, "hidden"),
        # 29 February plus 12 months is 28 February of the next year.
        (D(2024, 2, 29), D(2025, 2, 27), 12, 60, "current"),
        (D(2024, 2, 29), D(2025, 2, 28), 12, 60, "flagged"),
    ],
)
def test_offer_state_at_the_day_boundaries(
    last_checked, today, review_months, grace_days, expected
):
    offer = Offer(last_checked=last_checked)
    assert offer_state(offer, _settings(review_months, grace_days), today) == expected


def test_freshness_gives_the_dates_a_provider_sees():
    offer = Offer(last_checked=D(2025, 11, 22))
    found = freshness(offer, _settings(12, 60), D(2026, 12, 1))
    assert found.state == "flagged"
    assert found.flagged_on == D(2026, 11, 22)
    assert found.hidden_on == D(2027, 1, 21)


@pytest.mark.parametrize(
    ("today", "months", "days", "expected"),
    [
        (D(2026, 11, 22), 12, 0, D(2025, 11, 22)),
        (D(2027, 1, 21), 12, 60, D(2025, 11, 22)),
        # 28, 29, 30 and 31 January plus one month all reach 28 February.
        (D(2026, 2, 28), 1, 0, D(2026, 1, 31)),
        (D(2026, 3, 1), 1, 0, D(2026, 2, 1)),
        (D(2026, 3, 31), 1, 0, D(2026, 2, 28)),
    ],
)
def test_last_checked_threshold_is_the_latest_date_that_reaches_today(
    today, months, days, expected
):
    assert last_checked_threshold(today, months, days) == expected
    assert expected + relativedelta(months=months) + datetime.timedelta(days=days) <= today
    after = expected + datetime.timedelta(days=1)
    assert after + relativedelta(months=months) + datetime.timedelta(days=days) > today


def test_threshold_agrees_with_offer_state_on_every_day_of_two_years():
    settings = _settings(1, 3)
    today = D(2026, 3, 31)
    start = D(2024, 12, 1)
    for n in range(500):
        day = start + datetime.timedelta(days=n)
        hidden = offer_state(Offer(last_checked=day), settings, today) == "hidden"
        assert hidden == (day <= last_checked_threshold(today, 1, 3)), day


@pytest.mark.django_db
def test_public_offers_are_published_own_and_not_hidden():
    provider = ProviderFactory()
    municipality = provider.municipality
    DirectorySettings.objects.create(municipality=municipality, review_months=12, grace_days=60)
    today = D(2027, 1, 21)
    current = OfferFactory(provider=provider, slug="current", last_checked=D(2026, 6, 1))
    flagged = OfferFactory(provider=provider, slug="flagged", last_checked=D(2025, 11, 23))
    OfferFactory(provider=provider, slug="hidden", last_checked=D(2025, 11, 22))
    OfferFactory(provider=provider, slug="draft", last_checked=D(2026, 6, 1), is_published=False)
    OfferFactory(slug="elsewhere", last_checked=D(2026, 6, 1))
    found = public_offers(municipality, today)
    assert sorted(found.values_list("slug", flat=True)) == ["current", "flagged"]
    assert {o.pk for o in found} == {current.pk, flagged.pk}


@pytest.mark.django_db
def test_directory_settings_default_without_saving():
    provider = ProviderFactory()
    found = directory_settings(provider.municipality)
    assert (found.review_months, found.grace_days, found.pk) == (12, 60, None)
    DirectorySettings.objects.create(
        municipality=provider.municipality, review_months=6, grace_days=14
    )
    found = directory_settings(provider.municipality)
    assert (found.review_months, found.grace_days) == (6, 14)
