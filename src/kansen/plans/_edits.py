"""Paths into plan data, what changed between two versions, and merging concurrent edits.

Everything here works on plain plan data (what :func:`~kansen.plans.plan_to_data` gives) and
follows list items by their id (``uuid``, see :mod:`._items`), never by their position or by
what they look like: an item renamed, moved, or whose neighbours were removed is the same item.

* a *path* names a place in a document: ``interventions[0].budget[1].amount``
  (:func:`parse_path`, :func:`format_path`, :func:`data_at`, :func:`set_at`);
* :func:`diff` lists every value that changed between two versions, a whole item where one was
  added or removed;
* :func:`merge` applies one user's edit on top of another's, both started from the same
  version; :func:`rebase` carries an edit of one part to where that part is now.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from ._items import ITEM_ID, find_item


class Marker(Enum):
    """Values that stand for no value: a field left out, an item to delete."""

    MISSING = "missing"
    DELETE = "delete"

    def __repr__(self) -> str:
        return self.name


#: A field left out of the data (so the plan's default applies).
MISSING: Any = Marker.MISSING
#: An item to delete from its list (see :func:`set_at`).
DELETE: Any = Marker.DELETE

Token = str | int
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


class PathError(ValueError):
    """A path that does not lead anywhere in the plan."""


# ---------------------------------------------------------------------------------------------
# Paths


def parse_path(path: str) -> list[Token]:
    """The steps of a path; the empty path is the whole plan.

    Examples
    --------
    >>> parse_path("interventions[0].budget[1]")
    ['interventions', 0, 'budget', 1]
    """
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


def format_path(tokens: Sequence[Token]) -> str:
    """The path of a list of steps (the inverse of :func:`parse_path`)."""
    text = ""
    for token in tokens:
        if isinstance(token, int):
            text += f"[{token}]"
        else:
            text += f".{token}" if text else token
    return text


def join(base: str, rel: str) -> str:
    """A path inside another: ``join("interventions[0]", "budget[1]")``."""
    if not base:
        return rel
    if not rel:
        return base
    return base + rel if rel.startswith("[") else f"{base}.{rel}"


def data_at(doc: Any, tokens: Sequence[Token]) -> Any:
    """The value at a path, or :data:`MISSING`."""
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


def set_at(doc: dict[str, Any], tokens: Sequence[Token], value: Any) -> Any:
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


def ancestor_ids(doc: Any, path: str) -> list[str]:
    """The ids of the items a path lies in, outermost first, the item the path names left out:
    ``["<id of interventions[1]>"]`` for ``interventions[1].budget[0]``."""
    tokens = parse_path(path)
    ids = []
    for end in range(1, len(tokens)):
        if isinstance(tokens[end - 1], int):
            item = data_at(doc, tokens[:end])
            if isinstance(item, dict) and item.get(ITEM_ID):
                ids.append(str(item[ITEM_ID]))
    return ids


# ---------------------------------------------------------------------------------------------
# What changed


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of plain data by path; a list of plain values is one leaf."""
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


def _object_list(value: Any) -> bool:
    return isinstance(value, list) and (
        not value or any(isinstance(item, dict | list) for item in value)
    )


def _keyed(items: Any) -> bool:
    """Whether every item of a list has an id, each its own."""
    if not isinstance(items, list):
        return False
    ids = [item.get(ITEM_ID) if isinstance(item, dict) else None for item in items]
    return all(ids) and len(set(ids)) == len(ids)


def diff(before: Any, after: Any, prefix: str = "") -> list[dict[str, Any]]:
    """``[{path, before, after}]`` for every leaf that changed.

    Items of a list are matched by their id: removing the second of three interventions is one
    change ``{path: "interventions[1]", before: {...}, after: None}`` (the path has the index the
    item had), an added item is one change with ``before: None`` and the index it got, and an
    item that is still there is compared field by field at its new index, wherever it moved.
    Items without ids (data from before the ids) are compared by position.

    Examples
    --------
    >>> a, b = {"uuid": "a", "name": "A"}, {"uuid": "b", "name": "B"}
    >>> diff({"items": [a, b]}, {"items": [{**b, "name": "Bee"}]})
    [{'path': 'items[0]', 'before': {'uuid': 'a', 'name': 'A'}, 'after': None}, \
{'path': 'items[0].name', 'before': 'B', 'after': 'Bee'}]
    """
    out: list[dict[str, Any]] = []
    _diff(before, after, prefix, out)
    return out


