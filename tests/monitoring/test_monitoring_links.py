"""Links from goals and indicators to plan items by their stable id, checked against the plan."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kansen.cli import app
from kansen.monitoring import Goal, Indicator, Monitor, link_problems, plan_items
from kansen.plans import read_plan

PLAN = Path(__file__).parents[1] / "plans" / "fixtures" / "leiden_2024_2026.yaml"
ACTION_LINE = "49938d95-102a-529a-b628-a5f49e7e67a1"  # an action line of the Leiden plan
ELSEWHERE = "6d548952-a97e-4b1f-8cad-1e3ded36130c"  # in no plan
DUTCH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "nl_NL.UTF-8"}


def test_every_item_of_a_plan_is_found_with_its_kind():
    items = plan_items(read_plan(PLAN))
    assert len(items) == 90  # the lines with "uuid:" in the fixture
    assert items[ACTION_LINE] == "ActionLine"


def test_a_link_to_no_item_of_the_plan_is_a_warning_with_its_path():
    indicator = Indicator("vsv", "VSV", "%", "lower", links=(ELSEWHERE, ACTION_LINE))
    monitor = Monitor("m", (Goal("g", (indicator,), links=(ACTION_LINE,)),))
    problems = link_problems(monitor, read_plan(PLAN), "leiden.yaml")
    assert [(p.path, p.severity, p.text_code, dict(p.params)) for p in problems] == [
        (
            "goals[0].indicators[0].links[0]",
            "warning",
            "monitor-link",
            {"id": ELSEWHERE, "plan": "leiden.yaml"},
        )
    ]


def test_monitor_progress_names_the_links_to_no_item_of_the_plan(tmp_path):
    document = tmp_path / "m.yaml"
    document.write_text(
        "title: Plan\ngoals:\n  - name: Minder vsv\n"
        f"    links: [{ACTION_LINE}, {ELSEWHERE}]\n    indicators: []\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["monitor", "progress", str(document), "--plan", str(PLAN)], env=DUTCH
    )
    assert result.exit_code == 0
    assert (
        f"waarschuwing: goals[0].links[1]: de koppeling {ELSEWHERE} verwijst naar geen "
        "onderdeel van leiden_2024_2026.yaml" in result.output
    )
    assert ACTION_LINE not in result.output
