"""A Multi Deprivation Index for all Dutch municipalities (CBS key figures 2022)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kansen.index import KWB_2022_MDI, IndexDefinition, compute_index, read_kwb_2022

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def municipalities(shared_file: Callable[..., Path]) -> pd.DataFrame:
    return read_kwb_2022(shared_file("nl", "gemeenten_2022_kwb_wgs84.geojson"))


def test_the_file_has_345_municipalities_after_dropping_buitenland(
    shared_file: Callable[..., Path], municipalities: pd.DataFrame
) -> None:
    import json

    path = shared_file("nl", "gemeenten_2022_kwb_wgs84.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    # 346 features: the 345 municipalities of 1 January 2022 (Weesp merged into Amsterdam in
    # March 2022) and GM0998 Buitenland. (343 is the number in the 2023 boundary files.)
    assert len(features) == 346
    assert len(municipalities) == 345
    assert "GM0998" not in municipalities.index
    assert {"GM0457", "GM0363"} <= set(municipalities.index)  # Weesp and Amsterdam
    assert municipalities.index.is_unique


def test_mdi_for_every_dutch_municipality(municipalities: pd.DataFrame) -> None:
    result = compute_index(municipalities, KWB_2022_MDI, year=2022)
    frame = result.frame
    n = 345
    assert result.n == n
    assert len(frame) == n
    # The policy re-weights: every municipality gets a score and a rank.
    assert frame["score"].notna().all()
    assert sorted(frame["rank"]) == list(range(1, n + 1))
    counts = frame["decile"].value_counts().sort_index()
    assert list(counts.index) == list(range(1, 11))
    assert ((counts - n / 10).abs() <= 1).all()
    # What was re-weighted is reported: health for 11, safety for 4 municipalities.
    whole = result.missing[result.missing["indicator"] == ""]
    assert whole.groupby("domain").size().to_dict() == {"health": 11, "safety": 4}
    assert set(whole.loc[whole["domain"] == "safety", "area_code"]) == {
        "GM0457", "GM0501", "GM0530", "GM0614",  # Weesp, Brielle, Hellevoetsluis, Westvoorne
    }  # fmt: skip
    assert (result.missing["action"] == "reweight").all()
    assert set(frame.index[frame["missing"] != ""]) == set(result.missing["area_code"])


def test_the_dutch_mdi_is_plausible(municipalities: pd.DataFrame) -> None:
    result = compute_index(municipalities, KWB_2022_MDI)
    frame = result.frame.join(municipalities["gemeentenaam"])
    most = set(frame.nsmallest(20, "rank")["gemeentenaam"])
    assert {"Heerlen", "Kerkrade", "Rotterdam"} <= most
    rich = frame[frame["gemeentenaam"].isin(["Bloemendaal", "Wassenaar", "Laren", "Blaricum"])]
    assert set(rich["gemeentenaam"]).isdisjoint(most)
    assert (rich["income_rank"] > 200).all()
    # A known limit: labour participation counts persons up to 75, so ageing, wealthy
    # municipalities rank high on work deprivation, and the exponential transformation lets
    # that one domain pull them to the middle deciles (Bloemendaal: work rank 34, decile 6).
    bloemendaal = rich[rich["gemeentenaam"] == "Bloemendaal"].iloc[0]
    assert (bloemendaal["work_rank"], bloemendaal["decile"]) == (34, 6)


def test_dutch_mdi_does_not_depend_on_row_order(municipalities: pd.DataFrame) -> None:
    result = compute_index(municipalities, KWB_2022_MDI)
    shuffled = municipalities.sample(frac=1.0, random_state=1)
    again = compute_index(shuffled, KWB_2022_MDI)
    pd.testing.assert_frame_equal(again.frame.loc[result.frame.index], result.frame)


def test_the_definition_is_complete_data(municipalities: pd.DataFrame) -> None:
    assert IndexDefinition.from_json(KWB_2022_MDI.to_json()) == KWB_2022_MDI
    assert KWB_2022_MDI.weights == {
        "income": 22.5, "work": 22.5, "health": 13.5, "education": 13.5, "housing": 9.3,
        "safety": 9.3, "living_environment": 9.3,
    }  # fmt: skip
    for domain in KWB_2022_MDI.domains:
        for indicator in domain.indicators:
            assert indicator.source
            assert indicator.label
    # The education counts are persons, not percentages: the share is plausible.
    share = municipalities["opl_laag"] / municipalities["opl_totaal"]
    assert share.min() > 0.1
    assert share.max() < 0.6
    ratio = municipalities["opl_totaal"] / municipalities["aantal_inwoners"]
    assert np.allclose(ratio.median(), 0.75, atol=0.02)
