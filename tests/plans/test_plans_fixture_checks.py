"""What the checks find in the two real documents, exactly (judged on 1 July 2025).

These lists are the findings reported to the programme: every entry is something the source
document itself says (or leaves empty), not a transcription error.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kansen.plans import Plan, check_plan, compute_overview

D = Decimal
#: (severity, code, path, expected, found)
AMERSFOORT_PROBLEMS = [
    # The preparation line of 2019 is PM: the budget of 220,000 leaves it out.
    ("warning", "pm-open", "interventions[0].budget[0]", None, None),
    # "Onderzoek: EUR 10.000" has no year.
    ("warning", "budget-year", "interventions[0].budget[2]", None, None),
    # The GKA gives 140,000; the only ceiling on record (100,000) is for 2021-2024.
    ("warning", "ceiling-unknown", "interventions[0].financing[1]", None, D(140000)),
    # Execution ran to "medio 2021" (Q2 2021) and no status is recorded.
    ("warning", "behind-schedule", "interventions[0]", None, None),
    # The alderman's signature block is empty; no signature has a date or place.
    ("warning", "required-empty", "signatories[0].name", None, None),
    ("warning", "required-empty", "signatories[0].date", None, None),
    ("warning", "required-empty", "signatories[0].place", None, None),
    ("warning", "required-empty", "signatories[1].date", None, None),
    ("warning", "required-empty", "signatories[1].place", None, None),
    ("warning", "required-empty", "signatories[2].date", None, None),
    ("warning", "required-empty", "signatories[2].place", None, None),
    # Agreement 2 leaves DATA, PARTIJEN and PLANNING empty.
    ("warning", "required-empty", "agreements.analysis.data", None, None),
    ("warning", "required-empty", "agreements.analysis.parties", None, None),
    ("warning", "required-empty", "agreements.analysis.planning", None, None),
]
LEIDEN_PROBLEMS = [
    # 2024: 317,000 + 35,000 + 40,000 + 180,000 + 23,000 = 595,000, stated 541,000.
    ("error", "total-mismatch", "financial_overview.years[0].total_costs", D(595000), D(541000)),
    # 2026: action line 1 is printed "173.00"; the rows give 354,173.00, stated 581,000.
    (
        "error",
        "total-mismatch",
        "financial_overview.years[2].total_costs",
        D("354173.00"),
        D(581000),
    ),
    # Efforts whose end quarter is over on 1 July 2025 and that have no status.
    ("warning", "behind-schedule", "action_lines[0].themes[0].efforts[0]", None, None),  # 1.1A
    ("warning", "behind-schedule", "action_lines[0].themes[2].efforts[1]", None, None),  # 1.3B
    ("warning", "behind-schedule", "action_lines[1].themes[0].efforts[1]", None, None),  # 2.1B
    ("warning", "behind-schedule", "action_lines[1].themes[0].efforts[2]", None, None),  # 2.1C
    ("warning", "behind-schedule", "action_lines[2].themes[0].efforts[0]", None, None),  # 3.1A
    ("warning", "behind-schedule", "action_lines[2].themes[0].efforts[1]", None, None),  # 3.1B
    ("warning", "behind-schedule", "action_lines[2].themes[1].efforts[1]", None, None),  # 3.2B
]


def _rows(plan: Plan, today: date) -> list[tuple[object, ...]]:
    report = check_plan(plan, today=today)
    return [(p.severity, p.code, p.path, p.expected, p.found) for p in report]


def test_amersfoort_problems(amersfoort: Plan, today: date) -> None:
    assert _rows(amersfoort, today) == AMERSFOORT_PROBLEMS


def test_leiden_problems(leiden: Plan, today: date) -> None:
    assert _rows(leiden, today) == LEIDEN_PROBLEMS


def test_leiden_messages_give_the_numbers(leiden: Plan, today: date) -> None:
    errors = check_plan(leiden, today=today).errors
    assert errors[0].message == (
        "2024: the cost rows add up to EUR 595,000, but the total costs say EUR 541,000 "
        "(EUR 54,000 less)"
    )
    assert errors[0].difference == D(-54000)
    assert "EUR 354,173.00" in errors[1].message


def test_leiden_means_and_carry_over_chain_agree_with_themselves(leiden: Plan) -> None:
    # The stated means, remainders and carry-overs are consistent with the stated totals: only
    # the cost rows disagree. Computed from the rows alone, the chain comes out differently.
    figures = compute_overview(leiden.financial_overview)  # type: ignore[arg-type]
    assert [f.costs for f in figures] == [D(595000), D(678000), D("354173.00")]
    assert [f.carried_over for f in figures] == [D(0), D(205000), D(27000)]
    assert [f.remainder for f in figures] == [D(205000), D(27000), D("172827.00")]


def test_leiden_three_year_costs_balance(leiden: Plan) -> None:
    # Read as 173,000, the rows of all three years add up to the stated three-year total:
    # the 54,000 too many in 2024 are the 54,000 too few in 2026.
    overview = leiden.financial_overview
    assert overview is not None
    rows = sum(line.amount for year in overview.years for line in year.costs)
    stated = sum(year.total_costs or 0 for year in overview.years)
    assert rows - D("173.00") + D(173000) == stated == D(1800000)


def test_amersfoort_on_an_earlier_date_is_not_behind(amersfoort: Plan) -> None:
    codes = [p.code for p in check_plan(amersfoort, today=date(2021, 6, 30))]
    assert "behind-schedule" not in codes
