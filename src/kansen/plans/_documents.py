"""Read and write whole plans as YAML or JSON files with a schema version.

A plan file is a mapping with ``schema_version`` and the fields of :class:`Plan`; the layout
is described by the JSON Schema in ``kansen/plans/schema/``. YAML needs the optional
``pyyaml`` package; JSON needs nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from ._codec import from_data, to_data
from ._model import Plan
from ._problems import PlanFormatError, Problem
from ._schema import SCHEMA_VERSION

Format = Literal["yaml", "json"]
_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """A plan as plain data with ``schema_version`` first; fields at their default left out."""
    return {"schema_version": SCHEMA_VERSION, **to_data(plan)}


def plan_from_data(data: Any, source: str = "data") -> Plan:
    """Build a plan from plain data as loaded from YAML or JSON.

    Parameters
    ----------
    data : Any
        A mapping with ``schema_version`` and the fields of :class:`Plan`.
    source : str
        The file name, for messages.

    Returns
    -------
    Plan
        The plan.

    Raises
    ------
    PlanFormatError
        With every problem and its path: a missing or other schema version, an unknown field,
        a value of the wrong type (a float for money, a number where text is expected).
    """
    if not isinstance(data, dict):
        problem = Problem("", "error", "format", f"expected a mapping; got {type(data).__name__}")
        raise PlanFormatError([problem], source)
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        message = f"expected schema_version {SCHEMA_VERSION}; got {version!r}"
        raise PlanFormatError([Problem("schema_version", "error", "format", message)], source)
    fields = {key: value for key, value in data.items() if key != "schema_version"}
    return from_data(Plan, fields, source)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError("YAML plan files need: pip install pyyaml") from error
    return yaml


def dumps_plan(plan: Plan, format: Format = "yaml") -> str:
    """A plan as YAML or JSON text.

    Parameters
    ----------
    plan : Plan
        The plan.
    format : {"yaml", "json"}
        The text format. YAML writes text with line breaks as literal blocks.

    Returns
    -------
    str
        The document, ending in a newline.
    """
    data = plan_to_data(plan)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format != "yaml":
        raise ValueError(f"expected format 'yaml' or 'json'; got {format!r}")
    yaml = _yaml()

    def _text(dumper: Any, value: str) -> Any:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    # A subclass, so the representer does not change PyYAML's own SafeDumper.
    dumper: Any = type("_PlanDumper", (yaml.SafeDumper,), {})
    dumper.add_representer(str, _text)
    text: str = yaml.dump(
        data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return text


def loads_plan(text: str, format: Format = "yaml", source: str = "data") -> Plan:
    """Read a plan from YAML or JSON text.

    Parameters
    ----------
    text : str
        The document.
    format : {"yaml", "json"}
        Its format.
    source : str
        A name for messages.

    Returns
    -------
    Plan
        The plan.

    Raises
    ------
    PlanFormatError
        When the text is not valid YAML/JSON or does not describe a plan.
    """
    if format not in ("yaml", "json"):
        raise ValueError(f"expected format 'yaml' or 'json'; got {format!r}")
    if format == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise _not_valid(format, error, source) from error
    else:
        yaml = _yaml()
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise _not_valid(format, error, source) from error
    return plan_from_data(data, source)


def _not_valid(format: Format, error: Exception, source: str) -> PlanFormatError:
    problem = Problem("", "error", "format", f"not valid {format.upper()}: {error}")
    return PlanFormatError([problem], source)


def format_of(path: str | Path) -> Format:
    """``"yaml"`` or ``"json"`` from a file name (``.yaml``, ``.yml``, ``.json``)."""
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ValueError(f"expected a .yaml, .yml or .json file; got {Path(path).name!r}")
    return _SUFFIXES[suffix]


def read_plan(path: str | Path) -> Plan:
    """Read a plan file (``.yaml``, ``.yml`` or ``.json``, UTF-8).

    Parameters
    ----------
    path : str or pathlib.Path
        The file.

    Returns
    -------
    Plan
        The plan.

    Raises
    ------
    PlanFormatError
        When the file does not describe a plan; lists every problem with its path.
    """
    path = Path(path)
    format = format_of(path)
    return loads_plan(path.read_text(encoding="utf-8"), format, path.name)


def write_plan(plan: Plan, path: str | Path) -> Path:
    """Write a plan as YAML or JSON, chosen by the file's suffix; returns the path."""
    path = Path(path)
    path.write_text(dumps_plan(plan, format_of(path)), encoding="utf-8")
    return path
