"""The solver against an independent formulation: plain-Python rules and integer programs
(HiGHS) solved level by level, on small random instances with competition for places."""

from __future__ import annotations

import numpy as np
import pytest

from kansen.matching import MatchingRules, solve_matching
from kansen.matching._solve import build_result, prepare, solve_flow
from kansen.matching._synthetic import synthetic_instance

from .factories import ON, POINTS
from .reference import milp_levels, plain_pairs

#: Few postcode areas close together, so that requests compete for the same places.
AREAS = sorted(POINTS)[:6]


def instance(seed: int) -> tuple[list, list]:
    n_requests = 8 + seed % 13
    n_supply = 3 + seed % 5
    return synthetic_instance(n_requests, n_supply, AREAS, on=ON, seed=seed)


@pytest.mark.parametrize("seed", range(40))
def test_equal_objective_at_every_level(seed: int) -> None:
    requests, supply = instance(seed)
    rules = MatchingRules()
    pairs = plain_pairs(requests, supply, POINTS, ON, rules)
    expected = milp_levels(requests, supply, pairs, ON, rules)
    result = solve_matching(requests, supply, POINTS, on=ON)
    assert result.objective.as_tuple() == expected


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("levels_per_stage", [1, 2])
def test_stages_fixing_arcs_give_the_same_optimum(seed: int, levels_per_stage: int) -> None:
    # The staged solve (arcs fixed by reduced costs between stages) that large instances need.
    requests, supply = instance(seed)
    rules = MatchingRules()
    expected = milp_levels(
        requests, supply, plain_pairs(requests, supply, POINTS, ON, rules), ON, rules
    )
    problem = prepare(requests, supply, POINTS, on=ON)
    chosen, stages = solve_flow(problem, max_levels_per_stage=levels_per_stage)
    assert stages == (4 if levels_per_stage == 1 else 2)
    assert build_result(problem, chosen).objective.as_tuple() == expected


@pytest.mark.parametrize("seed", range(20))
def test_eligible_pairs_are_the_pairs_meeting_every_rule(seed: int) -> None:
    requests, supply = synthetic_instance(30, 10, AREAS, on=ON, seed=100 + seed)
    problem = prepare(requests, supply, POINTS, on=ON)
    p = problem.pairs
    found = list(
        zip(
            p.request.tolist(),
            p.supply.tolist(),
            p.needs_covered.tolist(),
            p.hm.tolist(),
            strict=True,
        )
    )
    assert found == plain_pairs(requests, supply, POINTS, ON, MatchingRules())


@pytest.mark.parametrize("seed", range(10))
def test_proposals_respect_capacity_and_one_per_request(seed: int) -> None:
    requests, supply = instance(seed)
    result = solve_matching(requests, supply, POINTS, on=ON)
    used: dict[str, int] = {}
    for proposal in result.proposals:
        used[proposal.supply_id] = used.get(proposal.supply_id, 0) + 1
    capacity = {unit.id: unit.capacity for unit in supply}
    assert all(used[k] <= capacity[k] for k in used)
    references = [p.reference for p in result.proposals] + [w.reference for w in result.waiting]
    assert sorted(references) == sorted(r.reference for r in requests)


@pytest.mark.parametrize("seed", range(10))
def test_all_full_exactly_when_the_chain_of_constraints_leaves_units(seed: int) -> None:
    # The shortcut (eligible pairs -> all full) agrees with running every constraint in order.
    from kansen.matching._solve import _binding_reasons, waiting_reasons

    requests, supply = synthetic_instance(60, 8, AREAS, on=ON, seed=200 + seed)
    problem = prepare(requests, supply, POINTS, on=ON)
    everyone = np.arange(len(requests), dtype=np.int64)
    assert waiting_reasons(problem, everyone) == _binding_reasons(problem, everyone)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("levels_per_stage", [None, 1])
def test_larger_instances_over_all_postcode_areas(seed: int, levels_per_stage: int | None) -> None:
    requests, supply = synthetic_instance(150, 30, sorted(POINTS), on=ON, seed=300 + seed)
    rules = MatchingRules()
    pairs = plain_pairs(requests, supply, POINTS, ON, rules)
    problem = prepare(requests, supply, POINTS, on=ON)
    chosen, _ = solve_flow(problem, max_levels_per_stage=levels_per_stage)
    objective = build_result(problem, chosen).objective.as_tuple()
    assert objective == milp_levels(requests, supply, pairs, ON, rules)
