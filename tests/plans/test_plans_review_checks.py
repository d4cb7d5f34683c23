"""Findings of the review of the checks, the calendar, the YAML reader and the exports.

Each test states the behaviour the review asked for; the table rows say why each case is there.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import docx
import icalendar
import pytest

from kansen.plans import (
    ActionLine,
    Agreements,
    Amount,
    BudgetLine,
    CostCategory,
    CostLine,
    Effort,
    FinancialOverview,
    FinancialYear,
    FinancingSource,
    FunderKind,
    Intervention,
    Meeting,
    Period,
    Plan,
    PlanFormatError,
    PlanKind,
    PlanningEnd,
    PlanningPhase,
    Quarter,
    Status,
    Theme,
    budget_workbook,
    check_plan,
    loads_plan,
    meetings_calendar,
    parse_frequency,
    plan_docx,
    plan_html,
)

D = Decimal
TODAY = date(2024, 1, 1)
I0 = "interventions[0]"


def rows(plan: Plan, codes: set[str]) -> list[tuple[str, str, str]]:
    return [(p.severity, p.code, p.path) for p in check_plan(plan, today=TODAY) if p.code in codes]


def agenda(*interventions: Intervention, template: str = "gka-agenda-2021-2024") -> Plan:
    return Plan(
        kind=PlanKind.AGENDA,
        municipality="Demostad",
        title="GKA-agenda Demostad",
        period=Period(2021, 2024),
        template=template,
        interventions=interventions,
    )


def intervention(
    budget: tuple[tuple[str, tuple[int, ...]], ...] = (("50000", (2022,)),),
    financing: tuple[tuple[FunderKind, str], ...] = ((FunderKind.MUNICIPALITY, "50000"),),
    name: str = "Brugfunctionaris",
    planning: tuple[PlanningPhase, ...] = (),
) -> Intervention:
    return Intervention(
        name=name,
        budget=tuple(
            BudgetLine(f"regel {i}", Amount.parse(a), ys) for i, (a, ys) in enumerate(budget)
        ),
        financing=tuple(
            FinancingSource(k, f"bron {i}", Amount.parse(a)) for i, (k, a) in enumerate(financing)
        ),
        planning=planning,
    )


# ---------------------------------------------------------------------------------------------
# 1. Calendar: every frequency the check accepts gives a calendar; UIDs name the plan

FREQUENCIES = [
    # The meeting of the review: every six weeks.
    ("elke 6 weken", "FREQ=WEEKLY;INTERVAL=6"),
    ("iedere 6 weken", "FREQ=WEEKLY;INTERVAL=6"),
    ("om de twee weken", "FREQ=WEEKLY;INTERVAL=2"),
    ("1 keer per 6 weken", "FREQ=WEEKLY;INTERVAL=6"),
    ("eens per drie maanden", "FREQ=MONTHLY;INTERVAL=3"),
    ("elke 2 maanden", "FREQ=MONTHLY;INTERVAL=2"),
    ("ten minste elke 4 weken", "FREQ=WEEKLY;INTERVAL=4"),
    ("elke 2 jaar", "FREQ=YEARLY;INTERVAL=2"),
]


@pytest.mark.parametrize(("text", "rule"), FREQUENCIES)
def test_every_so_many_weeks_is_read(text: str, rule: str) -> None:
    assert parse_frequency(text).rule == rule


def meetings_plan(*frequencies: str, title: str = "GKA-agenda Demostad") -> Plan:
    return Plan(
        kind=PlanKind.AGENDA,
        municipality="Demostad",
        title=title,
        period=Period(2021, 2024),
        agreements=Agreements(
            meetings=tuple(
                Meeting(f"Overleg {i}", "doel", f, "wie") for i, f in enumerate(frequencies)
            )
        ),
    )


@pytest.mark.parametrize(
    "frequency",
    # Accepted forms, one each, and forms the parser cannot read.
    ["elke 6 weken", "2 keer per jaar", "maandelijks", "af en toe", "5 keer per jaar", ""],
)
def test_the_check_warns_exactly_when_the_calendar_cannot_use_a_frequency(frequency: str) -> None:
    plan = meetings_plan(frequency)
    warned = any(p.code == "frequency-unknown" for p in check_plan(plan, today=TODAY))
    events = icalendar.Calendar.from_ical(
        meetings_calendar(plan, stamp=datetime(2021, 1, 1), skip_unreadable=True)
    ).walk("VEVENT")
    readable = bool(frequency) and not warned
    assert len(events) == (1 if readable else 0)
    if frequency and not readable:
        assert warned


def test_an_every_six_weeks_meeting_recurs_every_six_weeks() -> None:
    data = meetings_calendar(meetings_plan("elke 6 weken"), stamp=datetime(2021, 1, 1))
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event["rrule"]["FREQ"] == ["WEEKLY"]
    assert event["rrule"]["INTERVAL"] == [6]


def test_unreadable_meetings_are_left_out_when_asked() -> None:
    plan = meetings_plan("2 keer per jaar", "af en toe", "elke 6 weken")
    data = meetings_calendar(plan, stamp=datetime(2021, 1, 1), skip_unreadable=True)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Overleg 0 (Demostad)", "Overleg 2 (Demostad)"]
    with pytest.raises(ValueError, match=r"agreements.meetings\[1\]"):
        meetings_calendar(plan)


def test_event_uids_differ_between_plans_of_one_municipality_and_period() -> None:
    def uids(plan: Plan, key: str | None = None) -> set[str]:
        data = meetings_calendar(plan, stamp=datetime(2021, 1, 1), key=key)
        return {str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}

    first = meetings_plan("2 keer per jaar", title="GKA-agenda Demostad")
    second = meetings_plan("2 keer per jaar", title="GKA-agenda Demostad Noord")
    assert uids(first) == {"demostad-2021-2024-gka-agenda-demostad-meeting-0@kansen"}
    assert uids(first).isdisjoint(uids(second))
    # The web passes the plan's id, which stays when the title changes.
    assert uids(first, key="plan17") == {"demostad-2021-2024-plan17-meeting-0@kansen"}


# ---------------------------------------------------------------------------------------------
# 2. Negative amounts and dates outside the period

NEGATIVE_CASES = [
    # A negative budget line: an error at the line's amount.
    (
        intervention(budget=(("50000", (2022,)), ("-5000", (2022,)))),
        [("error", "negative-amount", f"{I0}.budget[1].amount")],
    ),
    # A negative contribution: an error at the source's amount.
    (
        intervention(
            budget=(("40000", (2022,)),),
            financing=((FunderKind.MUNICIPALITY, "50000"), (FunderKind.OTHER, "-10000")),
        ),
        [("error", "negative-amount", f"{I0}.financing[1].amount")],
    ),
    # Zero is an amount, not a negative one.
    (intervention(budget=(("0", (2022,)),), financing=((FunderKind.MUNICIPALITY, "0"),)), []),
]


@pytest.mark.parametrize(("activity", "expected"), NEGATIVE_CASES)
def test_negative_amounts_are_errors(activity: Intervention, expected: list[object]) -> None:
    assert rows(agenda(activity), {"negative-amount"}) == expected


def test_a_negative_amount_message_names_the_line_and_the_amount() -> None:
    plan = agenda(intervention(budget=(("50000", (2022,)), ("-5000", (2022,)))))
    [problem] = [p for p in check_plan(plan, today=TODAY) if p.code == "negative-amount"]
    assert problem.message == (
        "'Brugfunctionaris': budget line 'regel 1' has the negative amount EUR -5,000; a budget "
        "line is a cost of zero or more"
    )
    assert problem.found == D(-5000)


PERIOD_CASES = [
    # An agenda (template for a fixed period): a budget line for 2025, after 2021-2024, is an
    # error, as the agenda's money is agreed for its own years only.
    (
        agenda(intervention(budget=(("50000", (2024, 2025)),))),
        [("error", "budget-year", f"{I0}.budget[0]")],
    ),
    # An execution plan's template has no period: the same line is a warning.
    (
        replace(agenda(intervention(budget=(("50000", (2025,)),))), template="uitvoeringsplan"),
        [("warning", "budget-year", f"{I0}.budget[0]")],
    ),
    # A phase that starts before the period: a warning at its start.
    (
        agenda(
            intervention(
                planning=(
                    PlanningPhase("Voorbereiding", Quarter(2020, 4), PlanningEnd.parse("Q2 2021")),
                )
            )
        ),
        [("warning", "outside-period", f"{I0}.planning[0].start")],
    ),
    # A phase that ends after the period: a warning at its end.
    (
        agenda(
            intervention(
                planning=(
                    PlanningPhase("Uitvoering", Quarter(2024, 1), PlanningEnd.parse("Q1 2025")),
                )
            )
        ),
        [("warning", "outside-period", f"{I0}.planning[0].end")],
    ),
    # "Lopend" without a quarter goes on, and says nothing about the period.
    (
        agenda(
            intervention(
                planning=(
                    PlanningPhase("Uitvoering", Quarter(2024, 1), PlanningEnd.parse("Lopend")),
                )
            )
        ),
        [],
    ),
]

PERIOD_CODES = {"budget-year", "outside-period"}


@pytest.mark.parametrize(("plan", "expected"), PERIOD_CASES)
def test_dates_outside_the_period(plan: Plan, expected: list[object]) -> None:
    assert rows(plan, PERIOD_CODES) == expected


def execution_plan(effort: Effort, years: tuple[int, ...] = (2024, 2025, 2026)) -> Plan:
    return Plan(
        kind=PlanKind.PLAN,
        municipality="Demostad",
        title="Uitvoeringsplan",
        period=Period(2024, 2026),
        template="uitvoeringsplan",
        action_lines=(
            ActionLine(
                "1",
                "Ouders",
                (
                    Theme(
                        "1.1",
                        "Brug",
                        start=Quarter(2023, 1),
                        end=PlanningEnd.parse("Lopend"),
                        efforts=(effort,),
                    ),
                ),
            ),
        ),
        financial_overview=FinancialOverview(years=tuple(FinancialYear(year=y) for y in years)),
    )


T = "action_lines[0].themes[0]"


def test_efforts_themes_and_overview_years_outside_the_period() -> None:
    effort = Effort("1.1A", "Inzet", Quarter(2023, 4), PlanningEnd.parse("Q1 2027"))
    plan = execution_plan(effort, years=(2024, 2025, 2026, 2027))
    assert rows(plan, PERIOD_CODES) == [
        # The overview's 2027 is after 2024-2026; an execution plan's template has no period.
        ("warning", "budget-year", "financial_overview.years[3].year"),
        ("warning", "outside-period", f"{T}.start"),
        ("warning", "outside-period", f"{T}.efforts[0].start"),
        ("warning", "outside-period", f"{T}.efforts[0].end"),
    ]
    messages = [p.message for p in check_plan(plan, today=TODAY) if p.code == "outside-period"]
    assert messages[1] == "effort 1.1A starts in Q4 2023, outside the plan's period 2024-2026"


def test_an_overview_year_outside_an_agendas_period_is_an_error() -> None:
    plan = replace(
        agenda(),
        financial_overview=FinancialOverview(
            years=(FinancialYear(year=2024), FinancialYear(year=2025))
        ),
    )
    assert rows(plan, PERIOD_CODES) == [
        ("error", "budget-year", "financial_overview.years[1].year")
    ]


# ---------------------------------------------------------------------------------------------
# 3. Messages that say which ceiling and which duplicate


def test_the_ceiling_error_names_the_funder_and_the_template() -> None:
    plan = agenda(
        intervention(
            budget=(("140000", (2022,)),),
            financing=((FunderKind.GKA, "140000"),),
        )
    )
    [problem] = check_plan(plan, today=TODAY).errors
    assert problem.code == "ceiling-exceeded"
    assert problem.related == (f"{I0}.financing[0]",)
    assert problem.message.startswith(
        "the GKA contribution of 'bron 0', EUR 140,000, is above the ceiling of EUR 100,000 for "
        "GKA in all interventions together under GKA-agenda 2021-2024 (Gelijke Kansen Alliantie, "
        "ministerie van OCW) (template 'gka-agenda-2021-2024') by EUR 40,000; ceiling from "
        "Source 001"
    )


def test_a_duplicate_code_says_where_both_are() -> None:
    plan = Plan(
        kind=PlanKind.PLAN,
        municipality="Demostad",
        title="Plan",
        period=Period(2024, 2026),
        action_lines=(
            ActionLine("1", "Ouders", (Theme("1.1", "Brug", efforts=(Effort("1.1A", "Inzet"),)),)),
            ActionLine(
                "2",
                "School",
                (Theme("2.1", "Klas", efforts=(Effort("1.1A", "Lessen\nmeer tekst"),)),),
            ),
        ),
    )
    [problem] = [p for p in check_plan(plan, today=TODAY) if p.code == "duplicate-code"]
    assert problem.severity == "error"
    assert problem.path == "action_lines[1].themes[0].efforts[0].code"
    assert problem.related == ("action_lines[0].themes[0].efforts[0].code",)
    assert problem.message == (
        "code '1.1A' is used twice: by effort 'Lessen' of theme 2.1 'Klas' (action line 2) "
        "(action_lines[1].themes[0].efforts[0]) and by effort 'Inzet' of theme 1.1 'Brug' "
        "(action line 1) (action_lines[0].themes[0].efforts[0])"
    )


# ---------------------------------------------------------------------------------------------
# 4. YAML: thousands separators, keys given twice, impossible dates

HEAD = "schema_version: 1\nkind: agenda\nmunicipality: Demostad\ntitle: A\nperiod: 2021-2024\n"


def problems_of(text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(PlanFormatError) as caught:
        loads_plan(text, "yaml", "plan.yaml")
    return [(p.path, p.line, p.message) for p in caught.value.problems]


def test_a_dutch_thousands_separator_is_refused_with_what_to_write() -> None:
    text = HEAD + (
        "interventions:\n  - name: X\n    budget:\n"
        "      - description: Inzet\n        amount: 100.000\n        years: [2022]\n"
    )
    [(path, line, message)] = problems_of(text)
    assert (path, line) == ("interventions[0].budget[0].amount", 10)
    assert message.endswith(
        "got 100.000, which YAML reads as the number 100.0 (thousands separators are not "
        "allowed: write 100000, not 100.000)"
    )


def test_cents_as_an_unquoted_number_are_still_refused_as_a_float() -> None:
    text = HEAD + "interventions:\n  - name: X\n    budget_total: 173.5\n"
    [(path, line, message)] = problems_of(text)
    assert (path, line) == ("interventions[0].budget_total", 8)
    assert "a float is not exact" in message


def test_a_key_given_twice_is_refused_with_both_lines() -> None:
    text = HEAD + "interventions:\n  - name: X\n    goal: a\n    goal: b\n"
    [(path, line, message)] = problems_of(text)
    assert (path, line) == ("interventions[0].goal", 9)
    assert message == "the key 'goal' is given twice in the same part (lines 8 and 9); give it once"


def test_an_impossible_date_says_where() -> None:
    text = HEAD + "signatories:\n  - name: A\n    date: 2021-13-01\n"
    [(path, line, message)] = problems_of(text)
    assert (path, line) == ("signatories[0].date", 8)
    assert message == "expected a date such as '2021-03-01'; got '2021-13-01'"


def test_the_error_text_gives_the_line() -> None:
    with pytest.raises(
        PlanFormatError, match=r"signatories\[0\]\.date \(line 8\): expected a date"
    ):
        loads_plan(HEAD + "signatories:\n  - name: A\n    date: 2021-13-01\n")


def test_a_missing_field_gets_the_line_of_its_part() -> None:
    [(path, line, _)] = problems_of(HEAD + "interventions:\n  - goal: a\n")
    assert (path, line) == ("interventions[0].name", 7)


# ---------------------------------------------------------------------------------------------
# 5. Exports: totals that do not add up are marked; no internal values


def exported(plan: Plan) -> tuple[list[list[list[str]]], str]:
    document = docx.Document(io.BytesIO(plan_docx(plan)))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return tables, plan_html(plan)


def test_a_stated_budget_total_that_does_not_add_up_is_marked() -> None:
    activity = replace(
        intervention(budget=(("50000", (2022,)), ("20000", (2023,)))),
        budget_total=D(60000),
        financing_total=D(50000),
    )
    tables, html = exported(agenda(activity))
    budget = next(t for t in tables if t[0] == ["Omschrijving", "Jaar", "Bedrag"])
    assert budget[-1] == ["Totaal", "", "€ 60.000\n(telt niet op: som is € 70.000)"]
    financing = next(t for t in tables if t[0][0] == "Financier")
    assert financing[-1][2] == "€ 50.000"  # states what the sources add up to
    # In the PDF the mark is a red line of its own; the amount does not break after "€".
    assert '<span class="mismatch">(telt niet op: som is €\u00a070.000)</span>' in html


def test_overview_totals_that_do_not_add_up_are_marked() -> None:
    year = FinancialYear(
        year=2024,
        costs=(CostLine("Actielijn 1", D(100), CostCategory.ACTION_LINE, "1"),),
        total_costs=D(90),
        base_budget=D(200),
        total_means=D(200),
        remainder=D(100),
    )
    plan = replace(
        execution_plan(Effort("1.1A", "x")), financial_overview=FinancialOverview(years=(year,))
    )
    tables, _html = exported(plan)
    costs, means = [t for t in tables if t[0] == ["", "2024"]]
    assert costs[-1] == ["Totale kosten", "€ 90\n(telt niet op: som is € 100)"]
    assert [row[1] for row in means[1:]] == [
        "€ 200",
        "n.v.t.",
        "€ 200",
        "€ 90\n(telt niet op: som is € 100)",
        # 200 - 90 as stated is 110, not the 100 the document gives.
        "€ 100\n(telt niet op: som is € 110)",
    ]


def test_choices_are_dutch_words_in_the_documents_and_the_workbook() -> None:
    activity = replace(
        intervention(financing=((FunderKind.GKA, "50000"),)), status=Status.IN_PROGRESS
    )
    tables, html = exported(agenda(activity))
    details = next(t for t in tables if t[0][0] == "Betrokken partijen")
    assert ["Status", "In uitvoering"] in details
    assert "in_progress" not in html
    financing = next(t for t in tables if t[0][0] == "Financier")
    assert financing[1][1] == "GKA (OCW)"
    sheet = budget_workbook(agenda(activity))["Financiering"]
    assert [c.value for c in sheet[2]][2] == "GKA (OCW)"
