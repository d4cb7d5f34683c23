"""Demostad's populations, indicators and observations."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pytest

from kansen.demo import SUPPRESSION_THRESHOLD, Demostad, build_demostad

MDI_DOMAINS = (
    "income",
    "work",
    "health",
    "education",
    "housing",
    "safety",
    "living_environment",
)


def _wide(demo: Demostad, year: int, level: str = "buurt") -> pd.DataFrame:
    """Published values of one year, one row per area of ``level``, one column per indicator."""
    codes = [a.code for a in demo.areas if a.level == level]
    obs = demo.observations
    rows = obs[(obs["year"] == year) & obs["area_code"].isin(codes)]
    return rows.pivot(index="area_code", columns="indicator_code", values="value").loc[codes]


def _mean_cross_domain_spearman(demo: Demostad, year: int) -> float:
    """Mean Spearman correlation over buurten between indicators of different domains, with
    every indicator aligned so that higher means more deprived."""
    wide = _wide(demo, year)
    directed = [ind for ind in demo.indicators if ind.direction is not None]
    for ind in directed:
        if ind.direction == "higher_is_better":
            wide[ind.code] = -wide[ind.code]
    corr = wide[[ind.code for ind in directed]].corr(method="spearman")
    pairs = [
        corr.loc[a.code, b.code]
        for a, b in itertools.combinations(directed, 2)
        if a.domain != b.domain
    ]
    return float(np.mean(np.asarray(pairs, dtype=float)))


def test_populations_are_plausible_and_add_up(demo: Demostad) -> None:
    small = [b for b in demo.buurten if b.population < SUPPRESSION_THRESHOLD]
    assert 1 <= len(small) <= 4
    for buurt in demo.buurten:
        assert buurt in small or 300 <= buurt.population <= 5_000, buurt
    for wijk in demo.wijken:
        assert wijk.population == sum(b.population for b in demo.children(wijk.code))
    assert demo.gemeente.population == sum(w.population for w in demo.wijken)
    assert 90_000 <= demo.gemeente.population <= 110_000


def test_population_observation_of_the_latest_year_is_the_area_population(
    demo: Demostad,
) -> None:
    population = demo.values("population", demo.years[-1])
    for area in demo.areas:
        assert population[area.code] == area.population


def test_every_mdi_domain_has_two_directed_indicators(demo: Demostad) -> None:
    for domain in MDI_DOMAINS:
        indicators = [ind for ind in demo.indicators if ind.domain == domain]
        assert len(indicators) >= 2, domain
        assert all(ind.direction in ("higher_is_worse", "higher_is_better") for ind in indicators)
    assert {ind.domain for ind in demo.indicators} == {*MDI_DOMAINS, None}


def test_context_figures_have_no_domain_or_direction(demo: Demostad) -> None:
    context = {ind.code for ind in demo.indicators if ind.domain is None}
    assert context == {"population", "share_age_0_17", "households"}
    assert all(demo.indicator(code).direction is None for code in context)


def test_indicator_metadata_is_complete(demo: Demostad) -> None:
    codes = [ind.code for ind in demo.indicators]
    assert len(set(codes)) == len(codes)
    assert len({ind.column_header for ind in demo.indicators}) == len(codes)
    for ind in demo.indicators:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind.code)
        assert ind.name_nl
        assert ind.name_en
        assert ind.source
        assert ind.definition.endswith(".")
        assert ind.unit in ("%", "per 1.000 inwoners", "euro", "aantal", "index", "m² per inwoner")


def test_one_observation_per_area_year_and_indicator(demo: Demostad) -> None:
    obs = demo.observations
    assert list(obs.columns) == ["area_code", "year", "indicator_code", "value", "status"]
    assert demo.years == (2022, 2023, 2024)
    assert len(obs) == len(demo.areas) * len(demo.years) * len(demo.indicators)
    assert not obs.duplicated(["area_code", "year", "indicator_code"]).any()
    assert set(obs["status"]) == {"ok", "suppressed", "missing"}
    assert obs["value"].dtype == np.float64
    assert (obs["value"].notna() == (obs["status"] == "ok")).all()


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_aggregates_are_recomputed_from_the_published_buurten(demo: Demostad, year: int) -> None:
    buurten = _wide(demo, year)
    wijk_of = pd.Series({b.code: b.parent_code for b in demo.buurten})
    aggregates = {w.code: wijk_of.index[wijk_of == w.code] for w in demo.wijken}
    aggregates[demo.gemeente.code] = wijk_of.index
    weights = buurten["population"]
    for ind in demo.indicators:
        published = demo.values(ind.code, year)
        for code, members in aggregates.items():
            values = buurten.loc[members, ind.code].dropna()
            if ind.unit == "aantal":
                expected = values.sum()
            elif values.empty:
                expected = np.nan
            else:
                expected = np.average(values, weights=weights[values.index])
            tolerance = 0.5 * 10.0**-ind.decimals + 1e-9
            if np.isnan(expected):
                assert np.isnan(published[code]), (code, ind.code)
            else:
                assert abs(published[code] - expected) <= tolerance, (code, ind.code)


def test_shares_of_small_buurten_are_suppressed_and_never_zero(demo: Demostad) -> None:
    obs = demo.observations
    population = obs.loc[obs["indicator_code"] == "population", ["area_code", "year", "value"]]
    obs = obs.merge(population.rename(columns={"value": "population"}), on=["area_code", "year"])
    small = obs["area_code"].str.startswith("BU") & (obs["population"] < SUPPRESSION_THRESHOLD)
    counts = obs["indicator_code"].isin([i.code for i in demo.indicators if i.unit == "aantal"])
    status = obs["status"]
    whole_series_missing = (
        (status == "missing").groupby([obs["indicator_code"], obs["year"]]).transform("all")
    )
    suppressed = status == "suppressed"

    assert suppressed.any()
    assert not (suppressed & ~small).any(), "only buurten under the threshold are suppressed"
    assert not (suppressed & counts).any(), "counts are never suppressed"
    assert obs.loc[suppressed, "value"].isna().all(), "suppressed is NaN, never 0"
    assert (status[small & ~counts & ~whole_series_missing] == "suppressed").all()


def test_a_few_series_are_missing(demo: Demostad) -> None:
    obs = demo.observations
    missing = obs[obs["status"] == "missing"]
    assert set(missing[missing["year"] == 2022]["indicator_code"]) == {"mental_health_medication"}
    assert "wish_to_move" in set(missing[missing["year"] == 2023]["indicator_code"])
    assert set(missing["indicator_code"]) <= {
        "mental_health_medication",
        "wish_to_move",
        "early_school_leavers",
    }


def test_values_are_in_plausible_ranges(demo: Demostad) -> None:
    obs = demo.observations.dropna(subset=["value"])
    for ind in demo.indicators:
        values = obs.loc[obs["indicator_code"] == ind.code, "value"]
        assert (values >= 0).all(), ind.code
        if ind.unit in ("%", "index"):
            assert (values <= 100).all(), ind.code
        assert np.allclose(values, values.round(ind.decimals)), ind.code
    woz = obs.loc[obs["indicator_code"] == "mean_woz_value", "value"]
    assert woz.between(100_000, 1_000_000).all()


def test_years_drift_a_little(demo: Demostad) -> None:
    first, last = _wide(demo, 2022), _wide(demo, 2024)
    for ind in demo.indicators:
        if ind.code == "mental_health_medication":
            continue
        assert not first[ind.code].equals(last[ind.code]), ind.code
        # Spearman as the Pearson correlation of ranks (Series.corr would need scipy).
        assert first[ind.code].rank().corr(last[ind.code].rank()) > 0.8, ind.code


@pytest.mark.parametrize("seed", [2026, 1, 7])
def test_indicators_of_different_domains_correlate(seed: int) -> None:
    demo = build_demostad(seed)
    assert 0.3 <= _mean_cross_domain_spearman(demo, 2024) <= 0.9
