"""The field types of the part editor: one registered class per type (ADR 0013)."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from kansen.plans import MISSING
from kansen.web.plans import editor
from kansen.web.plans.fields import FieldType, Submitted, field_type, register, registered


def _leaf_types() -> set[str]:
    """The type of every field of every part of a plan, as the editor chooses it."""
    found: set[str] = set()
    seen: set[str] = set()

    def walk(spec: editor.Spec, owner: str, name: str) -> None:
        kind = spec.kind
        if kind == "object":
            if spec.definition in seen:
                return
            seen.add(spec.definition)
            for key, child in spec.properties.items():
                walk(editor.resolve(child), spec.definition or "Plan", key)
        elif kind == "array-objects":
            walk(spec.items, owner, name)
        else:
            found.add(editor.widget(kind, owner, name))

    walk(editor.root_spec(), "Plan", "")
    return found


def test_every_field_of_a_plan_has_a_registered_type():
    types = _leaf_types()
    assert types <= set(registered())
    # and every registered type is used by some field
    assert set(registered()) == types


def test_a_type_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):

        @register
        class Again(FieldType):
            name = "amount"


def _submitted(name: str, data: dict[str, str | list[str]]) -> tuple[Submitted, editor.Parsed]:
    post = QueryDict(mutable=True)
    for key, value in data.items():
        post.setlist(key, value if isinstance(value, list) else [value])
    result = editor.Parsed(MISSING)
    state = {"stakeholders": {}, "ids": set()}
    return Submitted(post, "f", "BudgetLine", name, False, False, result, state), result


@pytest.mark.parametrize(
    ("kind", "posted", "data", "errors"),
    [
        ("amount", {"f": "60.000,50"}, "60000.50", 0),  # Dutch thousands and cents
        ("amount", {"f": "", "f#pm": "1"}, "PM", 0),  # PM ticked
        ("money", {"f": "zestig"}, "zestig", 1),  # kept as typed, with its error
        ("integer", {"f": "2025"}, 2025, 0),
        ("array-int", {"f": "2025, 2026"}, [2025, 2026], 0),
        ("array-int", {"f": "2025, 20x6"}, "2025, 20x6", 1),
        ("lines", {"f": "a\r\n\r\nb "}, ["a", "b"], 0),
        ("text", {"f": "  "}, MISSING, 0),  # left empty: the default applies
        ("schools", {"f": ["De Brug"], "f#new": "Het Anker\nDe Brug"}, ["De Brug", "Het Anker"], 0),
    ],
)
def test_each_type_reads_what_is_typed(kind, posted, data, errors):
    submitted, result = _submitted(kind, posted)
    assert field_type(kind).parse(submitted) == data
    assert sum(len(m) for m in result.errors.values()) == errors


@pytest.mark.parametrize(
    ("kind", "value", "shown", "history"),
    [
        ("amount", "PM", ("", True), "PM"),
        ("amount", "1250.50", ("1250,50", False), "€ 1.250,50"),
        ("money", 60000, ("60000", False), "€ 60.000"),
        ("array-int", [2025, 2026], ("2025, 2026", False), "2025; 2026"),
        ("enum", "in_progress", ("in_progress", False), "In uitvoering"),
    ],
)
def test_each_type_shows_a_value_in_the_form_and_the_history(kind, value, shown, history):
    assert field_type(kind).form_value(value) == shown
    assert field_type(kind).history_text(value, {}) == history


def test_a_type_says_what_it_expects_or_leaves_it_to_the_plans_reason():
    # the types whose own words replace the plan's reason when a value cannot be read
    assert sorted(name for name, kind in registered().items() if kind.has_message) == [
        "amount",
        "array-enum",
        "array-int",
        "date",
        "end",
        "enum",
        "integer",
        "money",
        "period",
        "quarter",
        "template",
    ]
