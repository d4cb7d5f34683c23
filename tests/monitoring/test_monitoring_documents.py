"""Monitoring documents: read with their JSON Schema, every problem with its path and line, and
``kansen monitor progress`` in Dutch and English."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from kansen.cli import app
from kansen.monitoring import (
    Baseline,
    MonitorRejected,
    Target,
    demostad_monitor,
    load_monitor,
    monitor_progress,
    monitor_schema,
    read_monitor,
)

runner = CliRunner()
DUTCH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "nl_NL.UTF-8"}
ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}

GOOD = """\
title: Plan
goals:
  - name: Minder vsv
    links: [6d548952-a97e-4b1f-8cad-1e3ded36130c]
    indicators:
      - code: vsv
        name: Voortijdig schoolverlaters
        unit: "%"
        direction: lower
        baseline: {value: 2.40, year: 2022, source: DUO, n: 1180}
        target: {relative_change: "-15%", year: 2026}
        measurements:
          - {date: 2024-03-01, value: "2.25", n: 1200, ci_low: 2.1, ci_high: 2.4}
"""


def _problems(text: str, format: str = "yaml") -> list[tuple[str, int | None, str, dict]]:
    with pytest.raises(MonitorRejected) as caught:
        read_monitor(text, format, "m.yaml")  # type: ignore[arg-type]
    return [(p.path, p.line, p.text_code, dict(p.params)) for p in caught.value.problems]


def test_a_document_is_read_with_its_figures_exactly_as_written():
    monitor = read_monitor(GOOD)
    goal = monitor.goals[0]
    indicator = goal.indicators[0]
    assert goal.links == ("6d548952-a97e-4b1f-8cad-1e3ded36130c",)
    assert indicator.baseline == Baseline(Decimal("2.40"), 2022, "DUO", n=1180)
    assert indicator.target == Target(2026, relative_change=Decimal("-0.15"))
    (measurement,) = indicator.measurements
    assert (measurement.value, measurement.year, measurement.date.isoformat()) == (
        Decimal("2.25"),
        2024,
        "2024-03-01",
    )
    assert (measurement.n, measurement.ci_low, measurement.ci_high) == (
        1200,
        Decimal("2.1"),
        Decimal("2.4"),
    )


def test_json_reads_the_same_as_yaml():
    import yaml

    data = yaml.safe_load(GOOD)
    data["goals"][0]["indicators"][0]["measurements"][0]["date"] = "2024-03-01"
    assert read_monitor(json.dumps(data), "json") == read_monitor(GOOD)


def test_schema_violations_name_the_path_and_line():
    text = GOOD.replace("direction: lower", "direction: down").replace(
        'unit: "%"', 'unit: "%"\n        colour: red'
    )
    text = text.replace("year: 2022", "year: 1850")
    assert _problems(text) == [
        (
            "goals[0].indicators[0].colour",
            9,
            "format.unknown-field",
            {
                "field": "colour",
                "fields": "code, name, unit, direction, source, uuid, group, areas, links, "
                "baseline, target, measurements",
            },
        ),
        (
            "goals[0].indicators[0].direction",
            10,
            "format.choice",
            {"allowed": ["higher", "lower"], "got": "'down'"},
        ),
        ("goals[0].indicators[0].baseline.year", 11, "format.monitor-year", {"got": "1850"}),
    ]


def test_a_missing_field_and_a_figure_that_is_no_number():
    text = GOOD.replace("        name: Voortijdig schoolverlaters\n", "").replace(
        'value: "2.25"', 'value: "2,25"'
    )
    assert _problems(text) == [
        ("goals[0].indicators[0].name", 6, "format.missing-field", {"field": "name"}),
        (
            "goals[0].indicators[0].measurements[0].value",
            12,
            "format.monitor-figure",
            {"got": "'2,25'"},
        ),
    ]


def test_what_the_schema_cannot_say_is_checked_too():
    text = """\
title: Plan
goals:
  - name: G
    links: [actielijn-1]
    indicators:
      - code: a
        name: A
        unit: "%"
        direction: higher
        baseline: {value: 10, year: 2022}
        areas: [bu05460101, Leiden]
        target: {value: 12, relative_change: 0.1, year: 2022}
        measurements:
          - {year: 2023, value: 11, ci_low: 11.5}
          - {year: 2023, date: 2024-01-01, value: 11}
          - {value: 11}
      - code: a
        name: B
        unit: "%"
        direction: lower
        target: {year: 2026}
        measurements:
          - {year: 2024, value: 100.000}
