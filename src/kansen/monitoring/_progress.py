"""Progress of an indicator against the straight path from its baseline to its target.

The method is the Open SDG progress measure (Statistics Canada's method as built into Open SDG,
https://github.com/open-sdg/open-sdg/blob/master/docs/progress-methodology.md), with the
growth measured along a straight line instead of as a compound annual growth rate (ADR 0021):

    R = (observed change per year) / (change per year needed to reach the target on time)

      = d * (y_latest - y_baseline) / (t_latest - t_baseline)
        ---------------------------------------------------
        d * (y_target - y_baseline) / (t_target - t_baseline)

with ``d`` = +1 when higher is better and -1 when lower is better. The thresholds are Open SDG's
(``R >= 95%`` on track, ``60% <= R < 95%`` needs acceleration, ``0 <= R < 60%`` limited
progress, ``R < 0`` moving away; a latest value at or beyond the target: target reached). Two
statuses are added: "not measurable yet" (no baseline, no target or no measurement after the
baseline year; Open SDG's "unable to assess") and "within the margin" (the change since the
baseline is no larger than its uncertainty, from the confidence intervals).

All arithmetic is exact (:class:`fractions.Fraction` from the decimal text of each figure); only
the figures shown in a reason are rounded, so no status depends on float rounding or summation
order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any, Literal

from kansen.problems import ProblemText

from ._model import Baseline, Goal, Indicator, Measurement, Monitor, Target, exactly

#: The statuses, from best to worst, then the two that are no judgement.
Status = Literal[
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "moving_away",
    "within_margin",
    "not_measurable",
]

STATUSES: tuple[Status, ...] = (
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "moving_away",
    "within_margin",
    "not_measurable",
)

#: The name of each status in English (the platform's catalogs hold the Dutch).
STATUS_LABELS: dict[Status, str] = {
    "achieved": "target reached",
    "on_track": "on track",
    "needs_acceleration": "needs acceleration",
    "limited_progress": "limited progress",
    "moving_away": "moving away from the target",
    "within_margin": "within the margin",
    "not_measurable": "not measurable yet",
}


@dataclass(frozen=True)
class Method:
    """The thresholds of the progress measure: data with a source, so a municipality can see
    (and, if it must, change) what decides a status.

    Attributes
    ----------
    name : str
        What the method is called.
    source : str
        Where the thresholds are published.
    on_track : Decimal
        ``R`` from which an indicator is on track (Open SDG: 0.95).
    needs_acceleration : Decimal
        ``R`` from which it needs acceleration rather than showing limited progress (0.60).
    limited_progress : Decimal
        ``R`` from which it shows limited progress rather than moving away (0).
    min_measurements : int
        How many measurements after the baseline year are needed (1: with the baseline that
        makes the two data points Open SDG requires).
    """

    name: str
    source: str
    on_track: Decimal = Decimal("0.95")
    needs_acceleration: Decimal = Decimal("0.60")
    limited_progress: Decimal = Decimal("0")
    min_measurements: int = 1


#: Open SDG's thresholds along a straight path (ADR 0021).
OPEN_SDG = Method(
    name="Open SDG progress measure (Statistics Canada), along a straight path",
    source="https://github.com/open-sdg/open-sdg/blob/master/docs/progress-methodology.md",
)


@dataclass(frozen=True)
class Reason:
    """Why an indicator has its status: a code (a key of :data:`REASON_TEXTS`) with the
    parameters of its wording. Put into words by :func:`kansen.monitoring.reason_text`."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Progress:
    """The progress of one indicator.

    Attributes
    ----------
    status : Status
        See :data:`STATUSES`.
    reason : Reason
        Why, with the figures.
    target_value : Decimal or None
        The target as an absolute value (a relative target applied to the baseline).
    latest : Measurement or None
        The measurement judged (the latest after the baseline year).
    ratio : Fraction or None
        ``R``, exactly: the observed change per year over the change per year needed (1 is
        exactly on the path); None when there is no judgement of pace.
    expected : Fraction or None
        The value on the straight path at the time of ``latest``, exactly.
    change : Decimal or None
        ``latest.value - baseline.value``.
    margin : Decimal or None
        The uncertainty of the change (half the width of the interval of the difference, from
        both confidence intervals), rounded for display; None when no interval is known.
    """

    status: Status
    reason: Reason
    target_value: Decimal | None = None
    latest: Measurement | None = None
    ratio: Fraction | None = None
    expected: Fraction | None = None
    change: Decimal | None = None
    margin: Decimal | None = None

    @property
    def percent(self) -> Decimal | None:
        """``ratio`` in percent with one decimal, rounded down (94.96% shows as 94.9%, never as
        95.0%, which would be on track)."""
        if self.ratio is None:
            return None
        return _decimal(self.ratio * 100, 1, ROUND_FLOOR)


