"""End to end in Chromium: from the home page to the eligibility check and its result, by
keyboard, in Dutch and in English, and with the regulations explained in Arabic (right to
left); no axe violations on the questions, the errors or the result."""

from __future__ import annotations

import os
from datetime import date

import pytest

from kansen.demo import build_demostad
from kansen.web.accounts.models import Municipality
from kansen.web.areas.models import Area
from kansen.web.directory.demo import load_demo_offers
from kansen.web.directory.search import clear_snapshots
from kansen.web.regulations import check
from kansen.web.regulations.services import load_demo_regulations

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demostad(transactional_db, monkeypatch):
    monkeypatch.setattr(check, "today", lambda: date(2026, 9, 1))
    municipality = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    load_demo_regulations(municipality)
    return municipality


def _press(page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def test_check_by_keyboard_from_the_home_page(page, live_server, demostad):
    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="Check uw recht op regelingen")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/regelingen/check/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Check uw recht op regelingen"
    assert axe_violations(page) == []

    # an empty form: the errors are listed, focused, and each is linked to its field
    page.get_by_role("button", name="Toon mijn uitkomst").focus()
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    summary.wait_for()
    # the focus moves to the list of errors once the page has loaded
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert summary.locator("li").count() == 6  # every question but the optional two
    assert page.title().startswith("Fout:")
    assert axe_violations(page) == []
    age = page.get_by_label("Uw leeftijd")
    assert "id_age_error" in age.get_attribute("aria-describedby").split()
    assert age.get_attribute("aria-invalid") == "true"

    # the household by arrow keys in its radio group, then Tab from field to field
    page.get_by_role("radio", name="Alleenstaande, zonder kinderen onder de 18").focus()
    _press(page, "ArrowDown", "ArrowDown")
    assert page.get_by_role(
        "radio", name="Gehuwd of samenwonend, met of zonder kinderen"
    ).is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_age"
    page.keyboard.type("38")
    page.keyboard.press("Tab")
    page.keyboard.type("36")
    page.keyboard.press("Tab")
    page.keyboard.type("7, 12")
    page.keyboard.press("Tab")
    page.keyboard.type("2.311,68")
    page.keyboard.press("Tab")
    page.keyboard.type("1.000")
    page.keyboard.press("Tab")  # into "Woont u in Demostad?": Ja
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # into "Ontvangt u een bijstandsuitkering?"
    _press(page, "Space", "ArrowDown")  # Ja, then Nee
    assert page.get_by_role("radio", name="Nee").nth(1).is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Toon mijn uitkomst"
    page.keyboard.press("Enter")

    page.locator("h1", has_text="Uw uitkomst").wait_for()

    page.wait_for_load_state()
    assert "7 van de 10 regelingen van Demostad" in page.locator("main").inner_text()
    assert page.locator("article.regulation").count() == 10
    assert page.locator("article.regulation--eligible").count() == 7
    assert page.locator("article.regulation--not_eligible").count() == 2
    assert page.locator("article.regulation--check_with_provider").count() == 1
    assert "120,0%" in page.locator(".minimum-table").inner_text()
    jeugdfonds = page.locator("article", has=page.locator("#regulation-jeugdfonds-sport-cultuur"))
    assert "Alleen via een intermediair" in jeugdfonds.inner_text()
    assert axe_violations(page) == []

    # "Antwoorden wijzigen" brings the questions back as typed
    page.get_by_role("button", name="Antwoorden wijzigen").click()
    page.get_by_label("Netto inkomen van uw huishouden per maand").wait_for()
    assert page.get_by_label("Netto inkomen van uw huishouden per maand").input_value() == (
        "2.311,68"
    )


