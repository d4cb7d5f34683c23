"""The progress measure on documented cases (docs/monitoring.md, ADR 0021).

Every expected ratio is worked out by hand from the straight path: ``R`` is the observed change
per year over the change per year needed to reach the target on time, with the sign turned for
"lower is better". The thresholds are Open SDG's: 95%, 60% and 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from kansen.monitoring import (
    OPEN_SDG,
    STATUSES,
    Baseline,
    Indicator,
    Measurement,
    Method,
    Target,
    path_value,
    progress,
    reason_text,
    status_label,
)

D = Decimal  # short names keep the table of cases readable
F = Fraction


def _indicator(
    direction: str,
    baseline: tuple[str, int] | Baseline | None,
    target: Target | None,
    *measurements: Measurement | tuple[int, str],
) -> Indicator:
    if isinstance(baseline, tuple):
        baseline = Baseline(D(baseline[0]), baseline[1])
    return Indicator(
        "x",
        "X",
        "%",
        direction,  # type: ignore[arg-type]
        baseline=baseline,
        target=target,
        measurements=tuple(
            m if isinstance(m, Measurement) else Measurement(D(m[1]), m[0]) for m in measurements
        ),
    )


HIGHER = ("50", 2022)  # to 60 by 2026: 2.5 a year
TO_60 = Target(2026, D("60"))
LOWER = ("20.0", 2022)  # to 15.0 by 2027: 1 a year down
TO_15 = Target(2027, D("15.0"))

# (case, indicator, status, exact R or None, reason code)
CASES = [
    # higher is better, on the path: 5 in 2 years against 2.5 a year
    ("on the path", _indicator("higher", HIGHER, TO_60, (2024, "55")), "on_track", F(1),
     "on_track"),
    # R = 0.95 exactly is on track; a hair below needs acceleration
    ("95% is on track", _indicator("higher", HIGHER, TO_60, (2024, "54.75")), "on_track",
     F(95, 100), "on_track"),
    ("94.8%", _indicator("higher", HIGHER, TO_60, (2024, "54.74")), "needs_acceleration",
     F(948, 1000), "needs_acceleration"),
    # R = 0.60 exactly needs acceleration; 0.58 is limited progress
    ("60% needs acceleration", _indicator("higher", HIGHER, TO_60, (2024, "53")),
     "needs_acceleration", F(6, 10), "needs_acceleration"),
    ("58%", _indicator("higher", HIGHER, TO_60, (2024, "52.9")), "limited_progress",
     F(58, 100), "limited_progress"),
    ("no change at all", _indicator("higher", HIGHER, TO_60, (2024, "50")), "limited_progress",
     F(0), "limited_progress"),
    ("moving away", _indicator("higher", HIGHER, TO_60, (2024, "49")), "moving_away",
     F(-2, 10), "moving_away"),
    # lower is better: 20.0 -> 18.0 in 2 years is 1 a year down, as needed
    ("lower is better, on the path", _indicator("lower", LOWER, TO_15, (2024, "18.0")),
     "on_track", F(1), "on_track"),
    ("lower is better, 2.4 down in 3 years", _indicator("lower", LOWER, TO_15, (2025, "17.6")),
     "needs_acceleration", F(8, 10), "needs_acceleration"),
    ("lower is better, going up", _indicator("lower", LOWER, TO_15, (2024, "21.0")),
     "moving_away", F(-1, 2), "moving_away"),
    # relative target: 2.4 less 15% = 2.04 by 2026 (0.09 a year); 0.15 in 2 years = 0.075
    ("relative target, lower", _indicator(
        "lower", ("2.4", 2022), Target(2026, relative_change=D("-0.15")), (2024, "2.25")),
     "needs_acceleration", F(5, 6), "needs_acceleration"),
    # relative target: 60.0 plus 10% = 66.0 by 2026 (1.5 a year); 1.5 in 1 year
    ("relative target, higher", _indicator(
        "higher", ("60.0", 2022), Target(2026, relative_change=D("0.10")), (2023, "61.5")),
     "on_track", F(1), "on_track"),
    # a measurement at or beyond the target: reached, whatever the pace
    ("beyond the target", _indicator("higher", HIGHER, TO_60, (2025, "61")), "achieved", None,
     "achieved"),
    ("exactly the target", _indicator("higher", HIGHER, TO_60, (2023, "60")), "achieved", None,
     "achieved"),
    ("beyond the target, lower", _indicator("lower", LOWER, TO_15, (2024, "14.5")), "achieved",
     None, "achieved"),
    ("beyond a relative target", _indicator(
        "lower", ("2.4", 2022), Target(2026, relative_change=D("-0.15")), (2025, "2.04")),
     "achieved", None, "achieved"),
    # missing years: 2018 to 2030 from 100 to 40 (5 a year down); 20 down by 2023 is 4 a year;
    # the measurements given out of order
    ("missing years", _indicator(
        "lower", ("100", 2018), Target(2030, D("40")), (2023, "80"), (2019, "99")),
     "needs_acceleration", F(8, 10), "needs_acceleration"),
    # uncertainty larger than the change: 1 against sqrt(3² + 3²) = 4.24
    ("intervals on both", _indicator(
        "higher", Baseline(D("60.0"), 2022, ci_low=D("57.0"), ci_high=D("63.0")),
        Target(2026, D("66.0")),
        Measurement(D("61.0"), 2024, ci_low=D("58.0"), ci_high=D("64.0"))),
     "within_margin", None, "within_margin"),
    ("interval on the measurement only", _indicator(
        "higher", HIGHER, TO_60, Measurement(D("52"), 2024, ci_low=D("49"), ci_high=D("55"))),
     "within_margin", None, "within_margin"),
    ("a change equal to its margin is within it", _indicator(
        "higher", HIGHER, TO_60, Measurement(D("53"), 2024, ci_low=D("50"), ci_high=D("56"))),
     "within_margin", None, "within_margin"),
    ("a fall within the margin is not moving away", _indicator(
        "higher", HIGHER, TO_60, Measurement(D("49"), 2024, ci_low=D("46"), ci_high=D("52"))),
     "within_margin", None, "within_margin"),
    ("a change beyond its margin is judged", _indicator(
        "higher", HIGHER, TO_60, Measurement(D("55"), 2024, ci_low=D("53"), ci_high=D("57"))),
     "on_track", F(1), "on_track"),
    # the side of an uneven interval that faces the baseline counts: 55 - 54 = 1 < 5
    ("uneven interval", _indicator(
        "higher", HIGHER, TO_60, Measurement(D("55"), 2024, ci_low=D("54"), ci_high=D("70"))),
     "on_track", F(1), "on_track"),
    # one measurement after the baseline is enough (two data points, as Open SDG requires)
    ("one measurement only", _indicator("higher", HIGHER, TO_60, (2023, "52.5")), "on_track",
     F(1), "on_track"),
    ("baseline only", _indicator("higher", HIGHER, TO_60), "not_measurable", None, "too_few"),
    ("a measurement in the baseline year only",
     _indicator("higher", HIGHER, TO_60, (2022, "51"), (2020, "40")), "not_measurable", None,
     "too_few"),
    # a date in the baseline year is not after it (a year counts from its start, so the
    # second half of 2022 would otherwise be half a year of progress)
    ("a date in the baseline year only",
     _indicator("higher", HIGHER, TO_60, Measurement(D("55"), 2022, date=dt.date(2022, 7, 1))),
     "not_measurable", None, "too_few"),
    ("no baseline", _indicator("higher", None, TO_60, (2024, "55")), "not_measurable", None,
     "no_baseline"),
    ("no target", _indicator("higher", HIGHER, None, (2024, "55")), "not_measurable", None,
     "no_target"),
    ("target year not after the baseline", _indicator("higher", HIGHER, Target(2022, D("60")),
     (2024, "55")), "not_measurable", None, "target_not_after_baseline"),
    # a target not beyond the baseline, and the latest value short of it
    ("target at the baseline", _indicator("higher", HIGHER, Target(2026, D("50")),
     (2024, "49")), "moving_away", None, "short_of_target"),
    # a date: 2024-07-01 is 182 days into the leap year 2024, so 2 + 91/183 years after 2022;
    # R = 5 / (457/183) / 2.5 = 366/457
    ("a date", _indicator("higher", HIGHER, TO_60,
     Measurement(D("55"), 2024, date=dt.date(2024, 7, 1))), "needs_acceleration",
     F(366, 457), "needs_acceleration"),
    # past the target year and short of it: judged by the pace over the whole time, 8 in 6
    # years against 2.5 a year
    ("after the target year", _indicator("higher", HIGHER, TO_60, (2028, "58")),
     "limited_progress", F(8, 15), "limited_progress"),
    # exact arithmetic: in floats (0.585 - 0.3) / 3 / ((0.9 - 0.3) / 6) is 0.9499999999999997
    ("exactly 95% where floats are not", _indicator(
        "higher", ("0.3", 2020), Target(2026, D("0.9")), (2023, "0.585")), "on_track",
     F(95, 100), "on_track"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("indicator", "status", "ratio", "code"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_progress_on_documented_cases(indicator, status, ratio, code):
    result = progress(indicator)
    assert result.status == status
    assert result.ratio == ratio
    assert result.reason.code == f"progress.{code}"


def test_the_reason_names_the_figures():
    result = progress(_indicator("higher", HIGHER, TO_60, (2024, "54.74")))
    assert result.percent == D("94.8")
    assert dict(result.reason.params) == {
        "value": D("54.74"),
        "when": "2024",
        "target": D("60"),
        "target_year": 2026,
        "baseline": D("50"),
        "baseline_year": 2022,
        "change": D("4.74"),
        "expected": D("55.00"),
        "percent": D("94.8"),
        "threshold": D("95"),
    }
    assert reason_text(result.reason) == (
        "54.74 in 2024: 94.8% of the pace needed to reach 60 by 2026 (the path gives 55.00); "
        "below 95% needs acceleration"
    )
    assert reason_text(result.reason, "nl") == (
        "54,74 in 2024: 94,8% van het tempo dat nodig is om 60 in 2026 te halen (het pad geeft "
        "55,00); onder 95% is versnelling nodig"
    )


def test_a_measurement_of_a_day_reads_on_that_day():
    # 55 on 1 July 2024: 5 in 2 + 182/366 years, R = 366/457 = 0.80087, shown rounded down
    measured = Measurement(D("55"), 2024, date=dt.date(2024, 7, 1))
    result = progress(_indicator("higher", HIGHER, TO_60, measured))
    assert result.reason.params["when"] == "2024-07-01"
    assert reason_text(result.reason) == (
        "55 on 2024-07-01: 80.0% of the pace needed to reach 60 by 2026 (the path gives 56); "
        "below 95% needs acceleration"
    )
    assert reason_text(result.reason, "nl").startswith("55 op 2024-07-01: 80,0% van het tempo")


def test_a_percentage_just_below_a_threshold_is_never_shown_as_the_threshold():
    # R = 0.9499... (54.7499 - 50) / 2 / 2.5 = 0.94998: shown as 94.9, not 95.0
    result = progress(_indicator("higher", HIGHER, TO_60, (2024, "54.7499")))
    assert result.status == "needs_acceleration"
    assert result.percent == D("94.9")


def test_the_margin_of_two_intervals_is_their_root_sum_of_squares():
    result = progress(CASES[17][1])
    assert result.status == "within_margin"
    assert result.change == D("1.0")
    assert result.margin == D("4.2")  # sqrt(18) = 4.24
    assert reason_text(result.reason) == (
        "the change since 2022 (1.0) is within its margin of uncertainty (±4.2); it cannot be "
        "told apart from no change"
    )


def test_a_relative_target_is_applied_to_the_baseline_exactly():
    result = progress(CASES[10][1])
    assert result.target_value == D("2.04")
    assert result.expected == F(222, 100)  # halfway from 2.4 to 2.04


def test_the_order_of_the_measurements_does_not_matter():
    indicator = CASES[16][1]
    backwards = Indicator(
        indicator.code,
        indicator.name,
        indicator.unit,
        indicator.direction,
        baseline=indicator.baseline,
        target=indicator.target,
        measurements=indicator.measurements[::-1],
    )
    assert progress(backwards) == progress(indicator)


def test_two_measurements_of_the_same_year_are_refused():
    with pytest.raises(ValueError, match="same time"):
        progress(_indicator("higher", HIGHER, TO_60, (2024, "55"), (2024, "56")))


def test_too_few_says_how_many_there_are_and_are_needed():
    result = progress(_indicator("higher", HIGHER, TO_60, (2022, "51")))
    assert reason_text(result.reason) == (
        "0 measurement(s) after the baseline year 2022; at least 1 needed"
    )
    two = Method("two measurements", "test", min_measurements=2)
    result = progress(_indicator("higher", HIGHER, TO_60, (2023, "52.5")), two)
    assert (result.status, dict(result.reason.params)) == (
        "not_measurable",
        {"count": 1, "baseline_year": 2022, "needed": 2},
    )


def test_the_thresholds_are_open_sdgs_with_their_source():
    assert (OPEN_SDG.on_track, OPEN_SDG.needs_acceleration, OPEN_SDG.limited_progress) == (
        D("0.95"),
        D("0.60"),
        D("0"),
    )
    assert "open-sdg" in OPEN_SDG.source


def test_the_path_runs_straight_and_stays_at_the_target():
    baseline, target = Baseline(D("10"), 2020), Target(2024, D("20"))
    assert [path_value(baseline, target, year) for year in (2019, 2020, 2021, 2024, 2030)] == [
        F(10),
        F(10),
        F(25, 2),
        F(20),
        F(20),
    ]


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_a_dutch_name(status):
    assert status_label(status, "nl") != status_label(status, "en")


def test_the_change_is_exact_beyond_the_28_digits_of_the_default_context():
    tiny, huge = D("1E-29"), D("1E+29")
    result = progress(
        _indicator("higher", Baseline(tiny, 2022), Target(2026, 2 * huge), (2024, str(huge)))
    )
    assert result.change == D("99999999999999999999999999999.99999999999999999999999999999")
    assert result.status == "on_track"  # R = (1e29 - 1e-29) / (2e29 - 1e-29) * 2 > 0.95
