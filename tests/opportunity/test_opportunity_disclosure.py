"""Disclosure control: the primary rules, rounding, complementary suppression, the output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import ALL_OUTCOMES, GROUP_RULES_ONLY
from kansen.demo import DemoPupils
from kansen.opportunity import (
    PUBLISHED_COLUMNS,
    SUPPRESSED_STATUS,
    SUPPRESSION_REASONS,
    DisclosureRules,
    OpportunityResult,
    estimate_opportunity,
    write_published,
)


def _pupils(area: str, outcome: list[float], ranks: list[float] | None = None) -> pd.DataFrame:
    ranks = ranks if ranks is not None else list(np.linspace(0.41, 0.59, len(outcome)))
    return pd.DataFrame({"gemeente": area, "year": 2024, "parent_rank": ranks, "score": outcome})


def _cell(result: OpportunityResult, area: str, band: str = "all") -> pd.Series:
    """The cell's confidential row: exact numbers and the detailed reasons."""
    table = result.confidential
    return table[(table["area_code"] == area) & (table["band"] == band)].iloc[0]


# (what, outcome values of one gemeente, band, rules, expected reasons; "" = published)
PRIMARY = [
    ("a mean of 11 pupils", [1.0, 2.0] * 5 + [3.0], "all", None, ""),
    ("a mean of 10 pupils", [1.0, 2.0] * 5, "all", None, "n_below_mean_minimum"),
    (
        "a stricter minimum",
        [1.0, 2.0] * 5 + [3.0],
        "all",
        {"min_n_mean": 20},
        "n_below_mean_minimum",
    ),
    ("a regression on 12 pupils", [1.0, 2.0, 4.0] * 4, "middle", None, ""),
    (
        "a regression on 11 pupils",
        [1.0, 2.0, 4.0] * 3 + [1.0, 2.0],
        "middle",
        None,
        "n_below_regression_minimum",
    ),
    ("10 of 30 with the outcome", [1.0] * 10 + [0.0] * 20, "all", None, ""),
    # 10 / 77 * 77 is 9.999999999999998 in floating point: the rule counts whole pupils.
    ("10 of 77 with the outcome", [1.0] * 10 + [0.0] * 67, "all", None, ""),
    ("67 of 77, 10 without it", [1.0] * 67 + [0.0] * 10, "all", None, ""),
    ("9 of 30 with the outcome", [1.0] * 9 + [0.0] * 21, "all", None, "few_with_outcome"),
    ("9 of 30 without it", [0.0] * 9 + [1.0] * 21, "all", None, "few_without_outcome"),
    ("a share rule of 5", [1.0] * 9 + [0.0] * 21, "all", {"min_share_count": 5}, ""),
    ("a mean of exactly 0", [-1.0, 1.0] * 6, "all", None, "zero_estimate"),
    ("zero allowed", [-1.0, 1.0] * 6, "all", {"suppress_zero": False}, ""),
    ("none with the outcome", [0.0] * 30, "all", None, "few_with_outcome;zero_estimate"),
]


@pytest.mark.parametrize(
    ("what", "outcome", "band", "rules", "reasons"), PRIMARY, ids=[row[0] for row in PRIMARY]
)
def test_primary_rules(
    what: str, outcome: list[float], band: str, rules: dict[str, object] | None, reasons: str
) -> None:
    # the primary rules alone: the protection that the audit drives may suppress more (in a
    # gemeente of 12 pupils the middle band's 12 leave at most 2 to the others)
    result = estimate_opportunity(
        _pupils("GM0001", outcome),
        levels=["gemeente"],
        outcomes=["score"],
        disclosure=DisclosureRules(audited=False, **(rules or {})),  # type: ignore[arg-type]
    )
    cell = _cell(result, "GM0001", band)
    assert cell["published"] == (reasons == "")
    assert (cell["suppression_reason"] or "") == reasons


