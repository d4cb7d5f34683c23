"""The generic part editor: a form for any part of a plan, generated from its JSON Schema.

A *part* is a path into the plan document (``interventions[0]``,
``action_lines[1].themes[0].efforts[2]``, ``agreements``); the empty path is the general part
(the plan's own text fields). :func:`build_tree` turns the schema of a part and its data into a
tree of :class:`Node` for the templates; :func:`parse_form` reads a submitted form back into
plain data in the layout of :mod:`kansen.plans`, keeping what the user typed where it could not
be read, so the page can show it again with the error beside it. Every field of every part is
covered by the same code: a new field in the library needs no change here, only a label.
What a type of field does (its input, choices, reading, display, message) is in its class in
:mod:`.fields`; :func:`widget` chooses the type of a field. Paths, diff and merge are the
library's (:mod:`kansen.plans._edits`), re-exported here for the views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from kansen.plans import (
    DELETE,
    ITEM_ID,
    MISSING,
    MONEY_SCHEMA,
    Amount,
    PathError,
    Period,
    PlanningEnd,
    Quarter,
    Rebased,
    ancestor_ids,
    data_at,
    diff,
    format_path,
    merge,
    new_item_id,
    parse_path,
    plan_schema,
    set_at,
)
from kansen.plans import PathToken as Token
from kansen.plans import flatten_paths as flatten
from kansen.plans import join_path as join
from kansen.plans import rebase as rebase_edit
from kansen.plans import same_value as same

from .constants import SHORT_TEXT_FIELDS, TEXTAREA_FIELDS, field_help, field_label
from .fields import FieldType, Submitted, euro_text, field_type, parse_euros

__all__ = [
    "DELETE",
    "MISSING",
    "PathError",
    "Rebased",
    "Token",
    "ancestor_ids",
    "data_at",
    "diff",
    "euro_text",
    "flatten",
    "format_path",
    "join",
    "merge",
    "parse_euros",
    "parse_path",
    "same",
    "set_at",
]


# ---------------------------------------------------------------------------------------------
# The schema


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


# ---------------------------------------------------------------------------------------------
# Saving again after someone else saved


def rebase(
    doc: dict[str, Any], part: str, base: Any, mine: Any, within: list[str] | None = None
) -> Rebased:
    """The user's edit of ``part`` carried over to the stored document (see
    :func:`kansen.plans.rebase`): the item, and the items it lies in (``within``), are followed
    by their ids."""
    return rebase_edit(doc, part, base, mine, general=general_fields(), within=within or ())


# ---------------------------------------------------------------------------------------------
# The form tree


@dataclass
class Node:
    """One field, group (an object) or list of groups of the form."""

    kind: str
    rel: str
    abspath: str
    name: str
    label: str
    help: str = ""
    required: bool = False
    nullable: bool = False
    value: Any = ""
    values: list[str] = field(default_factory=list)
    pm: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    level: int = 2
    index: int | None = None
    new_text: str = ""
    datalist: str = ""
    #: The id of an item of a list (sent back in a hidden field, so the item keeps it).
    item_id: str = ""
    #: The value as a reader of the plan sees it (set for the plan page).
    text: str = ""
    #: A list whose items have only fields, shown as a table (set for the plan page): its
    #: column labels and, per item, the item with its fields in those columns.
    table: bool = False
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Node, list[Node]]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "f-" + (re.sub(r"[^A-Za-z0-9]+", "-", self.rel).strip("-") or "part")

    @property
    def path_id(self) -> str:
        """An id unique on the plan page (by the path in the whole plan)."""
        return "p-" + (re.sub(r"[^A-Za-z0-9]+", "-", self.abspath).strip("-") or "plan")

    @property
    def field(self) -> FieldType | None:
        """The field's type (None for a group or a list of groups)."""
        return field_type(self.kind) if self.is_field else None

    @property
    def item_id_name(self) -> str:
        """The name of the hidden field with the item's id."""
        return join(self.rel, ITEM_ID)

    @property
    def describedby(self) -> str:
        ids = []
        if self.help:
            ids.append(self.id + "-help")
        if self.errors:
            ids.append(self.id + "-error")
        return " ".join(ids)

    @property
    def is_field(self) -> bool:
        return self.kind not in ("object", "array-objects")

    @property
    def heading_level(self) -> int:
        return min(self.level, 6)

    def walk(self) -> list[Node]:
        nodes = [self]
        for child in self.children:
            nodes += child.walk()
        return nodes

    @property
    def has_errors(self) -> bool:
        return any(node.errors for node in self.walk())


