"""SVG and PNG of choropleth maps and tables, with matplotlib (no display needed)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from shapely.geometry.base import BaseGeometry

from ._classify import Classification

ImageFormat = Literal["svg", "png"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("svg", "png")


@dataclass(frozen=True)
class MapFeature:
    """An area to draw: its geometry in EPSG:4326 (lon/lat) and its value, if any."""

    geometry: BaseGeometry
    value: float | None


def _polygon_path(geometry: BaseGeometry) -> MplPath:
    polygons = getattr(geometry, "geoms", [geometry])
    paths = []
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)
            codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
            paths.append(MplPath(coords, codes))
    return MplPath.make_compound_path(*paths)


def _save(figure: Figure, fmt: ImageFormat) -> bytes:
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; expected one of {IMAGE_FORMATS}")
    buffer = io.BytesIO()
    # A fixed date keeps SVG and PNG output byte-identical for identical input.
    metadata = {"Date": None} if fmt == "svg" else {"Software": "kansen"}
    # Text stays text in SVG: searchable, selectable and editable in a council document.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kansen"}):
        figure.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
    return buffer.getvalue()


def render_map(
    features: Sequence[MapFeature],
    classification: Classification,
    *,
    title: str,
    legend_title: str,
    no_value_label: str,
    source: str = "",
    fmt: ImageFormat = "svg",
    number: Callable[[float], str] = lambda v: f"{v:g}",
) -> bytes:
    """Draw a choropleth of ``features`` coloured by ``classification``, with a legend.

    Areas without a value are white and hatched, and the legend says so with
    ``no_value_label``. Labels are given by the caller, in the reader's language.
    """
    figure = Figure(figsize=(8, 7))
    axes = figure.subplots()
    latitudes: list[float] = []
    for feature in features:
        if feature.geometry.is_empty:
            continue
        no_value = classification.class_of(feature.value) is None
        axes.add_patch(
            PathPatch(
                _polygon_path(feature.geometry),
                facecolor=classification.colour(feature.value),
                edgecolor="#3f3f46",
                linewidth=0.4,
                hatch="////" if no_value else None,
            )
        )
        latitudes.append(feature.geometry.centroid.y)
    axes.autoscale_view()
    if latitudes:
        # Degrees of longitude are shorter than degrees of latitude away from the equator.
        axes.set_aspect(1 / math.cos(math.radians(sum(latitudes) / len(latitudes))))
    axes.set_axis_off()
    axes.set_title(title, loc="left", fontsize=13, fontweight="bold")
    handles = [
        Patch(facecolor=colour, edgecolor="#3f3f46", label=f"{number(lo)} – {number(hi)}")
        for colour, (lo, hi) in zip(classification.colours, classification.ranges(), strict=True)
    ]
    handles.append(
        Patch(facecolor="#ffffff", edgecolor="#3f3f46", hatch="////", label=no_value_label)
    )
    axes.legend(
        handles=handles,
        title=legend_title,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        alignment="left",
    )
    if source:
        figure.text(0.01, 0.01, source, fontsize=8, color="#3f3f46")
    return _save(figure, fmt)


def render_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str,
    source: str = "",
    fmt: ImageFormat = "svg",
) -> bytes:
    """Draw a table (cells already formatted as text) for a document."""
    height = 0.9 + 0.28 * (len(rows) + 1)
    width = min(14.0, 1.2 + 1.6 * len(columns))
    figure = Figure(figsize=(width, height))
    axes = figure.subplots()
    axes.set_axis_off()
    table = axes.table(
        cellText=[list(r) for r in rows] or [[""] * len(columns)],
        colLabels=list(columns),
        loc="upper left",
        cellLoc="left",
        colLoc="left",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.auto_set_column_width(list(range(len(columns))))
    for (row, _), cell in table.get_celld().items():
        cell.set_edgecolor("#d4d4d8")
        if row == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#f4f4f5")
    axes.set_title(title, loc="left", fontsize=12, fontweight="bold")
    if source:
        figure.text(0.01, 0.005, source, fontsize=7, color="#3f3f46")
    return _save(figure, fmt)


def render_intervals(
    categories: Sequence[str],
    values: Sequence[float | None],
    lowers: Sequence[float | None],
    uppers: Sequence[float | None],
    *,
    title: str,
    unit: str,
    no_value_label: str,
    fmt: ImageFormat = "svg",
) -> bytes:
    """Estimates with their intervals per category (e.g. an outcome by income band).

    A category without a value is marked with ``no_value_label`` instead of a point, so a
    suppressed estimate is never drawn as zero.
    """
    figure = Figure(figsize=(6.4, 3.2))
    axes = figure.subplots()
    positions = list(range(len(categories)))
    for x, value, lower, upper in zip(positions, values, lowers, uppers, strict=True):
        if value is None:
            axes.annotate(
                no_value_label,
                (x, 0.5),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="center",
                rotation=90,
                fontsize=7,
                color="#52525b",
            )
            continue
        if lower is not None and upper is not None:
            axes.vlines(x, lower, upper, color="#54278f", linewidth=2)
        axes.plot([x], [value], marker="o", color="#54278f", markersize=7)
    axes.set_xticks(positions, list(categories), fontsize=8)
    axes.set_xlim(-0.5, len(categories) - 0.5)
    axes.set_ylabel(unit)
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    axes.grid(axis="y", color="#e4e4e7")
    axes.spines[["top", "right"]].set_visible(False)
    return _save(figure, fmt)
