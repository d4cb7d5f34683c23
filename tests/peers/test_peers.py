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
    np.testing.assert_allclose(result.peers["distance"], distances[0][1:6], rtol=1e-12)
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
