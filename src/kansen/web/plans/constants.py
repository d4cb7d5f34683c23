"""Roles, labels of every field of a plan, and labels of the choices, for the plans app.

The part editor is generated from the JSON Schema of :mod:`kansen.plans`; the labels users
read are here, as English message ids with their Dutch translation in this app's ``locale``.
"""

from __future__ import annotations

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# Who reads drafts and writes plans: the role matrix (kansen.web.accounts.permissions).

#: Fields written as running text (a textarea rather than a one-line input).
TEXTAREA_FIELDS = frozenset(
    {
        "text",
        "introduction",
        "description",
        "goal",
        "activities",
        "monitoring",
        "collaboration",
        "tasks",
        "note",
        "specification",
        "composition",
        "target_group",
        "source",
    }
)

#: Fields of a few words even though their name usually holds running text.
SHORT_TEXT_FIELDS = frozenset({"BudgetLine.description", "PlanningPhase.text"})

#: Labels of fields by name; "Definition.field" overrides the label for one definition.
FIELD_LABELS = {
    "kind": _("Kind"),
    "Plan.kind": _("Kind of document"),
    "Meeting.kind": _("Kind of meeting"),
    "OtherAgreement.kind": _("Kind of agreement"),
    "municipality": _("Municipality"),
    "municipality_code": _("CBS code of the municipality"),
    "title": _("Title"),
    "period": _("Period"),
    "template": _("Template"),
    "source": _("Source"),
    "introduction": _("Introduction"),
    "pillars": _("Pillars"),
    "sections": _("Explanation"),
    "guiding_principles": _("Guiding principles"),
    "agreements": _("Agreements"),
    "action_lines": _("Action lines"),
    "stakeholders": _("Stakeholders"),
    "Plan.stakeholders": _("Organisations involved"),
    "organisation": _("Organisation"),
    "Signatory.organisation": _("Organisation signed for"),
    "interventions": _("Interventions"),
    "experiments": _("Experiments"),
    "communities": _("Communities"),
    "financial_overview": _("Financial overview"),
    "signatories": _("Signatories"),
    "website": _("Website"),
    "contact": _("Contact"),
    "code": _("Code"),
    "themes": _("Themes"),
    "efforts": _("Efforts"),
    "meetings": _("Meetings"),
    "analysis": _("Analysis and research"),
    "knowledge_sharing": _("Communication and knowledge sharing"),
    "other": _("Other agreements"),
    "data": _("Data used"),
    "ongoing_research": _("Ongoing research"),
    "research_wishes": _("Research wishes"),
    "parties": _("Parties involved"),
    "planning": _("Planning"),
    "Intervention.planning": _("Planning by phase"),
    "description": _("Description"),
    "amount": _("Amount"),
    "years": _("Years"),
    "year": _("Year"),
    "name": _("Name"),
    "goal": _("Goal"),
    "target_group": _("Target group"),
    "location": _("Location"),
    "activities": _("Activities"),
    "monitoring": _("Monitoring and evaluation"),
    "budget": pgettext_lazy("plan field", "Budget"),
    "financing": _("Financing"),
    "budget_total": _("Budget total as stated"),
    "financing_total": _("Financing total as stated"),
    "status": _("Status"),
    "roles": _("Tasks and roles"),
    "collaboration": _("Collaboration"),
    "party": _("Party"),
    "tasks": _("Tasks and role"),
    "label": pgettext_lazy("plan field", "Row"),
    "category": _("Category"),
    "action_line": _("Action line"),
    "start": _("Start quarter"),
    "end": _("End quarter"),
    "note": pgettext_lazy("plan field", "Note"),
    "costs": _("Costs"),
    "total_costs": _("Total costs as stated"),
    "base_budget": _("Base budget"),
    "extra_means": _("Extra allocations"),
    "carried_over": _("Carried over from the year before"),
    "total_means": _("Total means as stated"),
    "remainder": _("Remainder as stated"),
    "funder": _("Funder"),
    "communication": _("Communication"),
    "local": _("Local knowledge sharing"),
    "thematic": _("Thematic knowledge sharing"),
    "national": _("National knowledge sharing"),
    "neighbourhoods": _("Neighbourhoods"),
    "schools": _("Schools"),
    "frequency": _("Frequency"),
    "composition": _("Composition"),
    "specification": _("What is agreed"),
    "text": _("Text"),
    "PlanningPhase.text": _("Planning in the document's words"),
    "role": _("Role"),
    "Signatory.role": _("Office"),
    "holders": _("Held by"),
    "portfolio": _("Portfolio"),
    "date": _("Date of signing"),
    "place": _("Place of signing"),
    "id": _("Short name (id)"),
}

