"""Every write of the monitoring app: goals, indicators, measurements, sessions, actions,
publication and the yearly report. Views check who may write (:mod:`.selectors`); these
functions keep the data consistent and run in one transaction each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Required, TypedDict, Unpack

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

import kansen.monitoring as lib
from kansen.monitoring import time_of
from kansen.web.plans.models import Plan

from .models import (
    EvaluationAction,
    EvaluationSession,
    Goal,
    Indicator,
    Measurement,
    Publication,
    Spending,
    YearReport,
)
from .selectors import item_labels


class DuplicateMeasurement(ValueError):
    """An indicator has a measurement of that time already (a year, or a date)."""

    def __init__(self, year: int, when: date | None = None) -> None:
        self.year = year
        self.date = when
        self.when = when.isoformat() if when else str(year)
        super().__init__(f"there is a measurement of {self.when} already")


def known_items(plan: Plan, ids: Iterable[str]) -> list[str]:
    """The ids that are items of the plan, in the order given (others are dropped: a link
    is only ever to an item of the same plan)."""
    labels = item_labels(plan)
    return [i for i in dict.fromkeys(str(i) for i in ids) if i in labels]


def _next_position(queryset: Any) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else int(top) + 1


@transaction.atomic
def create_goal(
    plan: Plan, *, title: str, description: str = "", items: Iterable[str] = ()
) -> Goal:
    return Goal.objects.create(
        plan=plan,
        title=title.strip(),
        description=description.strip(),
        items=known_items(plan, items),
        position=_next_position(Goal.objects.filter(plan=plan)),
    )


@transaction.atomic
def update_goal(
    goal: Goal, *, title: str, description: str = "", items: Iterable[str] = ()
) -> Goal:
    goal.title = title.strip()
    goal.description = description.strip()
    goal.items = known_items(goal.plan, items)
    goal.save()
    return goal


@transaction.atomic
def delete_goal(goal: Goal) -> None:
    goal.delete()


_INDICATOR_FIELDS = (
    "name",
    "unit",
    "direction",
    "source_kind",
    "area_indicator",
    "area_code",
    "target_group",
    "baseline_value",
    "baseline_year",
    "baseline_source",
    "baseline_count",
    "baseline_lower",
    "baseline_upper",
    "target_kind",
    "target_value",
    "target_year",
    "note",
)


def _set_indicator(indicator: Indicator, values: Mapping[str, Any]) -> None:
    for name in _INDICATOR_FIELDS:
        if name in values:
            value = values[name]
            setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    if "items" in values:
        indicator.items = known_items(indicator.goal.plan, values["items"])


@transaction.atomic
def create_indicator(goal: Goal, values: Mapping[str, Any], user: Any = None) -> Indicator:
    """A new indicator; one of a figure on the platform reads its baseline and later figures
    from there (:func:`read_platform_figures`)."""
    indicator = Indicator(goal=goal, position=_next_position(goal.indicators.all()))
    _set_indicator(indicator, values)
    indicator.save()
    read_platform_figures(indicator, user)
    return indicator


@transaction.atomic
def update_indicator(
    indicator: Indicator, values: Mapping[str, Any], user: Any = None
) -> Indicator:
    _set_indicator(indicator, values)
    indicator.save()
    read_platform_figures(indicator, user)
    return indicator


@transaction.atomic
def delete_indicator(indicator: Indicator) -> None:
    indicator.delete()


def _check_time(indicator: Indicator, year: int, when: date | None, exclude: int | None) -> None:
    """Refuse a second measurement of the same time: the same year (yearly figures), the same
    date, or a yearly figure and one of 1 January of that year (the library takes both as the
    start of the year, :func:`kansen.monitoring.time_of`)."""
    others = Measurement.objects.filter(indicator=indicator)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    moment = time_of(year, when)
    for other in others.only("year", "date"):
        if time_of(other.year, other.date) == moment:
            raise DuplicateMeasurement(year, when)


def _by(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def add_measurement(
    indicator: Indicator,
    *,
    year: int,
    value: Decimal,
    source: str,
    date: date | None = None,
    count: int | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    note: str = "",
    user: Any = None,
) -> Measurement:
    """Record a measurement of a year, or of a date in that year; a second one of the same
    time is refused (change the first: a figure is never overwritten unseen)."""
    if date is not None and date.year != year:
        raise ValueError(f"the date {date} is not in {year}")
    _check_time(indicator, year, date, None)
    return Measurement.objects.create(
        indicator=indicator,
        year=year,
        date=date,
        value=value,
        source=source.strip(),
        count=count,
        lower=lower,
        upper=upper,
        note=note.strip(),
        created_by=_by(user),
        updated_by=_by(user),
    )


@transaction.atomic
def update_measurement(
    measurement: Measurement,
    *,
    year: int,
    value: Decimal,
    source: str,
    date: date | None = None,
    count: int | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    note: str = "",
    user: Any = None,
) -> Measurement:
    """Change a measurement (its time too, unless another one has that time); who changed
    it last is kept beside who recorded it."""
    if date is not None and date.year != year:
        raise ValueError(f"the date {date} is not in {year}")
    locked = Measurement.objects.select_for_update().get(pk=measurement.pk)
    _check_time(locked.indicator, year, date, locked.pk)
    locked.year, locked.date, locked.value = year, date, value
    locked.source, locked.count, locked.note = source.strip(), count, note.strip()
    locked.lower, locked.upper = lower, upper
    locked.updated_by = _by(user)
    locked.save()
    return locked


@transaction.atomic
def delete_measurement(measurement: Measurement) -> None:
    measurement.delete()


def _session_values(
    plan: Plan,
    *,
    date: date,
    title: str,
    organisations: Iterable[str] = (),
    experts_by_experience: int = 0,
    professionals: Iterable[Mapping[str, str]] = (),
    items: Iterable[str] = (),
    findings: str = "",
) -> dict[str, Any]:
    """A session's fields as stored: text trimmed, empty entries dropped, known items only."""
    return {
        "date": date,
        "title": title.strip(),
        "organisations": [o.strip() for o in organisations if o.strip()],
        "experts_by_experience": experts_by_experience,
        "professionals": [
            {"name": p.get("name", "").strip(), "role": p.get("role", "").strip()}
            for p in professionals
            if p.get("name", "").strip() or p.get("role", "").strip()
        ],
        "items": known_items(plan, items),
        "findings": findings.strip(),
    }


