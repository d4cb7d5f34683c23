"""How fast and how good the matching is: 10,000 requests x 2,000 volunteers and offers.

Run: ``.venv/bin/python benchmarks/matching.py [--requests 10000] [--supply 2000]
[--region Utrecht]``

Postcode areas: the PC4 centres of a real region (a province of ``../shared/data/nl/
pc4_coordinates.csv``, post-office-box codes left out), read with
:func:`kansen.matching.read_pc4_points`. Requests and supply: :func:`kansen.matching.
synthetic_instance` (capacity 1-5, languages and time slots spread as documented there), written
to CSV files first so that "end to end" is what ``kansen match solve`` does: read and check both
files, find the eligible pairs, solve, explain every proposal and waiting request, write the
matches with explanations. Targets (issue 17): solver under 1 s, end to end under 3 s.

Printed: the best of five runs of each step, the solver time and stages, peak memory (Python's
tracemalloc, which does not see OR-Tools' own C++ allocations, and the process's maximum resident
set), and the greedy baseline (most urgent first, nearest fitting supply) against the optimum:
requests matched, priority-weighted score, needs covered, total travel, with ratios. With
``--check N``, a smaller instance is also solved by the tests' integer programs (HiGHS, level by
level) and both objectives are printed. Only prints.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from kansen.matching import (
    MatchingRules,
    MatchResult,
    greedy_matching,
    read_pc4_points,
    read_requests,
    read_supply,
    requests_csv,
    solve_matching,
    supply_csv,
    synthetic_instance,
    write_matches,
)
from kansen.matching._solve import build_result, prepare, solve_flow

PC4_FILE = Path(__file__).resolve().parents[2] / "shared" / "data" / "nl" / "pc4_coordinates.csv"
ON = date(2026, 12, 1)
T = TypeVar("T")


def region_points(province: str) -> dict[str, tuple[float, float]]:
    """The PC4 centres of one province (no post-office boxes), in RD New."""
    with PC4_FILE.open(encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["provincie"] == province and r["soort"] != "Postbus"
        ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["postcode", "latitude", "longitude"])
    writer.writerows([r["postcode"], r["latitude"], r["longitude"]] for r in rows)
    return read_pc4_points(out.getvalue().encode(), "pc4.csv")


def best_of(runs: int, func: Callable[[], T]) -> tuple[float, T]:
    """The best time of ``runs`` calls, and the last value."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - started)
    return best, value


def check_against_milp(
    n_requests: int, n_supply: int, points: dict[str, tuple[float, float]]
) -> None:
    """Solve a smaller instance with the flows and with the tests' integer programs (HiGHS,
    level by level) and print both objectives and times."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: tests/
    from tests.matching.reference import milp_levels

    requests, supply = synthetic_instance(n_requests, n_supply, sorted(points), on=ON, seed=7)
    problem = prepare(requests, supply, points, on=ON)
    p = problem.pairs
    pairs = list(
        zip(
            p.request.tolist(),
            p.supply.tolist(),
            p.needs_covered.tolist(),
            p.hm.tolist(),
            strict=True,
        )
    )
    t_flow, result = best_of(1, lambda: solve_matching(requests, supply, points, on=ON))
    t_milp, levels = best_of(1, lambda: milp_levels(requests, supply, pairs, ON, MatchingRules()))
    same = "equal at every level" if levels == result.objective.as_tuple() else "DIFFERENT"
    print(
        f"check {n_requests} x {n_supply} ({len(pairs):,} pairs): min-cost flow {t_flow:.2f} s "
        f"{result.objective.as_tuple()}, integer programs (HiGHS) {t_milp:.1f} s {levels}: {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--supply", type=int, default=2_000)
    parser.add_argument("--region", default="Utrecht", help="A province of the PC4 file.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--check",
        type=int,
        default=0,
        metavar="N",
        help="Also check N requests x N/5 supply against integer programs (30 s at 2000).",
    )
    args = parser.parse_args()
    if not PC4_FILE.exists():
        sys.exit(f"{PC4_FILE} is missing: the benchmark needs ../shared/data (see its README)")
    points = region_points(args.region)
    requests, supply = synthetic_instance(
        args.requests, args.supply, sorted(points), on=ON, seed=args.seed
    )
    places = sum(s.capacity for s in supply)
    print(
        f"{args.requests} requests x {args.supply} volunteers and offers ({places} places) in "
        f"{len(points)} postcode areas of {args.region}, run date {ON}"
    )
    folder = Path(tempfile.mkdtemp())
    (folder / "requests.csv").write_text(requests_csv(requests), encoding="utf-8")
    (folder / "supply.csv").write_text(supply_csv(supply), encoding="utf-8")

    def end_to_end() -> MatchResult:
        read_r = read_requests(folder / "requests.csv", pc4_points=points)
        read_s = read_supply(folder / "supply.csv", pc4_points=points)
        result = solve_matching(read_r, read_s, points, on=ON)
        text = write_matches(result, [r.reference for r in read_r], explanations=True)
        (folder / "matches.csv").write_text(text, encoding="utf-8")
        return result

    t_read, _ = best_of(
        3,
        lambda: (
            read_requests(folder / "requests.csv", pc4_points=points),
            read_supply(folder / "supply.csv", pc4_points=points),
        ),
    )
    t_pairs, problem = best_of(5, lambda: prepare(requests, supply, points, on=ON))
    t_solve, (chosen, stages) = best_of(5, lambda: solve_flow(problem))
    t_explain, _ = best_of(5, lambda: build_result(problem, chosen))
    t_all, optimal = best_of(5, end_to_end)
    tracemalloc.start()
    end_to_end()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t_greedy, greedy = best_of(5, lambda: greedy_matching(requests, supply, points, on=ON))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"eligible pairs: {len(problem.pairs.request):,}")
    print(f"{'read and check both CSV files':<44} {t_read:7.3f} s")
    print(f"{'eligible pairs (hard constraints)':<44} {t_pairs:7.3f} s")
    solver = f"solver (OR-Tools min-cost flow, {stages} stage(s))"
    print(f"{solver:<44} {t_solve:7.3f} s   target < 1 s")
    print(f"{'explanations (proposals and waiting)':<44} {t_explain:7.3f} s")
    print(f"{'end to end (files in, matches.csv out)':<44} {t_all:7.3f} s   target < 3 s")
    print(f"{'greedy baseline (pairs + greedy + explain)':<44} {t_greedy:7.3f} s")
    print(
        f"peak memory: {peak / 2**20:.0f} MiB traced by Python, {rss:.0f} MiB maximum resident set"
    )
    o, g = optimal.objective, greedy.objective
    rows = [
        ("requests matched", len(optimal.proposals), len(greedy.proposals)),
        ("priority-weighted score (level 1)", o.priority_served, g.priority_served),
        ("needs covered (level 2)", o.needs_covered, g.needs_covered),
        ("days waited by the served (level 3)", o.waiting_days_served, g.waiting_days_served),
        ("total travel, km (level 4)", o.travel_hm / 10, g.travel_hm / 10),
    ]
    print(f"{'':<38} {'optimal':>10} {'greedy':>10} {'ratio':>7}")
    for label, a, b in rows:
        print(f"{label:<38} {a:>10,} {b:>10,} {a / b:7.3f}")
    print("waiting by reason (optimal):", optimal.waiting_by_reason())
    if args.check:
        check_against_milp(args.check, args.check // 5, points)


if __name__ == "__main__":
    main()