@dataclass
class Options:
    """What the choice widgets offer: the municipality's organisations, areas and schools."""

    organisations: list[str] = field(default_factory=list)
    neighbourhoods: list[tuple[str, str]] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    plan_stakeholders: list[tuple[str, str]] = field(default_factory=list)
    #: Organisations chosen or typed in a form that is shown again before it is saved
    #: (``(id, name)``): not in the plan yet, so they are offered again as new ones.
    pending_stakeholders: list[tuple[str, str]] = field(default_factory=list)
    #: The plan's action lines (``(code, title)``), offered for a cost row's action line.
    action_lines: list[tuple[str, str]] = field(default_factory=list)


def widget(kind: str, owner: str, name: str) -> str:
    """The field type of a field (:mod:`.fields`): the kind of its schema, or a special one by
    its place."""
    if owner == "Theme" and name == "stakeholders":
        return "stakeholder-ids"
    if name == "parties" and kind == "array-text":
        return "party-names"
    if owner == "Location" and name == "neighbourhoods":
        return "neighbourhoods"
    if owner == "Location" and name == "schools":
        return "schools"
    if owner == "Plan" and name == "template":
        return "template"
    if kind == "text" and name in TEXTAREA_FIELDS and f"{owner}.{name}" not in SHORT_TEXT_FIELDS:
        return "textarea"
    if kind == "array-text":
        return "lines"
    return kind


def item_label(label: str, index: int, data: Any) -> str:
    """An item of a list in words: "Thema 1.1", "Jaar 2024", "Interventie 1: Brugfunctionaris"."""
    if isinstance(data, dict):
        for key in ("code", "year"):
            if str(data.get(key) or "").strip():
                return f"{label} {str(data[key]).strip()}"
        for key in ("name", "title", "kind", "description", "label", "party", "role"):
            text = str(data.get(key) or "").strip()
            if text:
                text = text if len(text) <= 60 else text[:57] + "..."
                return f"{label} {index + 1}: {text}"
    return f"{label} {index + 1}"


def build_tree(
    doc: dict[str, Any],
    part: str,
    options: Options | None = None,
    data: Any = MISSING,
) -> Node:
    """The form of a part; ``data`` overrides the document's data (what the user typed)."""
    options = options or Options()
    tokens = parse_path(part)
    spec, owner, name = spec_at(tokens)
    if data is MISSING:
        data = data_at(doc, tokens)
    if not tokens:
        node = Node("object", "", "", "", _("General"), level=2)
        general = general_fields()
        value = data if isinstance(data, dict) else {}
        for key in general:
            child_spec = resolve(spec.properties[key])
            node.children.append(
                _build(
                    child_spec,
                    value.get(key, MISSING),
                    key,
                    key,
                    "Plan",
                    key,
                    key in spec.required,
                    3,
                    options,
                )
            )
        return node
    label = field_label(owner, name) if name else ""
    if isinstance(tokens[-1], int):
        label = item_label(field_label(owner, name, singular=True), tokens[-1], data)
    return _build(
        spec,
        data,
        "",
        part,
        owner,
        name,
        True,
        2,
        options,
        label=label,
        index=tokens[-1] if isinstance(tokens[-1], int) else None,
    )


def _build(
    spec: Spec,
    data: Any,
    rel: str,
    abspath: str,
    owner: str,
    name: str,
    required: bool,
    level: int,
    options: Options,
    label: str = "",
    index: int | None = None,
) -> Node:
    kind = spec.kind
    label = label or field_label(owner, name)
    help_text = field_help(owner, name)
    if kind == "object":
        node = Node(
            "object",
            rel,
            abspath,
            name,
            label,
            help_text,
            level=level,
            index=index,
            nullable=spec.nullable,
        )
        value = data if isinstance(data, dict) else {}
        definition = spec.definition
        node.item_id = str(value.get(ITEM_ID) or "")
        for key, child in spec.properties.items():
            if key == ITEM_ID:  # not a field: sent back unchanged (_edit_node.html)
                continue
            child_spec = resolve(child)
            node.children.append(
                _build(
                    child_spec,
                    value.get(key, MISSING),
                    join(rel, key),
                    join(abspath, key),
                    definition,
                    key,
                    key in spec.required,
                    level + 1,
                    options,
                )
            )
        return node
    if kind == "array-objects":
        node = Node("array-objects", rel, abspath, name, label, help_text, level=level)
        items = data if isinstance(data, list) else []
        singular = field_label(owner, name, singular=True)
        for i, item in enumerate(items):
            node.children.append(
                _build(
                    spec.items,
                    item,
                    f"{rel}[{i}]",
                    f"{abspath}[{i}]",
                    owner,
                    name,
                    True,
                    level + 1,
                    options,
                    label=item_label(singular, i, item),
                    index=i,
                )
            )
        node.value = singular
        return node
    shown = widget(kind, owner, name)
    value, pm = field_type(shown).form_value(data)
    node = Node(
        shown,
        rel,
        abspath,
        name,
        label,
        help_text,
        required=required,
        level=level,
        nullable=spec.nullable,
        value=value,
        pm=pm,
    )
    field_type(shown).fill(node, spec, data, options)
    if owner in ("CommunityRole", "FinancingSource") and name in ("party", "name"):
        node.datalist = "organisations"
    if owner == "CostLine" and name == "action_line":
        node.datalist = "action-lines"
    return node


