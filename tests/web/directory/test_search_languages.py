"""A resident types in their own language on the Dutch directory: when nothing is found in
Dutch, the offers' texts in the languages of the query's script are searched, the results show
those texts, and the page says which language they were found in."""

from __future__ import annotations

import pytest

from kansen.web.directory.search import query_languages

from ..html import attributes, one, parse, text

pytestmark = pytest.mark.django_db

URL = "/aanbod/"


def _ids(response) -> list[str]:
    return [found.offer.id for found in response.context["page"].offers]


def test_an_arabic_query_on_the_dutch_page_finds_the_arabic_texts(client, demostad):
    response = client.get(URL, {"q": "مساعدة"})
    assert _ids(response) == ["huiswerk-bieb"]
    assert response.context["page"].found_in == "ar"
    html = response.content.decode()
    page = parse(response)
    assert page.get("lang") == "nl"
    assert (
        "In het Nederlands is niets gevonden: dit aanbod is gevonden in de teksten in het Arabisch."
    ) in html
    # the result shows the text it was found in, marked as Arabic and right to left
    link = one(page, '//a[starts-with(@href, "/aanbod/huiswerk-bieb/")]')
    assert attributes(link.getparent(), "lang", "dir") == ("ar", "rtl")
    # and offers the page in Arabic with the same query
    arabic = page.xpath('//a[@hreflang="ar"]/@href')
    assert "?q=%D9%85%D8%B3%D8%A7%D8%B9%D8%AF%D8%A9&taal=ar" in arabic


def test_an_english_query_finds_the_english_texts(client, demostad):
    response = client.get(URL, {"q": "homework library"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _ids(response) == ["huiswerk-bieb"]
    assert response.context["page"].found_in == "en"
    html = response.content.decode()
    assert "Nothing was found in Dutch: these offers were found in their texts in English." in html
    titles = [
        text(link)
        for link in parse(response).xpath('//a[starts-with(@href, "/aanbod/huiswerk-bieb/")]')
    ]
    assert titles == ["Homework help in the library"]


def test_a_dutch_query_stays_dutch(client, demostad):
    response = client.get(URL, {"q": "huiswerk"})
    assert "huiswerk-bieb" in _ids(response)
    assert response.context["page"].found_in is None
    assert parse(response).xpath('//*[@id="found-in"]') == []


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