class SessionFields(TypedDict, total=False):
    """The fields of a learning evaluation session, as the form gives them."""

    date: Required[date]
    title: Required[str]
    organisations: Iterable[str]
    experts_by_experience: int
    professionals: Iterable[Mapping[str, str]]
    items: Iterable[str]
    findings: str


@transaction.atomic
def record_session(plan: Plan, **fields: Unpack[SessionFields]) -> EvaluationSession:
    """A new learning evaluation session."""
    return EvaluationSession.objects.create(plan=plan, **_session_values(plan, **fields))


@transaction.atomic
def update_session(
    session: EvaluationSession, **fields: Unpack[SessionFields]
) -> EvaluationSession:
    for name, value in _session_values(session.plan, **fields).items():
        setattr(session, name, value)
    session.save()
    return session


@transaction.atomic
def add_action(
    session: EvaluationSession, *, description: str, owner: str, due: date
) -> EvaluationAction:
    return EvaluationAction.objects.create(
        session=session, description=description.strip(), owner=owner.strip(), due=due
    )


@transaction.atomic
def set_action_done(action: EvaluationAction, done_on: date | None) -> EvaluationAction:
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    return action


@transaction.atomic
def publish_dashboard(plan: Plan, public: bool) -> Publication:
    publication, _created = Publication.objects.get_or_create(plan=plan)
    publication.dashboard_public = public
    publication.save()
    return publication


@transaction.atomic
def save_year_report(plan: Plan, year: int, *, next_year: str, is_public: bool) -> YearReport:
    report, _created = YearReport.objects.get_or_create(plan=plan, year=year)
    report.next_year = next_year.strip()
    if is_public and not report.is_public:
        report.published_at = timezone.now()
    report.is_public = is_public
    report.save()
    return report


@transaction.atomic
def set_spending(plan: Plan, year: int, amounts: Mapping[str, Decimal | None]) -> None:
    """The money spent in ``year`` per cost line id; None removes a line's figure."""
    for line, amount in amounts.items():
        if amount is None:
            Spending.objects.filter(plan=plan, year=year, cost_line=line).delete()
        else:
            Spending.objects.update_or_create(
                plan=plan, year=year, cost_line=line, defaults={"amount": amount}
            )


