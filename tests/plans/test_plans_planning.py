"""The quarters grid, what is behind on a date, and the planning chart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kansen.plans import (
    ActionLine,
    Effort,
    Period,
    Plan,
    PlanKind,
    PlanningEnd,
    Quarter,
    Status,
    Theme,
    behind_schedule,
    planning_chart,
    planning_items,
    quarter_grid,
)


def small_plan() -> Plan:
    theme = Theme(
        "1.1",
        "Brugfunctionarissen",
        start=Quarter(2024, 1),
        end=PlanningEnd(Quarter(2024, 4)),
        efforts=(
            Effort("1.1A", "Regeling", Quarter(2024, 1), PlanningEnd(Quarter(2024, 2))),
            Effort("1.1B", "Uitbreiden", Quarter(2024, 2), PlanningEnd(Quarter(2024, 3), True)),
            Effort("1.1C", "Website", Quarter(2024, 3), PlanningEnd(None, True), Status.DONE),
        ),
    )
    return Plan(
        kind=PlanKind.PLAN,
        municipality="Demostad",
        title="Plan Demostad",
        period=Period(2024, 2024),
        action_lines=(ActionLine("1", "Actielijn", (theme,)),),
    )


def test_quarter_grid_cells() -> None:
    grid = quarter_grid(small_plan(), today=date(2024, 8, 15))
    assert grid.as_rows() == [
        ["", "Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"],
        ["1.1", "#", "#", "#", "#"],
        ["1.1A", "#", "#", "", ""],  # Q1-Q2
        ["1.1B", "", "#", "#", ">"],  # Q2-Q3, then goes on ("Q3 2024/Lopend")
        ["1.1C", "", "", ">", ">"],  # "Lopend" from Q3
    ]
    assert grid.behind == (False, True, False, False)
    assert grid.today_column == 2


def test_grid_widens_to_the_planning() -> None:
    plan = small_plan()
    theme = plan.action_lines[0].themes[0]
    late = Effort("1.1D", "Later", Quarter(2025, 2), PlanningEnd(Quarter(2025, 3)))
    wider = replace(
        plan, action_lines=(ActionLine("1", "Actielijn", (replace(theme, efforts=(late,)),)),)
    )
    grid = quarter_grid(wider)
    assert (grid.quarters[0], grid.quarters[-1]) == (Quarter(2024, 1), Quarter(2025, 3))
    assert grid.behind == (False, False)  # no date, nothing judged
    assert grid.today_column is None


def test_behind_schedule_and_items() -> None:
    plan = small_plan()
    assert [i.code for i in planning_items(plan)] == ["1.1", "1.1A", "1.1B", "1.1C"]
    assert [i.code for i in behind_schedule(plan, date(2024, 7, 1))] == ["1.1A"]
    assert [i.code for i in behind_schedule(plan, date(2024, 6, 30))] == []


def test_leiden_behind_on_the_fixture_date(leiden: Plan, today: date) -> None:
    assert [i.code for i in behind_schedule(leiden, today)] == [
        "1.1A",
        "1.3B",
        "2.1B",
        "2.1C",
        "3.1A",
        "3.1B",
        "3.2B",
    ]


def test_chart_svg_marks_today_and_is_reproducible(leiden: Plan, today: date) -> None:
    svg = planning_chart(leiden, today, "svg")
    assert svg.startswith(b"<?xml")
    assert b"vandaag (01-07-2025)" in svg
    assert b"1.1A" in svg
    assert b"Q4" in svg
    assert planning_chart(leiden, today, "svg") == svg


def test_chart_png(amersfoort: Plan) -> None:
    png = planning_chart(amersfoort, date(2020, 6, 1), "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
