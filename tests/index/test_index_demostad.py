"""The default Multi Deprivation Index on the demo municipality."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from kansen.demo import DEMO_YEARS, Demostad
from kansen.index import ReferenceSet, compute_index, default_mdi

BUURTEN = ReferenceSet("buurten of Demostad", code_prefix="BU")


@pytest.mark.parametrize("year", DEMO_YEARS)
def test_default_mdi_ranks_the_40_buurten(
    demo: Demostad, demo_wide: Callable[[int], pd.DataFrame], year: int
) -> None:
    parents = {area.code: area.parent_code for area in demo.areas if area.parent_code}
    result = compute_index(demo_wide(year), default_mdi(), parents=parents, reference=BUURTEN,
                           year=year)  # fmt: skip
    frame = result.frame
    assert result.n == len(frame) == 40
    assert list(frame.index) == sorted(area.code for area in demo.buurten)
    assert sorted(frame["rank"]) == list(range(1, 41))
    assert frame["decile"].value_counts().sort_index().to_dict() == {d: 4 for d in range(1, 11)}
    assert frame["score"].notna().all()
    assert (result.year, result.reference.label) == (year, "buurten of Demostad")
    # The buurten under 200 inhabitants are suppressed: they take their wijk's values.
    small = {area.code for area in demo.buurten if area.population < 200}
    assert len(small) == 3
    parent = result.missing[result.missing["action"] == "parent"]
    assert small <= set(parent["area_code"])
    # ... and so does the one buurt whose early school leavers are missing in 2023.
    late = parent[~parent["area_code"].isin(small)]
    assert set(late["indicator"]) <= {"early_school_leavers"}
    assert len(late) == (1 if year == 2023 else 0)


def test_a_missing_survey_year_re_weights_its_domain(
    demo: Demostad, demo_wide: Callable[[int], pd.DataFrame]
) -> None:
    parents = {area.code: area.parent_code for area in demo.areas if area.parent_code}
    result = compute_index(demo_wide(2023), default_mdi(), parents=parents, reference=BUURTEN)
    # The wish to move is not measured in 2023, not even for the wijken.
    reweighted = result.missing[result.missing["action"] == "reweight"]
    assert set(reweighted["indicator"]) == {"wish_to_move"}
    assert len(reweighted) == 40
    # Housing then rests on the property value alone.
    assert result.frame["housing_score"].notna().all()