def test_a_prediction_outside_zero_to_one_is_suppressed() -> None:
    # 40 pupils with ranks 0.15-0.20 whose share rises steeply: the line at 0.10 is below 0.
    ranks = list(np.linspace(0.15, 0.2, 40))
    outcome = [0.0] * 20 + [1.0] * 20
    result = estimate_opportunity(
        _pupils("GM0001", outcome, ranks), levels=["gemeente"], outcomes=["score"]
    )
    cell = _cell(result, "GM0001", "very_low")
    assert cell["estimate"] < 0 < cell["mean"]
    assert not cell["published"]
    assert cell["suppression_reason"] == "few_with_outcome"


def test_suppressed_cells_show_no_numbers_and_one_reason(demo_pupils: DemoPupils) -> None:
    result = estimate_opportunity(
        demo_pupils.pupils,
        levels=["buurt", "wijk", "gemeente"],
        subgroups=["gender"],
        disclosure=GROUP_RULES_ONLY,
    )
    table = result.published
    assert tuple(table.columns) == PUBLISHED_COLUMNS
    hidden = table[~table["published"]]
    shown = table[table["published"]]
    assert len(hidden) > 0
    assert len(shown) > 0
    # One public reason; the detailed ones only in the confidential output.
    assert (hidden["status"] == SUPPRESSED_STATUS).all()
    assert "suppression_reason" not in table.columns
    codes = {
        code
        for text in result.confidential["suppression_reason"].dropna()
        for code in text.split(";")
    }
    assert codes <= set(SUPPRESSION_REASONS)
    numbers = [
        "n",
        "precision",
        "mean",
        "estimate",
        "ci_low",
        "ci_high",
        "slope",
        "estimate_shrunk",
    ]
    assert hidden[numbers].isna().all().all()
    assert (shown["status"] == "ok").all()
    assert (shown["n"] % 10 == 0).all()
    assert (shown["n"] >= 10).all()
    assert result.summary.cells == len(table)
    assert result.summary.published == len(shown)
    assert sum(result.summary.suppressed_by_main_reason.values()) == len(hidden)


def test_cells_without_pupils_are_suppressed_rows(demo_pupils: DemoPupils) -> None:
    result = estimate_opportunity(
        demo_pupils.pupils,
        levels=["buurt", "wijk"],
        subgroups=["gender"],
        disclosure=GROUP_RULES_ONLY,
    )
    table = result.published
    # Every area has every subgroup value, band and outcome: a missing row would say "none".
    per_area = table.groupby(["year", "level", "area_code"]).size()
    assert per_area.nunique() == 1
    assert per_area.iloc[0] == 3 * 6 * 3  # (all, boy, girl) x bands x outcomes
    empty = result.confidential["n"] == 0
    assert empty.sum() > 100
    assert not table.loc[empty, "published"].any()
    assert (table.loc[empty, "status"] == SUPPRESSED_STATUS).all()


