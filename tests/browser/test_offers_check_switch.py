"""In Chromium: a change of language on the check keeps the answers (posted again, never
stored), and the partner's age is hidden once a household without a partner is chosen."""

from __future__ import annotations

import os

import pytest

from .conftest import axe_violations
from .test_eligibility import demostad as demostad

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _fill(page) -> None:
    page.get_by_label("Gehuwd of samenwonend, met of zonder kinderen").check()
    page.get_by_label("Uw leeftijd").fill("38")
    page.get_by_label("Leeftijd van uw partner").fill("36")
    page.get_by_label("Leeftijden van de kinderen onder de 18 in uw huishouden").fill("7, 12")
    page.get_by_label("Netto inkomen van uw huishouden per maand").fill("2.311,68")
    page.get_by_label("Spaargeld en ander vermogen").fill("1.000")
    page.get_by_role("group", name="Woont u in Demostad?").get_by_label("Ja").check()
    page.get_by_role("group", name="Ontvangt u een bijstandsuitkering?").get_by_label("Nee").check()


def test_the_site_language_on_the_result_keeps_the_answers(page, live_server, demostad):
    page.goto(live_server.url + "/regelingen/check/")
    _fill(page)
    page.get_by_role("button", name="Toon mijn uitkomst").click()
    page.locator("h1", has_text="Uw uitkomst").wait_for()

    with page.expect_navigation():
        page.locator("form.language-form").get_by_role("button", name="English").click()
    page.locator("h1", has_text="Your result").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("article.regulation--eligible").count() == 7
    assert "as in force from 1 July 2026" in page.locator(".norm-facts").inner_text()
    assert axe_violations(page) == []

    with page.expect_navigation():
        page.locator("form.language-form").get_by_role("button", name="Nederlands").click()
    page.locator("h1", has_text="Uw uitkomst").wait_for()
    assert "geldend vanaf 1 juli 2026" in page.locator(".norm-facts").inner_text()


def test_a_language_on_the_questions_keeps_what_was_typed(page, live_server, demostad):
    page.goto(live_server.url + "/regelingen/check/")
    _fill(page)
    with page.expect_navigation():
        page.locator("form.language-form").get_by_role("button", name="English").click()
    page.get_by_label("Net income of your household per month").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("Net income of your household per month").input_value() == "2.311,68"
    assert page.get_by_label("Married or living together, with or without children").is_checked()
    assert page.locator("#error-summary").count() == 0


def test_the_partner_age_is_hidden_without_a_partner(page, live_server, demostad):
    page.goto(live_server.url + "/regelingen/check/")
    partner = page.get_by_label("Leeftijd van uw partner")
    assert partner.is_visible()
    page.get_by_label("Gehuwd of samenwonend, met of zonder kinderen").check()
    partner.fill("4")  # a typo, then the household changes
    page.get_by_label("Alleenstaande, zonder kinderen onder de 18").check()
    assert not partner.is_visible()
    page.get_by_label("Uw leeftijd").fill("30")
    page.get_by_label("Netto inkomen van uw huishouden per maand").fill("1.200")
    page.get_by_label("Spaargeld en ander vermogen").fill("0")
    page.get_by_role("group", name="Woont u in Demostad?").get_by_label("Ja").check()
    page.get_by_label("Weet ik niet").check()
    page.get_by_role("button", name="Toon mijn uitkomst").click()
    page.locator("h1", has_text="Uw uitkomst").wait_for()
    assert "partner" not in page.locator("dl.answers").inner_text()
