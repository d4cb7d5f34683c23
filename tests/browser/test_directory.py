"""End to end in Chromium: the public directory with the Demostad offers, by keyboard, in Dutch
and with the offers' texts in Arabic (right to left); no axe violations on the search (with
results, empty, with an error) or on an offer page."""

from __future__ import annotations

import os
import re

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _no_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], violations


def _titles(page) -> list[str]:
    return page.locator(".directory-result__title").all_inner_texts()


def test_search_filter_sort_and_open_an_offer_by_keyboard(page, live_server, demostad):
    page.goto(live_server.url + "/aanbod/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Aanbod voor kinderen en ouders in Demostad"
    _no_violations(page)

    # type in the search field and press Enter: "huiswerk" finds huiswerkbegeleiding
    page.get_by_label("Waar zoekt u naar?").focus()
    page.keyboard.type("huiswerk")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*\?q=huiswerk"))
    titles = _titles(page)
    assert any("Huiswerkbegeleiding" in t for t in titles[:5]), titles
    # the map shows the locations of the results (Leaflet from the platform's own files)
    page.locator("#directory-map.directory-map--ready").wait_for()
    assert int(page.locator("#directory-map").get_attribute("data-markers")) >= 3
    _no_violations(page)

    # a facet by keyboard: check "Gratis", then the button that applies the filters
    free = page.get_by_role("checkbox", name=re.compile(r"^Gratis \("))
    free.focus()
    page.keyboard.press("Space")
    assert free.is_checked()
    # checking it already asked for the page (htmx, on change): its answer replaces the form,
    # so the button is pressed once that is in (under load, CI once read a page being replaced)
    page.wait_for_url(re.compile(r".*kosten=free"))
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Filters toepassen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*kosten=free"))
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("checkbox", name=re.compile(r"^Gratis \(")).is_checked()
    costs = page.locator(".directory-result dl div:nth-child(2) dd").all_inner_texts()
    assert costs, "no results"
    assert set(costs) == {"Gratis"}, costs

    # sort by distance from a postcode
    page.get_by_label("Uw postcode").fill("9991")
    page.get_by_label("Sorteren op").select_option("afstand")
    page.get_by_role("button", name="Sorteren", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*sorteer=afstand"))
    # choosing the order already asked for the page (htmx, on change); Enter asks again, and
    # on a busy machine that answer may still be on its way when the address has changed
    page.wait_for_load_state("networkidle")
    assert "Dichtst bij postcode 9991 eerst." in page.locator("#result-count").inner_text()
    distances = [
        float(text.removesuffix(" km").replace(",", "."))
        for text in page.locator(".directory-result dd").all_inner_texts()
        if text.endswith(" km")
    ]
    assert distances, "no distances"
    assert distances == sorted(distances), distances
    _no_violations(page)

    # open the first result by keyboard: its link carries the search
    results = _titles(page)
    first = page.locator(".directory-result__title a").first
    title = first.inner_text()
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/aanbod/[a-z0-9-]+/\?q=huiswerk&kosten=free.*"))
    assert page.locator("h1").inner_text() == title
    assert page.get_by_role("heading", name="Aanvragen").is_visible()
    _no_violations(page)

    # the breadcrumb leads back to the same results: query, filter, postcode and sort
    page.get_by_role("navigation", name="U bent hier").get_by_role("link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/aanbod/\?q=huiswerk.*"))
    assert _titles(page) == results
    assert page.get_by_label("Waar zoekt u naar?").input_value() == "huiswerk"
    assert page.get_by_role("checkbox", name=re.compile(r"^Gratis \(")).is_checked()
    assert page.get_by_label("Uw postcode").input_value() == "9991"
    assert "Dichtst bij postcode 9991 eerst." in page.locator("#result-count").inner_text()


def test_search_with_an_error_and_without_results(page, live_server, demostad):
    page.goto(live_server.url + "/aanbod/?postcode=1234&sorteer=afstand")
    summary = page.locator("#error-summary")
    summary.wait_for()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert page.title().startswith("Fout:")
    postcode = page.get_by_label("Uw postcode")
    assert postcode.get_attribute("aria-invalid") == "true"
    assert "id_postcode_error" in postcode.get_attribute("aria-describedby").split()
    assert "De postcode 1234 kennen wij niet." in page.locator("#id_postcode_error").inner_text()
    # the link in the summary leads to the field
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_postcode"
    _no_violations(page)

    page.goto(live_server.url + "/aanbod/?q=paardrijden")
    assert page.get_by_role("heading", name="Geen aanbod gevonden").is_visible()
    _no_violations(page)


def test_the_offers_in_arabic_right_to_left(page, live_server, demostad):
    page.goto(live_server.url + "/aanbod/?q=huiswerk")
    page.get_by_role("link", name="العربية").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*taal=ar"))
    content = page.locator(".directory-content").first
    title = page.locator(".directory-result__title").first
    assert title.get_attribute("lang") == "ar"
    assert title.get_attribute("dir") == "rtl"
    link = title.locator("a")
    # an Arabic title starts at the right edge of the list
    box = content.bounding_box()
    title_box = page.locator(".directory-result__title").first.bounding_box()
    assert abs((box["x"] + box["width"]) - (title_box["x"] + title_box["width"])) < 2
    _no_violations(page)

    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/aanbod/[a-z0-9-]+/\?q=huiswerk&taal=ar$"))
    # the page keeps the direction of its language; the Arabic texts carry their own
    assert page.locator("article.directory-offer").get_attribute("dir") is None
    assert page.locator("h1").get_attribute("lang") == "ar"
    assert page.locator("h1").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "nl"
    _no_violations(page)