#: The label of one item of a list, by the list's name.
ITEM_LABELS = {
    "pillars": _("Pillar"),
    "sections": _("Section"),
    "action_lines": _("Action line"),
    "themes": _("Theme"),
    "efforts": _("Effort"),
    "stakeholders": _("Organisation"),
    "organisation": _("Role"),
    "interventions": _("Intervention"),
    "experiments": _("Experiment"),
    "communities": _("Community"),
    "signatories": _("Signatory"),
    "meetings": _("Meeting"),
    "other": _("Agreement"),
    "planning": _("Phase"),
    "budget": _("Budget line"),
    "financing": _("Financing source"),
    "roles": _("Role"),
    "years": _("Year"),
    "costs": _("Cost row"),
    "extra_means": _("Allocation"),
}

#: Help texts of fields, by name or "Definition.field".
FIELD_HELP = {
    "period": _("The year or years it covers, such as 2027 or 2025-2028."),
    "start": _("A quarter such as Q1 2025."),
    "end": _("A quarter such as Q4 2026, or Lopend (ongoing), or Q3 2024/Lopend."),
    "amount": _("Euros, such as 60000 or 60.000,50; tick PM when the amount is not known yet."),
    "CostLine.amount": _("Euros, such as 60000 or 60.000,50."),
    "MeansLine.amount": _("Euros, such as 60000 or 60.000,50."),
    "years": _("The year or years the line is for, separated by commas, such as 2025, 2026."),
    "base_budget": _("Euros, such as 500000."),
    "carried_over": _("Euros; leave empty in the first year (not applicable)."),
    "total_costs": _("As the document states it: it is checked, never corrected."),
    "total_means": _("As the document states it: it is checked, never corrected."),
    "remainder": _("As the document states it: it is checked, never corrected."),
    "budget_total": _("As the document states it: it is checked, never corrected."),
    "financing_total": _("As the document states it: it is checked, never corrected."),
    "frequency": _("As agreed, such as 2 keer per jaar, elk kwartaal or maandelijks."),
    "code": _("Such as 1, 1.1 or 1.1A."),
    "text": _("Separate paragraphs with an empty line."),
    "PlanningPhase.text": _("Such as 2020 - medio 2021."),
    "action_line": _("The code of the action line, for category action line."),
    "municipality_code": _("Such as GM0546."),
    "data": _("One per line."),
    "ongoing_research": _("One per line."),
    "research_wishes": _("One per line."),
    "communication": _("One per line."),
    "local": _("One per line."),
    "thematic": _("One per line."),
    "national": _("One per line."),
    "holders": _("Offices, not personal names; one per line."),
    "id": _("A short name without spaces that themes refer to."),
    "date": _("A date such as 2025-03-01."),
}

#: Labels of the values of choices; fixed Dutch identifiers (guiding principles, roles) are
#: shown as they are.
CHOICE_LABELS = {
    "agenda": _("agenda (GKA-agenda)"),
    "plan": _("execution plan"),
    "planned": _("planned"),
    "in_progress": _("in progress"),
    "done": _("done"),
    "stopped": _("stopped"),
    "municipality": _("municipality"),
    "gka": _("GKA (ministry of OCW)"),
    "npo": _("NPO (national education programme)"),
    "other": _("other"),
    "action_line": _("action line"),
    "project_organisation": _("project organisation"),
    "communication": _("communication"),
}


def field_label(owner: str, name: str, singular: bool = False) -> str:
    """The label of a field of a definition (``singular`` for one item of a list)."""
    if singular and name in ITEM_LABELS:
        return str(ITEM_LABELS[name])
    label = FIELD_LABELS.get(f"{owner}.{name}") or FIELD_LABELS.get(name)
    return str(label) if label else name.replace("_", " ")


def field_help(owner: str, name: str) -> str:
    text = FIELD_HELP.get(f"{owner}.{name}") or FIELD_HELP.get(name)
    return str(text) if text else ""


def choice_label(value: str) -> str:
    label = CHOICE_LABELS.get(value)
    return str(label) if label else value


#: Names of templates whose name on record is not (only) Dutch; the others are shown as they are.
TEMPLATE_NAMES = {
    "uitvoeringsplan": _("Execution plan (the municipality's own, in the structure of Leiden's)"),
}


def template_name(template_id: str, name: str) -> str:
    """The name of a template as the user reads it."""
    label = TEMPLATE_NAMES.get(template_id)
    return str(label) if label else name


#: Titles of the parts of the plan page, in the order of the templates (source 001, 003).
PART_TITLES = {
    "": _("General"),
    "sections": _("Explanation"),
    "pillars": _("Pillars"),
    "agreements": _("Agreements"),
    "action_lines": _("Action lines"),
    "stakeholders": _("Organisations involved"),
    "organisation": _("Organisation"),
    "interventions": _("Interventions"),
    "experiments": _("Experiments"),
    "communities": _("Communities"),
    "financial_overview": _("Financial overview"),
    "signatories": _("Signatories"),
}


def part_title(name: str) -> str:
    return str(PART_TITLES.get(name, name)) or gettext("General")
