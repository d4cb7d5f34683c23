"""How long computing a deprivation index takes, against straightforward pandas in the same run.

Run: ``.venv/bin/python benchmarks/bench_index.py [--areas 100000] [--indicators 30]``

Synthetic data: correlated indicators in seven domains (the MDI weights), half of them "higher is
better", 2% of the cells missing. Both implementations compute the same index: normal scores
with equal weights per domain (a missing indicator re-weights the others), domain ranks with the
tie rule "min", the exponential transformation, the weighted sum, rank and decile. The baseline
is what an analyst would typically write: a loop over domains and indicators with
``Series.rank``, ``apply`` with a lambda per value, and a row-wise ``apply`` for the weighted
sum. Both results are compared, then the time (best of ``--repeat``) and the peak memory
(tracemalloc, one extra run) of each are printed, and their ratio.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
import pandas as pd
from _measure import measure  # the benchmarks folder is on sys.path when run as a script
from scipy.stats import norm

from kansen.index import Domain, IndexDefinition, Indicator, compute_index

WEIGHTS = {
    "income": 22.5, "work": 22.5, "health": 13.5, "education": 13.5, "housing": 9.3,
    "safety": 9.3, "living_environment": 9.3,
}  # fmt: skip


def synthetic(areas: int, indicators: int, seed: int = 1) -> tuple[pd.DataFrame, IndexDefinition]:
    """A wide table and a definition spreading the indicators over the seven domains."""
    rng = np.random.default_rng(seed)
    deprivation = rng.normal(size=areas)
    domains: dict[str, list[Indicator]] = {code: [] for code in WEIGHTS}
    columns = {}
    for j in range(indicators):
        domain = list(WEIGHTS)[j % len(WEIGHTS)]
        direction = "higher_is_worse" if j % 2 == 0 else "higher_is_better"
        sign = 1.0 if direction == "higher_is_worse" else -1.0
        latent = sign * 0.7 * deprivation + rng.normal(size=areas)
        columns[f"ind{j:02d}"] = np.round(np.exp(0.5 * latent) * 10, 2)  # skewed, some ties
        domains[domain].append(Indicator(f"ind{j:02d}", direction))  # type: ignore[arg-type]
    table = pd.DataFrame(columns, index=[f"BU{i:08d}" for i in range(areas)])
    table = table.mask(rng.random(table.shape) < 0.02)
    definition = IndexDefinition(
        name="benchmark",
        domains=tuple(Domain(code, WEIGHTS[code], tuple(domains[code])) for code in WEIGHTS),
        missing=("reweight", "error"),
        ties="min",
    )
    return table, definition


def pandas_baseline(table: pd.DataFrame, definition: IndexDefinition) -> pd.DataFrame:
    """The same index as a typical analyst writes it in pandas."""
    result = pd.DataFrame(index=table.index)
    for domain in definition.domains:
        normal = pd.DataFrame(index=table.index)
        for indicator in domain.indicators:
            values = table[indicator.code]
            if indicator.direction == "higher_is_better":
                values = -values
            ranks = values.rank(method="average")
            n = values.notna().sum()
            normal[indicator.code] = norm.ppf((ranks - 0.5) / n)
        result[f"{domain.code}_score"] = normal.mean(axis=1)  # skips NaN: re-weights the rest
        ranks = result[f"{domain.code}_score"].rank(ascending=False, method="min")
        n = ranks.notna().sum()
        result[f"{domain.code}_rank"] = ranks
        result[f"{domain.code}_transformed"] = ranks.apply(
            lambda r, n=n: -23 * math.log(1 - (n - r + 1) / n * (1 - math.exp(-100 / 23)))
        )

    def weighted_sum(row: pd.Series) -> float:
        return sum(d.weight / 100 * row[f"{d.code}_transformed"] for d in definition.domains)

    result["score"] = result.apply(weighted_sum, axis=1)
    result["rank"] = result["score"].rank(ascending=False, method="min")
    result["decile"] = result["rank"].apply(lambda r: math.ceil(10 * r / len(result)))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--areas", type=int, default=100_000)
    parser.add_argument("--indicators", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    table, definition = synthetic(args.areas, args.indicators)
    print(f"{args.areas:,} areas x {args.indicators} indicators in 7 domains, 2% missing")
    ours = compute_index(table, definition).frame
    theirs = pandas_baseline(table, definition)
    same_rank = int((ours["rank"] == theirs["rank"]).sum())
    gap = float((ours["score"] - theirs["score"]).abs().max())
    print(f"agreement: {same_rank:,} of {len(ours):,} ranks equal; max score difference {gap:.2e}")

    fast, fast_mib = measure(
        "kansen.index.compute_index", lambda: compute_index(table, definition), args.repeat
    )
    slow, slow_mib = measure(
        "pandas baseline (loops, apply, row-wise)",
        lambda: pandas_baseline(table, definition),
        args.repeat,
    )
    print(f"ratio baseline / kansen: {slow / fast:.1f}x faster; memory {slow_mib / fast_mib:.1f}x")


if __name__ == "__main__":
    main()
