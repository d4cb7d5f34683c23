"""Read and write whole plans as YAML or JSON files with a schema version.

A plan file is a mapping with ``schema_version`` and the fields of :class:`Plan`; the layout
is described by the JSON Schema in ``kansen/plans/schema/``. Every item of a list carries its
id (``uuid``, see :mod:`._items`); a file of layout version 1, from before the ids, is read
through :func:`~kansen.plans.upgrade_plan_data`. YAML needs the optional ``pyyaml`` package;
JSON needs nothing.

YAML is read more strictly than ``yaml.safe_load`` does, because a plan file is typed by hand:
a key given twice is refused (PyYAML would silently keep the last), an impossible date such as
``2021-13-01`` is a problem at its path rather than a crash, and ``amount: 100.000`` (a Dutch
thousands separator, which YAML reads as the float 100.0) is refused with the advice to write
100000. Every problem of a YAML file carries the line it is on.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kansen.io._limits import MB, LimitExceeded, ReadLimits, check_size, check_yaml, load_json

from ._codec import from_data, to_data
from ._items import VERSION_WITHOUT_IDS, _upgraded_in_place, item_id_problems, upgrade_plan_data
from ._model import Plan
from ._problems import PlanFormatError, Problem, format_problem
from ._schema import SCHEMA_VERSION

Format = Literal["yaml", "json"]
#: What a plan file may be: a real plan is tens of kilobytes.
PLAN_LIMITS = ReadLimits(max_bytes=5 * MB)
_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """A plan as plain data with ``schema_version`` first; fields at their default left out.

    Every list item is written with its id; an item built without one (in code, say) gets one
    derived from the plan's content and its place, so the same plan is always written the same.
    """
    data: dict[str, Any] = _upgraded_in_place({"schema_version": SCHEMA_VERSION, **to_data(plan)})
    return data


def plan_from_data(data: Any, source: str = "data") -> Plan:
    """Build a plan from plain data as loaded from YAML or JSON.

    Parameters
    ----------
    data : Any
        A mapping with ``schema_version`` and the fields of :class:`Plan`. A version 1
        document (without item ids) is upgraded first (:func:`upgrade_plan_data`, ids derived
        from its content).
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
        a value of the wrong type (a float for money, a number where text is expected), an
        item id that is not a UUID or is given twice.
    """
    if not isinstance(data, dict):
        got = type(data).__name__
        problem = format_problem("", f"expected a mapping; got {got}", "mapping", got=got)
        raise PlanFormatError([problem], source)
    version = data.get("schema_version")
    if version not in (VERSION_WITHOUT_IDS, SCHEMA_VERSION):
        message = f"expected schema_version {SCHEMA_VERSION}; got {version!r}"
        problem = format_problem(
            "schema_version", message, "schema-version", version=SCHEMA_VERSION, got=repr(version)
        )
        raise PlanFormatError([problem], source)
    if version == VERSION_WITHOUT_IDS:
        data = upgrade_plan_data(data)
    fields = {key: value for key, value in data.items() if key != "schema_version"}
    id_problems = item_id_problems(fields)
    try:
        plan = from_data(Plan, fields, source)
    except PlanFormatError as error:
        raise PlanFormatError([*error.problems, *id_problems], source) from None
    if id_problems:
        raise PlanFormatError(id_problems, source)
    return plan


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


#: A number with a Dutch thousands separator as YAML reads it: "100.000", "1.250.000".
_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$")
_LAST_STEP = re.compile(r"(\.[^.\[]+|\[[0-9]+\])$")


@dataclass(frozen=True)
class PlanText:
    """The plain data of a plan file, with where each part of it is in the file.

    Attributes
    ----------
    data : Any
        What the file holds, as ``yaml.safe_load`` or ``json.loads`` gives it.
    lines : mapping of str to int
        The line (from 1) of every path, e.g. ``{"interventions[0].budget[1].amount": 42}``;
        empty for JSON.
    numbers : mapping of str to str
        The text of every YAML number with a fraction as it is written (``"100.000"``), by path.
    """

    data: Any
    lines: Mapping[str, int] = dataclasses.field(default_factory=dict)
    numbers: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        """The line of a path, or of the nearest part that contains it (a missing field)."""
        while True:
            if path in self.lines:
                return self.lines[path]
            shorter = _LAST_STEP.sub("", path)
            if shorter == path or not shorter:
                return self.lines.get("")
            path = shorter

    def explain(self, problems: Iterable[Problem]) -> tuple[Problem, ...]:
        """The problems with their line, and a number with a thousands separator explained."""
        explained = []
        for problem in problems:
            text = self.numbers.get(problem.path)
            euros = problem.reason in ("euros", "thousands")
            if text is not None and _THOUSANDS.match(text) and euros:
                digits = text.replace(".", "")
                problem = dataclasses.replace(
                    problem,
                    reason="thousands",
                    params={"got": text, "digits": digits},
                    message=f"expected euros as an integer or a string with a decimal point and "
                    f"at most two decimals, e.g. 210000 or '173.00'; got {text}, which YAML "
                    f"reads as the number {float(text)!r} (thousands separators are not "
                    f"allowed: write {digits}, not {text})",
                )
            if problem.line is None:
                problem = dataclasses.replace(problem, line=self.line_of(problem.path))
            explained.append(problem)
        return tuple(explained)


def read_plan_text(
    text: str, format: Format = "yaml", source: str = "data", limits: ReadLimits = PLAN_LIMITS
) -> PlanText:
    """Read the text of a plan file into plain data, keeping the line of every part.

    Parameters
    ----------
    text : str
        The document.
    format : {"yaml", "json"}
        Its format.
    source : str
        A name for messages.
    limits : ReadLimits, optional
        How deeply the data may be nested. YAML aliases (``*name``) are always refused: nested
        aliases make a small file unpack to gigabytes.

    Returns
    -------
    PlanText
        The data with its lines; give it to :func:`plan_from_data` and pass the problems of a
        :class:`PlanFormatError` through :meth:`PlanText.explain`.

    Raises
    ------
    PlanFormatError
        When the text is not valid YAML or JSON, a YAML mapping has a key twice (with both
        lines), the YAML has an alias or the data is nested too deeply.
    """
    if format not in ("yaml", "json"):
        raise ValueError(f"expected format 'yaml' or 'json'; got {format!r}")
    if format == "json":
        try:
            return PlanText(load_json(text, limits))
        except json.JSONDecodeError as error:
            raise _not_valid(format, error, source) from error
        except LimitExceeded as error:
            raise _refused(error, source) from None
    yaml = _yaml()
    try:
        check_yaml(text, limits)
    except LimitExceeded as error:
        raise _refused(error, source) from None
    loader = _loader_class(yaml)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return PlanText(None)
        lines: dict[str, int] = {}
        numbers: dict[str, str] = {}
        twice: list[Problem] = []
        _walk(yaml, node, "", node.start_mark.line + 1, lines, numbers, twice, set())
        if twice:
            raise PlanFormatError(twice, source)
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        raise _not_valid(format, error, source) from error
    finally:
        loader.dispose()
    return PlanText(data, lines, numbers)


def _loader_class(yaml: Any) -> Any:
    """A SafeLoader whose impossible dates stay text, for the reader to report at their path."""

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    # A subclass, so the constructor does not change PyYAML's own SafeLoader.
    loader: Any = type("_PlanLoader", (yaml.SafeLoader,), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return loader


def _walk(
    yaml: Any,
    node: Any,
    path: str,
    line: int,
    lines: dict[str, int],
    numbers: dict[str, str],
    twice: list[Problem],
    open_nodes: set[int],
) -> None:
    """Record the line of every path, the text of fractional numbers and keys given twice."""
    lines.setdefault(path, line)
    if id(node) in open_nodes:  # an alias that contains itself
        return
    open_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            key_line = key_node.start_mark.line + 1
            child = f"{path}.{key}" if path else key
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if key in seen:
                twice.append(
                    Problem(
                        child,
                        "error",
                        "format",
                        f"the key {key!r} is given twice in the same part (lines {seen[key]} and "
                        f"{key_line}); give it once",
                        line=key_line,
                        reason="key-twice",
                        params={"key": key, "first": seen[key], "second": key_line},
                    )
                )
                continue
            seen[key] = key_line
            _walk(yaml, value_node, child, key_line, lines, numbers, twice, open_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            item_line = item.start_mark.line + 1
            _walk(yaml, item, f"{path}[{i}]", item_line, lines, numbers, twice, open_nodes)
    elif node.tag == "tag:yaml.org,2002:float":
        numbers[path] = str(node.value)
    open_nodes.discard(id(node))


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
        When the text is not valid YAML/JSON or does not describe a plan; a problem of a YAML
        file carries its line.
    """
    read = read_plan_text(text, format, source)
    try:
        return plan_from_data(read.data, source)
    except PlanFormatError as error:
        raise PlanFormatError(read.explain(error.problems), source) from None


def _refused(error: LimitExceeded, source: str) -> PlanFormatError:
    """A file beyond a reading limit: ``format.limit.*`` with the limit's parameters."""
    return PlanFormatError([format_problem("", str(error), error.code, **error.params)], source)


def _not_valid(format: Format, error: Exception, source: str) -> PlanFormatError:
    problem = format_problem(
        "", f"not valid {format.upper()}: {error}", "not-valid", format=format.upper(), error=error
    )
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
    if path.stat().st_size > PLAN_LIMITS.max_bytes:
        try:
            check_size(path.stat().st_size, PLAN_LIMITS)
        except LimitExceeded as error:
            raise _refused(error, path.name) from None
    return loads_plan(path.read_text(encoding="utf-8"), format, path.name)


def write_plan(plan: Plan, path: str | Path) -> Path:
    """Write a plan as YAML or JSON, chosen by the file's suffix; returns the path."""
    path = Path(path)
    path.write_text(dumps_plan(plan, format_of(path)), encoding="utf-8")
    return path
