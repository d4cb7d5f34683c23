"""A real browser for end-to-end and accessibility tests: Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shared_connection import playwright_keeping_connections

REPO_DIR = Path(__file__).resolve().parents[2]

# The day the directory's browser tests take as today: the demo offers' checks stay fresh.
DIRECTORY_TODAY = datetime.date(2026, 11, 22)

CHROMIUM = os.environ.get("KANSEN_CHROMIUM", "/usr/bin/chromium")
AXE = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
# Without these, Chromium tries to reach Google's services, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        pytest.skip("axe-core is not installed (run `npm ci`)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # not sync_playwright() itself: the tests after it would get new database connections
    with playwright_keeping_connections() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every page records what the Content-Security-Policy blocked (ADR 0011), in the page itself
# (the securitypolicyviolation event) and in the console: a test that passes while the policy
# blocked a script or style of the platform has not seen the page users get.
_RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.add_init_script(_RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def collect() -> None:
        with contextlib.suppress(Exception):  # a page that is gone or navigating
            violations.extend(page.evaluate("window.__cspViolations || []"))

    yield page
    collect()
    context.close()
    assert violations == [], f"the Content-Security-Policy blocked: {violations}"


def log_in(
    page: Any, base_url: str, username: str, password: str, next_url: str, keyboard: bool = False
) -> None:
    """Log in on the log-in page with the form's button (``keyboard``: with Enter in the
    password field), then wait for ``next_url``."""
    page.goto(f"{base_url}/inloggen/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    if keyboard:
        page.keyboard.press("Enter")
        page.wait_for_url(base_url + next_url)
        return
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A and AA rules and best practices) on the current page."""
    # evaluated, not added as a <script>: the Content-Security-Policy refuses inline scripts
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'best-practice']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [(n["target"], n.get("failureSummary")) for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def load_directory_demostad(*, regulations: bool = True) -> Any:
    """Demostad's buurten (2024, with their shapes), its regulations and its offers, committed
    for the live server; the directory's snapshot is built when a page first asks for it."""
    from kansen.demo import build_demostad, to_wgs84
    from kansen.web.accounts.models import Municipality
    from kansen.web.areas.models import Area
    from kansen.web.directory.demo import load_demo_offers
    from kansen.web.regulations.services import load_demo_regulations

    municipality = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    Area.objects.bulk_create(
        Area(
            code=b.code,
            year=2024,
            level="buurt",
            name=b.name,
            municipality_code="GM9999",
            geometry=to_wgs84(b.geometry_rd).__geo_interface__,
            point_x=b.geometry_rd.representative_point().x,
            point_y=b.geometry_rd.representative_point().y,
        )
        for b in build_demostad().buurten
    )
    if regulations:
        load_demo_regulations(municipality)
    load_demo_offers(municipality, today=DIRECTORY_TODAY)
    return municipality


@pytest.fixture
def directory_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime.date]:
    """The directory's today is :data:`DIRECTORY_TODAY`; its snapshots are cleared around."""
    from kansen.web.directory import search

    monkeypatch.setattr(search, "today", lambda: DIRECTORY_TODAY)
    search.clear_snapshots()
    yield DIRECTORY_TODAY
    search.clear_snapshots()


@pytest.fixture
def demostad(transactional_db: None, directory_today: datetime.date) -> Any:
    """Demostad for the public directory: buurten, regulations and offers (a module may
    override it, asking for this one by the same name)."""
    return load_directory_demostad()


@pytest.fixture
def full_demo(transactional_db: None) -> Any:
    """The whole demo (``kansen demo``): areas, figures, plans, regulations and offers."""
    from kansen.web.core.demo import load_demo

    return load_demo()
