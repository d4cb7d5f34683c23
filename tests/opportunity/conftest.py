"""Fixtures for the tests of ``kansen.opportunity``: Demostad's pupils and one Spark session.

The Spark session is made once per test session and stopped at the end. Without PySpark or
Java the Spark tests skip with the reason (and fail in CI, see the root conftest).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from kansen.demo import DemoPupils, build_pupils
from kansen.opportunity import ADVICE_LEVELS, DisclosureRules

#: Every outcome of the demo data.
ALL_OUTCOMES = ["under_advice", "over_advice", "at_least_havo", "test_score"]


@pytest.fixture(scope="session")
def demo_pupils() -> DemoPupils:
    """Demostad's pupils with the default seed (about 1,100 a year, 2022-2024)."""
    return build_pupils()


@pytest.fixture(scope="session")
def spark_engine() -> Iterator[Any]:
    """An Ibis backend on the shared local Spark session (local[2], 127.0.0.1, no UI)."""
    pytest.importorskip("pyspark", reason="the Spark tests need PySpark: pip install kansen[spark]")
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        pytest.skip("the Spark tests need Java 17 or later (java on PATH or JAVA_HOME)")
    import ibis

    from kansen.opportunity import spark_session, stop_spark

    backend = ibis.pyspark.connect(spark_session())
    yield backend
    stop_spark()


def with_outcomes(pupils: pd.DataFrame) -> pd.DataFrame:
    """The pupils with parental rank and the advice outcomes, computed plainly with pandas.

    This is the reference the engine is checked against: rank per year with ties averaged,
    the revised advice replacing the school advice, and comparisons on the nine-level scale.
    """
    frame = pupils.copy()
    frame["x"] = frame.groupby("year")["parent_income"].rank(method="average") / frame.groupby(
        "year"
    )["parent_income"].transform("size")
    position = {level: i for i, level in enumerate(ADVICE_LEVELS)}
    effective = frame["revised_advice"].fillna(frame["school_advice"]).map(position)
    test = frame["test_advice"].map(position)
    known = effective.notna() & test.notna()
    frame["under_advice"] = np.where(known, (effective < test).astype(float), np.nan)
    frame["over_advice"] = np.where(known, (effective > test).astype(float), np.nan)
    frame["at_least_havo"] = np.where(effective.notna(), (effective >= 6).astype(float), np.nan)
    return frame


#: The method without the protection that the intruder audit drives: for the tests of
#: estimates, inputs, engines and the group rules, on tables whose audit takes minutes. The
#: protection only suppresses more cells (published cells keep their numbers); its own tests
#: (test_opportunity_intruder.py) use the default rules.
GROUP_RULES_ONLY = DisclosureRules(audited=False)
