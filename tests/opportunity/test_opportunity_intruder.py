"""An intruder with only the published table: no exact count of a published cell comes back.

The attacks of issue 24, written here independently of the package, on Demostad (3 years, every
level with pc4, subgroups gender and household, every outcome) and on 200,000 synthetic pupils
in 400 buurten (pc4 areas of four buurten, gender). The intruder knows the method and the rules
(``docs/disclosure.md``): for each published share cell, every count that rounds to the
published ``n`` is a candidate, and a candidate survives when a whole number of pupils with the
outcome gives the published mean at the published precision, the rules hold, and its twin on the
same pupils fits the same count. What the linear-programming audit derives for suppressed cells
is in ``test_opportunity_audit*`` and in :func:`test_the_audit_pins_nothing`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ALL_OUTCOMES
from kansen.demo import DemoPupils, synthetic_pupils
from kansen.opportunity import DisclosureRules, OpportunityResult, estimate_opportunity

RULES = DisclosureRules()
LEVELS = ["buurt", "wijk", "gemeente", "pc4"]
BASE = RULES.rounding_base
TWINS = ("under_advice", "over_advice")


@dataclass(frozen=True)
class Run:
    pupils: pd.DataFrame
    result: OpportunityResult


@pytest.fixture(scope="module")
def demostad(demo_pupils: DemoPupils) -> Run:
    result = estimate_opportunity(
        demo_pupils.pupils,
        levels=LEVELS,
        subgroups=["gender", "household"],
        outcomes=ALL_OUTCOMES,
        disclosure=DisclosureRules(audited=False),  # see `synthetic`
    )
    return Run(demo_pupils.pupils, result)


@pytest.fixture(scope="module")
def synthetic() -> Run:
    pupils = synthetic_pupils(200_000, 400, seed=3)
    # The attacks on published cells below do not depend on the protection that the audit
    # drives (it only suppresses more cells, and published cells keep their numbers), whose
    # audits take minutes at these sizes; it is tested on its own below.
    rules = DisclosureRules(audited=False)
    result = estimate_opportunity(pupils, levels=LEVELS, subgroups=["gender"], disclosure=rules)
    return Run(pupils, result)


@pytest.fixture(params=["demostad", "synthetic"])
def run(request: pytest.FixtureRequest) -> Run:
    fixture: Run = request.getfixturevalue(request.param)
    return fixture


def _candidates(table: pd.DataFrame) -> np.ndarray:
    """For each published share cell (rows of ``table``), which counts of its rounding window
    stay possible: a boolean array (cells x BASE), column j standing for ``n - 5 + j``."""
    n = table["n"].to_numpy(dtype=np.int64)
    counts = (n[:, None] - BASE // 2 + np.arange(BASE)[None, :]).astype(np.float64)
    step = table["precision"].to_numpy()[:, None]
    mean = table["mean"].to_numpy()[:, None]
    estimate = table["estimate"].to_numpy()[:, None]
    is_all = (table["band"] == "all").to_numpy()[:, None]
    least = RULES.min_share_count
    minimum = np.where(is_all, RULES.min_n_mean, RULES.min_n_regression)
    # a whole k with k / c rounding to the mean (halves up): c (mean - step/2) <= k < c (mean +
    # step/2), at least `least` with and without the outcome (and not 0)
    k_low = np.maximum(np.ceil(counts * (mean - step / 2) - 1e-9), max(least, 1))
    k_high = np.minimum(np.ceil(counts * (mean + step / 2) - 1e-9) - 1, counts - least)
    possible = (k_low <= k_high) & (counts >= minimum)
    # a band's prediction passed the share rule too
    possible &= is_all | (
        (counts * (estimate + step / 2) >= least) & (counts * (1 - estimate + step / 2) >= least)
    )
    return possible


def _share_candidates(table: pd.DataFrame) -> pd.DataFrame:
    shares = table[table["published"] & (table["outcome_kind"] == "share")].copy()
    possible = _candidates(shares)
    bits = (possible * (1 << np.arange(BASE))).sum(axis=1)
    shares["bits"] = bits
    twins = shares["outcome"].isin(TWINS)
    keys = ["year", "level", "area_code", "subgroup", "subgroup_value", "band"]
    common = (
        shares[twins].groupby(keys)["bits"].transform(lambda b: np.bitwise_and.reduce(b.to_numpy()))
    )
    shares.loc[twins, "bits"] = common
    shares["candidates"] = [bin(int(b)).count("1") for b in shares["bits"]]
    return shares


def test_no_published_share_gives_its_exact_count(run: Run) -> None:
    table = run.result.published
    shares = _share_candidates(table)
    assert len(shares) > 300
    # At least two counts stay possible for every published share cell ...
    assert shares["candidates"].min() >= 2
    # ... and the true count is one of them (the intruder's model is the method's).
    truth = run.result.confidential.loc[shares.index, "n"].to_numpy()
    offset = truth - (shares["n"].to_numpy() - BASE // 2)
    assert ((shares["bits"].to_numpy() >> offset) & 1 == 1).all()


def test_a_fixed_three_decimals_would_give_counts_away(demostad: Run) -> None:
    # The same attack on the exact means printed to three decimals (the old `decimals=3`):
    # nearly half of the cells keep a single count. The count-dependent precision prevents it.
    table = demostad.result.published
    exact = demostad.result.confidential
    shares = table[table["published"] & (table["outcome_kind"] == "share")].copy()
    shares["mean"] = exact.loc[shares.index, "mean"].round(3)
    shares["estimate"] = exact.loc[shares.index, "estimate"].round(3)
    shares["precision"] = 0.001
    single = (_candidates(shares).sum(axis=1) == 1).mean()
    assert single > 0.4  # 48% of Demostad's published share cells


def test_numeric_means_are_no_finer_than_the_range_over_the_count(run: Run) -> None:
    table = run.result.published
    means = table[table["published"] & (table["outcome_kind"] == "mean")]
    for outcome, cells in means.groupby("outcome"):
        values = run.pupils[outcome]
        spread = float(values.max() - values.min())
        minimum = np.where(cells["band"] == "all", RULES.min_n_mean, RULES.min_n_regression)
        n_low = np.maximum(cells["n"].to_numpy() - BASE // 2, minimum)
        assert (cells["precision"].to_numpy() >= spread / n_low - 1e-12).all(), outcome


def test_no_standard_error_weight_or_exact_count_is_published(run: Run) -> None:
    columns = set(run.result.published.columns)
    assert not columns & {"se", "slope_se", "shrinkage_weight", "df", "n_rounded", "n_exact"}
    assert "suppression_reason" not in columns


def test_the_interval_of_a_share_over_all_pupils_is_made_of_published_numbers(run: Run) -> None:
    table = run.result.published
    cells = table[table["published"] & (table["band"] == "all")]
    cells = cells[cells["outcome_kind"] == "share"]
    n_low = np.maximum(cells["n"].to_numpy() - BASE // 2, 2 * RULES.min_share_count)
    p, step = cells["estimate"].to_numpy(), cells["precision"].to_numpy()
    half = stats.t.ppf(0.975, n_low - 1) * np.sqrt(p * (1 - p) / (n_low - 1))
    low = np.floor((p - half) / step + 1e-9) * step
    high = np.ceil((p + half) / step - 1e-9) * step
    np.testing.assert_allclose(cells["ci_low"], low, atol=1e-9)
    np.testing.assert_allclose(cells["ci_high"], high, atol=1e-9)


def test_the_issue_attacks_on_the_interval_recover_no_count(run: Run) -> None:
    # n = 1 + p (1 - p) / se**2 with se = half width / t: what it gives depends on the published
    # numbers only (it lands on the smallest count the published n allows), so it is right
    # only when the true count happens to be that one: about one cell in ten, not all of them.
    table = run.result.published
    cells = table[table["published"] & (table["band"] == "all")]
    cells = cells[cells["outcome_kind"] == "share"]
    p = cells["estimate"].to_numpy()
    half = (cells["ci_high"] - cells["ci_low"]).to_numpy() / 2
    derived = 1 + p * (1 - p) / (half / stats.t.ppf(0.975, cells["n"].to_numpy() - 1)) ** 2
    truth = run.result.confidential.loc[cells.index, "n"].to_numpy()
    hits = (np.rint(derived) == truth).mean()
    assert hits < 0.25


def test_the_percent_the_platform_stores_says_no_more(run: Run) -> None:
    table = run.result.published
    shown = table[table["published"]]
    percent = (shown["estimate"] * 100).round(4)
    steps = percent / (shown["precision"] * 100)
    assert np.allclose(steps, steps.round(), atol=1e-6)


def test_the_shrunk_estimate_is_made_of_published_numbers(demostad: Run) -> None:
    # Recomputed here from the published columns alone: equal, so it adds nothing.
    table = demostad.result.published
    shown = table[table["published"]].copy()
    parent_level = {"buurt": "wijk", "wijk": "gemeente", "pc4": "gemeente"}
    keys = ["year", "subgroup", "subgroup_value", "band", "outcome"]
    parents = shown[[*keys, "level", "area_code", "estimate"]].rename(
        columns={"level": "p_level", "area_code": "parent_code", "estimate": "target"}
    )
    rows = shown.assign(p_level=shown["level"].map(parent_level)).reset_index()
    rows = rows.merge(parents, on=[*keys, "p_level", "parent_code"])
    rows["se2"] = ((rows["ci_high"] - rows["ci_low"]) / (2 * stats.norm.ppf(0.975))) ** 2
    rows = rows[rows["se2"] > 0]
    rows["d2"] = (rows["estimate"] - rows["target"]) ** 2
    group = rows.groupby([*keys, "level"])
    t2 = (group["d2"].transform("mean") - group["se2"].transform("mean")).clip(lower=0)
    weight = t2 / (t2 + rows["se2"])
    shrunk = weight * rows["estimate"] + (1 - weight) * rows["target"]
    step = rows["precision"].to_numpy()
    expected = shrunk.where(group["d2"].transform("size") >= 3).to_numpy()
    got = table.loc[rows["index"], "estimate_shrunk"].to_numpy()
    assert np.isfinite(got).sum() > 50
    assert (np.isfinite(got) == np.isfinite(expected)).all()
    both = np.isfinite(got)
    # the same number rounded to the row's precision (a half step may go either way in float)
    assert (np.abs(got[both] - expected[both]) <= step[both] / 2 + 1e-9).all()
    assert table.loc[~table.index.isin(rows["index"]), "estimate_shrunk"].isna().all()


def test_the_slope_over_all_pupils_is_shown_by_the_published_count(run: Run) -> None:
    # Shown for n = 11 and hidden for 12 would say which: it follows the published count.
    table = run.result.published
    everyone = table[table["published"] & (table["band"] == "all")]
    shown = everyone["slope"].notna()
    assert (shown == (everyone["n"] - BASE // 2 >= RULES.min_n_regression)).all()


def test_suppression_cost(demostad: Run, synthetic: Run) -> None:
    # How much is suppressed, and why (the figures quoted in the change's note).
    for run in (demostad, synthetic):
        summary = run.result.summary
        assert summary.cells == len(run.result.published)
        assert 0 < summary.published < summary.cells


def test_the_audit_pins_nothing_on_demostad(demo_pupils: DemoPupils) -> None:
    # The linear-programming intruder audit (kansen.opportunity._audit) on one year of Demostad
    # by wijk, gemeente and pc4 (pc4 areas against buurten through the public hierarchy), the
    # twin outcomes: before this method 42 of 42 published cells gave their exact n, 34
    # suppressed cells had n pinned within 10 and 7 their share within +-5 points.
    from kansen.opportunity._audit import audit_published, hierarchy_from_pupils

    pupils = demo_pupils.pupils[demo_pupils.pupils["year"] == 2024]
    result = estimate_opportunity(
        pupils,
        levels=["wijk", "gemeente", "pc4"],
        outcomes=list(TWINS),
        shrinkage=False,
    )
    audit = audit_published(result.published, hierarchy=hierarchy_from_pupils(pupils))
    assert audit.exact_n_published == 0
    assert audit.n_pinned == 0
    assert audit.k_pinned == 0
    assert len(audit.published) > 20


def test_the_audit_pins_nothing_in_demostads_default_table(demo_pupils: DemoPupils) -> None:
    # The whole default table (three years; buurt, wijk and gemeente; the advice outcomes;
    # shrunk estimates): before this method 233 of 233 published cells gave their exact n,
    # 1,566 of 2,095 suppressed cells had n pinned within 10 and 256 their share within +-5
    # points. Every suppressed cell is decided (none left unchecked).
    from kansen.opportunity._audit import audit_published, hierarchy_from_pupils

    pupils = demo_pupils.pupils
    result = estimate_opportunity(pupils)
    audit = audit_published(result.published, hierarchy=hierarchy_from_pupils(pupils))
    assert audit.unchecked == 0
    assert audit.exact_n_published == 0
    assert audit.n_pinned == 0
    assert audit.k_pinned == 0
    assert len(audit.suppressed) == 2_295
    assert len(audit.published) == 207


def test_the_protection_closes_a_buurt_that_is_a_wijk_minus_a_postcode_area() -> None:
    # 20,000 synthetic pupils in 10 buurten: wijk WK000000 holds buurten 0-4 and pc4 area 1000
    # buurten 0-3, so buurt 4 is the wijk minus the pc4 area. The group rules leave no
    # suppressed cell alone in any group, yet the audit rebuilds buurt 4's cells; the protection
    # that the audit drives suppresses until it pins nothing.
    from kansen.opportunity._audit import audit_published, hierarchy_from_pupils

    pupils = synthetic_pupils(20_000, 10, seed=3)
    hierarchy = hierarchy_from_pupils(pupils)
    cell = (
        "level == 'buurt' and area_code == 'BU00000004' and subgroup_value == 'boy' "
        "and band == 'very_low' and outcome == 'over_advice'"
    )
    plain = estimate_opportunity(
        pupils, levels=LEVELS, subgroups=["gender"], disclosure=DisclosureRules(audited=False)
    )
    exact = plain.confidential.query(cell).iloc[0]
    assert (int(exact["n"]), round(exact["mean"] * exact["n"])) == (163, 6)  # too few: 6 < 10
    before = audit_published(plain.published, hierarchy=hierarchy)
    leak = before.suppressed.query(cell).iloc[0]
    assert (leak["k_min"], leak["k_max"]) == (6, 7)  # six or seven over-advised boys
    assert bool(leak["k_pinned"])
    assert before.n_pinned > 0
    assert before.k_pinned > 0

    result = estimate_opportunity(pupils, levels=LEVELS, subgroups=["gender"])
    after = audit_published(result.published, hierarchy=hierarchy)
    assert after.summary() | {"seconds": 0, "solves": 0} == {
        "cells": 864,
        "suppressed": 864 - int(result.published["published"].sum()),
        "n_pinned": 0,
        "k_pinned": 0,
        "published": int(result.published["published"].sum()),
        "exact_n_published": 0,
        "unchecked": 0,
        "passes": True,
        "seconds": 0,
        "solves": 0,
    }
    assert result.summary.suppressed_by_reason["audit"] > 0
    assert not result.published.query(cell).iloc[0]["published"]
    # what it costs: more cells suppressed than by the group rules alone
    assert result.summary.published < plain.summary.published


def test_a_run_says_when_the_audit_did_not_finish(demo_pupils: DemoPupils) -> None:
    # a budget spent before the first audit: the table keeps the group rules' suppression and
    # the summary says the audit did not finish (the command line then warns)
    pupils = demo_pupils.pupils[demo_pupils.pupils["year"] == 2024]
    quick = DisclosureRules(audit_seconds=1e-9)
    unfinished = estimate_opportunity(pupils, levels=["wijk"], disclosure=quick)
    assert (unfinished.summary.audit, unfinished.summary.audit_rounds) == ("unfinished", 0)
    plain = estimate_opportunity(pupils, levels=["wijk"], disclosure=DisclosureRules(audited=False))
    assert plain.summary.audit == "off"
    pd.testing.assert_frame_equal(unfinished.published, plain.published)
    done = estimate_opportunity(pupils, levels=["wijk"])
    assert done.summary.audit == "passed"
    assert done.summary.audit_rounds >= 1
