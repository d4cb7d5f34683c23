"""Checks of the money: totals, the carry-over chain, financing, ceilings and PM lines.

Each stated figure is held against the figures it is made of *as the document states them*,
so one wrong number gives one problem instead of a cascade through every later year; the
figures computed from the rows alone are :func:`compute_overview`'s. Nothing is corrected.

Years of money outside the plan's period are a warning (``budget-year``), and an error when
the plan's template is for a fixed period (the GKA-agenda templates): an agenda's money is
agreed with the ministry for the agenda's years only, so a budget line or a year of the
overview outside them cannot be submitted. An execution plan (a template without a period)
is the municipality's own, and gets a warning. A negative budget line or contribution is an error
(``negative-amount``): a cost or a contribution is never below zero; a refund or a saving is
written as its own line of the overview, not as a negative cost of an intervention.
"""

from __future__ import annotations

from decimal import Decimal

from kansen.problems import Severity

from ._agenda import FunderKind, Intervention
from ._execution import CostCategory, FinancialYear
from ._finance import euros, gap, summarise_budget, total, year_costs, year_own_means
from ._model import Plan
from ._problems import Problem
from ._templates import Template
from ._values import Period


def check_financial_overview(plan: Plan, template: Template | None = None) -> list[Problem]:
    """Totals, carry-over chain and coverage of each year of the financial overview, and its
    years against the period (an error when the ``template`` is for a fixed period)."""
    overview = plan.financial_overview
    if overview is None:
        return []
    problems: list[Problem] = []
    line_codes = {line.code for line in plan.action_lines}
    previous: tuple[FinancialYear, Decimal] | None = None
    for i, year in enumerate(overview.years):
        path = f"financial_overview.years[{i}]"
        outside = _outside_period(plan, template, [year.year])
        if outside is not None:
            severity, period = outside
            problems.append(
                Problem(
                    f"{path}.year",
                    severity,
                    "budget-year",
                    f"the financial overview has the year {year.year}, outside the period {period}",
                )
            )
        problems += _check_cost_lines(year, path, line_codes)
        costs = year_costs(year)
        if year.total_costs is not None and year.total_costs != costs:
            problems.append(
                _mismatch(
                    f"{path}.total_costs",
                    year.year,
                    "cost rows",
                    "total costs",
                    costs,
                    year.total_costs,
                )
            )
        carried = year.carried_over if year.carried_over is not None else Decimal(0)
        means = year_own_means(year) + carried
        if year.total_means is not None and year.total_means != means:
            problems.append(
                _mismatch(
                    f"{path}.total_means",
                    year.year,
                    "base budget, extra allocations and carried over",
                    "total means",
                    means,
                    year.total_means,
                )
            )
        stated_means = year.total_means if year.total_means is not None else means
        stated_costs = year.total_costs if year.total_costs is not None else costs
        left = stated_means - stated_costs
        if year.remainder is not None and year.remainder != left:
            problems.append(
                Problem(
                    f"{path}.remainder",
                    "error",
                    "total-mismatch",
                    f"{year.year}: total means {euros(stated_means)} minus total costs "
                    f"{euros(stated_costs)} leave {euros(left)}, but the remainder says "
                    f"{euros(year.remainder)} ({gap(year.remainder, left)})",
                    left,
                    year.remainder,
                )
            )
        remainder = year.remainder if year.remainder is not None else left
        if remainder < 0:
            problems.append(
                Problem(
                    f"{path}.remainder",
                    "error",
                    "means-short",
                    f"{year.year}: the means do not cover the costs; short by {euros(-remainder)}",
                    Decimal(0),
                    remainder,
                )
            )
        if previous is not None:
            problems += _check_chain(previous, year, path)
        previous = (year, remainder)
    return problems


def _check_cost_lines(year: FinancialYear, path: str, line_codes: set[str]) -> list[Problem]:
    problems = []
    for j, line in enumerate(year.costs):
        if line.category is CostCategory.ACTION_LINE and line.action_line not in line_codes:
            problems.append(
                Problem(
                    f"{path}.costs[{j}].action_line",
                    "error",
                    "unknown-reference",
                    f"{year.year}: cost row {line.label!r} is for action line "
                    f"{line.action_line!r}, which the plan does not have (it has "
                    f"{sorted(line_codes)})",
                )
            )
    return problems


