"""A resident types in their own language on the Dutch directory: when nothing is found in
Dutch, the offers' texts in the languages of the query's script are searched, the results show
those texts, and the page says which language they were found in."""

from __future__ import annotations

import pytest

from kansen.web.directory.search import query_languages

pytestmark = pytest.mark.django_db

URL = "/aanbod/"


def _ids(response) -> list[str]:
    return [found.offer.id for found in response.context["page"].offers]


def test_an_arabic_query_on_the_dutch_page_finds_the_arabic_texts(client, demostad):
    response = client.get(URL, {"q": "مساعدة"})
    assert _ids(response) == ["huiswerk-bieb"]
    assert response.context["page"].found_in == "ar"
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert (
        "In het Nederlands is niets gevonden: dit aanbod is gevonden in de teksten in het Arabisch."
    ) in html
    # the result shows the text it was found in, marked as Arabic and right to left
    assert 'lang="ar" dir="rtl"><a class="utrecht-link" href="/aanbod/huiswerk-bieb/' in html
    assert 'href="?q=%D9%85%D8%B3%D8%A7%D8%B9%D8%AF%D8%A9&amp;taal=ar" hreflang="ar"' in html


def test_an_english_query_finds_the_english_texts(client, demostad):
    response = client.get(URL, {"q": "homework library"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _ids(response) == ["huiswerk-bieb"]
    assert response.context["page"].found_in == "en"
    html = response.content.decode()
    assert "Nothing was found in Dutch: these offers were found in their texts in English." in html
    assert ">Homework help in the library</a>" in html


def test_a_dutch_query_stays_dutch(client, demostad):
    response = client.get(URL, {"q": "huiswerk"})
    assert "huiswerk-bieb" in _ids(response)
    assert response.context["page"].found_in is None
    assert 'id="found-in"' not in response.content.decode()


def test_a_query_found_nowhere_says_nothing_was_found(client, demostad):
    response = client.get(URL, {"q": "xyzzyq"})
    assert _ids(response) == []
    assert response.context["page"].found_in is None


def test_a_query_in_a_chosen_language_is_not_searched_again_elsewhere(client, demostad):
    response = client.get(URL, {"q": "مساعدة", "taal": "en"})
    assert response.context["page"].found_in is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("واجبات مدرسية", ["ar"]),  # Arabic script: Arabic only
        ("допомога", ["uk"]),  # Cyrillic: Ukrainian
        ("ödev yardımı", ["en", "tr", "pl"]),  # Latin letters: every Latin-script language
        ("pomoc w lekcjach", ["en", "tr", "pl"]),
    ],
)
def test_the_languages_a_query_may_be_in(query, expected):
    assert query_languages(query, ["en", "tr", "ar", "pl", "uk"]) == expected
    # only languages the directory holds
    assert query_languages(query, ["en"]) == [c for c in expected if c == "en"]
