"""The Demostad directory: size, consistency with Demostad and the regulations, translations."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kansen.demo import build_demostad, demo_buurt_postcodes
from kansen.eligibility import demostad_regulations
from kansen.offers import (
    APPLY_ROUTES,
    AUDIENCES,
    COSTS,
    LANGUAGES,
    SUPPORT_TYPES,
    TRANSLATION_LANGUAGES,
    Directory,
    demo_directory,
)

#: The day the demo is shown against: offers older than a year before it are flagged.
DEMO_DAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def directory() -> Directory:
    return demo_directory()


def test_about_80_offers_from_about_30_providers(directory: Directory) -> None:
    assert len(directory.offers) == 82
    assert len(directory.providers) == 31
    assert len({o.id for o in directory.offers}) == len(directory.offers)
    assert len({p.id for p in directory.providers}) == len(directory.providers)
    assert len(set(directory.offers)) == len(directory.offers)  # records can be hashed


def test_every_offer_has_an_existing_provider_and_every_provider_offers_something(
    directory: Directory,
) -> None:
    providers = {p.id for p in directory.providers}
    used = {o.provider for o in directory.offers}
    assert used == providers


def test_each_of_the_10_regulations_has_exactly_one_offer(directory: Directory) -> None:
    regulation_ids = {r.id for r in demostad_regulations()}
    assert len(regulation_ids) == 10
    carried = Counter(o.regulation for o in directory.offers if o.regulation)
    assert set(carried) == regulation_ids
    assert set(carried.values()) == {1}


def test_locations_lie_in_their_demostad_buurt_with_its_postcode(directory: Directory) -> None:
    demo = build_demostad()
    buurten = {b.code: b for b in demo.buurten}
    postcodes = demo_buurt_postcodes(demo)
    located = [loc for o in directory.offers for loc in o.locations]
    assert len(located) >= 80
    for loc in located:
        assert loc.buurt_code in buurten, loc
        assert loc.pc4 == postcodes[loc.buurt_code], loc
        assert loc.city == "Demostad"
        assert loc.x is not None
        assert loc.y is not None
        centre = buurten[loc.buurt_code].geometry_rd.representative_point()
        assert abs(loc.x - centre.x) <= 120.05, loc
        assert abs(loc.y - centre.y) <= 120.05, loc


def test_online_and_phone_offers_have_no_location_and_none_has_more_than_three(
    directory: Directory,
) -> None:
    counts = Counter(len(o.locations) for o in directory.offers)
    assert set(counts) <= {0, 1, 2, 3}
    assert counts[0] >= 10
    assert counts[3] >= 3


@pytest.mark.parametrize(
    ("field", "codes"),
    [
        ("support_types", SUPPORT_TYPES),
        ("audiences", AUDIENCES),
        ("cost", COSTS),
        ("apply_route", APPLY_ROUTES),
    ],
)
def test_every_code_is_valid_and_occurs_several_times(
    directory: Directory, field: str, codes: dict[str, str]
) -> None:
    seen: Counter[str] = Counter()
    for offer in directory.offers:
        value = getattr(offer, field)
        seen.update(value if isinstance(value, tuple) else (value,))
    assert set(seen) == set(codes)
    assert min(seen.values()) >= 3, seen


def test_activities_in_turkish_arabic_polish_and_ukrainian(directory: Directory) -> None:
    seen = Counter(code for o in directory.offers for code in o.languages)
    assert set(seen) <= set(LANGUAGES)
    for code in ("tr", "ar", "pl", "uk"):
        assert seen[code] >= 2, code


def test_ages_cover_toddlers_children_teenagers_young_adults_and_parents(
    directory: Directory,
) -> None:
    def offered_to(age: int) -> int:
        return sum(o.matches_age(age) and o.age_max is not None for o in directory.offers)

    for age in (0, 3, 8, 15, 20):
        assert offered_to(age) >= 3, age
    assert sum(o.audiences == ("ouder",) for o in directory.offers) >= 10
    for offer in directory.offers:
        if offer.age_min is not None and offer.age_max is not None:
            assert offer.age_min <= offer.age_max


def test_every_offer_is_translated_title_and_summary_and_30_also_in_full(
    directory: Directory,
) -> None:
    full = 0
    for offer in directory.offers:
        assert tuple(offer.translations) == TRANSLATION_LANGUAGES, offer.id
        for language, translation in offer.translations.items():
            assert translation.title, (offer.id, language)
            assert translation.summary, (offer.id, language)
        complete = [
            bool(t.description) and bool(t.how_to_apply) for t in offer.translations.values()
        ]
        assert all(complete) or not any(complete), offer.id
        full += all(complete)
    assert full == 30


def test_eight_offers_are_stale_and_three_of_them_for_more_than_14_months(
    directory: Directory,
) -> None:
    stale = {o.id for o in directory.offers if (DEMO_DAY - o.last_checked).days > 365}
    very_stale = {o.id for o in directory.offers if o.last_checked < date(2025, 9, 22)}
    assert stale == {
        "cruyff-court-voetbal",
        "jonge-mantelzorgers",
        "leerorkest",
        "oekraiens-huis-ontmoeting",
        "razem-informatiepunt",
        "speelgoedbank",
        "speeltuin-de-bolderkar",
        "theaterles",
    }
    assert very_stale == {"cruyff-court-voetbal", "leerorkest", "oekraiens-huis-ontmoeting"}
    assert max(o.last_checked for o in directory.offers) < DEMO_DAY


def test_texts_fit_the_platform_and_offers_give_a_way_to_apply(directory: Directory) -> None:
    for offer in directory.offers:
        assert len(offer.title) <= 300, offer.id
        assert 20 <= len(offer.summary) <= 500, offer.id
        assert offer.how_to_apply, offer.id
        assert offer.cost != "price" or offer.cost_amount is not None, offer.id
        assert offer.is_published


def test_a_translation_falls_back_to_dutch() -> None:
    offer = demo_directory().offer("stadspas")
    assert offer.text("title", "en") == "Demostad City Pass"
    assert offer.text("title", None) == "Stadspas Demostad"
    assert offer.text("title", "so") == "Stadspas Demostad"
    with pytest.raises(ValueError, match="field must be one of"):
        offer.text("cost", "en")
