"""Disclosure control: the primary rules, rounding, complementary suppression, the output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import ALL_OUTCOMES
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
    table = result.published
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
    result = estimate_opportunity(
        _pupils("GM0001", outcome),
        levels=["gemeente"],
        outcomes=["score"],
        disclosure=DisclosureRules(**rules) if rules else None,  # type: ignore[arg-type]
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
    confidential = result.confidential.query("band == 'very_low'").iloc[0]
    assert confidential["estimate"] < 0 < confidential["mean"]
    assert not cell["published"]
    assert cell["suppression_reason"] == "few_with_outcome"


def test_suppressed_cells_show_no_numbers_and_say_why(demo_pupils: DemoPupils) -> None:
    result = estimate_opportunity(
        demo_pupils.pupils, levels=["buurt", "wijk", "gemeente"], subgroups=["gender"]
    )
    table = result.published
    assert tuple(table.columns) == PUBLISHED_COLUMNS
    hidden = table[~table["published"]]
    shown = table[table["published"]]
    assert len(hidden) > 0
    assert len(shown) > 0
    assert (hidden["status"] == SUPPRESSED_STATUS).all()
    assert hidden["suppression_reason"].notna().all()
    codes = {code for text in hidden["suppression_reason"] for code in text.split(";")}
    assert codes <= set(SUPPRESSION_REASONS)
    numbers = [
        "n",
        "mean",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "slope",
        "slope_se",
        "estimate_shrunk",
        "shrinkage_weight",
    ]
    assert hidden[numbers].isna().all().all()
    assert (shown["status"] == "ok").all()
    assert shown["suppression_reason"].isna().all()
    assert (shown["n"] % 10 == 0).all()
    assert (shown["n"] >= 10).all()
    assert result.summary.cells == len(table)
    assert result.summary.published == len(shown)
    assert sum(result.summary.suppressed_by_main_reason.values()) == len(hidden)


def _exposed_groups(table: pd.DataFrame) -> list[tuple[object, ...]]:
    """Groups (a published total and its parts) with exactly one suppressed part.

    Written independently of the package, from the published table only: geography groups are
    the areas of one level with the same parent (the root when there is none, treated as
    published), subgroup groups the values of one subgroup column in one area.
    """
    key = ["year", "subgroup", "subgroup_value", "band", "outcome"]
    cells = table.set_index(["level", "area_code", *key])
    exposed = []
    for (level, parent, *rest), parts in table.fillna({"parent_code": "<root>"}).groupby(
        ["level", "parent_code", *key]
    ):
        hidden = int((~parts["published"]).sum())
        if hidden != 1 or (len(parts) == 1 and parent == "<root>"):
            continue
        if parent == "<root>":
            exposed.append((level, parent, *rest))
            continue
        parent_level = {"buurt": "wijk", "wijk": "gemeente", "pc4": "gemeente"}[str(level)]
        if cells.loc[(parent_level, parent, *rest), "published"]:
            exposed.append((level, parent, *rest))
    by_value = table[table["subgroup"] != "all"]
    for (level, area, year, subgroup, band, outcome), parts in by_value.groupby(
        ["level", "area_code", "year", "subgroup", "band", "outcome"]
    ):
        if (
            int((~parts["published"]).sum()) == 1
            and cells.loc[(level, area, year, "all", "all", band, outcome), "published"]
        ):
            exposed.append((level, area, subgroup, band, outcome))
    return exposed


def test_complementary_suppression_leaves_no_cell_alone(demo_pupils: DemoPupils) -> None:
    result = estimate_opportunity(
        demo_pupils.pupils,
        levels=["buurt", "wijk", "gemeente", "pc4"],
        subgroups=["gender", "household"],
        outcomes=ALL_OUTCOMES,
    )
    assert result.summary.suppressed_by_reason.get("complementary", 0) > 10
    assert _exposed_groups(result.published) == []
    without = estimate_opportunity(
        demo_pupils.pupils,
        levels=["buurt", "wijk", "gemeente", "pc4"],
        subgroups=["gender", "household"],
        outcomes=ALL_OUTCOMES,
        disclosure=DisclosureRules(complementary=False),
    )
    assert len(_exposed_groups(without.published)) > 10


def test_the_smallest_sibling_is_suppressed_with_a_small_one() -> None:
    frames = [
        _pupils(code, list(np.arange(n, dtype=float)))
        for code, n in [("BU01", 5), ("BU02", 30), ("BU03", 20), ("BU04", 40)]
    ]
    pupils = pd.concat(frames, ignore_index=True)
    pupils = pupils.rename(columns={"gemeente": "buurt"}).assign(wijk="WK01", gemeente="GM01")
    result = estimate_opportunity(pupils, levels=["buurt", "wijk"], outcomes=["score"])
    everyone = result.published[result.published["band"] == "all"].set_index("area_code")
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
        pupils, levels=["buurt", "wijk"], subgroups=["gender"], outcomes=["score"]
    )
    table = result.published.query("band == 'all'").set_index(["area_code", "subgroup_value"])
    assert table.loc[("BU01", "girl"), "suppression_reason"] == "n_below_mean_minimum"
    assert table.loc[("BU01", "boy"), "suppression_reason"] == "complementary"
    assert table.loc[("BU02", "girl"), "suppression_reason"] == "n_below_mean_minimum"
    assert table.loc[("WK02", "girl"), "suppression_reason"] == "n_below_mean_minimum"
    assert _exposed_groups(result.published) == []


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
        low, high = sorted([row.estimate, parents.loc[key, "estimate"]])
        assert low - 1e-12 <= row.estimate_shrunk <= high + 1e-12
    assert table.loc[table["level"] == "gemeente", "estimate_shrunk"].isna().all()


def test_rounding_and_decimals(demo_pupils: DemoPupils) -> None:
    rules = DisclosureRules(rounding_base=50, decimals=3)
    result = estimate_opportunity(demo_pupils.pupils, levels=["wijk"], disclosure=rules)
    shown = result.published[result.published["published"]]
    assert (shown["n"] % 50 == 0).all()
    assert (shown["estimate"] == shown["estimate"].round(3)).all()
    with pytest.raises(ValueError, match="min_n_mean"):
        DisclosureRules(min_n_mean=0)


def test_only_the_published_table_is_written(demo_pupils: DemoPupils, tmp_path: Path) -> None:
    result = estimate_opportunity(demo_pupils.pupils, levels=["wijk", "gemeente"])
    parquet = result.write(tmp_path / "out" / "results.parquet")
    back = pd.read_parquet(parquet)
    assert tuple(back.columns) == PUBLISHED_COLUMNS
    assert len(back) == len(result.published)
    csv = result.write(tmp_path / "results.csv")
    text = csv.read_text(encoding="utf-8")
    assert text.startswith(",".join(PUBLISHED_COLUMNS))
    assert SUPPRESSED_STATUS in text
    with pytest.raises(ValueError, match="only a published table"):
        write_published(result.confidential, tmp_path / "leak.parquet")
    with pytest.raises(ValueError, match=r"\.parquet or \.csv"):
        result.write(tmp_path / "results.xlsx")
