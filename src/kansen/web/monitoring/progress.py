"""The platform's goals and indicators as :mod:`kansen.monitoring` data, their progress, and
what the dashboard and the yearly report show of each (chart, table, status with its reason).

The status is never stored: it is computed by the library from the figures each time, so it
cannot disagree with them (ADR 0021 for the method, ADR 0022 for the app).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kansen import monitoring as lib

from . import charts
from .models import Goal, Indicator, TargetKind


def plain(value: Decimal) -> Decimal:
    """A stored figure without the zeros the column adds (``12.5000`` is ``12.5``; ``20.0000``
    is ``20``), so the library's figures and reasons show it as typed."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _opt(value: Decimal | None) -> Decimal | None:
    return None if value is None else plain(value)


def to_library(indicator: Indicator, until: int | None = None) -> lib.Indicator:
    """The indicator with its baseline, target and measurements as the library's data; with
    ``until``, as it stood at the end of that year (later measurements left out)."""
    baseline = None
    if indicator.baseline_value is not None and indicator.baseline_year is not None:
        baseline = lib.Baseline(
            plain(indicator.baseline_value),
            indicator.baseline_year,
            indicator.baseline_source,
            _opt(indicator.baseline_lower),
            _opt(indicator.baseline_upper),
            indicator.baseline_count,
        )
    target = None
    if indicator.target_value is not None and indicator.target_year is not None:
        if indicator.target_kind == TargetKind.RELATIVE:
            change = plain(indicator.target_value) / 100
            target = lib.Target(indicator.target_year, relative_change=change)
        else:
            target = lib.Target(indicator.target_year, value=plain(indicator.target_value))
    return lib.Indicator(
        code=str(indicator.uuid),
        name=indicator.name,
        unit=indicator.unit,
        direction="lower" if indicator.direction == "lower" else "higher",
        source=indicator.baseline_source,
        baseline=baseline,
        target=target,
        measurements=tuple(
            lib.Measurement(
                plain(m.value),
                m.year,
                m.source,
                date=m.date,
                n=m.count,
                ci_low=_opt(m.lower),
                ci_high=_opt(m.upper),
                note=m.note,
            )
            for m in indicator.measurements.all()
            if until is None or m.year <= until
        ),
        areas=indicator.area_codes,
        group=indicator.target_group,
        links=tuple(indicator.items),
        uuid=str(indicator.uuid),
    )


def language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def number(value: Decimal | None) -> str:
    """A figure as the reader writes it (``12,5`` in Dutch); a dash when unknown."""
    if value is None:
        return "–"
    return lib.number_in(plain(value), language())


#: The CSS class of each status (colour and icon with the words; never colour alone).
STATUS_CLASSES = {
    "achieved": "status--good",
    "on_track": "status--good",
    "needs_acceleration": "status--warn",
    "limited_progress": "status--warn",
    "moving_away": "status--bad",
    "within_margin": "status--neutral",
    "not_measurable": "status--neutral",
}


@dataclass
class IndicatorView:
    """One indicator as the dashboard and the report show it."""

    indicator: Indicator
    data: lib.Indicator
    progress: lib.Progress
    status: str
    status_label: str
    reason: str
    target: Decimal | None
    rows: list[dict[str, Any]]
    chart: charts.ChartData
    chart_svg: str
    chart_alt: str
    #: The area, or the chosen areas whose figures are combined, by name and code ("" for the
    #: whole municipality).
    areas: str = ""

    @property
    def several_areas(self) -> bool:
        return len(self.indicator.area_codes) > 1

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES.get(self.status, "status--neutral")

    @property
    def chart_src(self) -> str:
        return charts.data_uri(self.chart_svg) if self.chart_svg else ""


def _dated(result: lib.Progress) -> lib.Reason:
    """The reason with the day of a dated measurement as the reader writes it ("op 1 juli
    2026"); the library writes it as ISO 8601 ("on 2026-07-01"), as the command line does."""
    reason = result.reason
    day = result.latest.date if result.latest is not None else None
    if day is None or "when" not in reason.params:
        return reason
    return replace(
        reason, params={**reason.params, "when": formats.date_format(day, "DATE_FORMAT")}
    )


