"""Read a monitoring document (YAML or JSON) into a :class:`Monitor`, checked against its
JSON Schema (``schema/monitor-v1.schema.json``), every problem with its path and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from kansen.plans import Problem

from ._model import Monitor

Format = Literal["yaml", "json"]


class MonitorRejected(ValueError):
    """A monitoring document that cannot be read; :attr:`problems` says every reason, each with
    the path of the value (``goals[0].indicators[1].target.year``) and its line in YAML.

    Attributes
    ----------
    problems : tuple of kansen.plans.Problem
        ``format`` problems: the reasons of the plans' reader (``missing-field``,
        ``unknown-field``, ``choice``, ``whole-number``, ...) and those of
        :data:`DOCUMENT_TEXTS` (``format.monitor-...``).
    source : str
        The file's name.
    """

    def __init__(self, problems: Any, source: str = "data") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(f"{source} is not a monitoring document ({len(self.problems)} problem(s))")


def monitor_schema() -> dict[str, Any]:
    """The JSON Schema of a monitoring document (draft 2020-12), as packaged."""
    raise NotImplementedError


def read_monitor(text: str, format: Format = "yaml", source: str = "data") -> Monitor:
    """Read a monitoring document from its text.

    Parameters
    ----------
    text : str
        The document.
    format : {"yaml", "json"}
        Its format.
    source : str
        Its name in messages.

    Raises
    ------
    MonitorRejected
        With every problem: not YAML/JSON, too large or nested too deeply (kansen.io's limits),
        a YAML alias, a key given twice, a violation of the schema, two measurements of the
        same time, a target with both a value and a relative change, an interval that does
        not contain its value.
    """
    raise NotImplementedError


def load_monitor(path: str | Path) -> Monitor:
    """Read a monitoring document from a file (``.json``: JSON, else YAML)."""
    raise NotImplementedError
