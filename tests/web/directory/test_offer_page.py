"""The public offer page /aanbod/<code>/: every detail, and 404 for what residents may not see."""

from __future__ import annotations

import lxml.html
import pytest

from ..html import attributes, one, parse, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "slug",
    [
        "oude-huiswerkklas",  # hidden: not checked for 12 months and 60 days
        "concept-schaakclub",  # not published
        "andersdorp-huiswerk",  # another municipality's
        "bestaat-niet",
    ],
)
def test_what_residents_may_not_see_is_not_found(client, demostad, slug):
    assert client.get(f"/aanbod/{slug}/").status_code == 404


EVERY_DETAIL = {
    "Support": "Sport",
    "For whom": "Children",
    "Age": "5 to 12 years",
    "Cost": "Own contribution € 25.00 per maand",
    "Language of the activity": "Nederlands",
    "Last checked": "1 October 2026",
}


def _facts(doc):
    """The offer's facts: each term and the element of its description."""
    return {text(term): term.getnext() for term in doc.xpath("//dt")}


def test_every_detail(client, demostad):
    response = client.get("/aanbod/zwemles/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    doc = parse(response)
    facts = _facts(doc)
    shown = {term: text(value) for term, value in facts.items()}
    assert {term: shown.get(term) for term in EVERY_DETAIL} == EVERY_DETAIL
    assert one(facts["Cost"], "text()") == "Own contribution €\xa025.00"
    assert attributes(one(facts["Cost"], "span"), "lang", "dir") == ("nl", "ltr")
    assert attributes(one(facts["Language of the activity"], "bdi"), "lang") == ("nl",)
    assert attributes(one(facts["Last checked"], "time"), "datetime") == ("2026-10-01",)
    title = one(doc, "//h1")
    assert attributes(title, "class", "id", "lang", "dir") == (
        "utrecht-heading-1",
        "offer-title",
        "nl",
        "ltr",
    )
    # names and addresses are isolated (<bdi>): they may be in any script
    street = one(doc, "//bdi[. = 'Zwembad De Havenstraat 1']")
    place = street.getnext().getnext()
    assert (street.getnext().tag, place.tag, text(place)) == ("br", "bdi", "9991 AB Demostad")
    assert attributes(street, "lang") == attributes(place, "lang") == ("nl",)
    area = one(doc, "//bdi[. = 'Haven']").getparent()
    assert "Neighbourhood Haven (Centrum)" in text(area)
    assert [b.get("lang") for b in area.xpath("bdi")] == ["nl", "nl"]
    assert "You can apply yourself" in html
    assert doc.xpath("//*[@id='directory-map-data']") != []


def test_how_to_apply_with_the_providers_contact(client, demostad):
    doc = parse(client.get("/aanbod/huiswerk-bieb/", HTTP_ACCEPT_LANGUAGE="en"))
    assert text(_facts(doc)["Places"]) == "20"
    how = one(doc, "//p[. = 'Loop binnen op woensdag.']").getparent()
    assert (how.tag, *attributes(how, "lang", "dir")) == ("div", "nl", "ltr")
    # the offer has no contact of its own: the provider's
    assert doc.xpath("//a[@href='tel:0599123456']") != []
    assert doc.xpath("//a[@href='mailto:info@bieb.demostad.example']") != []
    # the description keeps its paragraphs
    description = one(doc, "//*[contains(@class, 'directory-offer__description')]")
    assert [text(p) for p in description.xpath(".//p")] == [
        "Vrijwilligers helpen met plannen en leren.",
        "Neem je agenda mee.",
    ]


def test_through_a_professional_and_the_regulation(client, demostad):
    response = client.get("/aanbod/laptop-voor-school/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    doc = parse(response)
    assert "Only through a professional (e.g. a teacher or social worker)" in html
    assert "directory-offer__apply--professional" in html
    # the regulation's name stays Dutch, marked as Dutch, and the check is linked
    regulation = one(doc, "//span[@lang='nl'][normalize-space()='Laptop via Leergeld']")
    assert "the regulation Laptop via Leergeld" in text(regulation.getparent())
    assert doc.xpath("//a[@href='/regelingen/check/']") != []
    assert "This offer has no fixed location: it takes place online or by phone." in html
    assert doc.xpath("//*[@id='directory-map-data']") == []  # nothing to put on a map


def test_in_arabic_right_to_left_with_dutch_where_untranslated(client, demostad):
    html = client.get("/aanbod/huiswerk-bieb/", {"taal": "ar"}).content.decode()
    doc = lxml.html.document_fromstring(html)
    # the page keeps its language's direction; the Arabic texts carry their own
    article = one(doc, "//article")
    assert article.get("class") == "directory-offer directory-content directory-content--rtl"
    title = one(doc, "//h1[@id='offer-title']")
    assert (text(title), *attributes(title, "lang", "dir")) == (
        "مساعدة في الواجبات المدرسية",
        "ar",
        "rtl",
    )
    # no Arabic description: the Dutch one, marked as Dutch and left to right
    description = one(doc, "//div[@class='directory-offer__description']")
    assert attributes(description, "lang", "dir") == ("nl", "ltr")
    assert doc.get("lang") == "nl"
    # back to the search in the same language
    assert doc.xpath("//a[@href='/aanbod/?taal=ar']") != []


def test_other_languages_link_to_the_same_offer(client, demostad):
    html = client.get("/aanbod/huiswerk-bieb/", {"taal": "en"}).content.decode()
    links = {
        link.get("hreflang"): (link.get("href"), link.get("lang"))
        for link in lxml.html.document_fromstring(html).xpath("//a[@hreflang]")
    }
    for code in ("tr", "ar", "pl", "uk"):
        assert links[code] == (f"?taal={code}", code)
    dutch = one(lxml.html.document_fromstring(html), "//a[@hreflang='nl']")
    assert (text(dutch), *attributes(dutch, "href", "lang", "dir")) == (
        "Nederlands",
        "?",
        "nl",
        "ltr",
    )


def test_the_way_back_keeps_the_search(client, demostad):
    search = {"q": "zwemmen", "soort": "sport", "leeftijd": "8", "postcode": "9991"}
    results = client.get("/aanbod/", {**search, "sorteer": "afstand", "taal": "en"})
    state = "q=zwemmen&soort=sport&leeftijd=8&postcode=9991&sorteer=afstand&taal=en"
    # the result links to the offer with the search ...
    assert parse(results).xpath(f"//a[@href='/aanbod/zwemles/?{state}']") != []
    # ... and the offer's breadcrumb links back to the same results
    offer = client.get(
        "/aanbod/zwemles/",
        {**search, "sorteer": "afstand", "taal": "en", "utm_source": "x"},
    )
    back = parse(offer).xpath("//a[starts-with(@href, '/aanbod/?')]/@href")
    assert back == [f"/aanbod/?{state}"]  # only the search's own parameters


def test_the_way_back_keeps_the_page(client, demostad, monkeypatch):
    from kansen.web.directory import views as public_views

    monkeypatch.setattr(public_views, "PAGE_SIZE", 4)
    results = parse(client.get("/aanbod/", {"pagina": "2"}))
    assert results.xpath("//a[@href='/aanbod/zwemles/?pagina=2']") != []
    back = parse(client.get("/aanbod/zwemles/", {"pagina": "2"}))
    assert back.xpath("//a[@href='/aanbod/?pagina=2']") != []


def test_a_long_query_is_cut_on_the_way_back(client, demostad):
    page = parse(client.get("/aanbod/zwemles/", {"q": "a" * 300}))
    assert page.xpath(f"//a[@href='/aanbod/?q={'a' * 200}']") != []
