"""The document a plan becomes, as neutral blocks that the Word and PDF writers both render.

The order follows the template: opening, pillars, explanation, agreements, action lines,
planning, organisation, interventions with budget and financing, the yearly financial
overview, signatures. Labels are Dutch (the documents go to the council and the ministry);
money is written the Dutch way (``€ 317.000``). Figures are shown as recorded: a total the
document states is shown as stated, and when its rows add up to something else the cell says
so ("€ 541.000 (telt niet op: som is € 595.000)"), so a reader of the Word or PDF document sees
it without the check report. Values of choices are written as Dutch words ("In uitvoering"),
never as the identifiers of the plan file ("in_progress").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ._agenda import Agreements, Community, FunderKind, Intervention, Status
from ._execution import FinancialYear
from ._finance import summarise_budget, year_costs, year_own_means
from ._model import Plan, PlanKind
from ._planning import activity_span, behind_schedule
from ._values import Amount


@dataclass(frozen=True)
class Heading:
    """A heading; level 0 is the document title."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table; ``numeric`` columns are right-aligned, ``total_rows`` (from the end) bold."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    total_rows: int = 0


@dataclass(frozen=True)
class PlanningImage:
    """The planning chart."""

    caption: str


Block = Heading | Paragraph | Bullets | Table | PlanningImage

#: Dutch words for the values of choices, as the documents write them.
FUNDER_NL = {
    FunderKind.MUNICIPALITY: "Gemeente",
    FunderKind.GKA: "GKA (OCW)",
    FunderKind.NPO: "NPO",
    FunderKind.OTHER: "Overig",
}
STATUS_NL = {
    Status.PLANNED: "Gepland",
    Status.IN_PROGRESS: "In uitvoering",
    Status.DONE: "Afgerond",
    Status.STOPPED: "Gestopt",
}
KIND_NL = {PlanKind.AGENDA: "GKA-agenda", PlanKind.PLAN: "Uitvoeringsplan"}


def euro_nl(value: Decimal) -> str:
    """``€ 317.000`` or ``€ 173,00``: Dutch separators, decimals only when recorded."""
    text = f"{value:,}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


def amount_nl(amount: Amount) -> str:
    """``PM`` or :func:`euro_nl`."""
    return "PM" if amount.value is None else euro_nl(amount.value)


#: How a cell's second paragraph starts when its total does not add up; the writers show
#: that paragraph in red.
MISMATCH = "(telt niet op"


def checked_total(stated: Decimal | None, computed: Decimal, pending: str = "") -> str:
    """A total as the document states it, marked when its rows add up to something else.

    The mark is a paragraph of its own in the cell, so it never hides the stated figure.

    >>> checked_total(Decimal(541000), Decimal(595000))
    '€ 541.000\\n\\n(telt niet op: som is € 595.000)'
    >>> checked_total(None, Decimal(220000), " + PM")
    '€ 220.000 + PM'
    """
    if stated is None:
        return euro_nl(computed) + pending
    if stated != computed:
        return f"{euro_nl(stated)}\n\n{MISMATCH}: som is {euro_nl(computed)}{pending})"
    return euro_nl(stated) + pending


def _when(value: object) -> str:
    """A quarter or end as table text that does not break inside ("Q1 2024")."""
    return "" if value is None else str(value).replace(" ", "\u00a0")


def paragraphs(text: str) -> list[Block]:
    """Text with blank lines between paragraphs; lines starting with "- " become bullets."""
    blocks: list[Block] = []
    for chunk in (c.strip() for c in text.split("\n\n")):
        lines = chunk.splitlines()
        if lines and all(line.startswith("- ") for line in lines):
            blocks.append(Bullets(tuple(line[2:] for line in lines)))
        elif chunk:
            blocks.append(Paragraph(" ".join(lines)))
    return blocks