@dataclass(frozen=True)
class PlatformFigure:
    """The platform's figure of an indicator's area (or of its chosen areas together) in a
    year."""

    year: int
    value: Decimal
    count: int | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None


def platform_figures(area_indicator: Any, codes: Sequence[str]) -> list[PlatformFigure]:
    """The figures of ``area_indicator`` for the area of ``codes``, by year; for several
    areas, one combined figure per year in which every one of them has a figure
    (:func:`kansen.monitoring.combine`: counts added, a share or a mean recomputed from the
    numbers of persons; an interval is not combined). Raises
    :class:`kansen.monitoring.NotCombinable` when a share or a mean lacks its numbers."""
    from kansen.web.areas.models import Observation

    observations = Observation.objects.filter(
        indicator=area_indicator, area__code__in=codes, status="ok", value__isnull=False
    ).select_related("area")
    if len(codes) == 1:
        single = []
        for o in observations.order_by("year"):
            interval = o.lower is not None and o.upper is not None
            single.append(
                PlatformFigure(
                    o.year,
                    _decimal(o.value or 0.0),  # never None (filtered)
                    o.count,
                    _decimal(o.lower or 0.0) if interval else None,
                    _decimal(o.upper or 0.0) if interval else None,
                )
            )
        return single
    by_year: dict[int, dict[str, lib.AreaFigure]] = {}
    for o in observations:
        by_year.setdefault(o.year, {})[o.area.code] = lib.AreaFigure(
            _decimal(o.value or 0.0), o.count
        )
    figures = []
    for year in sorted(by_year):
        if len(by_year[year]) < len(set(codes)):
            continue  # a year without the figure of one of the areas has no figure for them all
        combined = lib.combine(by_year[year], area_indicator.unit)
        figures.append(PlatformFigure(year, combined.value, combined.count))
    return figures


def _observations(indicator: Indicator) -> list[PlatformFigure]:
    codes = indicator.area_codes or (indicator.goal.plan.municipality.code,)
    return platform_figures(indicator.area_indicator, codes)


def _decimal(value: float) -> Decimal:
    # an observation is stored as a float; its shortest text is the figure as published
    return Decimal(repr(float(value)))


@transaction.atomic
def read_platform_figures(indicator: Indicator, user: Any = None) -> int:
    """For an indicator of a figure on the platform: take the baseline from the figures when
    none was typed (the year typed, else the earliest), and add the figures of later years as
    measurements where that year has none. Returns how many measurements were added."""
    if indicator.source_kind != "area" or indicator.area_indicator is None:
        return 0
    figures = list(_observations(indicator))
    if not figures:
        return 0
    source = indicator.area_indicator.source or indicator.area_indicator.name
    if indicator.baseline_value is None:
        chosen = [o for o in figures if o.year == indicator.baseline_year] or figures[:1]
        first = chosen[0]
        indicator.baseline_value = first.value
        indicator.baseline_year = first.year
        indicator.baseline_source = indicator.baseline_source or source
        indicator.baseline_count = first.count
        if first.lower is not None and first.upper is not None:
            indicator.baseline_lower = first.lower
            indicator.baseline_upper = first.upper
        indicator.save()
    if not indicator.unit and indicator.area_indicator.unit:
        indicator.unit = indicator.area_indicator.unit
        indicator.save(update_fields=["unit"])
    # the times measured already: a yearly figure, or one of 1 January, is the start of its year
    have = {time_of(year, day) for year, day in indicator.measurements.values_list("year", "date")}
    added = 0
    for figure in figures:
        if figure.year <= (indicator.baseline_year or 0) or time_of(figure.year) in have:
            continue
        Measurement.objects.create(
            indicator=indicator,
            year=figure.year,
            value=figure.value,
            source=source,
            count=figure.count,
            lower=figure.lower,
            upper=figure.upper,
            created_by=_by(user),
            updated_by=_by(user),
        )
        added += 1
    return added


@transaction.atomic
def save_report_template(municipality: Any, sections: list[dict[str, Any]]) -> Any:
    """Keep the structure of the municipality's yearly reports (every plan's)."""
    from .models import ReportTemplate

    template, _created = ReportTemplate.objects.get_or_create(municipality=municipality)
    template.sections = sections
    template.save()
    return template