def _diff(before: Any, after: Any, prefix: str, out: list[dict[str, Any]]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            _diff(before.get(key, MISSING), after.get(key, MISSING), join(prefix, key), out)
        return
    if _object_list(before) and _object_list(after) and (before or after):
        if _keyed(before) and _keyed(after):
            where = {item[ITEM_ID]: i for i, item in enumerate(before)}
            kept = {item[ITEM_ID] for item in after}
            for i, item in enumerate(before):
                if item[ITEM_ID] not in kept:
                    out.append({"path": f"{prefix}[{i}]", "before": item, "after": None})
            for j, item in enumerate(after):
                i = where.get(item[ITEM_ID], -1)
                if i < 0:
                    out.append({"path": f"{prefix}[{j}]", "before": None, "after": item})
                else:
                    _diff(before[i], item, f"{prefix}[{j}]", out)
            return
        for i in range(max(len(before), len(after))):
            if i >= len(after):
                out.append({"path": f"{prefix}[{i}]", "before": before[i], "after": None})
            elif i >= len(before):
                out.append({"path": f"{prefix}[{i}]", "before": None, "after": after[i]})
            else:
                _diff(before[i], after[i], f"{prefix}[{i}]", out)
        return
    old = {} if before is MISSING else flatten(before, prefix)
    new = {} if after is MISSING else flatten(after, prefix)
    for key in [*old, *(k for k in new if k not in old)]:
        if old.get(key) != new.get(key):
            out.append({"path": key, "before": old.get(key), "after": new.get(key)})


# ---------------------------------------------------------------------------------------------
# Saving again after someone else saved: a three-way merge


_PLAIN = re.compile(r"^-?\d+(\.\d{1,2})?$")


def _empty(value: Any) -> bool:
    return value is MISSING or value is None or value in ("", [], {})


def _all_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_all_empty(v) for k, v in value.items() if k != ITEM_ID)
    return _empty(value)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    return None


def same(a: Any, b: Any) -> bool:
    """Equal as a form reads them: what a form sends back for data it did not change is the
    same as the stored data, so an untouched field never counts as a change. A list of names or
    codes in another order is the same choice (a multiple choice comes back sorted); an empty
    value (absent, None, "", [] or {}) is the same as another empty one, an object holding only
    empty values too; an amount stored as ``"173.00"`` is the same as the form's ``173``.

    Examples
    --------
    >>> same({"amount": "173.00", "note": ""}, {"amount": 173}), same(["b", "a"], ["a", "b"])
    (True, True)
    """
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


def merge(base: Any, mine: Any, theirs: Any, prefix: str = "") -> tuple[Any, list[str]]:
    """What a user typed (``mine``) applied on top of what is stored now (``theirs``), both
    started from ``base``.

    A value the user did not change takes theirs, a value only the user changed keeps the
    user's, and where both changed it differently the user's stays and its path is returned as
    a conflict. Objects merge key by key. Lists of items merge item by item by id: an item
    either side added is kept (theirs first, then the user's), an item one side removed is
    removed unless the other side changed it, in which case it is kept with that change and
    reported as a conflict (a removal never silently drops someone's work). Lists of items
    without ids merge by position when they have the same length.

    Returns
    -------
    tuple
        The merged value and the paths of the conflicts (in the merged value).
    """
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
    b, m, t = ([] if _empty(value) else value for value in (base, mine, theirs))
    if (
        _keyed(b)
        and _keyed(m)
        and _keyed(t)
        and (isinstance(mine, list) or isinstance(theirs, list))
    ):
        # A list emptied (left out of the data) is a list without items.
        kept, conflicts = _merge_items(b, m, t, prefix)
        return (kept if kept else MISSING), conflicts
    if isinstance(mine, list) and isinstance(theirs, list):
        started = [] if base is MISSING or base is None else base
        if isinstance(started, list) and len(started) == len(mine) == len(theirs):
            items: list[Any] = []
            conflicts = []
            for i, (b, m, t) in enumerate(zip(started, mine, theirs, strict=True)):
                value, found = merge(b, m, t, f"{prefix}[{i}]")
                items.append(value)
                conflicts += found
            return items, conflicts
    return mine, [prefix]


def _merge_items(
    base: list[Any], mine: list[Any], theirs: list[Any], prefix: str
) -> tuple[list[Any], list[str]]:
    """The three-way merge of lists of items, matched by id."""
    in_base = {item[ITEM_ID]: item for item in base}
    in_mine = {item[ITEM_ID]: item for item in mine}
    in_theirs = {item[ITEM_ID] for item in theirs}
    items: list[Any] = []
    conflicts: list[str] = []
    for item in theirs:
        key = item[ITEM_ID]
        here = f"{prefix}[{len(items)}]"
        if key in in_mine:
            value, found = merge(in_base.get(key, MISSING), in_mine[key], item, here)
            items.append(value)
            conflicts += found
        elif key in in_base:  # the user removed it
            if not same(item, in_base[key]):  # ... and they changed it: kept, and said
                conflicts.append(here)
                items.append(item)
        else:  # they added it
            items.append(item)
    for item in mine:
        key = item[ITEM_ID]
        if key in in_theirs:
            continue
        if key in in_base:  # they removed it
            if not same(item, in_base[key]):  # ... and the user changed it: kept, and said
                conflicts.append(f"{prefix}[{len(items)}]")
                items.append(item)
        else:  # the user added it: after theirs
            items.append(item)
    return items, conflicts


