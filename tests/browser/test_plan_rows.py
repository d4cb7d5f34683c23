"""Rows of the plan editor in Chromium (ADR 0018): adding and removing a row swaps only its list,
without a page load; what was typed elsewhere stays, the focus goes to the new row's first field
or after a removal to the row that took its place (on a phone too, where the top of a long
list is off the screen), and axe-core finds no violations."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.plans import services
from kansen.web.plans.models import Plan

from .conftest import axe_violations

PASSWORD = "demo-kansen"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def agenda(transactional_db):
    demostad = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    lead = User.objects.create_user(
        "projectleider", password=PASSWORD, municipality=demostad, role=Role.PROGRAMME_LEAD
    )
    doc = services.new_document(
        demostad, kind="agenda", title="Agenda", period="2025-2028", template="gka-agenda-2021-2024"
    )
    doc["interventions"] = [
        {"name": "Brugfunctionaris", "budget": [{"description": "Inzet", "amount": 60000}]}
    ]
    return services.create_plan(demostad, lead, doc)


def _open_editor(page, live_server, agenda) -> None:
    page.goto(live_server.url + "/inloggen/?next=/plannen/")
    page.fill("#id_username", "projectleider")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/plannen/")
    page.goto(f"{live_server.url}/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0]")
    # a page load would lose this
    page.evaluate("window.__notReloaded = true")


def test_a_row_is_added_and_removed_without_a_page_load(page, live_server, agenda):
    _open_editor(page, live_server, agenda)
    page.fill("#f-name", "Brugfunctionaris en coach")

    page.get_by_role("button", name="Begrotingsregel toevoegen").click()
    # (expect, not wait_for_function: a polled string would be eval, which the policy refuses)
    expect(page.locator("#f-budget-1-description")).to_be_focused()
    assert page.evaluate("window.__notReloaded") is True
    assert page.locator("#f-name").input_value() == "Brugfunctionaris en coach"
    assert page.locator("#f-budget-0-description").input_value() == "Inzet"
    page.keyboard.type("Evaluatie")
    page.fill("#f-budget-1-amount", "5000")
    assert axe_violations(page) == []

    page.locator("button[name=_remove][value='budget[0]']").click()
    # the row that took its place has the focus
    expect(page.locator("#f-budget-0-description")).to_be_focused()
    assert page.evaluate("window.__notReloaded") is True
    assert page.locator("#f-budget-1-description").count() == 0
    # the second row is now the first, with what was typed in it
    assert page.locator("#f-budget-0-description").input_value() == "Evaluatie"
    assert page.locator("#f-name").input_value() == "Brugfunctionaris en coach"
    assert axe_violations(page) == []

    page.locator("#save").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    intervention = Plan.objects.get(pk=agenda.pk).document["interventions"][0]
    assert intervention["name"] == "Brugfunctionaris en coach"
    assert [(b["description"], b["amount"]) for b in intervention["budget"]] == [
        ("Evaluatie", 5000)
    ]


def test_without_javascript_adding_a_row_loads_the_page(browser, live_server, agenda):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/inloggen/?next=/plannen/")
        page.fill("#id_username", "projectleider")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.goto(
            f"{live_server.url}/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0]"
        )
        page.fill("#f-name", "Getypt")
        with page.expect_navigation():
            page.get_by_role("button", name="Begrotingsregel toevoegen").click()
        assert page.locator("#f-budget-1-description").input_value() == ""
        assert page.locator("#f-name").input_value() == "Getypt"
    finally:
        context.close()


@pytest.fixture
def long_budget(agenda):
    plan = Plan.objects.get(pk=agenda.pk)
    doc = plan.document
    doc["interventions"][0]["budget"] = [
        {"description": f"Regel {n}", "amount": 1000 * n} for n in range(1, 9)
    ]
    Plan.objects.filter(pk=plan.pk).update(document=doc)
    return agenda


def _in_view(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )


def test_on_a_phone_the_focus_stays_among_the_rows_after_a_removal(page, live_server, long_budget):
    page.set_viewport_size({"width": 390, "height": 844})
    _open_editor(page, live_server, long_budget)

    # the sixth line of eight: the list's top is far above the screen
    page.locator("button[name=_remove][value='budget[5]']").scroll_into_view_if_needed()
    assert not _in_view(page, "#f-budget > legend")
    page.locator("button[name=_remove][value='budget[5]']").click()
    expect(page.locator("#f-budget-5-description")).to_be_focused()
    assert page.locator("#f-budget-5-description").input_value() == "Regel 7"
    assert _in_view(page, "#f-budget-5-description")
    assert page.evaluate("window.__notReloaded") is True

    # the last line: the one before it takes the focus
    page.locator("button[name=_remove][value='budget[6]']").click()
    expect(page.locator("#f-budget-5-description")).to_be_focused()
    assert page.locator("#f-budget input[name$='.description']").evaluate_all(
        "es => es.map(e => e.value)"
    ) == [f"Regel {n}" for n in (1, 2, 3, 4, 5, 7)]
    assert _in_view(page, "#f-budget-5-description")
    assert axe_violations(page) == []
