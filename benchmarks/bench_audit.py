"""How long the intruder audit takes: warm starts and parts side by side against the baseline.

Run: ``.venv/bin/python benchmarks/bench_audit.py [--pupils 20000] [--buurten 10] [--protect]``

Synthetic pupils (:func:`kansen.demo.synthetic_pupils`, seed 3) by buurt, wijk, gemeente and
pc4 with the subgroup gender; the table with the group rules only (``audited=False``), audited
as an intruder would with the public hierarchy of pc4 areas that are unions of buurten. In the
same process, one after the other, after an untimed warm-up audit of a small table:

1. ``audit_published`` as it is: objectives of one cell start the primal simplex from the last
   basis, and the connected parts are audited side by side (one thread per core);
2. the same on one thread (what warm starts alone give);
3. the baseline: one thread, every program solved from scratch (as before warm starts).

All must decide the same cells pinned (checked, and printed). With ``--protect`` it also times
the protection that the audit drives (``estimate_opportunity`` with the default rules) and
prints what it cost in published cells. ``--budget`` bounds each audit (seconds); an audit that
runs out reports its undecided cells. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import time

from kansen.demo import synthetic_pupils
from kansen.opportunity import (
    DisclosureRules,
    _audit,
    audit_published,
    estimate_opportunity,
    hierarchy_from_pupils,
)

LEVELS = ["buurt", "wijk", "gemeente", "pc4"]


def _audit_once(table, hierarchy, budget, warm, workers):  # type: ignore[no-untyped-def]
    saved = _audit._WARM_STARTS
    _audit._WARM_STARTS = warm
    try:
        started = time.perf_counter()
        audit = audit_published(table, hierarchy=hierarchy, budget=budget, workers=workers)
        return audit, time.perf_counter() - started
    finally:
        _audit._WARM_STARTS = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=20_000)
    parser.add_argument("--buurten", type=int, default=10)
    parser.add_argument("--budget", type=float, default=None)
    parser.add_argument("--protect", action="store_true")
    args = parser.parse_args()

    pupils = synthetic_pupils(args.pupils, args.buurten, seed=3)
    hierarchy = hierarchy_from_pupils(pupils)
    plain = estimate_opportunity(
        pupils, levels=LEVELS, subgroups=["gender"], disclosure=DisclosureRules(audited=False)
    )
    table = plain.published
    print(
        f"{args.pupils:,} pupils, {args.buurten} buurten: {len(table):,} cells, "
        f"{int(table['published'].sum()):,} published by the group rules"
    )
    # the first audit of a process pays HiGHS's import and first solves: not any configuration's
    small = synthetic_pupils(2_000, 2, seed=3)
    warm_up = estimate_opportunity(
        small, levels=LEVELS, subgroups=["gender"], disclosure=DisclosureRules(audited=False)
    )
    _audit_once(warm_up.published, hierarchy_from_pupils(small), None, True, 1)
    runs = {}
    configurations = (
        ("this change", True, None),
        ("one thread", True, 1),
        ("baseline (cold, one thread)", False, 1),
    )
    for label, warm, workers in configurations:
        audit, seconds = _audit_once(table, hierarchy, args.budget, warm, workers)
        runs[label] = (audit, seconds)
        s = audit.summary()
        print(
            f"{label:<30} {seconds:8.1f} s  {s['solves']:>6} programs  "
            f"n pinned {s['n_pinned']:>4}  k pinned {s['k_pinned']:>4}  "
            f"undecided {s['unchecked']:>5}",
            flush=True,
        )
    base, t_base = runs["baseline (cold, one thread)"]
    for label, (audit, seconds) in runs.items():
        same = (
            audit.suppressed["n_pinned"].tolist() == base.suppressed["n_pinned"].tolist()
            and audit.suppressed["k_pinned"].tolist() == base.suppressed["k_pinned"].tolist()
        )
        print(
            f"{label:<30} same cells pinned as the baseline: {same}; "
            f"baseline / this: {t_base / seconds:.2f}"
        )
    if args.protect:
        started = time.perf_counter()
        result = estimate_opportunity(pupils, levels=LEVELS, subgroups=["gender"])
        seconds = time.perf_counter() - started
        summary = result.summary
        print(
            f"protection: {seconds:.1f} s, audit {summary.audit} after "
            f"{summary.audit_rounds} rounds; published {summary.published:,} of {summary.cells:,}"
            f" (group rules alone {plain.summary.published:,})"
        )


if __name__ == "__main__":
    main()
