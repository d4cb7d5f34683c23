"""The generic part editor, as the views and services use it: one place to import from.

A *part* is a path into the plan document (``interventions[0]``,
``action_lines[1].themes[0].efforts[2]``, ``agreements``); the empty path is the general part.
Its schema is in :mod:`.parts`, its form (a tree of nodes built from the schema) in
:mod:`.form_tree`, the reading of a submitted form in :mod:`.form_parse`, what each type of
field does in :mod:`.fields`. Paths, diff and merge are the library's
(:mod:`kansen.plans._edits`), re-exported here for the views.
"""

from __future__ import annotations

from typing import Any

from kansen.plans import (
    DELETE,
    MISSING,
    PathError,
    Rebased,
    ancestor_ids,
    data_at,
    diff,
    format_path,
    merge,
    parse_path,
    set_at,
)
from kansen.plans import PathToken as Token
from kansen.plans import flatten_paths as flatten
from kansen.plans import join_path as join
from kansen.plans import rebase as rebase_edit
from kansen.plans import same_value as same

from .fields import euro_text, parse_euros
from .form_parse import Parsed, change_rows, parse_form
from .form_tree import Node, Options, apply_errors, build_tree, item_label, widget
from .parts import Spec, general_fields, is_part, part_of, resolve, root_spec, spec_at

__all__ = [
    "DELETE",
    "MISSING",
    "Node",
    "Options",
    "Parsed",
    "PathError",
    "Rebased",
    "Spec",
    "Token",
    "ancestor_ids",
    "apply_errors",
    "build_tree",
    "change_rows",
    "data_at",
    "diff",
    "euro_text",
    "flatten",
    "format_path",
    "general_fields",
    "is_part",
    "item_label",
    "join",
    "merge",
    "parse_euros",
    "parse_form",
    "parse_path",
    "part_of",
    "rebase",
    "resolve",
    "root_spec",
    "same",
    "set_at",
    "spec_at",
    "widget",
]


def rebase(
    doc: dict[str, Any], part: str, base: Any, mine: Any, within: list[str] | None = None
) -> Rebased:
    """The user's edit of ``part`` carried over to the stored document (see
    :func:`kansen.plans.rebase`): the item, and the items it lies in (``within``), are followed
    by their ids."""
    return rebase_edit(doc, part, base, mine, general=general_fields(), within=within or ())
