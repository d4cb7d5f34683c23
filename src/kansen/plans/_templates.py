"""Templates as data: required sections and fields, and contribution ceilings with their source.

The ministry changes its template and its ceiling from one period to the next, so neither is a
constant in code: both are read from ``kansen/plans/data/templates.json`` (or a file of the
same layout given by the caller).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from ._agenda import FunderKind
from ._codec import from_data
from ._model import PlanKind
from ._values import Period

_SCOPES = ("plan", "intervention")


@dataclass(frozen=True)
class Ceiling:
    """The most a funder contributes.

    Attributes
    ----------
    funder : FunderKind
        Whose contributions are capped.
    amount : Decimal
        The ceiling in euros.
    scope : str
        "plan" (all contributions of the funder in the plan together) or "intervention"
        (each intervention or experiment on its own).
    source : str
        Where the ceiling is written down.
    """

    funder: FunderKind
    amount: Decimal
    scope: str
    source: str

    def __post_init__(self) -> None:
        if self.scope not in _SCOPES:
            raise ValueError(f"a ceiling's scope is one of {_SCOPES}; got {self.scope!r}")


@dataclass(frozen=True)
class Template:
    """A template a plan follows.

    Attributes
    ----------
    id : str
        What a plan's ``template`` field names.
    name : str
        Human-readable name.
    kind : PlanKind
        agenda or plan.
    period : Period or None
        The period the template is for.
    source : str
        Where the template comes from.
    sections : tuple of str
        Explanation sections that must be present with text.
    required : tuple of str
        Paths of fields that must not be empty before submission, ``[*]`` for every item of a
        list, e.g. ``"interventions[*].contact"``.
    ceilings : tuple of Ceiling
        Ceilings of contributions.
    """

    id: str
    name: str
    kind: PlanKind
    period: Period | None
    source: str
    sections: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    ceilings: tuple[Ceiling, ...] = ()


@dataclass(frozen=True)
class _TemplateFile:
    """The layout of ``templates.json``.

    Attributes
    ----------
    description : str
        What the file holds.
    templates : tuple of Template
        The templates.
    """

    description: str
    templates: tuple[Template, ...]


def load_templates(path: str | Path | None = None) -> dict[str, Template]:
    """Read the templates: the packaged ones, or those in a JSON file of the same layout.

    Parameters
    ----------
    path : str, pathlib.Path or None
        A JSON file like ``kansen/plans/data/templates.json``; None for the packaged file.

    Returns
    -------
    dict of str to Template
        The templates by id.

    Raises
    ------
    PlanFormatError
        When the file does not have the expected layout.
    """
    if path is None:
        text = resources.files("kansen.plans").joinpath("data", "templates.json").read_text("utf-8")
        source = "templates.json"
    else:
        text = Path(path).read_text(encoding="utf-8")
        source = Path(path).name
    data: Any = json.loads(text)
    file = from_data(_TemplateFile, data, source)
    return {template.id: template for template in file.templates}