"""
    assert [(path, line, code) for path, line, code, _params in _problems(text)] == [
        ("goals[0].links[0]", 4, "format.item-id"),
        ("goals[0].indicators[0].areas[1]", 11, "format.monitor-area"),
        ("goals[0].indicators[0].target", 12, "format.monitor-target-both"),
        ("goals[0].indicators[0].target.year", 12, "format.monitor-target-year"),
        ("goals[0].indicators[0].measurements[0].ci_low", 14, "format.monitor-interval"),
        ("goals[0].indicators[0].measurements[1].date", 15, "format.monitor-date-year"),
        ("goals[0].indicators[0].measurements[2]", 16, "format.monitor-when"),
        ("goals[0].indicators[1].code", 17, "format.monitor-code-twice"),
        ("goals[0].indicators[1].target", 21, "format.monitor-target-none"),
        ("goals[0].indicators[1].measurements[0].value", 23, "format.thousands"),
    ]


def test_two_measurements_of_one_year_are_a_problem_of_the_document():
    text = GOOD.replace(
        "          - {date: 2024-03-01",
        "          - {year: 2023, value: 2.3}\n          - {year: 2023, value: 2.3}\n"
        "          - {date: 2024-03-01",
    )
    assert _problems(text) == [
        (
            "goals[0].indicators[0].measurements[1]",
            14,
            "format.monitor-same-time",
            {"when": "2023", "other": "goals[0].indicators[0].measurements[0]"},
        )
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("title: [unclosed", "format.not-valid"),
        ("base: &a [1]\ntitle: *a\ngoals: []\n", "format.limit.yaml_alias"),
        ("title: a\ntitle: b\ngoals: []\n", "format.key-twice"),
        ("title: a\ngoals: " + "[" * 100 + "]" * 100 + "\n", "format.limit.nesting_line"),
    ],
)
def test_hostile_or_broken_text_is_refused_as_plans_are(text, code):
    assert [problem[2] for problem in _problems(text)] == [code]


@pytest.mark.parametrize(
    ("written", "got"),
    [
        (".inf", ".inf"),
        (".NaN", ".NaN"),
        ("1" * 31, "1" * 31),
        ('"1' + "0" * 40 + '"', "1" + "0" * 40),
    ],
)
def test_a_figure_no_statistic_has_is_refused_not_computed(written, got):
    text = GOOD.replace("value: 2.40", f"value: {written}")
    assert _problems(text) == [
        ("goals[0].indicators[0].baseline.value", 10, "format.monitor-figure", {"got": got})
    ]


def test_infinity_in_json_is_refused():
    import yaml

    data = yaml.safe_load(GOOD)
    data["goals"][0]["indicators"][0]["measurements"][0]["date"] = "2024-03-01"
    text = json.dumps(data).replace('"value": 2.4,', '"value": 1e999,')
    assert [p[2] for p in _problems(text, "json")] == ["format.monitor-figure"]


def test_a_file_larger_than_the_limit_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("title: x\ngoals: []\n" + "#" * (5 * 1024 * 1024), encoding="utf-8")
    with pytest.raises(MonitorRejected) as caught:
        load_monitor(path)
    assert [p.text_code for p in caught.value.problems] == ["format.limit.file_size"]


def test_the_schema_is_packaged_and_valid():
    import jsonschema

    schema = monitor_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["indicator"]["properties"]["direction"]["enum"] == ["higher", "lower"]


def test_demostad_has_one_indicator_of_each_status_the_issue_names():
    statuses = [(i.code, p.status) for _g, i, p in monitor_progress(demostad_monitor())]
    assert statuses == [
        ("vsv", "on_track"),
        ("sportdeelname", "needs_acceleration"),
        ("veilig", "within_margin"),
        ("armoede", "moving_away"),
    ]


# The command line ---------------------------------------------------------------------------


@pytest.fixture
def demo_file(tmp_path):
    from importlib import resources

    text = resources.files("kansen.monitoring").joinpath("data", "demostad-monitor.yaml")
    path = tmp_path / "monitor.yaml"
    path.write_text(text.read_text("utf-8"), encoding="utf-8")
    return path


def test_monitor_progress_prints_each_status_with_its_reason(demo_file):
    result = runner.invoke(app, ["monitor", "progress", str(demo_file)], env=ENGLISH)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "  armoede  Kinderen in huishoudens met een laag inkomen (%): moving away from the target"
        in lines
    )
    assert (
        "      61.0 in 2025: 68.9% of the pace needed to reach 63.8 by 2026 (the path gives 62.4); "
        "below 95% needs acceleration" in lines
    )
    assert (
        "      the change since 2022 (2) is within its margin of uncertainty (±5.7); it cannot be "
        "told apart from no change" in lines
    )
    assert lines[-1] == (
        "4 indicator(s): 1 on track, 1 needs acceleration, 1 within the margin, 1 moving away "
        "from the target"
    )


def test_monitor_progress_speaks_dutch_under_a_dutch_locale(demo_file):
    result = runner.invoke(app, ["monitor", "progress", str(demo_file)], env=DUTCH)
    assert result.exit_code == 0, result.output
    assert "  vsv  Voortijdig schoolverlaters (%): op koers" in result.output
    assert "Doel: Minder kinderen groeien op in armoede" in result.output
    assert (
        "61,0 in 2025: 68,9% van het tempo dat nodig is om 63,8 in 2026 te halen" in result.output
    )
    assert "on track" not in result.output


def test_monitor_progress_as_json(demo_file):
    result = runner.invoke(app, ["monitor", "progress", str(demo_file), "--json"], env=ENGLISH)
    rows = json.loads(result.output)
    assert rows[1] == {
        "goal": "Meer kinderen sporten en bewegen",
        "indicator": "sportdeelname",
        "status": "needs_acceleration",
        "percent": "68.9",
        "reason": "progress.needs_acceleration",
        "params": {
            "value": "61.0",
            "when": "2025",
            "target": "63.8",
            "target_year": 2026,
            "baseline": "58.0",
            "baseline_year": 2022,
            "change": "3.0",
            "expected": "62.4",
            "percent": "68.9",
            "threshold": "95",
        },
        "text": "61.0 in 2025: 68.9% of the pace needed to reach 63.8 by 2026 (the path gives "
        "62.4); below 95% needs acceleration",
    }


def test_a_bad_document_exits_1_with_every_problem_in_dutch(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(GOOD.replace("direction: lower", "direction: down"), encoding="utf-8")
    result = runner.invoke(app, ["monitor", "progress", str(path)], env=DUTCH)
    assert result.exit_code == 1
    assert "m.yaml is geen monitoringsdocument (1 probleem/problemen):" in result.output
    assert "goals[0].indicators[0].direction (regel 9): " in result.output
