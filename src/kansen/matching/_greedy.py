"""The baseline a coordinator would do by hand: most urgent first, nearest fitting supply."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np

from ._model import MatchingRules, MatchResult, Supply, SupportRequest
from ._solve import build_result, prepare


def greedy_matching(
    requests: Sequence[SupportRequest],
    supply: Sequence[Supply],
    pc4_points: Mapping[str, tuple[float, float]],
    *,
    on: date,
    rules: MatchingRules | None = None,
) -> MatchResult:
    """Match requests one by one, highest priority first (then longest waiting, then reference),
    each to the nearest supply unit that fits and has a place left (then the lowest id).

    Same hard constraints and explanations as :func:`kansen.matching.solve_matching`; not
    optimal: it is the baseline the benchmark measures the solver against.
    """
    problem = prepare(requests, supply, pc4_points, on=on, rules=rules)
    a, p = problem.arrays, problem.pairs
    left = a.capacity.copy()
    ids = np.array([s.id for s in supply], dtype=object)
    # pairs of each request, nearest first (ties: lowest supply id)
    order = (
        np.lexsort((ids[p.supply].astype(str), p.hm, p.request)) if len(p.request) else p.request
    )
    starts = np.searchsorted(p.request[order], np.arange(len(requests) + 1))
    references = np.array([r.reference for r in requests], dtype=object)
    sequence = np.lexsort((references.astype(str), -a.waiting, -a.priority))
    chosen: list[int] = []
    for r in sequence.tolist():
        for k in order[starts[r] : starts[r + 1]].tolist():
            s = int(p.supply[k])
            if left[s] > 0:
                left[s] -= 1
                chosen.append(int(k))
                break
    return build_result(problem, np.array(sorted(chosen), dtype=np.int64))
