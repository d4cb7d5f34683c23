"""End to end in Chromium, 390 pixels wide: a programme lead links a monitoring indicator to a
figure of the youth panel (the share answering "ja" to the homework question) and lands on the
plan's dashboard with the published wave's measurement. axe-core finds no violations on the
page in Dutch and English, before and after, and nothing scrolls sideways."""

from __future__ import annotations

import os
from datetime import date
from importlib import resources

import pytest

from kansen.plans import plan_to_data, read_plan
from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.monitoring import services as monitoring
from kansen.web.plans import services as plan_services
from kansen.web.youthpanel import views
from kansen.web.youthpanel.demo import load_demo_youthpanel
from kansen.web.youthpanel.models import IndicatorLink

from .conftest import axe_violations

PASSWORD = "demo-kansen"
PHONE = {"width": 390, "height": 844}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(transactional_db, monkeypatch):
    """Demostad with its youth panel (2025 published, 2026 open), a plan with a goal and an
    indicator without figures, and its programme lead."""
    monkeypatch.setattr(views, "today", lambda: date(2026, 10, 1))
    demostad = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    lead = User.objects.create_user(
        "projectleider", password=PASSWORD, municipality=demostad, role=Role.PROGRAMME_LEAD
    )
    data_dir = resources.files("kansen.plans").joinpath("data")
    with resources.as_file(data_dir.joinpath("demostad_uitvoeringsplan_2024_2026.yaml")) as path:
        plan = plan_services.create_plan(demostad, lead, plan_to_data(read_plan(path)))
    goal = monitoring.create_goal(plan, title="Jongeren krijgen hulp")
    indicator = monitoring.create_indicator(
        goal,
        {
            "name": "Krijgt hulp bij huiswerk",
            "unit": "%",
            "direction": "higher",
            "source_kind": "manual",
            "target_kind": "absolute",
            "items": [],
        },
    )
    return {"questionnaire": load_demo_youthpanel(demostad), "indicator": indicator}


def _clean(page) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_lead_links_an_indicator_on_a_phone(browser, live_server, world):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, has_touch=True)
    page = context.new_page()
    link = f"{live_server.url}/jeugdpanel/vragenlijst/{world['questionnaire'].uuid}/indicator/"
    page.goto(f"{live_server.url}/inloggen/?next={link}")
    page.fill("#id_username", "projectleider")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    assert page.url == link
    assert page.locator("h1").inner_text() == "Een indicator van een doel meten"
    _clean(page)

    # English: the same page, the questionnaire's English texts in the figures
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Measure an indicator of a goal"
    figures = page.locator("#id_figure option").all_inner_texts()
    assert "Do you get help with homework when you need it?: share answering “Yes” (%)" in (
        figures
    ), figures
    _clean(page)

    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state()
    page.locator("#id_indicator").select_option(str(world["indicator"].uuid))
    page.locator("#id_figure").select_option("hulp_huiswerk:ja")
    with page.expect_navigation():
        page.get_by_role("button", name="Koppelen en de cijfers inlezen").click()
    assert page.url.endswith(f"#indicator-{world['indicator'].uuid}")
    assert "Krijgt hulp bij huiswerk" in page.locator("main").inner_text()
    _clean(page)
    link_ = IndicatorLink.objects.get(indicator=world["indicator"])
    assert (link_.question, link_.answer) == ("hulp_huiswerk", "ja")
    context.close()