# ---------------------------------------------------------------------------------------------
# Reading a submitted form


@dataclass
class Parsed:
    """What a submitted form holds: the data, errors by path, new organisations."""

    data: Any
    errors: dict[str, list[str]] = field(default_factory=dict)
    new_stakeholders: list[tuple[str, str]] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)

    def error(self, rel: str, message: str) -> None:
        self.errors.setdefault(rel, []).append(message)


def kind_message(kind: str) -> str:
    """What a field of a type expects, in the user's language."""
    return field_type(kind).message


def parse_form(post: Any, part: str, doc: dict[str, Any]) -> Parsed:
    """Read a submitted editor form (a ``QueryDict``) into the data of the part."""
    tokens = parse_path(part)
    spec, owner, name = spec_at(tokens)
    result = Parsed(MISSING)
    plan_stakeholders = {
        s.get("name"): s.get("id") for s in doc.get("stakeholders", []) if isinstance(s, dict)
    }
    taken_ids = set(plan_stakeholders.values())
    state = {"stakeholders": plan_stakeholders, "ids": taken_ids}
    if not tokens:
        result.data = _parse_fields(spec, general_fields(), post, "", result, state)
        return result
    result.data = _parse(spec, post, "", owner, name, True, result, state)
    if result.data is MISSING:
        result.data = {} if spec.kind == "object" else []
    return result


def _parse_fields(
    spec: Spec, keys: list[str], post: Any, rel: str, result: Parsed, state: dict[str, Any]
) -> dict[str, Any]:
    """The fields ``keys`` of an object (the id of a list item as the form sent it back)."""
    data: dict[str, Any] = {}
    for key in keys:
        if key == ITEM_ID:
            item_id = str(post.get(join(rel, ITEM_ID), "")).strip()
            if item_id:
                data[key] = item_id
            continue
        child = resolve(spec.properties[key])
        owner = spec.definition or "Plan"
        value = _parse(child, post, join(rel, key), owner, key, key in spec.required, result, state)
        if value is not MISSING:
            data[key] = value
    return data


def _parse(
    spec: Spec,
    post: Any,
    rel: str,
    owner: str,
    name: str,
    required: bool,
    result: Parsed,
    state: dict[str, Any],
) -> Any:
    kind = spec.kind
    if kind == "object":
        return _parse_fields(spec, list(spec.properties), post, rel, result, state)
    if kind == "array-objects":
        try:
            count = int(post.get(f"{rel}#n", "0"))
        except ValueError:
            count = 0
        items = [
            _parse(spec.items, post, f"{rel}[{i}]", owner, name, True, result, state)
            for i in range(max(count, 0))
        ]
        return items if items else MISSING
    shown = widget(kind, owner, name)
    submitted = Submitted(post, rel, owner, name, required, spec.nullable, result, state)
    return field_type(shown).parse(submitted)


def apply_errors(tree: Node, errors: dict[str, list[str]]) -> list[str]:
    """Attach errors (by path relative to the part) to the form's fields; return those that
    belong to no field, for the summary."""
    by_rel = {node.rel: node for node in tree.walk()}
    left: list[str] = []
    for rel, messages in errors.items():
        target = rel
        while target not in by_rel and target:
            target = format_path(parse_path(target)[:-1]) if target else ""
        node = by_rel.get(target)
        if node is None:
            left += messages
        else:
            node.errors += [m for m in messages if m not in node.errors]
    return left


def change_rows(post: Any, data: Any, part: str) -> Any:
    """Apply an "add row" or "remove row" button to the data read from the form."""
    add, remove = post.get("_add"), post.get("_remove")
    if add is not None:
        tokens = parse_path(add)
        current = data_at(data, tokens) if tokens else data
        length = len(current) if isinstance(current, list) else 0
        if not tokens:
            return [*(data if isinstance(data, list) else []), {ITEM_ID: new_item_id()}]
        base = data if isinstance(data, dict) else {}
        if current is MISSING:
            base = set_at(base, tokens, [])
        return set_at(base, [*tokens, length], {ITEM_ID: new_item_id()})
    if remove is not None:
        tokens = parse_path(remove)
        if len(tokens) == 1 and isinstance(data, list):
            return [item for i, item in enumerate(data) if i != tokens[0]]
        return set_at(data, tokens, DELETE)
    return data
