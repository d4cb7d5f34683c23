"""Plan items have identity: ids on every list item, the upgrade of version 1 files, and the
diff and three-way merge that follow items by id (ADR 0012)."""

from __future__ import annotations

import copy
import dataclasses
import typing
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from kansen.plans import (
    ITEM_ID,
    MISSING,
    Item,
    Plan,
    PlanFormatError,
    diff,
    merge,
    plan_from_data,
    plan_to_data,
    read_plan,
    rebase,
    schema_problems,
    upgrade_plan_data,
    with_item_ids,
    without_item_ids,
)
from kansen.plans._codec import field_hints, optional_inner
from kansen.plans._edits import ancestor_ids
from kansen.plans._items import list_items

NAMES = ["amersfoort", "leiden"]


def as_version_1(path: Path) -> dict[str, Any]:
    """A fixture as it was written before the ids: layout version 1, no ids."""
    data = without_item_ids(yaml.safe_load(path.read_text(encoding="utf-8")))
    return {**data, "schema_version": 1}


def ids_of(data: Any) -> list[str]:
    return [item[ITEM_ID] for _path, item in list_items(data)]


# ---------------------------------------------------------------------------------------------
# The upgrade of version 1


@pytest.mark.parametrize("name", NAMES)
def test_the_upgrade_gives_every_list_item_its_own_id(
    name: str, fixture_files: dict[str, Path]
) -> None:
    v1 = as_version_1(fixture_files[name])
    kept = copy.deepcopy(v1)
    v2 = upgrade_plan_data(v1, seed="plan-7")
    assert v1 == kept  # the input is left alone
    assert v2["schema_version"] == 2
    items = list(list_items(v2))
    assert len(items) == {"amersfoort": 19, "leiden": 90}[name]
    ids = ids_of(v2)
    assert all(str(uuid.UUID(i)) == i for i in ids)
    assert len(set(ids)) == len(ids)
    # Nothing else changed, and the plan reads the same.
    assert without_item_ids(v2) == {**v1, "schema_version": 2}
    assert plan_from_data(v2) == plan_from_data(v1) == read_plan(fixture_files[name])
    assert schema_problems(v2) == []


@pytest.mark.parametrize("name", NAMES)
def test_the_upgrade_is_idempotent_and_repeatable(
    name: str, fixture_files: dict[str, Path]
) -> None:
    v1 = as_version_1(fixture_files[name])
    v2 = upgrade_plan_data(v1, seed="plan-7")
    assert upgrade_plan_data(v2, seed="plan-7") == v2
    assert upgrade_plan_data(v2, seed="another") == v2  # ids there are kept
    assert upgrade_plan_data(v1, seed="plan-7") == v2  # running it again: the same ids
    assert ids_of(upgrade_plan_data(v1, seed="plan-8")) != ids_of(v2)  # another plan's differ
    # Without a seed the ids come from the document itself: reading a file twice agrees.
    assert upgrade_plan_data(v1) == upgrade_plan_data(copy.deepcopy(v1))


def test_the_upgrade_keeps_ids_and_fills_only_the_missing_ones() -> None:
    data = {
        "schema_version": 2,
        "pillars": [{ITEM_ID: "00000000-0000-4000-8000-000000000001", "name": "A"}, {"name": "B"}],
    }
    upgraded = upgrade_plan_data(data, seed="s")
    assert upgraded["pillars"][0][ITEM_ID] == "00000000-0000-4000-8000-000000000001"
    assert upgraded["pillars"][1][ITEM_ID] not in ("", "00000000-0000-4000-8000-000000000001")
    # the id first, as plan_to_data writes it
    assert list(upgraded["pillars"][1]) == [ITEM_ID, "name"]


def test_other_versions_are_left_for_the_reader_to_refuse() -> None:
    for data in ({"schema_version": 3, "pillars": [{}]}, ["a"], None):
        assert upgrade_plan_data(data) == data


def test_a_version_1_file_is_still_read(fixture_files: dict[str, Path]) -> None:
    v1 = as_version_1(fixture_files["leiden"])
    assert schema_problems(v1) == []  # against the schema of version 1
    plan = plan_from_data(v1)
    data = plan_to_data(plan)
    assert data["schema_version"] == 2
    assert len(set(ids_of(data))) == len(list(list_items(data))) == 90


def test_new_items_get_random_ids() -> None:
    data = {"pillars": [{"name": "A"}, {"name": "B"}]}
    first, second = with_item_ids(data), with_item_ids(data)
    assert ids_of(first) != ids_of(second)
    assert {uuid.UUID(i).version for i in ids_of(first)} == {4}
    assert "uuid" not in data["pillars"][0]