def _lonely(table: pd.DataFrame, pupils: pd.DataFrame) -> list[tuple[object, ...]]:
    """Groups (a total and its parts) with exactly one suppressed member: it follows from the rest.

    Written independently of the package, from the published table and the pupils' area codes:
    for each pair of levels where every area of one lies in one area of the other, the areas of
    the first inside each area of the second; the areas of a level under the root (the root is
    no row: treated as published; a root with a single part, such as a gemeente holding every
    pupil, is the one exception); the values of one subgroup column inside the area's cell over
    all pupils.
    """
    key = ["year", "subgroup", "subgroup_value", "band", "outcome"]
    table = table.assign(hidden=(~table["published"]).astype(int))
    hidden_of = table.set_index(["level", "area_code", *key])["hidden"]
    levels = list(table["level"].unique())
    lonely: list[tuple[object, ...]] = []
    for fine in levels:
        for coarse in levels:
            if fine == coarse:
                continue
            pairs = pupils[["year", fine, coarse]].astype(str).drop_duplicates()
            if pairs.groupby(["year", fine])[coarse].nunique().max() > 1:
                continue
            if pairs[fine].nunique() < pairs[coarse].nunique():
                continue
            owner = pairs.rename(columns={fine: "area_code", coarse: "owner"})
            parts = table[table["level"] == fine].assign(year_text=lambda f: f["year"].astype(str))
            parts = parts.merge(
                owner.rename(columns={"year": "year_text"}), on=["year_text", "area_code"]
            )
            hidden_parts = parts.groupby(["owner", *key])["hidden"].sum()
            totals = hidden_of.xs(coarse, level="level")
            totals.index = totals.index.set_names("owner", level=0)
            members = hidden_parts + totals.reindex(hidden_parts.index)
            lonely += [(fine, coarse, *k) for k in members[members == 1].index]
    root = table.groupby(["level", *key])["hidden"].agg(["sum", "size"])
    lonely += list(root[(root["sum"] == 1) & (root["size"] > 1)].index)
    by_value = table[table["subgroup"] != "all"]
    group = ["level", "area_code", "year", "subgroup", "band", "outcome"]
    hidden_parts = by_value.groupby(group)["hidden"].sum()
    everyone = table[table["subgroup"] == "all"].set_index(
        ["level", "area_code", "year", "band", "outcome"]
    )["hidden"]
    index = hidden_parts.index.droplevel("subgroup")
    members = hidden_parts.to_numpy() + everyone.reindex(index).to_numpy()
    lonely += list(hidden_parts.index[members == 1])
    return lonely


def _lonely_twins(table: pd.DataFrame) -> int:
    """Under- and over-advice cells (the same pupils) of which exactly one is suppressed."""
    twins = table[table["outcome"].isin(["under_advice", "over_advice"])]
    keys = ["year", "level", "area_code", "subgroup", "subgroup_value", "band"]
    hidden = (~twins["published"]).groupby([twins[k] for k in keys]).sum()
    return int((hidden == 1).sum())


def test_complementary_suppression_leaves_no_cell_alone(demo_pupils: DemoPupils) -> None:
    levels = ["buurt", "wijk", "gemeente", "pc4"]
    result = estimate_opportunity(
        demo_pupils.pupils,
        levels=levels,
        subgroups=["gender", "household"],
        outcomes=ALL_OUTCOMES,
        disclosure=GROUP_RULES_ONLY,
    )
    assert result.summary.suppressed_by_reason.get("complementary", 0) > 10
    assert _lonely(result.published, demo_pupils.pupils) == []
    assert _lonely_twins(result.published) == 0
    without = estimate_opportunity(
        demo_pupils.pupils,
        levels=levels,
        subgroups=["gender", "household"],
        outcomes=ALL_OUTCOMES,
        disclosure=DisclosureRules(complementary=False, audited=False),
    )
    assert len(_lonely(without.published, demo_pupils.pupils)) > 10
    assert _lonely_twins(without.published) > 10


def test_a_buurt_is_protected_against_its_postcode_area() -> None:
    # BU01 is too small. Along its wijk the smallest other buurt, BU05, is suppressed with it;
    # but BU05 lies in another pc4, and pc4 1000 = BU01 + BU02 + BU03 would give BU01 back.
    sizes = {"BU01": 5, "BU02": 40, "BU03": 30, "BU04": 50, "BU05": 20}
    wijk = {"BU01": "WK01", "BU02": "WK01", "BU05": "WK01", "BU03": "WK02", "BU04": "WK02"}
    pc4 = {"BU01": "1000", "BU02": "1000", "BU03": "1000", "BU04": "2000", "BU05": "2000"}
    frames = [_pupils(code, list(np.arange(n, dtype=float))) for code, n in sizes.items()]
    pupils = pd.concat(frames, ignore_index=True).rename(columns={"gemeente": "buurt"})
    pupils = pupils.assign(
        wijk=pupils["buurt"].map(wijk), pc4=pupils["buurt"].map(pc4), gemeente="GM01"
    )
    result = estimate_opportunity(
        pupils,
        levels=["buurt", "wijk", "gemeente", "pc4"],
        outcomes=["score"],
        disclosure=GROUP_RULES_ONLY,
    )
    everyone = result.published[result.published["band"] == "all"].set_index("area_code")
    assert not everyone.loc["BU01", "published"]
    assert not everyone.loc["BU05", "published"]
    assert (~everyone.loc[["BU01", "BU02", "BU03", "1000"], "published"]).sum() >= 2
    assert _lonely(result.published, pupils) == []


