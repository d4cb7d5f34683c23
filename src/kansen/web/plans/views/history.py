"""The history of a plan: every saved change, in words."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kansen.plans import ITEM_ID

from .. import editor, selectors
from ..constants import field_label
from ..fields import FieldType, field_type
from ..models import Plan, PlanChange, PlanStatus
from ..report import describe_path


def _value_text(path: str, value: Any, names: dict[str, dict[str, str]] | None = None) -> str:
    """A value as the history shows it; ``names`` gives the names of organisations (by id) and
    neighbourhoods (by CBS code), so a change reads as names rather than identifiers."""
    if value is None:
        return "–"
    if path == "status":  # publishing: a status of the plan, not a field of the document
        return str(capfirst(PlanStatus(value).label)) if value in PlanStatus.values else str(value)
    return _field_of(path).history_text(value, names or {})


def _field_of(path: str) -> FieldType:
    """The type of the field at a path (plain text where the path leads nowhere now)."""
    try:
        spec, owner, name = editor.spec_at(editor.parse_path(path))
    except editor.PathError:
        return field_type("")
    return field_type(editor.widget(spec.kind, owner, name))


def _item_text(path: str, value: Any, names: dict[str, dict[str, str]] | None) -> str:
    """A whole item of a list as the history shows it: its filled-in fields in words, or
    "removed"/"not there yet" where it is absent."""
    if not isinstance(value, dict):
        return "–"
    parts = []
    for key, leaf_value in value.items():  # its own fields; what it holds in turn is left out
        if key == ITEM_ID or leaf_value in (None, "", []) or isinstance(leaf_value, dict):
            continue
        if isinstance(leaf_value, list) and any(isinstance(v, dict | list) for v in leaf_value):
            continue
        leaf = editor.join(path, key)
        try:
            _spec, owner, name = editor.spec_at(editor.parse_path(leaf))
        except editor.PathError:
            continue
        parts.append(f"{field_label(owner, name)}: {_value_text(leaf, leaf_value, names)}")
    return "; ".join(parts) or _("(empty)")


def history_names(plan: Plan) -> dict[str, dict[str, str]]:
    return {
        "stakeholder-ids": {
            str(s.get("id")): str(s.get("name"))
            for s in plan.document.get("stakeholders", [])
            if isinstance(s, dict)
        },
        "neighbourhoods": dict(selectors.editor_options(plan).neighbourhoods),
    }


def history_row(
    change: PlanChange, doc: dict[str, Any], names: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    rows = []
    for item in change.changes:
        path = item.get("path", "")
        whole = next(
            (v for v in (item.get("before"), item.get("after")) if isinstance(v, dict)), None
        )
        if whole is not None:  # an item added or removed as a whole
            rows.append(
                {
                    "where": describe_path(doc, path, whole),
                    "before": _item_text(path, item.get("before"), names),
                    "after": _item_text(path, item.get("after"), names),
                    "money": False,
                }
            )
            continue
        rows.append(
            {
                "where": describe_path(doc, path) if path != "status" else _("Status"),
                "before": _value_text(path, item.get("before"), names),
                "after": _value_text(path, item.get("after"), names),
                "money": _field_of(path).money,
            }
        )
    return {
        "change": change,
        "who": (change.user.get_full_name() or change.user.username) if change.user else "–",
        "part": (describe_path(doc, change.part) if change.part else _("General")),
        "rows": rows,
    }


@login_required
def history(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_for(request.user, municipality, slug)
    if not selectors.can_read_drafts(request.user, plan.municipality):
        raise Http404(_("No such plan."))
    changes = plan.changes.select_related("user").order_by("-version")
    names = history_names(plan)
    rows = [history_row(change, plan.document, names) for change in changes]
    return render(request, "plans/history.html", {"plan": plan, "rows": rows})
