"""Turn the plan dataclasses into plain data (dicts, lists, strings) and back.

The conversion is driven by the type hints of the dataclasses, so a new field needs no code
here, and :mod:`._schema` walks the same hints to write the JSON Schema. Reading collects every
problem with its path instead of stopping at the first, and refuses what it does not know
(unknown fields, floats for money) rather than guessing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Protocol, TypeVar, cast

from ._problems import PlanFormatError, Problem, format_problem
from ._values import Amount, Period, PlanningEnd, Quarter, money_to_data, parse_money

T = TypeVar("T")

#: Classes written as a single string or number; each has parse, to_data and json_schema.
VALUE_TYPES: tuple[type, ...] = (Amount, PlanningEnd, Period, Quarter)


class _ValueType(Protocol):
    def to_data(self) -> int | str: ...


class _Invalid:
    """Marks a value that could not be read (its problem is already recorded)."""


_INVALID = _Invalid()


@cache
def field_hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of a dataclass's fields, in field order."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def optional_inner(hint: Any) -> Any | None:
    """``X`` for a hint ``X | None``; None for any other hint."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
        raise TypeError(f"only 'X | None' unions are supported; got {hint}")
    return None


@cache
def attribute_docs(cls: type) -> dict[str, str]:
    """Field descriptions from the ``Attributes`` section of a numpydoc class docstring."""
    doc = cls.__doc__ or ""
    match = re.search(r"Attributes\n\s*-+\n(.*?)(\n\s*\n\s*[A-Z]\w+\n\s*-+\n|\Z)", doc, re.S)
    if match is None:
        return {}
    docs: dict[str, list[str]] = {}
    current: list[str] = []
    for line in match.group(1).splitlines():
        header = re.match(r"^\s{4}(\w+(?:, \w+)*) : ", line)
        if header:
            current = []
            for name in header.group(1).split(", "):
                docs[name] = current
        elif line.strip():
            current.append(line.strip())
    return {name: " ".join(words) for name, words in docs.items()}


def to_data(value: Any) -> Any:
    """A plan or any part of it as plain data (what YAML and JSON can hold).

    Fields equal to their default are left out; money is an int when it has no decimals and a
    string otherwise, so no amount passes through a float.
    """
    if isinstance(value, VALUE_TYPES):
        return cast(_ValueType, value).to_data()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and item == f.default:
                continue
            data[f.name] = to_data(item)
        return data
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return money_to_data(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    return value


def from_data(cls: type[T], data: Any, source: str = "data") -> T:
    """Build a plan (or a part of one) from plain data, checking every field.

    Parameters
    ----------
    cls : type
        The dataclass to build, e.g. :class:`Plan`.
    data : Any
        What :func:`to_data`, ``yaml.safe_load`` or ``json.load`` gives.
    source : str
        Name of the file for the error message.

    Returns
    -------
    cls
        The object.

    Raises
    ------
    PlanFormatError
        With every problem found and its path.
    """
    reader = _Reader()
    result = reader.read(cls, data, "")
    if reader.problems:
        raise PlanFormatError(reader.problems, source)
    return cast(T, result)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{value} (a yes/no value: quote it if you meant text)"
    if isinstance(value, int | float):
        return f"the number {value!r} (quote it if you meant text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, error: str | ValueError, reason: str = "", **params: Any) -> _Invalid:
        self.problems.append(format_problem(path, error, reason, **params))
        return _INVALID

    def read(self, hint: Any, value: Any, path: str) -> Any:
        inner = optional_inner(hint)
        if inner is not None:
            return None if value is None else self.read(inner, value, path)
        if typing.get_origin(hint) is tuple:
            return self._read_tuple(typing.get_args(hint)[0], value, path)
        if hint in VALUE_TYPES:
            try:
                return hint.parse(value)
            except ValueError as error:
                return self.fail(path, error)
        if dataclasses.is_dataclass(hint):
            return self._read_dataclass(cast(type, hint), value, path)
        if isinstance(hint, type) and issubclass(hint, Enum):
            allowed = [member.value for member in hint]
            if value in allowed:
                return hint(value)
            got = _describe(value)
            return self.fail(
                path, f"expected one of {allowed}; got {got}", "choice", allowed=allowed, got=got
            )
        return self._read_scalar(hint, value, path)

    def _read_scalar(self, hint: Any, value: Any, path: str) -> Any:
        if hint is str:
            if isinstance(value, str):
                return value
            return self.fail(
                path, f"expected text; got {_describe(value)}", "text", got=_describe(value)
            )
        if hint is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            got = _describe(value)
            return self.fail(path, f"expected a whole number; got {got}", "whole-number", got=got)
        if hint is bool:
            if isinstance(value, bool):
                return value
            got = _describe(value)
            return self.fail(path, f"expected true or false; got {got}", "yes-no", got=got)
        if hint is Decimal:
            try:
                return parse_money(value)
            except ValueError as error:
                return self.fail(path, error)
        if hint is dt.date:
            return self._read_date(value, path)
        raise TypeError(f"no reader for {hint}")  # a model field of a type this module lacks

    def _read_date(self, value: Any, path: str) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        got = _describe(value)
        return self.fail(path, f"expected a date such as '2021-03-01'; got {got}", "date", got=got)

    def _read_tuple(self, item_hint: Any, value: Any, path: str) -> Any:
        if not isinstance(value, list):
            return self.fail(
                path, f"expected a list; got {_describe(value)}", "list", got=_describe(value)
            )
        items = [self.read(item_hint, item, f"{path}[{i}]") for i, item in enumerate(value)]
        return _INVALID if any(item is _INVALID for item in items) else tuple(items)

    def _read_dataclass(self, cls: type, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            got = _describe(value)
            return self.fail(
                path,
                f"expected a mapping with {cls.__name__} fields; got {got}",
                "mapping",
                got=got,
            )
        hints = field_hints(cls)
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in hints:
                self.fail(
                    f"{prefix}{key}",
                    f"unknown field {key!r} in {cls.__name__}; expected one of {', '.join(hints)}",
                    "unknown-field",
                    field=key,
                    fields=", ".join(hints),
                )
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name in value:
                kwargs[f.name] = self.read(hints[f.name], value[f.name], f"{prefix}{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                where, needs = f"{prefix}{f.name}", f"{cls.__name__} needs the field {f.name!r}"
                self.fail(where, needs, "missing-field", field=f.name)
                kwargs[f.name] = _INVALID
        if any(item is _INVALID for item in kwargs.values()):
            return _INVALID
        try:
            return cls(**kwargs)
        except ValueError as error:
            return self.fail(path, error)
