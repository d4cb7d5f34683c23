"""All checks of a plan, and the one that finds empty fields a template requires.

:func:`check_plan` runs every check and returns every problem: it speaks up and never changes
the plan. The date to judge the planning by is an argument, never the clock.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from ._checks_money import check_budgets, check_ceilings, check_financial_overview
from ._checks_planning import check_behind, check_planning, check_structure
from ._items import ITEM_ID
from ._model import Plan
from ._problems import CheckReport, Problem
from ._templates import Template, load_templates


def is_empty(value: Any) -> bool:
    """None, blank text, an empty list, or a part whose fields are all empty."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple | list):
        return not value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # An item's id says which item it is, not what it holds.
        return all(
            is_empty(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != ITEM_ID
        )
    return False


def resolve(plan: Plan, pattern: str) -> Iterator[tuple[str, Any]]:
    """Every ``(path, value)`` a required-field pattern such as ``"interventions[*].contact"``
    names; a missing part along the way gives its value as None."""
    found: list[tuple[str, Any]] = [("", plan)]
    for token in pattern.split("."):
        many = token.endswith("[*]")
        name = token.removesuffix("[*]")
        step: list[tuple[str, Any]] = []
        for path, obj in found:
            here = f"{path}.{name}" if path else name
            value = getattr(obj, name) if obj is not None else None
            if many:
                step += [(f"{here}[{i}]", item) for i, item in enumerate(value or ())]
            else:
                step.append((here, value))
        found = step
    yield from found


def check_required(plan: Plan, template: Template) -> list[Problem]:
    """Sections and fields the template requires that are missing or empty."""
    problems = []
    titles = {section.title: (i, section) for i, section in enumerate(plan.sections)}
    for title in template.sections:
        if title not in titles:
            problems.append(
                Problem(
                    "sections",
                    "warning",
                    "required-empty",
                    f"the section {title!r} required by {template.id} is missing",
                )
            )
        elif is_empty(titles[title][1].text):
            problems.append(
                Problem(
                    f"sections[{titles[title][0]}].text",
                    "warning",
                    "required-empty",
                    f"the section {title!r} has no text",
                )
            )
    found: list[tuple[tuple[int, tuple[int, ...], int], Problem]] = []
    roots: dict[str, int] = {}
    for rank, pattern in enumerate(template.required):
        root = roots.setdefault(pattern.split(".")[0].split("[")[0], rank)
        for path, value in resolve(plan, pattern):
            if is_empty(value):
                indices = tuple(int(i) for i in re.findall(r"\[(\d+)\]", path))
                problem = Problem(
                    path,
                    "warning",
                    "required-empty",
                    f"empty, but template {template.id!r} requires it for submission",
                )
                found.append(((root, indices, rank), problem))
    # Report item by item (all of signatories[0], then signatories[1] ...), not field by field.
    problems += [problem for _, problem in sorted(found, key=lambda pair: pair[0])]
    return problems


def check_plan(
    plan: Plan, *, today: date, templates: Mapping[str, Template] | None = None
) -> CheckReport:
    """Run every check on a plan.

    Parameters
    ----------
    plan : Plan
        The plan, as recorded: nothing is corrected.
    today : date
        The date to judge the planning by (efforts past their end quarter and not done).
    templates : mapping of str to Template, optional
        The templates by id; default the packaged ``templates.json``.

    Returns
    -------
    CheckReport
        Every problem, grouped by check: money of the overview, budgets, ceilings,
        planning and structure, then required fields.

    Notes
    -----
    Dates against the period: a quarter of a theme, effort or phase outside the plan's period
    is a warning (``outside-period``); a year of money (a budget line, a year of the financial
    overview) outside it is a warning too, and an error when the template is for a fixed
    period, as the GKA-agenda templates are (``budget-year``): an agenda's money is agreed
    with the ministry for the agenda's years only.
    """
    templates = load_templates() if templates is None else templates
    template = templates.get(plan.template)
    problems: list[Problem] = []
    problems += check_financial_overview(plan, template)
    problems += check_budgets(plan, template)
    capped = {c.funder for t in templates.values() for c in t.ceilings}
    problems += check_ceilings(plan, template, capped)
    problems += check_structure(plan)
    problems += check_planning(plan)
    problems += check_behind(plan, today)
    if template is None:
        known = ", ".join(sorted(templates))
        problems.append(
            Problem(
                "template",
                "warning",
                "unknown-template",
                f"template {plan.template!r} is not on record (known: {known}); required fields "
                "and contribution ceilings were not checked",
            )
        )
    else:
        problems += check_required(plan, template)
    return CheckReport(tuple(problems))
