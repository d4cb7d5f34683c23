"""Many documents at once (:class:`Documents`, :func:`offer_documents`): the same documents and
the same index as documents one by one (:func:`offer_document`), read faster (issue 21)."""

from __future__ import annotations

from typing import Any

import pytest

from kansen.offers import TRANSLATION_LANGUAGES, OfferRecord, demo_directory
from kansen.search import Document, Documents, SearchIndex, offer_document, offer_documents

OFFERS = demo_directory().offers
BUURTEN = sorted({loc.buurt_code for o in OFFERS for loc in o.locations if loc.buurt_code})
AREA_NAMES = {code: f"Buurt {code[-4:]}" for code in BUURTEN} | {
    "WK" + code[2:8]: f"Wijk {code[6:8]}" for code in BUURTEN
}
PROVIDERS = {o.provider: f"Aanbieder {i}" for i, o in enumerate(OFFERS)}


def _provider(offer: OfferRecord) -> str:
    return PROVIDERS[offer.provider]


def _one(texts: str | tuple[str, ...] | None) -> str:
    """A document's texts in a language as one text (its fields' texts joined by a space)."""
    return texts if isinstance(texts, str) else " ".join(filter(None, texts or ()))


def _rows(many: Documents) -> list[tuple[object, ...]]:
    """Each document of ``many`` in the terms of a :class:`Document`."""
    return [
        (
            many.ids[i],
            {name: column[i] for name, column in many.fields.items()},
            {name: frozenset(column[i]) for name, column in many.facets.items()},
            many.ages[i] if many.ages is not None else (None, None),
            many.points[i] if many.points is not None else (),
            {code: _one(texts[i]) for code, texts in many.translations.items() if texts[i]},
        )
        for i in range(len(many.ids))
    ]


def test_the_documents_of_offers_are_those_of_each_offer() -> None:
    assert len(BUURTEN) > 3  # the demo directory's offers have places in several buurten
    batches = list(offer_documents(OFFERS, provider_name=_provider, area_names=AREA_NAMES, batch=7))
    assert [len(batch.ids) for batch in batches] == [7] * (len(OFFERS) // 7) + (
        [len(OFFERS) % 7] if len(OFFERS) % 7 else []
    )
    one_by_one = [
        offer_document(
            offer, provider_name=_provider(offer), area_names=AREA_NAMES, translations=True
        )
        for offer in OFFERS
    ]
    expected = [
        (
            doc.id,
            dict(doc.fields),
            dict(doc.facets),
            doc.ages,
            doc.points,
            # a language's texts as one, as the index reads them
            {code: " ".join(texts.values()) for code, texts in doc.translations.items()},
        )
        for doc in one_by_one
    ]
    assert [row for batch in batches for row in _rows(batch)] == expected
    # the fields in the same order in each document (a field's place counts for phrases)
    assert list(batches[0].fields) == list(one_by_one[0].fields)
    assert any(row[5] for row in expected)  # the demo offers have translations
    assert any("Buurt" in row[1]["areas"] for row in expected)  # and area names


QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("zwemmen", {}),
    ("huiswerk begeleiding", {}),
    ("sport", {"filters": {"cost": ["free"]}}),
    ("", {"near": (155_000.0, 463_000.0), "sort": "distance", "limit": 50}),
    ("", {"filters": {"buurt": BUURTEN[:2]}, "age": 8}),
    ("homework", {}),
    ("zwemmles", {}),
]


def _assert_same_answers(expected: SearchIndex, index: SearchIndex) -> None:
    """Every query in every language: the same hits (scores, highlights), totals, facets and
    corrections."""
    for language in (None, *TRANSLATION_LANGUAGES):
        for text, options in QUERIES:
            a = expected.translated(language).search(text, **options)
            b = index.translated(language).search(text, **options)
            assert (b.hits, b.total, b.facets, b.corrected) == (
                a.hits,
                a.total,
                a.facets,
                a.corrected,
            ), (language, text)