def test_every_list_item_of_the_model_has_an_id() -> None:
    found: set[type] = set()

    def walk(cls: type, seen: set[type]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for hint in field_hints(cls).values():
            hint = optional_inner(hint) or hint
            if typing.get_origin(hint) is tuple:
                inner = typing.get_args(hint)[0]
                if dataclasses.is_dataclass(inner):
                    found.add(inner)
                    walk(inner, seen)
            elif dataclasses.is_dataclass(hint):
                walk(typing.cast(type, hint), seen)

    walk(Plan, set())
    assert len(found) == 19
    assert sorted(c.__name__ for c in found if not issubclass(c, Item)) == []


def test_a_plan_built_in_code_is_written_with_ids_the_same_each_time(leiden: Plan) -> None:
    bare = plan_from_data({**without_item_ids(plan_to_data(leiden)), "schema_version": 2})
    assert all(not action_line.uuid for action_line in bare.action_lines)
    written = plan_to_data(bare)
    assert len(set(ids_of(written))) == 90
    assert plan_to_data(bare) == written
    assert schema_problems(written) == []


def test_an_item_without_an_id_is_refused_by_the_schema_of_version_2(leiden: Plan) -> None:
    data = plan_to_data(leiden)
    del data["action_lines"][0][ITEM_ID]
    [problem] = schema_problems(data)
    assert (problem.path, problem.code, problem.reason, dict(problem.params)) == (
        "action_lines[0].uuid",
        "format",
        "missing-field",
        {"field": "uuid"},
    )
    assert problem.message == "'uuid' is a required property"


def test_a_schema_violation_without_a_reason_of_its_own_keeps_jsonschemas_words() -> None:
    data = {"schema_version": 2, "kind": "agenda", "title": 5, "colour": "blue"}
    problems = {p.path: (p.reason, dict(p.params)) for p in schema_problems(data)}
    assert problems["title"] == ("text", {"got": "the number 5 (quote it if you meant text)"})
    assert problems["colour"][0] == "unknown-field"
    assert problems["colour"][1]["field"] == "colour"
    assert problems["municipality"] == ("missing-field", {"field": "municipality"})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not-an-id", "expected an id such as"),
        ("00000000-0000-4000-8000-000000000001", r"is given twice \(also at pillars\[0\]\)"),
    ],
)
def test_an_id_that_is_not_a_uuid_or_is_given_twice_is_refused(value: str, message: str) -> None:
    data = {
        "schema_version": 2,
        "kind": "agenda",
        "municipality": "Demostad",
        "title": "Agenda",
        "period": "2021-2024",
        "pillars": [
            {ITEM_ID: "00000000-0000-4000-8000-000000000001", "name": "A"},
            {ITEM_ID: value, "name": "B"},
        ],
    }
    with pytest.raises(PlanFormatError, match=message) as caught:
        plan_from_data(data)
    assert [p.path for p in caught.value.problems] == ["pillars[1].uuid"]
    # a code with parameters, not an English sentence to translate (ADR 0015)
    [problem] = caught.value.problems
    assert (problem.text_code, dict(problem.params)) == REASONS[value]


REASONS = {
    "not-an-id": (
        "format.item-id",
        {"example": "afd90d60-480c-512e-847f-79d843bd450d", "got": "'not-an-id'"},
    ),
    "00000000-0000-4000-8000-000000000001": (
        "format.item-id-twice",
        {"id": "00000000-0000-4000-8000-000000000001", "other": "pillars[0]"},
    ),
}


# ---------------------------------------------------------------------------------------------
# Diff, merge and rebase by id

A, B, C = "id-a", "id-b", "id-c"


def line(key: str, description: str, amount: int = 100) -> dict[str, Any]:
    return {ITEM_ID: key, "description": description, "amount": amount}


def test_the_diff_follows_a_renamed_and_moved_item() -> None:
    before = {"budget": [line(A, "Inzet"), line(B, "Materiaal")]}
    # A removed; B renamed (now first): one removal and one rename, not A renamed to Materiaal.
    after = {"budget": [line(B, "Leermiddelen")]}
    assert diff(before, after) == [
        {"path": "budget[0]", "before": line(A, "Inzet"), "after": None},
        {"path": "budget[0].description", "before": "Materiaal", "after": "Leermiddelen"},
    ]
    # An item that looks like another is still another: a new line with A's content is added.
    again = {"budget": [line(C, "Inzet"), line(B, "Materiaal")]}
    assert diff(before, again) == [
        {"path": "budget[0]", "before": line(A, "Inzet"), "after": None},
        {"path": "budget[0]", "before": None, "after": line(C, "Inzet")},
    ]


def test_the_merge_of_a_rename_and_a_move_during_a_concurrent_edit() -> None:
    base = {"budget": [line(A, "Inzet"), line(B, "Materiaal")]}
    # They removed A and renamed B; I changed B's amount.
    theirs = {"budget": [line(B, "Leermiddelen")]}
    mine = {"budget": [line(A, "Inzet"), line(B, "Materiaal", 250)]}
    assert merge(base, mine, theirs) == ({"budget": [line(B, "Leermiddelen", 250)]}, [])


