"""The whole country on one map: 345 municipalities, 3,474 wijken and 14,000 buurten.

Run: ``.venv/bin/python benchmarks/bench_national.py [--buurten 14000] [--no-browser]``

Builds, in a fresh SQLite database in a temporary folder, a synthetic country: 345 square
municipalities on a grid, 3,474 wijken and 14,000 buurten (about 4 wijken per municipality and
4 buurten per wijk, spread so that the totals are exact), each outline a polygon of 48 points
(real CBS buurten have tens to hundreds), with their bounding boxes and the simplified outlines
the boundary import keeps for the maps (``store_map_outlines``, timed), and one published
national indicator with a value for every area. Then, as the ``ministerie`` user at national
scope (``?scope=NL``), for the map at municipality (345), wijk (3,474) and buurt (14,000) level,
it prints:

- ``/gebieden/``: server time (best of 2, in-process test client) and HTML size;
- the map data (``kaart.geojson``): server time of the first request (the map built) and the
  best of two after it (kept per version: ``areas.mapcache``), its size, and the bytes sent to a
  client that accepts gzip;
- the index builder (``/gebieden/index/``) at the same level: server time and HTML size;
- the browser's time to an interactive map: Chromium (Playwright) from the start of loading the
  page until the map has drawn every area (``#area-map.area-map--ready``): the first visit
  (the kept maps emptied before it) and the best of two more, with the renderer used (svg or
  canvas), against a threaded WSGI server on 127.0.0.1.

With ``--zoom N``: only the buurt map zoomed in N steps of the mouse wheel, with the time
until the finer outlines of each view are drawn and the tiles fetched (ADR 0033).

With ``--first-visits N``: only the browser's first visit of the buurt map after a change of
the data, N rounds of two interleaved visits: the map built on the request, and built when the
change was written (as an import does when it is committed: ``areas.mapcache``), with the time
that building took.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

LEVELS = (("gemeente", 345), ("wijk", 3474), ("buurt", 14000))
CHROMIUM = os.environ.get("KANSEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]


def _setup_django(folder: Path) -> None:
    os.environ["KANSEN_DATA_DIR"] = str(folder)
    os.environ.setdefault("KANSEN_SECRET_KEY", os.urandom(32).hex())  # this run only
    os.environ.setdefault("KANSEN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _outline(x: float, y: float, w: float, h: float, points: int = 48) -> dict:
    """A polygon of ``points`` points inside the cell (an ellipse touching its sides)."""
    ring = [
        [
            round(x + w / 2 + w / 2 * math.cos(2 * math.pi * i / points), 6),
            round(y + h / 2 + h / 2 * math.sin(2 * math.pi * i / points), 6),
        ]
        for i in range(points)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _split(total: int, parts: int) -> list[int]:
    """``total`` spread over ``parts`` as evenly as whole numbers allow."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def build_country(buurten: int, year: int = 2024) -> int:
    """Areas of three levels and one published national indicator; returns the area count."""
    from kansen.index import default_mdi
    from kansen.web.areas.models import Area, Indicator, Observation
    from kansen.web.areas.services import store_map_outlines

    rng = random.Random(1)
    columns = 19  # 345 = 19 x 18 + 3: a grid over lon 3.4-7.2, lat 50.8-53.5
    cell_w, cell_h = 3.8 / columns, 2.7 / 19
    municipalities: list[Area] = []
    for m in range(345):
        x, y = 3.4 + (m % columns) * cell_w, 50.8 + (m // columns) * cell_h
        municipalities.append(
            Area(
                code=f"GM{m + 1:04d}",
                year=year,
                level="gemeente",
                name=f"Gemeente {m + 1}",
                municipality_code=f"GM{m + 1:04d}",
                geometry=_outline(x, y, cell_w, cell_h, 200),
                bbox=[x, y, x + cell_w, y + cell_h],
            )
        )
    Area.objects.bulk_create(municipalities, batch_size=500)
    wijken: list[Area] = []
    wijk_cells: list[tuple[float, float, float, float]] = []
    for municipality, count in zip(municipalities, _split(3474, 345), strict=True):
        x0, y0 = municipality.bbox[0], municipality.bbox[1]
        side = math.ceil(math.sqrt(count))
        for w in range(count):
            x, y = x0 + (w % side) * cell_w / side, y0 + (w // side) * cell_h / side
            code = f"WK{municipality.code[2:]}{w + 1:02d}"
            wijken.append(
                Area(
                    code=code,
                    year=year,
                    level="wijk",
                    name=f"Wijk {code[2:]}",
                    parent=municipality,
                    municipality_code=municipality.code,
                    geometry=_outline(x, y, cell_w / side, cell_h / side, 96),
                    bbox=[x, y, x + cell_w / side, y + cell_h / side],
                )
            )
            wijk_cells.append((x, y, cell_w / side, cell_h / side))
    Area.objects.bulk_create(wijken, batch_size=500)
    buurt_rows: list[Area] = []
    for wijk, (x0, y0, w0, h0), count in zip(
        wijken, wijk_cells, _split(buurten, len(wijken)), strict=True
    ):
        side = math.ceil(math.sqrt(count))
        for b in range(count):
            x, y = x0 + (b % side) * w0 / side, y0 + (b // side) * h0 / side
            code = f"BU{wijk.code[2:]}{b + 1:02d}"
            buurt_rows.append(
                Area(
                    code=code,
                    year=year,
                    level="buurt",
                    name=f"Buurt {code[2:]}",
                    parent=wijk,
                    municipality_code=wijk.municipality_code,
                    geometry=_outline(x, y, w0 / side, h0 / side, 48),
                    bbox=[x, y, x + w0 / side, y + h0 / side],
                )
            )
    Area.objects.bulk_create(buurt_rows, batch_size=500)
    # what the boundary import does after writing the areas: simplify once for the maps
    start = time.perf_counter()
    store_map_outlines(list(Area.objects.filter(year=year).only("pk", "geometry")))
    print(f"simplified the outlines for the maps in {time.perf_counter() - start:.1f} s")
    indicator = Indicator.objects.create(
        code="laag_inkomen", name="Laag inkomen", unit="%", is_public=True, domain="income",
        direction="higher_is_worse",
    )  # fmt: skip
    area_pks = list(Area.objects.filter(year=year).values_list("pk", flat=True))
    Observation.objects.bulk_create(
        (
            Observation(
                indicator=indicator, area_id=pk, year=year, value=round(rng.uniform(2, 30), 1)
            )
            for pk in area_pks
        ),
        batch_size=2000,
    )
    # the index builder's default (the MDI): a published national figure for each of its
    # indicators, one area in fifty without a value (the parent's or re-weighting fills in)
    for domain in default_mdi().domains:
        for item in domain.indicators:
            mdi = Indicator.objects.create(
                code=item.code, name=item.label, is_public=True, domain=domain.code,
                direction=item.direction,
            )  # fmt: skip
            Observation.objects.bulk_create(
                (
                    Observation(indicator=mdi, area_id=pk, year=year, value=rng.uniform(0, 100))
                    for pk in area_pks
                    if rng.random() >= 0.02
                ),
                batch_size=5000,
            )
    return Area.objects.count()


def _best(func, repeat: int = 2) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def _forget_maps() -> None:
    """Empty the kept maps (areas.mapcache), so a first visit builds its map (a checkout from
    before the kept maps has none)."""
    try:
        from kansen.web.areas import mapcache
    except ImportError:
        return
    mapcache.clear()


def measure_server(client, level: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    query = f"scope=NL&level={level}"
    page_s, page = _best(lambda: client.get(f"/gebieden/?{query}"))
    assert page.status_code == 200, page.status_code
    _forget_maps()
    start = time.perf_counter()
    client.get(f"/gebieden/kaart.geojson?{query}")
    first_s = time.perf_counter() - start
    data_s, data = _best(lambda: client.get(f"/gebieden/kaart.geojson?{query}"))
    packed = client.get(f"/gebieden/kaart.geojson?{query}", headers={"accept-encoding": "gzip"})
    builder_s, builder = _best(lambda: client.get(f"/gebieden/index/?{query}"), repeat=1)
    assert builder.status_code == 200, builder.status_code
    return {
        "page_s": page_s,
        "page_kb": len(page.content) / 1024,
        "data_first_s": first_s,
        "data_s": data_s,
        "data_kb": len(data.content) / 1024,
        "data_sent_kb": len(packed.content) / 1024,
        "builder_s": builder_s,
        "builder_kb": len(builder.content) / 1024,
    }


def _serve() -> tuple[str, object]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    port = random.Random().randint(8100, 8999)
    server = ThreadedWSGIServer(("127.0.0.1", port), Quiet)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


def _as_the_ministry(playwright: Playwright, base: str) -> tuple[Browser, Page]:
    """Chromium at 1280 px, logged in as the demo's ``ministerie``: the browser and its page."""
    from kansen.web.core.demo import DEMO_PASSWORD

    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/inloggen/")
    page.fill("input[name=username]", "ministerie")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state()
    return browser, page


def measure_browser(base: str, levels: list[str]) -> dict[str, tuple[float, float, str]]:
    """Per level: the first visit (the server builds the map), the best of two more (a map
    kept by the server, and by the browser where it kept it), and the renderer."""
    from playwright.sync_api import sync_playwright

    found: dict[str, tuple[float, float, str]] = {}
    with sync_playwright() as playwright:
        browser, page = _as_the_ministry(playwright, base)
        for level in levels:
            _forget_maps()
            times = []
            for _ in range(3):
                start = time.perf_counter()
                page.goto(f"{base}/gebieden/?scope=NL&level={level}", wait_until="commit")
                page.locator("#area-map.area-map--ready").wait_for(timeout=180_000)
                times.append(time.perf_counter() - start)
            renderer = page.locator("#area-map").get_attribute("data-renderer") or "?"
            found[level] = (times[0], min(times[1:]), renderer)
        browser.close()
    return found


def measure_first_visits(base: str, level: str, rounds: int) -> dict[str, list[float]]:
    """The first visit after a change of the data, interleaved: the map built on the request
    (the data changed, nothing built: as before ``mapcache.prepare_national``) and the map
    built when the change was written (``services.prepare_maps``, as an import does when it
    is committed; its time reported apart)."""
    from playwright.sync_api import sync_playwright

    from kansen.web.areas import services
    from kansen.web.areas.versions import NATIONAL, touch

    found: dict[str, list[float]] = {"on the request": [], "prepared": [], "prepare s": []}
    with sync_playwright() as playwright:
        browser, page = _as_the_ministry(playwright, base)
        for _ in range(rounds):
            for mode in ("on the request", "prepared"):
                touch({NATIONAL})  # a change of the national data
                if mode == "prepared":
                    start = time.perf_counter()
                    services.prepare_maps()
                    found["prepare s"].append(time.perf_counter() - start)
                start = time.perf_counter()
                page.goto(f"{base}/gebieden/?scope=NL&level={level}", wait_until="commit")
                page.locator("#area-map.area-map--ready").wait_for(timeout=180_000)
                found[mode].append(time.perf_counter() - start)
        browser.close()
    return found


def measure_zoom(base: str, level: str, steps: int) -> list[tuple[float, str, int, float]]:
    """The national map zoomed in around its middle with the mouse wheel, ``steps`` times: per
    step the time from the wheel until the map has the finer outlines of what it shows
    (``data-detail`` set again: ADR 0033), the detail drawn, and the tiles fetched so far and
    their kilobytes (as received, before decompression)."""
    from playwright.sync_api import sync_playwright

    found: list[tuple[float, str, int, float]] = []
    with sync_playwright() as playwright:
        browser, page = _as_the_ministry(playwright, base)
        tiles: list[int] = []

        def received(response: Any) -> None:
            if "tile=" in response.url and response.status == 200:
                tiles.append(int(response.headers.get("content-length") or len(response.body())))

        page.on("response", received)
        page.goto(f"{base}/gebieden/?scope=NL&level={level}", wait_until="commit")
        page.locator("#area-map.area-map--ready").wait_for(timeout=180_000)
        box = page.locator("#area-map").bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(steps):
            start = time.perf_counter()
            page.mouse.wheel(0, -240)
            page.wait_for_timeout(350)  # the zoom's animation, then its moveend
            page.wait_for_function(
                "() => document.getElementById('area-map').dataset.detail !== undefined",
                timeout=60_000,
            )
            detail = page.locator("#area-map").get_attribute("data-detail") or "?"
            found.append((time.perf_counter() - start, detail, len(tiles), sum(tiles) / 1024))
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buurten", type=int, default=14000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--first-visits",
        type=int,
        default=0,
        metavar="N",
        help="Only the first visit of the buurt map after a change of the data, N rounds "
        "interleaved: built on the request, and built when the change was written.",
    )
    parser.add_argument(
        "--zoom",
        type=int,
        default=0,
        metavar="N",
        help="Only the buurt map zoomed in N wheel steps: per step the time until the finer "
        "outlines of the view are drawn, the detail and the tiles fetched (ADR 0033).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kansen-national-") as folder:
        _setup_django(Path(folder))
        from django.test import Client

        from kansen.web.accounts.constants import Role
        from kansen.web.accounts.models import User
        from kansen.web.core.demo import DEMO_PASSWORD

        start = time.perf_counter()
        areas = build_country(args.buurten)
        print(f"built {areas} areas in {time.perf_counter() - start:.1f} s")
        User.objects.create_user(
            "ministerie", password=DEMO_PASSWORD, role=Role.NATIONAL, municipality=None
        )
        client = Client(headers={"accept-language": "nl"})
        client.force_login(User.objects.get(username="ministerie"))
        browser: dict[str, tuple[float, float, str]] = {}
        if args.first_visits:
            base, server = _serve()
            try:
                visits = measure_first_visits(base, "buurt", args.first_visits)
            finally:
                server.shutdown()  # type: ignore[attr-defined]
            for mode, times in visits.items():
                print(f"{mode:<15} " + " ".join(f"{t:.2f}" for t in times))
            return
        if args.zoom:
            base, server = _serve()
            try:
                steps = measure_zoom(base, "buurt", args.zoom)
            finally:
                server.shutdown()  # type: ignore[attr-defined]
            print(f"{'step':>4} {'s':>6} {'detail':<13} {'tiles':>5} {'KB':>7}")
            for number, (seconds, detail, count, kb) in enumerate(steps, start=1):
                print(f"{number:>4} {seconds:>6.2f} {detail:<13} {count:>5} {kb:>7.0f}")
            return
        if not args.no_browser:
            if not Path(CHROMIUM).exists():
                sys.exit(f"Chromium is not installed at {CHROMIUM} (or use --no-browser)")
            base, server = _serve()
            try:
                browser = measure_browser(base, [level for level, _ in LEVELS])
            finally:
                server.shutdown()  # type: ignore[attr-defined]
        print(
            f"{'level':<9}{'areas':>7} {'page s':>7} {'page KB':>8} {'data 1st s':>10} "
            f"{'data s':>7} {'data KB':>8} {'sent KB':>8} {'index s':>8} {'index KB':>9} "
            f"{'browser 1st s':>13} {'browser s':>10} renderer"
        )
        counts = dict(LEVELS) | {"buurt": args.buurten}
        for level, _ in LEVELS:
            m = measure_server(client, level)
            first, seen, renderer = browser.get(level, (float("nan"), float("nan"), "-"))
            print(
                f"{level:<9}{counts[level]:>7} {m['page_s']:>7.2f} {m['page_kb']:>8.0f} "
                f"{m['data_first_s']:>10.2f} {m['data_s']:>7.2f} {m['data_kb']:>8.0f} "
                f"{m['data_sent_kb']:>8.0f} {m['builder_s']:>8.2f} {m['builder_kb']:>9.0f} "
                f"{first:>13.2f} {seen:>10.2f} {renderer}"
            )


if __name__ == "__main__":
    main()
