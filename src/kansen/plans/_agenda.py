"""The parts of a GKA-agenda: explanation, agreements, interventions and their money.

Names follow the glossary in ``domain.md``; the Dutch labels of the template are in the
docstrings. Every part is a frozen dataclass whose ``Attributes`` section also documents the
field in the JSON Schema, so the schema and the code say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ._items import Item
from ._values import Amount, PlanningEnd, Quarter


class Status(StrEnum):
    """How far an effort, intervention or community is."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    STOPPED = "stopped"


class FunderKind(StrEnum):
    """Who pays: the municipality, the Gelijke Kansen Alliantie (ministry of OCW), the national
    education programme (NPO), or another funder."""

    MUNICIPALITY = "municipality"
    GKA = "gka"
    NPO = "npo"
    OTHER = "other"


@dataclass(frozen=True)
class Section(Item):
    """A section of the explanation (toelichting), e.g. "Aanleiding en uitdagingen".

    Attributes
    ----------
    title : str
        The heading as in the template.
    text : str
        The text; paragraphs are separated by a blank line.
    """

    title: str
    text: str = ""


@dataclass(frozen=True)
class Pillar(Item):
    """A pillar the agenda rests on (Verbinding, Effectiviteit, Kennisdeling).

    Attributes
    ----------
    name : str
        The pillar's name.
    text : str
        What the parties commit to under it.
    """

    name: str
    text: str = ""


@dataclass(frozen=True)
class Signatory(Item):
    """Someone who signs the agenda (ondertekening bevoegd gezag).

    Attributes
    ----------
    name : str
        Full name; empty while not known.
    role : str
        The office, e.g. "Wethouder" or "Minister van Onderwijs, Cultuur en Wetenschap".
    organisation : str
        The municipality or ministry signed for.
    portfolio : str
        The alderman's portfolio (portefeuille), when the template asks for it.
    date : date or None
        Date of signing (ISO 8601).
    place : str
        Place of signing.
    """

    name: str = ""
    role: str = ""
    organisation: str = ""
    portfolio: str = ""
    date: dt.date | None = None
    place: str = ""


@dataclass(frozen=True)
class Meeting(Item):
    """An agreed meeting (agenda-afspraak 1), e.g. bestuurlijk overleg or beleidsoverleg.

    Attributes
    ----------
    kind : str
        The kind of meeting as the agenda names it, e.g. "Bestuurlijk overleg".
    goal : str
        Its goal (doel).
    frequency : str
        How often, in Dutch as agreed: "2 keer per jaar", "elk kwartaal", "maandelijks".
    composition : str
        Who takes part (samenstelling).
    """

    kind: str
    goal: str = ""
    frequency: str = ""
    composition: str = ""


@dataclass(frozen=True)
class Analysis:
    """Analysis and research (agenda-afspraak 2).

    Attributes
    ----------
    data : tuple of str
        Data the analysis uses.
    ongoing_research : tuple of str
        Research already running (lopend onderzoek), with its research questions.
    research_wishes : tuple of str
        Research the municipality would like (onderzoekswensen).
    parties : tuple of str
        Parties involved in the analysis.
    planning : str
        When.
    """

    data: tuple[str, ...] = ()
    ongoing_research: tuple[str, ...] = ()
    research_wishes: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    planning: str = ""


@dataclass(frozen=True)
class KnowledgeSharing:
    """Communication and knowledge sharing (agenda-afspraak 3).

    Attributes
    ----------
    communication : tuple of str
        How results are communicated, e.g. best practices on the alliance's website.
    local : tuple of str
        Local knowledge sharing (lokaal).
    thematic : tuple of str
        Thematic knowledge sharing (thematisch).
    national : tuple of str
        National knowledge sharing (landelijk).
    """

    communication: tuple[str, ...] = ()
    local: tuple[str, ...] = ()
    thematic: tuple[str, ...] = ()
    national: tuple[str, ...] = ()


@dataclass(frozen=True)
class OtherAgreement(Item):
    """A further agreement (overige agenda-afspraken).

    Attributes
    ----------
    kind : str
        Type of agreement.
    specification : str
        What is agreed.
    planning : str
        When.
    """

    kind: str = ""
    specification: str = ""
    planning: str = ""


@dataclass(frozen=True)
class Agreements:
    """The agenda's agreements (agenda-afspraken) between the municipality and the ministry.

    Attributes
    ----------
    meetings : tuple of Meeting
        Agreed meetings.
    analysis : Analysis
        Analysis and research.
    knowledge_sharing : KnowledgeSharing
        Communication and knowledge sharing.
    other : tuple of OtherAgreement
        Further agreements.
    """

    meetings: tuple[Meeting, ...] = ()
    analysis: Analysis = Analysis()
    knowledge_sharing: KnowledgeSharing = KnowledgeSharing()
    other: tuple[OtherAgreement, ...] = ()


