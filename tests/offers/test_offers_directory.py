"""Reading a directory from YAML or JSON, and checking one offer given as a mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kansen.io import ImportRejected
from kansen.offers import read_directory, validate_offer

OFFER: dict[str, Any] = {
    "id": "taalcafe",
    "provider": "bieb",
    "title": "Taalcafé",
    "support_types": ["taal"],
    "audiences": ["ouder"],
    "cost": "free",
    "apply_route": "self",
    "last_checked": "2026-03-01",
}


def _directory(*offers: dict[str, Any]) -> dict[str, Any]:
    return {"providers": [{"id": "bieb", "name": "Bibliotheek"}], "offers": list(offers)}


def _rejected(source: Any) -> list[tuple[str | None, str]]:
    with pytest.raises(ImportRejected) as caught:
        read_directory(source)
    return [(p.column, p.message) for p in caught.value.errors]


def test_json_and_yaml_files_give_the_same_directory(tmp_path: Path) -> None:
    data = _directory(OFFER | {"translations": {"en": {"title": "Language café"}}})
    (tmp_path / "aanbod.json").write_text(json.dumps(data), encoding="utf-8")
    from_json = read_directory(tmp_path / "aanbod.json")
    from_text = read_directory(json.dumps(data))
    assert from_json == from_text
    assert from_json.offer("taalcafe").text("title", "en") == "Language café"
    assert from_json.provider("bieb").name == "Bibliotheek"


def test_problems_name_the_offer_and_the_field_path() -> None:
    bad = OFFER | {
        "provider": "buurthuis",
        "age_min": 12,
        "age_max": 4,
        "locations": [{"name": "Bieb", "buurt_code": "WK999901"}],
        "translations": {"so": {"title": "Maqaayadda luqadda"}, "en": {"summary": "x"}},
        "colour": "red",
    }
    problems = _rejected(json.dumps(_directory(bad)))
    assert problems == [
        ("offers[0] (taalcafe).colour", "onbekend veld"),
        ("offers[0] (taalcafe).provider", "onbekende aanbieder 'buurthuis'"),
        ("offers[0] (taalcafe).age_max", "de maximumleeftijd 4 is lager dan de minimumleeftijd 12"),
        ("offers[0] (taalcafe).locations[0].buurt_code", "'WK999901' is geen buurtcode"),
        ("offers[0] (taalcafe).translations.so", "geen vertaling mogelijk in taal 'so'"),
        ("offers[0] (taalcafe).translations.en.title", "de vertaling heeft geen titel"),
    ]


def test_duplicate_ids_and_unknown_top_level_fields_are_refused() -> None:
    data = _directory(OFFER, OFFER)
    data["providers"].append({"id": "bieb", "name": "Tweede bibliotheek"})
    assert _rejected(json.dumps(data)) == [
        ("providers", "de id 'bieb' komt dubbel voor"),
        ("offers", "de id 'taalcafe' komt dubbel voor"),
    ]
    assert _rejected(json.dumps({"aanbod": []})) == [("aanbod", "onbekend veld")]


def test_more_than_three_locations_are_refused() -> None:
    location = {"address": "Markt 1", "postcode": "9994 AB", "buurt_code": "BU99990101"}
    problems = _rejected(json.dumps(_directory(OFFER | {"locations": [location] * 4})))
    assert problems == [("offers[0] (taalcafe).locations", "het aanbod heeft 4 locaties")]


def test_text_that_is_not_yaml_is_reported() -> None:
    [(column, message)] = _rejected("offers: [\n  {id: a")
    assert column is None
    assert message.startswith("geen geldige YAML of JSON")


def test_a_date_that_does_not_exist_is_reported_with_its_line() -> None:
    # PyYAML builds the date while loading and used to crash with a bare ValueError
    text = (
        "providers: [{id: bieb, name: Bibliotheek}]\n"
        "offers:\n"
        "  - {id: taalcafe, provider: bieb, title: Taalcafe, support_types: [taal],\n"
        "     audiences: [ouder], cost: free, apply_route: self, last_checked: 2026-02-30}\n"
    )
    [(column, message)] = _rejected(text)
    assert column is None
    assert message == "geen geldige YAML of JSON: line 4: 2026-02-30 is not a date that exists"


def test_validate_offer_reports_under_the_place_given() -> None:
    with pytest.raises(ImportRejected) as caught:
        validate_offer(OFFER | {"cost": "price"}, where="formulier")
    [problem] = caught.value.errors
    assert (problem.file, problem.row, problem.column) == ("formulier", None, "cost_amount")
    assert problem.message == "het bedrag ontbreekt"
    offer = validate_offer(OFFER | {"cost": "price", "cost_amount": "7,50"}, where="formulier")
    assert str(offer.cost_amount) == "7.50"
