"""Solve a matching run: eligible pairs, the lexicographic min-cost flow, explanations."""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ._arrays import Arrays, Int, Pairs, build_arrays, eligible_pairs, popcount
from ._flow import Network, solve_lexicographic
from ._model import (
    ANY_LANGUAGE,
    SLOTS,
    MatchingRules,
    MatchResult,
    Objective,
    Proposal,
    Reason,
    Supply,
    SupportRequest,
    Waiting,
)

#: Requests explained at once when looking for the binding reason (memory: chunk x supply).
_CHUNK = 512


@dataclass(frozen=True)
class Problem:
    """A matching problem prepared for a solver: the input, its arrays and eligible pairs."""

    requests: Sequence[SupportRequest]
    supply: Sequence[Supply]
    rules: MatchingRules
    on: date
    arrays: Arrays
    pairs: Pairs
    #: Pairs that meet the hard constraints but were turned down before, per request index.
    refused: Mapping[int, int] = field(default_factory=dict)


def prepare(
    requests: Sequence[SupportRequest],
    supply: Sequence[Supply],
    pc4_points: Mapping[str, tuple[float, float]],
    *,
    on: date,
    rules: MatchingRules | None = None,
    excluded: Collection[tuple[str, str]] = (),
) -> Problem:
    """Check the input and find every pair that meets the hard constraints (capacity apart),
    leaving out the ``excluded`` pairs (reference, supply id): turned down before.

    Raises
    ------
    MatchingInputError
        For a repeated reference or id, an unknown slot or urgency, or a postcode area that is
        not in ``pc4_points``.
    """
    rules = rules or MatchingRules()
    arrays = build_arrays(requests, supply, pc4_points, rules, on)
    pairs = eligible_pairs(arrays)
    refused: dict[int, int] = {}
    if excluded:
        r_index = {r.reference: i for i, r in enumerate(requests)}
        s_index = {s.id: i for i, s in enumerate(supply)}
        n_supply = max(len(supply), 1)
        codes = [
            r_index[ref] * n_supply + s_index[sid]
            for ref, sid in excluded
            if ref in r_index and sid in s_index
        ]
        out = np.isin(pairs.request * n_supply + pairs.supply, np.array(codes, dtype=np.int64))
        for r in pairs.request[out].tolist():
            refused[r] = refused.get(r, 0) + 1
        keep = ~out
        pairs = Pairs(
            pairs.request[keep], pairs.supply[keep], pairs.needs_covered[keep], pairs.hm[keep]
        )
    return Problem(requests, supply, rules, on, arrays, pairs, refused)


def level_costs(problem: Problem) -> tuple[Int, Int, Int, Int]:
    """The cost of each eligible pair at each level (minimised): ``-priority``, ``-needs
    covered``, ``-waiting days``, ``+travel in hectometres``. Leaving a request waiting costs 0
    at every level."""
    a, p = problem.arrays, problem.pairs
    return (-a.priority[p.request], -p.needs_covered, -a.waiting[p.request], p.hm)


def solve_matching(
    requests: Sequence[SupportRequest],
    supply: Sequence[Supply],
    pc4_points: Mapping[str, tuple[float, float]],
    *,
    on: date,
    rules: MatchingRules | None = None,
    excluded: Collection[tuple[str, str]] = (),
) -> MatchResult:
    """Propose matches that are optimal for the lexicographic objective, and explain them.

    Parameters
    ----------
    requests : sequence of SupportRequest
        The waiting list (references unique).
    supply : sequence of Supply
        Volunteers and offers with their free places (ids unique).
    pc4_points : mapping of str to (float, float)
        Centre of every postcode area used, in RD New (EPSG:28992) metres, e.g.
        :func:`kansen.demo.demo_postcode_areas` or :func:`kansen.matching.read_pc4_points`.
    on : datetime.date
        The date of the run: waiting days and availability dates are taken on this day.
    rules : MatchingRules, optional
        Urgency weights, default deprivation, fewest needs covered; default the documented ones.
    excluded : collection of (str, str), optional
        Pairs (reference, supply id) never to propose: turned down before by the coordinator
        or the provider. A request whose only fitting units are these waits with the reason
        ``waiting.refused``.

    Returns
    -------
    MatchResult
        Proposals, requests left waiting with the binding reason, and the objective.

    Examples
    --------
    >>> from datetime import date
    >>> from kansen.matching import SupportRequest, Supply, solve_matching
    >>> child = SupportRequest("R-1", 9, "3511", frozenset({"taal"}), frozenset({"ar"}),
    ...     frozenset({"wo-middag"}), urgency=2, filed=date(2026, 9, 1))
    >>> maatje = Supply("V-1", "volunteer", "Taalmaatjes", frozenset({"taal", "huiswerk"}),
    ...     frozenset({"ar", "nl"}), frozenset({"wo-middag", "do-avond"}), "3512", 5.0, 1)
    >>> result = solve_matching([child], [maatje], {"3511": (136784.0, 455860.0),
    ...     "3512": (136400.0, 456500.0)}, on=date(2026, 12, 1))
    >>> [(p.reference, p.supply_id, p.distance_km) for p in result.proposals]
    [('R-1', 'V-1', 0.7)]
    >>> result.objective
    Objective(priority_served=30, needs_covered=1, waiting_days_served=91, travel_hm=7)
    """
    problem = prepare(requests, supply, pc4_points, on=on, rules=rules, excluded=excluded)
    started = time.perf_counter()
    chosen, stages = solve_flow(problem)
    seconds = time.perf_counter() - started
    return build_result(problem, chosen, stages=stages, solver_seconds=seconds)


