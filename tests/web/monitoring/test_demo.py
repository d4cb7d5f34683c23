"""The demo's monitoring: Demostad's execution plan with goals from its area figures, one
indicator in each of four statuses, two learning evaluations with actions, a yearly report
generated in seconds."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from kansen.web.accounts.constants import Role
from kansen.web.monitoring import progress, selectors
from kansen.web.monitoring.demo import PLAN_SLUG, load_demo_monitoring
from kansen.web.monitoring.report import cost_lines, yearly_report
from kansen.web.plans.models import Plan, PlanStatus

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plan(shared_demo):
    return Plan.objects.get(municipality=shared_demo.municipality, slug=PLAN_SLUG)


def test_the_demo_plan_has_one_indicator_in_each_of_four_statuses(demo_plan):
    with translation.override("nl"):
        views = progress.goal_views(selectors.goals(demo_plan), selectors.item_labels(demo_plan))
    statuses = {v.indicator.name: v.status for goal in views for v in goal.indicators}
    assert statuses == {
        "Gezinnen geholpen door een brugfunctionaris": "on_track",
        "Ouders die weten waar ze terechtkunnen voor regelingen": "within_margin",
        "Voortijdig schoolverlaters": "needs_acceleration",
        "Huishoudens met een laag inkomen": "moving_away",
    }
    platform = [v for g in views for v in g.indicators if v.indicator.source_kind == "area"]
    for view in platform:  # baseline and 2024 from Demostad's area figures, then 2025 and 2026
        assert view.indicator.baseline_year == 2023
        assert view.indicator.baseline_source == "Demostad synthetic data (kansen.demo)"
        assert [m.year for m in view.data.measurements] == [2024, 2025, 2026]
    assert views[0].items[0].startswith("Actielijn 1: ")


def test_the_demo_has_two_sessions_with_actions_and_loads_once(demo_plan, shared_demo):
    sessions = list(selectors.sessions(demo_plan))
    assert [s.date for s in sessions] == [date(2025, 11, 13), date(2025, 4, 10)]
    assert [a.description for a in selectors.overdue_actions(demo_plan, date(2026, 12, 6))] == [
        "Aanvraag schoolkostenregeling terugbrengen tot één formulier",
        "Voorlichting verplaatsen naar de basisscholen, bij het tienminutengesprek",
    ]
    assert load_demo_monitoring(shared_demo.municipality) is False


def test_the_demo_plan_and_its_yearly_report_are_published_as_a_programme_lead_does(
    demo_plan, shared_demo
):
    from lxml import html as lxml_html

    lead = UserFactory(
        username="publiceert", municipality=demo_plan.municipality, role=Role.PROGRAMME_LEAD
    )
    client = Client()
    assert client.login(username=lead.username, password=PASSWORD)
    base = f"/plannen/demostad/{demo_plan.slug}/"
    # the plan: its check finds no errors, so publishing is not refused
    assert client.post(base + "publiceren/").status_code == 302
    demo_plan.refresh_from_db()
    assert demo_plan.status == PlanStatus.PUBLISHED
    # the report of 2025: the form as shown, with "publish" ticked
    url = base + "monitoring/rapportage/2025/"
    form = lxml_html.fromstring(client.get(url).content).xpath("//main//form[@method='post']")[0]
    data = {
        i.name: i.value
        for i in form.inputs
        if i.name and getattr(i, "type", "textarea") not in ("checkbox", "submit")
    }
    data["is_public"] = "on"
    assert client.post(url, data).status_code == 302
    report = selectors.year_report(demo_plan, 2025)
    assert report is not None
    assert report.is_public
    # what was there is kept: the money spent and what changes next year
    assert report.next_year.startswith("De voorlichting over schoolkeuze")
    assert [line.spent for line in cost_lines(demo_plan, 2025)] == [
        Decimal("198000.00"),
        Decimal("31250.00"),
        Decimal("22000.00"),
        Decimal("100000.00"),
        Decimal("11800.00"),
    ]
    anonymous = Client()
    response = anonymous.get(base + "monitoring/rapportage/2025/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "Jaarrapportage 2025 (PDF)" in anonymous.get(base).content.decode()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_demo_report_is_generated_in_seconds(demo_plan, fmt):
    started = time.perf_counter()
    with translation.override("nl"):
        content = yearly_report(demo_plan, 2025, fmt, today=date(2026, 3, 1))
    elapsed = time.perf_counter() - started
    print(f"yearly report 2025 of the demo plan as {fmt}: {elapsed:.2f} s, {len(content)} bytes")
    assert content[:4] in (b"%PDF", b"PK\x03\x04")
    assert elapsed < 10
