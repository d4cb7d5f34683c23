"""The generic part editor: a form for any part of a plan, generated from its JSON Schema.

A *part* is a path into the plan document (``interventions[0]``,
``action_lines[1].themes[0].efforts[2]``, ``agreements``); the empty path is the general part
(the plan's own text fields). :func:`build_tree` turns the schema of a part and its data into a
tree of :class:`Node` for the templates; :func:`parse_form` reads a submitted form back into
plain data in the layout of :mod:`kansen.plans`, keeping what the user typed where it could not
be read, so the page can show it again with the error beside it. Every field of every part is
covered by the same code: a new field in the library needs no change here, only a label.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from kansen.plans import Amount, Period, PlanningEnd, Quarter, load_templates, plan_schema
from kansen.plans._values import MONEY_SCHEMA

from .constants import (
    SHORT_TEXT_FIELDS,
    TEXTAREA_FIELDS,
    choice_label,
    field_help,
    field_label,
    template_name,
)

#: Marks a field left out of the data (so the library's default applies).
MISSING: Any = object()
#: Marks an array item to delete (see :func:`set_at`).
DELETE: Any = object()

Token = str | int
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


class PathError(ValueError):
    """A part path that does not lead anywhere in the plan."""


def parse_path(path: str) -> list[Token]:
    """``"a[0].b"`` -> ``["a", 0, "b"]``; the empty path is the whole plan."""
    tokens: list[Token] = []
    position = 0
    path = path.strip()
    while position < len(path):
        if path[position] == "." and tokens:
            position += 1
        match = _TOKEN.match(path, position)
        if match is None:
            raise PathError(f"not a path into a plan: {path!r}")
        tokens.append(match.group(1) if match.group(1) else int(match.group(2)))
        position = match.end()
    return tokens


def format_path(tokens: list[Token]) -> str:
    text = ""
    for token in tokens:
        if isinstance(token, int):
            text += f"[{token}]"
        else:
            text += f".{token}" if text else token
    return text


def join(base: str, rel: str) -> str:
    if not base:
        return rel
    if not rel:
        return base
    return base + rel if rel.startswith("[") else f"{base}.{rel}"


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
# Plain data


def data_at(doc: Any, tokens: list[Token]) -> Any:
    value = doc
    for token in tokens:
        if isinstance(token, int):
            if not isinstance(value, list) or token >= len(value):
                return MISSING
            value = value[token]
        else:
            if not isinstance(value, dict) or token not in value:
                return MISSING
            value = value[token]
    return value


def set_at(doc: dict[str, Any], tokens: list[Token], value: Any) -> dict[str, Any]:
    """A copy of the document with the value at the path replaced, appended (index = length),
    left out (:data:`MISSING`) or deleted from its list (:data:`DELETE`)."""
    if not tokens:
        return copy.deepcopy(value)
    new = copy.deepcopy(doc)
    parent: Any = new
    for i, token in enumerate(tokens[:-1]):
        following = tokens[i + 1]
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(token, int):
            if token >= len(parent):
                raise PathError(f"{format_path(tokens)}: no item {token}")
            parent = parent[token]
        else:
            if parent.get(token) is None:
                parent[token] = empty
            parent = parent[token]
    last = tokens[-1]
    if isinstance(last, int):
        if value is DELETE:
            if last >= len(parent):
                raise PathError(f"{format_path(tokens)}: no item {last}")
            del parent[last]
        elif last == len(parent):
            parent.append(value)
        elif last < len(parent):
            parent[last] = value
        else:
            raise PathError(f"{format_path(tokens)}: no item {last}")
    elif value is MISSING or value is DELETE:
        parent.pop(last, None)
    else:
        parent[last] = value
    return new


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of plain data by path; a list of scalars is one leaf."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, join(prefix, key)))
        return out
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def diff(before: Any, after: Any, prefix: str = "") -> list[dict[str, Any]]:
    """``[{path, before, after}]`` for every leaf that changed, in path order.

    Items of a list of objects are matched by content, not by position: removing the second of
    three interventions is one change ``{path: "interventions[1]", before: {...}, after: None}``
    (the path has the index the item had), not the third's values moved into the second and a
    removed third; an added item is one change with ``before: None`` and the index it got. Items
    that changed in place are compared field by field."""
    out: list[dict[str, Any]] = []
    _diff(before, after, prefix, out)
    return out


def _object_list(value: Any) -> bool:
    return isinstance(value, list) and (
        not value or any(isinstance(item, dict | list) for item in value)
    )


def _diff(before: Any, after: Any, prefix: str, out: list[dict[str, Any]]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            _diff(before.get(key, MISSING), after.get(key, MISSING), join(prefix, key), out)
        return
    if _object_list(before) and _object_list(after) and (before or after):
        keys_before = [json.dumps(item, sort_keys=True, default=str) for item in before]
        keys_after = [json.dumps(item, sort_keys=True, default=str) for item in after]
        matcher = difflib.SequenceMatcher(None, keys_before, keys_after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            # Changed in place (field by field) where an old and a new item are alike; the
            # rest were removed or added.
            unmatched = list(range(i1, i2))
            pairs: dict[int, int] = {}
            for j in range(j1, j2):
                best = max(unmatched, key=lambda i: _likeness(before[i], after[j]), default=None)
                if best is not None and _likeness(before[best], after[j]) >= 0.5:
                    pairs[j] = best
                    unmatched.remove(best)
            for i in unmatched:
                out.append({"path": f"{prefix}[{i}]", "before": before[i], "after": None})
            for j in range(j1, j2):
                if j in pairs:
                    _diff(before[pairs[j]], after[j], f"{prefix}[{j}]", out)
                else:
                    out.append({"path": f"{prefix}[{j}]", "before": None, "after": after[j]})
        return
    old = {} if before is MISSING else flatten(before, prefix)
    new = {} if after is MISSING else flatten(after, prefix)
    for key in [*old, *(k for k in new if k not in old)]:
        if old.get(key) != new.get(key):
            out.append({"path": key, "before": old.get(key), "after": new.get(key)})


# ---------------------------------------------------------------------------------------------
# Saving again after someone else saved: a three-way merge of one part


def _empty(value: Any) -> bool:
    return value is MISSING or value is None or value in ("", [], {})


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    return None


def same(a: Any, b: Any) -> bool:
    """Equal as the form reads them: what a form sends back for data it did not change is the
    same as the stored data, so an untouched field never counts as a change. A list of names or
    codes in another order is the same choice (a multiple choice comes back sorted); an empty
    value (absent, None, "", [] or {}) is the same as another empty one, an object holding only
    empty values too; an amount stored as ``"173.00"`` is the same as the form's ``173``."""
    if a == b:
        return True
    if _empty(a) or _empty(b):
        return _all_empty(a) and _all_empty(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return all(same(a.get(k, MISSING), b.get(k, MISSING)) for k in {*a, *b})
    if isinstance(a, list) and isinstance(b, list):
        if all(not isinstance(x, dict | list) for x in [*a, *b]):
            return sorted(map(str, a)) == sorted(map(str, b))
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    number_a, number_b = _number(a), _number(b)
    if (number_a is None) != (number_b is None) and isinstance(
        a if number_b is not None else b, str
    ):
        # one side a number, the other the same amount as text ("173.00")
        text = str(a if number_b is not None else b).strip()
        if _PLAIN.match(text):
            return Decimal(text) == (number_a if number_a is not None else number_b)
    return False


def _all_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_all_empty(v) for v in value.values())
    return _empty(value)


