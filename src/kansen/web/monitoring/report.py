"""The yearly report (rapportage) of a plan, in Word and PDF.

The report is made from what the platform holds, each time it is asked for: the goals with the
progress of their indicators as of the end of the year (measurements after it are left out),
the plan's efforts and interventions with their status, the money of the year (the financial
overview's budget beside what was recorded as spent), the learning evaluations of the year with
findings and actions, and what changes next year. The contents are first laid out as neutral
blocks (:func:`outline`); the PDF is a Django template of those blocks (escaped like every page)
printed by WeasyPrint, the Word document is written from the same blocks by python-docx.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansen.plans import plan_from_data, planning_items
from kansen.web.plans.constants import choice_label
from kansen.web.plans.models import Plan
from kansen.web.plans.report import euros

from . import charts, selectors
from .models import ReportTemplate, Spending
from .progress import goal_views


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"
    emphasis: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()
    total_rows: int = 0
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    data: charts.ChartData
    alt: str
    kind: str = "chart"

    @property
    def src(self) -> str:
        return charts.data_uri(charts.svg(self.data))


Block = Heading | Paragraph | Table | Chart


#: The sections of a yearly report, in their default order, with their default titles.
SECTIONS: dict[str, Any] = {
    "goals": gettext_lazy("Goals and progress"),
    "activities": gettext_lazy("Interventions and efforts"),
    "money": gettext_lazy("Money: spent against budget"),
    "evaluations": gettext_lazy("Learning evaluations"),
    "next_year": gettext_lazy("Next year"),
}


def template_sections(plan: Plan) -> list[dict[str, Any]]:
    """The structure of the plan's report: its municipality's template."""
    return template_sections_of(plan.municipality)


def template_sections_of(municipality: Any) -> list[dict[str, Any]]:
    """The municipality's structure of the report (see :class:`ReportTemplate`): every section
    once, in its order; a section the template does not name follows, included."""
    saved = ReportTemplate.objects.filter(municipality=municipality).first()
    chosen = [s for s in (saved.sections if saved else []) if s.get("key") in SECTIONS]
    named = {s["key"] for s in chosen}
    sections = [
        {
            "key": s["key"],
            "include": bool(s.get("include", True)),
            "title": str(s.get("title") or ""),
            "intro": str(s.get("intro") or ""),
        }
        for s in chosen
    ]
    sections += [
        {"key": key, "include": True, "title": "", "intro": ""}
        for key in SECTIONS
        if key not in named
    ]
    return sections


def outline(plan: Plan, year: int, today: date) -> list[Block]:
    """The report's blocks, its sections in the order of the municipality's template."""
    blocks: list[Block] = [
        Heading(_("Yearly report %(year)s") % {"year": year}, 0),
        Paragraph(f"{plan.title} · {plan.municipality.name} · {plan.first_year}-{plan.last_year}"),
    ]
    labels = selectors.item_labels(plan)
    builders: dict[str, Callable[[], list[Block]]] = {
        "goals": lambda: _goals(plan, year, labels),
        "activities": lambda: _activities(plan, today),
        "money": lambda: _money(plan, year),
        "evaluations": lambda: _evaluations(plan, year, labels, today),
        "next_year": lambda: _next_year(plan, year),
    }
    for section in template_sections(plan):
        if not section["include"]:
            continue
        title = section["title"] or str(SECTIONS[section["key"]])
        blocks.append(Heading(title, 1))
        if section["intro"]:
            blocks += [Paragraph(text) for text in section["intro"].split("\n\n") if text.strip()]
        blocks += builders[section["key"]]()
    return blocks


def _next_year(plan: Plan, year: int) -> list[Block]:
    saved = selectors.year_report(plan, year)
    if saved and saved.next_year:
        return [Paragraph(text) for text in saved.next_year.split("\n\n") if text.strip()]
    return [Paragraph(_("Nothing has been recorded yet about what changes next year."))]


def _goals(plan: Plan, year: int, labels: dict[str, str]) -> list[Block]:
    blocks: list[Block] = []
    views = goal_views(selectors.goals(plan), labels, until=year)
    if not views:
        blocks.append(Paragraph(_("No goals have been recorded for this plan.")))
    for goal in views:
        blocks.append(Heading(goal.goal.title, 2))
        if goal.goal.description:
            blocks.append(Paragraph(goal.goal.description))
        if goal.items:
            blocks.append(Paragraph(_("Belongs to: %(items)s") % {"items": "; ".join(goal.items)}))
        for view in goal.indicators:
            blocks.append(Heading(view.indicator.name, 3))
            blocks.append(
                Paragraph(
                    _("Status: %(status)s. %(reason)s.")
                    % {"status": view.status_label, "reason": _sentence(view.reason)},
                    emphasis=True,
                )
            )
            if view.areas:
                label = _("Areas together") if view.several_areas else _("Area")
                blocks.append(Paragraph(f"{label}: {view.areas}"))
            blocks.append(Chart(view.chart, view.chart_alt))
            blocks.append(
                Table(
                    (
                        _("Kind of figure"),
                        _("Year or date"),
                        _("Value"),
                        _("Interval (95%)"),
                        _("n"),
                        _("Source"),
                    ),
                    tuple(
                        (
                            r["kind"],
                            r["when"],
                            r["value"],
                            r["interval"],
                            r["count"],
                            r["source"],
                        )
                        for r in view.rows
                    ),
                    numeric=(2,),
                )
            )
            if view.indicator.note:
                blocks.append(Paragraph(_("Note: %(note)s") % {"note": view.indicator.note}))
    return blocks


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _activities(plan: Plan, today: date) -> list[Block]:
    document = plan_from_data(plan.document)
    kinds = {
        "theme": _("Theme"),
        "effort": _("Effort"),
        "intervention": _("Intervention"),
        "experiment": _("Experiment"),
    }
    rows = []
    for item in planning_items(document):
        if item.kind == "phase":
            continue
        status = choice_label(str(item.status)) if item.status else ""
        if item.is_behind(today):
            status = (status + " · " if status else "") + _("behind schedule")
        rows.append((kinds.get(item.kind, item.kind), item.code, item.label, status))
    blocks: list[Block] = []
    if rows:
        blocks.append(Table((_("Kind"), _("Code"), _("Description"), _("Status")), tuple(rows)))
    else:
        blocks.append(Paragraph(_("The plan has no efforts or interventions with a planning.")))
    return blocks


@dataclass(frozen=True)
class CostLine:
    """A cost line of the year's financial overview with the money spent on it (None: not
    recorded)."""

    line: str
    label: str
    budget: Decimal
    spent: Decimal | None


def cost_lines(plan: Plan, year: int) -> list[CostLine]:
    """The budget of the year, line by line, in the plan's order: the cost lines of the year's
    financial overview (an execution plan); without one, the budget lines of the interventions
    and experiments that are for that year alone and have an amount (an agenda: a line for
    several years together, or PM, has no budget of one year)."""
    document = plan_from_data(plan.document)
    spent = dict(Spending.objects.filter(plan=plan, year=year).values_list("cost_line", "amount"))
    overview = document.financial_overview
    figures = next((y for y in overview.years if y.year == year), None) if overview else None
    if figures is not None:
        return [
            CostLine(line.uuid, line.label, line.amount, spent.get(line.uuid))
            for line in figures.costs
        ]
    lines = []
    for _path, activity in document.activities():
        for budget in activity.budget:
            if budget.years == (year,) and budget.amount.value is not None:
                label = f"{activity.name}: {budget.description}"
                lines.append(
                    CostLine(budget.uuid, label, budget.amount.value, spent.get(budget.uuid))
                )
    return lines


def _money(plan: Plan, year: int) -> list[Block]:
    blocks: list[Block] = []
    lines = cost_lines(plan, year)
    if not lines:
        blocks.append(Paragraph(_("The plan has no budget for %(year)s alone.") % {"year": year}))
        return blocks
    table = []
    for line in lines:
        spent = line.spent
        table.append(
            (
                line.label,
                euros(line.budget),
                euros(spent) if spent is not None else "–",
                euros(line.budget - spent) if spent is not None else "–",
            )
        )
    total_budget = sum((line.budget for line in lines), Decimal(0))
    known = [line.spent for line in lines if line.spent is not None]
    # a total of some lines would read as the total of all: only when every line is known
    total_spent = sum(known, Decimal(0)) if len(known) == len(lines) else None
    table.append(
        (
            _("Total"),
            euros(total_budget),
            euros(total_spent) if total_spent is not None else "–",
            euros(total_budget - total_spent) if total_spent is not None else "–",
        )
    )
    blocks.append(
        Paragraph(
            _(
                "Budget from the plan (its financial overview, or the interventions' budget lines) "
                "of %(year)s; spent as recorded by the municipality. A dash: not recorded yet (the "
                "total is given when every line is)."
            )
            % {"year": year}
        )
    )
    blocks.append(
        Table(
            (_("Cost line"), _("Budgeted"), _("Spent"), _("Remaining")),
            tuple(table),
            caption=_("Budget and spending %(year)s") % {"year": year},
            numeric=(1, 2, 3),
            total_rows=1,
        )
    )
    return blocks


def _evaluations(plan: Plan, year: int, labels: dict[str, str], today: date) -> list[Block]:
    blocks: list[Block] = []
    sessions = [s for s in selectors.sessions(plan) if s.date.year == year]
    if not sessions:
        blocks.append(
            Paragraph(_("No evaluation sessions were recorded in %(year)s.") % {"year": year})
        )
    for s in sorted(sessions, key=lambda s: (s.date, s.pk)):
        blocks.append(Heading(f"{s.date.isoformat()} · {s.title}", 2))
        who = list(s.organisations)
        if s.experts_by_experience:
            who.append(_("%(n)d experts by experience") % {"n": s.experts_by_experience})
        roles = sorted({p.get("role", "") for p in s.professionals if p.get("role")})
        if roles:
            who.append(_("professionals: %(roles)s") % {"roles": ", ".join(roles)})
        if who:
            blocks.append(Paragraph(_("Taking part: %(who)s") % {"who": "; ".join(who)}))
        discussed = [labels[i] for i in s.items if i in labels]
        if discussed:
            blocks.append(Paragraph(_("Discussed: %(items)s") % {"items": "; ".join(discussed)}))
        if s.findings:
            blocks.append(Heading(_("Findings"), 3))
            blocks += [Paragraph(text) for text in s.findings.split("\n\n") if text.strip()]
        actions = list(s.actions.all())
        if actions:
            blocks.append(
                Table(
                    (_("Action"), _("Owner"), _("Due date"), _("State")),
                    tuple(
                        (
                            a.description,
                            a.owner,
                            a.due.isoformat(),
                            _action_state(a.due, a.done_on, today),
                        )
                        for a in actions
                    ),
                    caption=_("Agreed actions"),
                )
            )
    return blocks


def _action_state(due: date, done_on: date | None, today: date) -> str:
    if done_on is not None:
        return _("done on %(date)s") % {"date": done_on.isoformat()}
    if due < today:
        return _("overdue")
    return _("open")


def report_html(plan: Plan, year: int, today: date) -> str:
    from django.utils.translation import get_language

    return render_to_string(
        "monitoring/report_pdf.html",
        {
            "blocks": outline(plan, year, today),
            "plan": plan,
            "year": year,
            "language": (get_language() or "nl")[:2],
        },
    )


#: The print style of the PDF, given to WeasyPrint beside the HTML (the template holds no
#: style element: the pages' Content-Security-Policy rule holds for every template).
REPORT_CSS = """
@page { size: A4; margin: 2cm 1.8cm; @bottom-right { content: counter(page); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.4; }
h1.title { font-size: 20pt; color: #1f4e79; margin-bottom: 0.2em; }
h1 { font-size: 15pt; color: #1f4e79; margin-top: 1.4em; }
h2 { font-size: 12pt; color: #1f4e79; }
h3 { font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
caption { text-align: left; font-weight: bold; padding-bottom: 2pt; }
th, td { border: 0.5pt solid #999; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #deeaf6; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; }
figure { margin: 0.5em 0; }
figure img { width: 11cm; }
figcaption { font-size: 8pt; color: #555; }
p.emphasis { font-weight: bold; }
"""


def report_pdf(plan: Plan, year: int, today: date) -> bytes:
    import weasyprint

    html = weasyprint.HTML(string=report_html(plan, year, today))
    pdf: bytes = html.write_pdf(stylesheets=[weasyprint.CSS(string=REPORT_CSS)])
    return pdf


def report_docx(plan: Plan, year: int, today: date) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    document.core_properties.title = _("Yearly report %(year)s") % {"year": year}
    document.core_properties.subject = plan.title
    document.styles["Normal"].font.size = Pt(10)
    for block in outline(plan, year, today):
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = block.emphasis
        elif isinstance(block, Chart):
            document.add_picture(io.BytesIO(charts.png(block.data)), width=Cm(12))
            document.add_paragraph(block.alt, style="Caption")
        elif isinstance(block, Table):
            if block.caption:
                document.add_paragraph(block.caption, style="Caption")
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for number, row in enumerate(block.rows):
                cells = table.add_row().cells
                total = number >= len(block.rows) - block.total_rows
                for column, (cell, text) in enumerate(zip(cells, row, strict=True)):
                    cell.text = text
                    paragraph = cell.paragraphs[0]
                    if column in block.numeric:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    if total:
                        for run in paragraph.runs:
                            run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def yearly_report(plan: Plan, year: int, fmt: str, today: date) -> bytes:
    """The report of ``year`` as ``"pdf"`` or ``"docx"``."""
    if fmt == "pdf":
        return report_pdf(plan, year, today)
    if fmt == "docx":
        return report_docx(plan, year, today)
    raise ValueError(f"expected 'pdf' or 'docx'; got {fmt!r}")
