"""DuckDB and Spark give the same numbers on the same input (the same Ibis expressions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from conftest import ALL_OUTCOMES, GROUP_RULES_ONLY
from kansen.demo import DemoPupils
from kansen.opportunity import PupilDataRejected, estimate_opportunity

OPTIONS: dict[str, Any] = {
    "levels": ["buurt", "wijk", "gemeente", "pc4"],
    "subgroups": ["gender"],
    "outcomes": ALL_OUTCOMES,
    "disclosure": GROUP_RULES_ONLY,  # the engines agree before the audit, which is the same
}
FLOATS = [
    "mean",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "slope",
    "slope_se",
    "estimate_shrunk",
    "shrinkage_weight",
    "between_area_variance",
]
KEYS = ["year", "level", "area_code", "subgroup", "subgroup_value", "band", "outcome"]


def test_duckdb_and_spark_agree_to_1e9(
    demo_pupils: DemoPupils, spark_engine: Any, tmp_path: Path
) -> None:
    path = tmp_path / "pupils.parquet"
    demo_pupils.pupils.to_parquet(path)
    duck = estimate_opportunity(path, engine="duckdb", **OPTIONS)
    spark = estimate_opportunity(path, engine=spark_engine, **OPTIONS)
    assert (duck.summary.engine, spark.summary.engine) == ("duckdb", "spark")
    left, right = duck.confidential, spark.confidential
    assert len(left) == len(right) > 10_000
    pd.testing.assert_frame_equal(left[KEYS], right[KEYS])
    assert (left["n"] == right["n"]).all()
    for column in FLOATS:
        a, b = left[column].to_numpy(), right[column].to_numpy()
        assert (np.isnan(a) == np.isnan(b)).all(), column
        both = ~np.isnan(a)
        np.testing.assert_allclose(a[both], b[both], rtol=1e-9, atol=0, err_msg=column)
    pd.testing.assert_frame_equal(
        duck.confidential[["published", "suppression_reason"]],
        spark.confidential[["published", "suppression_reason"]],
    )
    pd.testing.assert_frame_equal(
        duck.published[["published", "n", "precision"]],
        spark.published[["published", "n", "precision"]],
    )
    # From CSV, Spark infers int32 years and postcodes: the same cells and counts.
    csv = tmp_path / "pupils.csv"
    demo_pupils.pupils.to_csv(csv, index=False)
    from_csv = estimate_opportunity(csv, engine=spark_engine, **OPTIONS).confidential
    pd.testing.assert_frame_equal(from_csv[[*KEYS, "n"]], left[[*KEYS, "n"]])
    np.testing.assert_allclose(from_csv["estimate"], left["estimate"], rtol=1e-9)


def test_spark_reads_a_dataframe_and_reports_problems(
    demo_pupils: DemoPupils, spark_engine: Any
) -> None:
    pupils = demo_pupils.pupils[demo_pupils.pupils["year"] == 2024].copy()
    result = estimate_opportunity(pupils, levels=["wijk"], engine=spark_engine)
    expected = estimate_opportunity(pupils, levels=["wijk"])
    pd.testing.assert_series_equal(result.published["published"], expected.published["published"])
    pupils.loc[pupils.index[:3], "school_advice"] = "pro"
    with pytest.raises(PupilDataRejected) as rejected:  # "spark" reuses the fixture's session
        estimate_opportunity(pupils, levels=["wijk"], engine="spark")
    assert rejected.value.problems[0].column == "school_advice"
    assert rejected.value.problems[0].count == 3
