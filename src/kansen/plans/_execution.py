"""The parts of an execution plan: action lines, themes, efforts, organisation and money per year.

Modelled on Leiden's execution plan (source 003): action lines hold themes (1.1, 1.2 ...),
themes hold efforts (1.1A, 1.1B ...) with a start and end quarter or "Lopend"; the financial
overview has costs per year per action line plus project organisation and communication, and
means per year with what was left the year before.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ._agenda import Status
from ._items import Item
from ._values import PlanningEnd, Quarter


class GuidingPrinciple(StrEnum):
    """The four guiding principles (leidende principes) of Leiden's plan."""

    PERSONALISE = "verpersoonlijken"
    CONNECT = "verbinden"
    SIMPLIFY = "vereenvoudigen"
    DEEPEN_AND_BROADEN = "verdiepen en verbreden"


class OrganisationRole(StrEnum):
    """A role in the plan's organisation."""

    ADMINISTRATIVE_PRINCIPAL = "bestuurlijk opdrachtgever"
    OFFICIAL_PRINCIPAL = "ambtelijk opdrachtgever"
    OFFICIAL_CONTRACTOR = "ambtelijk opdrachtnemer"
    EXECUTION = "uitvoering"
    COMMUNICATION = "projectcommunicatie"


class CostCategory(StrEnum):
    """What a cost line of the financial overview is for."""

    ACTION_LINE = "action_line"
    PROJECT_ORGANISATION = "project_organisation"
    COMMUNICATION = "communication"
    OTHER = "other"


@dataclass(frozen=True)
class Stakeholder(Item):
    """An organisation involved (betrokkene), listed once and referred to by its id.

    Attributes
    ----------
    id : str
        A short identifier the themes refer to, e.g. "leiden-onderwijs".
    name : str
        The name as the plan writes it, e.g. "Gemeente Leiden - Onderwijs".
    """

    id: str
    name: str


@dataclass(frozen=True)
class Effort(Item):
    """An effort (inspanning), e.g. 1.1A.

    Attributes
    ----------
    code : str
        The theme's code plus a letter, e.g. "1.1A".
    description : str
        What is done.
    start : Quarter or None
        First quarter.
    end : PlanningEnd or None
        Last quarter, "Lopend", or both.
    status : Status or None
        How far it is; None while not recorded.
    note : str
        Anything the plan adds.
    """

    code: str
    description: str
    start: Quarter | None = None
    end: PlanningEnd | None = None
    status: Status | None = None
    note: str = ""


@dataclass(frozen=True)
class Theme(Item):
    """A theme of an action line, e.g. 1.1 "Inzetten van brugfunctionarissen".

    Attributes
    ----------
    code : str
        The action line's code, a point and a number, e.g. "1.1".
    title : str
        The theme.
    introduction : str
        Why and how, in a few sentences.
    start : Quarter or None
        First quarter of the theme.
    end : PlanningEnd or None
        Last quarter of the theme, or "Lopend".
    efforts : tuple of Effort
        The efforts.
    guiding_principles : tuple of GuidingPrinciple
        The guiding principles the theme follows.
    stakeholders : tuple of str
        Ids of the plan's stakeholders involved.
    note : str
        Anything the plan adds, e.g. a link to other policy.
    """

    code: str
    title: str
    introduction: str = ""
    start: Quarter | None = None
    end: PlanningEnd | None = None
    efforts: tuple[Effort, ...] = ()
    guiding_principles: tuple[GuidingPrinciple, ...] = ()
    stakeholders: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ActionLine(Item):
    """An action line (actielijn).

    Attributes
    ----------
    code : str
        Its number as text, e.g. "1".
    title : str
        What it aims at.
    themes : tuple of Theme
        Its themes.
    """

    code: str
    title: str
    themes: tuple[Theme, ...] = ()


@dataclass(frozen=True)
class RoleAssignment(Item):
    """Who holds a role in the plan's organisation.

    Attributes
    ----------
    role : OrganisationRole
        The role.
    holders : tuple of str
        Offices (not personal names), e.g. "Wethouder Kansengelijkheid, Jeugd en Onderwijs".
    note : str
        Why the role is there, when the plan says so.
    """

    role: OrganisationRole
    holders: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class CostLine(Item):
    """A row of costs in one year of the financial overview.

    Attributes
    ----------
    label : str
        The row as the document labels it.
    amount : Decimal
        Euros.
    category : CostCategory
        action_line, project_organisation, communication or other.
    action_line : str or None
        The action line's code for category action_line.
    """

    label: str
    amount: Decimal
    category: CostCategory = CostCategory.OTHER
    action_line: str | None = None


@dataclass(frozen=True)
class MeansLine(Item):
    """An extra allocation on top of the base budget, e.g. from the coalition agreement.

    Attributes
    ----------
    label : str
        Where it comes from.
    amount : Decimal
        Euros.
    """

    label: str
    amount: Decimal


@dataclass(frozen=True)
class FinancialYear(Item):
    """One year of the financial overview, with the totals as the document states them.

    The totals are entered, not computed, so that a document whose rows do not add up can be
    recorded as it is and flagged by the checks.

    Attributes
    ----------
    year : int
        The year.
    costs : tuple of CostLine
        The cost rows.
    total_costs : Decimal or None
        Total costs as stated (totale kosten).
    base_budget : Decimal
        The plan's own budget for the year.
    extra_means : tuple of MeansLine
        Extra allocations.
    carried_over : Decimal or None
        What was left the year before (restant voorgaand jaar); None for "n.v.t." (the first
        year).
    total_means : Decimal or None
        Total means as stated (totale middelen).
    remainder : Decimal or None
        What is left for the next year as stated (restant huidig jaar).
    """

    year: int
    costs: tuple[CostLine, ...] = ()
    total_costs: Decimal | None = None
    base_budget: Decimal = Decimal(0)
    extra_means: tuple[MeansLine, ...] = ()
    carried_over: Decimal | None = None
    total_means: Decimal | None = None
    remainder: Decimal | None = None


@dataclass(frozen=True)
class FinancialOverview:
    """The yearly financial overview (financieel overzicht), years in order.

    Attributes
    ----------
    title : str
        The table's title in the document.
    years : tuple of FinancialYear
        One entry per year, consecutive.
    """

    title: str = ""
    years: tuple[FinancialYear, ...] = ()
