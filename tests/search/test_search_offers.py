"""The search document of an offer, and searching offers through it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kansen.offers import LocationRecord, OfferRecord, TranslationRecord
from kansen.search import SearchIndex, offer_document, wijk_code


def offer(**changes: object) -> OfferRecord:
    fields: dict[str, object] = {
        "id": "zwemles-oost",
        "provider": "zwembad-demostad",
        "title": "Zwemles voor het A-diploma",
        "summary": "Leren zwemmen in kleine groepjes.",
        "description": "Twee keer per week les in het Oostbad.",
        "support_types": ("sport",),
        "age_min": 5,
        "age_max": 12,
        "audiences": ("kind", "ouder"),
        "cost": "contribution",
        "cost_amount": Decimal("25.00"),
        "cost_note": "gratis met de Stadspas",
        "languages": ("nl", "tr"),
        "apply_route": "self",
        "how_to_apply": "Meld je aan bij de kassa.",
        "email": "",
        "phone": "",
        "website": "",
        "capacity": None,
        "regulation": "",
        "last_checked": date(2026, 5, 1),
        "locations": (
            LocationRecord("Oostbad", "Badweg 1", "9994 AB", "Demostad", "BU99990102", 1.0, 2.0),
            LocationRecord("Online", "", "", "", "", None, None),
        ),
        "translations": {
            "en": TranslationRecord("Swimming lessons", "Learn to swim."),
            "tr": TranslationRecord("Yüzme dersi"),
        },
    }
    fields.update(changes)
    return OfferRecord(**fields)  # type: ignore[arg-type]


def test_the_document_of_an_offer() -> None:
    document = offer_document(
        offer(),
        provider_name="Zwembad Demostad",
        area_names={"BU99990102": "Oosterpark", "WK999901": "Centrum"},
    )
    assert document.id == "zwemles-oost"
    assert dict(document.fields) == {
        "title": "Zwemles voor het A-diploma",
        "summary": "Leren zwemmen in kleine groepjes.",
        "description": "Twee keer per week les in het Oostbad.",
        "provider": "Zwembad Demostad",
        "tags": "Sport Kinderen Ouders Eigen bijdrage gratis met de Stadspas",
        "areas": "Oostbad Demostad Online Oosterpark Centrum",
        "how_to_apply": "Meld je aan bij de kassa.",
    }
    assert dict(document.facets) == {
        "support_type": frozenset({"sport"}),
        "audience": frozenset({"kind", "ouder"}),
        "cost": frozenset({"contribution"}),
        "language": frozenset({"nl", "tr"}),
        "buurt": frozenset({"BU99990102"}),
        "wijk": frozenset({"WK999901"}),
    }
    assert document.ages == (5, 12)
    assert document.points == ((1.0, 2.0),)  # the online location has no coordinates
    assert dict(document.extra) == {}  # Dutch: no translations


def test_a_language_adds_its_translation() -> None:
    assert dict(offer_document(offer(), language="en").extra) == {
        "en.title": "Swimming lessons",
        "en.summary": "Learn to swim.",
    }
    assert dict(offer_document(offer(), language="tr").extra) == {"tr.title": "Yüzme dersi"}
    assert dict(offer_document(offer(), language="pl").extra) == {}  # not translated
    assert dict(offer_document(offer(), language="nl").extra) == {}


@pytest.mark.parametrize(
    ("buurt", "wijk"),
    [
        ("BU99990102", "WK999901"),
        ("BU05460304", "WK054603"),
        ("WK054603", ""),  # not a buurt
        ("BU0546030", ""),  # too short
        ("", ""),
    ],
)
def test_wijk_code(buurt: str, wijk: str) -> None:
    assert wijk_code(buurt) == wijk


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("zwemmen", None),  # the title
        ("zwembad", None),  # the provider's name
        ("Zwembad Demostad", None),
        ("Oosterpark", None),  # the buurt's name
        ("stadspas", None),  # the cost note
        ("sport", None),  # the label of the support type
        ("swimming", "en"),  # the translation of the resident's language
        ("yüzme", "tr"),
        ("yuzme", "tr"),  # without the diaeresis
        ("zwemmen", "en"),  # the Dutch text still counts
    ],
)
def test_an_offer_is_found_by_its_labels_provider_area_and_translation(
    query: str, language: str | None
) -> None:
    other = offer(
        id="other",
        title="Voorlezen",
        summary="",
        description="",
        locations=(),
        translations={},
        cost_note="",
        support_types=("taal",),
        audiences=("kind",),
    )
    index = SearchIndex(
        [
            offer_document(
                record,
                language=language,
                provider_name="Zwembad Demostad" if record.id != "other" else "Bibliotheek",
                area_names={"BU99990102": "Oosterpark"},
            )
            for record in (offer(), other)
        ]
    )
    assert [hit.id for hit in index.search(query).hits] == ["zwemles-oost"]


def test_an_untranslated_word_is_not_found_in_dutch() -> None:
    index = SearchIndex([offer_document(offer())])
    assert index.search("swimming").hits == []


@pytest.mark.parametrize(
    ("audiences", "ages", "child_ages"),
    [
        (("kind",), (5, 12), (5, 12)),  # the children's ages
        (("ouder",), (11, 18), (11, 18)),  # parents of teenagers: the children's ages
        (("ouder",), (0, 18), (0, 18)),
        (("ouder",), (18, None), (None, None)),  # for the parents themselves: any child
        (("ouder",), (21, None), (None, None)),
        (("ouder", "jongere"), (16, None), (None, None)),  # parents and young people from 16
        (("ouder",), (16, 18), (16, 18)),  # parents of 16- and 17-year-olds
        (("jongere",), (18, None), (18, None)),  # young adults, no parents: their own ages
        (("kind", "ouder"), (None, None), (None, None)),
    ],
)
def test_the_age_filter_reads_the_childrens_ages(
    audiences: tuple[str, ...],
    ages: tuple[int | None, int | None],
    child_ages: tuple[int | None, int | None],
) -> None:
    record = offer(audiences=audiences, age_min=ages[0], age_max=ages[1])
    assert offer_document(record).ages == child_ages


def test_an_offer_for_parents_is_not_hidden_by_the_childs_age() -> None:
    debt_help = offer(
        id="schuldhulp", title="Schuldhulp", audiences=("ouder",), age_min=18, age_max=None
    )
    index = SearchIndex(
        [offer_document(record) for record in (offer(), debt_help)]  # zwemles: 5 to 12
    )
    assert sorted(hit.id for hit in index.search(age=8).hits) == ["schuldhulp", "zwemles-oost"]
    assert [hit.id for hit in index.search(age=14).hits] == ["schuldhulp"]
