"""The identity of the items of a plan's lists, and the upgrade of plan files without it.

Every item of a list in a plan (an action line, theme, effort, intervention, budget line,
meeting, ...) carries a ``uuid``, kept in the document as wagtail's ``ListBlock`` keeps the
``id`` of its items: history, the three-way merge of concurrent edits and links from elsewhere
(monitoring goals) follow the item, not its position, so an item renamed, moved, or whose
neighbours were removed stays the same item. An id is unique within its plan.

Layout version 1 had no ids; :func:`upgrade_plan_data` turns such a document into version 2
by giving every item an id derived from a seed and the item's path (``uuid5``), so upgrading
the same document again gives the same ids. An item created later gets a random id
(:func:`new_item_id`, ``uuid4``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ._problems import Problem, format_problem

#: The key of an item's id in plan data.
ITEM_ID = "uuid"
#: The namespace of the ids :func:`upgrade_plan_data` derives (``uuid5``).
ITEMS_NAMESPACE = uuid.UUID("6f1d3c52-8a0e-5b8e-9c61-2c8f1a7e4b90")
#: The layout version of plans without ids, and the one with them.
VERSION_WITHOUT_IDS = 1
VERSION_WITH_IDS = 2


@dataclass(frozen=True)
class Item:
    """A part of a plan kept in a list, with its identity.

    Attributes
    ----------
    uuid : str
        The item's identity: a UUID that stays with the item when it is renamed or moved or
        items around it are added or removed; unique within the plan. History, merges of
        concurrent edits and links from elsewhere follow it.
    """

    # kw_only: the id comes after every field of the part, so parts are still built positionally
    # (``BudgetLine("Inzet", Amount.of(120000), (2022,))``); compare=False: two parts that say
    # the same are equal whatever their ids.
    uuid: str = field(default="", compare=False, repr=False, kw_only=True)


def new_item_id() -> str:
    """A new, random id for an item created now (``uuid4``)."""
    return str(uuid.uuid4())


def derived_item_id(seed: str, path: str) -> str:
    """The id :func:`upgrade_plan_data` gives the item at ``path`` of a document (``uuid5``)."""
    return str(uuid.uuid5(ITEMS_NAMESPACE, f"{seed}\n{path}"))


def _content_seed(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def list_items(data: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item of a list of parts in plain plan data with its path, depth first.

    Examples
    --------
    >>> data = {"interventions": [{"name": "A", "budget": [{"description": "x"}]}]}
    >>> [path for path, _item in list_items(data)]
    ['interventions[0]', 'interventions[0].budget[0]']
    """
    if isinstance(data, dict):
        for key, value in data.items():
            yield from list_items(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, dict):
                yield f"{path}[{i}]", value
            yield from list_items(value, f"{path}[{i}]")


def _fill_ids(data: Any, ids_for: Callable[[], Callable[[str], str]]) -> Any:
    """Give the list items of ``data`` without an id one, in place; ``ids_for()`` gives the
    function that makes an id from a path (asked only when an item lacks one)."""
    items = list(list_items(data))
    if all(item.get(ITEM_ID) for _path, item in items):
        return data
    make_id = ids_for()
    taken = {str(item[ITEM_ID]) for _path, item in items if item.get(ITEM_ID)}
    for path, item in items:
        if not item.get(ITEM_ID):
            new, n = make_id(path), 1
            while new in taken:  # never twice in a plan
                new, n = make_id(f"{path}#{n}"), n + 1
            taken.add(new)
            # the id first, as plan_to_data writes it
            fields = {ITEM_ID: new, **{k: v for k, v in item.items() if k != ITEM_ID}}
            item.clear()
            item.update(fields)
    return data


