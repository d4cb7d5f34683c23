"""The small chart of an indicator: baseline, straight path to the target, the target, and the
measurements with their intervals.

The SVG is built as an element tree (:mod:`xml.etree.ElementTree`), so every text in it is
escaped by the serializer and no figure or name ever meets markup as a string. Colours and
lines are presentation attributes, not ``style``: the page's Content-Security-Policy refuses
inline styles. The page shows the chart as an image with a text alternative and a table of the
same figures beside it; the Word document gets the same chart drawn as PNG by matplotlib.
"""

from __future__ import annotations

import base64
import io
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 12, 40
INK, PATH, TARGET, MEASURED, GRID = "#1f2937", "#6b7280", "#065f46", "#1d4ed8", "#d4d4d8"


@dataclass(frozen=True)
class Point:
    """A figure at a year, or at ``at`` (a year with its fraction, for a measurement of a date:
    :func:`kansen.monitoring.time_of`)."""

    year: int
    value: Decimal
    lower: Decimal | None = None
    upper: Decimal | None = None
    at: float | None = None

    @property
    def x(self) -> float:
        """Where it is drawn along the axis of years."""
        return float(self.year) if self.at is None else self.at


@dataclass(frozen=True)
class ChartData:
    """What the chart shows; ``labels`` are the words of the legend, in the reader's language."""

    baseline: Point | None
    target: Point | None
    measurements: tuple[Point, ...]
    labels: dict[str, str]


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _extent(data: ChartData) -> tuple[int, int, float, float] | None:
    points = [p for p in (data.baseline, data.target, *data.measurements) if p is not None]
    if not points:
        return None
    years = [p.x for p in points]
    values: list[float] = []
    for p in points:
        values.append(float(p.value))
        values.extend(float(v) for v in (p.lower, p.upper) if v is not None)
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    first, last = math.floor(min(years)), math.ceil(max(years))
    return first, (last if last > first else first + 1), low - pad, high + pad


