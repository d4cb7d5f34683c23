"""The national view: every published agenda and plan, and the practices shared most, for the
national network (ministry, alliance), with its Excel export. Reads only published plans and
records; the money is read from the plan documents as :mod:`kansen.plans` keeps them, and the
GKA ceiling from the plan's template (``templates.json``, with its source).
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kansen.io import append_row
from kansen.plans import FunderKind, load_templates
from kansen.search import fold
from kansen.web.plans.models import Plan, PlanStatus

from . import selectors
from .models import Practice


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    pillars: list[str]
    action_lines: list[tuple[str, list[str]]]  # (action line, its themes)
    interventions: list[str]
    gka: Decimal
    gka_pending: int
    ceiling: Decimal | None
    ceiling_source: str

    @property
    def above_ceiling(self) -> bool:
        return self.ceiling is not None and self.gka > self.ceiling


@dataclass(frozen=True)
class SharedPractice:
    title: str
    municipalities: list[str]
    records: list[Practice] = field(default_factory=list)


def _names(items: Any, key: str) -> list[str]:
    return [str(i.get(key, "")) for i in items or () if isinstance(i, dict) and i.get(key)]


def gka_contribution(plan: Plan) -> tuple[Decimal, int]:
    """The GKA financing of the plan's interventions and experiments: known euros, PM lines."""
    total, pending = Decimal(0), 0
    for item in selectors.interventions(plan):
        for source in item.get("financing") or ():
            if not isinstance(source, dict) or source.get("funder") != FunderKind.GKA.value:
                continue
            euros = selectors.amount(source.get("amount"))
            if euros is None:
                pending += 1
            else:
                total += euros
    return total, pending


def gka_ceiling(plan: Plan) -> tuple[Decimal | None, str]:
    """The plan-wide GKA ceiling of the plan's template and its source; None when none."""
    template = load_templates().get(str(plan.document.get("template", "")))
    if template is None:
        return None, ""
    for ceiling in template.ceilings:
        if ceiling.funder == FunderKind.GKA and ceiling.scope == "plan":
            return ceiling.amount, ceiling.source
    return None, ""


def plan_summaries() -> list[PlanSummary]:
    found = []
    plans = Plan.objects.filter(status=PlanStatus.PUBLISHED).select_related("municipality")
    for plan in plans.order_by("municipality__name", "-first_year", "title"):
        doc = plan.document
        lines = [
            (
                f"{line.get('code', '')} {line.get('title', '')}".strip(),
                [
                    f"{t.get('code', '')} {t.get('title', '')}".strip()
                    for t in line.get("themes") or ()
                    if isinstance(t, dict)
                ],
            )
            for line in doc.get("action_lines") or ()
            if isinstance(line, dict)
        ]
        gka, pending = gka_contribution(plan)
        ceiling, source = gka_ceiling(plan)
        found.append(
            PlanSummary(
                plan,
                _names(doc.get("pillars"), "name"),
                lines,
                _names(selectors.interventions(plan), "name"),
                gka,
                pending,
                ceiling,
                source,
            )
        )
    return found


def shared_most(limit: int = 10) -> list[SharedPractice]:
    """Approaches published by the most municipalities. One rule groups them: records with the
    same databank entry or the same name (folded: case and accents do not count) are one
    approach, also when one record names the entry and another only has an own level."""
    records = list(selectors.published().order_by("pk"))
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, practice in enumerate(records):
        level = practice.level
        keys = ["name:" + fold(practice.title.strip())]
        if level is not None and level.recognised and practice.evidence_entry_url:
            keys.append("entry:" + practice.evidence_entry_url.rstrip("/").lower())
        for key in keys:
            j = first_with.setdefault(key, i)
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Practice]] = defaultdict(list)
    for i, practice in enumerate(records):
        groups[root(i)].append(practice)
    shared = [
        SharedPractice(
            next((p.evidence_entry_name for p in members if p.evidence_entry_name), "")
            or members[0].title,
            sorted({p.municipality.name for p in members}),
            members,
        )
        for members in groups.values()
    ]
    shared.sort(key=lambda s: (-len(s.municipalities), fold(s.title)))
    return shared[:limit]


def municipalities_with_plans() -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for plan in Plan.objects.filter(status=PlanStatus.PUBLISHED).select_related("municipality"):
        counts[plan.municipality.name] += 1
    return sorted(counts.items())


def workbook(summaries: list[PlanSummary], shared: list[SharedPractice]) -> bytes:
    """The national view as an Excel workbook: plans, interventions, practices, shared most.
    Text cells never run as formulas (:func:`kansen.io.append_row`)."""
    from openpyxl import Workbook

    book = Workbook()
    plans = book.active
    plans.title = _("Plans")
    append_row(
        plans,
        [
            _("Municipality"),
            _("Title"),
            _("Kind"),
            _("First year"),
            _("Last year"),
            _("Pillars"),
            _("Action lines"),
            _("Interventions"),
            _("GKA contribution (euros)"),
            _("GKA lines PM"),
            _("Ceiling (euros)"),
            _("Above the ceiling"),
        ],
    )
    for s in summaries:
        append_row(
            plans,
            [
                s.plan.municipality.name,
                s.plan.title,
                s.plan.get_kind_display(),
                s.plan.first_year,
                s.plan.last_year,
                "; ".join(s.pillars),
                "; ".join(name for name, _themes in s.action_lines),
                len(s.interventions),
                int(s.gka) if s.gka == s.gka.to_integral() else float(s.gka),
                s.gka_pending,
                int(s.ceiling) if s.ceiling is not None else None,
                (_("yes") if s.above_ceiling else _("no")) if s.ceiling is not None else None,
            ],
        )
    rows = book.create_sheet(_("Interventions"))
    append_row(rows, [_("Municipality"), _("Plan"), _("Intervention")])
    for s in summaries:
        for name in s.interventions:
            append_row(rows, [s.plan.municipality.name, s.plan.title, name])
    practices = book.create_sheet(_("Practices"))
    append_row(
        practices,
        [
            _("Practice"),
            _("Municipality"),
            _("Evidence level"),
            _("Recognised by a databank"),
            _("Cost per child a year (euros)"),
            _("Licence"),
        ],
    )
    records = sorted(
        selectors.published(), key=lambda p: (fold(p.municipality.name), fold(p.title), p.pk)
    )
    for practice in records:
        level = practice.level
        cost = practice.cost_per_child
        append_row(
            practices,
            [
                practice.title,
                practice.municipality.name,
                level.name if level else practice.evidence_level,
                _("yes") if level and level.recognised else _("no"),
                int(cost) if cost is not None else None,
                practice.licence,
            ],
        )
    most = book.create_sheet(_("Shared most"))
    append_row(most, [_("Practice"), _("Municipalities"), _("Number of municipalities")])
    for approach in shared:
        append_row(
            most, [approach.title, ", ".join(approach.municipalities), len(approach.municipalities)]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
