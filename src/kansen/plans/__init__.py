"""Agendas and execution plans: the document model, its checks, planning and exports.

This is the library layer of kansen and imports nothing from Django: a programme lead can
check a plan file on the command line (``kansen plan check``) or in a notebook.

* :class:`Plan` is a GKA-agenda (``kind="agenda"``) or an execution plan (``"plan"``), built
  of frozen dataclasses; money is :class:`~decimal.Decimal`, a pending amount is
  :meth:`Amount.pm` (PM, which is not zero);
* :func:`read_plan`, :func:`write_plan`, :func:`loads_plan` and :func:`dumps_plan` read and
  write YAML or JSON files with a versioned layout, described by :func:`plan_schema`;
* :func:`check_plan` finds every problem (rows that do not add up, a broken carry-over chain,
  financing short of the budget, contributions above their ceiling, PM lines, efforts behind
  schedule, required fields still empty) and corrects nothing;
* :func:`compute_overview` computes the yearly financial overview from its rows;
* :func:`quarter_grid`, :func:`behind_schedule` and :func:`planning_chart` show the planning
  by quarter; :func:`meetings_calendar` turns agreed meetings into iCalendar entries;
* :func:`plan_docx`, :func:`plan_pdf` and :func:`budget_workbook` write the documents for the
  council and the ministry.

Optional packages, imported only when used: ``pyyaml`` (YAML), ``jsonschema`` (schema
validation), ``icalendar`` (calendar), ``python-docx`` (Word), ``weasyprint`` (PDF).

Examples
--------
>>> from datetime import date
>>> from decimal import Decimal
>>> plan = Plan(
...     kind=PlanKind.AGENDA, municipality="Demostad", title="GKA-agenda Demostad",
...     period=Period(2021, 2024), template="gka-agenda-2021-2024",
...     interventions=(Intervention(
...         name="Brugfunctionaris",
...         budget=(BudgetLine("Inzet", Amount.of(120000), (2022,)),),
...         financing=(FinancingSource(FunderKind.GKA, "GKA", Amount.of(120000)),),
...     ),),
... )
>>> report = check_plan(plan, today=date(2022, 1, 1))
>>> [p.code for p in report.errors]
['ceiling-exceeded']
>>> report.errors[0].expected, report.errors[0].found
(Decimal('100000'), Decimal('120000'))
"""

from ._agenda import (
    Agreements,
    Analysis,
    BudgetLine,
    Community,
    CommunityRole,
    FinancingSource,
    FunderKind,
    Intervention,
    KnowledgeSharing,
    Location,
    Meeting,
    OtherAgreement,
    Pillar,
    PlanningPhase,
    Section,
    Signatory,
    Status,
)
from ._calendar import Recurrence, meeting_dates, meetings_calendar, parse_frequency
from ._chart import planning_chart
from ._checks import check_plan
from ._documents import (
    PlanText,
    dumps_plan,
    format_of,
    loads_plan,
    plan_from_data,
    plan_to_data,
    read_plan,
    read_plan_text,
    write_plan,
)
from ._docx import plan_docx, write_plan_docx
from ._edits import (
    DELETE,
    MISSING,
    PathError,
    Rebased,
    ancestor_ids,
    data_at,
    diff,
    format_path,
    merge,
    parse_path,
    rebase,
    set_at,
)
from ._edits import Token as PathToken
from ._edits import flatten as flatten_paths
from ._edits import join as join_path
from ._edits import same as same_value
from ._excel import budget_workbook, budget_xlsx, write_budget_workbook
from ._execution import (
    ActionLine,
    CostCategory,
    CostLine,
    Effort,
    FinancialOverview,
    FinancialYear,
    GuidingPrinciple,
    MeansLine,
    OrganisationRole,
    RoleAssignment,
    Stakeholder,
    Theme,
)
from ._finance import BudgetSummary, YearFigures, compute_overview, summarise_budget
from ._items import (
    ITEM_ID,
    Item,
    new_item_id,
    upgrade_plan_data,
    with_item_ids,
    without_item_ids,
)
from ._model import Plan, PlanKind
from ._pdf import plan_html, plan_pdf, write_plan_pdf
from ._planning import PlanningGrid, PlanningItem, behind_schedule, planning_items, quarter_grid
from ._problems import (
    PROBLEM_CODES,
    PROBLEM_TEXTS,
    CheckReport,
    PlanFormatError,
    PlanValueError,
    Problem,
)
from ._schema import SCHEMA_VERSION, build_schema, plan_schema, schema_problems
from ._templates import Ceiling, Template, load_templates
from ._values import MONEY_SCHEMA, Amount, Period, PlanningEnd, Quarter, quarter_range

__all__ = [
    "DELETE",
    "ITEM_ID",
    "MISSING",
    "MONEY_SCHEMA",
    "PROBLEM_CODES",
    "PROBLEM_TEXTS",
    "SCHEMA_VERSION",
    "ActionLine",
    "Agreements",
    "Amount",
    "Analysis",
    "BudgetLine",
    "BudgetSummary",
    "Ceiling",
    "CheckReport",
    "Community",
    "CommunityRole",
    "CostCategory",
    "CostLine",
    "Effort",
    "FinancialOverview",
    "FinancialYear",
    "FinancingSource",
    "FunderKind",
    "GuidingPrinciple",
    "Intervention",
    "Item",
    "KnowledgeSharing",
    "Location",
    "MeansLine",
    "Meeting",
    "OrganisationRole",
    "OtherAgreement",
    "PathError",
    "PathToken",
    "Period",
    "Pillar",
    "Plan",
    "PlanFormatError",
    "PlanKind",
    "PlanText",
    "PlanValueError",
    "PlanningEnd",
    "PlanningGrid",
    "PlanningItem",
    "PlanningPhase",
    "Problem",
    "Quarter",
    "Rebased",
    "Recurrence",
    "RoleAssignment",
    "Section",
    "Signatory",
    "Stakeholder",
    "Status",
    "Template",
    "Theme",
    "YearFigures",
    "ancestor_ids",
    "behind_schedule",
    "budget_workbook",
    "budget_xlsx",
    "build_schema",
    "check_plan",
    "compute_overview",
    "data_at",
    "diff",
    "dumps_plan",
    "flatten_paths",
    "format_of",
    "format_path",
    "join_path",
    "load_templates",
    "loads_plan",
    "meeting_dates",
    "meetings_calendar",
    "merge",
    "new_item_id",
    "parse_frequency",
    "parse_path",
    "plan_docx",
    "plan_from_data",
    "plan_html",
    "plan_pdf",
    "plan_schema",
    "plan_to_data",
    "planning_chart",
    "planning_items",
    "quarter_grid",
    "quarter_range",
    "read_plan",
    "read_plan_text",
    "rebase",
    "same_value",
    "schema_problems",
    "set_at",
    "summarise_budget",
    "upgrade_plan_data",
    "with_item_ids",
    "without_item_ids",
    "write_budget_workbook",
    "write_plan",
    "write_plan_docx",
    "write_plan_pdf",
]