def upgrade_plan_data(data: Any, seed: str | None = None) -> Any:
    """A plan document in the current layout (version 2), with an id on every list item.

    A version 1 document gets ``schema_version: 2``; every list item without an id gets one
    derived from ``seed`` and its path (``uuid5``), so running the upgrade again, or on the
    same file later, gives the same ids. Ids already there are kept, so the upgrade of a
    version 2 document changes nothing but its missing ids. Anything that is not a version 1
    or 2 document is returned as it is, for the reader to refuse.

    Parameters
    ----------
    data : Any
        A plan document as plain data (``yaml.safe_load``, ``json.load``, a stored document).
    seed : str, optional
        What makes the ids of this plan differ from another's, e.g. the stored plan's key;
        by default a digest of the document itself.

    Returns
    -------
    Any
        A new document; ``data`` is not changed.

    Examples
    --------
    >>> v1 = {"schema_version": 1, "kind": "agenda", "municipality": "Demostad",
    ...       "title": "Agenda", "period": "2021-2024", "pillars": [{"name": "Verbinding"}]}
    >>> v2 = upgrade_plan_data(v1, seed="demo")
    >>> v2["schema_version"], v2["pillars"][0]["uuid"]
    (2, '8b2a93bb-fed3-5e78-a9fc-e711616cc251')
    >>> upgrade_plan_data(v2) == v2
    True
    """
    if not isinstance(data, dict) or data.get("schema_version") not in (
        VERSION_WITHOUT_IDS,
        VERSION_WITH_IDS,
    ):
        return data
    upgraded = _upgraded_in_place(copy.deepcopy(data), seed, data)
    return upgraded


def _upgraded_in_place(data: dict[str, Any], seed: str | None = None, original: Any = None) -> Any:
    """:func:`upgrade_plan_data` on data that may be changed (the seed by default from
    ``original``, the data as it was given)."""

    def ids_for() -> Callable[[str], str]:
        key = seed if seed is not None else _content_seed(data if original is None else original)
        return lambda path: derived_item_id(key, path)

    _fill_ids(data, ids_for)
    data["schema_version"] = VERSION_WITH_IDS
    return data


def with_item_ids(data: Any) -> Any:
    """A copy of plan data whose list items without an id get a new one (:func:`new_item_id`):
    for items just created (a row added in an editor, an item from a form)."""
    return _fill_ids(copy.deepcopy(data), lambda: lambda _path: new_item_id())


def without_item_ids(data: Any) -> Any:
    """A copy of plan data without the ids of its items: what the items say, to compare.

    Examples
    --------
    >>> without_item_ids({"pillars": [{"uuid": "8b2a93bb-fed3-5e78-a9fc-e711616cc251",
    ...                                "name": "Verbinding"}]})
    {'pillars': [{'name': 'Verbinding'}]}
    """
    if isinstance(data, dict):
        return {k: without_item_ids(v) for k, v in data.items() if k != ITEM_ID}
    if isinstance(data, list):
        return [without_item_ids(v) for v in data]
    return data


def item_id_problems(data: Any) -> list[Problem]:
    """Ids that are not UUIDs, or that name two items of one plan."""
    problems = []
    seen: dict[str, str] = {}
    for path, item in list_items(data):
        value = item.get(ITEM_ID)
        if value in (None, ""):
            continue
        where = f"{path}.{ITEM_ID}"
        try:
            uuid.UUID(str(value))
        except ValueError:
            example, got = derived_item_id("example", "x"), repr(value)
            message = f"expected an id such as '{example}'; got {got}"
            problems.append(format_problem(where, message, "item-id", example=example, got=got))
            continue
        if str(value) in seen:
            other = seen[str(value)]
            message = (
                f"the id {value} is given twice (also at {other}); every item of a plan has its own"
            )
            problems.append(
                format_problem(where, message, "item-id-twice", id=str(value), other=other)
            )
        else:
            seen[str(value)] = path
    return problems


def find_item(data: Any, item_id: str) -> str | None:
    """The path of the item with this id in plan data, or None when it is not there."""
    for path, item in list_items(data):
        if item.get(ITEM_ID) == item_id:
            return path
    return None