@dataclass(frozen=True)
class Location:
    """Where an intervention takes place (locatie: wijk, school).

    Attributes
    ----------
    neighbourhoods : tuple of str
        CBS neighbourhood codes, e.g. "BU05460101".
    schools : tuple of str
        School names (or BRIN codes).
    description : str
        Anything else, in words.
    """

    neighbourhoods: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class BudgetLine(Item):
    """One line of an intervention's budget (begroting).

    Attributes
    ----------
    description : str
        What the money is for.
    amount : Amount
        Euros, or "PM" when not known yet (PM is not zero).
    years : tuple of int
        The year(s) the line is for; several when the document gives one amount for several
        years, none when it gives no year.
    """

    description: str
    amount: Amount
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class FinancingSource(Item):
    """Where money for an intervention comes from (financiering).

    Attributes
    ----------
    funder : FunderKind
        municipality, gka (ministry of OCW through the alliance), npo or other.
    name : str
        The funder as the document names it, e.g. "Gemeente Amersfoort".
    amount : Amount
        Euros, or "PM".
    note : str
        E.g. which budget the money comes from.
    """

    funder: FunderKind
    name: str
    amount: Amount
    note: str = ""


@dataclass(frozen=True)
class PlanningPhase(Item):
    """A phase of an intervention's planning, e.g. "Voorbereiding" in 2019.

    Attributes
    ----------
    name : str
        The phase.
    start : Quarter or None
        First quarter, when known.
    end : PlanningEnd or None
        Last quarter or "Lopend", when known.
    text : str
        The planning in the document's words (e.g. "2020 - medio 2021").
    """

    name: str
    start: Quarter | None = None
    end: PlanningEnd | None = None
    text: str = ""


@dataclass(frozen=True)
class Intervention(Item):
    """An intervention, or an experiment (the template gives both the same fields).

    Attributes
    ----------
    name : str
        Name or title (naam/titel interventie).
    parties : tuple of str
        Parties involved (betrokken partijen).
    goal : str
        Goal (doel interventie).
    target_group : str
        Target group (doelgroep).
    location : Location
        Neighbourhoods and schools.
    activities : str
        Description of the activities.
    planning : tuple of PlanningPhase
        The phases with their quarters.
    monitoring : str
        Monitoring and evaluation.
    budget : tuple of BudgetLine
        The budget lines.
    financing : tuple of FinancingSource
        The financing sources.
    budget_total : Decimal or None
        The budget total as the document states it, checked against the lines.
    financing_total : Decimal or None
        The financing total as the document states it, checked against the sources.
    website : str
        Website (meer informatie).
    contact : str
        Contact person for the project and/or municipality.
    status : Status or None
        How far it is; None while not recorded.
    """

    name: str
    parties: tuple[str, ...] = ()
    goal: str = ""
    target_group: str = ""
    location: Location = Location()
    activities: str = ""
    planning: tuple[PlanningPhase, ...] = ()
    monitoring: str = ""
    budget: tuple[BudgetLine, ...] = ()
    financing: tuple[FinancingSource, ...] = ()
    budget_total: Decimal | None = None
    financing_total: Decimal | None = None
    website: str = ""
    contact: str = ""
    status: Status | None = None


@dataclass(frozen=True)
class CommunityRole(Item):
    """A party's tasks in a community (taken en rollen).

    Attributes
    ----------
    party : str
        Who.
    tasks : str
        Their tasks and role.
    """

    party: str
    tasks: str = ""


@dataclass(frozen=True)
class Community(Item):
    """A community of practice (template: naam, partijen, doel, doelgroep, activiteiten, taken
    en rollen, samenwerking).

    Attributes
    ----------
    name : str
        Name of the community.
    parties : tuple of str
        Parties involved.
    goal : str
        Goal of the community.
    target_group : str
        Target group.
    activities : str
        Activities.
    roles : tuple of CommunityRole
        Tasks and roles.
    collaboration : str
        How the parties work together (samenwerking).
    website : str
        Website.
    contact : str
        Contact person.
    status : Status or None
        How far it is; None while not recorded.
    """

    name: str
    parties: tuple[str, ...] = ()
    goal: str = ""
    target_group: str = ""
    activities: str = ""
    roles: tuple[CommunityRole, ...] = ()
    collaboration: str = ""
    website: str = ""
    contact: str = ""
    status: Status | None = None
