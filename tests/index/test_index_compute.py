"""Computing an index: missing values, row order, deciles, scoring options and sensitivity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kansen.index import (
    Domain,
    IndexDataError,
    IndexDefinition,
    Indicator,
    ReferenceSet,
    compute_index,
    deciles,
    exponential_transform,
    factor_weights,
    normal_scores,
    sensitivity,
    shrink_rates,
)

NAN = np.nan

# Six buurten in two wijken, and one (BU7) without any value of its own. Missing cells:
# BU2.a and BU3.b, BU3.c (the parent WK1 has them), BU4.b and BU5.c (the parent WK2 has not),
# BU7.a (WK2 has it), BU7.b and BU7.c (WK2 has not).
TABLE = pd.DataFrame(
    {
        "a": [10, NAN, 30, 40, 50, 60, NAN, 20, 50],
        "b": [1, 2, NAN, NAN, 5, 6, NAN, 2, NAN],
        "c": [70, 60, NAN, 40, NAN, 20, NAN, 60, NAN],
    },
    index=["BU1", "BU2", "BU3", "BU4", "BU5", "BU6", "BU7", "WK1", "WK2"],
)
PARENTS = {"BU1": "WK1", "BU2": "WK1", "BU3": "WK1"} | {f"BU{i}": "WK2" for i in (4, 5, 6, 7)}
BUURTEN = ReferenceSet("buurten", code_prefix="BU")


def small_index(missing: tuple[str, ...]) -> IndexDefinition:
    return IndexDefinition(
        name="small",
        missing=missing,  # type: ignore[arg-type]
        reference=BUURTEN,
        domains=(
            Domain("income", 60, (Indicator("a", "higher_is_worse"),
                                  Indicator("b", "higher_is_worse"))),
            Domain("work", 40, (Indicator("c", "higher_is_better"),)),
        ),
    )  # fmt: skip


# (policy, actions per area ("" = complete; None = not in the result), error message or None)
MISSING_CASES = [
    # Only 'error': any missing value stops everything; 8 cells in 5 areas.
    (("error",), None, r"8 missing values in 5 areas"),
    # Only 'drop': every area with a missing value is left out; BU1 and BU6 remain.
    (("drop",), {"BU1": "", "BU2": "drop", "BU3": "drop", "BU4": "drop", "BU5": "drop",
                 "BU6": "", "BU7": "drop"}, None),
    # Parent values fill BU2.a, BU3.b, BU3.c and BU7.a; BU4.b, BU5.c, BU7.b and BU7.c remain.
    (("parent", "error"), None, r"4 missing values in 3 areas"),
    # As above, but the areas still incomplete are dropped (BU7 after taking WK2's a).
    (("parent", "drop"), {"BU1": "", "BU2": "parent", "BU3": "parent", "BU4": "drop",
                          "BU5": "drop", "BU6": "", "BU7": "parent, drop"}, None),
    # Re-weighting cannot score BU7, which has no value at all.
    (("reweight", "error"), None, r"3 missing values in 1 area .*BU7/a"),
    # Re-weighting scores the others (BU3 and BU5 without any work value); BU7 is dropped.
    (("reweight", "drop"), {"BU1": "", "BU2": "reweight", "BU3": "reweight", "BU4": "reweight",
                            "BU5": "reweight", "BU6": "", "BU7": "drop"}, None),
    # Parent first, then re-weighting: everybody is scored.
    (("parent", "reweight", "error"), {"BU1": "", "BU2": "parent", "BU3": "parent",
                                       "BU4": "reweight", "BU5": "reweight", "BU6": "",
                                       "BU7": "parent, reweight"}, None),
]  # fmt: skip


@pytest.mark.parametrize(("policy", "actions", "error"), MISSING_CASES)
def test_missing_value_policies(
    policy: tuple[str, ...], actions: dict[str, str] | None, error: str | None
) -> None:
    definition = small_index(policy)
    if error is not None:
        with pytest.raises(IndexDataError, match=error):
            compute_index(TABLE, definition, parents=PARENTS)
        return
    assert actions is not None
    result = compute_index(TABLE, definition, parents=PARENTS)
    assert result.frame["missing"].to_dict() == actions
    dropped = [code for code, action in actions.items() if "drop" in action]
    assert result.dropped == dropped
    assert result.n == 7 - len(dropped)
    ranked = result.frame.drop(index=dropped)
    assert ranked["score"].notna().all()
    assert sorted(ranked["rank"]) == list(range(1, result.n + 1))
    assert result.frame.loc[dropped, ["score", "rank"]].isna().all().all()
    assert set(result.missing["area_code"]) == {code for code, a in actions.items() if a}


def test_a_missing_value_is_never_zero_but_left_out() -> None:
    result = compute_index(TABLE, small_index(("reweight", "drop")), parents=PARENTS)
    ranked = TABLE.loc[["BU1", "BU2", "BU3", "BU4", "BU5", "BU6"]]
    # BU2 has no 'a': its income score is the normal score of 'b' alone.
    b_scores = pd.Series(normal_scores(ranked["b"].to_numpy()), index=ranked.index)
    assert result.frame.loc["BU2", "income_score"] == pytest.approx(b_scores["BU2"])
    # BU5 has no work value: its index is the income part scaled from 60 to 100 percent.
    frame = result.frame
    assert np.isnan(frame.loc["BU5", "work_score"])
    assert frame.loc["BU5", "score"] == pytest.approx(frame.loc["BU5", "income_transformed"])
    report = result.missing.set_index("area_code")
    assert report.loc["BU5", "domain"] == "work"
    assert report.loc["BU5", "indicator"] == ""
    assert "other domains re-weighted" in report.loc["BU5", "detail"]


def test_parent_report_names_the_parent() -> None:
    result = compute_index(TABLE, small_index(("parent", "reweight", "error")), parents=PARENTS)
    bu3 = result.missing[result.missing["area_code"] == "BU3"]
    assert bu3[["domain", "indicator", "action"]].values.tolist() == [
        ["income", "b", "parent"], ["work", "c", "parent"],
    ]  # fmt: skip
    assert set(bu3["detail"]) == {"value of parent area WK1 used"}


WORK = (Indicator("x1", "higher_is_worse"), Indicator("x2", "higher_is_worse"),
        Indicator("x3", "higher_is_better"))  # fmt: skip


def random_table(n: int, seed: int = 5) -> pd.DataFrame:
    """Correlated indicators with some gaps, counts for a shrunk rate, and parents."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=n)
    table = pd.DataFrame(
        {f"x{j}": np.round(latent * 0.7 + rng.normal(size=n), 2) for j in range(6)},
        index=[f"BU{i:05d}" for i in range(n)],
    )
    table["population"] = rng.integers(20, 3000, size=n).astype(float)
    rate = 1 / (1 + np.exp(-(-1.5 + 0.5 * latent)))
    table["poor"] = rng.binomial(table["population"].astype(int), rate).astype(float)
    table = table.mask(rng.random(table.shape) < 0.02)
    table["population"] = table["population"].fillna(100.0)
    table["poor"] = np.minimum(table["poor"], table["population"])
    return table