def merge(base: Any, mine: Any, theirs: Any, prefix: str = "") -> tuple[Any, list[str]]:
    """What the user typed (``mine``) applied on top of what is stored now (``theirs``), both
    started from ``base``: a value the user did not change takes theirs, a value only the user
    changed keeps the user's, and where both changed it differently the user's stays and its path
    is returned as a conflict. Objects merge key by key, lists of equal length item by item."""
    if same(mine, base):
        return theirs, []
    if same(theirs, base) or same(mine, theirs):
        return mine, []
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        merged: dict[str, Any] = {}
        conflicts: list[str] = []
        for key in [
            *mine,
            *(k for k in theirs if k not in mine),
            *(k for k in base if k not in mine and k not in theirs),
        ]:
            value, found = merge(
                base.get(key, MISSING),
                mine.get(key, MISSING),
                theirs.get(key, MISSING),
                join(prefix, key),
            )
            if value is not MISSING:
                merged[key] = value
            conflicts += found
        return merged, conflicts
    if (
        isinstance(base, list)
        and isinstance(mine, list)
        and isinstance(theirs, list)
        and len(base) == len(mine) == len(theirs)
    ):
        items: list[Any] = []
        conflicts = []
        for i, (b, m, t) in enumerate(zip(base, mine, theirs, strict=True)):
            value, found = merge(b, m, t, f"{prefix}[{i}]")
            items.append(value)
            conflicts += found
        return items, conflicts
    return mine, [prefix]


