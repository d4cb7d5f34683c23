"""Reading a submitted form of the part editor back into plan data.

:func:`parse_form` reads a form into plain data in the layout of :mod:`kansen.plans`, keeping
what the user typed where it could not be read, so the page can show it again with the error
beside it (:class:`Parsed`); :func:`change_rows` applies an "add row" or "remove row" button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kansen.plans import DELETE, ITEM_ID, MISSING, data_at, new_item_id, parse_path, set_at
from kansen.plans import join_path as join

from .fields import Submitted, field_type
from .form_tree import widget
from .parts import Spec, general_fields, resolve, spec_at


@dataclass
class Parsed:
    """What a submitted form holds: the data, errors by path, new organisations."""

    data: Any
    errors: dict[str, list[str]] = field(default_factory=dict)
    new_stakeholders: list[tuple[str, str]] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)

    def error(self, rel: str, message: str) -> None:
        self.errors.setdefault(rel, []).append(message)


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
