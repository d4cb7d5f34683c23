"""An independent formulation to check the solver against: every rule written out per pair in
plain Python, and the lexicographic objective as integer programs solved by HiGHS
(``scipy.optimize.milp``) level by level, each later level constrained to the optimum of the
earlier ones."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from kansen.matching import ANY_LANGUAGE, MatchingRules, Supply, SupportRequest


def plain_pairs(
    requests: Sequence[SupportRequest],
    supply: Sequence[Supply],
    points: Mapping[str, tuple[float, float]],
    on: date,
    rules: MatchingRules,
) -> list[tuple[int, int, int, int]]:
    """(request, supply, needs covered, travel in hm) for every pair meeting the rules."""
    pairs = []
    for r, request in enumerate(requests):
        for s, unit in enumerate(supply):
            covered = len(request.needs & unit.support_types)
            (x1, y1), (x2, y2) = points[request.pc4], points[unit.pc4]
            hm = math.floor(math.hypot(x1 - x2, y1 - y2) / 100 + 0.5)
            if (
                covered >= rules.min_needs_covered
                and unit.min_age <= request.age <= unit.max_age
                and (unit.available_from is None or unit.available_from <= on)
                and (unit.available_until is None or on <= unit.available_until)
                and unit.capacity > 0
                and hm <= math.floor(unit.max_km * 10 + 0.5)
                and (ANY_LANGUAGE in unit.languages or request.languages & unit.languages)
                and request.slots & unit.slots
            ):
                pairs.append((r, s, covered, hm))
    return pairs


def milp_levels(
    requests: Sequence[SupportRequest],
    supply: Sequence[Supply],
    pairs: list[tuple[int, int, int, int]],
    on: date,
    rules: MatchingRules,
) -> tuple[int, int, int, int]:
    """The optimum of each level, in order, by four integer programs."""
    n = len(pairs)
    if n == 0:
        return (0, 0, 0, 0)
    rows = [r for r, _, _, _ in pairs] + [len(requests) + s for _, s, _, _ in pairs]
    a = coo_array(
        (np.ones(2 * n), (rows, list(range(n)) * 2)), shape=(len(requests) + len(supply), n)
    ).tocsr()
    upper = [1.0] * len(requests) + [float(unit.capacity) for unit in supply]
    constraints = [LinearConstraint(a, -np.inf, upper)]
    priority = np.array([rules.priority(requests[r]) for r, _, _, _ in pairs], dtype=float)
    needs = np.array([c for _, _, c, _ in pairs], dtype=float)
    waiting = np.array([max((on - requests[r].filed).days, 0) for r, _, _, _ in pairs], float)
    travel = np.array([h for _, _, _, h in pairs], dtype=float)
    optima = []
    # maximise the first three, minimise travel
    for values, sign in ((priority, -1.0), (needs, -1.0), (waiting, -1.0), (travel, 1.0)):
        result = milp(
            sign * values,
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            constraints=constraints,
        )
        assert result.success, result.message
        best = round(float(values @ np.round(result.x)))
        optima.append(best)
        constraints.append(LinearConstraint(values[None, :], best, best))
    return (optima[0], optima[1], optima[2], optima[3])
