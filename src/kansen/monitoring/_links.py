"""Links from goals and indicators to the items of a plan, checked against the plan."""

from __future__ import annotations

import dataclasses
from typing import Any

from kansen.plans import Item, Problem

from ._model import Monitor


def plan_items(plan: Any) -> dict[str, str]:
    """The stable id of every item of a plan (:class:`kansen.plans.Item`: action lines, efforts,
    interventions, budget lines, ...) with the kind of item (its class name), in plan order."""
    found: dict[str, str] = {}
    stack: list[Any] = [plan]
    while stack:
        value = stack.pop()
        if isinstance(value, Item) and value.uuid:
            found.setdefault(value.uuid, type(value).__name__)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            children = [getattr(value, f.name) for f in dataclasses.fields(value)]
            stack.extend(reversed(children))
        elif isinstance(value, tuple | list):
            stack.extend(reversed(value))
    return found


def link_problems(monitor: Monitor, plan: Any, plan_name: str = "the plan") -> list[Problem]:
    """A warning for every link of a goal or an indicator to an id that is no item of ``plan``
    (an item removed from the plan, or a link copied from another plan)."""
    items = plan_items(plan)
    problems = []
    for g, goal in enumerate(monitor.goals):
        places = [(f"goals[{g}]", goal.links)]
        places += [
            (f"goals[{g}].indicators[{i}]", ind.links) for i, ind in enumerate(goal.indicators)
        ]
        for path, links in places:
            for n, link in enumerate(links):
                if link not in items:
                    problems.append(
                        Problem(
                            f"{path}.links[{n}]",
                            "warning",
                            "monitor-link",
                            f"the link {link} is to no item of {plan_name}",
                            params={"id": link, "plan": plan_name},
                        )
                    )
    return problems
