"""The lexicographic objective as min-cost flows solved by OR-Tools (docs/matching.md).

The network: one node per request (supply 1), one per supply unit, and a sink (demand: the
number of requests). A request sends its unit either over an arc to a supply unit that fits it
(capacity 1) or over its own *waiting* arc straight to the sink (cost 0); a supply unit passes
at most its capacity on to the sink. Each arc has a value at each level of the objective,
written as a cost to minimise: ``-priority``, ``-needs covered``, ``-waiting days``, ``+travel``.

Levels are combined into one integer cost by multipliers that make them strictly lexicographic
(:func:`multipliers`; the proof is in docs/matching.md). When the combined costs of all levels
would not fit in 64-bit integers (large instances), the levels are solved in *stages*: a stage
solves the levels that fit, then the arcs are fixed by complementary slackness with the optimal
node potentials (arcs with a positive reduced cost carry no flow in *any* optimal solution, arcs
with a negative one are full in every optimal solution), so that the next stage chooses among the
optimal solutions of the earlier ones only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

Int = NDArray[np.int64]

#: OR-Tools multiplies costs by the number of nodes + 1 (cost scaling); the potentials of a
#: stage are sums of at most n costs; reduced costs add two of those: all stay within int64.
COST_BOUND = 2**60


class SolverError(RuntimeError):
    """OR-Tools did not report an optimal flow (it should never happen: say so in an issue)."""


@dataclass(frozen=True)
class Network:
    """Arcs (tail, head, capacity, level costs) and node supplies of a flow problem."""

    tail: Int
    head: Int
    capacity: Int
    levels: tuple[Int, ...]  # one cost array per level, best level first
    supplies: Int
    groups: Int  # per arc: the request whose choice it is, or -1 for supply->sink arcs


def multipliers(spans: Sequence[int]) -> list[int]:
    """Multipliers that make a weighted sum of levels strictly lexicographic.

    ``spans[j]`` bounds how much the total of level ``j`` can differ between two feasible
    solutions. The last level gets 1, each earlier level one more than all later levels can
    differ in total: ``M[k] = 1 + sum(M[j] * spans[j] for j > k)``.

    >>> multipliers([5, 3, 2])
    [12, 3, 1]
    """
    result = [1] * len(spans)
    for k in range(len(spans) - 2, -1, -1):
        result[k] = 1 + sum(result[j] * spans[j] for j in range(k + 1, len(spans)))
    return result


def _spans(
    levels: Sequence[Int], groups: Int, active: NDArray[np.bool_], n_groups: int
) -> list[int]:
    """Per level: the sum over requests of (largest - smallest) cost among its active arcs."""
    spans = []
    chosen = active & (groups >= 0)
    g = groups[chosen]
    for level in levels:
        values = level[chosen]
        high = np.full(n_groups, np.iinfo(np.int64).min, dtype=np.int64)
        low = np.full(n_groups, np.iinfo(np.int64).max, dtype=np.int64)
        np.maximum.at(high, g, values)
        np.minimum.at(low, g, values)
        present = high >= low
        spans.append(int((high[present] - low[present]).astype(object).sum()))
    return spans


def _group_levels(
    levels: Sequence[Int], spans: Sequence[int], active: NDArray[np.bool_], n_nodes: int
) -> int:
    """How many of the next levels fit in one stage (at least one)."""
    for count in range(len(levels), 0, -1):
        factors = multipliers(spans[:count])
        largest = sum(
            m * int(np.abs(level[active]).max(initial=0))
            for m, level in zip(factors, levels[:count], strict=True)
        )
        if largest * (n_nodes + 1) < COST_BOUND:
            return count
    raise SolverError("a single level of the objective is too large for 64-bit costs")


def solve_lexicographic(
    network: Network, n_groups: int, *, max_levels_per_stage: int | None = None
) -> tuple[Int, int]:
    """The flow on each arc of a lexicographically optimal solution, and the number of stages.

    Each stage takes as many of the remaining levels as fit in 64-bit costs, or at most
    ``max_levels_per_stage`` (the tests force stages on small instances with it).
    """
    n_nodes = len(network.supplies)
    n_arcs = len(network.tail)
    active = network.capacity > 0
    forced = np.zeros(n_arcs, dtype=np.int64)  # flow fixed by an earlier stage
    supplies = network.supplies.copy()
    flow = np.zeros(n_arcs, dtype=np.int64)
    level = 0
    stages = 0
    while level < len(network.levels):
        rest = network.levels[level:]
        spans = _spans(rest, network.groups, active, n_groups)
        count = _group_levels(rest, spans, active, n_nodes)
        if max_levels_per_stage is not None:
            count = min(count, max_levels_per_stage)
        factors = multipliers(spans[:count])
        cost = np.zeros(n_arcs, dtype=np.int64)
        for m, values in zip(factors, rest[:count], strict=True):
            cost += np.int64(m) * values
        arcs = np.flatnonzero(active)
        solver = min_cost_flow.SimpleMinCostFlow()
        if len(arcs):
            solver.add_arcs_with_capacity_and_unit_cost(
                network.tail[arcs], network.head[arcs], network.capacity[arcs], cost[arcs]
            )
        solver.set_nodes_supplies(np.arange(n_nodes, dtype=np.int64), supplies)
        status = solver.solve()
        stages += 1
        if status != solver.OPTIMAL:
            raise SolverError(f"OR-Tools min-cost flow ended with status {status}")
        flow[:] = 0
        if len(arcs):
            flow[arcs] = solver.flows(np.arange(len(arcs), dtype=np.int64))
        level += count
        if level < len(network.levels):
            reduced = _reduced_costs(network, cost, active, flow, n_nodes)
            zero_flow = active & (reduced > 0)
            full = active & (reduced < 0)
            active &= ~(zero_flow | full)
            forced[full] = network.capacity[full]
            np.subtract.at(supplies, network.tail[full], network.capacity[full])
            np.add.at(supplies, network.head[full], network.capacity[full])
    return flow * active + forced, stages


def _reduced_costs(
    network: Network, cost: Int, active: NDArray[np.bool_], flow: Int, n_nodes: int
) -> Int:
    """Reduced costs ``c + d[tail] - d[head]`` with ``d`` optimal node potentials.

    ``d`` is the shortest distance to each node in the residual network of the optimal flow
    from a virtual root joined to every node at cost 0 (Bellman-Ford, vectorised; the optimal
    flow leaves no negative cycle, so it ends within ``n`` rounds). Every residual arc then has
    a reduced cost of at least 0, which is the optimality condition of the dual.
    """
    forward = active & (flow < network.capacity)
    backward = active & (flow > 0)
    tail = np.concatenate([network.tail[forward], network.head[backward]])
    head = np.concatenate([network.head[forward], network.tail[backward]])
    weight = np.concatenate([cost[forward], -cost[backward]])
    order = np.argsort(head, kind="stable")
    tail, head, weight = tail[order], head[order], weight[order]
    heads, starts = np.unique(head, return_index=True)
    distance = np.zeros(n_nodes, dtype=np.int64)
    for _ in range(n_nodes + 1):
        if not len(tail):
            break
        best = np.minimum.reduceat(distance[tail] + weight, starts)
        improved = best < distance[heads]
        if not improved.any():
            break
        distance[heads[improved]] = best[improved]
    else:  # pragma: no cover - an optimal flow has no negative cycle
        raise SolverError("the residual network has a negative cycle")
    return cost + distance[network.tail] - distance[network.head]