def test_a_suppressed_total_is_not_left_alone_with_its_parts() -> None:
    # Boys (30, mean 1) and girls (41, mean -30/41) are published; over all pupils the mean is
    # exactly 0, so that cell is suppressed. Boys + girls would give it back: the smaller part
    # is suppressed with it.
    pupils = pd.concat(
        [
            _pupils("GM01", [2.0, 0.0] * 15).assign(gender="boy"),
            _pupils("GM01", [-2.0, 0.0] * 15 + [0.0] * 11).assign(gender="girl"),
        ],
        ignore_index=True,
    )
    result = estimate_opportunity(
        pupils,
        levels=["gemeente"],
        subgroups=["gender"],
        outcomes=["score"],
        disclosure=GROUP_RULES_ONLY,
    )
    table = result.confidential.query("band == 'all'").set_index("subgroup_value")
    assert table.loc["all", "suppression_reason"] == "zero_estimate"
    assert table.loc["boy", "suppression_reason"] == "complementary"
    assert table.loc["girl", "published"]


def test_twins_on_the_same_pupils_are_suppressed_together(demo_pupils: DemoPupils) -> None:
    result = estimate_opportunity(demo_pupils.pupils, levels=["wijk"])
    table = result.confidential
    twins = table[table["outcome"].isin(["under_advice", "over_advice"])]
    keys = ["year", "area_code", "band"]
    shown = twins.groupby(keys)["published"].agg(["min", "max"])
    assert (shown["min"] == shown["max"]).all()
    # and some pairs have one twin suppressed only for the other's sake
    reasons = twins.pivot_table(
        index=keys, columns="outcome", values="suppression_reason", aggfunc="first"
    )
    assert ((reasons["over_advice"] == "complementary") & reasons["under_advice"].notna()).any()


def test_the_smallest_sibling_is_suppressed_with_a_small_one() -> None:
    frames = [
        _pupils(code, list(np.arange(n, dtype=float)))
        for code, n in [("BU01", 5), ("BU02", 30), ("BU03", 20), ("BU04", 40)]
    ]
    pupils = pd.concat(frames, ignore_index=True)
    pupils = pupils.rename(columns={"gemeente": "buurt"}).assign(wijk="WK01", gemeente="GM01")
    result = estimate_opportunity(pupils, levels=["buurt", "wijk"], outcomes=["score"])
    everyone = result.confidential[result.confidential["band"] == "all"].set_index("area_code")
    assert everyone.loc["BU01", "suppression_reason"] == "n_below_mean_minimum"
    assert everyone.loc["BU03", "suppression_reason"] == "complementary"
    assert everyone.loc[["BU02", "BU04", "WK01"], "published"].all()


def test_a_total_equal_to_its_only_part_is_suppressed_with_it() -> None:
    # A wijk with one buurt: its gender cells are the buurt's. When the buurt's girls are
    # suppressed and the boys are not, the boys are suppressed as well; and when a subgroup
    # value is alone in an area, the area's cell over all pupils is suppressed with it.
    pupils = pd.concat(
        [
            _pupils("BU01", list(np.arange(30.0))).assign(gender="boy"),
            _pupils("BU01", list(np.arange(5.0))).assign(gender="girl"),
            _pupils("BU02", list(np.arange(8.0))).assign(gender="girl"),
        ],
        ignore_index=True,
    )
    pupils = pupils.rename(columns={"gemeente": "buurt"})
    pupils["wijk"] = pupils["buurt"].map({"BU01": "WK01", "BU02": "WK02"})
    result = estimate_opportunity(
        pupils,
        levels=["buurt", "wijk"],
        subgroups=["gender"],
        outcomes=["score"],
        disclosure=GROUP_RULES_ONLY,
    )
    table = result.confidential.query("band == 'all'").set_index(["area_code", "subgroup_value"])
    assert table.loc[("BU01", "girl"), "suppression_reason"] == "n_below_mean_minimum"
    assert table.loc[("BU01", "boy"), "suppression_reason"] == "complementary"
    assert table.loc[("BU02", "girl"), "suppression_reason"] == "n_below_mean_minimum"
    assert table.loc[("WK02", "girl"), "suppression_reason"] == "n_below_mean_minimum"
    assert _lonely(result.published, pupils) == []