def _likeness(a: Any, b: Any) -> float:
    if not isinstance(a, dict) or not isinstance(b, dict):
        return 1.0 if same(a, b) else 0.0
    keys = set(a) | set(b)
    if not keys:
        return 1.0
    return sum(same(a.get(k, MISSING), b.get(k, MISSING)) for k in keys) / len(keys)


#: The fields that name an item of a list, most specific first.
_IDENTITY = ("code", "year", "name", "title", "description", "label", "party", "role", "kind")


def _same_identity(item: Any, base: Any) -> bool:
    """Whether ``item`` has what names ``base`` (its first identifying field with a value);
    True when ``base`` has no such field."""
    if not isinstance(base, dict) or not isinstance(item, dict):
        return True
    for key in _IDENTITY:
        if not _empty(base.get(key, MISSING)):
            return same(item.get(key, MISSING), base[key])
    return True


@dataclass
class Rebased:
    """Where the user's edit of a part goes after someone else saved, and with what."""

    part: str
    data: Any
    base: Any
    conflicts: list[str]
    moved: bool = False
    removed: bool = False
    gone: bool = False


def rebase(doc: dict[str, Any], part: str, base: Any, mine: Any) -> Rebased:
    """The user's edit of ``part`` (started from ``base``, :data:`MISSING` for a new item)
    carried over to the stored document ``doc``.

    An item is followed to where it is now when items before it were removed or added (matched
    by its content: equal, or at least half of its fields equal); an item someone removed comes
    back as a new item at the end of its list (``removed``); a new item is always added at the
    end, never over an item someone else added; an item whose list is gone cannot be saved
    (``gone``).
    """
    tokens = parse_path(part)
    if not tokens:
        theirs = {k: doc[k] for k in general_fields() if k in doc}
        data, conflicts = merge(base, mine, theirs)
        return Rebased(part, data, theirs, conflicts)
    if not isinstance(tokens[-1], int):
        theirs = data_at(doc, tokens)
        data, conflicts = merge(base, mine, theirs)
        return Rebased(part, data, theirs, conflicts)
    index = tokens[-1]
    parent_tokens = tokens[:-1]
    parent = data_at(doc, parent_tokens)
    if parent is MISSING and data_at(doc, parent_tokens[:-1]) is MISSING:
        return Rebased(part, mine, base, [], gone=True)
    items = parent if isinstance(parent, list) else []
    if base is MISSING:
        return Rebased(format_path([*parent_tokens, len(items)]), mine, MISSING, [])
    found: int | None = None
    if index < len(items) and same(items[index], base):
        found = index
    else:
        found = next((j for j, item in enumerate(items) if same(item, base)), None)
    if found is None and items:
        # Changed by someone else too: the same item only when what names it is unchanged
        # (two budget lines of equal amount and years are different lines).
        candidates = [j for j in range(len(items)) if _same_identity(items[j], base)]
        if candidates:
            best = max(candidates, key=lambda j: (_likeness(items[j], base), j == index))
            if _likeness(items[best], base) >= 0.5:
                found = best
    if found is None:
        return Rebased(format_path([*parent_tokens, len(items)]), mine, MISSING, [], removed=True)
    theirs = items[found]
    data, conflicts = merge(base, mine, theirs)
    return Rebased(
        format_path([*parent_tokens, found]), data, theirs, conflicts, moved=found != index
    )


# ---------------------------------------------------------------------------------------------
# Money as users type it


_DUTCH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d{1,2}$")
_PLAIN = re.compile(r"^-?\d+(\.\d{1,2})?$")


def parse_euros(text: str) -> int | str:
    """An amount as typed (``60000``, ``60.000``, ``60.000,50``, ``€ 1250,5``) as plan data.

    Raises
    ------
    ValueError
        When the text is not an amount of euros.
    """
    value = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if _DUTCH_THOUSANDS.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.match(value):
        value = value.replace(",", ".")
    elif not _PLAIN.match(value):
        raise ValueError(f"not an amount of euros: {text!r}")
    try:
        amount = Decimal(value)
    except InvalidOperation as error:  # pragma: no cover - the patterns above exclude it
        raise ValueError(f"not an amount of euros: {text!r}") from error
    if amount == amount.to_integral_value():
        return int(amount)
    return f"{amount:.2f}"