def rich_index() -> IndexDefinition:
    return IndexDefinition(
        name="rich",
        missing=("reweight", "drop"),
        ties="min",
        domains=(
            Domain("income", 40, (Indicator("poverty", "higher_is_worse", numerator="poor",
                                            denominator="population", shrink=True, weight=2.0),
                                  Indicator("x0", "higher_is_worse", weight=1.0)),
                   weighting="given"),
            Domain("work", 30, WORK, weighting="factor"),
            Domain("health", 20, (Indicator("x4", "higher_is_worse"),), scoring="rate"),
            Domain("safety", 10, (Indicator("x5", "higher_is_worse"),)),
        ),
    )  # fmt: skip


def test_factor_given_and_rate_scoring() -> None:
    definition = IndexDefinition(
        "weights", (
            Domain("work", 60, WORK, weighting="factor"),
            Domain("health", 30, (Indicator("x4", "higher_is_worse"),), scoring="rate"),
            Domain("given", 10, scoring="given"),
        ),
    )  # fmt: skip
    table = random_table(800).fillna(0.5).assign(given=np.linspace(0, 1, 800))
    result = compute_index(table, definition)
    aligned = table[["x1", "x2", "x3"]].to_numpy() * [1, 1, -1]
    expected = factor_weights(normal_scores(aligned))
    assert list(result.indicator_weights["work"].values()) == pytest.approx(list(expected))
    assert sum(result.indicator_weights["work"].values()) == pytest.approx(1.0)
    scores = normal_scores(aligned) @ expected
    # A mean of several indicators is rounded to SCORE_DECIMALS (9) decimals before ranking.
    np.testing.assert_allclose(result.frame["work_score"], scores, rtol=0, atol=0.5e-9 + 1e-15)
    assert (result.frame["work_score"] == result.frame["work_score"].round(9)).all()
    # Rates used directly, and a given domain score used as it is.
    np.testing.assert_array_equal(result.frame["health_score"], table["x4"])
    np.testing.assert_array_equal(result.frame["given_score"], table["given"])
    assert result.frame["given_rank"].iloc[-1] == 1


