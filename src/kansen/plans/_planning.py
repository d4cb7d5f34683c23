"""Planning by quarter: what runs when, and what is behind on a given date.

Themes, efforts, interventions and experiments become :class:`PlanningItem` rows; an item
whose end is "Lopend" runs on to the end of the grid. An item is *behind* on a date when its
last quarter has passed, it does not go on, and its status is not done or stopped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ._agenda import Intervention, Status
from ._model import Plan
from ._values import PlanningEnd, Quarter, quarter_range

ItemKind = Literal["theme", "effort", "intervention", "experiment", "phase"]
Cell = Literal["", "planned", "ongoing"]
_FINISHED = (Status.DONE, Status.STOPPED)


@dataclass(frozen=True)
class PlanningItem:
    """One row of the planning.

    Attributes
    ----------
    path : str
        Where it is in the plan, e.g. ``"action_lines[0].themes[0].efforts[1]"``.
    code : str
        "1.1", "1.1A", the name of an intervention, or the name of a phase of one.
    label : str
        The theme's title, the effort's description, or the phase's planning in words.
    kind : {"theme", "effort", "intervention", "experiment", "phase"}
        What it is; a phase follows its intervention.
    start : Quarter or None
        First quarter.
    end : PlanningEnd or None
        Last quarter and/or "Lopend".
    status : Status or None
        Recorded status (themes have none).
    """

    path: str
    code: str
    label: str
    kind: ItemKind
    start: Quarter | None
    end: PlanningEnd | None
    status: Status | None = None

    @property
    def last_quarter(self) -> Quarter | None:
        """The end quarter, when there is one."""
        return self.end.quarter if self.end is not None else None

    @property
    def ongoing(self) -> bool:
        """Whether it goes on after its last quarter (or has none: "Lopend")."""
        return self.end is not None and self.end.ongoing

    def is_behind(self, today: date) -> bool:
        """Whether its end quarter is over on ``today`` and it is neither ongoing nor done.

        Themes and phases are never behind themselves: their efforts and interventions are.
        """
        last = self.last_quarter
        return (
            self.kind not in ("theme", "phase")
            and last is not None
            and not self.ongoing
            and today > last.last_day
            and self.status not in _FINISHED
        )

    def cell(self, quarter: Quarter) -> Cell:
        """``"planned"`` within start..end, ``"ongoing"`` after the end when it goes on."""
        if self.start is None or quarter < self.start:
            return ""
        last = self.last_quarter
        if last is None:
            return "ongoing" if self.ongoing else ""
        if quarter <= last:
            return "planned"
        return "ongoing" if self.ongoing else ""


def activity_span(activity: Intervention) -> tuple[Quarter | None, PlanningEnd | None]:
    """First quarter and end of an intervention from its planning phases."""
    starts = [phase.start for phase in activity.planning if phase.start is not None]
    ends = [phase.end for phase in activity.planning if phase.end is not None]
    if not ends:
        return (min(starts) if starts else None), None
    if any(end.open_ended for end in ends):
        return (min(starts) if starts else None), PlanningEnd(None, True)
    last = max(ends, key=lambda end: end.quarter or Quarter(1900, 1))
    return (min(starts) if starts else None), last


def planning_items(plan: Plan) -> tuple[PlanningItem, ...]:
    """Every theme, effort, intervention (with its phases) and experiment, in document order."""
    items: list[PlanningItem] = []
    for path, _line, theme in plan.themes():
        items.append(PlanningItem(path, theme.code, theme.title, "theme", theme.start, theme.end))
        for k, effort in enumerate(theme.efforts):
            items.append(
                PlanningItem(
                    f"{path}.efforts[{k}]",
                    effort.code,
                    effort.description.split("\n")[0],
                    "effort",
                    effort.start,
                    effort.end,
                    effort.status,
                )
            )
    for path, activity in plan.activities():
        start, end = activity_span(activity)
        kind: ItemKind = "intervention" if path.startswith("interventions") else "experiment"
        items.append(
            PlanningItem(path, activity.name, activity.name, kind, start, end, activity.status)
        )
        for k, phase in enumerate(activity.planning):
            items.append(
                PlanningItem(
                    f"{path}.planning[{k}]",
                    phase.name,
                    phase.text or phase.name,
                    "phase",
                    phase.start,
                    phase.end,
                )
            )
    return tuple(items)


def behind_schedule(plan: Plan, today: date) -> tuple[PlanningItem, ...]:
    """Efforts, interventions and experiments past their end quarter and not done.

    Parameters
    ----------
    plan : Plan
        The plan.
    today : date
        The date to judge by (the library never reads the clock).

    Returns
    -------
    tuple of PlanningItem
        The items behind, in document order.
    """
    return tuple(item for item in planning_items(plan) if item.is_behind(today))


@dataclass(frozen=True)
class PlanningGrid:
    """The planning as a grid of quarters.

    Attributes
    ----------
    quarters : tuple of Quarter
        The columns: the plan's period, widened to every start and end quarter.
    items : tuple of PlanningItem
        The rows.
    cells : tuple of tuple of str
        Per row, per quarter: ``""``, ``"planned"`` or ``"ongoing"``.
    behind : tuple of bool
        Per row, whether it is behind on ``today``.
    today : date or None
        The date the grid was made for.
    """

    quarters: tuple[Quarter, ...]
    items: tuple[PlanningItem, ...]
    cells: tuple[tuple[Cell, ...], ...]
    behind: tuple[bool, ...]
    today: date | None

    @property
    def today_column(self) -> int | None:
        """The index of today's quarter among :attr:`quarters`, if it is in the grid."""
        if self.today is None:
            return None
        current = Quarter.of(self.today)
        return self.quarters.index(current) if current in self.quarters else None

    def as_rows(self) -> list[list[str]]:
        """A header row and one text row per item (``#`` planned, ``>`` ongoing), for tables."""
        header = ["", *[str(q) for q in self.quarters]]
        marks = {"": "", "planned": "#", "ongoing": ">"}
        return [header] + [
            [item.code, *[marks[c] for c in row]]
            for item, row in zip(self.items, self.cells, strict=True)
        ]


def quarter_grid(plan: Plan, today: date | None = None) -> PlanningGrid:
    """Lay the planning out by quarter and mark what is behind on ``today``.

    Parameters
    ----------
    plan : Plan
        The plan.
    today : date or None
        The date to judge "behind" by; None marks nothing as behind.

    Returns
    -------
    PlanningGrid
        Columns from the first quarter of the period (or an earlier start) to the last
        quarter of the period (or a later end).
    """
    items = planning_items(plan)
    first = Quarter(plan.period.start, 1)
    last = Quarter(plan.period.end, 4)
    quarters = [q for item in items for q in _quarters_of(item)]
    if quarters:
        first, last = min(first, *quarters), max(last, *quarters)
    columns = quarter_range(first, last)
    return PlanningGrid(
        quarters=columns,
        items=items,
        cells=tuple(tuple(item.cell(q) for q in columns) for item in items),
        behind=tuple(today is not None and item.is_behind(today) for item in items),
        today=today,
    )


def _quarters_of(item: PlanningItem) -> Iterable[Quarter]:
    if item.start is not None:
        yield item.start
    if item.last_quarter is not None:
        yield item.last_quarter