def euro_text(value: Any) -> str:
    """Plan data for money (``60000``, ``"173.5"``, ``"PM"``) as Dutch text (``€ 60.000``)."""
    if value is None or value is MISSING or value == "":
        return ""
    if value == "PM":
        return "PM"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = int(amount)
    cents = amount - whole
    text = f"{whole:,}".replace(",", ".")
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return f"{sign}€ {text}"


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

    @property
    def id(self) -> str:
        return "f-" + (re.sub(r"[^A-Za-z0-9]+", "-", self.rel).strip("-") or "part")

    @property
    def path_id(self) -> str:
        """An id unique on the plan page (by the path in the whole plan)."""
        return "p-" + (re.sub(r"[^A-Za-z0-9]+", "-", self.abspath).strip("-") or "plan")

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
    """The widget of a field: the kind of its schema, or a special one by its place."""
    if owner == "Theme" and name == "stakeholders":
        return "stakeholder-ids"
    if name == "parties" and kind == "array-text":
        return "party-names"
    if owner == "Location" and name == "neighbourhoods":
        return "neighbourhoods"
    if owner == "Location" and name == "schools":
        return "schools"
    if owner == "Plan" and name == "template":
        return "enum"
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


_STORED_CENTS = re.compile(r"^-?\d+\.\d{1,2}$")


