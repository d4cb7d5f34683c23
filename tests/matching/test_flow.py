"""The lexicographic scaling and the choice of stages (docs/matching.md, "Solving it")."""

from __future__ import annotations

import numpy as np
import pytest

from kansen.matching import multipliers
from kansen.matching._flow import COST_BOUND, _group_levels

# (spans of the levels, multipliers): M_last = 1, M_k = 1 + sum_{j>k} M_j * D_j
MULTIPLIERS = [
    ([7], [1]),
    ([5, 3], [4, 1]),
    ([5, 3, 2], [12, 3, 1]),
    ([0, 0, 0], [1, 1, 1]),
    ([9, 0, 4], [5, 5, 1]),
]


@pytest.mark.parametrize(("spans", "expected"), MULTIPLIERS)
def test_multipliers(spans: list[int], expected: list[int]) -> None:
    assert multipliers(spans) == expected


def test_the_worst_lower_levels_never_outweigh_one_unit_of_a_higher_level() -> None:
    spans = [40, 6, 90, 300]
    m = multipliers(spans)
    for k in range(len(spans) - 1):
        assert m[k] > sum(m[j] * spans[j] for j in range(k + 1, len(spans)))


def level(value: int) -> np.ndarray:
    return np.array([value, -value], dtype=np.int64)


def test_as_many_levels_per_stage_as_fit_in_64_bits() -> None:
    active = np.ones(2, dtype=np.bool_)
    levels = [level(10), level(10), level(10), level(10)]
    assert _group_levels(levels, [10**6] * 4, active, n_nodes=10) == 3  # 10^18 * 10 * 11 > 2^60
    assert _group_levels(levels, [10**4] * 4, active, n_nodes=10) == 4
    assert _group_levels(levels, [10**4] * 4, active, n_nodes=10**6) == 3
    largest = sum(m * 10 for m in multipliers([10**4] * 4))
    assert largest * 11 < COST_BOUND < largest * (10**6 + 1)