def _check_chain(
    previous: tuple[FinancialYear, Decimal], year: FinancialYear, path: str
) -> list[Problem]:
    before, left = previous
    problems = []
    if year.year != before.year + 1:
        problems.append(
            Problem(
                f"{path}.year",
                "error",
                "year-sequence",
                f"expected year {before.year + 1} after {before.year}; got {year.year}",
            )
        )
    carried = year.carried_over if year.carried_over is not None else Decimal(0)
    if carried != left:
        said = "n.v.t." if year.carried_over is None else euros(carried)
        problems.append(
            Problem(
                f"{path}.carried_over",
                "error",
                "carry-over",
                f"{before.year} leaves {euros(left)}, but {year.year} carries over {said} "
                f"({gap(carried, left)})",
                left,
                carried,
            )
        )
    return problems


def _mismatch(
    path: str, year: int, parts: str, what: str, computed: Decimal, stated: Decimal
) -> Problem:
    return Problem(
        path,
        "error",
        "total-mismatch",
        f"{year}: the {parts} add up to {euros(computed)}, but the {what} say "
        f"{euros(stated)} ({gap(stated, computed)})",
        computed,
        stated,
    )


def _outside_period(
    plan: Plan, template: Template | None, years: list[int]
) -> tuple[Severity, Period] | None:
    """The severity and the plan's period when some of ``years`` fall outside it: an error
    when the template is for a fixed period (an agenda's money is agreed for its years only),
    else a warning."""
    if not any(y not in plan.period for y in years):
        return None
    fixed = template is not None and template.period is not None
    return ("error" if fixed else "warning"), plan.period


def check_budgets(plan: Plan, template: Template | None = None) -> list[Problem]:
    """Totals, coverage, PM lines, negative amounts and years of each intervention's and
    experiment's budget (a year outside the period is an error when the ``template`` is for a
    fixed period)."""
    problems: list[Problem] = []
    for path, activity in plan.activities():
        problems += _check_activity_budget(plan, path, activity, template)
    return problems


def _check_activity_budget(
    plan: Plan, path: str, activity: Intervention, template: Template | None
) -> list[Problem]:
    problems = []
    summary = summarise_budget(activity)
    name = activity.name or path
    for field, stated, computed in (
        ("budget_total", activity.budget_total, summary.budget),
        ("financing_total", activity.financing_total, summary.financing),
    ):
        if stated is not None and stated != computed:
            lines = "budget lines" if field == "budget_total" else "financing sources"
            problems.append(
                Problem(
                    f"{path}.{field}",
                    "error",
                    "total-mismatch",
                    f"{name!r}: the known {lines} add up to {euros(computed)}, but the stated "
                    f"total is {euros(stated)} ({gap(stated, computed)})",
                    computed,
                    stated,
                )
            )
    if summary.financing < summary.budget:
        problems.append(
            Problem(
                f"{path}.financing",
                "error",
                "financing-short",
                f"{name!r}: the financing ({euros(summary.financing)}) does not cover the budget "
                f"({euros(summary.budget)}); short by {euros(summary.shortfall)}",
                summary.budget,
                summary.financing,
            )
        )
    elif summary.financing > summary.budget and not summary.budget_pending:
        problems.append(
            Problem(
                f"{path}.financing",
                "warning",
                "financing-surplus",
                f"{name!r}: the financing ({euros(summary.financing)}) is more than the budget "
                f"({euros(summary.budget)}) by {euros(summary.financing - summary.budget)}",
                summary.budget,
                summary.financing,
            )
        )
    for j, line in enumerate(activity.budget):
        where = f"{path}.budget[{j}]"
        if line.amount.value is not None and line.amount.value < 0:
            problems.append(
                Problem(
                    f"{where}.amount",
                    "error",
                    "negative-amount",
                    f"{name!r}: budget line {line.description!r} has the negative amount "
                    f"{euros(line.amount.value)}; a budget line is a cost of zero or more",
                    None,
                    line.amount.value,
                )
            )
        if line.amount.is_pending:
            problems.append(
                Problem(
                    where,
                    "warning",
                    "pm-open",
                    f"{name!r}: budget line {line.description!r} is still PM; the budget of "
                    f"{euros(summary.budget)} and its financing leave it out until it has an "
                    "amount",
                )
            )
        if not line.years:
            problems.append(
                Problem(
                    where,
                    "warning",
                    "budget-year",
                    f"{name!r}: budget line {line.description!r} has no year, so it cannot be "
                    "placed in a yearly overview",
                )
            )
        outside = _outside_period(plan, template, list(line.years))
        if outside is not None:
            severity, period = outside
            years = [y for y in line.years if y not in period]
            problems.append(
                Problem(
                    where,
                    severity,
                    "budget-year",
                    f"{name!r}: budget line {line.description!r} is for {years}, outside the "
                    f"period {period}"
                    + (
                        f" (template {template.id!r} is for a fixed period)"
                        if severity == "error" and template
                        else ""
                    ),
                )
            )
    for j, source in enumerate(activity.financing):
        if source.amount.value is not None and source.amount.value < 0:
            problems.append(
                Problem(
                    f"{path}.financing[{j}].amount",
                    "error",
                    "negative-amount",
                    f"{name!r}: the contribution of {source.name!r} is the negative amount "
                    f"{euros(source.amount.value)}; a contribution is zero or more",
                    None,
                    source.amount.value,
                )
            )
        if source.amount.is_pending:
            problems.append(
                Problem(
                    f"{path}.financing[{j}]",
                    "warning",
                    "pm-open",
                    f"{name!r}: the contribution of {source.name!r} is still PM",
                )
            )
    return problems