def outline(
    plan: Plan, today: date | None = None, area_names: Mapping[str, str] | None = None
) -> tuple[Block, ...]:
    """The blocks of the document for a plan.

    Parameters
    ----------
    plan : Plan
        The plan.
    today : date or None
        The date the planning chart marks and judges by.
    area_names : mapping of str to str, optional
        Names of neighbourhoods by CBS code: the documents then say "Name (BU...)" where the
        plan has only the code.

    Returns
    -------
    tuple of Block
        Headings, paragraphs, lists, tables and the planning image, in order.
    """
    blocks: list[Block] = [
        Heading(plan.title, 0),
        Paragraph(f"{KIND_NL[plan.kind]} gemeente {plan.municipality}, {plan.period}"),
        *paragraphs(plan.introduction),
    ]
    if plan.pillars:
        blocks.append(Heading("Wij zetten in op", 1))
        for pillar in plan.pillars:
            blocks += [Heading(pillar.name, 2), *paragraphs(pillar.text)]
    if plan.sections:
        blocks.append(Heading("Toelichting", 1))
        for section in plan.sections:
            if section.title != "Toelichting":
                blocks.append(Heading(section.title, 2))
            blocks += paragraphs(section.text)
    if plan.agreements is not None:
        blocks += _agreements(plan.agreements)
    blocks += _action_lines(plan)
    if any(True for _ in plan.themes()) or plan.interventions or plan.experiments:
        blocks.append(Heading("Planning", 1))
        caption = (
            f"Planning per kwartaal, stand op {today:%d-%m-%Y}"
            if today
            else ("Planning per kwartaal")
        )
        blocks.append(PlanningImage(caption))
        if today is not None:
            late = behind_schedule(plan, today)
            if late:
                blocks.append(Paragraph(f"Achter op planning op {today:%d-%m-%Y}:"))
                blocks.append(Bullets(tuple(f"{i.code} (eind {i.last_quarter})" for i in late)))
    if plan.organisation:
        blocks += [
            Heading("Organisatie", 1),
            Table(
                ("Rol", "Wie", "Toelichting"),
                tuple(
                    (r.role.value.capitalize(), ", ".join(r.holders), r.note)
                    for r in plan.organisation
                ),
            ),
        ]
    for title, activities in (
        ("Interventies", plan.interventions),
        ("Experimenten", plan.experiments),
    ):
        if activities:
            blocks.append(Heading(title, 1))
            for i, activity in enumerate(activities, 1):
                blocks += _activity(
                    f"{title[:-1] if title == 'Interventies' else 'Experiment'}"
                    f" {i}: {activity.name}",
                    activity,
                    area_names or {},
                )
    if plan.communities:
        blocks.append(Heading("Communities", 1))
        for community in plan.communities:
            blocks += _community(community)
    blocks += _financial_overview(plan)
    if plan.signatories:
        blocks += [
            Heading("Ondertekening", 1),
            Table(
                ("Naam", "Functie", "Organisatie", "Datum", "Plaats"),
                tuple(
                    (
                        s.name,
                        s.role + (f" ({s.portfolio})" if s.portfolio else ""),
                        s.organisation,
                        s.date.strftime("%d-%m-%Y") if s.date else "",
                        s.place,
                    )
                    for s in plan.signatories
                ),
            ),
        ]
    if plan.website or plan.contact:
        blocks += [
            Heading("Meer informatie", 1),
            Bullets(tuple(x for x in (plan.website, plan.contact) if x)),
        ]
    return tuple(blocks)