def chart_labels() -> dict[str, str]:
    return {
        "baseline": _("baseline"),
        "path": _("path"),
        "target": _("target"),
        "measured": _("measured"),
    }


def indicator_view(indicator: Indicator, until: int | None = None) -> IndicatorView:
    data = to_library(indicator, until)
    # never two measurements of the same time (the constraints and services.add_measurement)
    result = lib.progress(data)
    lang = language()
    target = None
    if data.baseline is not None and data.target is not None:
        target = lib.target_value(data.baseline, data.target)
    elif data.target is not None and data.target.value is not None:
        target = data.target.value
    rows: list[dict[str, Any]] = []
    if data.baseline is not None:
        b = data.baseline
        rows.append(_row(_("Baseline"), b.year, b.value, b.ci_low, b.ci_high, b.n, b.source))
    stored = sorted(
        (m for m in indicator.measurements.all() if until is None or m.year <= until),
        key=lambda m: (lib.time_of(m.year, m.date), m.pk),
    )
    for m in stored:
        row = _row(
            _("Measurement"),
            m.year,
            plain(m.value),
            _opt(m.lower),
            _opt(m.upper),
            m.count,
            m.source,
            m.note,
            True,
        )
        row["pk"] = m.pk
        if m.date is not None:
            row["when"] = formats.date_format(m.date, "DATE_FORMAT")
        rows.append(row)
    if data.target is not None and target is not None:
        rows.append(_row(_("Target"), data.target.year, target, None, None, None, ""))
    point = charts.Point
    chart = charts.ChartData(
        baseline=point(
            data.baseline.year, data.baseline.value, data.baseline.ci_low, data.baseline.ci_high
        )
        if data.baseline
        else None,
        target=point(data.target.year, target) if data.target and target is not None else None,
        measurements=tuple(
            point(m.year, m.value, m.ci_low, m.ci_high, float(m.time))
            for m in sorted(data.measurements, key=lambda m: m.time)
        ),
        labels=chart_labels(),
    )
    status_text = lib.status_label(result.status, lang)
    return IndicatorView(
        indicator=indicator,
        data=data,
        progress=result,
        status=result.status,
        status_label=status_text,
        reason=lib.reason_text(_dated(result), lang),
        target=target,
        rows=rows,
        chart=chart,
        chart_svg=charts.svg(chart),
        chart_alt=_(
            "Chart of %(name)s: baseline, straight path to the target, target and "
            "measurements; status: %(status)s. The table gives the same figures."
        )
        % {"name": indicator.name, "status": status_text},
        areas=areas_text(indicator.area_codes),
    )


def areas_text(codes: tuple[str, ...]) -> str:
    """``De Gaarden (BU99990101), Havenkwartier (BU99990102)``: the areas' latest names."""
    from kansen.web.areas.models import Area

    names = dict(Area.objects.filter(code__in=codes).order_by("year").values_list("code", "name"))
    return ", ".join(f"{names[code]} ({code})" if names.get(code) else code for code in codes)


def _row(
    kind: str,
    year: int,
    value: Decimal,
    lower: Decimal | None,
    upper: Decimal | None,
    count: int | None,
    source: str,
    note: str = "",
    measurement: bool = False,
) -> dict[str, Any]:
    interval = ""
    if lower is not None and upper is not None:
        interval = f"{number(lower)} – {number(upper)}"
    return {
        "kind": kind,
        "year": year,
        "when": str(year),
        "value": number(value),
        "interval": interval,
        "count": "" if count is None else str(count),
        "source": source,
        "note": note,
        "measurement": measurement,
    }


@dataclass
class GoalView:
    goal: Goal
    indicators: list[IndicatorView]
    items: list[str]


def goal_views(goals: Any, labels: dict[str, str], until: int | None = None) -> list[GoalView]:
    """Each goal with its indicators' progress (with ``until``: at the end of that year); its
    plan items by their current names."""
    return [
        GoalView(
            goal=goal,
            indicators=[indicator_view(i, until) for i in goal.indicators.all()],
            items=[labels[i] for i in goal.items if i in labels],
        )
        for goal in goals
    ]