def _display(kind: str, value: Any) -> tuple[Any, bool]:
    if value is MISSING or value is None:
        return "", False
    if kind == "amount" and value == "PM":
        return "", True
    if kind in ("money", "amount") and _STORED_CENTS.match(str(value)):
        # Cents with a decimal comma, as typed in Dutch ("1250,50"; "1250.50" reads as a
        # thousands separator); whole euros without a separator. Text that is not an amount
        # (what the user typed, shown with its error) is left as typed.
        return str(value).replace(".", ","), False
    if kind in ("array-int",) and isinstance(value, list):
        return ", ".join(str(v) for v in value), False
    if kind in ("array-text",) and isinstance(value, list):
        return "\n".join(str(v) for v in value), False
    return str(value), False


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
        for key, child in spec.properties.items():
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
    value, pm = _display(kind, data)
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
    current = data if isinstance(data, list) else []
    if shown == "enum" and kind == "text":  # the template: one of those on record
        node.choices = [(t.id, template_name(t.id, t.name)) for t in load_templates().values()]
        if value and value not in dict(node.choices):
            node.choices.append((value, value))
    elif shown == "enum":
        node.choices = [(v, choice_label(v)) for v in spec.enum]
    elif shown == "array-enum":
        node.choices = [(v, choice_label(v)) for v in spec.enum]
        node.values = [str(v) for v in current]
    elif shown == "party-names":
        names = list(dict.fromkeys([*options.organisations, *[str(v) for v in current]]))
        node.choices = [(n, n) for n in names]
        node.values = [str(v) for v in current]
        if isinstance(data, str):  # typed new names kept after an error
            node.new_text = data
    elif shown == "stakeholder-ids":
        known = dict(options.plan_stakeholders)
        pending = {i: n for i, n in options.pending_stakeholders if i not in known}
        choices = list(options.plan_stakeholders)
        organisations = list(dict.fromkeys([*options.organisations, *pending.values()]))
        for organisation in organisations:
            if organisation not in known.values():
                choices.append(("new:" + organisation, organisation))
        values = []
        for value_id in (str(v) for v in current):
            if value_id in pending:
                # Not saved yet: still a new organisation, created when the form is saved.
                values.append("new:" + pending[value_id])
                continue
            if value_id not in known and not value_id.startswith("new:"):
                choices.append((value_id, value_id))
            values.append(value_id)
        node.choices = choices
        node.values = values
    elif shown == "neighbourhoods":
        choices = list(options.neighbourhoods)
        codes = {code for code, _label in choices}
        choices += [(str(v), str(v)) for v in current if v not in codes]
        node.choices = choices
        node.values = [str(v) for v in current]
    elif shown == "schools":
        names = list(dict.fromkeys([*options.schools, *[str(v) for v in current]]))
        node.choices = [(n, n) for n in names]
        node.values = [str(v) for v in current]
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
    """What a field of a kind expects, in the user's language."""
    messages = {
        "amount": _("Enter an amount in euros, such as 60000 or 60.000,50, or tick PM."),
        "money": _("Enter an amount in euros, such as 60000 or 60.000,50."),
        "quarter": _("Enter a quarter such as Q1 2025."),
        "end": _("Enter a quarter such as Q4 2026, or Lopend (ongoing), or Q3 2024/Lopend."),
        "period": _("Enter one year, such as 2027, or the years, such as 2025-2028."),
        "date": _("Enter a date such as 2025-03-01."),
        "integer": _("Enter a whole number, such as 2025."),
        "array-int": _("Enter years separated by commas, such as 2025, 2026."),
        "enum": _("Choose one of the options."),
        "array-enum": _("Choose from the options."),
    }
    return messages.get(kind, _("This value cannot be read."))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


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
        data: dict[str, Any] = {}
        for key in general_fields():
            value = _parse(
                resolve(spec.properties[key]),
                post,
                key,
                "Plan",
                key,
                key in spec.required,
                result,
                state,
            )
            if value is not MISSING:
                data[key] = value
        result.data = data
        return result
    result.data = _parse(spec, post, "", owner, name, True, result, state)
    if result.data is MISSING:
        result.data = {} if spec.kind == "object" else []
    return result


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
        data = {}
        for key, child in spec.properties.items():
            value = _parse(
                resolve(child),
                post,
                join(rel, key),
                spec.definition,
                key,
                key in spec.required,
                result,
                state,
            )
            if value is not MISSING:
                data[key] = value
        return data
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
    raw = post.get(rel, "")
    raw = raw.replace("\r\n", "\n") if isinstance(raw, str) else ""
    if shown in ("text", "textarea"):
        text = raw.strip() if shown == "text" else raw.rstrip()
        if not text and (spec.nullable or not required):
            return MISSING
        if not text and owner == "Plan" and name in ("title", "municipality"):
            # the plan is listed and found by these; other parts may stay blank (ADR 0006)
            result.error(rel, _("Fill this in: the plan is listed by it."))
        return text
    if shown in ("enum", "quarter", "end", "period", "date"):
        text = raw.strip()
        if not text and (spec.nullable or not required):
            return MISSING
        return text
    if shown == "integer":
        text = raw.strip()
        if not text and not required:
            return MISSING
        try:
            return int(text)
        except ValueError:
            result.error(rel, kind_message("integer"))
            return text
    if shown in ("money", "amount"):
        if shown == "amount" and post.get(f"{rel}#pm"):
            return "PM"
        text = raw.strip()
        if not text and (spec.nullable or not required):
            return MISSING
        try:
            return parse_euros(text)
        except ValueError:
            result.error(rel, kind_message(shown))
            return text
    if shown == "array-int":
        parts = [p for p in re.split(r"[,;\s]+", raw.strip()) if p]
        years = []
        for part in parts:
            if not part.isdigit():
                result.error(rel, kind_message("array-int"))
                return raw.strip()
            years.append(int(part))
        return years if years else MISSING
    if shown == "lines":
        lines = _lines(raw)
        return lines if lines else MISSING
    if shown in ("array-enum", "neighbourhoods"):
        chosen = [v for v in post.getlist(rel) if v]
        return chosen if chosen else MISSING
    if shown == "schools":
        chosen = list(
            dict.fromkeys([v for v in post.getlist(rel) if v] + _lines(post.get(f"{rel}#new", "")))
        )
        return chosen if chosen else MISSING
    if shown == "party-names":
        names = [v for v in post.getlist(rel) if v]
        typed = _lines(post.get(f"{rel}#new", ""))
        result.new_organisations += typed
        names = list(dict.fromkeys(names + typed))
        return names if names else MISSING
    if shown == "stakeholder-ids":
        ids: list[str] = []
        chosen = [v for v in post.getlist(rel) if v]
        typed = _lines(post.get(f"{rel}#new", ""))
        new_names = [v.removeprefix("new:") for v in chosen if v.startswith("new:")] + typed
        ids += [v for v in chosen if not v.startswith("new:")]
        for new_name in new_names:
            known = state["stakeholders"].get(new_name)
            if known is None:
                known = _new_id(new_name, state["ids"])
                state["stakeholders"][new_name] = known
                state["ids"].add(known)
                result.new_stakeholders.append((known, new_name))
            result.new_organisations.append(new_name)
            ids.append(known)
        ids = list(dict.fromkeys(ids))
        return ids if ids else MISSING
    raise ValueError(f"no reader for the widget {shown!r}")  # pragma: no cover


def _new_id(name: str, taken: set[str]) -> str:
    base = slugify(name)[:40] or "organisatie"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


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
            return [*(data if isinstance(data, list) else []), {}]
        base = data if isinstance(data, dict) else {}
        if current is MISSING:
            base = set_at(base, tokens, [])
        return set_at(base, [*tokens, length], {})
    if remove is not None:
        tokens = parse_path(remove)
        if len(tokens) == 1 and isinstance(data, list):
            return [item for i, item in enumerate(data) if i != tokens[0]]
        return set_at(data, tokens, DELETE)
    return data
