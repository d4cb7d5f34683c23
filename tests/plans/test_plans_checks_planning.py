"""Planning, structure and required-field checks, one table row per case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kansen.plans import (
    ActionLine,
    Agreements,
    Effort,
    Intervention,
    Location,
    Meeting,
    Period,
    Plan,
    PlanKind,
    PlanningEnd,
    PlanningPhase,
    Quarter,
    Section,
    Signatory,
    Stakeholder,
    Status,
    Theme,
    check_plan,
)

E = "action_lines[0].themes[0].efforts[0]"


def q(text: str) -> Quarter:
    return Quarter.parse(text)


def end(text: str) -> PlanningEnd:
    return PlanningEnd.parse(text)


def one_effort(effort: Effort, theme_start: str = "Q1 2024", theme_end: str = "Q4 2026") -> Plan:
    theme = Theme("1.1", "Thema", start=q(theme_start), end=end(theme_end), efforts=(effort,))
    return Plan(
        kind=PlanKind.PLAN,
        municipality="Demostad",
        title="Uitvoeringsplan",
        period=Period(2024, 2026),
        action_lines=(ActionLine("1", "Actielijn", (theme,)),),
    )


def codes(plan: Plan, today: date, wanted: set[str]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in check_plan(plan, today=today) if p.code in wanted]


PLANNING = {"behind-schedule", "planning-order", "planning-outside-theme"}
BEHIND_CASES = [
    # Ends Q2 2024; on the last day of the quarter it is not behind yet.
    (Effort("1.1A", "x", q("Q1 2024"), end("Q2 2024")), date(2024, 6, 30), []),
    # The day after, with no status, it is.
    (
        Effort("1.1A", "x", q("Q1 2024"), end("Q2 2024")),
        date(2024, 7, 1),
        [("behind-schedule", E)],
    ),
    # In progress is not done: still behind.
    (
        Effort("1.1A", "x", q("Q1 2024"), end("Q2 2024"), Status.IN_PROGRESS),
        date(2024, 7, 1),
        [("behind-schedule", E)],
    ),
    # Done: not behind.
    (Effort("1.1A", "x", q("Q1 2024"), end("Q2 2024"), Status.DONE), date(2025, 1, 1), []),
    # Stopped: not behind either.
    (Effort("1.1A", "x", q("Q1 2024"), end("Q2 2024"), Status.STOPPED), date(2025, 1, 1), []),
    # "Lopend" never ends, so it is never behind.
    (Effort("1.1A", "x", q("Q1 2024"), end("Lopend")), date(2030, 1, 1), []),
    # "Q3 2024/Lopend" (Leiden's 1.1B): a first phase ends, the work goes on: not behind.
    (Effort("1.1A", "x", q("Q1 2024"), end("Q3 2024/Lopend")), date(2025, 7, 1), []),
    # No end at all: nothing to judge.
    (Effort("1.1A", "x", q("Q1 2024")), date(2030, 1, 1), []),
    # Ends Q1 2024 but starts Q3 2024.
    (
        Effort("1.1A", "x", q("Q3 2024"), end("Q1 2024")),
        date(2024, 1, 1),
        [("planning-order", E)],
    ),
    # Starts Q4 2023, before its theme (Q1 2024).
    (
        Effort("1.1A", "x", q("Q4 2023"), end("Q2 2024")),
        date(2024, 1, 1),
        [("planning-outside-theme", E)],
    ),
    # Ends Q1 2027, after its theme (Q4 2026).
    (
        Effort("1.1A", "x", q("Q1 2026"), end("Q1 2027")),
        date(2024, 1, 1),
        [("planning-outside-theme", E)],
    ),
]


@pytest.mark.parametrize(("effort", "today", "expected"), BEHIND_CASES)
def test_planning_checks(effort: Effort, today: date, expected: list[tuple[str, str]]) -> None:
    assert codes(one_effort(effort), today, PLANNING) == expected


def test_behind_intervention_uses_its_last_phase() -> None:
    intervention = Intervention(
        "Pilot",
        planning=(
            PlanningPhase("Voorbereiding", q("Q1 2019"), end("Q4 2019")),
            PlanningPhase("Uitvoering", q("Q1 2020"), end("Q2 2021")),
            PlanningPhase("Evaluatie", text="zonder datum"),
        ),
    )
    plan = replace(one_effort(Effort("1.1A", "x")), interventions=(intervention,))
    assert codes(plan, date(2021, 7, 1), PLANNING) == [("behind-schedule", "interventions[0]")]
    done = replace(plan, interventions=(replace(intervention, status=Status.DONE),))
    assert codes(done, date(2021, 7, 1), PLANNING) == []


STRUCTURE = {
    "code-mismatch",
    "duplicate-code",
    "unknown-reference",
    "duplicate-id",
    "frequency-unknown",
    "area-code",
}
T = "action_lines[0].themes[0]"
STRUCTURE_CASES = [
    # Effort 1.1A under theme 1.1 under action line 1: all in order.
    ({"theme_code": "1.1", "effort_code": "1.1A"}, []),
    # Theme 2.1 under action line 1.
    ({"theme_code": "2.1", "effort_code": "2.1A"}, [("code-mismatch", f"{T}.code")]),
    # Effort 1.2A under theme 1.1.
    ({"effort_code": "1.2A"}, [("code-mismatch", f"{T}.efforts[0].code")]),
    # Two efforts coded 1.1A.
    ({"second_effort": "1.1A"}, [("duplicate-code", f"{T}.efforts[1].code")]),
    # The theme names a stakeholder the plan does not list.
    ({"theme_stakeholders": ("onbekend",)}, [("unknown-reference", f"{T}.stakeholders[0]")]),
    # Two stakeholders with the same id.
    ({"duplicate_stakeholder": True}, [("duplicate-id", "stakeholders[1].id")]),
    # "af en toe" cannot become calendar entries.
    ({"frequency": "af en toe"}, [("frequency-unknown", "agreements.meetings[0].frequency")]),
    # "5 keer per jaar" does not divide the year into equal months.
    ({"frequency": "5 keer per jaar"}, [("frequency-unknown", "agreements.meetings[0].frequency")]),
    # A district code where a neighbourhood code belongs.
    (
        {"neighbourhood": "WK054601"},
        [("area-code", "interventions[0].location.neighbourhoods[0]")],
    ),
    # A neighbourhood code is fine.
    ({"neighbourhood": "BU05460101"}, []),
]


def structured_plan(
    theme_code: str = "1.1",
    effort_code: str = "1.1A",
    second_effort: str | None = None,
    theme_stakeholders: tuple[str, ...] = ("gemeente",),
    duplicate_stakeholder: bool = False,
    frequency: str = "2 keer per jaar",
    neighbourhood: str = "BU05460101",
) -> Plan:
    efforts = (Effort(effort_code, "x"),) + ((Effort(second_effort, "y"),) if second_effort else ())
    stakeholders = (Stakeholder("gemeente", "Gemeente"),)
    if duplicate_stakeholder:
        stakeholders += (Stakeholder("gemeente", "Gemeente Demostad"),)
    return Plan(
        kind=PlanKind.PLAN,
        municipality="Demostad",
        title="Plan",
        period=Period(2024, 2026),
        stakeholders=stakeholders,
        action_lines=(
            ActionLine(
                "1",
                "Actielijn",
                (Theme(theme_code, "Thema", efforts=efforts, stakeholders=theme_stakeholders),),
            ),
        ),
        agreements=Agreements(meetings=(Meeting("Bestuurlijk overleg", "doel", frequency, "wie"),)),
        interventions=(Intervention("Pilot", location=Location(neighbourhoods=(neighbourhood,))),),
    )


@pytest.mark.parametrize(("options", "expected"), STRUCTURE_CASES)
def test_structure_checks(options: dict[str, object], expected: list[tuple[str, str]]) -> None:
    plan = structured_plan(**options)  # type: ignore[arg-type]
    assert codes(plan, date(2024, 1, 1), STRUCTURE) == expected


def agenda(**fields: object) -> Plan:
    base = Plan(
        kind=PlanKind.AGENDA,
        municipality="Demostad",
        title="GKA-agenda",
        period=Period(2021, 2024),
        template="gka-agenda-2021-2024",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


SIX_SECTIONS = tuple(
    Section(title, "tekst")
    for title in (
        "Aanleiding en uitdagingen",
        "Inzet gemeente",
        "Inzet vanuit het Nationaal Programma Onderwijs",
        "Samenwerking met de Gelijke Kansen Alliantie",
        "Kennis",
        "En verder",
    )
)
SIGNED = Signatory(
    "A. Wethouder", "Wethouder", "Gemeente Demostad", "", date(2021, 3, 1), "Demostad"
)
REQUIRED_CASES = [
    # No sections, pillars, signatories or meetings at all.
    (
        {},
        [("sections", "missing")] * 6
        + [
            ("pillars", "empty"),
            ("signatories", "empty"),
            ("agreements.meetings", "empty"),
        ],
    ),
    # All six sections, one of them without text; a complete signatory; the rest still empty.
    (
        {
            "sections": (*SIX_SECTIONS[:5], Section("En verder", " ")),
            "signatories": (SIGNED,),
        },
        [("sections[5].text", "no text"), ("pillars", "empty"), ("agreements.meetings", "empty")],
    ),
    # A signatory without date and place.
    (
        {"sections": SIX_SECTIONS, "signatories": (replace(SIGNED, date=None, place=""),)},
        [
            ("pillars", "empty"),
            ("signatories[0].date", "empty"),
            ("signatories[0].place", "empty"),
            ("agreements.meetings", "empty"),
        ],
    ),
    # An intervention with only a name: every field the 2021-2024 template asks for is empty.
    (
        {"sections": SIX_SECTIONS, "signatories": (SIGNED,), "interventions": (Intervention("X"),)},
        [("pillars", "empty"), ("agreements.meetings", "empty")]
        + [
            (f"interventions[0].{name}", "empty")
            for name in (
                "parties",
                "goal",
                "target_group",
                "location",
                "activities",
                "monitoring",
                "budget",
                "financing",
                "website",
                "contact",
            )
        ],
    ),
]


def _kind(message: str) -> str:
    return next((word for word in ("missing", "no text") if word in message), "empty")


@pytest.mark.parametrize(("fields", "expected"), REQUIRED_CASES)
def test_required_fields(fields: dict[str, object], expected: list[tuple[str, str]]) -> None:
    problems = [
        p
        for p in check_plan(agenda(**fields), today=date(2021, 1, 1))
        if p.code == "required-empty"
    ]
    assert [(p.path, _kind(p.message)) for p in problems] == expected
    assert all(p.severity == "warning" for p in problems)


def test_unknown_template_is_reported_not_ignored() -> None:
    report = check_plan(agenda(template="gka-agenda-2030"), today=date(2021, 1, 1))
    assert [(p.code, p.path, p.severity) for p in report] == [
        ("unknown-template", "template", "warning")
    ]
    assert "gka-agenda-2021-2024" in report.problems[0].message
