"""The JSON Schema of a plan file, generated from the dataclasses and kept in the package.

:func:`build_schema` walks the same type hints as :mod:`._codec` and takes every description
from the ``Attributes`` sections of the docstrings, so code, documentation and schema cannot
drift apart; a test compares the packaged file with a fresh build. Regenerate the file with
``kansen plan schema --write``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from decimal import Decimal
from enum import Enum
from importlib import resources
from typing import Any, cast

from ._codec import VALUE_TYPES, attribute_docs, field_hints, optional_inner, to_data
from ._codec import _describe as describe_value
from ._items import ITEM_ID, VERSION_WITH_IDS, Item
from ._model import Plan
from ._problems import Problem, format_problem
from ._values import MONEY_SCHEMA

#: Version of the plan file layout; it is the ``schema_version`` of every file written.
#: Version 2 gives every list item an id (``uuid``); version 1 files are still read, and
#: upgraded (:func:`~kansen.plans.upgrade_plan_data`). The schema of each stays packaged.
SCHEMA_VERSION = VERSION_WITH_IDS
SCHEMA_FILE = f"plan-v{SCHEMA_VERSION}.schema.json"
_SCHEMA_ID = f"urn:kansen:schema:plan:{SCHEMA_VERSION}"


def _summary(cls: type) -> str:
    """The first paragraph of a docstring, on one line."""
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split())


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def schema(self, hint: Any) -> dict[str, Any]:
        inner = optional_inner(hint)
        if inner is not None:
            return {"anyOf": [self.schema(inner), {"type": "null"}]}
        if typing.get_origin(hint) is tuple:
            return {"type": "array", "items": self.schema(typing.get_args(hint)[0])}
        if hint in VALUE_TYPES:
            return cast(dict[str, Any], hint.json_schema())
        if dataclasses.is_dataclass(hint):
            cls = cast(type, hint)
            if cls.__name__ not in self.defs:
                self.defs[cls.__name__] = {}  # placeholder against recursion
                self.defs[cls.__name__] = self.object_schema(cls)
            return {"$ref": f"#/$defs/{cls.__name__}"}
        if isinstance(hint, type) and issubclass(hint, Enum):
            return {"enum": [m.value for m in hint], "description": _summary(hint)}
        scalars: dict[Any, dict[str, Any]] = {
            str: {"type": "string"},
            int: {"type": "integer"},
            bool: {"type": "boolean"},
            Decimal: dict(MONEY_SCHEMA),
            dt.date: {"type": "string", "format": "date"},
        }
        return dict(scalars[hint])

    def object_schema(self, cls: type) -> dict[str, Any]:
        docs = attribute_docs(cls)
        is_item = issubclass(cls, Item)
        if is_item:
            docs = {**attribute_docs(Item), **docs}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for f in dataclasses.fields(cls):
            prop = self.schema(field_hints(cls)[f.name])
            if f.name in docs:
                prop = {**prop, "description": docs[f.name]}
            if is_item and f.name == ITEM_ID:
                # Every item written has one (plan_to_data gives it one when it has none).
                properties[f.name] = {**prop, "format": "uuid"}
                required.append(f.name)
                continue
            if f.default is dataclasses.MISSING:
                required.append(f.name)
            elif not dataclasses.is_dataclass(f.default):
                prop["default"] = to_data(f.default)
            properties[f.name] = prop
        return {
            "type": "object",
            "description": _summary(cls),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }


def build_schema() -> dict[str, Any]:
    """Generate the JSON Schema (draft 2020-12) of a plan file from the dataclasses.

    Returns
    -------
    dict
        The schema; the top level is a :class:`Plan` plus the required ``schema_version``.
    """
    builder = _Builder()
    top = builder.object_schema(Plan)
    version = {
        "const": SCHEMA_VERSION,
        "description": "Version of the file layout; files of another version are refused.",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _SCHEMA_ID,
        "title": "kansen plan: a GKA-agenda or an execution plan (uitvoeringsplan)",
        "description": top["description"]
        + " Money is euros as an integer or a string with at most two decimals (never a"
        " float); 'PM' marks an amount not known yet. Fields left out take their default.",
        "type": "object",
        "properties": {"schema_version": version, **top["properties"]},
        "required": ["schema_version", *top["required"]],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


def schema_text(schema: dict[str, Any]) -> str:
    """The schema as the packaged file holds it (2-space indent, trailing newline)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def plan_schema(version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The packaged JSON Schema of a plan file.

    Parameters
    ----------
    version : int
        The layout version; by default the current one (:data:`SCHEMA_VERSION`).

    Returns
    -------
    dict
        The schema as stored in ``kansen/plans/schema/``.
    """
    if version not in (1, SCHEMA_VERSION):
        raise ValueError(f"expected schema version 1 or {SCHEMA_VERSION}; got {version!r}")
    name = f"plan-v{version}.schema.json"
    text = resources.files("kansen.plans").joinpath("schema", name).read_text("utf-8")
    return cast(dict[str, Any], json.loads(text))


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON data: {value!r}")


def schema_problems(data: Any) -> list[Problem]:
    """Validate plain data against the packaged schema with ``jsonschema``.

    Parameters
    ----------
    data : Any
        A plan file as loaded from YAML or JSON (dates YAML read as dates count as their
        ISO text). A version 1 file is validated against the schema of version 1, any other
        against the current one.

    Returns
    -------
    list of Problem
        One ``format`` problem per violation, in path order, with the path of the value and a
        reason (``missing-field``, ``unknown-field``, ``choice``, ``text``, ...; ``unreadable``
        with jsonschema's English as the detail for the rest); empty when the data is valid.

    Raises
    ------
    ImportError
        When the optional ``jsonschema`` package is not installed.
    """
    try:
        import jsonschema
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError("validating against the schema needs: pip install jsonschema") from error
    version = 1 if isinstance(data, dict) and data.get("schema_version") == 1 else SCHEMA_VERSION
    validator = jsonschema.Draft202012Validator(
        plan_schema(version), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    # YAML reads 2021-03-01 as a date; in the file it is the text the schema describes.
    data = json.loads(json.dumps(data, default=_iso))
    return [
        _schema_problem(error)
        for error in sorted(validator.iter_errors(data), key=lambda e: e.json_path)
    ]


#: The reason of a value of the wrong JSON type, by the type the schema expects.
_TYPE_REASONS = {
    "string": "text",
    "integer": "whole-number",
    "boolean": "yes-no",
    "array": "list",
    "object": "mapping",
}


def _schema_problem(error: Any) -> Problem:
    """A violation of the schema as a ``format`` problem with a reason and parameters."""
    path = str(error.json_path).removeprefix("$").lstrip(".")
    message, instance, rule = str(error.message), error.instance, error.validator
    if rule == "required" and isinstance(instance, dict):
        field = next(str(name) for name in error.validator_value if name not in instance)
        return format_problem(_joined(path, field), message, "missing-field", field=field)
    if rule == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        extra = next(str(name) for name in instance if name not in known)
        fields = ", ".join(known)
        return format_problem(
            _joined(path, extra), message, "unknown-field", field=extra, fields=fields
        )
    if rule == "type" and error.validator_value in _TYPE_REASONS:
        reason = _TYPE_REASONS[error.validator_value]
        return format_problem(path, message, reason, got=describe_value(instance))
    if rule == "enum":
        allowed = list(error.validator_value)
        return format_problem(
            path, message, "choice", allowed=allowed, got=describe_value(instance)
        )
    return format_problem(path, message, "unreadable", detail=message)


def _joined(path: str, key: str) -> str:
    """``path.key``, or ``key`` at the top."""
    return f"{path}.{key}" if path else key