def check_ceilings(
    plan: Plan, template: Template | None, capped_funders: set[FunderKind]
) -> list[Problem]:
    """Contributions above their ceiling, and contributions for which no ceiling is on record.

    Parameters
    ----------
    plan : Plan
        The plan.
    template : Template or None
        The plan's template (None when unknown: then nothing is checked against a ceiling).
    capped_funders : set of FunderKind
        Funders that have a ceiling in some template: a contribution of such a funder under a
        template without a ceiling for it is reported as not checked.
    """
    contributions: dict[FunderKind, list[tuple[str, str, Decimal, str]]] = {}
    for path, activity in plan.activities():
        for j, source in enumerate(activity.financing):
            if source.amount.value is not None:
                contributions.setdefault(source.funder, []).append(
                    (f"{path}.financing[{j}]", path, source.amount.value, source.name)
                )
    problems: list[Problem] = []
    ceilings = {c.funder: c for c in template.ceilings} if template is not None else {}
    for funder, found in contributions.items():
        ceiling = ceilings.get(funder)
        if ceiling is None:
            if template is not None and funder in capped_funders:
                amount = total(amount for _, _, amount, _ in found)
                problems.append(
                    Problem(
                        found[0][0],
                        "warning",
                        "ceiling-unknown",
                        f"no ceiling for {funder.value} contributions is on record for template "
                        f"{template.id!r}; the contribution of {euros(amount)} was not checked",
                        None,
                        amount,
                        tuple(p for p, _, _, _ in found),
                    )
                )
            continue
        assert template is not None  # a ceiling comes from the template
        groups: dict[str, list[tuple[str, str, Decimal, str]]] = {}
        for item in found:
            groups.setdefault("" if ceiling.scope == "plan" else item[1], []).append(item)
        funder_name = FUNDER_NAMES[funder]
        for items in groups.values():
            amount = total(a for _, _, a, _ in items)
            if amount <= ceiling.amount:
                continue
            paths = tuple(p for p, _, _, _ in items)
            if len(paths) == 1:
                where, listed = paths[0], f" of {items[0][3]!r}"
            else:
                where = "" if ceiling.scope == "plan" else items[0][1]
                listed = f" of {', '.join(repr(n) for *_, n in items)} ({', '.join(paths)})"
            scope = "all interventions together" if ceiling.scope == "plan" else "an intervention"
            problems.append(
                Problem(
                    where,
                    "error",
                    "ceiling-exceeded",
                    f"the {funder_name} contribution{listed}, {euros(amount)}, is above the "
                    f"ceiling of {euros(ceiling.amount)} for {funder_name} in {scope} under "
                    f"{template.name} (template {template.id!r}) by "
                    f"{euros(amount - ceiling.amount)}; ceiling from {ceiling.source}",
                    ceiling.amount,
                    amount,
                    paths,
                )
            )
    return problems


#: Funders as the messages name them.
FUNDER_NAMES: dict[FunderKind, str] = {
    FunderKind.MUNICIPALITY: "municipality",
    FunderKind.GKA: "GKA",
    FunderKind.NPO: "NPO",
    FunderKind.OTHER: "other",
}
