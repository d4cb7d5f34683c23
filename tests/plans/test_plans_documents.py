"""Plan files: YAML and JSON round trips, the JSON Schema, and what a bad file is told."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kansen.plans import (
    SCHEMA_VERSION,
    Plan,
    PlanFormatError,
    build_schema,
    dumps_plan,
    loads_plan,
    plan_from_data,
    plan_schema,
    plan_to_data,
    read_plan,
    schema_problems,
    write_plan,
)
from kansen.plans._schema import schema_text

NAMES = ["amersfoort", "leiden"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("format", ["yaml", "json"])
def test_round_trip(name: str, format: str, fixture_files: dict[str, Path]) -> None:
    plan = read_plan(fixture_files[name])
    text = dumps_plan(plan, format)  # type: ignore[arg-type]
    again = loads_plan(text, format)  # type: ignore[arg-type]
    assert again == plan
    assert dumps_plan(again, format) == text  # type: ignore[arg-type]


def test_round_trip_through_files(leiden: Plan, tmp_path: Path) -> None:
    for suffix in (".yaml", ".json"):
        path = write_plan(leiden, tmp_path / f"leiden{suffix}")
        assert read_plan(path) == leiden


def test_money_stays_exact_in_json(leiden: Plan) -> None:
    data = json.loads(dumps_plan(leiden, "json"))
    row = data["financial_overview"]["years"][2]["costs"][0]
    assert row["amount"] == "173.00"  # a string: never a float
    assert data["financial_overview"]["years"][0]["total_costs"] == 541000
    assert data["schema_version"] == SCHEMA_VERSION


def test_packaged_schema_is_generated_from_the_dataclasses() -> None:
    # If this fails, regenerate with: kansen plan schema --write
    assert schema_text(plan_schema()) == schema_text(build_schema())


def test_schema_documents_the_fields() -> None:
    schema = plan_schema()
    effort = schema["$defs"]["Effort"]
    assert effort["required"] == ["uuid", "code", "description"]
    assert "Lopend" in effort["properties"]["end"]["anyOf"][0]["description"]
    assert schema["$defs"]["BudgetLine"]["properties"]["amount"]["description"].startswith(
        'Euros, or "PM"'
    )


@pytest.mark.parametrize("name", NAMES)
def test_fixtures_validate_against_the_schema(name: str, fixture_files: dict[str, Path]) -> None:
    data = yaml.safe_load(fixture_files[name].read_text(encoding="utf-8"))
    assert schema_problems(data) == []
    assert schema_problems(json.loads(json.dumps(plan_to_data(plan_from_data(data))))) == []


def minimal() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "kind": "plan",
        "municipality": "Demostad",
        "title": "Plan",
        "period": "2024-2026",
    }


BAD_FILES = [
    # A field the model does not have (a typo of "municipality_code").
    ({"municipalty_code": "GM0546"}, "municipalty_code", "unknown field 'municipalty_code'"),
    # Money as a float.
    (
        {"interventions": [{"name": "X", "budget": [{"description": "a", "amount": 1.5}]}]},
        "interventions[0].budget[0].amount",
        "a float is not exact",
    ),
    # A theme code written as a YAML number (1.1 instead of "1.1").
    (
        {"action_lines": [{"code": "1", "title": "A", "themes": [{"code": 1.1, "title": "T"}]}]},
        "action_lines[0].themes[0].code",
        "quote it if you meant text",
    ),
    # A quarter the parser does not know.
    (
        {
            "action_lines": [
                {
                    "code": "1",
                    "title": "A",
                    "themes": [
                        {
                            "code": "1.1",
                            "title": "T",
                            "efforts": [
                                {"code": "1.1A", "description": "d", "start": "Kwartaal 1"}
                            ],
                        }
                    ],
                }
            ]
        },
        "action_lines[0].themes[0].efforts[0].start",
        "expected a quarter such as 'Q1 2024'",
    ),
    # A status that does not exist.
    (
        {"interventions": [{"name": "X", "status": "klaar"}]},
        "interventions[0].status",
        "expected one of ['planned', 'in_progress', 'done', 'stopped']",
    ),
    # A required field missing.
    ({"interventions": [{"goal": "doel"}]}, "interventions[0].name", "needs the field 'name'"),
    # A date that is not a date.
    ({"signatories": [{"name": "A", "date": "1 maart"}]}, "signatories[0].date", "a date"),
]


@pytest.mark.parametrize(("extra", "path", "message"), BAD_FILES)
def test_bad_file_names_the_place(extra: dict[str, Any], path: str, message: str) -> None:
    data = {**minimal(), **extra}
    with pytest.raises(PlanFormatError) as caught:
        plan_from_data(data, "plan.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.code) == (path, "format")
    assert message in problem.message
    assert str(caught.value).startswith("plan.yaml does not describe a plan (1 problem(s)):")
    # The JSON Schema refuses the same file.
    assert schema_problems(data) != []


def test_every_problem_is_reported_at_once() -> None:
    data = {**minimal(), "kind": "begroting", "period": "24", "colour": "blue"}
    with pytest.raises(PlanFormatError) as caught:
        plan_from_data(data)
    assert sorted(p.path for p in caught.value.problems) == ["colour", "kind", "period"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # An older or newer layout is refused, not guessed at.
        ({**minimal(), "schema_version": 3}, "expected schema_version 2; got 3"),
        # No version at all.
        ({k: v for k, v in minimal().items() if k != "schema_version"}, "got None"),
        # Not a mapping.
        (["a", "list"], "expected a mapping"),
    ],
)
def test_schema_version_and_shape(data: Any, message: str) -> None:
    with pytest.raises(PlanFormatError, match=message):
        plan_from_data(data)


def test_invalid_yaml_and_json_text() -> None:
    with pytest.raises(PlanFormatError, match="not valid YAML"):
        loads_plan("kind: [plan", "yaml")
    with pytest.raises(PlanFormatError, match="not valid JSON"):
        loads_plan("{", "json")
    with pytest.raises(ValueError, match=r"expected a \.yaml, \.yml or \.json file"):
        read_plan("plan.txt")


def test_defaults_are_left_out(leiden: Plan) -> None:
    data = plan_to_data(leiden)
    assert "interventions" not in data  # an empty list is the default
    assert "carried_over" not in data["financial_overview"]["years"][0]  # None: "n.v.t."
    assert data["financial_overview"]["years"][1]["carried_over"] == 259000


def test_yaml_dates_validate_as_text() -> None:
    data = yaml.safe_load("signatories:\n  - name: A\n    date: 2021-03-01\n")
    assert schema_problems({**minimal(), **data}) == []
    assert plan_from_data({**minimal(), **data}).signatories[0].date.isoformat() == "2021-03-01"
