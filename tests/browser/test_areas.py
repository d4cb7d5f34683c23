"""End to end in Chromium: log in, open the map, open an area profile; no axe violations."""

from __future__ import annotations

import os

import pytest

from kansen.demo import build_demostad
from kansen.web.core.demo import DEMO_PASSWORD

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_login_map_profile_without_accessibility_violations(page, live_server, full_demo):
    built = build_demostad()
    buurten = [a for a in built.areas if a.level == "buurt"]

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Demostad" in page.locator("h1").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Inloggen").first.click()
    assert axe_violations(page) == []
    page.get_by_label("Gebruikersnaam").fill("analist")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")  # the form works from the keyboard
    page.wait_for_url("**/gebieden/")

    map_el = page.locator("#area-map.area-map--ready")
    map_el.wait_for()
    assert map_el.get_attribute("data-features") == str(len(buurten))
    assert page.locator("#area-map path.area-shape").count() == len(buurten)
    assert page.locator("#area-map path.facility-marker").count() == len(built.schools)
    assert axe_violations(page) == []

    # hover a polygon: the tooltip names the area; click it: its profile opens
    polygon = page.locator("#area-map path.area-shape").first
    polygon.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert any(b.name in tooltip.inner_text() for b in buurten)
    polygon.click(force=True)
    page.wait_for_url("**/gebieden/*/BU*/")
    assert page.locator("h1").inner_text() in {b.name for b in buurten}
    # one table per domain of the index plus the key figures, one row group per indicator
    assert page.locator("table.profile-table").count() == 8
    # the key figures and the 18 kansenkaart figures (3 outcomes x 6 income bands)
    assert page.locator("tbody.profile-table__indicator").count() == len(built.indicators) + 18
    page.locator("#area-map.area-map--ready").wait_for()
    assert axe_violations(page) == []


def test_explorer_exports_and_peer_comparison_are_accessible(page, live_server, full_demo):
    page.goto(live_server.url + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("analist")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/gebieden/")
    page.get_by_label("Klassen", exact=True).select_option("natural_breaks")
    page.get_by_role("button", name="Tonen").click()
    page.locator("#area-map.area-map--ready").wait_for()
    assert "natuurlijke grenzen" in page.locator("figure.legend figcaption").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="SVG").first.click()
    assert download.value.suggested_filename.endswith(".svg")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Vergelijken").click()
    page.wait_for_url("**/vergelijken/")
    assert page.locator("table.peer-table tbody tr").count() == 6  # Demostad and 5 peers
    assert axe_violations(page) == []


def test_index_builder_and_allocation_are_accessible(page, live_server, full_demo):
    page.goto(live_server.url + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("analist")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/gebieden/")

    page.get_by_role("link", name="Index").click()
    page.get_by_label("Gewicht (%)").first.fill("45")
    page.get_by_role("button", name="Berekenen").click()
    page.locator("#area-map.area-map--ready").wait_for()
    assert page.locator("tr.changed-decile").count() > 0
    assert axe_violations(page) == []
    page.get_by_label("Naam", exact=True).fill("MDI inkomen zwaarder")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/gebieden/?layer=index:*")
    assert "MDI inkomen zwaarder (v1)" in page.locator("#map-heading").inner_text()

    page.get_by_role("link", name="Verdelen").click()
    page.get_by_label("Budget (EUR)").fill("250.000")
    page.get_by_label("Alleen gebieden tot en met deciel").select_option("5")
    page.get_by_role("button", name="Verdelen").click()
    page.locator("#area-map.area-map--ready").wait_for()
    assert "EUR 250.000" in page.locator("#result-heading").inner_text()
    assert axe_violations(page) == []

    # the municipality's profile: outcomes by parental income as charts with a text alternative
    page.goto(live_server.url + "/gebieden/2024/GM9999/")
    charts = page.locator("figure.chart img")
    assert charts.count() == 3
    assert "naar ouderinkomen in 2024" in charts.first.get_attribute("alt")
    assert axe_violations(page) == []