def test_check_in_english(page, live_server, demostad):
    page.goto(live_server.url + "/regelingen/check/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/regelingen/check/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Check your entitlement to regulations"
    assert axe_violations(page) == []

    page.get_by_label("Single parent, with one or more children under 18").check()
    page.get_by_label("Your age").fill("34")
    page.get_by_label("Ages of the children under 18 in your household").fill("8")
    page.get_by_label("Net income of your household per month").fill("1,619.19")
    page.get_by_label("Savings and other assets").fill("500")
    page.get_by_role("group", name="Do you live in Demostad?").get_by_label("Yes").check()
    page.get_by_label("I don't know").check()
    page.get_by_role("button", name="Show my result").click()

    page.locator("h1", has_text="Your result").wait_for()

    page.wait_for_load_state()
    # one euro above 120% of EUR 1,348.49: only the meedoenregeling (with holiday allowance)
    # and the kindpakket (130%) remain
    assert (
        "You can probably use 2 of the 10 regulations of Demostad."
        in page.locator("main").inner_text()
    )
    assert "120.1%" in page.locator(".minimum-table").inner_text()
    assert page.locator("article.regulation--eligible").count() == 2
    assert axe_violations(page) == []


def test_pages_reflow_at_320_pixels(page, live_server, demostad):
    """WCAG 1.4.10: at 320 CSS pixels (1280 at 400% zoom) nothing scrolls sideways."""
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    page.goto(live_server.url + "/regelingen/check/")
    assert page.evaluate(overflow) == 0
    page.get_by_label("Gehuwd of samenwonend, met of zonder kinderen").check()
    page.get_by_label("Uw leeftijd").fill("38")
    page.get_by_label("Leeftijd van uw partner").fill("36")
    page.get_by_label("Leeftijden van de kinderen onder de 18 in uw huishouden").fill("7, 12")
    page.get_by_label("Netto inkomen van uw huishouden per maand").fill("2.311,68")
    page.get_by_label("Spaargeld en ander vermogen").fill("1.000")
    page.get_by_role("group", name="Woont u in Demostad?").get_by_label("Ja").check()
    page.get_by_label("Weet ik niet").check()
    page.get_by_role("button", name="Toon mijn uitkomst").click()
    page.locator("h1", has_text="Uw uitkomst").wait_for()
    page.wait_for_load_state()
    assert page.evaluate(overflow) == 0
    assert axe_violations(page) == []


@pytest.fixture
def demostad_with_offers(demostad):
    """Demostad's regulations and the directory's offers that carry them out (translated)."""
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
    load_demo_offers(demostad)
    clear_snapshots()
    yield demostad
    clear_snapshots()


def test_check_with_the_regulations_in_arabic_right_to_left(
    page, live_server, demostad_with_offers
):
    page.goto(live_server.url + "/regelingen/check/")
    page.locator('.content-languages a[lang="ar"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/regelingen/check/?taal=ar")
    assert page.locator("html").get_attribute("lang") == "nl"  # the questions stay Dutch
    assert page.locator('.content-languages a[aria-current="true"]').get_attribute("lang") == "ar"
    assert axe_violations(page) == []

    page.get_by_label("Gehuwd of samenwonend, met of zonder kinderen").check()
    page.get_by_label("Uw leeftijd").fill("38")
    page.get_by_label("Leeftijd van uw partner").fill("36")
    page.get_by_label("Leeftijden van de kinderen onder de 18 in uw huishouden").fill("7, 12")
    page.get_by_label("Netto inkomen van uw huishouden per maand").fill("2.311,68")
    page.get_by_label("Spaargeld en ander vermogen").fill("1.000")
    page.get_by_role("group", name="Woont u in Demostad?").get_by_label("Ja").check()
    page.get_by_role("group", name="Ontvangt u een bijstandsuitkering?").get_by_label("Nee").check()
    page.get_by_role("button", name="Toon mijn uitkomst").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.locator("h1", has_text="Uw uitkomst").wait_for()
    arabic = page.locator('.regulation__translation[lang="ar"]')
    assert arabic.count() == 10
    assert arabic.first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("article.regulation--eligible").count() == 7
    assert axe_violations(page) == []

    # another language on the result page keeps the answers (posted again, never stored)
    page.locator('.content-languages button[lang="tr"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("h1", has_text="Uw uitkomst").wait_for()
    assert page.locator('.regulation__translation[lang="tr"]').count() == 10
    assert (
        page.locator('.regulation__translation[lang="tr"]').first.evaluate(
            "e => getComputedStyle(e).direction"
        )
        == "ltr"
    )
    assert page.locator("article.regulation--eligible").count() == 7
    assert axe_violations(page) == []
