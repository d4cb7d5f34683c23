"""The plans part of the public API: published plans for everyone (the national network
reads them), a municipality's drafts for its own programme leads, administrators and
analysts (session authentication). A draft of another municipality answers 404.

Wired in ``kansen.web.api`` with ``api.add_router("/plans", router)``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kansen.plans import check_plan, plan_from_data

from . import selectors

router = Router(tags=["plans"])


class PlanOut(Schema):
    municipality: str
    municipality_code: str
    slug: str
    kind: str
    title: str
    first_year: int
    last_year: int
    status: str
    version: int
    published_at: datetime | None


class ProblemOut(Schema):
    path: str
    severity: str
    code: str
    message: str
    expected: str | None
    found: str | None


class PlanDetailOut(PlanOut):
    document: dict[str, Any]
    problems: list[ProblemOut]


def _out(plan: Any) -> dict[str, Any]:
    return {
        "municipality": plan.municipality.slug,
        "municipality_code": plan.municipality.code,
        "slug": plan.slug,
        "kind": plan.kind,
        "title": plan.title,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "status": plan.status,
        "version": plan.version,
        "published_at": plan.published_at,
    }


@router.get("/", response=list[PlanOut], summary="Plans the caller may read")
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    plans = selectors.visible_plans(request.user).select_related("municipality")
    return [_out(plan) for plan in plans.order_by("municipality__name", "-first_year", "title")]


@router.get(
    "/{municipality}/{slug}",
    response=PlanDetailOut,
    summary="One plan: its document (the layout of the plan JSON Schema) and its check",
)
def get_plan(request: HttpRequest, municipality: str, slug: str) -> dict[str, Any]:
    plan = selectors.plan_for(request.user, municipality, slug)
    report = check_plan(plan_from_data(plan.document), today=date.today())
    problems = [p.to_data() for p in report.problems]  # ProblemOut keeps what the API gives
    return {**_out(plan), "document": plan.document, "problems": problems}
