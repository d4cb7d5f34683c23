"""Checks of the planning and the plan's structure: quarters, codes, references, frequencies.

Quarters outside the plan's period are warnings (``outside-period``): preparing before a plan
starts or going on after it is allowed; only money is held to a template's fixed period (see
:mod:`._checks_money`).
"""

from __future__ import annotations

import re
from datetime import date

from ._calendar import parse_frequency
from ._model import Plan
from ._planning import PlanningItem, planning_items
from ._problems import Problem
from ._values import PlanningEnd, Quarter

_NEIGHBOURHOOD = re.compile(r"^BU[0-9]{8}$")


def check_behind(plan: Plan, today: date) -> list[Problem]:
    """Efforts, interventions and experiments past their end quarter and not done."""
    problems = []
    for item in planning_items(plan):
        last = item.last_quarter
        if item.is_behind(today) and last is not None:
            status = item.status.value if item.status is not None else "not recorded"
            name = item.code if item.kind == "effort" else repr(item.code)
            problems.append(
                Problem(
                    item.path,
                    "warning",
                    "behind-schedule",
                    f"{item.kind} {name} was planned to end in {last} (by {last.last_day}); "
                    f"on {today} its status is {status}, not done",
                )
            )
    return problems


def _ends_before_start(start: Quarter | None, end: PlanningEnd | None) -> bool:
    return (
        start is not None and end is not None and end.quarter is not None and (end.quarter < start)
    )


def check_planning(plan: Plan) -> list[Problem]:
    """Ends before starts, and efforts planned outside their theme's quarters."""
    problems = []
    for item in planning_items(plan):
        if _ends_before_start(item.start, item.end):
            problems.append(
                Problem(
                    item.path,
                    "error",
                    "planning-order",
                    f"{item.code} ends in {item.last_quarter}, before it starts in {item.start}",
                )
            )
    for item in planning_items(plan):
        problems += _outside_period(plan, item)
    for path, theme, effort in plan.efforts():
        early = theme.start is not None and effort.start is not None and effort.start < theme.start
        theme_last = theme.end.quarter if theme.end is not None and not theme.end.ongoing else None
        effort_last = effort.end.quarter if effort.end is not None else None
        late = theme_last is not None and effort_last is not None and effort_last > theme_last
        if early or late:
            problems.append(
                Problem(
                    path,
                    "warning",
                    "planning-outside-theme",
                    f"effort {effort.code} runs {effort.start} to {effort.end}, outside theme "
                    f"{theme.code} ({theme.start} to {theme.end})",
                )
            )
    return problems


def _outside_period(plan: Plan, item: PlanningItem) -> list[Problem]:
    """A theme, effort or phase that starts before or ends after the plan's period.

    A warning, never an error: work may be prepared before a plan starts or go on after it
    (the money of a template's fixed period is checked with the budget, see ``budget-year``).
    Interventions are judged by their phases, so one early phase gives one warning.
    """
    if item.kind not in ("theme", "effort", "phase"):
        return []
    problems = []
    period = plan.period
    last = item.last_quarter
    for field, quarter in (("start", item.start), ("end", last)):
        if quarter is not None and quarter.year not in period:
            word = "starts" if field == "start" else "ends"
            problems.append(
                Problem(
                    f"{item.path}.{field}",
                    "warning",
                    "outside-period",
                    f"{item.kind} {item.code} {word} in {quarter}, outside the plan's period "
                    f"{period}",
                )
            )
    return problems


def check_structure(plan: Plan) -> list[Problem]:
    """Codes under their parents and unique, stakeholder references, meeting frequencies,
    neighbourhood codes."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, str]] = {}

    def unique(code: str, path: str, where: str) -> None:
        if code in seen:
            other_path, other = seen[code]
            problems.append(
                Problem(
                    f"{path}.code",
                    "error",
                    "duplicate-code",
                    f"code {code!r} is used twice: by {where} ({path}) and by {other} "
                    f"({other_path})",
                    related=(f"{other_path}.code",),
                )
            )
        seen.setdefault(code, (path, where))

    ids: dict[str, int] = {}
    for i, stakeholder in enumerate(plan.stakeholders):
        if stakeholder.id in ids:
            problems.append(
                Problem(
                    f"stakeholders[{i}].id",
                    "error",
                    "duplicate-id",
                    f"stakeholder id {stakeholder.id!r} is also used by "
                    f"stakeholders[{ids[stakeholder.id]}]",
                )
            )
        ids.setdefault(stakeholder.id, i)
    lines = {}
    for i, line in enumerate(plan.action_lines):
        lines[f"action_lines[{i}]"] = line
        unique(line.code, f"action_lines[{i}]", f"action line {line.title!r}")
    for path, line, theme in plan.themes():
        unique(theme.code, path, f"theme {theme.title!r} of action line {line.code}")
        if not theme.code.startswith(f"{line.code}."):
            problems.append(
                Problem(
                    f"{path}.code",
                    "error",
                    "code-mismatch",
                    f"theme {theme.code!r} is not numbered under action line "
                    f"{line.code!r} (expected {line.code}.<number>)",
                )
            )
        for k, stakeholder_id in enumerate(theme.stakeholders):
            if stakeholder_id not in ids:
                problems.append(
                    Problem(
                        f"{path}.stakeholders[{k}]",
                        "error",
                        "unknown-reference",
                        f"theme {theme.code} names stakeholder {stakeholder_id!r}, which is not in "
                        "the plan's stakeholders",
                    )
                )
    for path, theme, effort in plan.efforts():
        line = lines[path.split(".")[0]]
        unique(
            effort.code,
            path,
            f"effort {(effort.description.splitlines() or [''])[0][:60]!r} of theme {theme.code} "
            f"{theme.title!r} (action line {line.code})",
        )
        if not re.fullmatch(re.escape(theme.code) + r"[A-Z]+", effort.code):
            problems.append(
                Problem(
                    f"{path}.code",
                    "error",
                    "code-mismatch",
                    f"effort {effort.code!r} is not lettered under theme "
                    f"{theme.code!r} (expected {theme.code}A, {theme.code}B ...)",
                )
            )
    meetings = plan.agreements.meetings if plan.agreements is not None else ()
    for i, meeting in enumerate(meetings):
        if meeting.frequency:
            try:
                parse_frequency(meeting.frequency)
            except ValueError as error:
                problems.append(
                    Problem(
                        f"agreements.meetings[{i}].frequency",
                        "warning",
                        "frequency-unknown",
                        f"{meeting.kind}: {error}",
                    )
                )
    for path, activity in plan.activities():
        for k, code in enumerate(activity.location.neighbourhoods):
            if not _NEIGHBOURHOOD.match(code):
                problems.append(
                    Problem(
                        f"{path}.location.neighbourhoods[{k}]",
                        "error",
                        "area-code",
                        f"expected a CBS neighbourhood code such as 'BU05460101'; got {code!r}",
                    )
                )
    return problems