#: The English wording of every reason; ``{name}`` placeholders take its parameters.
REASON_TEXTS: dict[str, ProblemText] = {
    "progress.no_baseline": ProblemText(
        "there is no baseline yet; progress is measured from a baseline"
    ),
    "progress.no_target": ProblemText(
        "there is no target yet; progress is measured along the path to a target"
    ),
    "progress.target_not_after_baseline": ProblemText(
        "the target year {target_year} is not after the baseline year {baseline_year}"
    ),
    "progress.too_few": ProblemText(
        "{count} measurement(s) after the baseline year {baseline_year}; at least {needed} needed"
    ),
    "progress.achieved": ProblemText(
        "{value} {when} has reached the target of {target} (set for {target_year})"
    ),
    "progress.within_margin": ProblemText(
        "the change since {baseline_year} ({change}) is within its margin of uncertainty "
        "(±{margin}); it cannot be told apart from no change"
    ),
    "progress.on_track": ProblemText(
        "{value} {when}: {percent}% of the pace needed to reach {target} by {target_year} "
        "(the path gives {expected}); from {threshold}% is on track"
    ),
    "progress.needs_acceleration": ProblemText(
        "{value} {when}: {percent}% of the pace needed to reach {target} by {target_year} "
        "(the path gives {expected}); below {threshold}% needs acceleration"
    ),
    "progress.limited_progress": ProblemText(
        "{value} {when}: {percent}% of the pace needed to reach {target} by {target_year} "
        "(the path gives {expected}); below {threshold}% is limited progress"
    ),
    "progress.moving_away": ProblemText(
        "{value} {when} is further from the target {target} than the baseline {baseline} "
        "in {baseline_year}"
    ),
    "progress.short_of_target": ProblemText(
        "the target {target} is not beyond the baseline {baseline}, and {value} {when} "
        "falls short of it"
    ),
}


def target_value(baseline: Baseline, target: Target) -> Decimal:
    """The target as an absolute value: its value, or the baseline changed by its relative
    change (exact decimal arithmetic).

    >>> baseline = Baseline(Decimal("2.4"), 2022)
    >>> target_value(baseline, Target(2026, relative_change=Decimal("-0.15")))
    Decimal('2.04')
    """
    return target.value_for(baseline)


def path_value(baseline: Baseline, target: Target, time: Fraction | int) -> Fraction:
    """The value on the straight path from the baseline to the target at ``time`` (in years,
    see :func:`kansen.monitoring.time_of`); beyond the target year the path stays at the target.

    >>> path_value(Baseline(Decimal("10"), 2020), Target(2024, Decimal("20")), 2022)
    Fraction(15, 1)
    """
    start, end = Fraction(baseline.year), Fraction(target.year)
    if end <= start:
        raise ValueError("the target year must be after the baseline year")
    begin, goal = Fraction(baseline.value), Fraction(target_value(baseline, target))
    at = min(max(Fraction(time), start), end)
    return begin + (goal - begin) * (at - start) / (end - start)


def progress(indicator: Indicator, method: Method = OPEN_SDG) -> Progress:
    """The status of an indicator with its reason (see the module's description).

    Measurements in or before the baseline year are not judged; the latest one after it is.

    Raises
    ------
    ValueError
        When two measurements after the baseline year describe the same time (which of them
        is "the latest" would depend on their order); :func:`kansen.monitoring.read_monitor`
        reports this as a problem of the document.
    """
    baseline, target = indicator.baseline, indicator.target
    if baseline is None:
        return Progress("not_measurable", Reason("progress.no_baseline"))
    if target is None:
        return Progress("not_measurable", Reason("progress.no_target"))
    if target.year <= baseline.year:
        return Progress(
            "not_measurable",
            Reason(
                "progress.target_not_after_baseline",
                {"target_year": target.year, "baseline_year": baseline.year},
            ),
        )
    goal = target_value(baseline, target)
    later = sorted(
        (m for m in indicator.measurements if m.year > baseline.year), key=lambda m: m.time
    )
    times = [m.time for m in later]
    if len(set(times)) != len(times):
        raise ValueError(f"{indicator.code}: two measurements describe the same time")
    if len(later) < method.min_measurements:
        return Progress(
            "not_measurable",
            Reason(
                "progress.too_few",
                {
                    "count": len(later),
                    "baseline_year": baseline.year,
                    "needed": method.min_measurements,
                },
            ),
            target_value=goal,
        )
    latest = later[-1]
    d = 1 if indicator.direction == "higher" else -1
    places = _places(baseline.value, goal, latest.value)
    change = exactly(lambda: latest.value - baseline.value)
    expected = path_value(baseline, target, latest.time)
    params: dict[str, Any] = {
        "value": latest.value,
        "when": latest.date.isoformat() if latest.date else str(latest.year),
        "target": goal,
        "target_year": target.year,
        "baseline": baseline.value,
        "baseline_year": baseline.year,
        "change": change,
        "expected": _decimal(expected, places, ROUND_HALF_EVEN),
    }

    def judged(
        status: Status, reason: Reason, ratio: Fraction | None = None, margin: Decimal | None = None
    ) -> Progress:
        return Progress(status, reason, goal, latest, ratio, expected, change, margin)

    if d * (Fraction(latest.value) - Fraction(goal)) >= 0:
        return judged("achieved", Reason("progress.achieved", params))
    margin_squared = _margin_squared(baseline, latest, change)
    margin = None
    if margin_squared is not None:
        shown = max(places, 1)  # ±5.7, not ±6
        margin = _decimal(_sqrt(margin_squared, shown + 2), shown, ROUND_HALF_EVEN)
        if Fraction(change) ** 2 <= margin_squared:
            reason = Reason("progress.within_margin", {**params, "margin": margin})
            return judged("within_margin", reason, margin=margin)
    needed = d * (Fraction(goal) - Fraction(baseline.value))
    if needed <= 0:  # the target was already at or behind the baseline, and is not reached now
        reason = Reason("progress.short_of_target", params)
        return judged("moving_away", reason, margin=margin)
    elapsed = latest.time - baseline.year
    ratio = (d * Fraction(change) / elapsed) / (needed / (target.year - baseline.year))
    status, threshold = _status_of(ratio, method)
    percent = _decimal(ratio * 100, 1, ROUND_FLOOR)
    params = {**params, "percent": percent}
    if threshold is not None:
        params["threshold"] = _decimal(Fraction(threshold) * 100, 0, ROUND_HALF_EVEN)
    return judged(status, Reason(f"progress.{status}", params), ratio=ratio, margin=margin)