def solve_flow(problem: Problem, *, max_levels_per_stage: int | None = None) -> tuple[Int, int]:
    """Indices of the chosen pairs (into ``problem.pairs``) and the number of stages."""
    a, p = problem.arrays, problem.pairs
    n_r, n_s, n_p = len(a.age), len(a.capacity), len(p.request)
    sink = n_r + n_s
    requests = np.arange(n_r, dtype=np.int64)
    supplies = np.arange(n_s, dtype=np.int64)
    tail = np.concatenate([p.request, requests, n_r + supplies])
    head = np.concatenate([n_r + p.supply, np.full(n_r, sink), np.full(n_s, sink)])
    capacity = np.concatenate(
        [np.ones(n_p, dtype=np.int64), np.ones(n_r, dtype=np.int64), a.capacity]
    )
    zeros = np.zeros(n_r + n_s, dtype=np.int64)
    levels = tuple(np.concatenate([cost, zeros]) for cost in level_costs(problem))
    groups = np.concatenate([p.request, requests, np.full(n_s, -1, dtype=np.int64)])
    node_supplies = np.concatenate(
        [np.ones(n_r, dtype=np.int64), np.zeros(n_s, dtype=np.int64), [-n_r]]
    ).astype(np.int64)
    network = Network(tail, head, capacity, levels, node_supplies, groups)
    flow, stages = solve_lexicographic(network, n_r, max_levels_per_stage=max_levels_per_stage)
    return np.flatnonzero(flow[:n_p] > 0).astype(np.int64), stages


def objective_of(problem: Problem, chosen: Int) -> Objective:
    """The value of a set of chosen pairs at each level."""
    a, p = problem.arrays, problem.pairs
    r = p.request[chosen]
    return Objective(
        priority_served=int(a.priority[r].sum()),
        needs_covered=int(p.needs_covered[chosen].sum()),
        waiting_days_served=int(a.waiting[r].sum()),
        travel_hm=int(p.hm[chosen].sum()),
    )


