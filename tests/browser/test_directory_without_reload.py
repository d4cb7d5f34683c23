"""The directory in Chromium without page loads (ADR 0018): a facet or a search updates the
results, the facets and the map in place, the address follows, back and forward restore the
searches, a live region says how many offers were found, and axe-core finds no violations;
without JavaScript the form still submits."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, load_directory_demostad

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FREE = re.compile(r"^Gratis \(")
# the order is in the address as a browser without JavaScript sends it too
FREE_URL = re.compile(r".*/aanbod/\?kosten=free(&sorteer=relevantie)?$")


@pytest.fixture
def demostad(transactional_db, directory_today):
    return load_directory_demostad(regulations=False)


def _titles(page) -> list[str]:
    return page.locator(".directory-result__title").all_inner_texts()


def _costs(page) -> set[str]:
    return set(page.locator(".directory-result dl div:nth-child(2) dd").all_inner_texts())


def test_facets_and_search_update_the_results_without_a_page_load(page, live_server, demostad):
    page.goto(live_server.url + "/aanbod/")
    everything = _titles(page)
    page.evaluate("window.__notReloaded = true")

    # a facet: the results follow at once, the address too, the checkbox keeps the focus
    page.get_by_role("checkbox", name=FREE).click()
    page.wait_for_url(FREE_URL)
    expect(page.get_by_role("checkbox", name=FREE)).to_be_focused()
    expect(page.get_by_role("checkbox", name=FREE)).to_be_checked()
    expect(page.locator("#directory-status")).to_have_text(
        page.locator("#result-count").inner_text()
    )
    assert page.evaluate("window.__notReloaded") is True
    free = _titles(page)
    assert free
    assert free != everything
    assert _costs(page) == {"Gratis"}
    assert page.title().startswith("Aanbod voor kinderen en ouders")
    page.locator("#directory-map.directory-map--ready").wait_for()
    assert axe_violations(page) == []

    # a search: Enter in the field
    page.get_by_label("Waar zoekt u naar?").fill("huiswerk")
    page.get_by_label("Waar zoekt u naar?").press("Enter")
    page.wait_for_url(re.compile(r".*/aanbod/\?q=huiswerk&kosten=free"))
    expect(page.get_by_label("Waar zoekt u naar?")).to_be_focused()
    assert page.title().startswith("Aanbod voor kinderen en ouders: huiswerk")
    assert page.evaluate("window.__notReloaded") is True
    found = _titles(page)
    assert found
    assert found != free

    # back and forward: each search as it was
    page.go_back()
    page.wait_for_url(FREE_URL)
    expect(page.locator(".directory-result__title")).to_have_text(free)
    assert page.get_by_label("Waar zoekt u naar?").input_value() == ""
    page.go_back()
    page.wait_for_url(re.compile(r".*/aanbod/$"))
    expect(page.locator(".directory-result__title")).to_have_text(everything)
    assert not page.get_by_role("checkbox", name=FREE).is_checked()
    page.go_forward()
    page.wait_for_url(FREE_URL)
    expect(page.locator(".directory-result__title")).to_have_text(free)


def test_without_javascript_the_filters_submit_the_form(browser, live_server, demostad):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/aanbod/")
        page.get_by_role("checkbox", name=FREE).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Filters toepassen").click()
        assert re.search(r"[?&]kosten=free", page.url)
        assert _costs(page) == {"Gratis"}
    finally:
        context.close()


def test_a_facet_on_a_phone_keeps_the_reader_where_they_were(page, live_server, demostad):
    # At 390 px the facets sit above a long list; with fewer results the browser's scroll
    # anchoring jumped to the bottom of the page (1,001 -> 8,521 px) after one tick.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/aanbod/")
    checkbox = page.get_by_role("checkbox", name=FREE)
    checkbox.scroll_into_view_if_needed()
    top = checkbox.evaluate("e => e.getBoundingClientRect().top")
    scrolled = page.evaluate("window.scrollY")
    checkbox.click()
    page.wait_for_url(FREE_URL)
    expect(page.get_by_role("checkbox", name=FREE)).to_be_checked()
    assert page.evaluate("window.scrollY") == scrolled
    # the box just ticked is still in view (facet counts above it may change by a line)
    after = page.get_by_role("checkbox", name=FREE).evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= after <= 844
    assert abs(after - top) < 50
