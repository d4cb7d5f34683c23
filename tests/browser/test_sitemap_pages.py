"""Every page of the site map (tests/sitemap.py), for a visitor and for every demo role, in
Chromium: nothing is requested from another host, nothing scrolls sideways at 320 and 390 px
(WCAG 1.4.10 reflow), axe finds no violation in Dutch, English and, where the page shows the
offers' texts in Arabic, with ``?taal=ar``; the Content-Security-Policy blocks nothing.

One browser context per role (logged in once), one page object, the demo loaded once: the whole
site map in one test, which lists every problem it finds rather than stopping at the first.
Each address is checked once, by the first role that sees it, and each role's first page (its
header and menu) for every role: what a role sees on a shared address differs only in details
that the role's own tests cover, and the suite must stay within a few minutes in CI.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

import sitemap
from kansen.web.accounts.models import User
from kansen.web.core.demo import load_demo

from .conftest import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WIDTHS = (390, 320)
_RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _context(browser: Any, base: str, role: str, outside: list[str]) -> Any:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.add_init_script(_RECORD_CSP_VIOLATIONS)
    # axe-core in every page through the browser, not a <script> (the CSP refuses those)
    context.add_init_script(path=str(AXE))
    host = urlsplit(base).netloc

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != host:
            outside.append(url)
            request_route.abort()  # and never wait for a network that is not there
        else:
            request_route.continue_()

    context.route("**/*", route)
    if role != sitemap.ANONYMOUS:
        client = Client()
        client.force_login(User.objects.get(username=role))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])
    return context


def _set_language(context: Any, base: str, language: str) -> None:
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])


def _too_wide(page: Any) -> dict[int, int]:
    """Width of the page at each small width, where it is wider than the window."""
    wide = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        if scroll_width > width:
            wide[width] = scroll_width
    page.set_viewport_size({"width": 1280, "height": 900})
    return wide


def _admin_list(url: str) -> bool:
    return url.startswith("/beheer/") and url != "/beheer/"


def _axe(page: Any) -> list[dict[str, Any]]:
    """axe-core on the current page (loaded into every page by the context, see _context)."""
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'best-practice']}
        })"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_every_page_of_the_site_map(browser, live_server):
    load_demo()
    base = live_server.url
    problems: dict[str, list[Any]] = defaultdict(list)
    axed: set[tuple[str, str]] = set()
    timings: dict[str, float] = {}
    started = time.monotonic()
    log = open(os.environ.get("KANSEN_SITEMAP_LOG", os.devnull), "w")  # noqa: SIM115
    for role in sitemap.ROLES:
        role_started = time.monotonic()
        outside: list[str] = []
        context = _context(browser, base, role, outside)
        page = context.new_page()
        for index, entry in enumerate(sitemap.site_pages(role)):
            # each address once, by the first role that sees it, and every role's first page
            # (its header and menu); the checks are the same for every role
            if index > 0 and (entry.url, "nl") in axed:
                continue
            # the admin's model lists are Django's own pages: in Dutch only
            languages = ("nl",) if _admin_list(entry.url) else ("nl", "en")
            for language in languages:
                page_started = time.monotonic()
                _set_language(context, base, language)
                response = page.goto(base + entry.url)
                where = f"{role} {language} {entry.url}"
                if response is None or response.status != 200:
                    problems["status"].append((where, response and response.status))
                    break
                if page.locator("html").get_attribute("lang") != language:
                    problems["lang"].append(where)
                for width, scroll_width in _too_wide(page).items():
                    problems["reflow"].append((where, width, scroll_width))
                if violations := _axe(page):
                    problems["axe"].append((where, violations))
                axed.add((entry.url, language))
                problems["csp"].extend(
                    (where, v) for v in page.evaluate("window.__cspViolations || []")
                )
                print(f"{time.monotonic() - page_started:5.1f} {where}", file=log, flush=True)
            if entry.content_languages and (entry.url, "ar") not in axed:
                _set_language(context, base, "nl")
                separator = "&" if "?" in entry.url else "?"
                page.goto(f"{base}{entry.url}{separator}taal=ar")
                where = f"{role} nl+ar {entry.url}"
                for width, scroll_width in _too_wide(page).items():
                    problems["reflow"].append((where, width, scroll_width))
                if violations := _axe(page):
                    problems["axe"].append((where, violations))
                axed.add((entry.url, "ar"))
        problems["outside"].extend((role, url) for url in outside)
        context.close()
        timings[role] = round(time.monotonic() - role_started, 1)
    log.close()
    total = time.monotonic() - started
    print(f"site map checked in {total:.0f} s: {timings}")
    assert not any(problems.values()), dict(problems)