def _agreements(agreements: Agreements) -> list[Block]:
    blocks: list[Block] = [Heading("Agenda-afspraken", 1)]
    if agreements.meetings:
        blocks += [
            Heading("Overleg", 2),
            Table(
                ("Overleg", "Doel", "Frequentie", "Samenstelling"),
                tuple((m.kind, m.goal, m.frequency, m.composition) for m in agreements.meetings),
            ),
        ]
    analysis = agreements.analysis
    blocks += [
        Heading("Analyse en onderzoek", 2),
        Table(
            ("", ""),
            (
                ("Data", "; ".join(analysis.data)),
                ("Lopend onderzoek", "; ".join(analysis.ongoing_research)),
                ("Onderzoekswensen", "; ".join(analysis.research_wishes)),
                ("Partijen", "; ".join(analysis.parties)),
                ("Planning", analysis.planning),
            ),
        ),
    ]
    sharing = agreements.knowledge_sharing
    blocks += [
        Heading("Communicatie en kennisdeling", 2),
        Table(
            ("", ""),
            (
                ("Communicatie", "; ".join(sharing.communication)),
                ("Lokaal", "; ".join(sharing.local)),
                ("Thematisch", "; ".join(sharing.thematic)),
                ("Landelijk", "; ".join(sharing.national)),
            ),
        ),
    ]
    if agreements.other:
        blocks += [
            Heading("Overige agenda-afspraken", 2),
            Table(
                ("Type afspraak", "Specificering", "Planning"),
                tuple((o.kind, o.specification, o.planning) for o in agreements.other),
            ),
        ]
    return blocks


def _action_lines(plan: Plan) -> list[Block]:
    blocks: list[Block] = []
    if plan.guiding_principles:
        blocks += [
            Heading("Leidende principes", 1),
            Bullets(tuple(p.value.capitalize() for p in plan.guiding_principles)),
        ]
    if plan.action_lines:
        blocks.append(Heading("Actielijnen", 1))
    for line in plan.action_lines:
        blocks.append(Heading(f"Actielijn {line.code}: {line.title}", 2))
        for theme in line.themes:
            blocks += [Heading(f"{theme.code} {theme.title}", 3), *paragraphs(theme.introduction)]
            blocks.append(
                Table(
                    ("Code", "Inspanning", "Start", "Eind"),
                    (
                        (theme.code, "Thema als geheel", _when(theme.start), _when(theme.end)),
                        *(
                            (e.code, e.description, _when(e.start), _when(e.end))
                            for e in theme.efforts
                        ),
                    ),
                )
            )
            details = []
            if theme.guiding_principles:
                details.append(
                    "Leidend principe: " + ", ".join(p.value for p in theme.guiding_principles)
                )
            if theme.stakeholders:
                details.append(
                    "Betrokkenen: "
                    + "; ".join(plan.stakeholder_name(s) for s in theme.stakeholders)
                )
            if theme.note:
                details.append(theme.note)
            blocks += [Paragraph(text) for text in details]
    return blocks


def _activity(title: str, activity: Intervention, area_names: Mapping[str, str]) -> list[Block]:
    location = activity.location
    where = "; ".join(
        [
            *(
                f"{area_names[code]} ({code})" if code in area_names else code
                for code in location.neighbourhoods
            ),
            *location.schools,
            *([location.description] if location.description else []),
        ]
    )
    start, end = activity_span(activity)
    planning = "; ".join(
        f"{p.name}: {p.text or ''}".strip().rstrip(":") for p in activity.planning
    ) or (f"{start} - {end}" if start else "")
    blocks: list[Block] = [
        Heading(title, 2),
        Table(
            ("", ""),
            (
                ("Betrokken partijen", ", ".join(activity.parties)),
                ("Doel", activity.goal),
                ("Doelgroep", activity.target_group),
                ("Locatie (wijk, school)", where),
                ("Activiteiten", activity.activities),
                ("Planning", planning),
                ("Monitoring en evaluatie", activity.monitoring),
                ("Website", activity.website),
                ("Contactpersoon", activity.contact),
                ("Status", STATUS_NL[activity.status] if activity.status else "niet vastgelegd"),
            ),
        ),
    ]
    summary = summarise_budget(activity)
    pending = " + PM" if summary.budget_pending else ""
    blocks += [
        Heading("Begroting", 3),
        Table(
            ("Omschrijving", "Jaar", "Bedrag"),
            (
                *(
                    (b.description, ", ".join(str(y) for y in b.years), amount_nl(b.amount))
                    for b in activity.budget
                ),
                ("Totaal", "", checked_total(activity.budget_total, summary.budget, pending)),
            ),
            numeric=(2,),
            total_rows=1,
        ),
    ]
    pending = " + PM" if summary.financing_pending else ""
    blocks += [
        Heading("Financiering", 3),
        Table(
            ("Financier", "Soort", "Bedrag", "Toelichting"),
            (
                *(
                    (f.name, FUNDER_NL[f.funder], amount_nl(f.amount), f.note)
                    for f in activity.financing
                ),
                (
                    "Totaal",
                    "",
                    checked_total(activity.financing_total, summary.financing, pending),
                    "",
                ),
            ),
            numeric=(2,),
            total_rows=1,
        ),
    ]
    return blocks


