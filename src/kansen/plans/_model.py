"""The whole document: an agenda (GKA-agenda) or an execution plan (uitvoeringsplan)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from ._agenda import Agreements, Community, Intervention, Pillar, Section, Signatory
from ._execution import (
    ActionLine,
    Effort,
    FinancialOverview,
    GuidingPrinciple,
    RoleAssignment,
    Stakeholder,
    Theme,
)
from ._values import Period


class PlanKind(StrEnum):
    """An agenda agreed with the ministry, or a municipality's own execution plan."""

    AGENDA = "agenda"
    PLAN = "plan"


@dataclass(frozen=True)
class Plan:
    """An agenda or execution plan of one municipality for a period.

    Attributes
    ----------
    kind : PlanKind
        agenda (GKA-agenda) or plan (uitvoeringsplan).
    municipality : str
        The municipality's name.
    title : str
        The document's title.
    period : Period
        The years it covers, e.g. "2021-2024".
    municipality_code : str
        CBS code, e.g. "GM0546".
    template : str
        Id of the template the document follows (see ``templates.json``): decides which
        sections and fields are required and which contribution ceilings apply.
    source : str
        Where the content comes from.
    introduction : str
        The opening text.
    pillars : tuple of Pillar
        The pillars (Verbinding, Effectiviteit, Kennisdeling).
    sections : tuple of Section
        The explanation (toelichting) by section.
    guiding_principles : tuple of GuidingPrinciple
        The guiding principles of the whole plan.
    agreements : Agreements or None
        The agenda's agreements.
    action_lines : tuple of ActionLine
        Action lines with themes and efforts.
    stakeholders : tuple of Stakeholder
        Every organisation involved, once; themes refer to them by id.
    organisation : tuple of RoleAssignment
        Who is principal, contractor and does the work.
    interventions : tuple of Intervention
        The interventions.
    experiments : tuple of Intervention
        The experiments (same fields as an intervention).
    communities : tuple of Community
        The communities.
    financial_overview : FinancialOverview or None
        Costs and means per year.
    signatories : tuple of Signatory
        Who signs.
    website : str
        Where to read more.
    contact : str
        E-mail address or contact person.
    """

    kind: PlanKind
    municipality: str
    title: str
    period: Period
    municipality_code: str = ""
    template: str = ""
    source: str = ""
    introduction: str = ""
    pillars: tuple[Pillar, ...] = ()
    sections: tuple[Section, ...] = ()
    guiding_principles: tuple[GuidingPrinciple, ...] = ()
    agreements: Agreements | None = None
    action_lines: tuple[ActionLine, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    organisation: tuple[RoleAssignment, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    experiments: tuple[Intervention, ...] = ()
    communities: tuple[Community, ...] = ()
    financial_overview: FinancialOverview | None = None
    signatories: tuple[Signatory, ...] = ()
    website: str = ""
    contact: str = ""

    def stakeholder_name(self, stakeholder_id: str) -> str:
        """The name of a stakeholder, or the id itself when the plan does not list it."""
        for stakeholder in self.stakeholders:
            if stakeholder.id == stakeholder_id:
                return stakeholder.name
        return stakeholder_id

    def themes(self) -> Iterator[tuple[str, ActionLine, Theme]]:
        """Every theme with its path, e.g. ``("action_lines[0].themes[1]", line, theme)``."""
        for i, line in enumerate(self.action_lines):
            for j, theme in enumerate(line.themes):
                yield f"action_lines[{i}].themes[{j}]", line, theme

    def efforts(self) -> Iterator[tuple[str, Theme, Effort]]:
        """Every effort with its path and theme."""
        for path, _line, theme in self.themes():
            for k, effort in enumerate(theme.efforts):
                yield f"{path}.efforts[{k}]", theme, effort

    def activities(self) -> Iterator[tuple[str, Intervention]]:
        """Every intervention and experiment with its path."""
        for i, intervention in enumerate(self.interventions):
            yield f"interventions[{i}]", intervention
        for i, experiment in enumerate(self.experiments):
            yield f"experiments[{i}]", experiment
