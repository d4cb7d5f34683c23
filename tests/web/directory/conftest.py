"""A small directory whose every count and distance is known, for the public pages and API.

Today is 2026-11-22 with the default settings (flag after 12 months, hide 60 days later), so
an offer last checked on 2025-01-01 is hidden and one checked on 2025-11-01 is flagged but
still shown. Distances are from the centre of postcode 9991 at (100000, 500000) in RD New.

| offer              | support        | ages  | for whom       | cost         | wijk/buurt | m    |
|--------------------|----------------|-------|----------------|--------------|------------|------|
| huiswerk-bieb      | huiswerk, taal | 8-14  | kind           | free         | 01 / 0101  | 500  |
| voorleesexpress    | taal           | 2-8   | kind, ouder    | free         | 02 / 0201  | 9000 |
| zwemles            | sport          | 5-12  | kind           | contribution | 01 / 0102  | 3000 |
| voetbal-noord      | sport          | 6-18  | kind, jongere  | price        | 02 / 0201  | 4123 |
| laptop-voor-school | schoolkosten   | 12-18 | jongere, ouder | free         | (online)   | -    |
| taalcafe           | taal           | -     | ouder          | free         | 01 / 0101  | 300  |

Never shown: oude-huiswerkklas (hidden: not checked since 2025-01-01), concept-schaakclub (not
published), andersdorp-huiswerk (another municipality, GM0001).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from kansen.web.accounts.models import Municipality
from kansen.web.areas.models import Area
from kansen.web.directory import search
from kansen.web.directory.models import (
    Offer,
    OfferLocation,
    OfferTranslation,
    PostcodeArea,
    Provider,
)
from kansen.web.regulations.models import Regulation

TODAY = datetime.date(2026, 11, 22)
CURRENT = datetime.date(2026, 10, 1)

PUBLIC = [
    "huiswerk-bieb",
    "laptop-voor-school",
    "taalcafe",
    "voetbal-noord",
    "voorleesexpress",
    "zwemles",
]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "today", lambda: TODAY)
    monkeypatch.setattr(search, "RECHECK_SECONDS", 0)  # every change shows at once
    search.clear_snapshots()


def _areas() -> None:
    gemeente = Area.objects.create(
        code="GM9999", year=2024, level="gemeente", name="Demostad", municipality_code="GM9999"
    )
    centrum = Area.objects.create(
        code="WK999901",
        year=2024,
        level="wijk",
        name="Centrum",
        parent=gemeente,
        municipality_code="GM9999",
    )
    noord = Area.objects.create(
        code="WK999902",
        year=2024,
        level="wijk",
        name="Noord",
        parent=gemeente,
        municipality_code="GM9999",
    )
    for code, name, parent in [
        ("BU99990101", "Oude Stad", centrum),
        ("BU99990102", "Haven", centrum),
        ("BU99990201", "Noorderpark", noord),
    ]:
        Area.objects.create(
            code=code,
            year=2024,
            level="buurt",
            name=name,
            parent=parent,
            municipality_code="GM9999",
            geometry={
                "type": "Polygon",
                "coordinates": [[[6.0, 53.0], [6.01, 53.0], [6.01, 53.01], [6.0, 53.0]]],
            },
        )


def make_offer(
    provider: Provider,
    slug: str,
    title: str,
    *,
    locations: list[tuple[str, str, float, float]] = (),  # type: ignore[assignment]
    translations: dict[str, dict[str, str]] | None = None,
    **fields: Any,
) -> Offer:
    values: dict[str, Any] = {
        "summary": f"Over {title.lower()}.",
        "support_types": ["huiswerk"],
        "audiences": ["kind"],
        "languages": ["nl"],
        "last_checked": CURRENT,
        **fields,
    }
    offer = Offer.objects.create(
        municipality=provider.municipality, provider=provider, slug=slug, title=title, **values
    )
    for name, buurt, x, y in locations:
        OfferLocation.objects.create(
            offer=offer,
            name=name,
            address=f"{name}straat 1",
            postcode="9991 AB",
            city="Demostad",
            buurt_code=buurt,
            x=x,
            y=y,
        )
    for language, texts in (translations or {}).items():
        OfferTranslation.objects.create(offer=offer, language=language, **texts)
    return offer


@pytest.fixture
def demostad(db: Any) -> Municipality:
    municipality = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    _areas()
    PostcodeArea.objects.create(code="9991", x=100000.0, y=500000.0, place="Demostad")
    PostcodeArea.objects.create(code="9992", x=105000.0, y=500000.0, place="Demostad")
    bieb = Provider.objects.create(
        municipality=municipality,
        slug="bibliotheek",
        name="Bibliotheek Demostad",
        website="https://bieb.demostad.example",
        email="info@bieb.demostad.example",
        phone="0599 123 456",
    )
    sport = Provider.objects.create(
        municipality=municipality, slug="sportbedrijf", name="Sportbedrijf Demostad"
    )
    leergeld = Provider.objects.create(
        municipality=municipality, slug="leergeld", name="Stichting Leergeld Demostad"
    )
    regulation = Regulation.objects.create(
        municipality=municipality,
        code="leergeld-laptop",
        name="Laptop via Leergeld",
        rules={"id": "leergeld-laptop"},
        apply_route="intermediary",
        how_to_apply="Via school.",
        source="Demostad",
        is_published=True,
    )
    make_offer(
        bieb,
        "huiswerk-bieb",
        "Huiswerkbegeleiding in de bibliotheek",
        summary="Hulp bij je huiswerk, elke woensdag.",
        description="Vrijwilligers helpen met plannen en leren.\n\nNeem je agenda mee.",
        how_to_apply="Loop binnen op woensdag.",
        support_types=["huiswerk", "taal"],
        age_min=8,
        age_max=14,
        languages=["nl", "ar"],
        capacity=20,
        locations=[("Bibliotheek Centrum", "BU99990101", 100500.0, 500000.0)],
        translations={
            "ar": {"title": "مساعدة في الواجبات المدرسية", "summary": "مساعدة كل أربعاء."},
            "en": {"title": "Homework help in the library"},
        },
    )
    make_offer(
        bieb,
        "voorleesexpress",
        "VoorleesExpress",
        support_types=["taal"],
        age_min=2,
        age_max=8,
        audiences=["kind", "ouder"],
        languages=["nl", "tr"],
        last_checked=datetime.date(2026, 6, 1),
        locations=[("Noorderpark", "BU99990201", 100000.0, 509000.0)],
    )
    make_offer(
        sport,
        "zwemles",
        "Zwemles voor het zwemdiploma",
        support_types=["sport"],
        age_min=5,
        age_max=12,
        cost="contribution",
        cost_amount=Decimal("25.00"),
        cost_note="per maand",
        locations=[("Zwembad De Haven", "BU99990102", 103000.0, 500000.0)],
    )
    make_offer(
        sport,
        "voetbal-noord",
        "Voetbalclub Demostad-Noord",
        support_types=["sport"],
        age_min=6,
        age_max=18,
        audiences=["kind", "jongere"],
        cost="price",
        cost_amount=Decimal("120.00"),
        locations=[("Sportpark Noord", "BU99990201", 101000.0, 504000.0)],
    )
    make_offer(
        leergeld,
        "laptop-voor-school",
        "Laptop voor school",
        support_types=["schoolkosten"],
        age_min=12,
        age_max=18,
        audiences=["jongere", "ouder"],
        apply_route="professional",
        regulation=regulation,
    )
    make_offer(
        bieb,
        "taalcafe",
        "Taalcafé voor ouders",
        support_types=["taal"],
        audiences=["ouder"],
        languages=["nl", "uk", "pl"],
        last_checked=datetime.date(2025, 11, 1),
        locations=[("Buurthuis", "BU99990101", 100000.0, 500300.0)],
    )
    make_offer(
        bieb,
        "oude-huiswerkklas",
        "Oude huiswerkklas",
        last_checked=datetime.date(2025, 1, 1),
        locations=[("Oud gebouw", "BU99990101", 100100.0, 500000.0)],
    )
    make_offer(bieb, "concept-schaakclub", "Concept schaakclub", is_published=False)
    other = Municipality.objects.create(code="GM0001", name="Andersdorp", slug="andersdorp")
    elsewhere = Provider.objects.create(municipality=other, slug="bieb", name="Bieb Andersdorp")
    make_offer(elsewhere, "andersdorp-huiswerk", "Huiswerkbegeleiding Andersdorp")
    return municipality
