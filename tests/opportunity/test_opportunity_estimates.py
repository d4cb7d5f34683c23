"""Every estimate against a plain pandas + statsmodels computation on the same pupils."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from conftest import ALL_OUTCOMES, GROUP_RULES_ONLY, with_outcomes
from kansen.demo import DemoPupils
from kansen.opportunity import INCOME_BANDS, OpportunityResult, estimate_opportunity
from kansen.opportunity._schema import resolve_request
from kansen.opportunity._sums import with_parental_rank

# Relative agreement; values that are 0 in exact arithmetic (a slope when every outcome in a
# tiny cell is equal) come out of either computation as rounding noise of about 1e-15.
RTOL, ATOL = 1e-9, 1e-12
LEVELS = ["buurt", "wijk", "gemeente", "pc4"]


@pytest.fixture(scope="module")
def one_year(demo_pupils: DemoPupils) -> pd.DataFrame:
    return demo_pupils.pupils[demo_pupils.pupils["year"] == 2024].reset_index(drop=True)


@pytest.fixture(scope="module")
def result(one_year: pd.DataFrame) -> OpportunityResult:
    return estimate_opportunity(
        one_year,
        levels=LEVELS,
        subgroups=["gender"],
        outcomes=ALL_OUTCOMES,
        disclosure=GROUP_RULES_ONLY,
    )


def test_rank_is_the_average_rank_per_year(demo_pupils: DemoPupils) -> None:
    pupils = demo_pupils.pupils.copy()
    pupils.loc[:50, "parent_income"] = 30_000.0  # more ties (incomes are rounded to 100 too)
    table = ibis.memtable(pupils)
    request = resolve_request(
        dict(table.schema().items()), levels=["buurt"], subgroups=[], outcomes=None, rank="auto"
    )
    ranked = with_parental_rank(table, request).to_pandas()
    expected = with_outcomes(pupils)
    merged = ranked.merge(expected, on=["year", "buurt", "parent_income", "test_score"])
    assert len(merged) == len(pupils)  # test scores are distinct, so rows pair up one to one
    assert (merged["_x"] == merged["x"]).all()  # exactly, not approximately


def test_bands_hold_the_pupils_of_their_rank_window(demo_pupils: DemoPupils) -> None:
    pupils = demo_pupils.pupils.assign(one=1.0)
    pupils = pupils.assign(gemeente=[f"GM{i:05d}" for i in range(len(pupils))])
    result = estimate_opportunity(pupils, levels=["gemeente"], outcomes=["one"], shrinkage=False)
    with_pupils = result.confidential.query("band != 'all' and n > 0")
    seen = with_pupils.groupby("area_code")["band"].apply(set)
    for i, rank in enumerate(with_outcomes(pupils)["x"]):
        bands = {band.name for band in INCOME_BANDS[:-1] if band.contains(rank)}
        assert seen.get(f"GM{i:05d}", set()) == bands


def test_band_edges() -> None:
    very_low, low, _middle, high, very_high, everyone = INCOME_BANDS
    assert very_low.contains(0.0)
    assert very_low.contains(0.2)
    assert not very_low.contains(0.2001)
    assert low.contains(0.2)
    assert not low.contains(0.15)
    assert low.contains(0.1501)
    assert not any(band.contains(0.37) for band in INCOME_BANDS[:-1])
    assert everyone.contains(0.37)
    assert high.contains(0.85)
    assert very_high.contains(0.85)
    assert not high.contains(0.8501)
    assert [band.point for band in INCOME_BANDS] == [0.1, 0.25, 0.5, 0.75, 0.9, None]


def _statsmodels(y: np.ndarray, x: np.ndarray, point: float | None) -> dict[str, float]:
    """The reference for one cell: OLS with statsmodels (intercept-only for band "all")."""
    if point is None:
        fit = sm.OLS(y, np.ones_like(y)).fit()
        low, high = fit.conf_int(0.05)[0]
        values = {"estimate": fit.params[0], "se": fit.bse[0], "ci_low": low, "ci_high": high}
        if len(y) > 2 and np.ptp(x) > 0:
            values["slope"] = sm.OLS(y, sm.add_constant(x)).fit().params[1]
        return values
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    frame = fit.get_prediction(np.array([[1.0, point]])).summary_frame(alpha=0.05)
    return {
        "estimate": frame["mean"].iloc[0],
        "se": frame["mean_se"].iloc[0],
        "ci_low": frame["mean_ci_lower"].iloc[0],
        "ci_high": frame["mean_ci_upper"].iloc[0],
        "slope": fit.params[1],
        "slope_se": fit.bse[1],
    }


def test_every_cell_matches_statsmodels(one_year: pd.DataFrame, result: OpportunityResult) -> None:
    pupils = with_outcomes(one_year)
    bands = {band.name: band for band in INCOME_BANDS}
    members = {
        (level, code): rows
        for level in LEVELS
        for code, rows in pupils.groupby(level).groups.items()
    }
    checked = 0
    for cell in result.confidential.itertuples():
        if cell.n == 0:  # a row without pupils: no numbers (checked in the disclosure tests)
            assert np.isnan(cell.mean)
            continue
        rows = pupils.loc[members[(cell.level, cell.area_code)]]
        if cell.subgroup != "all":
            rows = rows[rows[cell.subgroup] == cell.subgroup_value]
        band = bands[cell.band]
        x = rows["x"]
        rows = rows[(x <= band.upper) & ((x > band.lower) | (band.lower == 0))]
        rows = rows[rows[cell.outcome].notna()]
        assert cell.n == len(rows)
        y, x = rows[cell.outcome].to_numpy(), rows["x"].to_numpy()
        assert cell.mean == pytest.approx(y.mean(), rel=RTOL, abs=ATOL)
        enough = len(y) >= 2 if band.point is None else len(y) >= 3 and np.ptp(x) > 0
        if not enough:
            continue
        for name, value in _statsmodels(y, x, band.point).items():
            ours = getattr(cell, name)
            assert ours == pytest.approx(value, rel=RTOL, abs=ATOL), (cell, name)
        checked += 1
    assert checked > 2_000


def test_the_published_table_shows_the_same_numbers_rounded(result: OpportunityResult) -> None:
    shown = result.published[result.published["published"]]
    assert len(shown) > 400
    exact = result.confidential.loc[shown.index]
    step = shown["precision"].to_numpy()
    tolerance = 1e-9
    for column in ("mean", "estimate", "slope"):
        here = shown[column].notna()
        published, truth = shown.loc[here, column], exact.loc[here, column]
        assert ((published - truth).abs() <= step[here] / 2 + tolerance).all(), column
        assert np.allclose(published / step[here], np.round(published / step[here])), column
    # Intervals are rounded outward, never inward (except the share over all pupils, whose
    # interval is computed from published numbers: see test_opportunity_intruder).
    exact_interval = ~((shown["band"] == "all") & (shown["outcome_kind"] == "share"))
    low, high = shown.loc[exact_interval, "ci_low"], shown.loc[exact_interval, "ci_high"]
    part = step[exact_interval]
    assert (low <= exact.loc[exact_interval, "ci_low"] + tolerance).all()
    assert (low > exact.loc[exact_interval, "ci_low"] - part - tolerance).all()
    assert (high >= exact.loc[exact_interval, "ci_high"] - tolerance).all()
    assert (high < exact.loc[exact_interval, "ci_high"] + part + tolerance).all()
    # The slope of band "all" is a regression: shown only when the published count shows that
    # it has at least 12 pupils (n - 5 >= 12), so its presence does not tell n = 11.
    everyone = shown["band"] == "all"
    assert (shown.loc[everyone, "slope"].notna() == (shown.loc[everyone, "n"] - 5 >= 12)).all()
    assert ((shown["n"] - exact["n"]).abs() <= 5).all()
    assert (shown["n"] % 10 == 0).all()
    assert "se" not in shown.columns
    assert "slope_se" not in shown.columns
