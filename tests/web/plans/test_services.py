"""The write path of plans: create, edit a part, history, optimistic locking, publishing."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection
from django.utils import translation

from kansen.plans import without_item_ids
from kansen.web.plans import editor, services
from kansen.web.plans.models import Plan, PlanChange, PlanStatus, Stakeholder

from .conftest import TODAY

pytestmark = pytest.mark.django_db

BUDGET = "interventions[0].budget[0]"


def test_create_plan_stores_the_document_and_its_derived_columns(agenda, demostad, lead):
    assert agenda.slug == "gka-agenda-demostad"
    assert (agenda.kind, agenda.title, agenda.first_year, agenda.last_year) == (
        "agenda",
        "GKA-agenda Demostad",
        2025,
        2028,
    )
    assert agenda.schema_version == "2"
    assert agenda.version == 1
    assert agenda.status == PlanStatus.DRAFT
    assert agenda.document["interventions"][0]["budget"][0]["amount"] == 60000
    # the template's six explanation sections are laid out, empty
    assert [s["title"] for s in agenda.document["sections"]][:2] == [
        "Aanleiding en uitdagingen",
        "Inzet gemeente",
    ]
    assert list(agenda.changes.values_list("version", "user__username")) == [(1, "lead")]


def test_a_second_plan_with_the_same_title_gets_its_own_slug(agenda, demostad, lead):
    doc = services.new_document(
        demostad, kind="agenda", title="GKA-agenda Demostad", period="2029-2032"
    )
    assert services.create_plan(demostad, lead, doc).slug == "gka-agenda-demostad-2"


def test_update_part_records_the_exact_before_and_after_of_a_budget_amount(agenda, lead):
    data = {"description": "Inzet", "amount": 75000, "years": [2025]}
    plan = services.update_part(agenda, BUDGET, data, expected_version=1, user=lead)
    assert plan.version == 2
    assert plan.document["interventions"][0]["budget"][0]["amount"] == 75000
    change = PlanChange.objects.get(plan=plan, version=2)
    assert change.user == lead
    assert change.part == BUDGET
    assert change.changes == [
        {"path": "interventions[0].budget[0].amount", "before": 60000, "after": 75000}
    ]


def test_update_part_to_pm_and_back_is_recorded_as_such(agenda, lead):
    data = {"description": "Inzet", "amount": "PM", "years": [2025]}
    services.update_part(agenda, BUDGET, data, expected_version=1, user=lead)
    data = {"description": "Inzet", "amount": "1250.50", "years": [2025]}
    services.update_part(agenda, BUDGET, data, expected_version=2, user=lead)
    changes = [c.changes for c in PlanChange.objects.filter(plan=agenda).order_by("version")]
    assert changes[1:] == [
        [{"path": "interventions[0].budget[0].amount", "before": 60000, "after": "PM"}],
        [{"path": "interventions[0].budget[0].amount", "before": "PM", "after": "1250.50"}],
    ]


def test_a_save_that_changes_nothing_makes_no_version(agenda, lead):
    data = agenda.document["interventions"][0]
    plan = services.update_part(agenda, "interventions[0]", data, expected_version=1, user=lead)
    assert plan.version == 1
    assert agenda.changes.count() == 1


def test_a_stale_edit_is_refused_with_who_changed_what_and_nothing_is_lost(agenda, lead, colleague):
    services.update_part(
        agenda,
        BUDGET,
        {"description": "Inzet", "amount": 75000, "years": [2025]},
        expected_version=1,
        user=colleague,
    )
    # the refusal is written in the active language: this test reads the Dutch one
    with translation.override("nl"), pytest.raises(services.StaleEdit) as caught:
        services.update_part(
            agenda,
            BUDGET,
            {"description": "Inzet", "amount": 90000, "years": [2025]},
            expected_version=1,
            user=lead,
        )
    error = caught.value
    assert "Bea Heer" in str(error)
    assert "(versie 2)" in str(error)
    assert [c.changes for c in error.changes] == [
        [{"path": "interventions[0].budget[0].amount", "before": 60000, "after": 75000}]
    ]
    stored = Plan.objects.get(pk=agenda.pk)
    assert stored.version == 2
    assert stored.document["interventions"][0]["budget"][0]["amount"] == 75000
    # the lead redoes the edit on the current version
    plan = services.update_part(
        stored,
        BUDGET,
        {"description": "Inzet", "amount": 90000, "years": [2025]},
        expected_version=2,
        user=lead,
    )
    assert plan.version == 3
    assert plan.document["interventions"][0]["budget"][0]["amount"] == 90000


def test_of_two_concurrent_saves_only_one_wins(agenda, lead, colleague, monkeypatch):
    """Both read version 1 before either writes (as on a database that does not enforce
    the row lock): the conditional UPDATE lets exactly one through."""
    stale_read = Plan.objects.get(pk=agenda.pk)
    services.update_part(
        agenda,
        BUDGET,
        {"description": "Inzet", "amount": 75000, "years": [2025]},
        expected_version=1,
        user=colleague,
    )
    monkeypatch.setattr(services, "_locked", lambda plan: stale_read)
    with pytest.raises(services.StaleEdit):
        services.update_part(
            agenda,
            BUDGET,
            {"description": "Inzet", "amount": 90000, "years": [2025]},
            expected_version=1,
            user=lead,
        )
    stored = Plan.objects.get(pk=agenda.pk)
    assert stored.version == 2
    assert stored.document["interventions"][0]["budget"][0]["amount"] == 75000
    assert list(agenda.changes.order_by("version").values_list("version", "user__username")) == [
        (1, "lead"),
        (2, "colleague"),
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_at_the_same_moment_one_wins_and_the_other_is_told(
    agenda, lead, colleague, monkeypatch
):
    """Two threads, each with its own database connection, save version 1 at once; each save
    takes a while (validation slowed down), so the two overlap on the database: the row lock
    makes the second wait, then see version 2 and refuse."""
    validate = services.validate

    def slow_validate(doc):
        time.sleep(0.3)
        return validate(doc)

    monkeypatch.setattr(services, "validate", slow_validate)
    start = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def save(user, amount):
        try:
            start.wait()
            services.update_part(
                Plan.objects.get(pk=agenda.pk),
                BUDGET,
                {"description": "Inzet", "amount": amount, "years": [2025]},
                expected_version=1,
                user=user,
            )
            outcome[user.username] = "saved"
        except services.StaleEdit as stale:
            outcome[user.username] = stale
        except Exception as error:  # reported by the assertion below
            outcome[user.username] = repr(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(lead, 75000)),
        threading.Thread(target=save, args=(colleague, 90000)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(type(o).__name__ for o in outcome.values()) == ["StaleEdit", "str"], outcome
    winner = next(name for name, o in outcome.items() if o == "saved")
    loser = next(o for o in outcome.values() if isinstance(o, services.StaleEdit))
    stored = Plan.objects.get(pk=agenda.pk)
    assert stored.version == 2
    amount = stored.document["interventions"][0]["budget"][0]["amount"]
    assert amount == {"lead": 75000, "colleague": 90000}[winner]
    # the one who lost is told who saved what in between, and nothing of theirs was written
    assert [(c.version, c.user.username) for c in loser.changes] == [(2, winner)]
    assert stored.changes.count() == 2


def test_an_invalid_part_is_refused_with_its_path_and_nothing_is_written(agenda, lead):
    with pytest.raises(services.InvalidPlan) as caught:
        services.update_part(
            agenda,
            BUDGET,
            {"description": "Inzet", "amount": "zestig", "years": [2025]},
            expected_version=1,
            user=lead,
        )
    assert [p.path for p in caught.value.problems] == ["interventions[0].budget[0].amount"]
    assert Plan.objects.get(pk=agenda.pk).version == 1


def test_an_item_is_added_at_the_end_and_removed(agenda, lead):
    line = {"description": "Evaluatie", "amount": "PM", "years": [2026]}
    plan = services.update_part(
        agenda, "interventions[0].budget[1]", line, expected_version=1, user=lead
    )
    assert without_item_ids(plan.document["interventions"][0]["budget"][1]) == line
    plan = services.update_part(
        plan, "interventions[0].budget[0]", editor.DELETE, expected_version=2, user=lead
    )
    assert without_item_ids(plan.document["interventions"][0]["budget"]) == [line]
    # The history has the removed line as one change, not the second line's values moved into
    # the first (keys compared as dicts: PostgreSQL's jsonb chooses their order).
    assert without_item_ids(PlanChange.objects.get(plan=plan, version=3).changes) == [
        {
            "path": "interventions[0].budget[0]",
            "before": {"description": "Inzet", "amount": 60000, "years": [2025]},
            "after": None,
        }
    ]


def test_new_stakeholders_are_added_to_the_plan_and_reused_by_the_municipality(demostad, lead):
    doc = services.new_document(demostad, kind="plan", title="Uitvoeringsplan", period="2025-2026")
    doc["action_lines"] = [
        {"code": "1", "title": "Aanbod", "themes": [{"code": "1.1", "title": "Brug"}]}
    ]
    plan = services.create_plan(demostad, lead, doc)
    theme = {"code": "1.1", "title": "Brug", "stakeholders": ["jeugdfonds"]}
    services.update_part(
        plan,
        "action_lines[0].themes[0]",
        theme,
        expected_version=1,
        user=lead,
        new_stakeholders=[("jeugdfonds", "Jeugdfonds Demostad")],
    )
    plan.refresh_from_db()
    assert without_item_ids(plan.document["stakeholders"]) == [
        {"id": "jeugdfonds", "name": "Jeugdfonds Demostad"}
    ]
    assert list(
        Stakeholder.objects.filter(municipality=demostad).values_list("name", flat=True)
    ) == ["Jeugdfonds Demostad"]
    # a second plan of the municipality offers it
    other = services.create_plan(
        demostad,
        lead,
        services.new_document(demostad, kind="plan", title="Ander plan", period="2027-2028"),
    )
    from kansen.web.plans.selectors import editor_options

    assert editor_options(other).organisations == ["Jeugdfonds Demostad"]


def test_parties_of_interventions_are_remembered_once(agenda, demostad, lead):
    data = dict(agenda.document["interventions"][0], parties=["Bibliotheek", "Welzijn"])
    services.update_part(agenda, "interventions[0]", data, expected_version=1, user=lead)
    data = dict(data, parties=["Welzijn", "Bibliotheek"])
    services.update_part(agenda, "interventions[0]", data, expected_version=2, user=lead)
    assert sorted(
        Stakeholder.objects.filter(municipality=demostad).values_list("name", flat=True)
    ) == [
        "Bibliotheek",
        "Welzijn",
    ]


def test_publishing_is_refused_with_errors_and_allowed_with_warnings(agenda, lead):
    # GKA 60,000 covers the budget; required fields are empty: warnings only
    plan = services.publish(agenda, lead, today=TODAY)
    assert plan.status == PlanStatus.PUBLISHED
    assert plan.version == 2
    plan = services.unpublish(plan, lead)
    assert plan.status == PlanStatus.DRAFT
    data = dict(agenda.document["interventions"][0])
    data["budget"] = [{"description": "Inzet", "amount": 160000, "years": [2025]}]
    data["financing"] = [{"funder": "gka", "name": "GKA", "amount": 160000}]
    plan = services.update_part(plan, "interventions[0]", data, expected_version=3, user=lead)
    with pytest.raises(services.PublishRefused) as caught:
        services.publish(plan, lead, today=TODAY)
    assert [p.code for p in caught.value.errors] == ["ceiling-exceeded"]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_the_demo_plans_load_once(demostad):
    from kansen.web.plans.demo import load_demo_plans

    assert load_demo_plans(demostad) == 2
    assert load_demo_plans(demostad) == 0
    plans = {p.kind: p for p in Plan.objects.filter(municipality=demostad)}
    assert plans["agenda"].status == PlanStatus.PUBLISHED
    assert plans["plan"].status == PlanStatus.DRAFT
    from kansen.plans import check_plan, plan_from_data

    report = check_plan(plan_from_data(plans["plan"].document), today=date(2025, 7, 1))
    # the demo can be published as a programme lead would (its check warns, refuses nothing)
    assert report.errors == ()
    assert {p.code for p in report.warnings} == {"behind-schedule"}
    agenda_report = check_plan(plan_from_data(plans["agenda"].document), today=date(2025, 7, 1))
    assert agenda_report.errors == ()
    assert "pm-open" in [p.code for p in agenda_report.warnings]


def test_a_plan_of_another_municipality_is_never_stored_as_this_ones(demostad, lead):
    # Found in review: a plan naming Leiden could be imported into, or edited in, Demostad's
    # plans (and published as Demostad's).
    doc = services.new_document(demostad, kind="plan", title="Plan", period="2025-2026")
    with pytest.raises(services.InvalidPlan) as refused:
        services.create_plan(
            demostad, lead, {**doc, "municipality": "Leiden", "municipality_code": "GM0546"}
        )
    assert [(p.path, p.code) for p in refused.value.problems] == [
        ("municipality_code", "other-municipality"),
        ("municipality", "other-municipality"),
    ]
    # Absent: filled in; "Gemeente Demostad" is the same municipality.
    bare = {k: v for k, v in doc.items() if k not in ("municipality", "municipality_code")}
    plan = services.create_plan(demostad, lead, bare)
    assert (plan.document["municipality"], plan.document["municipality_code"]) == (
        demostad.name,
        demostad.code,
    )
    same = services.create_plan(demostad, lead, {**doc, "municipality": "Gemeente Demostad"})
    assert same.document["municipality"] == "Gemeente Demostad"
    # The general part does not offer the municipality, and a crafted change is refused.
    assert "municipality" not in editor.general_fields()
    general = {k: v for k, v in plan.document.items() if k in editor.general_fields()}
    with pytest.raises(services.InvalidPlan):
        services.update_part(
            plan, "", {**general, "municipality": "Leiden"}, expected_version=1, user=lead
        )
    assert Plan.objects.get(pk=plan.pk).document["municipality"] == demostad.name
