"""The money checks, one table row per case: totals, carry-over, financing, ceilings, PM."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from kansen.plans import (
    ActionLine,
    Amount,
    BudgetLine,
    Ceiling,
    CostCategory,
    CostLine,
    FinancialOverview,
    FinancialYear,
    FinancingSource,
    FunderKind,
    Intervention,
    MeansLine,
    Period,
    Plan,
    PlanKind,
    Template,
    check_plan,
    compute_overview,
    load_templates,
    summarise_budget,
)

D = Decimal
TODAY = date(2024, 1, 1)
MONEY_CODES = {
    "total-mismatch",
    "carry-over",
    "year-sequence",
    "means-short",
    "financing-short",
    "financing-surplus",
    "ceiling-exceeded",
    "ceiling-unknown",
    "pm-open",
    "budget-year",
    "unknown-reference",
}


def year(
    number: int,
    costs: tuple[str, ...],
    total: str | None = None,
    base: str = "0",
    extra: tuple[str, ...] = (),
    carried: str | None = None,
    means: str | None = None,
    remainder: str | None = None,
) -> FinancialYear:
    """A year with cost rows for action line 1 and the stated totals."""
    return FinancialYear(
        year=number,
        costs=tuple(
            CostLine(f"regel {i}", D(a), CostCategory.ACTION_LINE, "1") for i, a in enumerate(costs)
        ),
        total_costs=None if total is None else D(total),
        base_budget=D(base),
        extra_means=tuple(MeansLine(f"extra {i}", D(a)) for i, a in enumerate(extra)),
        carried_over=None if carried is None else D(carried),
        total_means=None if means is None else D(means),
        remainder=None if remainder is None else D(remainder),
    )


def overview_plan(*years: FinancialYear) -> Plan:
    return Plan(
        kind=PlanKind.PLAN,
        municipality="Demostad",
        title="Uitvoeringsplan Demostad",
        period=Period(2024, 2026),
        action_lines=(ActionLine("1", "Actielijn"),),
        financial_overview=FinancialOverview(years=years),
    )


def found(plan: Plan) -> list[tuple[str, str, Decimal | None, Decimal | None]]:
    return [
        (p.code, p.path, p.expected, p.found)
        for p in check_plan(plan, today=TODAY)
        if p.code in MONEY_CODES
    ]


Y = "financial_overview.years"
OVERVIEW_CASES = [
    # Everything adds up: 100 + 50 = 150; 200 - 150 = 50 carried into 2025; 50 + 100 - 150 = 0.
    (
        [
            year(2024, ("100", "50"), "150", "200", (), None, "200", "50"),
            year(2025, ("150",), "150", "100", (), "50", "150", "0"),
        ],
        [],
    ),
    # Rows 100 + 50 = 150 but the total says 140.
    (
        [year(2024, ("100", "50"), "140", "200", (), None, "200", "60")],
        [("total-mismatch", f"{Y}[0].total_costs", D(150), D(140))],
    ),
    # Base 100 + extra 30 + carried 0 = 130, but total means says 150.
    (
        [year(2024, ("100",), "100", "100", ("30",), None, "150", "50")],
        [("total-mismatch", f"{Y}[0].total_means", D(130), D(150))],
    ),
    # Means 200 - costs 150 = 50, but the remainder says 40.
    (
        [year(2024, ("150",), "150", "200", (), None, "200", "40")],
        [("total-mismatch", f"{Y}[0].remainder", D(50), D(40))],
    ),
    # 2024 leaves 50, 2025 carries over 60: the chain breaks (2025's own sums agree).
    (
        [
            year(2024, ("150",), "150", "200", (), None, "200", "50"),
            year(2025, ("160",), "160", "100", (), "60", "160", "0"),
        ],
        [("carry-over", f"{Y}[1].carried_over", D(50), D(60))],
    ),
    # 2024 leaves 50, 2025 says "n.v.t." (nothing carried over).
    (
        [
            year(2024, ("150",), "150", "200", (), None, "200", "50"),
            year(2025, ("100",), "100", "100", (), None, "100", "0"),
        ],
        [("carry-over", f"{Y}[1].carried_over", D(50), D(0))],
    ),
    # 2024 is followed by 2026: a year is missing.
    (
        [
            year(2024, ("100",), "100", "100", (), None, "100", "0"),
            year(2026, ("100",), "100", "100", (), "0", "100", "0"),
        ],
        [("year-sequence", f"{Y}[1].year", None, None)],
    ),
    # Costs 250 against means 200: the remainder is -50.
    (
        [year(2024, ("250",), "250", "200", (), None, "200", "-50")],
        [("means-short", f"{Y}[0].remainder", D(0), D(-50))],
    ),
    # No totals stated: nothing to compare, and the computed remainder (100) is not negative.
    ([year(2024, ("100",), None, "200")], []),
    # Cents are exact: 0.10 + 0.20 is 0.30, not 0.30000000000000004.
    ([year(2024, ("0.10", "0.20"), "0.30", "0.30", (), None, "0.30", "0")], []),
]


@pytest.mark.parametrize(("years", "expected"), OVERVIEW_CASES)
def test_financial_overview_checks(
    years: list[FinancialYear], expected: list[tuple[object, ...]]
) -> None:
    assert found(overview_plan(*years)) == expected


def test_cost_row_for_an_unknown_action_line() -> None:
    plan = overview_plan(year(2024, ("100",), "100", "100", (), None, "100", "0"))
    plan = replace(plan, action_lines=(ActionLine("2", "Andere actielijn"),))
    assert found(plan) == [("unknown-reference", f"{Y}[0].costs[0].action_line", None, None)]


def test_carry_over_arithmetic_is_exact() -> None:
    overview = FinancialOverview(
        years=(
            year(2024, ("541000.10",), base="500000", extra=("300000",)),
            year(2025, ("678000.05",), base="500000"),
            year(2026, ("81000.00",), base="0"),
        )
    )
    figures = compute_overview(overview)
    assert [f.carried_over for f in figures] == [D(0), D("258999.90"), D("80999.85")]
    assert [f.means for f in figures] == [D(800000), D("758999.90"), D("80999.85")]
    assert [f.remainder for f in figures] == [D("258999.90"), D("80999.85"), D("-0.15")]


def activity(
    budget: tuple[tuple[str, tuple[int, ...]], ...],
    financing: tuple[tuple[FunderKind, str], ...],
    budget_total: str | None = None,
    financing_total: str | None = None,
) -> Intervention:
    return Intervention(
        name="Brugfunctionaris",
        budget=tuple(
            BudgetLine(f"regel {i}", Amount.parse(a), ys) for i, (a, ys) in enumerate(budget)
        ),
        financing=tuple(FinancingSource(k, k.value, Amount.parse(a)) for k, a in financing),
        budget_total=None if budget_total is None else D(budget_total),
        financing_total=None if financing_total is None else D(financing_total),
    )


def agenda(*interventions: Intervention, template: str = "gka-agenda-2021-2024") -> Plan:
    return Plan(
        kind=PlanKind.AGENDA,
        municipality="Demostad",
        title="GKA-agenda Demostad",
        period=Period(2021, 2024),
        template=template,
        interventions=interventions,
    )


M, G, N = FunderKind.MUNICIPALITY, FunderKind.GKA, FunderKind.NPO
I0 = "interventions[0]"
BUDGET_CASES = [
    # 60,000 + 40,000 budget, 50,000 + 50,000 financing: covered, nothing to say.
    (agenda(activity((("60000", (2022,)), ("40000", (2023,))), ((M, "50000"), (G, "50000")))), []),
    # Budget 100,000, financing 80,000: 20,000 short.
    (
        agenda(activity((("100000", (2022,)),), ((M, "80000"),))),
        [("financing-short", f"{I0}.financing", D(100000), D(80000))],
    ),
    # Financing 120,000 for a budget of 100,000: more than needed.
    (
        agenda(activity((("100000", (2022,)),), ((M, "120000"),))),
        [("financing-surplus", f"{I0}.financing", D(100000), D(120000))],
    ),
    # A PM line is left out of the budget (not 0) and reported; 50,000 is covered.
    (
        agenda(activity((("PM", (2021,)), ("50000", (2022,))), ((M, "50000"),))),
        [("pm-open", f"{I0}.budget[0]", None, None)],
    ),
    # With a PM line, more financing than the known budget is no surplus: the PM may need it.
    (
        agenda(activity((("PM", (2021,)), ("50000", (2022,))), ((M, "70000"),))),
        [("pm-open", f"{I0}.budget[0]", None, None)],
    ),
    # A PM contribution counts for nothing, so the known financing falls short.
    (
        agenda(activity((("50000", (2022,)),), ((M, "PM"),))),
        [
            ("financing-short", f"{I0}.financing", D(50000), D(0)),
            ("pm-open", f"{I0}.financing[0]", None, None),
        ],
    ),
    # The stated budget total (55,000) is not the sum of the lines (50,000).
    (
        agenda(activity((("50000", (2022,)),), ((M, "50000"),), budget_total="55000")),
        [("total-mismatch", f"{I0}.budget_total", D(50000), D(55000))],
    ),
    # The stated financing total (40,000) is not the sum of the sources (50,000).
    (
        agenda(activity((("50000", (2022,)),), ((M, "50000"),), financing_total="40000")),
        [("total-mismatch", f"{I0}.financing_total", D(50000), D(40000))],
    ),
    # A line without a year, and one for 2025, after the period 2021-2024.
    (
        agenda(activity((("10000", ()), ("10000", (2024, 2025))), ((M, "20000"),))),
        [
            ("budget-year", f"{I0}.budget[0]", None, None),
            ("budget-year", f"{I0}.budget[1]", None, None),
        ],
    ),
    # GKA 2021-2024: 100,000 is the ceiling itself, allowed.
    (agenda(activity((("100000", (2022,)),), ((G, "100000"),))), []),
    # GKA 2021-2024: 100,000.01 is one cent over the ceiling.
    (
        agenda(activity((("100000.01", (2022,)),), ((G, "100000.01"),))),
        [("ceiling-exceeded", f"{I0}.financing[0]", D(100000), D("100000.01"))],
    ),
    # The ceiling is for the whole agenda: two interventions of 60,000 each are 120,000.
    (
        agenda(
            activity((("60000", (2022,)),), ((G, "60000"),)),
            activity((("60000", (2023,)),), ((G, "60000"),)),
        ),
        [("ceiling-exceeded", "", D(100000), D(120000))],
    ),
    # NPO money has no ceiling anywhere: nothing to check, nothing to say.
    (agenda(activity((("500000", (2022,)),), ((N, "500000"),))), []),
    # A GKA contribution under the 2019-2021 template, for which no ceiling is on record.
    (
        agenda(activity((("50000", (2021,)),), ((G, "50000"),)), template="gka-agenda-2019-2021"),
        [("ceiling-unknown", f"{I0}.financing[0]", None, D(50000))],
    ),
]


@pytest.mark.parametrize(("plan", "expected"), BUDGET_CASES)
def test_budget_checks(plan: Plan, expected: list[tuple[object, ...]]) -> None:
    assert found(plan) == expected


def test_ceilings_come_from_data() -> None:
    # The ceiling, its scope and its source are read from templates.json, not from code.
    template = load_templates()["gka-agenda-2021-2024"]
    assert template.ceilings == (
        Ceiling(FunderKind.GKA, D(100000), "plan", template.ceilings[0].source),
    )
    assert "Source 001" in template.ceilings[0].source
    # Another table of templates, with a ceiling per intervention, gives other answers.
    own = Template(
        id="gka-agenda-2021-2024",
        name="eigen",
        kind=PlanKind.AGENDA,
        period=Period(2021, 2024),
        source="test",
        ceilings=(Ceiling(FunderKind.GKA, D(50000), "intervention", "eigen regel"),),
    )
    plan = agenda(
        activity((("60000", (2022,)),), ((G, "60000"),)),
        activity((("40000", (2023,)),), ((G, "40000"),)),
    )
    report = check_plan(plan, today=TODAY, templates={own.id: own})
    assert [(p.code, p.path, p.expected, p.found) for p in report.errors] == [
        ("ceiling-exceeded", f"{I0}.financing[0]", D(50000), D(60000))
    ]
    assert "eigen regel" in report.errors[0].message


def test_pm_is_not_zero() -> None:
    assert Amount.pm() != Amount.of(0)
    summary = summarise_budget(activity((("PM", ()), ("PM", ()), ("0", ())), ((M, "PM"),)))
    assert (summary.budget, summary.budget_pending) == (D(0), 2)
    assert (summary.financing, summary.financing_pending) == (D(0), 1)
