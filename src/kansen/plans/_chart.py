"""The planning as a chart by quarter (SVG or PNG), with today marked.

One row per theme, effort, intervention and phase; a bar over the planned quarters, a paler
bar with an arrow where the work goes on ("Lopend"), red for what is behind on the date, green
for what is done. Labels are Dutch: the chart goes into documents for the council.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Literal

import matplotlib
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ._agenda import Status
from ._model import Plan
from ._planning import PlanningGrid, quarter_grid

ChartFormat = Literal["svg", "png"]

_COLOURS = {
    "theme": "#1f4e79",
    "effort": "#5b9bd5",
    "intervention": "#1f4e79",
    "experiment": "#1f4e79",
    "phase": "#5b9bd5",
}
_BEHIND = "#c00000"
_DONE = "#70ad47"
_ONGOING_ALPHA = 0.35
_LABEL_LENGTH = 48


def _label(text: str) -> str:
    return text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1] + "…"


def draw_planning(grid: PlanningGrid, title: str = "") -> Figure:
    """Draw a planning grid on a new matplotlib figure (no pyplot, no global state).

    Parameters
    ----------
    grid : PlanningGrid
        From :func:`quarter_grid`.
    title : str
        Title above the chart.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    columns = len(grid.quarters)
    rows = len(grid.items)
    figure = Figure(figsize=(max(8.0, 4.5 + 0.42 * columns), 1.4 + 0.28 * max(rows, 1)))
    axes = figure.add_subplot()
    for y, (item, cells, behind) in enumerate(
        zip(grid.items, grid.cells, grid.behind, strict=True)
    ):
        colour = (
            _BEHIND if behind else _DONE if item.status is Status.DONE else (_COLOURS[item.kind])
        )
        planned = [x for x, cell in enumerate(cells) if cell == "planned"]
        ongoing = [x for x, cell in enumerate(cells) if cell == "ongoing"]
        height = 0.7 if item.kind in ("theme", "intervention", "experiment") else 0.5
        if planned:
            axes.barh(y, len(planned), left=planned[0], height=height, color=colour)
        if ongoing:
            axes.barh(
                y, len(ongoing), left=ongoing[0], height=height, color=colour, alpha=_ONGOING_ALPHA
            )
            axes.annotate(
                "",
                xy=(columns, y),
                xytext=(columns - 0.45, y),
                arrowprops={"arrowstyle": "->", "color": colour},
            )
    labels = [
        _label(f"{item.code}  {item.label}" if item.kind in ("theme", "effort") else item.code)
        for item in grid.items
    ]
    axes.set_yticks(range(rows), labels, fontsize=7)
    for tick, item in zip(axes.get_yticklabels(), grid.items, strict=True):
        if item.kind in ("theme", "intervention", "experiment"):
            tick.set_fontweight("bold")
    axes.set_ylim(rows - 0.5, -0.5)
    axes.set_xlim(0, columns)
    axes.set_xticks(
        [x + 0.5 for x in range(columns)],
        [f"Q{q.number}\n{q.year}" for q in grid.quarters],
        fontsize=7,
    )
    axes.set_xticks(range(columns + 1), minor=True)
    axes.grid(axis="x", which="minor", color="#d9d9d9", linewidth=0.6)
    axes.tick_params(axis="x", which="minor", length=0)
    legend: list[Artist] = [
        Patch(color=_COLOURS["effort"], label="gepland"),
        Patch(color=_COLOURS["effort"], alpha=_ONGOING_ALPHA, label="lopend"),
        Patch(color=_BEHIND, label="achter op planning"),
        Patch(color=_DONE, label="afgerond"),
    ]
    column = grid.today_column
    if column is not None and grid.today is not None:
        quarter = grid.quarters[column]
        elapsed = (grid.today - quarter.first_day).days + 1
        span = (quarter.last_day - quarter.first_day).days + 1
        x = column + elapsed / span
        line = axes.axvline(
            x,
            color=_BEHIND,
            linestyle="--",
            linewidth=1.2,
            label=f"vandaag ({grid.today:%d-%m-%Y})",
        )
        legend.append(line)
    figure.legend(handles=legend, loc="lower center", ncol=len(legend), fontsize=7, frameon=False)
    if title:
        axes.set_title(title, fontsize=10, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout(rect=(0, 0.4 / figure.get_figheight(), 1, 1))
    return figure


def planning_chart(
    plan: Plan, today: date | None = None, format: ChartFormat = "svg", title: str | None = None
) -> bytes:
    """The plan's planning by quarter as an image, with ``today`` marked.

    Parameters
    ----------
    plan : Plan
        The plan.
    today : date or None
        The date to mark and to judge "behind" by; None marks neither.
    format : {"svg", "png"}
        The image format.
    title : str or None
        Title; default "Planning <plan title>".

    Returns
    -------
    bytes
        The image. SVG output is reproducible (no date, fixed ids).
    """
    if format not in ("svg", "png"):
        raise ValueError(f"expected format 'svg' or 'png'; got {format!r}")
    figure = draw_planning(
        quarter_grid(plan, today), f"Planning {plan.title}" if title is None else title
    )
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "kansen", "svg.fonttype": "none"}):
        metadata = {"Date": None} if format == "svg" else {"Software": None}
        figure.savefig(buffer, format=format, dpi=150, metadata=metadata, bbox_inches="tight")
    return buffer.getvalue()