def _community(community: Community) -> list[Block]:
    return [
        Heading(community.name, 2),
        Table(
            ("", ""),
            (
                ("Betrokken partijen", ", ".join(community.parties)),
                ("Doel", community.goal),
                ("Doelgroep", community.target_group),
                ("Activiteiten", community.activities),
                ("Taken en rollen", "; ".join(f"{r.party}: {r.tasks}" for r in community.roles)),
                ("Samenwerking", community.collaboration),
                ("Website", community.website),
                ("Contactpersoon", community.contact),
            ),
        ),
    ]


def _financial_overview(plan: Plan) -> list[Block]:
    overview = plan.financial_overview
    if overview is None or not overview.years:
        return []
    years = overview.years
    header = ("", *(str(y.year) for y in years))
    numeric = tuple(range(1, len(years) + 1))
    labels: list[str] = []
    for year in years:
        labels += [line.label for line in year.costs if line.label not in labels]
    cost_rows = [
        (
            label,
            *(next((euro_nl(c.amount) for c in y.costs if c.label == label), "") for y in years),
        )
        for label in labels
    ]
    cost_rows.append(
        ("Totale kosten", *(checked_total(y.total_costs, year_costs(y)) for y in years))
    )
    extra: list[str] = []
    for year in years:
        extra += [line.label for line in year.extra_means if line.label not in extra]
    means_rows = [
        ("Middelen " + (overview.title or plan.title), *(euro_nl(y.base_budget) for y in years))
    ]
    means_rows += [
        (
            f"+ {label}",
            *(
                next((euro_nl(m.amount) for m in y.extra_means if m.label == label), "")
                for y in years
            ),
        )
        for label in extra
    ]
    means_rows += [
        (
            "+ Restant voorgaand jaar",
            *("n.v.t." if y.carried_over is None else euro_nl(y.carried_over) for y in years),
        ),
        (
            "= Totale middelen",
            *(checked_total(y.total_means, _means(y)) for y in years),
        ),
        ("- Totale kosten", *(checked_total(y.total_costs, year_costs(y)) for y in years)),
        (
            "= Restant huidig jaar",
            *(
                ""
                if y.remainder is None
                else checked_total(
                    y.remainder,
                    _stated(y.total_means, _means(y)) - _stated(y.total_costs, year_costs(y)),
                )
                for y in years
            ),
        ),
    ]
    return [
        Heading("Financieel overzicht", 1),
        Heading("Kosten", 2),
        Table(header, tuple(cost_rows), numeric, total_rows=1),
        Heading("Middelen", 2),
        Table(header, tuple(means_rows), numeric, total_rows=1),
    ]


def _means(year: FinancialYear) -> Decimal:
    """The means of a year from its rows: own means plus what was carried over."""
    return year_own_means(year) + (year.carried_over or Decimal(0))


def _stated(stated: Decimal | None, computed: Decimal) -> Decimal:
    return stated if stated is not None else computed
