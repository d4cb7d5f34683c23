"""The single steps of the method, each against an independent computation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm, rankdata
from sklearn.decomposition import FactorAnalysis
from statsmodels.multivariate.factor import Factor

from kansen.index import (
    ENGLISH_IMD_WEIGHTS,
    combine,
    deciles,
    exponential_transform,
    factor_loadings,
    factor_weights,
    normal_scores,
    rank,
    shrink_rates,
)


def one_factor_data(n: int = 3000, seed: int = 7) -> np.ndarray:
    """Five indicators driven by one latent factor with loadings 0.9 .. 0.3."""
    rng = np.random.default_rng(seed)
    loadings = np.array([0.9, 0.8, 0.7, 0.5, 0.3])
    latent = rng.normal(size=(n, 1))
    noise = rng.normal(size=(n, 5)) * np.sqrt(1 - loadings**2)
    return np.exp(latent * loadings + noise)  # skewed, as rates and amounts are


@pytest.mark.parametrize("ties", ["min", "max", "average"])
def test_rank_agrees_with_scipy_including_ties_nan_and_signed_zero(ties: str) -> None:
    rng = np.random.default_rng(1)
    values = np.round(rng.normal(size=(500, 3)), 1)
    values[rng.random(values.shape) < 0.05] = np.nan
    values[:4, 0] = [0.0, -0.0, np.inf, -np.inf]
    ours = rank(values, ties, descending=True)  # type: ignore[arg-type]
    expected = rankdata(-values, method=ties, axis=0, nan_policy="omit")
    np.testing.assert_array_equal(ours, expected)
    assert ours[0, 0] == ours[1, 0]  # 0.0 and -0.0 tie


def test_normal_scores_are_the_inverse_normal_of_average_ranks() -> None:
    rng = np.random.default_rng(2)
    values = np.round(rng.gamma(2.0, size=(1000, 4)), 1)  # many ties
    values[rng.random(values.shape) < 0.03] = np.nan
    ours = normal_scores(values)
    for j in range(values.shape[1]):
        column = values[:, j]
        present = ~np.isnan(column)
        expected = norm.ppf((rankdata(column[present]) - 0.5) / present.sum())
        np.testing.assert_allclose(ours[present, j], expected, rtol=0, atol=1e-12)
        assert np.isnan(ours[~present, j]).all()


def test_exponential_transform_is_the_published_formula() -> None:
    n = 1000
    ranks = np.arange(1, n + 1)
    share = (n - ranks + 1) / n
    expected = -23 * np.log(1 - share * (1 - math.exp(-100 / 23)))
    np.testing.assert_allclose(exponential_transform(ranks, n), expected, rtol=1e-13)
    assert exponential_transform(1, n) == pytest.approx(100.0, abs=1e-12)
    assert exponential_transform(n, n) < 0.03
    # The most deprived tenth scores above about 50.
    assert 50 < exponential_transform(n // 10, n) < 51


def test_english_weights_add_up_to_99_9() -> None:
    assert list(ENGLISH_IMD_WEIGHTS.values()) == [22.5, 22.5, 13.5, 13.5, 9.3, 9.3, 9.3]
    assert sum(ENGLISH_IMD_WEIGHTS.values()) == pytest.approx(99.9)


def test_deciles_and_combine() -> None:
    np.testing.assert_array_equal(deciles([1, 10, 11, 100], 100), [1, 1, 2, 10])
    # Weights in percent; a missing domain re-weights the others to the same total.
    scores = combine([[100.0, 0.0], [50.0, np.nan]], [60.0, 40.0])
    np.testing.assert_allclose(scores, [60.0, 50.0])


def test_factor_weights_match_sklearn_maximum_likelihood() -> None:
    scores = normal_scores(one_factor_data())
    standardised = (scores - scores.mean(axis=0)) / scores.std(axis=0)
    model = FactorAnalysis(n_components=1, svd_method="lapack", tol=1e-12, max_iter=100_000)
    loadings = model.fit(standardised).components_[0]
    loadings = loadings if loadings.sum() > 0 else -loadings
    np.testing.assert_allclose(factor_weights(scores), loadings / loadings.sum(), atol=1e-6)
    ours, converged = factor_loadings(scores)
    assert converged
    np.testing.assert_allclose(ours, loadings, atol=1e-5)
    # Recovers the ordering of the true loadings 0.9 .. 0.3.
    assert list(np.argsort(-ours)) == [0, 1, 2, 3, 4]


def test_factor_weights_match_statsmodels_ml_factor() -> None:
    scores = normal_scores(one_factor_data(seed=11))
    fitted = Factor(scores, n_factor=1, method="ml").fit()
    loadings = np.asarray(fitted.loadings)[:, 0]
    loadings = loadings if loadings.sum() > 0 else -loadings
    np.testing.assert_allclose(factor_weights(scores), loadings / loadings.sum(), atol=1e-4)


def test_factor_analysis_needs_three_indicators() -> None:
    with pytest.raises(ValueError, match="at least 3 indicators"):
        factor_loadings(np.random.default_rng(0).normal(size=(50, 2)))


def test_shrinkage_matches_a_hand_computation() -> None:
    table = pd.DataFrame(
        {
            "events": [3, 10, 0, 40, 5, 1],
            "population": [20, 100, 15, 200, 50, 4],
            "parent": ["WK01", "WK01", "WK01", "WK02", "WK02", "WK02"],
        },
        index=[f"BU{i}" for i in range(1, 7)],
    )
    result = shrink_rates(table["events"], table["population"], table["parent"])
    y, n = table["events"].to_numpy(float), table["population"].to_numpy(float)
    expected = np.empty(6)
    for rows in ([0, 1, 2], [3, 4, 5]):
        z = np.log((y[rows] + 0.5) / (n[rows] - y[rows] + 0.5))
        s2 = 1 / (y[rows] + 0.5) + 1 / (n[rows] - y[rows] + 0.5)
        zbar = np.sum(z / s2) / np.sum(1 / s2)
        t2 = np.mean((z - zbar) ** 2)
        w = t2 / (t2 + s2)
        expected[rows] = 1 / (1 + np.exp(-(w * z + (1 - w) * zbar)))
    np.testing.assert_allclose(result["shrunk_rate"], expected, rtol=1e-12)
    assert list(result.index) == list(table.index)
    np.testing.assert_allclose(result["rate"], y / n)


def test_shrinkage_moves_small_areas_and_leaves_large_ones() -> None:
    rng = np.random.default_rng(3)
    small = rng.integers(5, 15, size=200)
    huge = np.full(200, 1_000_000)
    population = np.concatenate([small, huge])
    true_rate = rng.uniform(0.05, 0.25, size=400)
    events = rng.binomial(population, true_rate)
    result = shrink_rates(events, population)
    parent_rate = 1 / (1 + np.exp(-result["parent_logit"].iloc[0]))
    moved = (result["shrunk_rate"] - result["rate"]).abs()
    # Huge denominators barely move ...
    assert moved.iloc[200:].max() < 1e-4
    assert (result["weight"].iloc[200:] > 0.999).all()
    # ... tiny ones move toward the parent mean: on the logit scale never past it ...
    toward = result["parent_logit"] - result["logit"]
    step = result["shrunk_logit"] - result["logit"]
    assert ((step * toward >= 0) & (step.abs() <= toward.abs() + 1e-12)).all()
    assert (step.abs().iloc[:200] > 0.3 * toward.abs().iloc[:200]).all()
    # ... and on the rate scale they end up much closer to it on average.
    before = (result["rate"].iloc[:200] - parent_rate).abs()
    after = (result["shrunk_rate"].iloc[:200] - parent_rate).abs()
    assert after.mean() < 0.5 * before.mean()
    assert moved.iloc[:200].mean() > 100 * moved.iloc[200:].mean()


def test_shrinkage_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError, match="0 <= numerator <= denominator"):
        shrink_rates([5, 12], [10, 10])
