"""Regulations as data: the Demostad set, YAML and JSON, and schema errors named by field."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kansen.eligibility import (
    REGULATION_PROBLEM_TEXTS,
    ApplicationRoute,
    Household,
    RegulationError,
    RegulationProblem,
    Where,
    demostad_regulations,
    load_regulations,
    parse_regulations,
)
from kansen.problems import Problem

DEMOSTAD = demostad_regulations()
VALID: dict[str, Any] = {
    "version": 1,
    "municipality": {"code": "GM9999", "name": "Demostad"},
    "regulations": [
        {
            "id": "zwemles",
            "name": "Zwemles",
            "income_limit": {"percent": 120, "holiday_allowance": "excluded"},
            "children": {"min_age": 5, "max_age": 12},
            "residence_required": True,
            "savings_limit": {"single": 8000, "single_parent": 16000, "couple": 16000},
            "apply": {"route": "self", "how": "Via de website.", "url": "https://x.example"},
            "source": "test",
        }
    ],
}


def test_demostad_has_ten_regulations_with_a_source_each() -> None:
    assert len(DEMOSTAD) == 10
    assert len({r.id for r in DEMOSTAD}) == 10
    assert all(r.source and r.municipality_code == "GM9999" for r in DEMOSTAD)


def test_demostad_covers_every_kind_of_rule() -> None:
    limits = [r.income_limit for r in DEMOSTAD if r.income_limit is not None]
    assert {limit.percent for limit in limits} >= {Decimal(100), Decimal(120), Decimal(130)}
    assert {limit.include_holiday_allowance for limit in limits} == {True, False}
    assert {r.application.route for r in DEMOSTAD} == set(ApplicationRoute)
    assert any(r.check_with_provider for r in DEMOSTAD)
    assert any(r.income_limit is None for r in DEMOSTAD)
    assert any(r.savings_limit is None for r in DEMOSTAD)
    assert any(r.needs_child for r in DEMOSTAD)
    assert any(not r.needs_child for r in DEMOSTAD)


def test_savings_limit_per_household() -> None:
    stadspas = next(r for r in DEMOSTAD if r.id == "stadspas")
    assert stadspas.savings_limit is not None
    assert stadspas.savings_limit.for_household(Household.SINGLE) == Decimal(8000)
    assert stadspas.savings_limit.for_household(Household.SINGLE_PARENT) == Decimal(16000)


def test_json_and_yaml_give_the_same_regulations(tmp_path: Path) -> None:
    (tmp_path / "regelingen.json").write_text(json.dumps(VALID), encoding="utf-8")
    (tmp_path / "regelingen.yaml").write_text(yaml.safe_dump(VALID), encoding="utf-8")
    from_json = load_regulations(tmp_path / "regelingen.json")
    assert from_json == load_regulations(tmp_path / "regelingen.yaml")
    assert from_json == parse_regulations(VALID)


def test_a_single_amount_is_the_savings_limit_for_every_household() -> None:
    data = copy.deepcopy(VALID)
    data["regulations"][0]["savings_limit"] = "2500.50"
    limit = parse_regulations(data)[0].savings_limit
    assert limit is not None
    assert {limit.single, limit.single_parent, limit.couple} == {Decimal("2500.50")}


def _set(path: str, value: object) -> dict[str, Any]:
    """VALID with one field set (``None`` deletes it); ``path`` like ``"apply.route"``."""
    data = copy.deepcopy(VALID)
    target = data["regulations"][0]
    *parents, last = path.split(".")
    for key in parents:
        target = target[key]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return data


PROBLEMS = [
    # (changed field, new value, the problem reported)
    # a negative percentage
    (
        "income_limit.percent",
        -5,
        "regulations[0] (zwemles).income_limit.percent: expected a number above 0, got -5",
    ),
    # neither included nor excluded
    (
        "income_limit.holiday_allowance",
        "yes",
        "regulations[0] (zwemles).income_limit."
        "holiday_allowance: expected included or excluded, got 'yes'",
    ),
    # a child of 18 is an adult
    (
        "children.max_age",
        18,
        "regulations[0] (zwemles).children.max_age: expected a whole number from 0 to 17, got 18",
    ),
    # ages the wrong way round
    (
        "children.min_age",
        13,
        "regulations[0] (zwemles).children: expected min_age <= max_age, got 13 > 12",
    ),
    # an unknown way of applying
    (
        "apply.route",
        "online",
        "regulations[0] (zwemles).apply.route: expected self or intermediary, got 'online'",
    ),
    # a web address without a scheme
    (
        "apply.url",
        "www.x.nl",
        "regulations[0] (zwemles).apply.url: expected a web address "
        "starting with https://, got 'www.x.nl'",
    ),
    # every rule needs its source
    ("source", None, "regulations[0] (zwemles).source: expected a text, got nothing"),
    # residence must be said either way
    (
        "residence_required",
        "ja",
        "regulations[0] (zwemles).residence_required: expected true or false, got str 'ja'",
    ),
    # a typo in a field name would switch a rule off: refused
    ("income_limt", {"percent": 120}, "regulations[0] (zwemles): unknown field(s) income_limt;"),
    # a negative savings limit
    (
        "savings_limit",
        -1,
        "regulations[0] (zwemles).savings_limit: expected amounts in euros of 0 or more, got -1",
    ),
    # a savings limit per household must name all three
    (
        "savings_limit",
        {"single": 8000},
        "regulations[0] (zwemles).savings_limit: expected an "
        "amount or a mapping with single, single_parent, couple, got {'single': 8000}",
    ),
    # a municipality name instead of a CBS code
    (
        "municipality",
        {"code": "Demostad", "name": "Demostad"},
        "regulations[0] (zwemles)."
        "municipality.code: expected a CBS municipality code like GM0546, got 'Demostad'",
    ),
    # an id with spaces and capitals
    (
        "id",
        "Zwem les",
        "regulations[0] (Zwem les).id: expected lowercase letters, digits, - and _, got 'Zwem les'",
    ),
]


@pytest.mark.parametrize(("path", "value", "problem"), PROBLEMS)
def test_schema_problems_are_named_by_field(path: str, value: object, problem: str) -> None:
    with pytest.raises(RegulationError) as caught:
        parse_regulations(_set(path, value), origin="regelingen.yaml")
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems
    assert str(caught.value).startswith("regelingen.yaml: ")


def test_every_problem_is_reported_at_once() -> None:
    data = _set("income_limit.percent", 0)
    data["regulations"][0]["apply"]["route"] = "online"
    data["regulations"].append("stadspas")
    with pytest.raises(RegulationError) as caught:
        parse_regulations(data)
    assert caught.value.problems == (
        "regulations[0] (zwemles).income_limit.percent: expected a number above 0, got 0",
        "regulations[0] (zwemles).apply.route: expected self or intermediary, got 'online'",
        "regulations[1]: expected a mapping, got str 'stadspas'",
    )


def test_every_problem_carries_its_code_parameters_and_place() -> None:
    data = _set("income_limit.percent", 0)
    data["regulations"][0]["children"] = {"min_age": 10, "max_age": "twaalf"}
    data["regulations"].append("stadspas")
    with pytest.raises(RegulationError) as caught:
        parse_regulations(data)
    assert caught.value.details == (
        RegulationProblem(
            "regulation.percent",
            "expected a number above 0, got 0",
            {"got": "0"},
            Where(0, "zwemles", "income_limit.percent"),
        ),
        RegulationProblem(
            "regulation.child-age",
            "expected a whole number from 0 to 17, got 'twaalf'",
            {"max": 17, "got": "'twaalf'"},
            Where(0, "zwemles", "children.max_age"),
        ),
        RegulationProblem(
            "regulation.not-a-mapping",
            "expected a mapping, got str 'stadspas'",
            {"got": "str 'stadspas'", "got_kind": "text", "got_value": "'stadspas'"},
            Where(1, None, ""),
        ),
    )
    assert caught.value.problems == tuple(str(p) for p in caught.value.details)
    alone = caught.value.details[1].alone()
    assert (alone.location, str(alone)) == (
        "children.max_age",
        "children.max_age: expected a whole number from 0 to 17, got 'twaalf'",
    )
    assert all(p.code in REGULATION_PROBLEM_TEXTS for p in caught.value.details)
    assert all(isinstance(p, Problem) for p in caught.value.details)  # the house's shape


def test_duplicate_ids_are_refused() -> None:
    data = copy.deepcopy(VALID)
    data["regulations"].append(copy.deepcopy(VALID["regulations"][0]))
    with pytest.raises(RegulationError, match="id: 'zwemles' is used more than once"):
        parse_regulations(data)


def test_the_top_level_is_checked_too() -> None:
    with pytest.raises(RegulationError, match="expected a mapping at the top, got list"):
        parse_regulations([VALID])
    with pytest.raises(RegulationError, match="regulations: expected a non-empty list"):
        parse_regulations({"municipality": VALID["municipality"], "regulations": []})


def test_a_date_that_does_not_exist_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "datum.yaml"
    path.write_text("regulations:\n  - id: a\n    checked: 2026-02-30\n", encoding="utf-8")
    with pytest.raises(
        RegulationError, match=r"not valid YAML or JSON: line 3: 2026-02-30 is not a date that"
    ):
        load_regulations(path)


def test_a_file_that_is_not_yaml_says_so(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("regulations: [unclosed", encoding="utf-8")
    with pytest.raises(RegulationError, match=r"kapot\.yaml: 1 problem:\n- not valid YAML or JSON"):
        load_regulations(path)
