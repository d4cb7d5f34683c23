"""The error pages in Chromium: Dutch, in the site's layout, usable by keyboard, no axe
violations."""

from __future__ import annotations

import os

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_not_found_and_expired_form_pages_are_accessible(page, live_server, full_demo):
    response = page.goto(live_server.url + "/aanbod/bestaat-niet-123/")
    assert response is not None
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Pagina niet gevonden"
    assert axe_violations(page) == []
    # The way on works from the keyboard: the skip link first, then the links of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    link = page.get_by_role("link", name="Zoek in het aanbod").last
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/aanbod/")
    assert page.locator("h1").count() == 1

    # A form sent without its CSRF cookie (cookies cleared) gets the Dutch explanation.
    page.goto(live_server.url + "/")
    page.context.clear_cookies()
    with page.expect_navigation():
        page.locator("form.language-form button").first.click()
    assert page.locator("h1").inner_text() == "Het formulier is verlopen"
    assert axe_violations(page) == []
