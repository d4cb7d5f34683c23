"""Goals, indicators, baselines, targets and measurements as plain data (no Django).

Every figure is a :class:`~decimal.Decimal` read from its text, so that a status never depends
on how a float happened to round. A year is an ``int``; a measurement may instead carry a date
(then its time is the year plus the elapsed fraction of that year, see :func:`time_of`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction
from typing import Literal

#: Which way is better: ``"higher"`` (participation, a share with a starting qualification) or
#: ``"lower"`` (early school leavers, children in poverty).
Direction = Literal["higher", "lower"]

DIRECTIONS: tuple[Direction, ...] = ("higher", "lower")


@dataclass(frozen=True)
class Baseline:
    """Where an indicator started.

    Attributes
    ----------
    value : Decimal
        The figure in the indicator's unit.
    year : int
        The year it describes.
    source : str
        Where it comes from (e.g. ``"CBS 85318NED, 2022"``).
    ci_low, ci_high : Decimal or None
        The confidence interval of the figure when it is an estimate (a survey), else None.
    n : int or None
        The number of observations (respondents, pupils) behind it, when known.
    """

    value: Decimal
    year: int
    source: str = ""
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    n: int | None = None


@dataclass(frozen=True)
class Target:
    """What the municipality wants to reach, by when.

    Exactly one of ``value`` and ``relative_change`` is given.

    Attributes
    ----------
    year : int
        The year by which the target is to be reached.
    value : Decimal or None
        An absolute target in the indicator's unit (``Decimal("12.0")``).
    relative_change : Decimal or None
        A change relative to the baseline as a fraction: ``Decimal("-0.15")`` is "15% lower
        than the baseline", ``Decimal("0.10")`` "10% higher".
    """

    year: int
    value: Decimal | None = None
    relative_change: Decimal | None = None

    def value_for(self, baseline: Baseline) -> Decimal:
        """The target as an absolute value: ``value``, or the baseline changed by
        ``relative_change`` (exact: ``baseline * (1 + relative_change)``, without trailing zeros
        beyond the baseline's decimals).

        >>> lower = Target(2026, relative_change=Decimal("-0.15"))
        >>> lower.value_for(Baseline(Decimal("20.0"), 2022))
        Decimal('17.0')
        """
        if self.value is not None:
            return self.value
        if self.relative_change is None:
            raise ValueError("a target needs a value or a relative change")
        relative = self.relative_change
        exact = exactly(lambda: baseline.value * (1 + relative))
        exponent = exact.as_tuple().exponent
        keep = baseline.value.as_tuple().exponent
        if not isinstance(exponent, int) or not isinstance(keep, int):
            return exact
        while exponent < min(keep, 0) and exact == exact.quantize(Decimal(1).scaleb(exponent + 1)):
            exponent += 1
            exact = exact.quantize(Decimal(1).scaleb(exponent))
        return exact


@dataclass(frozen=True)
class Measurement:
    """A figure measured after (or in) the baseline year.

    Attributes
    ----------
    value : Decimal
        The figure in the indicator's unit.
    year : int
        The year it describes (for a date, the date's year).
    source : str
        Where it comes from.
    date : datetime.date or None
        The day it describes, when more precise than a year.
    n : int or None
        The number of observations (respondents, pupils) behind it, when known.
    ci_low, ci_high : Decimal or None
        Its confidence interval, when known.
    note : str
        Context for readers (as waarstaatjegemeente lets a municipality add).
    """

    value: Decimal
    year: int
    source: str = ""
    date: dt.date | None = None
    n: int | None = None
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    note: str = ""

    @property
    def time(self) -> Fraction:
        """When it was measured in years (see :func:`time_of`)."""
        return time_of(self.year, self.date)


def exactly(compute: Callable[[], Decimal]) -> Decimal:
    """The result of decimal arithmetic without rounding: the sum, difference or product of
    figures of at most a few dozen digits has at most a few hundred, which the context holds
    (the default context rounds to 28 significant digits).

    >>> Decimal("1e29") - Decimal("1e-29")  # the default context
    Decimal('1.000000000000000000000000000E+29')
    >>> exactly(lambda: Decimal("1e29") - Decimal("1e-29"))
    Decimal('99999999999999999999999999999.99999999999999999999999999999')
    """
    with localcontext() as context:
        context.prec = 400
        context.traps[Inexact] = True  # never silently round
        return compute()


def time_of(year: int, date: dt.date | None = None) -> Fraction:
    """A point in time in years, exactly: ``year``, or ``year + (day of the year - 1) / days``.

    >>> time_of(2023), time_of(2024, dt.date(2024, 7, 1))
    (Fraction(2023, 1), Fraction(370483, 183))
    """
    if date is None:
        return Fraction(year)
    start = dt.date(date.year, 1, 1)
    days = (dt.date(date.year + 1, 1, 1) - start).days
    return date.year + Fraction((date - start).days, days)


@dataclass(frozen=True)
class Indicator:
    """An indicator of a goal, with its baseline, target and measurements.

    Attributes
    ----------
    code : str
        Unique within its document or plan (e.g. ``"vsv"``, ``"85318NED.AantalInwoners_5"``).
    name : str
        What it measures, as readers see it.
    unit : str
        Its unit (``"%"``, ``"aantal"``, ``"per 1.000 inwoners"``).
    direction : {"higher", "lower"}
        Which way is better.
    source : str
        Where its figures come from (an area figure of the platform, a CBS table, a provider).
    baseline : Baseline or None
        Where it started (None: not set yet; the status is then "not measurable yet").
    target : Target or None
        Where it should be (None: not set yet).
    measurements : tuple of Measurement
        In any order; :func:`kansen.monitoring.progress` sorts them by time.
    areas : tuple of str
        CBS codes of the neighbourhoods or districts it is about; empty for the municipality as
        a whole.
    group : str
        The target group, when not everyone (e.g. ``"jongeren 12-17"``).
    links : tuple of str
        The stable ids (``uuid``, see :class:`kansen.plans.Item`) of the action lines, efforts
        and interventions of the plan it belongs to.
    uuid : str
        Its own stable id ("" when not stored yet).
    """

    code: str
    name: str
    unit: str
    direction: Direction
    source: str = ""
    baseline: Baseline | None = None
    target: Target | None = None
    measurements: tuple[Measurement, ...] = ()
    areas: tuple[str, ...] = ()
    group: str = ""
    links: tuple[str, ...] = ()
    uuid: str = ""


@dataclass(frozen=True)
class Goal:
    """A goal (doel) of a plan with its indicators.

    Attributes
    ----------
    name : str
        The goal as the plan states it.
    indicators : tuple of Indicator
        How it is measured.
    description : str
        More words, optional.
    links : tuple of str
        The stable ids of the plan items (action lines, efforts, interventions) it belongs to.
    uuid : str
        Its own stable id ("" when not stored yet).
    """

    name: str
    indicators: tuple[Indicator, ...] = ()
    description: str = ""
    links: tuple[str, ...] = ()
    uuid: str = ""


@dataclass(frozen=True)
class Monitor:
    """A monitoring document: the goals of one plan (what ``kansen monitor progress`` reads).

    Attributes
    ----------
    title : str
        E.g. ``"Uitvoeringsplan Demostad 2023-2026"``.
    goals : tuple of Goal
        The goals.
    plan : str
        The stable id or name of the plan it belongs to ("" when not said).
    """

    title: str
    goals: tuple[Goal, ...] = ()
    plan: str = ""
