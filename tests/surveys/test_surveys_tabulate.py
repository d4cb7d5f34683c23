"""Tabulation: margins against independent computations, changes between waves, response rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from kansen.surveys import (
    ClassSizes,
    answers_from_text,
    mean_interval,
    parse_by,
    response_rates,
    synthetic_panel,
    tabulate,
    wilson_interval,
)

from .factories import answers, questionnaire, school_rows


@pytest.mark.parametrize("n", [1, 7, 10, 50, 1000])
def test_wilson_intervals_match_statsmodels(n):
    k = np.arange(n + 1)
    low, high = wilson_interval(k, np.full(n + 1, n))
    expected_low, expected_high = proportion_confint(k, n, alpha=0.05, method="wilson")
    np.testing.assert_allclose(low, expected_low, rtol=0, atol=1e-12)
    np.testing.assert_allclose(high, expected_high, rtol=0, atol=1e-12)


def test_mean_intervals_match_scipy():
    values = np.array([0.0, 2.0, 3.0, 3.0, 7.0, 10.0])
    mean, low, high, _ = mean_interval(
        np.array([values.sum()]), np.array([(values**2).sum()]), np.array([len(values)])
    )
    expected = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    assert mean[0] == pytest.approx(values.mean(), abs=1e-12)
    assert (low[0], high[0]) == pytest.approx(expected, abs=1e-12)


def test_a_published_share_is_the_count_over_the_respondents_with_its_wilson_interval():
    table = tabulate(
        answers(school_rows("A", 1, 3) + school_rows("B", 5, 7) + school_rows("C", 9, 6)),
        [("school",)],
    ).published
    row = table[(table["school"] == "C") & (table["answer"] == "ja")].iloc[0]
    low, high = proportion_confint(9, 15, method="wilson")
    assert (row["n"], row["value"], row["status"]) == (15, 9 / 15, "ok")
    assert (row["low"], row["high"]) == pytest.approx((low, high), abs=1e-12)
    mean = table[(table["school"] == "C") & (table["statistic"] == "mean")].iloc[0]
    assert (mean["value"], mean["low"], mean["high"]) == (2.0, 2.0, 2.0)


def _two_waves(before: tuple[int, int], after: tuple[int, int]):
    rows = school_rows("A", *before)
    later = school_rows("A", *after)
    lines = ["wave;school;school_level;hulp;uren"]
    lines += [f"2025;{s};{lv};{h};{u}" for s, lv, h, u in rows]
    lines += [f"2026;{s};{lv};{h};{u}" for s, lv, h, u in later]
    return answers_from_text("\n".join(lines) + "\n", questionnaire())


@pytest.mark.parametrize(
    ("before", "after", "flagged"),
    [
        ((20, 30), (35, 15), True),  # 40% -> 70%: beyond the uncertainty
        ((20, 30), (25, 25), False),  # 40% -> 50%: within it
    ],
)
def test_a_change_between_waves_is_flagged_only_beyond_newcombes_interval(before, after, flagged):
    table = tabulate(_two_waves(before, after)).published
    row = table[(table["wave"] == "2026") & (table["answer"] == "ja")].iloc[0]
    low, high = confint_proportions_2indep(
        after[0], sum(after), before[0], sum(before), method="newcomb", compare="diff"
    )
    assert row["change"] == pytest.approx(after[0] / sum(after) - before[0] / sum(before))
    assert (row["change_low"], row["change_high"]) == pytest.approx((low, high), abs=1e-12)
    assert bool(row["change_flag"]) is flagged
    first = table[(table["wave"] == "2025") & (table["answer"] == "ja")].iloc[0]
    assert np.isnan(first["change"])
    assert not first["change_flag"]


def test_a_change_of_a_mean_uses_welchs_interval():
    lines = ["wave;school;school_level;hulp;uren"]
    before = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 1, 2]
    after = [4, 5, 5, 6, 6, 7, 7, 8, 9, 3, 5, 6, 6, 7]
    lines += [f"2025;A;vmbo;ja;{u}" for u in before] + [f"2026;A;vmbo;ja;{u}" for u in after]
    table = tabulate(answers_from_text("\n".join(lines) + "\n", questionnaire())).published
    row = table[(table["wave"] == "2026") & (table["statistic"] == "mean")].iloc[0]
    expected = stats.ttest_ind(after, before, equal_var=False).confidence_interval(0.95)
    assert (row["change_low"], row["change_high"]) == pytest.approx(tuple(expected), abs=1e-9)
    assert bool(row["change_flag"])


def test_the_panel_shows_the_planted_difference_between_school_levels():
    answers_, _ = synthetic_panel()
    table = tabulate(answers_, [("school_level",)]).published
    means = table[(table["statistic"] == "mean") & (table["question"] == "veilig")]
    by_level = means[means["breakdown"] == "school_level"].set_index(["wave", "school_level"])
    for wave in ("2025", "2026"):
        vmbo, havo = by_level.loc[(wave, "vmbo")], by_level.loc[(wave, "havo/vwo")]
        assert vmbo["high"] < havo["low"]  # the intervals do not even overlap
    total = means[means["breakdown"] == "(total)"].set_index("wave")
    assert bool(total.loc["2026", "change_flag"])


def test_open_text_is_never_tabulated():
    answers_, _ = synthetic_panel()
    table = tabulate(answers_, [("school",)]).published
    assert "opmerking" not in set(table["question"])


def test_response_rates_per_class_and_a_marked_breakdown():
    lines = ["wave;class_code;school;school_level;hulp;uren"]
    lines += ["2025;K1;A;vmbo;ja;1"] * 12 + ["2025;K2;B;havo;nee;1"] * 15
    answers_ = answers_from_text("\n".join(lines) + "\n", questionnaire())
    classes = ClassSizes(pd.DataFrame({"class_code": ["K1", "K2"], "pupils": [24, 20]}))
    rates = response_rates(answers_, classes)
    assert rates[["class_code", "answers", "pupils", "rate"]].to_dict("records") == [
        {"class_code": "K1", "answers": 12, "pupils": 24, "rate": 0.5},
        {"class_code": "K2", "answers": 15, "pupils": 20, "rate": 0.75},
    ]
    table = tabulate(answers_, [("school",)], classes=classes, min_response_rate=0.6).published
    groups = table[table["question"] == "(respondents)"].set_index("breakdown")
    school = table[(table["question"] == "(respondents)") & (table["breakdown"] == "school")]
    assert school.set_index("school")["response_rate"].to_dict() == {"A": 0.5, "B": 0.75}
    assert school.set_index("school")["low_response"].to_dict() == {"A": True, "B": False}
    assert groups.loc["(total)", "response_rate"] == 27 / 44


def test_breakdowns_on_the_command_line():
    assert parse_by("school_level,age") == [("school_level",), ("age",)]
    assert parse_by("school*age, wave") == [("school", "age"), ("wave",)]


def test_a_crossed_breakdown_includes_its_margins():
    answers_, _ = synthetic_panel()
    table = tabulate(answers_, [("school_level", "age")])
    assert table.by == (("school_level",), ("age",), ("school_level", "age"))
    assert set(table.published["breakdown"]) == {
        "(total)",
        "school_level",
        "age",
        "school_level*age",
    }