def test_shrunk_estimates_only_beside_published_parents(demo_pupils: DemoPupils) -> None:
    result = estimate_opportunity(demo_pupils.pupils, levels=["buurt", "wijk", "gemeente"])
    table = result.published
    shrunk = table[table["estimate_shrunk"].notna()]
    assert len(shrunk) > 20
    parents = table.set_index(["level", "area_code", "year", "band", "outcome", "subgroup_value"])
    parent_level = {"buurt": "wijk", "wijk": "gemeente"}
    for row in shrunk.itertuples():
        key = (
            parent_level[row.level],
            row.parent_code,
            row.year,
            row.band,
            row.outcome,
            row.subgroup_value,
        )
        assert parents.loc[key, "published"]
        # between the area's and its parent's estimate, up to the rounding to the precision
        low, high = sorted([row.estimate, parents.loc[key, "estimate"]])
        margin = row.precision / 2 + 1e-12
        assert low - margin <= row.estimate_shrunk <= high + margin
        steps = row.estimate_shrunk / row.precision
        assert steps == pytest.approx(round(steps), abs=1e-9)
    assert table.loc[table["level"] == "gemeente", "estimate_shrunk"].isna().all()


def test_rounding_and_decimals(demo_pupils: DemoPupils) -> None:
    rules = DisclosureRules(rounding_base=50, decimals=2)
    result = estimate_opportunity(demo_pupils.pupils, levels=["wijk"], disclosure=rules)
    shown = result.published[result.published["published"]]
    assert (shown["n"] % 50 == 0).all()
    assert (shown["precision"] >= 0.01).all()
    steps = shown["estimate"] / shown["precision"]
    assert np.allclose(steps, steps.round())
    with pytest.raises(ValueError, match="min_n_mean"):
        DisclosureRules(min_n_mean=0)
    with pytest.raises(ValueError, match="decimals"):
        DisclosureRules(decimals=None)  # type: ignore[arg-type]


# (published n, smallest count the rules allow, unit, decimals, expected precision)
PRECISION = [
    (10, 11, 1.0, 3, 0.1),  # a mean of 11-14 pupils: 1/11 = 0.09 -> 0.1
    (20, 20, 1.0, 3, 0.05),  # a share needs 10 with and 10 without: at least 20 pupils
    (30, 25, 1.0, 3, 0.05),  # 1/25 = 0.04
    (100, 95, 1.0, 3, 0.02),  # 1/95 = 0.0105
    (110, 105, 1.0, 3, 0.01),  # 1/105 = 0.0095
    (1000, 995, 1.0, 3, 0.002),
    (1010, 1005, 1.0, 3, 0.001),
    (5000, 4995, 1.0, 2, 0.01),  # never finer than decimals allow
    (100, 95, 60.0, 3, 1.0),  # a test score with values over a range of 60 points: 60/95
]


@pytest.mark.parametrize(("n", "n_low", "unit", "decimals", "expected"), PRECISION)
def test_precision_of_published_numbers(
    n: int, n_low: int, unit: float, decimals: int, expected: float
) -> None:
    from kansen.opportunity._disclosure import publication_step

    step = publication_step(np.array([n_low]), np.array([unit]), decimals)
    assert step.tolist() == [expected]
    # Every count from n_low to n + 4 has a whole number of pupils matching any rounded share.
    for count in range(n_low, n + 5):
        for share in np.arange(0.0, 1.0 + 1e-9, expected):
            k = np.arange(count + 1)
            assert (np.abs(k / count - share) <= expected / 2 + 1e-12).any()


