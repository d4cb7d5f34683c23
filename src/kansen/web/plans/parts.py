"""The parts of a plan and their schema, for the part editor.

A *part* is a path into the plan document (``interventions[0]``,
``action_lines[1].themes[0].efforts[2]``, ``agreements``); the empty path is the general part
(the plan's own text fields). :func:`spec_at` gives the JSON Schema of any path, with ``$ref``
and ``X | None`` resolved (:class:`Spec`), and its kind of value; :func:`part_of` the part whose
editor shows a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from kansen.plans import (
    MISSING,
    MONEY_SCHEMA,
    Amount,
    PathError,
    Period,
    PlanningEnd,
    Quarter,
    format_path,
    parse_path,
    plan_schema,
)
from kansen.plans import PathToken as Token


@cache
def _schema() -> dict[str, Any]:
    return plan_schema()


def _without_description(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if k not in ("description", "default")}


@cache
def _value_kinds() -> list[tuple[dict[str, Any], str]]:
    return [
        (_without_description(Amount.json_schema()), "amount"),
        (_without_description(MONEY_SCHEMA), "money"),
        (_without_description(Quarter.json_schema()), "quarter"),
        (_without_description(PlanningEnd.json_schema()), "end"),
        (_without_description(Period.json_schema()), "period"),
    ]


@dataclass(frozen=True)
class Spec:
    """A schema node with ``$ref`` and ``X | None`` resolved."""

    node: dict[str, Any]
    nullable: bool
    definition: str  # name of the $defs entry for objects, "" otherwise
    description: str
    default: Any

    @property
    def kind(self) -> str:
        node = self.node
        if self.definition or node.get("type") == "object":
            return "object"
        if node.get("type") == "array":
            items = resolve(node["items"])
            if items.kind == "object":
                return "array-objects"
            if items.kind == "enum":
                return "array-enum"
            if items.kind == "integer":
                return "array-int"
            return "array-text"
        if "enum" in node:
            return "enum"
        bare = _without_description(node)
        for schema, kind in _value_kinds():
            if bare == schema:
                return kind
        if node.get("format") == "date":
            return "date"
        if node.get("type") == "integer":
            return "integer"
        return "text"

    @property
    def properties(self) -> dict[str, Any]:
        return dict(self.node.get("properties", {}))

    @property
    def required(self) -> list[str]:
        return list(self.node.get("required", []))

    @property
    def items(self) -> Spec:
        return resolve(self.node["items"])

    @property
    def enum(self) -> list[str]:
        node = self.items.node if self.node.get("type") == "array" else self.node
        return list(node.get("enum", []))


def resolve(node: dict[str, Any]) -> Spec:
    description = node.get("description", "")
    default = node.get("default", MISSING)
    nullable = False
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o != {"type": "null"}]
        nullable = len(options) < len(node["anyOf"])
        node = options[0]
    definition = ""
    if "$ref" in node:
        definition = node["$ref"].rsplit("/", 1)[-1]
        node = _schema()["$defs"][definition]
    return Spec(node, nullable, definition, description, default)


def root_spec() -> Spec:
    return Spec(_schema(), False, "Plan", "", MISSING)


def spec_at(tokens: list[Token]) -> tuple[Spec, str, str]:
    """The schema of a part, the definition holding its last field, and that field's name."""
    spec = root_spec()
    owner, name = "Plan", ""
    for token in tokens:
        if isinstance(token, int):
            if spec.kind not in ("array-objects", "array-text", "array-int", "array-enum"):
                raise PathError(f"{format_path(tokens)}: not a list")
            spec = spec.items
        else:
            if spec.kind != "object" or token not in spec.properties:
                raise PathError(f"{format_path(tokens)}: no field {token!r}")
            owner, name = spec.definition or "Plan", token
            spec = resolve(spec.properties[token])
    return spec, owner, name


def general_fields() -> list[str]:
    """The plan's own fields edited as the general part: text, choices and lists of them."""
    spec = root_spec()
    return [
        name
        for name, node in spec.properties.items()
        # The municipality is the plan's owner (the tenant), not a field to type.
        if name not in ("schema_version", "municipality", "municipality_code")
        and resolve(node).kind not in ("object", "array-objects")
    ]


def is_part(path: str) -> bool:
    """Whether a path names a part with its own editor (an object or a list of objects)."""
    try:
        tokens = parse_path(path)
        spec, _owner, _name = spec_at(tokens)
    except PathError:
        return False
    return not tokens or spec.kind in ("object", "array-objects")


def part_of(path: str) -> str:
    """The part whose editor shows a path: the nearest list item (a budget line, an effort) or
    top-level part; the general part ("") for the plan's own fields."""
    try:
        tokens = parse_path(path)
    except PathError:
        return ""
    while tokens:
        candidate = format_path(tokens)
        if is_part(candidate) and (isinstance(tokens[-1], int) or len(tokens) == 1):
            return candidate
        tokens = tokens[:-1]
    return ""
