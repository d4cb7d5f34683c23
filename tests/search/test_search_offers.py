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
    assert dict(document.extra) == {
        "en.title": "Swimming lessons",
        "en.summary": "Learn to swim.",
        "tr.title": "Yüzme dersi",
    }


def test_one_language_keeps_only_its_translation() -> None:
    assert dict(offer_document(offer(), language="tr").extra) == {"tr.title": "Yüzme dersi"}
    assert dict(offer_document(offer(), language="pl").extra) == {}
    assert len(offer_document(offer(), language="nl").extra) == 3


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
    "query",
    ["zwemmen", "zwembad", "Zwembad Demostad", "Oosterpark", "stadspas", "swimming", "yüzme"],
)
def test_an_offer_is_found_by_its_labels_provider_area_and_translations(query: str) -> None:
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
                provider_name="Zwembad Demostad" if record.id != "other" else "Bibliotheek",
                area_names={"BU99990102": "Oosterpark"},
            )
            for record in (offer(), other)
        ]
    )
    assert [hit.id for hit in index.search(query).hits] == ["zwemles-oost"]
