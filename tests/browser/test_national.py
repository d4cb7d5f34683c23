"""The country on one map in Chromium: 1,200 buurten drawn on a canvas at national scope, a
buurt's figure on hover, its profile on a click, and no axe violations (ADR 0030)."""

from __future__ import annotations

import math
import os

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import User
from kansen.web.areas.models import Area, Indicator, Observation

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

COLUMNS, ROWS, SIDE = 40, 30, 0.05  # 1,200 square buurten tiling lon 4-6, lat 51.5-53


def _circle(x: float, y: float, r: float, points: int = 200) -> dict:
    step = 2 * math.pi / points
    ring = [
        [round(x + r * math.cos(step * i), 6), round(y + r * math.sin(step * i), 6)]
        for i in range(points)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


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


def test_zoomed_in_the_map_draws_finer_outlines_of_what_it_shows(page, live_server):
    """600 buurten of 200-point circles over a province's width come simplified to one pixel
    of the whole map; zoomed in far enough, the map fetches the finer stored outlines of the
    tiles it shows and draws them instead (ADR 0033); hover and click still work."""
    from kansen.web.areas import services

    gemeente = Area.objects.create(
        code="GM9000", year=2024, level="gemeente", municipality_code="GM9000"
    )
    Area.objects.bulk_create(
        Area(
            code=f"BU9000{i // 100:02d}{i % 100:02d}",
            year=2024,
            level="buurt",
            name=f"Buurt {i + 1}",
            parent=gemeente,
            municipality_code="GM9000",
            geometry=_circle(4.02 + (i % 25) * 0.05, 52.02 + (i // 25) * 0.05, 0.022),
            bbox=[4 + (i % 25) * 0.05, 52 + (i // 25) * 0.05, 4.044 + (i % 25) * 0.05,
                  52.044 + (i // 25) * 0.05],
        )
        for i in range(600)
    )  # fmt: skip
    services.store_map_outlines(list(Area.objects.filter(level="buurt")))
    User.objects.create_user("ministerie", password="demo-kansen", role=Role.NATIONAL)
    _login(page, live_server.url, "ministerie")
    tiles: list[str] = []
    page.on("request", lambda r: tiles.append(r.url) if "tile=" in r.url else None)
    page.goto(live_server.url + "/gebieden/?scope=NL&level=buurt")
    map_el = page.locator("#area-map.area-map--ready")
    map_el.wait_for()
    assert map_el.get_attribute("data-features") == "600"
    assert map_el.get_attribute("data-detail") == "base"  # the whole map: nothing finer
    assert tiles == []
    box = map_el.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    for _ in range(4):  # zoom in around the middle (16 times) with the mouse wheel
        page.mouse.wheel(0, -200)
        page.wait_for_timeout(300)
    page.wait_for_function(
        "() => document.getElementById('area-map').dataset.detail === 'municipality'"
    )
    assert tiles
    assert all("detail=municipality" in url for url in tiles)
    assert int(map_el.get_attribute("data-finer") or 0) > 0
    # a buurt under the pointer (the middle of the map is between circles: move onto one)
    found = None
    for dx in range(0, 200, 10):
        page.mouse.move(x + dx, y + dx)
        if page.locator(".leaflet-tooltip").count():
            found = (x + dx, y + dx)
            break
    assert found is not None
    assert page.locator(".leaflet-tooltip").inner_text().startswith("Buurt ")
    page.mouse.click(*found)
    page.wait_for_url("**/gebieden/2024/BU*/")
