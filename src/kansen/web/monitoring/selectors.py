"""Reading a plan's monitoring with the plan's permissions. Nothing here writes.

The rules are those of plans (:mod:`kansen.web.plans.selectors`): the municipality's own
readers of drafts see everything of its plans; everyone else sees a plan's dashboard only when
the plan is published *and* the municipality made the dashboard public, and a yearly report
only when that report was made public. Evaluation sessions (names of professionals) stay with
the municipality. What is not there for a reader is a 404, never a 403: another municipality
does not learn that it exists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kansen.web.plans import selectors as plan_selectors
from kansen.web.plans.models import Plan

from .models import (
    EvaluationAction,
    EvaluationSession,
    Goal,
    Indicator,
    Measurement,
    Publication,
    YearReport,
)


def is_insider(user: Any, plan: Plan) -> bool:
    return plan_selectors.can_read_drafts(user, plan.municipality)


def can_edit(user: Any, plan: Plan) -> bool:
    return plan_selectors.can_edit(user, plan.municipality)


def dashboard_is_public(plan: Plan) -> bool:
    return Publication.objects.filter(plan=plan, dashboard_public=True).exists()


def plan_to_read(user: Any, municipality_slug: str, slug: str) -> Plan:
    """The plan whose dashboard the user may read; 404 otherwise."""
    plan = plan_selectors.plan_for(user, municipality_slug, slug)
    if not is_insider(user, plan) and not dashboard_is_public(plan):
        raise Http404("No such dashboard.")
    return plan


def plan_to_edit(user: Any, municipality_slug: str, slug: str) -> Plan:
    """The plan whose monitoring the user may change; 404 otherwise."""
    return plan_selectors.plan_to_edit(user, municipality_slug, slug)


def plan_for_insider(user: Any, municipality_slug: str, slug: str) -> Plan:
    """The plan, for readers of its drafts only (evaluation sessions); 404 otherwise."""
    plan = plan_selectors.plan_for(user, municipality_slug, slug)
    if not is_insider(user, plan):
        raise Http404("No such plan.")
    return plan


def goals(plan: Plan) -> QuerySet[Goal]:
    """The plan's goals with their indicators and measurements, in order."""
    indicators = Indicator.objects.select_related("area_indicator").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("year", "date", "pk"))
    )
    return Goal.objects.filter(plan=plan).prefetch_related(Prefetch("indicators", indicators))


def goal(plan: Plan, goal_uuid: Any) -> Goal:
    try:
        return Goal.objects.get(plan=plan, uuid=goal_uuid)
    except (Goal.DoesNotExist, ValueError) as error:
        raise Http404("No such goal.") from error


def indicator(plan: Plan, indicator_uuid: Any) -> Indicator:
    try:
        return Indicator.objects.select_related("goal").get(goal__plan=plan, uuid=indicator_uuid)
    except (Indicator.DoesNotExist, ValueError) as error:
        raise Http404("No such indicator.") from error


def sessions(plan: Plan) -> QuerySet[EvaluationSession]:
    return EvaluationSession.objects.filter(plan=plan).prefetch_related("actions")


def session(plan: Plan, session_uuid: Any) -> EvaluationSession:
    try:
        return EvaluationSession.objects.get(plan=plan, uuid=session_uuid)
    except (EvaluationSession.DoesNotExist, ValueError) as error:
        raise Http404("No such session.") from error


def action(plan: Plan, pk: int) -> EvaluationAction:
    try:
        return EvaluationAction.objects.select_related("session").get(session__plan=plan, pk=pk)
    except EvaluationAction.DoesNotExist as error:
        raise Http404("No such action.") from error


def open_actions(plan: Plan) -> QuerySet[EvaluationAction]:
    """The actions not done yet, the earliest due first."""
    return (
        EvaluationAction.objects.filter(session__plan=plan, done_on__isnull=True)
        .select_related("session")
        .order_by("due", "pk")
    )


def overdue_actions(plan: Plan, today: date) -> list[EvaluationAction]:
    return [a for a in open_actions(plan) if a.due < today]


def year_report(plan: Plan, year: int) -> YearReport | None:
    return YearReport.objects.filter(plan=plan, year=year).first()


def year_reports(plan: Plan) -> QuerySet[YearReport]:
    return YearReport.objects.filter(plan=plan).order_by("-year")


def measurement(indicator: Indicator, pk: int) -> Measurement:
    try:
        return Measurement.objects.get(indicator=indicator, pk=pk)
    except Measurement.DoesNotExist as error:
        raise Http404("No such measurement.") from error


def goal_count(plan: Plan) -> int:
    return Goal.objects.filter(plan=plan).count()


def public_reports(plan: Plan) -> QuerySet[YearReport]:
    return YearReport.objects.filter(plan=plan, is_public=True).order_by("-year")


def report_to_read(user: Any, municipality_slug: str, slug: str, year: int) -> Plan:
    """The plan whose report of ``year`` the user may download; 404 otherwise."""
    plan = plan_selectors.plan_for(user, municipality_slug, slug)
    if is_insider(user, plan):
        return plan
    if not YearReport.objects.filter(plan=plan, year=year, is_public=True).exists():
        raise Http404("No such report.")
    return plan


def item_labels(plan: Plan) -> dict[str, str]:
    """The plan's items a goal, indicator or session can link to, by id, in the plan's order:
    action lines, themes, efforts, interventions and experiments, each named as readers know
    it. Read from the document each time, so a renamed item shows its new name."""
    doc = plan.document
    labels: dict[str, str] = {}

    def add(item: Any, text: str) -> None:
        if isinstance(item, dict) and item.get("uuid"):
            labels[str(item["uuid"])] = text

    for line in _dicts(doc.get("action_lines")):
        add(line, _("Action line %(code)s: %(title)s") % _named(line, "title"))
        for theme in _dicts(line.get("themes")):
            add(theme, _("Theme %(code)s: %(title)s") % _named(theme, "title"))
            for effort in _dicts(theme.get("efforts")):
                add(effort, _("Effort %(code)s: %(title)s") % _named(effort, "description"))
    for intervention in _dicts(doc.get("interventions")):
        add(intervention, _("Intervention: %(title)s") % _named(intervention, "name"))
    for experiment in _dicts(doc.get("experiments")):
        add(experiment, _("Experiment: %(title)s") % _named(experiment, "name"))
    return labels


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _named(item: dict[str, Any], field: str) -> dict[str, str]:
    return {"code": str(item.get("code") or ""), "title": str(item.get(field) or "")}
