"""The country on one map in Chromium: 1,200 buurten drawn on a canvas at national scope, a
buurt's figure on hover, its profile on a click, and no axe violations (ADR 0030)."""

from __future__ import annotations

import os

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import User
from kansen.web.areas.models import Area, Indicator, Observation

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

COLUMNS, ROWS, SIDE = 40, 30, 0.05  # 1,200 square buurten tiling lon 4-6, lat 51.5-53


def _square(x: float, y: float) -> dict:
    ring = [[x, y], [x + SIDE, y], [x + SIDE, y + SIDE], [x, y + SIDE], [x, y]]
    return {"type": "Polygon", "coordinates": [[[round(a, 6), round(b, 6)] for a, b in ring]]}


def _country() -> None:
    """12 municipalities of one wijk and 100 buurten each, with a published national figure."""
    gemeenten = Area.objects.bulk_create(
        Area(code=f"GM90{m:02d}", year=2024, level="gemeente", name=f"Gemeente {m}",
             municipality_code=f"GM90{m:02d}")
        for m in range(12)
    )  # fmt: skip
    wijken = Area.objects.bulk_create(
        Area(code=f"WK90{m:02d}01", year=2024, level="wijk", parent=g, municipality_code=g.code)
        for m, g in enumerate(gemeenten)
    )
    buurten = Area.objects.bulk_create(
        Area(
            code=f"BU90{i // 100:02d}01{i % 100:02d}",
            year=2024,
            level="buurt",
            name=f"Buurt {i + 1}",
            parent=wijken[i // 100],
            municipality_code=wijken[i // 100].municipality_code,
            geometry=_square(4 + (i % COLUMNS) * SIDE, 51.5 + (i // COLUMNS) * SIDE),
        )
        for i in range(COLUMNS * ROWS)
    )
    indicator = Indicator.objects.create(
        code="laag_inkomen", name="Laag inkomen", unit="%", is_public=True
    )
    Observation.objects.bulk_create(
        Observation(indicator=indicator, area=b, year=2024, value=float(i % 50))
        for i, b in enumerate(buurten)
    )
    User.objects.create_user("ministerie", password="demo-kansen", role=Role.NATIONAL)


def test_the_country_on_one_canvas_map_hover_and_click_through(page, live_server):
    _country()
    page.goto(live_server.url + "/inloggen/")
    page.fill("input[name=username]", "ministerie")
    page.fill("input[name=password]", "demo-kansen")
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state()

    page.goto(live_server.url + "/gebieden/?scope=NL&level=buurt")
    map_el = page.locator("#area-map.area-map--ready")
    map_el.wait_for()
    assert map_el.get_attribute("data-features") == "1200"
    assert map_el.get_attribute("data-renderer") == "canvas"
    assert page.locator("#area-map path.area-shape").count() == 0  # no SVG path per area
    caption = page.locator(".ranking-table caption").inner_text()
    assert "gebieden naar Laag inkomen (%)" in caption
    assert "(1 tot en met 100 getoond)" in caption
    assert page.locator(".ranking-table tbody tr").count() == 100
    assert axe_violations(page) == []

    # hover the middle of the map: the tooltip names a buurt and its figure; click: its profile
    box = map_el.bounding_box()
    assert box is not None
    # the middle is a corner of four buurten (an even grid): a few pixels into one of them
    x, y = box["x"] + box["width"] / 2 + 6, box["y"] + box["height"] / 2 + 6
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    text = tooltip.inner_text()
    assert text.startswith("Buurt ")
    assert "%" in text
    name = text.split(" (")[0]
    page.mouse.click(x, y)
    page.wait_for_url("**/gebieden/2024/BU*/")
    assert page.locator("h1").inner_text() == name
    page.locator("#area-map.area-map--ready").wait_for()
    assert axe_violations(page) == []


PHONE = {"width": 390, "height": 844}


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/inloggen/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo-kansen")
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_demo_ministry_on_a_phone_chooses_a_province_compares_and_allocates(
    browser, live_server, full_demo, language
):
    """The demo's `ministerie`, 390 px wide: the country's map, a demo province chosen in the
    scope chooser (with the country beside it), a municipality's peers among the province's,
    and the allocation's map fetched; no axe violations, nothing wider than the screen."""
    locale = {"nl": "nl-NL", "en": "en-GB"}[language]
    page = browser.new_context(locale=locale, viewport=PHONE, is_mobile=True).new_page()
    base = live_server.url
    _login(page, base, "ministerie")
    page.goto(base + "/gebieden/?level=gemeente")
    page.locator("#area-map.area-map--ready").wait_for()
    # the demo's 24 peers have figures but no boundaries: one outline, 25 in the ranking
    assert page.locator("#area-map").get_attribute("data-features") == "1"
    assert page.locator(".ranking-table tbody tr").count() == 25
    page.select_option("#id_scope", "PV98")
    page.click("form[aria-label] button[type=submit] >> nth=0")
    page.wait_for_url("**scope=PV98**")
    page.locator("#area-map.area-map--ready").wait_for()
    assert page.locator(".ranking-table tbody tr").count() == 13
    rows = page.locator(".summary-table tbody th").all_inner_texts()
    province = (
        "Demoprovincie Noord (provincie)" if language == "nl" else "Demoprovincie Noord (province)"
    )
    assert rows == [province, "Nederland" if language == "nl" else "The Netherlands"]
    assert axe_violations(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(base + "/gebieden/vergelijken/?scope=PV98&target=GM9999&k=3")
    assert page.locator(".peer-table tbody tr").count() == 4
    codes = page.locator(".peer-table tbody th .reason").all_inner_texts()
    assert codes[0] == "(GM9999)"
    assert all(c[1:-1] in {f"GM99{i:02d}" for i in range(1, 13)} for c in codes[1:])
    assert axe_violations(page) == []

    # the demo's national figures are nine key figures, not the index's: allocation by the
    # index works for one municipality with figures of its own (Demostad's published ones)
    page.goto(base + "/gebieden/verdelen/?scope=GM9999&level=buurt&budget=1000000")
    page.locator("#area-map.area-map--ready").wait_for()
    assert page.locator("script#map-data").count() == 0
    assert axe_violations(page) == []
    page.context.close()
