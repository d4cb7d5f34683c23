"""The write rules of a practice record: a level of a databank needs its entry and date, an
own level its basis; publishing needs an approach and a contact; withdrawing keeps the record."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansen.web.practices import services
from kansen.web.practices.constants import PracticeStatus
from kansen.web.practices.models import Practice

from ..factories import MunicipalityFactory
from .factories import PracticeFactory, demo_agenda

pytestmark = pytest.mark.django_db

BASE = {
    "title": "Voorleesexpress",
    "aim": "Kinderen lezen meer.",
    "target_group": "Gezinnen met kinderen van 2 tot 8",
    "province": "utrecht",
}
NJI_ENTRY = {
    "evidence_entry_name": "VoorleesExpress",
    "evidence_entry_url": "https://www.nji.nl/interventies/voorleesexpress",
    "evidence_date": datetime.date(2024, 5, 1),
}


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        # a databank's level without its entry: name, address and date all asked for
        (
            {"evidence_level": "nji-effectief-eerste"},
            {"evidence_entry_name", "evidence_entry_url", "evidence_date"},
        ),
        # the same level with the entry: accepted
        ({"evidence_level": "nji-effectief-eerste", **NJI_ENTRY}, set()),
        # Movisie's level with a name but no date
        (
            {
                "evidence_level": "movisie-goed-beschreven",
                "evidence_entry_name": "X",
                "evidence_entry_url": "https://www.movisie.nl/x",
            },
            {"evidence_date"},
        ),
        # a recognition dated after today: not a recognition (yet)
        (
            {
                "evidence_level": "nji-effectief-eerste",
                **NJI_ENTRY,
                "evidence_date": datetime.date.today() + datetime.timedelta(days=1),
            },
            {"evidence_date"},
        ),
        # a databank's level whose entry is not on the databank's site
        (
            {
                "evidence_level": "nji-effectief-eerste",
                **NJI_ENTRY,
                "evidence_entry_url": "https://voorleesexpress.example/nji-erkend",
            },
            {"evidence_entry_url"},
        ),
        # ... nor on a site whose name merely ends like it
        (
            {
                "evidence_level": "movisie-effectief",
                **NJI_ENTRY,
                "evidence_entry_url": "https://notmovisie.nl/x",
            },
            {"evidence_entry_url"},
        ),
        # Movisie's entry on its site without www: accepted
        (
            {
                "evidence_level": "movisie-effectief",
                **NJI_ENTRY,
                "evidence_entry_url": "https://movisie.nl/interventie/x",
            },
            set(),
        ),
        # an own level without its basis
        ({"evidence_level": "own-first-results"}, {"evidence_basis"}),
        # an own level with only blanks as its basis
        ({"evidence_level": "own-first-results", "evidence_basis": "  "}, {"evidence_basis"}),
        # an own level with a basis: accepted
        (
            {"evidence_level": "own-first-results", "evidence_basis": "Voor- en nameting 2025"},
            set(),
        ),
        # a level that is not in the data file
        ({"evidence_level": "sterk-bewezen", "evidence_basis": "x"}, {"evidence_level"}),
        # ages the wrong way round
        (
            {"evidence_level": "own-described", "evidence_basis": "x", "age_min": 12, "age_max": 4},
            {"age_max"},
        ),
    ],
)
def test_the_evidence_level_needs_what_backs_it(data, missing):
    municipality = MunicipalityFactory()
    if missing:
        with pytest.raises(ValidationError) as error:
            services.save_practice(municipality, None, {**BASE, **data})
        assert set(error.value.message_dict) == missing
        assert Practice.objects.count() == 0
    else:
        made = services.save_practice(municipality, None, {**BASE, **data})
        assert made.status == PracticeStatus.DRAFT
        assert made.slug == "voorleesexpress"
        assert made.evidence_levels_version == "2026-12"


def test_a_second_record_of_the_same_name_gets_its_own_address():
    municipality = MunicipalityFactory()
    data = {**BASE, "evidence_level": "own-described", "evidence_basis": "x"}
    first = services.save_practice(municipality, None, data)
    second = services.save_practice(municipality, None, data)
    other = services.save_practice(MunicipalityFactory(), None, data)
    assert (first.slug, second.slug, other.slug) == (
        "voorleesexpress",
        "voorleesexpress-2",
        "voorleesexpress",
    )


def test_publishing_needs_an_approach_and_a_contact():
    practice = PracticeFactory(approach="", contact_email="", contact_name="")
    with pytest.raises(ValidationError) as error:
        services.publish(practice, None)
    assert set(error.value.message_dict) == {"approach", "contact_email"}
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT


def test_publish_withdraw_and_publish_again():
    practice = PracticeFactory()
    published = services.publish(practice, None)
    assert published.status == PracticeStatus.PUBLISHED
    assert published.published_at
    withdrawn = services.withdraw(published, None)
    assert withdrawn.status == PracticeStatus.WITHDRAWN
    assert withdrawn.withdrawn_at
    with pytest.raises(ValidationError):
        services.withdraw(withdrawn, None)  # only a published record
    again = services.publish(withdrawn, None)
    assert again.status == PracticeStatus.PUBLISHED
    assert again.withdrawn_at is None


def test_a_published_record_cannot_lose_its_approach():
    practice = services.publish(PracticeFactory(), None)
    with pytest.raises(ValidationError) as error:
        services.save_practice(practice.municipality, None, {"approach": ""}, practice)
    assert set(error.value.message_dict) == {"approach"}
    practice.refresh_from_db()
    assert practice.approach == "Wekelijkse bijeenkomsten met een vaste begeleider."


def test_a_record_is_changed_only_by_its_own_municipality():
    practice = PracticeFactory()
    with pytest.raises(ValidationError):
        services.save_practice(MunicipalityFactory(), None, {"title": "Overgenomen"}, practice)
    practice.refresh_from_db()
    assert practice.title != "Overgenomen"


def test_a_record_links_only_a_plan_of_its_own_municipality():
    elders = MunicipalityFactory(name="Elders", slug="elders", code="GM9998")
    plan = demo_agenda(elders)
    data = {**BASE, "evidence_level": "own-described", "evidence_basis": "x", "plan": plan}
    with pytest.raises(ValidationError) as error:
        services.save_practice(MunicipalityFactory(), None, data)
    assert set(error.value.message_dict) == {"plan"}


def test_a_record_once_published_keeps_its_address_when_renamed():
    # others link a published record (and a withdrawn one stays at its address for them):
    # a new name must not move it; a draft, which nobody else has seen, follows its name
    municipality = MunicipalityFactory()
    data = {**BASE, "evidence_level": "own-described", "evidence_basis": "x"}
    draft = services.save_practice(municipality, None, data)
    draft = services.save_practice(municipality, None, {**data, "title": "Voorlezen thuis"}, draft)
    assert draft.slug == "voorlezen-thuis"
    published = PracticeFactory(municipality=municipality, title="Taalcafé", published=True)
    address = published.slug
    renamed = services.save_practice(
        municipality, None, {"title": "Taalcafé voor ouders"}, published
    )
    assert (renamed.title, renamed.slug) == ("Taalcafé voor ouders", address)
    withdrawn = services.withdraw(renamed, None)
    again = services.save_practice(municipality, None, {"title": "Taalhuis"}, withdrawn)
    assert again.slug == address


def _data(**fields):
    return {
        "title": "Taalcafé",
        "aim": "Ouders spreken vaker Nederlands.",
        "target_group": "Ouders",
        "province": "utrecht",
        "evidence_level": "own-described",
        "evidence_basis": "Beschrijving 2025",
        **fields,
    }


def test_a_second_record_of_the_same_intervention_is_refused():
    from .factories import BRUGFUNCTIONARIS, RIJKE_SCHOOLDAG

    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    plan = demo_agenda(demostad)
    first = services.save_practice(
        demostad, None, _data(title="Brug", plan=plan, intervention_uuid=BRUGFUNCTIONARIS)
    )
    with pytest.raises(ValidationError) as refused:
        services.save_practice(
            demostad, None, _data(title="Brug 2", plan=plan, intervention_uuid=BRUGFUNCTIONARIS)
        )
    assert refused.value.message_dict == {
        "intervention_uuid": [
            "Deze interventie uit het plan heeft al een praktijk, “Brug”: wijzig die praktijk "
            "in plaats van een tweede te maken."
        ]
    }
    # the record itself may be saved again, and another intervention gets its own record
    services.save_practice(demostad, None, _data(title="Brug, gewijzigd"), first)
    services.save_practice(
        demostad, None, _data(title="Rijk", plan=plan, intervention_uuid=RIJKE_SCHOOLDAG)
    )
    assert Practice.objects.count() == 2


def test_neighbourhood_codes_must_be_areas_of_the_municipality():
    from ..factories import AreaFactory

    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    # without imported areas, a code must at least name the municipality in its digits
    with pytest.raises(ValidationError) as refused:
        services.save_practice(
            demostad, None, _data(neighbourhoods=["BU99990101", "BU05460101", "De Gaarden"])
        )
    assert refused.value.message_dict == {
        "neighbourhoods": [
            "BU05460101 is geen buurt of wijk van Demostad: geef CBS-codes van de gebieden "
            "van de gemeente, bijvoorbeeld BU99990101.",
            "De Gaarden is geen buurt of wijk van Demostad: geef CBS-codes van de gebieden "
            "van de gemeente, bijvoorbeeld BU99990101.",
        ]
    }
    # with its areas imported, a code must be one of them
    AreaFactory(code="BU99990101")
    AreaFactory(code="WK999901")
    with pytest.raises(ValidationError) as refused:
        services.save_practice(demostad, None, _data(neighbourhoods=["BU99990101", "BU99990199"]))
    assert list(refused.value.message_dict["neighbourhoods"]) == [
        "BU99990199 is geen buurt of wijk van Demostad: geef CBS-codes van de gebieden "
        "van de gemeente, bijvoorbeeld BU99990101."
    ]
    saved = services.save_practice(demostad, None, _data(neighbourhoods=["BU99990101", "WK999901"]))
    assert saved.neighbourhoods == ["BU99990101", "WK999901"]
