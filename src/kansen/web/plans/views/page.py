"""The plan page: its parts, the check, money, the financial overview and the planning."""

from __future__ import annotations

import base64
import json
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kansen.plans import (
    FunderKind,
    check_plan,
    compute_overview,
    plan_from_data,
    planning_chart,
    planning_items,
    summarise_budget,
)
from kansen.plans import Plan as PlanDocument

from .. import editor, selectors, views
from ..constants import PART_TITLES, choice_label, part_title
from ..models import Plan
from ..report import check_items, euros
from ._common import document_of, plan_url
from .downloads import DOWNLOADS, has_calendar


def _display(node: editor.Node, names: dict[str, str]) -> None:
    """Set ``node.text`` of every field: the value as a reader sees it."""
    for child in node.walk():
        if child.field is not None:
            child.text = child.field.text(child, names)


def _mark_tables(node: editor.Node) -> None:
    """A list whose items have only fields is shown as a table."""
    for child in node.walk():
        if child.kind == "array-objects" and child.children:
            flat = all(all(g.is_field for g in item.children) for item in child.children)
            child.table = flat
            if flat:
                columns = [
                    i
                    for i, _field in enumerate(child.children[0].children)
                    if any(getattr(item.children[i], "text", "") for item in child.children)
                ]
                child.columns = [child.children[0].children[i].label for i in columns]
                child.rows = [
                    (item, [item.children[i] for i in columns]) for item in child.children
                ]
        elif child.kind == "array-objects":
            child.table = False


def _parts(plan: Plan, doc: dict[str, Any]) -> list[dict[str, Any]]:
    names = {
        str(s.get("id")): str(s.get("name"))
        for s in doc.get("stakeholders", [])
        if isinstance(s, dict)
    }
    # The municipality's neighbourhoods, so locations read as names rather than CBS codes.
    options = editor.Options(neighbourhoods=selectors.editor_options(plan).neighbourhoods)
    parts = []
    for part in PART_TITLES:
        tree = editor.build_tree(doc, part, options)
        tree.label = part_title(part)
        _display(tree, names)
        _mark_tables(tree)
        data = editor.data_at(doc, editor.parse_path(part)) if part else doc
        empty = data is editor.MISSING or data in ({}, [], None)
        length = len(data) if isinstance(data, list) else 0
        parts.append(
            {
                "part": part,
                "title": part_title(part),
                "tree": tree,
                "empty": empty,
                "anchor": "deel-" + (part or "algemeen"),
                "add_path": f"{part}[{length}]" if tree.kind == "array-objects" else "",
            }
        )
    return parts


def _overview_rows(document: PlanDocument, reported: set[str]) -> list[dict[str, Any]]:
    """The financial overview computed from its rows beside the totals the document states.

    ``reported``: the paths of the check's errors. A stated figure that differs is plain when
    the check reports it (it disagrees with the figures it is made of as stated); otherwise the
    difference only follows from one reported above it, such as a remainder computed from wrong
    total costs and carried on, and the page says so: the table and the check list never seem
    to disagree."""
    overview = document.financial_overview
    if overview is None or not overview.years:
        return []
    rows = []
    for i, (year, figures) in enumerate(
        zip(overview.years, compute_overview(overview), strict=True)
    ):
        pairs = [
            (_("Total costs"), "total_costs", figures.costs, year.total_costs),
            (_("Carried over"), "carried_over", figures.carried_over, year.carried_over),
            (_("Total means"), "total_means", figures.means, year.total_means),
            (_("Remainder"), "remainder", figures.remainder, year.remainder),
        ]
        lines = []
        for label, field, computed, stated in pairs:
            differs = stated is not None and stated != computed
            lines.append(
                {
                    "label": label,
                    "computed": euros(computed),
                    "stated": euros(stated) if stated is not None else "–",
                    "differs": differs,
                    "difference": euros(abs(stated - computed))
                    if stated is not None and differs
                    else "",
                    "follows": differs and f"financial_overview.years[{i}].{field}" not in reported,
                }
            )
        rows.append({"year": year.year, "lines": lines})
    return rows


def _money_rows(document: PlanDocument) -> list[dict[str, Any]]:
    """Budget and financing of every intervention and experiment, computed from the lines."""
    rows = []
    for path, activity in document.activities():
        summary = summarise_budget(activity)
        if not (activity.budget or activity.financing):
            continue
        rows.append(
            {
                "name": activity.name,
                "part": path,
                "budget": euros(summary.budget),
                "budget_pm": summary.budget_pending,
                "financing": euros(summary.financing),
                "financing_pm": summary.financing_pending,
                "gka": euros(summary.by_funder.get(FunderKind.GKA, Decimal(0))),
                "short": euros(summary.shortfall) if summary.shortfall else "",
            }
        )
    return rows


@lru_cache(maxsize=32)
def _chart(document_json: str, when: date) -> str:
    """The planning chart of a document on a day, drawn once (drawing takes most of a second;
    keyed by the document itself, so an edit or another plan never gets a stale chart)."""
    document = plan_from_data(json.loads(document_json))
    return planning_chart(document, today=when, format="svg").decode("utf-8")


def _chart_image(plan: Plan, document: PlanDocument, when: date) -> dict[str, str]:
    """The planning chart as an image (a data: address) with its text alternative.

    An image rather than SVG in the page: the chart's inline styles stay inside the image
    (the Content-Security-Policy forbids them in the page) and nothing in it can run.
    """
    svg = _chart(json.dumps(plan.document, sort_keys=True), when)
    label = _("Planning by quarter of %(title)s; the table below gives the same information.") % {
        "title": document.title
    }
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {"src": f"data:image/svg+xml;base64,{encoded}", "alt": label}


def _planning_rows(document: PlanDocument, when: date) -> list[dict[str, Any]]:
    rows = []
    for item in planning_items(document):
        rows.append(
            {
                "item": item,
                "kind": {
                    "theme": _("Theme"),
                    "effort": _("Effort"),
                    "intervention": _("Intervention"),
                    "experiment": _("Experiment"),
                    "phase": _("Phase"),
                }.get(item.kind, item.kind),
                "start": str(item.start) if item.start else "",
                "end": item.end.to_data() if item.end else "",
                "status": choice_label(str(item.status)) if item.status else "",
                "behind": item.is_behind(when),
                "part": editor.part_of(item.path),
            }
        )
    return rows


def detail(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_for(request.user, municipality, slug)
    insider = selectors.can_read_drafts(request.user, plan.municipality)
    can_edit = selectors.can_edit(request.user, plan.municipality)
    doc = plan.document
    document = document_of(plan)
    when = views.today()
    report = check_plan(document, today=when)
    items = check_items(document, doc, when, report) if insider else []
    errors = [item for item in items if item.is_error]
    warnings = [item for item in items if not item.is_error]
    context = {
        "plan": plan,
        "document": document,
        "insider": insider,
        "can_edit": can_edit,
        "errors": errors,
        "warnings": warnings,
        "parts": _parts(plan, doc),
        "overview": _overview_rows(document, {p.path for p in report.errors}),
        "money": _money_rows(document),
        "chart": _chart_image(plan, document, when) if planning_items(document) else None,
        "planning": _planning_rows(document, when),
        "today": when,
        "downloads": DOWNLOADS,
        "has_meetings": has_calendar(document),
        "edit_base": plan_url(plan, "edit") if can_edit else "",
    }
    return render(request, "plans/detail.html", context)
