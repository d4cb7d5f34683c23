"""Creating and editing an offer: exact saved values, positions from buurt or postcode, errors
that keep what was typed, and "Nog actueel"."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Area
from kansen.web.directory.models import Offer, PostcodeArea
from kansen.web.regulations.models import Regulation

from ..directory.factories import OfferFactory, OfferLocationFactory, ProviderFactory
from ..factories import PASSWORD, MunicipalityFactory, UserFactory
from ..html import attributes, one, parse, text

pytestmark = pytest.mark.django_db

BUURT = "BU99990101"


@pytest.fixture
def setup(demostad, aanbieder):
    provider = ProviderFactory(municipality=demostad, slug="bieb", name="Bibliotheek Demostad")
    provider.members.add(aanbieder)
    PostcodeArea.objects.create(code="9993", x=155100.0, y=463200.0)
    client = Client()
    assert client.login(username="aanbieder", password=PASSWORD)
    return {"municipality": demostad, "provider": provider, "user": aanbieder, "client": client}


def _post_data(provider, **changes) -> dict:
    data = {
        "provider": str(provider.pk),
        "title": "Huiswerkklas in de bibliotheek",
        "summary": "Elke dinsdag hulp bij huiswerk.",
        "description": "Vrijwilligers helpen met plannen en leren.",
        "support_types": ["huiswerk", "taal"],
        "audiences": ["kind", "jongere"],
        "age_min": "10",
        "age_max": "15",
        "languages": ["nl", "ar"],
        "cost": "contribution",
        "cost_amount": "12,50",
        "cost_note": "per jaar",
        "apply_route": "self",
        "how_to_apply": "Kom langs.",
        "email": "info@bieb.example",
        "phone": "0999-123456",
        "website": "https://bieb.example/huiswerk",
        "capacity": "20",
        "regulation": "",
        "is_published": "on",
        "location1-name": "Bibliotheek Centrum",
        "location1-address": "Marktplein 1",
        "location1-postcode": "9991ab",
        "location1-city": "Demostad",
        "location1-buurt_code": BUURT,
        "location2-name": "",
        "location2-address": "Kerkstraat 5",
        "location2-postcode": "9993 CD",
        "location2-city": "Demostad",
        "location2-buurt_code": "",
        "translation_en-title": "Homework class in the library",
        "translation_en-summary": "Help with homework every Tuesday.",
        "translation_ar-title": "صف الواجبات المنزلية في المكتبة",
    }
    data.update(changes)
    return data


def test_create_saves_exactly_what_was_entered(setup):
    regulation = Regulation.objects.filter(municipality=setup["municipality"]).first()
    data = _post_data(setup["provider"], regulation=str(regulation.pk))
    response = setup["client"].post(reverse("providers:offer_create"), data)
    assert response.status_code == 302
    offer = Offer.objects.get(municipality=setup["municipality"])
    assert offer.slug == "huiswerkklas-in-de-bibliotheek"
    assert offer.provider == setup["provider"]
    assert (offer.title, offer.summary) == (
        "Huiswerkklas in de bibliotheek",
        "Elke dinsdag hulp bij huiswerk.",
    )
    assert offer.support_types == ["huiswerk", "taal"]
    assert offer.audiences == ["kind", "jongere"]
    assert (offer.age_min, offer.age_max) == (10, 15)
    assert offer.languages == ["nl", "ar"]
    assert (offer.cost, offer.cost_amount, offer.cost_note) == (
        "contribution",
        Decimal("12.50"),
        "per jaar",
    )
    assert (offer.apply_route, offer.capacity, offer.regulation) == ("self", 20, regulation)
    assert offer.website == "https://bieb.example/huiswerk"
    assert offer.is_published is True
    assert offer.last_checked == datetime.date.today()
    assert offer.checked_by == setup["user"]
    first, second = offer.locations.order_by("id")
    buurt = Area.objects.get(code=BUURT)
    assert (first.postcode, first.buurt_code, first.x, first.y) == (
        "9991 AB",
        BUURT,
        buurt.point_x,
        buurt.point_y,
    )
    # No buurt: the centre of the four-digit postcode.
    assert (second.address, second.postcode, second.x, second.y) == (
        "Kerkstraat 5",
        "9993 CD",
        155100.0,
        463200.0,
    )
    translations = {t.language: t for t in offer.translations.all()}
    assert sorted(translations) == ["ar", "en"]
    assert translations["en"].summary == "Help with homework every Tuesday."
    assert translations["ar"].title == "صف الواجبات المنزلية في المكتبة"


def test_edit_replaces_values_locations_and_translations(setup):
    offer = OfferFactory(
        provider=setup["provider"], slug="oud", title="Oud", last_checked=datetime.date(2025, 1, 1)
    )
    OfferLocationFactory(offer=offer)
    offer.translations.create(language="pl", title="Stary")
    data = _post_data(
        setup["provider"],
        title="Nieuw",
        cost="free",
        cost_amount="",
        **{"location2-address": "", "location2-postcode": "", "location2-city": ""},
    )
    data.pop("translation_ar-title")
    response = setup["client"].post(reverse("providers:offer_edit", args=["oud"]), data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.slug, offer.title, offer.cost, offer.cost_amount) == (
        "oud",
        "Nieuw",
        "free",
        None,
    )
    assert [loc.address for loc in offer.locations.all()] == ["Marktplein 1"]
    assert sorted(offer.translations.values_list("language", flat=True)) == ["en"]
    assert offer.last_checked == datetime.date.today()


def test_errors_are_listed_and_keep_what_was_typed(setup):
    data = _post_data(
        setup["provider"],
        title="Mijn getypte titel",
        support_types=[],
        age_min="16",
        age_max="12",
        cost="free",
        cost_amount="5",
        **{
            "location2-postcode": "12345",
            "location2-city": "",
            "translation_tr-summary": "Özet",
        },
    )
    response = setup["client"].post(reverse("providers:offer_create"), data)
    assert response.status_code == 400
    forms = response.context["forms"]
    assert set(forms.offer.errors) == {"support_types", "age_max", "cost_amount"}
    location2 = forms.locations[1]
    assert set(location2.errors) == {"postcode", "city"}
    assert set(forms.translations[1].errors) == {"title"}
    assert forms.translations[1].language == "tr"
    anchors = [anchor for anchor, _ in forms.error_summary()]
    assert anchors == [
        "id_support_types_0",
        "id_age_max",
        "id_cost_amount",
        "id_location2-postcode",
        "id_location2-city",
        "id_translation_tr-title",
    ]
    page = parse(response)
    # what was typed is shown again
    assert one(page, '//input[@name="title"]').get("value") == "Mijn getypte titel"
    assert one(page, '//input[@name="location2-postcode"]').get("value") == "12345"
    assert text(one(page, '//textarea[@name="translation_tr-summary"]')) == "Özet"
    assert page.xpath('//a[@href="#id_age_max"]') != []
    age_max = one(page, '//input[@name="age_max"]')
    assert attributes(age_max, "aria-describedby", "aria-invalid") == (
        "id_age_max_helptext id_age_max_error",
        "true",
    )
    assert Offer.objects.count() == 0


def test_translation_inputs_carry_language_and_direction(setup):
    page = parse(setup["client"].get(reverse("providers:offer_create")))

    def language(name: str) -> tuple[str | None, ...]:
        return attributes(
            one(page, f'//*[self::input or self::textarea][@name="{name}"]'), "lang", "dir"
        )

    for name in ("translation_ar-title", "translation_ar-how_to_apply"):
        assert language(name) == ("ar", "rtl")
    assert language("translation_pl-title") == ("pl", "ltr")
    assert language("title")[0] is None


def test_a_provider_cannot_save_for_another_provider(setup):
    other = ProviderFactory(municipality=setup["municipality"], slug="ander")
    response = setup["client"].post(reverse("providers:offer_create"), _post_data(other))
    assert response.status_code == 400
    assert set(response.context["forms"].offer.errors) == {"provider"}
    assert Offer.objects.count() == 0


def test_a_buurt_of_another_municipality_cannot_be_chosen(setup):
    MunicipalityFactory(code="GM9001")
    Area.objects.create(code="BU90010101", year=2024, level="buurt", municipality_code="GM9001")
    data = _post_data(setup["provider"], **{"location1-buurt_code": "BU90010101"})
    response = setup["client"].post(reverse("providers:offer_create"), data)
    assert response.status_code == 400
    assert set(response.context["forms"].locations[0].errors) == {"buurt_code"}


def test_still_current_records_today_and_who(setup):
    old = datetime.date(2025, 3, 1)
    offer = OfferFactory(provider=setup["provider"], slug="a", last_checked=old)
    other = OfferFactory(provider=setup["provider"], slug="b", last_checked=old)
    response = setup["client"].post(reverse("providers:mark_checked", args=["a"]))
    assert response.status_code == 302
    offer.refresh_from_db()
    other.refresh_from_db()
    assert (offer.last_checked, offer.checked_by) == (datetime.date.today(), setup["user"])
    assert (other.last_checked, other.checked_by) == (old, None)
    # GET does not change anything.
    assert setup["client"].get(reverse("providers:mark_checked", args=["b"])).status_code == 405


def test_all_still_current_records_every_own_offer_only(setup):
    old = datetime.date(2025, 3, 1)
    OfferFactory(provider=setup["provider"], slug="a", last_checked=old)
    OfferFactory(provider=setup["provider"], slug="b", last_checked=old)
    OfferFactory(
        provider=ProviderFactory(municipality=setup["municipality"]), slug="c", last_checked=old
    )
    setup["client"].post(reverse("providers:mark_all_checked"))
    dates = dict(Offer.objects.values_list("slug", "last_checked"))
    assert dates == {"a": datetime.date.today(), "b": datetime.date.today(), "c": old}


def test_csrf_is_required_for_still_current(setup):
    OfferFactory(provider=setup["provider"], slug="a")
    client = Client(enforce_csrf_checks=True)
    client.login(username="aanbieder", password=PASSWORD)
    response = client.post(reverse("providers:mark_checked", args=["a"]))
    assert response.status_code == 403


def test_provider_role_without_membership_cannot_add_offers(demostad):
    lonely = UserFactory(username="alleen", municipality=demostad, role=Role.PROVIDER)
    client = Client()
    client.login(username=lonely.username, password=PASSWORD)
    assert client.get(reverse("providers:index")).status_code == 200
    assert client.get(reverse("providers:offer_create")).status_code == 403
