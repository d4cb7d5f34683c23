"""The estimates recover the relation planted in the demo data, at the stated coverage.

Within each buurt the expected outcome is exactly ``intercept + slope * rank`` (see
``kansen.demo._pupils``), so the OLS line in a band estimates the planted value at the band's
point without bias, and about 95% of the intervals should cover it. Twelve seeds of Demostad with
about 10,000 pupils give some 2,000 cells per kind of outcome; the data are fixed by their seeds,
so the test is deterministic. The accepted range is the central 99.9% of a binomial(N, 0.95);
cells share pupils (bands overlap), which makes the real spread a little wider than binomial,
hence the generous level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ALL_OUTCOMES, GROUP_RULES_ONLY, with_outcomes
from kansen.demo import build_demostad, build_pupils
from kansen.opportunity import estimate_opportunity

SEEDS = range(12)


@pytest.fixture(scope="module")
def cells() -> pd.DataFrame:
    """Buurt cells of many seeds, with the planted value of each."""
    demo = build_demostad()
    frames = []
    for seed in SEEDS:
        pupils = build_pupils(demo, seed=seed, years=(2024,), pupils_per_1000=100)
        result = estimate_opportunity(
            pupils.pupils,
            levels=["buurt", "wijk"],
            outcomes=ALL_OUTCOMES,
            disclosure=GROUP_RULES_ONLY,
        )
        found = result.confidential.query("level == 'buurt'")
        bands = found[found["band"] != "all"].merge(
            pupils.planted(),
            left_on=["area_code", "band", "outcome"],
            right_on=["buurt", "band", "outcome"],
            validate="one_to_one",
        )
        # Band "all": the planted line at the mean rank of the buurt's pupils with the outcome.
        reference = with_outcomes(pupils.pupils)
        mean_rank = {
            outcome: reference[reference[outcome].notna()].groupby("buurt")["x"].mean()
            for outcome in ALL_OUTCOMES
        }
        everyone = found[found["band"] == "all"].merge(
            pupils.lines.rename(columns={"slope": "planted_slope"}),
            left_on=["area_code", "outcome"],
            right_on=["buurt", "outcome"],
            validate="one_to_one",
        )
        ranks = [
            mean_rank[o][b] for o, b in zip(everyone["outcome"], everyone["buurt"], strict=True)
        ]
        everyone["planted"] = everyone["intercept"] + everyone["planted_slope"] * np.array(ranks)
        frames += [bands.assign(seed=seed), everyone.assign(seed=seed)]
    table = pd.concat(frames, ignore_index=True)
    table["covered"] = (table["ci_low"] <= table["planted"]) & (
        table["planted"] <= table["ci_high"]
    )
    return table


def _assert_coverage(covered: pd.Series, nominal: float = 0.95) -> None:
    low, high = stats.binom.interval(0.999, len(covered), nominal)
    assert low / len(covered) <= covered.mean() <= high / len(covered), (
        f"{covered.mean():.4f} of {len(covered)} intervals cover the planted value; expected "
        f"{low / len(covered):.4f}-{high / len(covered):.4f}"
    )


def test_bands_of_a_numeric_outcome(cells: pd.DataFrame) -> None:
    chosen = cells[(cells["outcome"] == "test_score") & (cells["band"] != "all")]
    chosen = chosen[chosen["n"] >= 12]
    assert len(chosen) > 1_500
    _assert_coverage(chosen["covered"])


def test_bands_of_shares(cells: pd.DataFrame) -> None:
    # Normal-theory intervals of a share need enough pupils with and without the outcome (the
    # same rule as disclosure control, applied to the planted share, not the estimate).
    shares = cells[(cells["outcome"] != "test_score") & (cells["band"] != "all")]
    expected = shares["n"] * shares["planted"]
    chosen = shares[(expected >= 10) & (shares["n"] - expected >= 10)]
    assert len(chosen) > 1_500
    assert set(chosen["outcome"]) == {"under_advice", "over_advice", "at_least_havo"}
    _assert_coverage(chosen["covered"])


def test_the_mean_over_all_pupils(cells: pd.DataFrame) -> None:
    # The interval of a mean includes the spread of rank within the buurt, so it covers the line
    # at the buurt's mean rank at least as often as stated.
    chosen = cells[(cells["band"] == "all") & (cells["n"] >= 30)]
    chosen = chosen[(chosen["outcome"] == "test_score") | (chosen["n"] * chosen["planted"] >= 10)]
    assert len(chosen) > 500
    low, _ = stats.binom.interval(0.999, len(chosen), 0.95)
    assert chosen["covered"].mean() >= low / len(chosen)


def test_shrinkage_moves_noisy_buurten_toward_their_wijk(cells: pd.DataFrame) -> None:
    shrunk = cells[cells["shrinkage_weight"].notna()]
    assert len(shrunk) > 1_000
    weight = shrunk["shrinkage_weight"]
    assert weight.between(0, 1).all()
    # A noisier estimate gets less weight of its own, within one kind of cell.
    for _, group in shrunk.groupby(["seed", "band", "outcome"]):
        if group["shrinkage_weight"].nunique() > 2:
            order = group.sort_values("se")
            assert order["shrinkage_weight"].is_monotonic_decreasing
    # And the shrunk estimates are closer to the planted values on average, for every outcome.
    for outcome, group in shrunk.groupby("outcome"):
        raw_error = ((group["estimate"] - group["planted"]) ** 2).mean()
        shrunk_error = ((group["estimate_shrunk"] - group["planted"]) ** 2).mean()
        assert shrunk_error < 0.9 * raw_error, outcome
