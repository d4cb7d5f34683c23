"""Reading the norms: the packaged ones with the periods entered in the platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from kansen.eligibility import (
    AgeBand,
    Household,
    Norm,
    NormStatus,
    NormTable,
    load_norms,
    norm_status,
    with_periods,
)

from .constants import CHILDREN_OF, Children
from .models import NormPeriod


def current_periods() -> list[NormPeriod]:
    """The latest entry for each date (earlier entries for a date are history)."""
    seen: set[date] = set()
    latest = []
    for period in NormPeriod.objects.prefetch_related("amounts").order_by(
        "-valid_from", "-created_at", "-pk"
    ):
        if period.valid_from not in seen:
            seen.add(period.valid_from)
            latest.append(period)
    return latest


def norms_of(period: NormPeriod) -> list[Norm]:
    return [
        Norm(
            period.valid_from,
            Household(amount.household),
            AgeBand(amount.age_band),
            CHILDREN_OF[Children(amount.children)],
            amount.incl_holiday_allowance,
            amount.excl_holiday_allowance,
            amount.source,
            amount.excl_source,
            amount.note,
        )
        for amount in period.amounts.all()
    ]


def platform_norms() -> NormTable:
    """The norms the platform uses: the packaged ones, with every date an administrator
    entered replacing or extending them."""
    added = [norm for period in current_periods() for norm in norms_of(period)]
    return with_periods(load_norms(), added) if added else load_norms()


def today() -> date:
    return timezone.localdate()


def status(on: date | None = None) -> NormStatus:
    return norm_status(platform_norms(), on or today())


@dataclass(frozen=True)
class HistoryRow:
    """A period as the history lists it."""

    valid_from: date
    packaged: bool
    entry: NormPeriod | None
    in_use: bool


def history() -> list[HistoryRow]:
    """Every date with norms, newest first: packaged dates and every platform entry (an entry
    replaced by a later one for the same date is listed, not in use)."""
    current = {p.pk for p in current_periods()}
    entered = list(NormPeriod.objects.select_related("created_by"))
    entered_dates = {p.valid_from for p in entered}
    rows = [HistoryRow(p.valid_from, False, p, p.pk in current) for p in entered]
    packaged = sorted({n.valid_from for n in load_norms().norms})
    rows += [HistoryRow(d, True, None, d not in entered_dates) for d in packaged]
    rows.sort(
        key=lambda r: (r.valid_from, r.entry.created_at.timestamp() if r.entry else 0.0),
        reverse=True,
    )
    return rows
