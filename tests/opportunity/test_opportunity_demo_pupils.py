"""Demostad's pupil microdata: the schema, the geography and the planted relation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from conftest import with_outcomes
from kansen.demo import PLANTED_OUTCOMES, DemoPupils, build_demostad, build_pupils, synthetic_pupils
from kansen.opportunity import ADVICE_LEVELS


def test_same_seed_same_pupils(demo_pupils: DemoPupils) -> None:
    again = build_pupils()
    pd.testing.assert_frame_equal(again.pupils, demo_pupils.pupils)
    other = build_pupils(seed=1)
    assert not other.pupils["parent_income"].equals(demo_pupils.pupils["parent_income"])


def test_pupils_live_in_demostad(demo_pupils: DemoPupils) -> None:
    demo = build_demostad()
    pupils = demo_pupils.pupils
    buurten = {b.code: b.parent_code for b in demo.buurten}
    assert set(pupils["buurt"]) <= set(buurten)
    assert (pupils["wijk"] == pupils["buurt"].map(buurten)).all()
    assert set(pupils["gemeente"]) == {"GM9999"}
    assert set(pupils["pc4"]) == {str(code) for code in range(9990, 10_000)}
    assert pupils.groupby("buurt")["pc4"].nunique().max() == 1
    assert pupils.groupby("pc4")["wijk"].nunique().max() > 1  # postcodes cut across wijken
    per_year = pupils.groupby("year").size()
    assert per_year.between(900, 1_400).all()  # about 11 per 1,000 inhabitants


def test_advice_is_on_the_scale_and_revised_upward(demo_pupils: DemoPupils) -> None:
    pupils = demo_pupils.pupils
    levels = set(ADVICE_LEVELS)
    assert set(pupils["school_advice"]) <= levels
    assert set(pupils["test_advice"].dropna()) <= levels
    revised = pupils[pupils["revised_advice"].notna()]
    position = {level: i for i, level in enumerate(ADVICE_LEVELS)}
    assert 0.04 < len(revised) / len(pupils) < 0.15
    assert (revised["revised_advice"].map(position) > revised["school_advice"].map(position)).all()
    assert (revised["revised_advice"].map(position) <= revised["test_advice"].map(position)).all()
    assert 0.01 < pupils["test_advice"].isna().mean() < 0.04
    assert (pupils["test_advice"].isna() == pupils["test_score"].isna()).all()


def test_the_planted_lines_hold_over_all_pupils() -> None:
    pupils = build_pupils(years=(2024,), pupils_per_1000=400)
    frame = with_outcomes(pupils.pupils)
    for outcome in PLANTED_OUTCOMES:
        lines = pupils.lines[pupils.lines["outcome"] == outcome].set_index("buurt")
        expected = (
            frame["buurt"].map(lines["intercept"]) + frame["buurt"].map(lines["slope"]) * frame["x"]
        )
        residual = frame[outcome] - expected
        # Residuals average out, overall and against rank (no curvature left over).
        assert abs(residual.mean()) < 0.01 * max(1.0, frame[outcome].std())
        assert abs(np.corrcoef(residual.dropna(), frame.loc[residual.notna(), "x"])[0, 1]) < 0.02
    planted = pupils.planted()
    assert len(planted) == 40 * 5 * len(PLANTED_OUTCOMES)
    shares = planted[planted["outcome"] != "test_score"]["planted"]
    assert shares.between(0.0, 1.0).all()


def test_synthetic_pupils_for_benchmarks() -> None:
    frame = synthetic_pupils(20_000, 400, seed=3)
    assert len(frame) == 20_000
    assert frame["buurt"].nunique() <= 400
    assert frame.groupby("buurt", observed=True)["wijk"].nunique().max() == 1
    assert frame.groupby("wijk", observed=True)["gemeente"].nunique().max() == 1
    assert frame.groupby("pc4", observed=True)["gemeente"].nunique().max() == 1
    assert str(frame["buurt"].dtype) == "category"
    assert frame["parent_income"].nunique() > 10_000  # whole euros: few ties