@pytest.mark.parametrize(
    ("mine", "theirs", "merged", "conflicts"),
    [
        # I removed B, they changed it: B stays with their change, and it is said.
        (
            [line(A, "Inzet")],
            [line(A, "Inzet"), line(B, "Materiaal", 300)],
            [line(A, "Inzet"), line(B, "Materiaal", 300)],
            ["budget[1]"],
        ),
        # They removed B, I changed it: B stays with my change, and it is said.
        (
            [line(A, "Inzet"), line(B, "Materiaal", 300)],
            [line(A, "Inzet")],
            [line(A, "Inzet"), line(B, "Materiaal", 300)],
            ["budget[1]"],
        ),
        # One removed B, the other did not touch it: removed, nothing to say.
        (
            [line(A, "Inzet")],
            [line(A, "Inzet", 5), line(B, "Materiaal")],
            [line(A, "Inzet", 5)],
            [],
        ),
        (
            [line(A, "Inzet", 5), line(B, "Materiaal")],
            [line(A, "Inzet")],
            [line(A, "Inzet", 5)],
            [],
        ),
    ],
)
def test_the_merge_of_a_removal_and_an_edit(
    mine: list[Any], theirs: list[Any], merged: list[Any], conflicts: list[str]
) -> None:
    base = {"budget": [line(A, "Inzet"), line(B, "Materiaal")]}
    assert merge(base, {"budget": mine}, {"budget": theirs}) == ({"budget": merged}, conflicts)


def test_the_merge_keeps_an_item_added_by_each_side() -> None:
    base = {"budget": [line(A, "Inzet")]}
    mine = {"budget": [line(A, "Inzet"), line(C, "Mijn regel")]}
    theirs = {"budget": [line(A, "Inzet", 90), line(B, "Hun regel")]}
    assert merge(base, mine, theirs) == (
        {"budget": [line(A, "Inzet", 90), line(B, "Hun regel"), line(C, "Mijn regel")]},
        [],
    )


def test_a_conflict_inside_an_item_is_named_at_its_index_now() -> None:
    base = {"budget": [line(A, "Inzet"), line(B, "Materiaal")]}
    theirs = {"budget": [line(B, "Materiaal", 300)]}
    mine = {"budget": [line(A, "Inzet"), line(B, "Materiaal", 400)]}
    assert merge(base, mine, theirs) == (
        {"budget": [line(B, "Materiaal", 400)]},
        ["budget[0].amount"],
    )


def doc_with(*interventions: dict[str, Any]) -> dict[str, Any]:
    return {"interventions": list(interventions)}


def test_a_rebase_follows_the_item_by_its_id() -> None:
    one = {ITEM_ID: A, "name": "Brugfunctionaris"}
    two = {ITEM_ID: B, "name": "Huiswerkklas", "goal": "Huiswerk"}
    # Someone removed the first and renamed the second; I changed the second's goal.
    now = doc_with({ITEM_ID: B, "name": "Huiswerkbegeleiding", "goal": "Huiswerk"})
    rebased = rebase(now, "interventions[1]", two, {**two, "goal": "Elke dag"})
    assert (rebased.part, rebased.moved, rebased.removed, rebased.conflicts) == (
        "interventions[0]",
        True,
        False,
        [],
    )
    assert rebased.data == {ITEM_ID: B, "name": "Huiswerkbegeleiding", "goal": "Elke dag"}
    # Removed: my edit comes back as a new item at the end, never over another item.
    gone = rebase(doc_with(one), "interventions[1]", two, two)
    assert (gone.part, gone.removed, gone.base) == ("interventions[1]", True, MISSING)


def test_a_rebase_follows_the_item_a_nested_part_lies_in() -> None:
    budget_line = line(C, "Inzet")
    before = doc_with(
        {ITEM_ID: A, "name": "Oud"}, {ITEM_ID: B, "name": "Nu", "budget": [budget_line]}
    )
    within = ancestor_ids(before, "interventions[1].budget[0]")
    assert within == [B]
    now = doc_with({ITEM_ID: B, "name": "Nu", "budget": [budget_line]})
    moved = rebase(
        now, "interventions[1].budget[0]", budget_line, line(C, "Inzet", 7), within=within
    )
    assert (moved.part, moved.data) == ("interventions[0].budget[0]", line(C, "Inzet", 7))
    # A new line follows its intervention too.
    new = rebase(now, "interventions[1].budget[1]", MISSING, line("id-d", "Nieuw"), within=within)
    assert new.part == "interventions[0].budget[1]"
    # The intervention is gone: nowhere to save.
    assert rebase(
        doc_with(), "interventions[1].budget[0]", budget_line, budget_line, within=within
    ).gone
