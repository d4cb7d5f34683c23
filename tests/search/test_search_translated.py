"""One index for every language: a language's view finds what an index of its own found."""

from __future__ import annotations

import pytest

from kansen.offers import demo_directory
from kansen.search import Document, SearchIndex, offer_document

DOCS = [
    Document(
        "sport",
        {"title": "Sport en spel", "summary": "Voetbal op woensdag 14 uur"},
        translations={"en": {"title": "Sport and games", "summary": "Football at 14 hours"}},
    ),
    Document(
        "sporten",
        {"title": "Sporten in de wijk", "description": "Sportclub De Zwaluw"},
        translations={"en": {"title": "Sports in the neighbourhood"}, "ar": {"title": "رياضة"}},
    ),
    Document("taal", {"title": "Taalcafé", "summary": "Nederlands oefenen"}),
]


def _own_index(language: str | None) -> SearchIndex:
    """The index of one language as it was built before: its texts as ``extra``."""
    return SearchIndex(
        Document(
            doc.id,
            doc.fields,
            extra={
                f"{language}.{name}": text
                for name, text in doc.translations.get(language or "", {}).items()
            },
        )
        for doc in DOCS
    )


def _found(index: SearchIndex, text: str) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(hit.id, hit.score, hit.matched) for hit in index.search(text).hits]


@pytest.mark.parametrize("language", [None, "en", "ar", "tr"])
@pytest.mark.parametrize(
    "text", ["sport", "sporten", "football", "sports", "14", "رياضة", "neighbourhod", "zwaluw"]
)
def test_a_view_gives_the_hits_scores_and_highlights_of_an_index_of_its_own(
    language: str | None, text: str
) -> None:
    assert _found(SearchIndex(DOCS).translated(language), text) == _found(
        _own_index(language), text
    )


def test_a_dutch_word_in_the_translation_counts_as_the_translations_word() -> None:
    # "sport" is in the English title: in English it counts for the English word, as in the
    # English index of its own, so "sporten" (stem "sport") no longer finds it by its stem
    english = SearchIndex(DOCS).translated("en")
    assert [hit.id for hit in english.search("sporten").hits] == ["sporten"]
    assert [hit.id for hit in SearchIndex(DOCS).search("sporten").hits] == ["sporten", "sport"]


def test_the_views_of_the_languages_and_dutch() -> None:
    index = SearchIndex(DOCS)
    assert index.languages == ["ar", "en"]
    assert index.translated(None) is index
    assert index.translated("nl") is index
    assert index.translated("pl") is index  # no text in Polish: the Dutch index
    assert [hit.id for hit in index.search("football").hits] == []
    assert [hit.id for hit in index.translated("en").search("football").hits] == ["sport"]
    assert index.translated("en").search("football").hits[0].matched == ("football",)
    assert [hit.id for hit in index.translated("ar").search("رياضة").hits] == ["sporten"]


def test_extra_texts_and_translations_do_not_mix() -> None:
    with pytest.raises(ValueError, match="either extra texts or translations"):
        SearchIndex([Document("a", {"title": "a"}, extra={"x": "y"}, translations={"en": {}})])


def test_the_demo_directory_in_every_language_as_indexes_of_their_own() -> None:
    offers = demo_directory().offers
    one = SearchIndex(offer_document(o, translations=True) for o in offers)
    queries = ["huiswerk", "homework", "ödev", "واجب", "зошит", "sport", "zwemles", "gratis"]
    for language in ("en", "tr", "ar", "pl", "uk"):
        own = SearchIndex(offer_document(o, language=language) for o in offers)
        for text in queries:
            new, old = one.translated(language).search(text), own.search(text)
            assert [(h.id, h.score, h.matched) for h in new.hits] == [
                (h.id, h.score, h.matched) for h in old.hits
            ]
            assert (new.total, new.facets, new.corrected) == (old.total, old.facets, old.corrected)


def test_a_word_many_times_in_a_translation_scores_as_in_an_index_of_its_own() -> None:
    """A word that occurs again and again in a document's translation, beside a word that also
    occurs in the Dutch texts: the view's hits and scores are those of an index of its own.
    (It does not tell the norm added once per occurrence from the norm times the count: those
    gave the same float32 frequencies here, session 13.)"""
    english = [
        "swim " * 3 + "club",
        "swim " * 7 + "club sport " * 2,
        "swim swim club " * 5 + "lessons for children " * 4,
        "sport " * 11,
    ]
    docs = [
        Document(
            f"d{i}",
            {"title": ["Zwemles", "Zwemclub", "Sportclub", "Sport"][i], "summary": "sport" * i},
            translations={"en": {"title": text}},
        )
        for i, text in enumerate(english)
    ]
    own = SearchIndex(
        Document(doc.id, doc.fields, extra={"en.title": doc.translations["en"]["title"]})
        for doc in docs
    )
    view = SearchIndex(docs).translated("en")
    for text in ("swim", "club", "sport", "children", "lessons", "swim club"):
        assert _found(view, text) == _found(own, text), text
    assert len(_found(view, "swim")) == 3
