"""End to end in Chromium: a programme lead creates an agenda, adds an intervention with budget
lines and financing, sees the check fail, fixes it, and downloads the PDF; axe-core finds no
violations on the list, the plan page, the editor (also with errors) and the history."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.plans import views

from .conftest import axe_violations, log_in

PASSWORD = "demo-kansen"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def lead(transactional_db, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: date(2025, 7, 1))
    demostad = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    return User.objects.create_user(
        "projectleider", password=PASSWORD, municipality=demostad, role=Role.PROGRAMME_LEAD
    )


def _log_in(page, live_server, user) -> None:
    log_in(page, live_server.url, user.username, PASSWORD, "/plannen/", keyboard=True)


def _save_by_keyboard(page) -> None:
    page.locator("#save").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_programme_lead_writes_an_agenda_whose_check_fails_and_is_fixed(
    page, live_server, lead, tmp_path
):
    _log_in(page, live_server, lead)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Agenda's en plannen"
    assert axe_violations(page) == []

    # a new agenda
    page.get_by_role("link", name="Nieuw plan").click()
    page.get_by_label("Agenda", exact=True).check()
    page.get_by_label("Titel").fill("GKA-agenda Browserstad")
    page.get_by_label("Periode").fill("2025-2026")
    page.get_by_label("Sjabloon").select_option("gka-agenda-2021-2024")
    page.get_by_role("button", name="Plan aanmaken").click()
    page.wait_for_url("**/plannen/demostad/gka-agenda-browserstad/")
    assert page.locator("h1").inner_text() == "GKA-agenda Browserstad"

    # an intervention with two budget lines and GKA financing that does not cover them
    page.get_by_role("link", name="Interventie toevoegen").first.click()
    page.get_by_label("Naam").first.fill("Brugfunctionaris")
    page.get_by_role("button", name="Begrotingsregel toevoegen").click()
    page.get_by_role("button", name="Begrotingsregel toevoegen").click()
    page.get_by_role("button", name="Financieringsbron toevoegen").click()
    page.fill("#f-budget-0-description", "Inzet brugfunctionaris")
    page.fill("#f-budget-0-amount", "60.000")
    page.fill("#f-budget-0-years", "2025")
    page.fill("#f-budget-1-description", "Inzet brugfunctionaris")
    page.fill("#f-budget-1-amount", "60000")
    page.fill("#f-budget-1-years", "2026")
    page.select_option("#f-financing-0-funder", "gka")
    page.fill("#f-financing-0-name", "GKA")
    page.fill("#f-financing-0-amount", "100000")
    assert axe_violations(page) == []
    _save_by_keyboard(page)

    # the plan page: the check fails, linked to the financing of the intervention
    errors = page.locator("#check-errors")
    assert errors.locator("li").count() == 1
    assert (
        "De financiering (€ 100.000) dekt de begroting (€ 120.000) niet: een tekort van "
        "€ 20.000." in errors.inner_text()
    )
    assert axe_violations(page) == []

    # the editor with an error: what was typed stays, the error summary is focused
    errors.get_by_role("link").first.click()
    page.fill("#f-budget-1-amount", "veertigduizend")
    _save_by_keyboard(page)
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert page.title().startswith("Fout:")
    assert page.locator("#f-budget-1-amount").input_value() == "veertigduizend"
    assert page.locator("#f-budget-1-amount").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []

    # fixed: the budget fits the financing, the error is gone
    page.fill("#f-budget-1-amount", "40000")
    _save_by_keyboard(page)
    assert page.locator("#check-errors").count() == 0
    assert page.locator("#check-no-errors").inner_text() == (
        "Geen fouten: het plan kan worden gepubliceerd."
    )

    # the PDF
    url = page.get_by_role("link", name="Document (PDF)").get_attribute("href")
    response = page.request.get(live_server.url + url)
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "GKA-agenda Browserstad" in text
        assert "Brugfunctionaris" in text

    # the history of the budget
    page.get_by_role("link", name="Geschiedenis van wijzigingen").click()
    assert page.locator("h1").inner_text() == "Geschiedenis van wijzigingen"
    assert "€ 60.000" in page.locator("main").inner_text()
    assert "€ 40.000" in page.locator("main").inner_text()
    assert axe_violations(page) == []


def test_the_demo_plans_have_no_axe_violations(page, live_server, lead):
    from kansen.web.plans.demo import load_demo_plans

    load_demo_plans(lead.municipality)
    # the published agenda, for anyone
    page.goto(live_server.url + "/plannen/demostad/gka-agenda-demostad-2021-2024/")
    assert page.locator("h1").inner_text() == "GKA-agenda Demostad 2021-2024"
    assert page.locator("#check").count() == 0
    assert axe_violations(page) == []
    # the draft execution plan, for its programme lead: action lines, themes, efforts, money
    _log_in(page, live_server, lead)
    page.goto(
        live_server.url + "/plannen/demostad/demostad-kansrijk-uitvoeringsplan-gelijke-kansen/"
    )
    assert page.locator("#check-no-errors").inner_text() == (
        "Geen fouten: het plan kan worden gepubliceerd."
    )
    assert axe_violations(page) == []
    page.goto(
        live_server.url + "/plannen/demostad/demostad-kansrijk-uitvoeringsplan-gelijke-kansen/"
        "bewerken/?deel=action_lines[0]"
    )
    assert axe_violations(page) == []
    # Removing an action line that holds themes and efforts asks first, listing them.
    page.get_by_role("button", name=re.compile("uit het plan verwijderen")).click()
    assert page.locator("h1").inner_text().endswith("verwijderen?")
    held = page.locator("main li").all_inner_texts()
    assert any(text.startswith("Inspanning") for text in held)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nee, niet verwijderen").click()
    assert page.locator("h1").inner_text().startswith("Bewerken:")


def test_the_plan_pages_tables_scroll_by_keyboard_at_390_px(page, live_server, lead):
    """On a phone a wide table scrolls sideways inside a region that takes keyboard focus and is
    named by the table's caption (axe-core: scrollable-region-focusable)."""
    from kansen.web.plans.demo import load_demo_plans

    load_demo_plans(lead.municipality)
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, lead)
    for slug in (
        "gka-agenda-demostad-2021-2024",
        "demostad-kansrijk-uitvoeringsplan-gelijke-kansen",
    ):
        page.goto(f"{live_server.url}/plannen/demostad/{slug}/")
        assert axe_violations(page) == []
        # no page-wide sideways scrolling: the tables scroll inside themselves
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the execution plan's tables: the financial overview, planning, efforts and costs
    regions = page.locator("main .table-scroll")
    names = [region.get_attribute("aria-labelledby") for region in regions.all()]
    assert len(names) == regions.count() == page.locator("main table.plan-table").count()
    for region in regions.all():
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("tabindex") == "0"
        # named by its caption first, then (for a table inside an item) by the item's heading
        caption = page.locator(f"#{region.get_attribute('aria-labelledby').split()[0]}")
        assert caption.evaluate("node => node.tagName") == "CAPTION"
        assert caption.evaluate("(node, region) => region.contains(node)", region.element_handle())
    planning = page.get_by_role("region", name="Planning als tabel")
    assert planning.count() == 1
    # by keyboard: the region scrolls sideways and its caption stays in view
    planning.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    for _ in range(50):  # (smooth) scrolling takes a moment; no wait_for_function: CSP
        if planning.evaluate("region => region.scrollLeft") > 0:
            break
        page.wait_for_timeout(20)
    assert planning.evaluate("region => region.scrollLeft") > 0
    box, caption = planning.bounding_box(), page.locator("#planning-caption").bounding_box()
    assert caption["x"] >= box["x"]
