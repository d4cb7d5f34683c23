"""The eligibility check with the regulations explained in the resident's language.

A resident who reads Arabic (or English, Turkish, Polish, Ukrainian) better than Dutch chooses
the language on the check; each regulation then also shows the translated texts of the offer
in the directory that carries it out (Demostad: one offer per regulation, each translated), in
its own language and direction. The answers stay unstored: the choice travels with them.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from kansen.demo import build_demostad
from kansen.offers import demo_directory
from kansen.web.areas.models import Area
from kansen.web.directory.demo import load_demo_offers
from kansen.web.directory.models import Offer
from kansen.web.directory.search import clear_snapshots
from kansen.web.regulations import check
from kansen.web.regulations.services import load_demo_regulations

from ..factories import MunicipalityFactory
from ..html import attributes, one, parse, text
from .test_check import COUPLE, URL, article

pytestmark = pytest.mark.django_db

#: The demo offer that carries out each regulation.
OFFER_OF = {o.regulation: o for o in demo_directory().offers if o.regulation}


@pytest.fixture
def demostad(monkeypatch):
    monkeypatch.setattr(check, "today", lambda: date(2026, 9, 1))
    clear_snapshots()
    municipality = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    Area.objects.bulk_create(
        Area(
            code=b.code,
            year=2024,
            level="buurt",
            name=b.name,
            municipality_code="GM9999",
            point_x=b.geometry_rd.representative_point().x,
            point_y=b.geometry_rd.representative_point().y,
        )
        for b in build_demostad().buurten
    )
    load_demo_regulations(municipality)
    load_demo_offers(municipality)
    yield municipality
    clear_snapshots()


def test_every_demo_regulation_has_an_offer_with_an_arabic_text():
    assert len(OFFER_OF) == 10
    assert all("ar" in offer.translations for offer in OFFER_OF.values())


def test_the_questions_offer_the_languages_and_carry_the_choice(demostad):
    page = parse(Client().get(URL + "?taal=ar"))
    arabic = one(page, '//a[@hreflang="ar"]')
    assert attributes(arabic, "href", "lang", "dir", "aria-current") == (
        "?taal=ar",
        "ar",
        "rtl",
        "true",
    )
    dutch = one(page, '//a[@hreflang="nl"]')
    assert (text(dutch), *attributes(dutch, "href", "lang", "dir", "aria-current")) == (
        "Nederlands",
        "?",
        "nl",
        "ltr",
        None,
    )
    assert page.xpath('//input[@type="hidden"][@name="taal"]/@value') == ["ar"]
    # Dutch: no hidden choice, Nederlands is current
    page = parse(Client().get(URL))
    assert page.xpath('//*[@name="taal"]') == []
    dutch = one(page, '//a[@hreflang="nl"]')
    assert (text(dutch), *attributes(dutch, "lang", "dir", "aria-current")) == (
        "Nederlands",
        "nl",
        "ltr",
        "true",
    )


def test_the_result_in_arabic_shows_each_regulation_in_arabic_right_to_left(demostad):
    response = Client().post(URL, {**COUPLE, "taal": "ar"})
    assert response.status_code == 200
    page = parse(response)
    for code, offer in OFFER_OF.items():
        part = one(page, f'//article[@aria-labelledby="regulation-{code}"]')
        translation = one(part, './/div[@class="regulation__translation"]')
        assert attributes(translation, "lang", "dir") == ("ar", "rtl"), code
        assert offer.translations["ar"].title in text(translation), code
        assert part.xpath(f'.//a[@href="/aanbod/{offer.id}/?taal=ar"]') != [], code
    # the language buttons post the answers again, Arabic is current; the PDF and "change"
    # forms keep the choice
    button = one(page, '//button[@name="taal"][@value="ar"]')
    assert attributes(button, "class", "lang", "dir") == ("content-languages__button", "ar", "rtl")
    assert page.xpath('//input[@type="hidden"][@name="taal"]/@value') == ["ar", "ar"]
    assert page.xpath('//a[@href="/regelingen/check/?taal=ar"]') != []


def test_the_result_in_dutch_has_no_translations(demostad):
    response = Client().post(URL, COUPLE)
    assert "regulation__translation" not in response.content.decode()
    button = one(parse(response), '//button[@name="taal"][@value="nl"]')
    assert attributes(button, "class", "lang", "dir", "aria-current") == (
        "content-languages__button",
        "nl",
        "ltr",
        "true",
    )


@pytest.mark.parametrize("taal", ["xx", "nl", ""])
def test_an_unknown_language_is_dutch(demostad, taal):
    response = Client().post(URL, {**COUPLE, "taal": taal})
    html = response.content.decode()
    articles = parse(response).xpath("//article[starts-with(@class, 'regulation ')]")
    assert len(articles) == 10
    assert "regulation__translation" not in html


def test_a_regulation_whose_offer_is_hidden_shows_only_dutch(demostad):
    Offer.objects.filter(slug=OFFER_OF["stadspas"].id).update(is_published=False)
    clear_snapshots()
    html = Client().post(URL, {**COUPLE, "taal": "tr"}).content.decode()
    assert "regulation__translation" not in article(html, "stadspas")
    turkish = OFFER_OF["kindpakket"].translations["tr"].title
    assert turkish in article(html, "kindpakket")


def test_the_pdf_in_polish_has_the_polish_texts(demostad, monkeypatch):
    from kansen.web.regulations import views

    captured = {}

    def html_only(html: str) -> bytes:  # the HTML that would go into WeasyPrint
        captured["html"] = html
        return b"%PDF-1.7"

    monkeypatch.setattr(views, "html_to_pdf", html_only)
    response = Client().post(URL + "pdf/", {**COUPLE, "taal": "pl"})
    assert response.status_code == 200
    polish = OFFER_OF["stichting-leergeld"].translations["pl"].title
    assert polish in captured["html"]
