"""The form of a part of a plan, generated from its JSON Schema: a tree of :class:`Node`.

:func:`build_tree` turns the schema of a part (:mod:`.parts`) and its data into the tree the
templates show (``_edit_node.html``); :func:`apply_errors` puts the messages of a submitted form
beside its fields. Every field of every part is covered by the same code: a new field in the
library needs no change here, only a label. What a type of field does (its input, choices,
reading, display, message) is in its class in :mod:`.fields`; :func:`widget` chooses the type
of a field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kansen.plans import ITEM_ID, MISSING, data_at, format_path, parse_path
from kansen.plans import join_path as join

from .constants import SHORT_TEXT_FIELDS, TEXTAREA_FIELDS, field_help, field_label
from .fields import FieldType, field_type
from .parts import Spec, general_fields, resolve, spec_at


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
