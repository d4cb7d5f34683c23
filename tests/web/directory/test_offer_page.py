"""The public offer page /aanbod/<code>/: every detail, and 404 for what residents may not see."""

from __future__ import annotations

import pytest

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


def test_every_detail(client, demostad):
    response = client.get("/aanbod/zwemles/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    facts = {
        "Support": "Sport",
        "For whom": "Children",
        "Age": "5 to 12 years",
        "Language of the activity": '<bdi lang="nl">Nederlands</bdi>',
        "Last checked": '<time datetime="2026-10-01">1 October 2026</time>',
    }
    for term, value in facts.items():
        assert f"<dt>{term}</dt><dd>{value}</dd>" in html
    assert (
        '<dt>Cost</dt><dd>Own contribution €\xa025.00<br><span lang="nl" dir="ltr">per maand'
        "</span></dd>"
    ) in html
    assert '<h1 class="utrecht-heading-1" id="offer-title" lang="nl" dir="ltr">' in html
    # names and addresses are isolated (<bdi>): they may be in any script
    assert (
        '<bdi lang="nl">Zwembad De Havenstraat 1</bdi><br><bdi lang="nl">9991 AB Demostad</bdi>'
    ) in html
    assert 'Neighbourhood <bdi lang="nl">Haven</bdi> (<bdi lang="nl">Centrum</bdi>)' in html
    assert "You can apply yourself" in html
    assert 'id="directory-map-data"' in html


def test_how_to_apply_with_the_providers_contact(client, demostad):
    html = client.get("/aanbod/huiswerk-bieb/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dt>Places</dt><dd>20</dd>" in html
    assert '<div lang="nl" dir="ltr"><p>Loop binnen op woensdag.</p></div>' in html
    # the offer has no contact of its own: the provider's
    assert 'href="tel:0599123456"' in html
    assert 'href="mailto:info@bieb.demostad.example"' in html
    # the description keeps its paragraphs
    assert "<p>Vrijwilligers helpen met plannen en leren.</p>\n\n<p>Neem je agenda mee.</p>" in html


def test_through_a_professional_and_the_regulation(client, demostad):
    html = client.get("/aanbod/laptop-voor-school/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Only through a professional (e.g. a teacher or social worker)" in html
    assert "directory-offer__apply--professional" in html
    assert 'the regulation <span lang="nl">Laptop via Leergeld</span>' in html
    assert '<a class="utrecht-link" href="/regelingen/check/">' in html
    assert "This offer has no fixed location: it takes place online or by phone." in html
    assert 'id="directory-map-data"' not in html  # nothing to put on a map


def test_in_arabic_right_to_left_with_dutch_where_untranslated(client, demostad):
    html = client.get("/aanbod/huiswerk-bieb/", {"taal": "ar"}).content.decode()
    # the page keeps its language's direction; the Arabic texts carry their own
    assert '<article class="directory-offer directory-content directory-content--rtl"' in html
    assert 'id="offer-title" lang="ar" dir="rtl">مساعدة في الواجبات المدرسية</h1>' in html
    # no Arabic description: the Dutch one, marked as Dutch and left to right
    assert '<div class="directory-offer__description" lang="nl" dir="ltr">' in html
    assert '<html lang="nl"' in html
    # back to the search in the same language
    assert 'href="/aanbod/?taal=ar"' in html


def test_other_languages_link_to_the_same_offer(client, demostad):
    html = client.get("/aanbod/huiswerk-bieb/", {"taal": "en"}).content.decode()
    for code in ("tr", "ar", "pl", "uk"):
        assert f'href="?taal={code}" hreflang="{code}" lang="{code}"' in html
    assert 'href="?" hreflang="nl" lang="nl" dir="ltr">Nederlands</a>' in html


def test_the_way_back_keeps_the_search(client, demostad):
    search = {"q": "zwemmen", "soort": "sport", "leeftijd": "8", "postcode": "9991"}
    results = client.get("/aanbod/", {**search, "sorteer": "afstand", "taal": "en"})
    state = (
        "q=zwemmen&amp;soort=sport&amp;leeftijd=8&amp;postcode=9991&amp;sorteer=afstand&amp;taal=en"
    )
    # the result links to the offer with the search ...
    assert f'href="/aanbod/zwemles/?{state}"' in results.content.decode()
    # ... and the offer's breadcrumb links back to the same results
    html = client.get(
        "/aanbod/zwemles/",
        {**search, "sorteer": "afstand", "taal": "en", "utm_source": "x"},
    ).content.decode()
    assert f'<a class="utrecht-link" href="/aanbod/?{state}">' in html
    assert "/aanbod/?utm_source" not in html  # only the search's own parameters


def test_the_way_back_keeps_the_page(client, demostad, monkeypatch):
    from kansen.web.directory import views as public_views

    monkeypatch.setattr(public_views, "PAGE_SIZE", 4)
    html = client.get("/aanbod/", {"pagina": "2"}).content.decode()
    assert 'href="/aanbod/zwemles/?pagina=2"' in html
    back = client.get("/aanbod/zwemles/", {"pagina": "2"}).content.decode()
    assert 'href="/aanbod/?pagina=2"' in back


def test_a_long_query_is_cut_on_the_way_back(client, demostad):
    html = client.get("/aanbod/zwemles/", {"q": "a" * 300}).content.decode()
    assert f'href="/aanbod/?q={"a" * 200}"' in html