@dataclass
class Rebased:
    """Where a user's edit of a part goes after someone else saved, and with what.

    Attributes
    ----------
    part : str
        The path of the part now.
    data : Any
        The edit merged with what is stored (:func:`merge`).
    base : Any
        What is stored at the part now: the base of the next save.
    conflicts : list of str
        Paths (inside the part) that both changed differently.
    moved : bool
        The part is at another path now (items before it were added or removed).
    removed : bool
        Someone removed the item: the edit comes back as a new item at the end of its list.
    gone : bool
        The list or item the part was in is gone: the edit cannot be saved anywhere.
    """

    part: str
    data: Any
    base: Any
    conflicts: list[str]
    moved: bool = False
    removed: bool = False
    gone: bool = False


def rebase(
    doc: dict[str, Any],
    part: str,
    base: Any,
    mine: Any,
    *,
    general: Collection[str] = (),
    within: Sequence[str] = (),
) -> Rebased:
    """A user's edit of ``part`` (started from ``base``, :data:`MISSING` for a new item)
    carried over to the stored document ``doc``.

    The item being edited, and the items it lies in (``within``: their ids, outermost first,
    see :func:`ancestor_ids`), are found by id wherever they are now, so an edit follows its
    item exactly when items before it were added or removed or it was renamed. An item someone
    removed comes back as a new item at the end of its list (``removed``); a new item is always
    added at the end, never over an item someone else added; an edit whose enclosing item or
    list is gone cannot be saved (``gone``).

    Parameters
    ----------
    doc : dict
        The document as stored now.
    part : str
        The path of the part when the edit started ("" is the plan's own fields).
    base : Any
        The part's data when the edit started.
    mine : Any
        The user's data of the part.
    general : collection of str
        The plan's own fields that the part "" holds.
    within : sequence of str
        The ids of the items the part lay in when the edit started.
    """
    tokens = parse_path(part)
    if not tokens:
        theirs = {k: doc[k] for k in general if k in doc}
        data, conflicts = merge(base, mine, theirs)
        return Rebased(part, data, theirs, conflicts)
    is_item = isinstance(tokens[-1], int)
    outer = _follow(doc, tokens[:-1] if is_item else tokens, within)
    if outer is None:
        return Rebased(part, mine, base, [], gone=True)
    if not is_item:
        theirs = data_at(doc, outer)
        data, conflicts = merge(base, mine, theirs)
        now = format_path(outer)
        return Rebased(now, data, theirs, conflicts, moved=now != part)
    parent = data_at(doc, outer)
    if parent is MISSING and data_at(doc, outer[:-1]) is MISSING:
        return Rebased(part, mine, base, [], gone=True)
    items = parent if isinstance(parent, list) else []
    at_end = format_path([*outer, len(items)])
    if base is MISSING:
        return Rebased(at_end, mine, MISSING, [])
    found = _find(doc, outer, items, base, tokens[-1])
    if found is None:
        return Rebased(at_end, mine, MISSING, [], removed=True)
    theirs = data_at(doc, found)
    data, conflicts = merge(base, mine, theirs)
    now = format_path(found)
    return Rebased(now, data, theirs, conflicts, moved=now != part)


def _follow(doc: Any, tokens: list[Token], within: Sequence[str]) -> list[Token] | None:
    """The steps to where ``tokens`` lead now, found through the ids of the items along them;
    None when one of those items is gone."""
    indexes = [n for n, token in enumerate(tokens) if isinstance(token, int)]
    if not within or len(within) != len(indexes):
        # No ids to go by (a form from before the ids): the path as it is.
        return (
            tokens
            if data_at(doc, tokens[: indexes[-1] + 1] if indexes else []) is not MISSING
            else None
        )
    path = find_item(doc, within[-1])
    if path is None:
        return None
    return [*parse_path(path), *tokens[indexes[-1] + 1 :]]


def _find(
    doc: Any, outer: list[Token], items: list[Any], base: Any, index: Any
) -> list[Token] | None:
    """Where the item the edit started from is now: by its id (anywhere in the plan), or, for
    data without ids, at its index or elsewhere in its list when unchanged there."""
    key = base.get(ITEM_ID) if isinstance(base, dict) else None
    if key:
        path = find_item(doc, str(key))
        return parse_path(path) if path is not None else None
    if index < len(items) and same(items[index], base):
        return [*outer, index]
    found = next((j for j, item in enumerate(items) if same(item, base)), None)
    return None if found is None else [*outer, found]
