"""Peer comparison against scikit-learn's nearest neighbours on standardised figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

from kansen.demo import PEER_INDICATORS, build_demostad, build_peer_figures
from kansen.peers import nearest_peers

FIGURES = list(PEER_INDICATORS)


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return build_peer_figures(build_demostad())


def test_same_peers_and_distances_as_scikit_learn(figures):
    result = nearest_peers(figures, "GM9999", FIGURES, k=5)
    z = StandardScaler().fit_transform(figures[FIGURES].to_numpy(dtype=float))
    model = NearestNeighbors(n_neighbors=6).fit(z)
    target = figures.index.get_loc("GM9999")
    distances, indices = model.kneighbors(z[[target]])
    expected = [figures.index[i] for i in indices[0] if figures.index[i] != "GM9999"][:5]
    assert result.peers.index.tolist() == expected
    # Distances are rounded to PEER_DISTANCE_DECIMALS (9) decimals before ordering.
    np.testing.assert_allclose(result.peers["distance"], distances[0][1:6], rtol=0, atol=5e-10)
    assert result.compared == 25


def test_row_order_does_not_matter(figures):
    shuffled = figures.sample(frac=1.0, random_state=3)
    a = nearest_peers(figures, "GM9999", FIGURES[:4], k=4).peers
    b = nearest_peers(shuffled, "GM9999", FIGURES[:4], k=4).peers
    pd.testing.assert_frame_equal(a, b)


def test_municipalities_missing_a_figure_are_left_out_and_listed(figures):
    holes = figures.copy()
    holes.loc["GM9903", "low_education"] = np.nan
    result = nearest_peers(holes, "GM9999", ["low_education", "population"], k=30)
    assert result.excluded == ("GM9903",)
    assert "GM9903" not in result.peers.index
    assert len(result.peers) == 23


@pytest.mark.parametrize(
    ("target", "columns", "message"),
    [
        ("GM9999", [], "at least one"),  # nothing chosen
        ("GM9999", ["bogus"], "unknown key figures"),  # a figure that is not there
        ("GM0000", ["population"], "has no key figures"),  # not an imported municipality
    ],
)
def test_bad_requests_say_what_was_expected(figures, target, columns, message):
    with pytest.raises(ValueError, match=message):
        nearest_peers(figures, target, columns)


def test_distances_equal_in_exact_arithmetic_tie_and_go_by_code():
    # GM2 and GM3 are both sqrt(6048/1045) from GM1 in exact arithmetic; in floating point GM3
    # came out a few ulps nearer and was listed first, on some machines.
    figures = pd.DataFrame(
        [[0.7, 1.9, 1.0], [1.6, 1.6, 1.2], [0.9, 1.6, 1.9], [0.5, 1.0, 0.8]],
        index=["GM1", "GM2", "GM3", "GM4"],
        columns=["a", "b", "c"],
    )
    peers = nearest_peers(figures, "GM1", ["a", "b", "c"], k=3).peers
    assert peers.index.tolist() == ["GM2", "GM3", "GM4"]
    assert peers.loc["GM2", "distance"] == peers.loc["GM3", "distance"] == 2.405734775