def build_result(
    problem: Problem, chosen: Int, *, stages: int = 1, solver_seconds: float = 0.0
) -> MatchResult:
    """Proposals with their reasons and the waiting requests with theirs, for chosen pairs."""
    a, p = problem.arrays, problem.pairs
    requests, supply, on = problem.requests, problem.supply, problem.on
    chosen = chosen[np.argsort(p.request[chosen], kind="stable")]
    places: dict[int, int] = {}
    proposals = []
    for k in chosen.tolist():
        r, s = int(p.request[k]), int(p.supply[k])
        request, unit = requests[r], supply[s]
        places[s] = places.get(s, 0) + 1
        covered = tuple(sorted(request.needs & unit.support_types))
        km = float(p.hm[k]) / 10
        common = tuple(sorted(request.languages & unit.languages))
        reasons = [
            Reason(
                "meets.needs",
                {"needs": covered, "covered": len(covered), "asked": len(request.needs)},
            ),
            Reason(
                "meets.age",
                {"min_age": unit.min_age, "max_age": unit.max_age, "age": request.age},
            ),
            Reason("meets.dates", {"on": on.isoformat()}),
            Reason("meets.distance", {"km": km, "max_km": float(unit.max_km)}),
            Reason("meets.language", {"languages": common})
            if common or ANY_LANGUAGE not in unit.languages
            else Reason("meets.language_any", {}),
            Reason("meets.slots", {"slots": _week_order(request.slots & unit.slots)}),
            Reason("meets.capacity", {"place": places[s], "capacity": unit.capacity}),
            Reason(
                "cost" if request.deprivation is not None else "cost.default_deprivation",
                {
                    "priority": int(a.priority[r]),
                    "urgency": request.urgency,
                    "deprivation": _deprivation(request, problem.rules),
                    "waiting_days": int(a.waiting[r]),
                    "km": km,
                },
            ),
        ]
        proposals.append(
            Proposal(
                request.reference,
                unit.id,
                covered,
                km,
                int(a.priority[r]),
                int(a.waiting[r]),
                tuple(reasons),
            )
        )
    served = np.zeros(len(requests), dtype=np.bool_)
    served[p.request[chosen]] = True
    waiting_idx = np.flatnonzero(~served)
    reasons_of = waiting_reasons(problem, waiting_idx)
    waiting = tuple(
        Waiting(requests[r].reference, reason, int(a.priority[r]), int(a.waiting[r]))
        for r, reason in zip(waiting_idx.tolist(), reasons_of, strict=True)
    )
    return MatchResult(
        tuple(proposals),
        waiting,
        objective_of(problem, chosen),
        on,
        stages=stages,
        solver_seconds=solver_seconds,
    )


def _deprivation(request: SupportRequest, rules: MatchingRules) -> int | float:
    """The score as a number, so the explanation writes it in the reader's language (48,7 in
    Dutch); a whole score as a whole number (50, not 50,0)."""
    score = rules.default_deprivation if request.deprivation is None else request.deprivation
    return int(score) if float(score).is_integer() else round(float(score), 1)


_WEEK_ORDER = {code: i for i, code in enumerate(SLOTS)}


def _week_order(slots: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(slots, key=_WEEK_ORDER.__getitem__))


def waiting_reasons(problem: Problem, waiting: Int) -> list[Reason]:
    """The binding reason for each request left waiting.

    The hard constraints are applied one after another, in the order a coordinator would ask
    about them: needs, age, dates and places, travel distance, language, time slot. The first
    that leaves no supply unit is the reason, worded with the constraints before it ("no
    volunteer or offer for language within reach of 3511 that speaks Arabic is free on
    Wednesday afternoon"). When units remain after all of them, they are full.

    Units remain after all of them exactly when the request has eligible pairs (the same
    constraints), so those requests are "all full" without running the chain.
    """
    a, p = problem.arrays, problem.pairs
    n_requests = len(problem.requests)
    fitting = np.bincount(p.request, minlength=n_requests)
    places = np.bincount(p.request, weights=a.capacity[p.supply], minlength=n_requests)
    reasons: dict[int, Reason] = {
        r: Reason("waiting.all_full", {"count": int(fitting[r]), "places": int(places[r])})
        for r in waiting.tolist()
        if fitting[r] > 0
    }
    unfit = np.array([r for r in waiting.tolist() if r not in reasons], dtype=np.int64)
    for r, reason in zip(unfit.tolist(), _binding_reasons(problem, unfit), strict=True):
        reasons[r] = reason
    return [reasons[r] for r in waiting.tolist()]


