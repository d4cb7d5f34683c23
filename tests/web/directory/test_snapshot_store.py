"""The snapshot keeps each offer's record as one compressed blob and gives back an equal record
(ADR 0031): every kind of value a record holds, read back exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kansen.offers import LocationRecord, OfferRecord, TranslationRecord
from kansen.web.directory.search import MapPoint, OfferStore, PointStore


def _record(slug: str, **changes: object) -> OfferRecord:
    values: dict[str, object] = {
        "id": slug,
        "provider": "bieb",
        "title": "Huiswerkklas",
        "summary": "Elke woensdag.",
        "description": "Met hulp bij rekenen én taal.",
        "support_types": ("huiswerk", "taal"),
        "age_min": 8,
        "age_max": None,
        "audiences": ("kind",),
        "cost": "contribution",
        "cost_amount": Decimal("12.50"),
        "cost_note": "per seizoen",
        "languages": ("nl", "ar"),
        "apply_route": "self",
        "how_to_apply": "Kom langs.",
        "email": "",
        "phone": "0599 123 456",
        "website": "https://bieb.example",
        "capacity": None,
        "regulation": "",
        "last_checked": date(2026, 11, 30),
        "locations": (
            LocationRecord("Bieb", "Markt 1", "9991 AB", "Demostad", "BU99990101", 0.1, 2.5e5),
            LocationRecord("", "", "", "", "", None, None),
        ),
        "translations": {
            "en": TranslationRecord("Homework class", "Every Wednesday."),
            "ar": TranslationRecord("صف الواجبات", "كل أربعاء", "مع المساعدة", "تعال"),
        },
    }
    values.update(changes)
    return OfferRecord(**values)  # type: ignore[arg-type]


def test_a_record_is_read_back_equal_with_every_kind_of_value() -> None:
    records = [
        _record("huiswerkklas"),
        _record("gratis", cost="free", cost_amount=None, capacity=12, translations={}),
        _record("laptop", cost_amount=Decimal("0.00"), regulation="leergeld-laptop", locations=()),
        _record("hidden", is_published=False, age_min=None, age_max=17),
    ]
    store = OfferStore(records)
    assert list(store) == ["huiswerkklas", "gratis", "laptop", "hidden"]
    assert len(store) == 4
    for record in records:
        back = store[record.id]
        assert back == record
        assert back.translations == record.translations
        assert list(back.translations) == list(record.translations)  # the same order
    assert str(store["laptop"].cost_amount) == "0.00"
    assert store["huiswerkklas"].locations[1].x is None
    assert "gratis" in store
    assert "elders" not in store
    assert store.get("elders") is None
    assert store.languages == {"en", "ar"}
    assert store.regulated == {"leergeld-laptop": ("laptop",)}


def test_offers_of_one_regulation_are_listed_in_order_of_id() -> None:
    store = OfferStore(
        [_record(slug, regulation="stadspas") for slug in ("zwemles", "bieb", "muziek")]
    )
    assert store.regulated == {"stadspas": ("bieb", "muziek", "zwemles")}


def test_map_points_are_read_back_equal() -> None:
    points = {
        "bieb": (MapPoint(53.2, 6.56, "Bieb", "Markt 1, 9991 AB Demostad"),),
        "online": (),
    }
    store = PointStore(points)
    assert dict(store) == points
    assert store.get("elders", ()) == ()