def svg(data: ChartData) -> str:
    """The chart as SVG text (empty when there is nothing to draw)."""
    extent = _extent(data)
    if extent is None:
        return ""
    first, last, low, high = extent
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: float) -> str:
        return _number(LEFT + (year - first) / (last - first) * inner_w)

    def y(value: Decimal | float) -> str:
        return _number(TOP + (high - float(value)) / (high - low) * inner_h)

    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "font-family": "DejaVu Sans, Arial, sans-serif",
            "font-size": "10",
        },
    )
    ET.SubElement(root, "rect", {"width": str(WIDTH), "height": str(HEIGHT), "fill": "#ffffff"})
    # horizontal grid with three values
    for i in range(3):
        value = low + (high - low) * (i + 0.5) / 3
        ET.SubElement(
            root,
            "line",
            {
                "x1": str(LEFT),
                "x2": str(WIDTH - RIGHT),
                "y1": y(value),
                "y2": y(value),
                "stroke": GRID,
                "stroke-width": "1",
            },
        )
        label = ET.SubElement(
            root,
            "text",
            {
                "x": str(LEFT - 4),
                "y": y(value),
                "text-anchor": "end",
                "dominant-baseline": "middle",
                "fill": INK,
            },
        )
        label.text = _tick(value, high - low)
    step = max(1, (last - first + 5) // 6)
    for year in range(first, last + 1, step):
        label = ET.SubElement(
            root,
            "text",
            {"x": x(year), "y": str(HEIGHT - BOTTOM + 14), "text-anchor": "middle", "fill": INK},
        )
        label.text = str(year)
    ET.SubElement(
        root,
        "line",
        {
            "x1": str(LEFT),
            "x2": str(WIDTH - RIGHT),
            "y1": str(HEIGHT - BOTTOM),
            "y2": str(HEIGHT - BOTTOM),
            "stroke": INK,
            "stroke-width": "1",
        },
    )
    base, target = data.baseline, data.target
    if base is not None and target is not None and target.year > base.year:
        ET.SubElement(
            root,
            "line",
            {
                "x1": x(base.year),
                "y1": y(base.value),
                "x2": x(target.year),
                "y2": y(target.value),
                "stroke": PATH,
                "stroke-width": "1.5",
                "stroke-dasharray": "5 4",
            },
        )
    if target is not None:
        cx, cy = float(x(target.year)), float(y(target.value))
        ET.SubElement(
            root,
            "polygon",
            {
                "points": " ".join(
                    _number(v) for v in (cx, cy - 6, cx + 6, cy, cx, cy + 6, cx - 6, cy)
                ),
                "fill": TARGET,
            },
        )
    measured = [p for p in data.measurements]
    measured_line = [base, *measured] if base is not None else measured
    if len(measured_line) > 1:
        ET.SubElement(
            root,
            "polyline",
            {
                "points": " ".join(f"{x(p.x)},{y(p.value)}" for p in measured_line),
                "fill": "none",
                "stroke": MEASURED,
                "stroke-width": "2",
            },
        )

    def whisker(p: Point, colour: str) -> None:
        """The interval of a figure: a vertical line with a short bar at each bound."""
        if p.lower is None or p.upper is None:
            return
        ET.SubElement(
            root,
            "line",
            {
                "x1": x(p.x),
                "x2": x(p.x),
                "y1": y(p.lower),
                "y2": y(p.upper),
                "stroke": colour,
                "stroke-width": "1.5",
            },
        )
        for bound in (p.lower, p.upper):
            ET.SubElement(
                root,
                "line",
                {
                    "x1": _number(float(x(p.x)) - 4),
                    "x2": _number(float(x(p.x)) + 4),
                    "y1": y(bound),
                    "y2": y(bound),
                    "stroke": colour,
                    "stroke-width": "1.5",
                },
            )

    for p in measured:
        whisker(p, MEASURED)
        ET.SubElement(root, "circle", {"cx": x(p.x), "cy": y(p.value), "r": "4", "fill": MEASURED})
    if base is not None:
        whisker(base, INK)
        ET.SubElement(
            root,
            "rect",
            {
                "x": _number(float(x(base.year)) - 4),
                "y": _number(float(y(base.value)) - 4),
                "width": "8",
                "height": "8",
                "fill": INK,
            },
        )
    _legend(root, data.labels)
    return ET.tostring(root, encoding="unicode")


def _tick(value: float, span: float) -> str:
    if span >= 10:
        return f"{value:.0f}"
    if span >= 1:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _legend(root: ET.Element, labels: dict[str, str]) -> None:
    row = HEIGHT - 10
    entries = [
        ("baseline", INK, "rect"),
        ("path", PATH, "dash"),
        ("target", TARGET, "diamond"),
        ("measured", MEASURED, "circle"),
    ]
    left = 6.0
    for key, colour, shape in entries:
        text = labels.get(key, key)
        if shape == "rect":
            ET.SubElement(
                root,
                "rect",
                {
                    "x": _number(left),
                    "y": str(row - 4),
                    "width": "8",
                    "height": "8",
                    "fill": colour,
                },
            )
        elif shape == "dash":
            ET.SubElement(
                root,
                "line",
                {
                    "x1": _number(left - 2),
                    "x2": _number(left + 10),
                    "y1": str(row),
                    "y2": str(row),
                    "stroke": colour,
                    "stroke-width": "1.5",
                    "stroke-dasharray": "3 2",
                },
            )
        elif shape == "diamond":
            ET.SubElement(
                root,
                "polygon",
                {
                    "points": " ".join(
                        _number(v)
                        for v in (
                            left + 4,
                            row - 5,
                            left + 9,
                            row,
                            left + 4,
                            row + 5,
                            left - 1,
                            row,
                        )
                    ),
                    "fill": colour,
                },
            )
        else:
            ET.SubElement(
                root, "circle", {"cx": _number(left + 4), "cy": str(row), "r": "4", "fill": colour}
            )
        label = ET.SubElement(
            root,
            "text",
            {"x": _number(left + 13), "y": str(row), "dominant-baseline": "middle", "fill": INK},
        )
        label.text = text
        left += 22 + 5.6 * len(text)


def data_uri(svg_text: str) -> str:
    """The SVG as a ``data:`` address for an ``<img>`` (inside it nothing can run)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode("utf-8")).decode()


def png(data: ChartData) -> bytes:
    """The same chart as PNG (for the Word document), drawn by matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(4.8, 2.6), dpi=150)
    axes = figure.add_subplot()
    base, target = data.baseline, data.target
    if base is not None and target is not None and target.year > base.year:
        axes.plot(
            [base.year, target.year],
            [float(base.value), float(target.value)],
            linestyle="--",
            color=PATH,
            label=data.labels.get("path", "path"),
        )
    if target is not None:
        axes.plot(
            [target.year],
            [float(target.value)],
            marker="D",
            color=TARGET,
            linestyle="none",
            label=data.labels.get("target", "target"),
        )
    line = ([base] if base is not None else []) + list(data.measurements)
    if len(line) > 1:
        axes.plot([p.x for p in line], [float(p.value) for p in line], color=MEASURED)
    for p in data.measurements:
        if p.lower is not None and p.upper is not None:
            axes.errorbar(
                [p.x],
                [float(p.value)],
                yerr=[[float(p.value - p.lower)], [float(p.upper - p.value)]],
                color=MEASURED,
                capsize=3,
            )
    if data.measurements:
        axes.plot(
            [p.x for p in data.measurements],
            [float(p.value) for p in data.measurements],
            marker="o",
            color=MEASURED,
            linestyle="none",
            label=data.labels.get("measured", "measured"),
        )
    if base is not None:
        if base.lower is not None and base.upper is not None:
            axes.errorbar(
                [base.x],
                [float(base.value)],
                yerr=[[float(base.value - base.lower)], [float(base.upper - base.value)]],
                color=INK,
                capsize=3,
            )
        axes.plot(
            [base.year],
            [float(base.value)],
            marker="s",
            color=INK,
            linestyle="none",
            label=data.labels.get("baseline", "baseline"),
        )
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", color=GRID)
    axes.legend(fontsize=7, loc="best")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
