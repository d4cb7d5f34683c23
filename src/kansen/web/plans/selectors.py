"""Reading plans with permissions: a municipality's drafts are its own, published plans are
public. Nothing here writes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality
from kansen.web.accounts.permissions import Action
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.models import Area, Facility

from .form_tree import Options
from .models import Plan, PlanStatus, Stakeholder


def can_read_drafts(user: Any, municipality: Municipality) -> bool:
    return permissions.can(user, Action.READ_DRAFT_PLANS, municipality)


def can_edit(user: Any, municipality: Municipality) -> bool:
    return permissions.can(user, Action.EDIT_PLANS, municipality)


def own_plans(user: Any) -> QuerySet[Plan]:
    """The plans of the user's municipality that the user may read, drafts included."""
    municipality = getattr(user, "municipality", None)
    if municipality is None or not can_read_drafts(user, municipality):
        return Plan.objects.none()
    return Plan.objects.filter(municipality=municipality).select_related("municipality")


def published_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(status=PlanStatus.PUBLISHED).select_related("municipality")


def visible_plans(user: Any) -> QuerySet[Plan]:
    query = Q(status=PlanStatus.PUBLISHED)
    if permissions.matrix_role(user) == permissions.PLATFORM_ADMIN:
        return Plan.objects.all()
    municipality = getattr(user, "municipality", None)
    if municipality is not None and can_read_drafts(user, municipality):
        query |= Q(municipality=municipality)
    return Plan.objects.filter(query)


def plan_for(user: Any, municipality_slug: str, slug: str) -> Plan:
    """The plan if the user may read it; 404 otherwise (a draft of another municipality is
    not there for them)."""
    try:
        plan = (
            visible_plans(user)
            .select_related("municipality")
            .get(municipality__slug=municipality_slug, slug=slug)
        )
    except Plan.DoesNotExist as error:
        raise Http404("No such plan.") from error
    return plan


def plan_to_edit(user: Any, municipality_slug: str, slug: str) -> Plan:
    plan = plan_for(user, municipality_slug, slug)
    if not can_edit(user, plan.municipality):
        raise Http404("No such plan.")
    return plan


def neighbourhood_names(municipality: Municipality) -> dict[str, str]:
    """The names of the municipality's neighbourhoods (newest year) by CBS code."""
    areas = Area.objects.filter(municipality_code=municipality.code, level=AreaLevel.NEIGHBOURHOOD)
    year = areas.order_by("-year").values_list("year", flat=True).first()
    return dict(areas.filter(year=year or 0).values_list("code", "name"))


def editor_options(plan: Plan) -> Options:
    """The municipality's organisations, neighbourhoods and schools for the choice fields."""
    municipality = plan.municipality
    organisations = list(
        Stakeholder.objects.filter(municipality=municipality).values_list("name", flat=True)
    )
    neighbourhoods = [
        (code, f"{name} ({code})" if name else code)
        for code, name in sorted(
            neighbourhood_names(municipality).items(), key=lambda item: (item[1], item[0])
        )
    ]
    schools = sorted(
        set(
            Facility.objects.filter(municipality_code=municipality.code).values_list(
                "name", flat=True
            )
        )
    )
    stakeholders = [
        (str(s.get("id", "")), str(s.get("name", "")))
        for s in plan.document.get("stakeholders", [])
        if isinstance(s, dict)
    ]
    action_lines = [
        (str(line.get("code", "")), str(line.get("title", "")))
        for line in plan.document.get("action_lines", [])
        if isinstance(line, dict) and line.get("code")
    ]
    return Options(organisations, neighbourhoods, schools, stakeholders, action_lines=action_lines)