def _binding_reasons(problem: Problem, waiting: Int) -> list[Reason]:
    """The first constraint that leaves no supply unit ("all full" when none does)."""
    a, rules = problem.arrays, problem.rules
    requests, supply, on = problem.requests, problem.supply, problem.on
    usable = a.available & (a.capacity > 0)
    result: list[Reason] = []
    for start in range(0, len(waiting), _CHUNK):
        rows = waiting[start : start + _CHUNK]
        f_need = popcount(a.need[rows, None] & a.types[None, :]) >= rules.min_needs_covered
        f_age = (
            f_need
            & (a.min_age[None, :] <= a.age[rows, None])
            & (a.age[rows, None] <= a.max_age[None, :])
        )
        f_dates = f_age & usable[None, :]
        distance = a.hm[a.spc4[None, :], a.rpc4[rows, None]]
        f_near = f_dates & (distance <= a.max_hm[None, :])
        speaks = (a.lang[rows, None] & a.slang[None, :]) != 0
        f_lang = f_near & speaks
        f_slot = f_lang & ((a.slot[rows, None] & a.sslot[None, :]) != 0)
        # the first filter that leaves nothing: 0 needs, 1 age, 2 dates, 3 distance, ...
        stages = np.stack(
            [f.any(axis=1) for f in (f_need, f_age, f_dates, f_near, f_lang, f_slot)], axis=1
        )
        first_empty = np.where(stages.all(axis=1), 6, np.argmin(stages, axis=1))
        for i, (r, step) in enumerate(zip(rows.tolist(), first_empty.tolist(), strict=True)):
            request = requests[r]
            base: dict[str, Any] = {"needs": tuple(sorted(request.needs))}
            if step == 0:
                result.append(Reason("waiting.no_need", base))
            elif step == 1:
                result.append(Reason("waiting.no_age", {**base, "age": request.age}))
            elif step == 2:
                result.append(
                    Reason(
                        "waiting.not_available",
                        {**base, "age": request.age, "on": on.isoformat()},
                    )
                )
            elif step == 3:
                candidates = np.flatnonzero(f_dates[i])
                gap = distance[i, candidates] - a.max_hm[candidates]
                nearest = int(candidates[np.lexsort((candidates, gap))[0]])
                result.append(
                    Reason(
                        "waiting.too_far",
                        {
                            **base,
                            "pc4": request.pc4,
                            "km": float(distance[i, nearest]) / 10,
                            "max_km": float(supply[nearest].max_km),
                        },
                    )
                )
            elif step == 4:
                result.append(
                    Reason(
                        "waiting.no_language",
                        {**base, "pc4": request.pc4, "languages": tuple(sorted(request.languages))},
                    )
                )
            elif step == 5:
                result.append(
                    Reason(
                        "waiting.no_slot",
                        {
                            **base,
                            "pc4": request.pc4,
                            "languages": tuple(sorted(request.languages)),
                            "slots": _week_order(request.slots),
                        },
                    )
                )
            elif problem.refused.get(r, 0) and int(f_slot[i].sum()) <= problem.refused[r]:
                result.append(Reason("waiting.refused", {"count": problem.refused[r]}))
            else:
                fitting = f_slot[i]
                result.append(
                    Reason(
                        "waiting.all_full",
                        {"count": int(fitting.sum()), "places": int(a.capacity[fitting].sum())},
                    )
                )
    return result


def fitting_supply(
    request: SupportRequest,
    supply: Sequence[Supply],
    pc4_points: Mapping[str, tuple[float, float]],
    *,
    on: date,
    rules: MatchingRules | None = None,
) -> list[tuple[str, int, float]]:
    """The supply units that meet every hard constraint for one request (with a place left),
    best first: most needs covered, then the shortest travel, then the id. Each as
    ``(supply id, needs covered, km)``: what a coordinator may choose instead of a proposal.

    Examples
    --------
    >>> from datetime import date
    >>> from kansen.matching import SupportRequest, Supply, fitting_supply
    >>> child = SupportRequest("R-1", 9, "3511", frozenset({"taal"}), frozenset({"ar"}),
    ...     frozenset({"wo-middag"}), filed=date(2026, 9, 1))
    >>> near = Supply("V-1", "volunteer", "Taalmaatjes", frozenset({"taal"}),
    ...     frozenset({"ar"}), frozenset({"wo-middag"}), "3512", 5.0, 1)
    >>> busy = Supply("V-2", "volunteer", "Taalmaatjes", frozenset({"taal"}),
    ...     frozenset({"ar"}), frozenset({"wo-middag"}), "3511", 5.0, 0)
    >>> fitting_supply(child, [near, busy], {"3511": (136784.0, 455860.0),
    ...     "3512": (136400.0, 456500.0)}, on=date(2026, 12, 1))
    [('V-1', 1, 0.7)]
    """
    problem = prepare([request], supply, pc4_points, on=on, rules=rules)
    p = problem.pairs
    found = [
        (supply[int(unit)].id, int(covered), int(hm) / 10)
        for unit, covered, hm in zip(p.supply, p.needs_covered, p.hm, strict=True)
    ]
    return sorted(found, key=lambda row: (-row[1], row[2], row[0]))