def test_only_the_published_table_is_written(demo_pupils: DemoPupils, tmp_path: Path) -> None:
    result = estimate_opportunity(demo_pupils.pupils, levels=["wijk", "gemeente"])
    parquet = result.write(tmp_path / "out" / "results.parquet")
    back = pd.read_parquet(parquet)
    assert tuple(back.columns) == PUBLISHED_COLUMNS
    import json

    import pyarrow.parquet as pq

    metadata = pq.read_schema(parquet).metadata
    assert json.loads(metadata[b"kansen.disclosure"]) == {
        "min_n_mean": 11,
        "min_n_regression": 12,
        "min_share_count": 10.0,
        "suppress_zero": True,
        "rounding_base": 10,
        "complementary": True,
        "decimals": 3,
        "audited": True,
        "audit_seconds": 300.0,
    }
    assert len(back) == len(result.published)
    csv = result.write(tmp_path / "results.csv")
    text = csv.read_text(encoding="utf-8")
    assert text.startswith(",".join(PUBLISHED_COLUMNS))
    assert SUPPRESSED_STATUS in text
    with pytest.raises(ValueError, match="only a published table"):
        write_published(result.confidential, tmp_path / "leak.parquet")
    with pytest.raises(ValueError, match=r"\.parquet or \.csv"):
        result.write(tmp_path / "results.xlsx")


def test_the_work_on_the_second_thread_gives_the_same_answers(
    demo_pupils: DemoPupils, monkeypatch: pytest.MonkeyPatch
) -> None:
    # estimate_opportunity hands half of the count check, and the groups of complementary
    # suppression (made from the cells' grid, without their sums), to a second thread: each
    # answer must be the one of the whole work on one thread.
    from concurrent.futures import Executor

    from kansen.opportunity import _disclosure, _run
    from kansen.opportunity._disclosure import Precision, SuppressionGroups
    from kansen.opportunity._estimates import CellTable

    monkeypatch.setattr(_disclosure, "_BLOCK", 64)  # several blocks on either thread
    counted: list[tuple[int, np.ndarray, np.ndarray]] = []
    suppressed: list[tuple[np.ndarray, np.ndarray]] = []

    def consistent_counts(
        table: CellTable,
        rules: DisclosureRules,
        shown: np.ndarray,
        cell_precision: Precision,
        helper: Executor | None = None,
    ) -> np.ndarray:
        split = _disclosure.consistent_counts(table, rules, shown, cell_precision, helper)
        alone = _disclosure.consistent_counts(table, rules, shown, cell_precision)
        counted.append((int(shown.sum()), split, alone))
        return split

    def complementary_suppression(
        table: CellTable, primary: np.ndarray, structure: SuppressionGroups | None = None
    ) -> np.ndarray:
        given = _disclosure.complementary_suppression(table, primary, structure)
        suppressed.append((given, _disclosure.complementary_suppression(table, primary)))
        return given

    monkeypatch.setattr(_run, "consistent_counts", consistent_counts)
    monkeypatch.setattr(_run, "complementary_suppression", complementary_suppression)
    result = estimate_opportunity(
        demo_pupils.pupils,
        levels=["buurt", "wijk", "gemeente", "pc4"],
        subgroups=["gender"],
        outcomes=ALL_OUTCOMES,
        disclosure=GROUP_RULES_ONLY,
    )
    assert len(counted) == 1
    assert counted[0][0] > 4 * 64
    assert np.array_equal(counted[0][1], counted[0][2])
    assert len(suppressed) == 1
    assert suppressed[0][0].sum() > 10
    assert np.array_equal(suppressed[0][0], suppressed[0][1])
    assert result.summary.suppressed_by_reason.get("complementary", 0) > 10