def goal_progress(goal: Goal, method: Method = OPEN_SDG) -> tuple[Progress, ...]:
    """The progress of each indicator of a goal, in the goal's order."""
    return tuple(progress(indicator, method) for indicator in goal.indicators)


def monitor_progress(
    monitor: Monitor, method: Method = OPEN_SDG
) -> tuple[tuple[Goal, Indicator, Progress], ...]:
    """Every indicator of a monitoring document with its goal and progress, in document order."""
    return tuple(
        (goal, indicator, progress(indicator, method))
        for goal in monitor.goals
        for indicator in goal.indicators
    )


def _status_of(ratio: Fraction, method: Method) -> tuple[Status, Decimal | None]:
    """The status of a ratio and the threshold the reason names."""
    if ratio >= Fraction(method.on_track):
        return "on_track", method.on_track
    if ratio >= Fraction(method.needs_acceleration):
        return "needs_acceleration", method.on_track
    if ratio >= Fraction(method.limited_progress):
        return "limited_progress", method.needs_acceleration
    return "moving_away", None


def _margin_squared(baseline: Baseline, latest: Measurement, change: Decimal) -> Fraction | None:
    """The square of the uncertainty of ``change``: the sum of the squares of the two
    half-intervals on the sides that face each other (the root of that sum is the half-width of
    the interval of a difference of two independent estimates with the same confidence level).
    None when neither figure has an interval."""
    up = change >= 0  # the latest value is above the baseline: its lower side, the baseline's upper
    sides = []
    for value, low, high, towards_other_is_low in (
        (latest.value, latest.ci_low, latest.ci_high, up),
        (baseline.value, baseline.ci_low, baseline.ci_high, not up),
    ):
        bound = low if towards_other_is_low else high
        if bound is not None:
            sides.append(abs(Fraction(value) - Fraction(bound)))
    if not sides:
        return None
    return sum((side**2 for side in sides), Fraction(0))


def _places(*values: Decimal) -> int:
    """The most decimals among the figures (for showing computed ones alike)."""
    exponents = [v.as_tuple().exponent for v in values]
    return max([0, *(-e for e in exponents if isinstance(e, int) and e < 0)])


def _decimal(value: Fraction, places: int, rounding: str) -> Decimal:
    """An exact fraction as a decimal with ``places`` decimals, rounded exactly (integer
    arithmetic: no precision of a decimal context is involved)."""
    scaled = value * 10**places
    if rounding == ROUND_FLOOR:
        whole = math.floor(scaled)
    elif rounding == ROUND_HALF_EVEN:
        whole = round(scaled)  # Fraction rounds half to even
    else:  # pragma: no cover - only the two above are used
        raise ValueError(rounding)
    return Decimal(whole).scaleb(-places)


def _sqrt(value: Fraction, places: int) -> Fraction:
    """The square root rounded down to ``places`` decimals, exactly (integer arithmetic)."""
    scale = 10 ** (2 * places)
    root = math.isqrt(value.numerator * scale // value.denominator)
    return Fraction(root, 10**places)
