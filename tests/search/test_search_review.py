"""The findings of the review of the public search, on the real Demostad directory."""

from __future__ import annotations

import pytest

from kansen.offers import demo_directory
from kansen.search import SearchIndex, offer_document


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex([offer_document(offer) for offer in demo_directory().offers])


def _ids(index: SearchIndex, text: str = "", **options: object) -> list[str]:
    return [hit.id for hit in index.search(text, limit=100, **options).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query",
    ["huiswerk wiskunde", "sport zwemmen kosteloos", "gratis bijles wiskunde", "hulp bij schulden"],
)
def test_more_words_never_find_more_than_one_word_alone(index: SearchIndex, query: str) -> None:
    found = _ids(index, query)
    assert found
    # every content word that finds something finds at least as much on its own
    alone = [_ids(index, word) for word in query.split()]
    assert len(found) <= min(len(ids) for ids in alone if ids)


def test_huiswerk_wiskunde_lists_only_the_offers_with_both(index: SearchIndex) -> None:
    assert _ids(index, "huiswerk wiskunde") == [
        "bijles-wiskunde-studenten",
        "examentraining",
        "huiswerkbegeleiding-de-gaarden",
    ]


def test_rekenen_puts_arithmetic_above_bills(index: SearchIndex) -> None:
    found = _ids(index, "rekenen")
    bills = {"thuisadministratie", "schuldhulpverlening", "bijzondere-bijstand"}  # rekeningen
    arithmetic = {"bijles-wiskunde-studenten", "taalhuis", "huiswerkklas-centrum"}  # rekenen
    assert bills <= set(found)  # still found
    assert max(found.index(i) for i in arithmetic) < min(found.index(i) for i in bills)


def test_the_childs_age_keeps_offers_for_parents_themselves(index: SearchIndex) -> None:
    eight = set(_ids(index, age=8))
    assert {"schuldhulpverlening", "kwijtschelding", "taalhuis"} <= eight
    assert "cursus-pubers" not in eight  # parents of children from 11
    assert "cursus-pubers" in _ids(index, age=14)
