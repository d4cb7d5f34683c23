"""The monitoring section of the plan page: a link to the dashboard, the open actions of the
learning evaluations with overdue ones flagged (for the municipality), and the public reports."""

from __future__ import annotations

from typing import Any

from django import template

from kansen.web.plans.models import Plan

from .. import selectors, views

register = template.Library()


@register.inclusion_tag("monitoring/_plan_section.html", takes_context=True)
def monitoring_section(context: dict[str, Any], plan: Plan) -> dict[str, Any]:
    user = context["request"].user
    insider = selectors.is_insider(user, plan)
    visible = insider or selectors.dashboard_is_public(plan)
    today = views.today()
    actions = list(selectors.open_actions(plan)) if insider else []
    return {
        "plan": plan,
        "insider": insider,
        "visible": visible,
        "goals": selectors.goal_count(plan) if visible else 0,
        "actions": actions,
        "overdue": [a for a in actions if a.due < today],
        "today": today,
        "reports": [] if insider else list(selectors.public_reports(plan)),
    }