def test_shrinkage_inside_the_index_uses_the_parents() -> None:
    table = random_table(600).dropna(subset=["poor"])
    parents = pd.Series([f"WK{i % 7}" for i in range(len(table))], index=table.index)
    definition = IndexDefinition("shrunk", (
        Domain("income", 100, (Indicator("poverty", "higher_is_worse", numerator="poor",
                                         denominator="population", shrink=True),)),
    ))  # fmt: skip
    result = compute_index(table, definition, parents=parents)
    shrunk = shrink_rates(table["poor"], table["population"], parents)["shrunk_rate"]
    np.testing.assert_allclose(result.frame["income_score"], normal_scores(shrunk.to_numpy()))
    unshrunk = compute_index(table, definition)  # one group: toward the overall mean
    assert not np.allclose(unshrunk.frame["income_score"], result.frame["income_score"])


def test_results_do_not_depend_on_row_order() -> None:
    table = random_table(1500)
    parents = {code: f"WK{i % 11}" for i, code in enumerate(table.index)}
    result = compute_index(table, rich_index(), parents=parents)
    shuffled = table.sample(frac=1.0, random_state=3)[table.columns[::-1]]
    again = compute_index(shuffled, rich_index(), parents=parents)
    assert list(again.frame.index) == list(shuffled.index)  # the result keeps the data order
    pd.testing.assert_frame_equal(again.frame.loc[result.frame.index], result.frame)
    assert again.indicator_weights == result.indicator_weights
    pd.testing.assert_frame_equal(again.missing, result.missing)


def test_deciles_are_each_about_a_tenth() -> None:
    table = random_table(997).fillna(1.0)
    result = compute_index(table, rich_index())
    counts = result.frame["decile"].value_counts().sort_index()
    assert list(counts.index) == list(range(1, 11))
    assert (counts - 997 / 10).abs().max() <= 1
    assert sorted(result.frame["rank"]) == list(range(1, 998))
    # Deciles are ceil(10 * rank / N); domain transforms follow the published formula.
    np.testing.assert_array_equal(result.frame["decile"], deciles(result.frame["rank"], 997))
    np.testing.assert_allclose(
        result.frame["work_transformed"], exponential_transform(result.frame["work_rank"], 997)
    )


def test_sensitivity_lists_exactly_the_areas_whose_decile_changes() -> None:
    table = random_table(400).fillna(1.0)
    definition = rich_index()
    changes = sensitivity(table, definition, step=5.0)
    assert list(changes.columns) == ["area_code", "domain", "direction", "old_weight",
                                     "new_weight", "old_decile", "new_decile"]  # fmt: skip
    assert len(changes) > 0
    assert set(changes["domain"]) <= {"income", "work", "health", "safety"}
    base = compute_index(table, definition).frame["decile"]
    for (domain, direction), moved in changes.groupby(["domain", "direction"]):
        new_weight = moved["new_weight"].iloc[0]
        weight = definition.domain(str(domain)).weight
        assert new_weight == weight + (5.0 if direction == "up" else -5.0)
        recomputed = compute_index(table, definition.with_weight(str(domain), new_weight))
        changed = recomputed.frame["decile"] != base
        assert set(moved["area_code"]) == set(changed[changed].index)
        row = moved.iloc[0]
        assert row["old_decile"] == base[row["area_code"]]
        assert row["new_decile"] == recomputed.frame.loc[row["area_code"], "decile"]


def test_data_errors_say_what_was_expected() -> None:
    definition = small_index(("error",))
    with pytest.raises(IndexDataError, match=r"expected the columns \['c'\]"):
        compute_index(TABLE.drop(columns="c"), definition)
    with pytest.raises(IndexDataError, match=r"column 'a': expected numbers .*got 'n/a'"):
        compute_index(TABLE.astype(object).fillna("n/a"), definition)
    with pytest.raises(IndexDataError, match=r"one row per area code .*\['BU1'\]"):
        compute_index(pd.concat([TABLE, TABLE.iloc[:1]]), definition)
    with pytest.raises(IndexDataError, match="selects no areas"):
        compute_index(TABLE, definition, reference=ReferenceSet("wijken", code_prefix="WK9"))
    with pytest.raises(IndexDataError, match=r"expected every area in the data.*\['BU99'\]"):
        compute_index(TABLE, definition, reference=ReferenceSet("x", areas=("BU1", "BU99")))


def test_result_metadata_records_definition_reference_and_year() -> None:
    definition = small_index(("parent", "reweight", "error"))
    result = compute_index(TABLE, definition, parents=PARENTS, year=2024)
    meta = result.metadata()
    assert meta["reference"] == "buurten"
    assert meta["year"] == 2024
    assert meta["n"] == 7
    assert IndexDefinition.from_dict(meta["definition"]) == definition
    assert len(meta["missing"]) == len(result.missing)
    assert list(result.domains("rank").columns) == ["income", "work"]
    assert result.frame["decile"].dtype == "Int64"