@pytest.mark.parametrize("batch", [1, 7, 2000])
def test_an_index_of_many_at_once_is_the_index_of_one_by_one(batch: int) -> None:
    one = SearchIndex(
        offer_document(o, provider_name=_provider(o), area_names=AREA_NAMES, translations=True)
        for o in OFFERS
    )
    many = SearchIndex(
        offer_documents(OFFERS, provider_name=_provider, area_names=AREA_NAMES, batch=batch)
    )
    assert len(many) == len(one) == len(OFFERS)
    assert many.languages == one.languages == sorted(TRANSLATION_LANGUAGES)
    _assert_same_answers(one, many)
    # the queries find something: the comparison is not of empty results
    assert one.search("zwemmen").total > 0
    assert one.search("zwemmles").corrected == "zwemles"
    assert one.translated("en").search("homework").total > 0


def test_documents_and_many_at_once_mix() -> None:
    index = SearchIndex(
        [
            Document(
                "a",
                {"title": "Zwemles", "summary": "In het zwembad"},
                {"cost": frozenset({"free"})},
            ),
            Documents(
                ids=["b", "c"],
                fields={"title": ["Huiswerkklas", "Zwemclub"], "summary": ["Na school", ""]},
                facets={"cost": [("price", "price"), ()]},
                translations={"en": [None, "Swimming club"]},
            ),
        ]
    )
    assert [hit.id for hit in index.search("zwemmen").hits] == ["a", "c"]
    assert index.search("").facets == {"cost": {"free": 1, "price": 1}}
    assert [hit.id for hit in index.translated("en").search("swimming").hits] == ["c"]
    assert index.translated("en").search("club").hits[0].matched == ("zwemclub", "club")


def test_columns_of_another_length_are_refused() -> None:
    with pytest.raises(ValueError, match="'summary' has 1 values for 2 documents"):
        SearchIndex([Documents(ids=["a", "b"], fields={"title": ["x", "y"], "summary": ["z"]})])


@pytest.mark.parametrize("cores", [1, 3])
def test_the_index_is_the_same_on_any_number_of_cores(
    cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The views and the postings are built in threads, one per core: the index does not
    depend on how many there are (nor on which thread finishes first)."""
    import kansen.search._index as index_module

    def build() -> SearchIndex:
        return SearchIndex(
            offer_documents(OFFERS, provider_name=_provider, area_names=AREA_NAMES, batch=5)
        )

    monkeypatch.setattr(index_module, "cores", lambda: 2)
    two = build()
    monkeypatch.setattr(index_module, "cores", lambda: cores)
    other = build()
    _assert_same_answers(two, other)


def test_a_translation_as_its_fields_texts_or_as_one_text() -> None:
    """A document's texts in a language as a tuple (its fields') or as one text: the same
    index; a document without texts has None."""

    def index(translations: list[str | tuple[str, ...] | None]) -> SearchIndex:
        return SearchIndex(
            [
                Documents(
                    ids=["a", "b", "c"],
                    fields={"title": ["Zwemles", "Huiswerkklas", "Zwemclub"]},
                    points=[((1.0, 2.0),), (), ((3.0, 4.0), (5.0, 6.0))],
                    translations={"en": translations},
                )
            ]
        )

    as_one = index(["Swimming lessons", None, "Swimming club for children"])
    as_fields = index([("Swimming", "lessons"), None, ("Swimming club", "", "for children")])
    mixed = index([("Swimming", "lessons"), None, "Swimming club for children"])
    for query in ("swimming", "club", "children", "lessons"):
        expected = as_one.translated("en").search(query, near=(0.0, 0.0))
        for other in (as_fields, mixed):
            found = other.translated("en").search(query, near=(0.0, 0.0))
            assert (found.hits, found.total) == (expected.hits, expected.total), query
    hits = as_fields.translated("en").search("swimming", near=(5.0, 6.0), sort="distance").hits
    assert [(hit.id, hit.distance_m) for hit in hits] == [("c", 0.0), ("a", 5.656854249492381)]
    with pytest.raises(ValueError, match="an empty tuple"):
        index([(), None, "Swimming club"])
