"""What the plan pages share: the user, the addresses of a plan and its editor, the plan's
document and the municipality a plan is made in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse

from kansen.plans import Plan as PlanDocument
from kansen.plans import plan_from_data
from kansen.web.accounts import permissions
from kansen.web.accounts.models import User
from kansen.web.accounts.permissions import Action

from ..models import Plan


def current_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def plan_url(plan: Plan, name: str = "detail") -> str:
    return reverse(f"plans:{name}", args=[plan.municipality.slug, plan.slug])


def edit_url(plan: Plan, part: str, anchor: str = "") -> str:
    url = plan_url(plan, "edit") + "?deel=" + part
    return url + ("#" + anchor if anchor else "")


def own_municipality(request: HttpRequest) -> Any:
    user = current_user(request)
    municipality = user.municipality
    if municipality is None:  # plans belong to a municipality: platform admins have none
        raise PermissionDenied(permissions.refusal(Action.EDIT_PLANS))
    permissions.require(user, Action.EDIT_PLANS, municipality)
    return municipality


def document_of(plan: Plan) -> PlanDocument:
    return plan_from_data(plan.document)
