"""No imported name runs as a script, on any page that shows it (issue 14, item 1).

Demostad is loaded with script payloads in every text an importer takes (tests/web/hostile.py:
area names from the GeoJSON, indicator names and units from the values CSV, school names, the
offers import, the plan import, provider names). Then every page that shows them is opened as
the user who sees it, and every map's areas, schools and markers are hovered and clicked:

* ``window.__xss`` stays undefined and no dialog opens;
* the names show as text (the payload's "onerror=" is readable in the tooltip);
* the Content-Security-Policy reported nothing (tests/browser/conftest.py).

Run twice: with the policy, and with the browser told to ignore it ("bypassed"), so the pages
themselves are shown to be safe and the policy is a second line, not the only one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from kansen.web.areas.models import Area
from kansen.web.core.demo import DEMO_PASSWORD
from kansen.web.directory import search
from kansen.web.directory.models import Offer
from web.hostile import load_hostile_demo

from .conftest import _RECORD_CSP_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def hostile_demo(transactional_db) -> Iterator[dict[str, Any]]:
    search.clear_snapshots()
    yield load_hostile_demo()
    search.clear_snapshots()


@pytest.fixture(params=["enforced", "bypassed"])
def visitor(request, browser) -> Iterator[Any]:
    """A browser page that records dialogs and what the policy blocked."""
    context = browser.new_context(
        locale="nl-NL",
        viewport={"width": 1280, "height": 900},
        bypass_csp=request.param == "bypassed",
    )
    context.add_init_script(_RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.dialogs = []
    page.csp = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console",
        lambda m: page.csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()


def _log_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def _assert_nothing_ran(page: Any, where: str) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined", f"a payload ran on {where}"
    assert page.dialogs == [], f"a dialog opened on {where}: {page.dialogs}"
    assert page.csp == [], f"the Content-Security-Policy blocked something on {where}: {page.csp}"
    blocked = page.evaluate("window.__cspViolations || []")
    assert blocked == [], f"the Content-Security-Policy blocked something on {where}: {blocked}"


def _hover_area_map(page: Any, where: str) -> list[str]:
    """Hover every area and school of the area map; return the tooltips' texts."""
    page.locator("#area-map.area-map--ready").wait_for()
    texts = []
    for selector in ("#area-map path.area-shape", "#area-map path.facility-marker"):
        shapes = page.locator(selector)
        for i in range(shapes.count()):
            shapes.nth(i).hover(force=True)
            tooltip = page.locator(".leaflet-tooltip").last
            if tooltip.count():
                texts.append(tooltip.inner_text())
    _assert_nothing_ran(page, where)
    return texts


def _open_markers(page: Any, where: str) -> list[str]:
    """Open the popup of every marker of the directory map; return the popups' texts."""
    page.locator("#directory-map.directory-map--ready").wait_for()
    texts = []
    markers = page.locator("#directory-map .leaflet-marker-icon")
    for i in range(markers.count()):
        close = page.locator(".leaflet-popup-close-button")
        if close.count():
            close.first.click()
        markers.nth(i).press("Enter")  # the markers are keyboard-focusable; Enter opens
        popup = page.locator(".leaflet-popup-content").last
        popup.wait_for()
        texts.append(popup.inner_text())
    _assert_nothing_ran(page, where)
    return texts


def _visit(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, f"{url}: {response.status}"
    _assert_nothing_ran(page, url)


def test_imported_names_never_run_as_scripts(visitor, live_server, hostile_demo) -> None:
    page, base = visitor, live_server.url
    municipality, plan = hostile_demo["municipality"], hostile_demo["plan"]
    buurt = Area.objects.filter(level="buurt").order_by("year", "code").last()
    assert buurt is not None
    assert "window.__xss=1" in buurt.name

    # the analyst: the area map at every level, the profile, index, allocation, peers, lists
    _log_in(page, base, "analist")
    tooltips: list[str] = []
    for level in ("buurt", "wijk"):
        _visit(page, f"{base}/gebieden/?level={level}")
        tooltips += _hover_area_map(page, f"the area map ({level})")
    # the names show as the text they are, with the unit as text too
    assert any("onerror=window.__xss=1" in text for text in tooltips), tooltips[:5]
    assert any("<script>window.__xss=1</script>" in text for text in tooltips), tooltips[:5]
    _visit(page, f"{base}/gebieden/{buurt.year}/{buurt.code}/")
    page.locator("#area-map.area-map--ready").wait_for()
    _assert_nothing_ran(page, "the profile")
    for url in ("/gebieden/index/", "/gebieden/verdelen/?budget=100000"):
        _visit(page, base + url)
        _hover_area_map(page, url)
    for url in ("/gebieden/vergelijken/", "/gebieden/indicatoren/", "/gebieden/importeren/"):
        _visit(page, base + url)

    # residents: the directory, its map and every offer page with its map
    page.context.clear_cookies()
    _visit(page, base + "/aanbod/")
    popups = _open_markers(page, "the directory map")
    assert any("onerror=window.__xss=1" in text for text in popups), popups[:5]
    # every offer the directory lists (its first page) with its own map
    links = page.locator(".directory-result__title a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs
    for href in hrefs:
        _visit(page, base + href)
        if page.locator("#directory-map").count():
            _open_markers(page, f"the map of offer {href}")
    _visit(page, base + "/plannen/")
    _visit(page, base + "/")

    # the municipality's administrator: the back office of the directory
    _log_in(page, base, "beheerder")
    for url in ("/aanbieders/", "/aanbieders/gemeente/niet-gecontroleerd/"):
        _visit(page, base + url)
    slug = Offer.objects.filter(municipality=municipality).values_list("slug", flat=True)[0]
    _visit(page, f"{base}/aanbieders/aanbod/{slug}/")

    # the programme lead: the plan page, its editor and its history
    _log_in(page, base, "projectleider")
    plan_url = f"{base}/plannen/{municipality.slug}/{plan.slug}/"
    for url in ("", "bewerken/", "geschiedenis/"):
        _visit(page, plan_url + url)
    _visit(page, base + "/plannen/")

    # the platform administrator: the admin's lists of what was imported
    _log_in(page, base, "admin")
    for url in ("/beheer/areas/area/", "/beheer/areas/indicator/", "/beheer/directory/offer/"):
        _visit(page, base + url)
