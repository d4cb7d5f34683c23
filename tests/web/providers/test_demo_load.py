"""The demo directory loads once, completely, and a second load changes nothing."""

from __future__ import annotations

import datetime

import pytest

from kansen.demo import demo_postcode_areas
from kansen.offers import demo_directory
from kansen.web.directory.demo import load_demo_offers
from kansen.web.directory.freshness import directory_settings, offer_state
from kansen.web.directory.models import (
    DirectorySettings,
    Offer,
    OfferLocation,
    OfferTranslation,
    PostcodeArea,
    Provider,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_demo_load_creates_every_offer_once(demostad, aanbieder):
    data = demo_directory()
    assert load_demo_offers(demostad, today=TODAY) == len(data.offers)
    assert Offer.objects.filter(municipality=demostad).count() == len(data.offers)
    assert Provider.objects.filter(municipality=demostad).count() == len(data.providers)
    assert OfferLocation.objects.filter(offer__municipality=demostad).count() == sum(
        len(o.locations) for o in data.offers
    )
    assert OfferTranslation.objects.filter(offer__municipality=demostad).count() == sum(
        len(o.translations) for o in data.offers
    )
    assert PostcodeArea.objects.count() == len(demo_postcode_areas())
    settings = DirectorySettings.objects.get(municipality=demostad)
    assert (settings.review_months, settings.grace_days) == (12, 60)

    # The second load (every `make demo`) adds nothing and changes nothing.
    before = list(Offer.objects.order_by("slug").values_list("slug", "last_checked"))
    assert load_demo_offers(demostad, today=TODAY) == 0
    assert list(Offer.objects.order_by("slug").values_list("slug", "last_checked")) == before
    assert Provider.objects.filter(municipality=demostad).count() == len(data.providers)
    assert PostcodeArea.objects.count() == len(demo_postcode_areas())


def test_demo_offers_keep_their_record_values(demostad):
    load_demo_offers(demostad, today=TODAY)
    data = demo_directory()
    for record in data.offers:
        stored = Offer.objects.get(municipality=demostad, slug=record.id)
        assert stored.title == record.title
        assert stored.provider.slug == record.provider
        assert stored.support_types == list(record.support_types)
        assert stored.last_checked == record.last_checked
        assert stored.cost_amount == record.cost_amount
        assert (stored.regulation.code if stored.regulation else "") == record.regulation
        locations = list(stored.locations.order_by("id"))
        assert [loc.buurt_code for loc in locations] == [loc.buurt_code for loc in record.locations]
        assert all(loc.x is not None and loc.y is not None for loc in locations)
    assert PostcodeArea.objects.get(code="9990").x == demo_postcode_areas()["9990"][0]


def test_demo_provider_user_keeps_several_offers_one_flagged(demostad, aanbieder):
    load_demo_offers(demostad, today=TODAY)
    providers = list(aanbieder.providers.all())
    assert len(providers) == 1
    offers = list(providers[0].offers.all())
    settings = directory_settings(demostad)
    states = [offer_state(o, settings, TODAY) for o in offers]
    assert len(offers) >= 2
    assert "flagged" in states or "hidden" in states


def test_demo_has_flagged_offers_to_chase(demostad):
    load_demo_offers(demostad, today=TODAY)
    settings = directory_settings(demostad)
    states = [offer_state(o, settings, TODAY) for o in Offer.objects.all()]
    # The demo directory dates about 8 offers more than 12 months before 2026-11-22.
    assert 5 <= states.count("flagged") + states.count("hidden") <= 12
