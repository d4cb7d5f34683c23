"""How long outcomes by parental income take on a national-size cohort, five ways, in one run.

Run: ``.venv/bin/python benchmarks/bench_opportunity.py [--pupils 5000000] [--buurten 14000]``

The cohort (made with numpy by ``kansen.demo.synthetic_pupils``: buurten in wijken in gemeenten,
postcode areas of four buurten) is written to Parquet once, in a temporary folder. Then, each in
its own fresh process, so that time and peak memory are its own:

1. ``kansen.opportunity`` on DuckDB (the default engine): every level (buurt, wijk, gemeente,
   pc4), every band, the three advice outcomes, checks, disclosure control and shrinkage, from
   the Parquet file to the published table (without the audit of the published table, which
   ``benchmarks/bench_audit.py`` measures);
   interleaved, ``--rounds`` times, with the hand-written DuckDB SQL of :func:`duckdb_sql`
   (the same cells, estimates and intervals; no checks, disclosure control or shrinkage), the
   peer of the goal "within 1.2x", the same query written as kansen's own sum query is
   (``tuned``: the incomes counted in a second read, the advice looked up in a list; skip it with
   ``--skip-tuned-sql``), and the same computation with the Polars lazy API
   (:func:`polars_query`). Each writes its cells, and the run checks that every peer agrees
   with kansen to 1e-9 on every cell with n >= 10 and prints the ratios of time and processor
   time per round;
2. the same on Spark, ``local[2]`` (session start reported apart), with its ratio to kansen on
   DuckDB and to the SQL;
3. a straightforward pandas implementation of the same sums trick (read, rank, map advice,
   concatenate the bands, one groupby per level, the same finishing arithmetic; no checks, no
   disclosure control, no shrinkage);
4. a per-cell statsmodels loop (OLS and prediction interval per cell) on a random sample of
   cells, extrapolated to every cell. Rows per area are found through a precomputed groupby
   index, which is kinder to the loop than filtering the whole table for each cell.

Times are the best of ``--repeat`` runs (default 2) in the same process; the first run is shown
too (for Spark it includes the JVM warming up). Peak memory is the peak resident set size of the
process (``VmHWM``), which includes what DuckDB and Polars allocate outside Python's allocator,
plus the Java process's peak for Spark.
Targets: under 20 s on DuckDB on two cores, at least 50x faster than the per-cell loop, under
4 GB. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

LEVELS = ("buurt", "wijk", "gemeente", "pc4")
OUTCOMES = ("under_advice", "over_advice", "at_least_havo")
BANDS = (
    ("very_low", 0.0, 0.20, 0.10),
    ("low", 0.15, 0.35, 0.25),
    ("middle", 0.40, 0.60, 0.50),
    ("high", 0.65, 0.85, 0.75),
    ("very_high", 0.80, 1.00, 0.90),
    ("all", 0.0, 1.00, 0.50),
)
ADVICE = (
    "vmbo-b",
    "vmbo-b/k",
    "vmbo-k",
    "vmbo-k/gt",
    "vmbo-gt",
    "vmbo-gt/havo",
    "havo",
    "havo/vwo",
    "vwo",
)


#: The peers run interleaved with kansen on DuckDB, each in a fresh process.
PEERS = ("sql", "sql_tuned", "polars")
PEER_LABELS = {
    "kansen": "kansen",
    "sql": "hand-written DuckDB SQL",
    "sql_tuned": "the same SQL, tuned",
    "polars": "Polars lazy",
}


def peak_rss() -> int:
    """Peak resident set size of this process, in bytes.

    ``VmHWM`` (the high-water mark of this program's memory) rather than ``ru_maxrss``, which
    keeps, across the ``exec`` of a spawned process, the size of the parent it was forked from
    (the benchmark's parent holds the generated cohort: 3.15 GiB at 20M pupils).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def descendants_peak_rss() -> int:
    """Sum of the peak resident set sizes (VmHWM) of this process's descendants, in bytes."""
    total = 0
    for pid in _descendants(os.getpid()):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


# --- the approaches, each run in a fresh process ------------------------------------------


def _advice_sql(column: str, tuned: bool = False) -> str:
    if tuned:
        spellings = ", ".join(f"'{a}'" for a in ADVICE)
        return f"(list_position([{spellings}], {column}) - 1)"
    whens = " ".join(f"WHEN '{a}' THEN {i}" for i, a in enumerate(ADVICE))
    return f"CASE {column} {whens} END"


def duckdb_sql(path: str, tuned: bool = False) -> str:
    """The hand-written DuckDB query: the same cells as kansen, without checks or disclosure.

    Rank per year with ties averaged (on the distinct incomes), the advice outcomes as ``CASE``
    expressions, one grouped sum per (year, areas, segment of rank), rolled up to every level
    and band, and the estimate and its standard error per cell, all in SQL (the t quantile is
    taken afterwards with SciPy). One row per (year, level, area, band), the outcomes side by
    side.

    ``tuned`` writes it as kansen's own sum query is written since session 10: the incomes
    counted in a second read of the file (the query as first written uses its prepared pupils
    twice, so DuckDB keeps them all in memory) and the advice spellings looked up in a list
    instead of a ``CASE``. The peer of the goal is the query as first written; the tuned one
    shows how much of kansen's lead is the way the query is written.
    """
    edges = sorted({b[1] for b in BANDS} | {b[2] for b in BANDS} - {0.0, 1.0})
    bounds = [0.0, *edges, 1.0]
    segment = (
        "CASE "
        + " ".join(f"WHEN x <= {e!r} THEN {k}" for k, e in enumerate(edges))
        + f" ELSE {len(edges)} END"
    )
    members = ", ".join(
        f"({k}, '{name}', {point!r}, {str(name == 'all').upper()})"
        for k in range(len(bounds) - 1)
        for name, lower, upper, point in BANDS
        if lower <= bounds[k] and bounds[k + 1] <= upper
    )
    outcome_sql = {
        "under_advice": "CASE WHEN e IS NULL OR t IS NULL THEN NULL ELSE (e < t)::DOUBLE END",
        "over_advice": "CASE WHEN e IS NULL OR t IS NULL THEN NULL ELSE (e > t)::DOUBLE END",
        "at_least_havo": "CASE WHEN e IS NULL THEN NULL ELSE (e >= 6)::DOUBLE END",
    }
    sums = []
    for i in range(len(OUTCOMES)):
        sums += [
            f"count(y{i}) AS n{i}",
            f"sum(CASE WHEN y{i} IS NOT NULL THEN dx END) AS sx{i}",
            f"sum(CASE WHEN y{i} IS NOT NULL THEN dx * dx END) AS sxx{i}",
            f"sum(y{i}) AS sy{i}",
            f"sum(y{i} * dx) AS sxy{i}",
        ]
    roll = ", ".join(
        f"sum({s}{i}) AS {s}{i}"
        for i in range(len(OUTCOMES))
        for s in ("n", "sx", "sxx", "sy", "sxy")
    )
    finish = []
    for i in range(len(OUTCOMES)):
        xbar, ybar = f"(sx{i} / n{i})", f"(sy{i} / n{i})"
        cxx, at = f"(sxx{i} - sx{i} * {xbar})", f"((point - 0.5) - {xbar})"
        cxy, cyy = f"(sxy{i} - sx{i} * {ybar})", f"(sy{i} - sy{i} * {ybar})"
        slope = f"((sxy{i} - sx{i} * {ybar}) / (sxx{i} - sx{i} * {xbar}))"
        finish += [
            f"n{i}::BIGINT AS n{i}",
            f"CASE WHEN is_all THEN {ybar} ELSE {ybar} + {slope} * {at} END AS e{i}",
            f"sqrt(greatest({cyy} - {slope} * {cxy}, 0) / (n{i} - 2)"
            f" * (1 / n{i} + power({at}, 2) / {cxx})) AS se{i}",
        ]
    fine_keys = ", ".join(LEVELS)
    revised, school = (_advice_sql(c, tuned) for c in ("revised_advice", "school_advice"))
    incomes_from = (
        f"(SELECT year, parent_income::DOUBLE AS income FROM read_parquet('{path}'))"
        if tuned
        else "p"
    )
    union = " UNION ALL ".join(
        f"SELECT year, '{level}' AS level, {level} AS area_code, band, point, is_all, {roll} "
        f"FROM fine JOIN members USING (segment) GROUP BY year, {level}, band, point, is_all"
        for level in LEVELS
    )
    return f"""
WITH p AS (
  SELECT year, {", ".join(f"{c}::VARCHAR AS {c}" for c in LEVELS)}, parent_income::DOUBLE AS income,
         coalesce({revised}, {school}) AS e, {_advice_sql("test_advice", tuned)} AS t
  FROM read_parquet('{path}')),
incomes AS (SELECT year, income, count(*) AS ties FROM {incomes_from} GROUP BY year, income),
ranks AS (
  SELECT year, income,
         (sum(ties) OVER (PARTITION BY year ORDER BY income ROWS UNBOUNDED PRECEDING) - ties
          + (ties + 1) / 2.0) / sum(ties) OVER (PARTITION BY year) AS x
  FROM incomes),
pupils AS (
  SELECT year, {fine_keys}, x - 0.5 AS dx, {segment} AS segment,
         {", ".join(f"{outcome_sql[o]} AS y{i}" for i, o in enumerate(OUTCOMES))}
  FROM p JOIN ranks USING (year, income)),
fine AS (SELECT year, {fine_keys}, segment, {", ".join(sums)} FROM pupils GROUP BY ALL),
members(segment, band, point, is_all) AS (VALUES {members}),
cells AS ({union})
SELECT year, level, area_code, band, {", ".join(finish)} FROM cells
"""


def run_sql(path: str, repeat: int, out: str, tuned: bool = False) -> dict[str, Any]:
    import duckdb

    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        connection = duckdb.connect()
        connection.execute("SET enable_progress_bar = false")
        cells = connection.sql(duckdb_sql(path, tuned)).df()
        connection.close()
        _add_intervals(cells)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    long = _long_cells(cells)
    long.to_parquet(out, index=False)
    return {
        "seconds": min(times),
        "first": times[0],
        "cpu": cpu[times.index(min(times))],
        "peak": peak_rss(),
        "cells": len(long),
    }


def run_tuned_sql(path: str, repeat: int, out: str) -> dict[str, Any]:
    return run_sql(path, repeat, out, tuned=True)


def polars_query(path: str) -> Any:
    """The same computation as :func:`duckdb_sql` with the Polars lazy API (a LazyFrame).

    Rank per year with ties averaged on the distinct incomes, the advice outcomes from the
    positions on the scale, one grouped sum per (year, areas, segment of rank), rolled up to every
    level and band, and the estimate and its standard error per cell. Columns as the SQL's.
    """
    import polars as pl

    edges = sorted({b[1] for b in BANDS} | {b[2] for b in BANDS} - {0.0, 1.0})
    bounds = [0.0, *edges, 1.0]
    members = pl.DataFrame(
        [
            (k, name, point, name == "all")
            for k in range(len(bounds) - 1)
            for name, lower, upper, point in BANDS
            if lower <= bounds[k] and bounds[k + 1] <= upper
        ],
        schema={"segment": pl.Int32, "band": pl.String, "point": pl.Float64, "is_all": pl.Boolean},
        orient="row",
    ).lazy()
    position = {a: i for i, a in enumerate(ADVICE)}

    def advice(column: str) -> Any:
        return (
            pl.col(column)
            .cast(pl.String)
            .replace_strict(position, default=None, return_dtype=pl.Int32)
        )

    p = pl.scan_parquet(path).select(
        pl.col("year").cast(pl.Int64),
        *(pl.col(c).cast(pl.String) for c in LEVELS),
        pl.col("parent_income").cast(pl.Float64).alias("income"),
        pl.coalesce(advice("revised_advice"), advice("school_advice")).alias("e"),
        advice("test_advice").alias("t"),
    )
    ranks = (
        p.group_by("year", "income")
        .agg(pl.len().cast(pl.Float64).alias("ties"))
        .sort("year", "income")
        .with_columns(
            (
                (
                    pl.col("ties").cum_sum().over("year")
                    - pl.col("ties")
                    + (pl.col("ties") + 1) / 2.0
                )
                / pl.col("ties").sum().over("year")
            ).alias("x")
        )
        .select("year", "income", "x")
    )
    segment = pl.lit(len(edges), dtype=pl.Int32)
    for k, edge in reversed(list(enumerate(edges))):
        segment = pl.when(pl.col("x") <= edge).then(pl.lit(k, dtype=pl.Int32)).otherwise(segment)
    known = pl.col("e").is_not_null() & pl.col("t").is_not_null()
    outcome_values = {
        "under_advice": pl.when(known).then((pl.col("e") < pl.col("t")).cast(pl.Float64)),
        "over_advice": pl.when(known).then((pl.col("e") > pl.col("t")).cast(pl.Float64)),
        "at_least_havo": pl.when(pl.col("e").is_not_null()).then(
            (pl.col("e") >= 6).cast(pl.Float64)
        ),
    }
    pupils = p.join(ranks, on=["year", "income"]).select(
        "year",
        *LEVELS,
        (pl.col("x") - 0.5).alias("dx"),
        segment.alias("segment"),
        *(outcome_values[o].alias(f"y{i}") for i, o in enumerate(OUTCOMES)),
    )
    sums = []
    for i in range(len(OUTCOMES)):
        y, dx = pl.col(f"y{i}"), pl.col("dx")
        masked = pl.when(y.is_not_null()).then(dx)
        sums += [
            y.count().cast(pl.Float64).alias(f"n{i}"),
            masked.sum().alias(f"sx{i}"),
            (masked * masked).sum().alias(f"sxx{i}"),
            y.sum().alias(f"sy{i}"),
            (y * dx).sum().alias(f"sxy{i}"),
        ]
    fine = pupils.group_by("year", *LEVELS, "segment").agg(sums).join(members, on="segment")
    roll = [
        pl.col(f"{s}{i}").sum()
        for i in range(len(OUTCOMES))
        for s in ("n", "sx", "sxx", "sy", "sxy")
    ]
    cells = pl.concat(
        [
            fine.group_by("year", level, "band", "point", "is_all")
            .agg(roll)
            .select(
                "year",
                pl.lit(level).alias("level"),
                pl.col(level).alias("area_code"),
                pl.exclude("year", level),
            )
            for level in LEVELS
        ]
    )
    finish = []
    for i in range(len(OUTCOMES)):
        n, sx, sxx = pl.col(f"n{i}"), pl.col(f"sx{i}"), pl.col(f"sxx{i}")
        sy, sxy = pl.col(f"sy{i}"), pl.col(f"sxy{i}")
        xbar, ybar = sx / n, sy / n
        cxx, at = sxx - sx * xbar, (pl.col("point") - 0.5) - xbar
        cxy, cyy = sxy - sx * ybar, sy - sy * ybar
        slope = cxy / cxx
        finish += [
            n.cast(pl.Int64).alias(f"n{i}"),
            pl.when(pl.col("is_all")).then(ybar).otherwise(ybar + slope * at).alias(f"e{i}"),
            (pl.max_horizontal(cyy - slope * cxy, pl.lit(0.0)) / (n - 2) * (1 / n + at**2 / cxx))
            .sqrt()
            .alias(f"se{i}"),
        ]
    return cells.select("year", "level", "area_code", "band", *finish)


def run_polars(path: str, repeat: int, out: str) -> dict[str, Any]:
    import polars as pl

    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        cells = polars_query(path).collect().to_pandas()
        _add_intervals(cells)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    _long_cells(cells).to_parquet(out, index=False)
    return {
        "seconds": min(times),
        "first": times[0],
        "cpu": cpu[times.index(min(times))],
        "peak": peak_rss(),
        "cells": len(cells) * len(OUTCOMES),
        "version": pl.__version__,
    }


def _add_intervals(cells: pd.DataFrame) -> None:
    """A peer's 95% intervals (Student t, n - 2 degrees of freedom, at least 1), as kansen's."""
    from scipy import stats

    for i in range(len(OUTCOMES)):
        df = np.maximum(cells[f"n{i}"].to_numpy() - 2, 1)
        half = stats.t.ppf(0.975, df) * cells[f"se{i}"].to_numpy()
        cells[f"low{i}"] = cells[f"e{i}"] - half
        cells[f"high{i}"] = cells[f"e{i}"] + half


def _long_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per (cell, outcome) with n and the estimate, as the agreement check reads them."""
    return pd.concat(
        [
            cells[["year", "level", "area_code", "band"]].assign(
                outcome=outcome, n=cells[f"n{i}"], estimate=cells[f"e{i}"]
            )
            for i, outcome in enumerate(OUTCOMES)
        ],
        ignore_index=True,
    )


def run_kansen(path: str, engine: str, repeat: int, out: str = "") -> dict[str, Any]:
    from kansen.opportunity import DisclosureRules, estimate_opportunity, spark_session, stop_spark

    startup = 0.0
    if engine == "spark":
        start = time.perf_counter()
        spark_session()
        startup = time.perf_counter() - start
    times, cpu = [], []
    best = None
    # The audit of the published table (on by default) is measured by its own benchmark.
    rules = DisclosureRules(audited=False)
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = estimate_opportunity(
            path, levels=LEVELS, outcomes=OUTCOMES, engine=engine, disclosure=rules
        )
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if times[-1] == min(times):
            best = result
    assert best is not None
    if out:
        cells = best.confidential
        cells = cells.loc[
            cells["subgroup"] == "all", ["year", "level", "area_code", "band"]
        ].assign(outcome=cells["outcome"], n=cells["n"], estimate=cells["estimate"])
        cells.to_parquet(out, index=False)
    jvm = descendants_peak_rss() if engine == "spark" else 0
    if engine == "spark":
        stop_spark()
    return {
        "seconds": min(times),
        "first": times[0],
        "cpu": cpu[times.index(min(times))],
        "startup": startup,
        "peak": peak_rss(),
        "jvm_peak": jvm,
        "cells": best.summary.cells,
        "published": best.summary.published,
        "steps": best.summary.seconds,
    }


def _prepared_pandas(path: str) -> pd.DataFrame:
    """Read, rank per year (ties averaged) and derive the advice outcomes with pandas."""
    frame = pd.read_parquet(path)
    frame["x"] = frame.groupby("year")["parent_income"].rank(method="average") / frame.groupby(
        "year"
    )["parent_income"].transform("size")
    position = {level: i for i, level in enumerate(ADVICE)}

    def positions(column: str) -> pd.Series:
        return frame[column].astype(object).map(position).astype("float64")

    effective = positions("revised_advice").fillna(positions("school_advice"))
    test = positions("test_advice")
    known = effective.notna() & test.notna()
    frame["under_advice"] = np.where(known, (effective < test).astype(float), np.nan)
    frame["over_advice"] = np.where(known, (effective > test).astype(float), np.nan)
    frame["at_least_havo"] = np.where(effective.notna(), (effective >= 6).astype(float), np.nan)
    return frame


def run_pandas(path: str, repeat: int) -> dict[str, Any]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        cells = _pandas_once(path)
        times.append(time.perf_counter() - start)
    return {"seconds": min(times), "first": times[0], "peak": peak_rss(), "cells": cells}


def _pandas_once(path: str) -> int:
    from scipy import stats

    frame = _prepared_pandas(path)
    expanded = []
    for name, lower, upper, centre in BANDS:
        inside = (frame["x"] > lower) | (frame["x"] == 0) if lower == 0 else frame["x"] > lower
        part = frame.loc[inside & (frame["x"] <= upper), [*LEVELS, "year", "x", *OUTCOMES]]
        part = part.assign(band=name, dx=part["x"] - centre)
        expanded.append(part)
    bands = pd.concat(expanded, ignore_index=True)
    columns = {}
    for outcome in OUTCOMES:
        y = bands[outcome]
        ok = y.notna()
        columns[f"{outcome}_n"] = ok.astype(float)
        columns[f"{outcome}_sx"] = bands["dx"].where(ok, 0.0)
        columns[f"{outcome}_sxx"] = (bands["dx"] ** 2).where(ok, 0.0)
        columns[f"{outcome}_sy"] = y.fillna(0.0)
        columns[f"{outcome}_sxy"] = (bands["dx"] * y).fillna(0.0)
    sums = pd.concat([bands[[*LEVELS, "year", "band"]], pd.DataFrame(columns)], axis=1)
    cells = 0
    for level in LEVELS:
        grouped = sums.groupby(["year", level, "band"], observed=True).sum(numeric_only=True)
        for outcome in OUTCOMES:
            n = grouped[f"{outcome}_n"].to_numpy()
            sx, sxx = grouped[f"{outcome}_sx"].to_numpy(), grouped[f"{outcome}_sxx"].to_numpy()
            sy, sxy = grouped[f"{outcome}_sy"].to_numpy(), grouped[f"{outcome}_sxy"].to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                xbar, ybar = sx / n, sy / n
                cxx, cxy, cyy = sxx - sx * xbar, sxy - sx * ybar, sy - sy * ybar
                slope = cxy / cxx
                estimate = ybar - slope * xbar
                s2 = np.maximum(cyy - slope * cxy, 0) / (n - 2)
                se = np.sqrt(s2 * (1 / n + xbar**2 / cxx))
                half = stats.t.ppf(0.975, np.maximum(n - 2, 1)) * se
                _ = estimate - half, estimate + half
            cells += int((n > 0).sum())
    return cells


def run_statsmodels(path: str, sample: int, total_cells: int, seed: int) -> dict[str, Any]:
    import statsmodels.api as sm

    start = time.perf_counter()
    frame = _prepared_pandas(path)
    indices = {level: frame.groupby(level, observed=True).indices for level in LEVELS}
    prepare = time.perf_counter() - start
    rng = np.random.default_rng(seed)
    x_all = frame["x"].to_numpy()
    outcome_values = {o: frame[o].to_numpy() for o in OUTCOMES}
    cells = [
        (level, code, band, outcome)
        for level in LEVELS
        for code in indices[level]
        for band in BANDS
        for outcome in OUTCOMES
    ]
    chosen = rng.choice(len(cells), size=min(sample, len(cells)), replace=False)
    start = time.perf_counter()
    fitted = 0
    for i in chosen:
        level, code, (_, lower, upper, point), outcome = cells[i]
        rows = indices[level][code]
        x, y = x_all[rows], outcome_values[outcome][rows]
        keep = (x > lower) & (x <= upper) & ~np.isnan(y)
        x, y = x[keep], y[keep]
        if len(y) < 3:
            continue
        fit = sm.OLS(y, sm.add_constant(x, has_constant="add")).fit()
        fit.get_prediction(np.array([[1.0, point]])).summary_frame(alpha=0.05)
        fitted += 1
    loop = time.perf_counter() - start
    per_cell = loop / len(chosen)
    return {
        "seconds": prepare + per_cell * total_cells,
        "prepare": prepare,
        "per_cell": per_cell,
        "sampled": len(chosen),
        "fitted": fitted,
        "peak": peak_rss(),
        "cells": total_cells,
    }


def _child(queue: Any, name: str, args: tuple[Any, ...]) -> None:
    functions: dict[str, Callable[..., dict[str, Any]]] = {
        "kansen": run_kansen,
        "sql": run_sql,
        "sql_tuned": run_tuned_sql,
        "polars": run_polars,
        "pandas": run_pandas,
        "statsmodels": run_statsmodels,
    }
    function = functions[name]
    try:
        queue.put(function(*args))
    except Exception as error:  # report, do not hang the parent
        queue.put({"error": f"{type(error).__name__}: {error}"})


def agreement(kansen_path: str, peer_path: str, label: str) -> str:
    """How far kansen's estimates are from a peer's on the cells with n >= 10."""
    keys = ["year", "level", "area_code", "band", "outcome"]
    ours = pd.read_parquet(kansen_path)
    peer = pd.read_parquet(peer_path)
    ours = ours[ours["n"] >= 10]
    both = ours.merge(peer, on=keys, how="left", suffixes=("", "_sql"))
    missing = int(both["n_sql"].isna().sum())
    counts = int((both["n"] != both["n_sql"]).sum())
    gap = float(np.nanmax(np.abs(both["estimate"] - both["estimate_sql"]))) if len(both) else 0.0
    verdict = "agree" if missing == 0 and counts == 0 and gap <= 1e-9 else "DISAGREE"
    return (
        f"kansen and {label} {verdict} on {len(both):,} cells with n >= 10: "
        f"{missing} missing, {counts} counts differ, largest estimate gap {gap:.1e} (limit 1e-9)"
    )


def in_fresh_process(name: str, *args: Any) -> dict[str, Any]:
    """Run one approach in a new (spawned) Python process and return its figures."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, name, args))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=5_000_000)
    parser.add_argument("--buurten", type=int, default=14_000)
    parser.add_argument(
        "--sample-cells", type=int, default=400, help="cells fitted by the statsmodels loop"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of DuckDB, Spark and pandas; the best counts"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="fresh processes of kansen on DuckDB and the SQL peer, interleaved",
    )
    parser.add_argument("--skip-polars", action="store_true")
    parser.add_argument("--skip-tuned-sql", action="store_true")
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--skip-statsmodels", action="store_true")
    parser.add_argument("--parquet", help="an existing pupil file instead of a generated one")
    args = parser.parse_args()

    from kansen.demo import synthetic_pupils

    with tempfile.TemporaryDirectory(prefix="kansen-bench-") as folder:
        start = time.perf_counter()
        if args.parquet:
            path = args.parquet
            frame = pd.read_parquet(path, columns=list(LEVELS))
            args.pupils = len(frame)
        else:
            frame = synthetic_pupils(args.pupils, args.buurten, seed=args.seed)
            path = str(Path(folder) / "pupils.parquet")
            frame.to_parquet(path, index=False)
        generated = time.perf_counter() - start
        size = Path(path).stat().st_size
        counts = {level: frame[level].nunique() for level in LEVELS}
        del frame
        print(
            f"{args.pupils:,} pupils in {counts['buurt']:,} buurten, {counts['wijk']:,} wijken, "
            f"{counts['gemeente']:,} gemeenten, {counts['pc4']:,} pc4 areas; generated and "
            f"written in {generated:.1f} s ({size / 2**20:.0f} MiB Parquet); "
            f"{os.cpu_count()} cores"
        )
        print(f"levels {', '.join(LEVELS)}; outcomes {', '.join(OUTCOMES)}; 6 bands\n")

        results: dict[str, dict[str, Any]] = {}
        outputs = {name: str(Path(folder) / f"{name}.parquet") for name in ("kansen", *PEERS)}
        skipped = {"polars": args.skip_polars, "sql_tuned": args.skip_tuned_sql}
        peers = [name for name in PEERS if not skipped.get(name)]
        rounds: list[dict[str, dict[str, Any]]] = []
        nan = float("nan")
        for _ in range(args.rounds):
            this_round = {
                "kansen": in_fresh_process("kansen", path, "duckdb", args.repeat, outputs["kansen"])
            }
            for name in peers:
                this_round[name] = in_fresh_process(name, path, args.repeat, outputs[name])
            rounds.append(this_round)
            print(
                f"round {len(rounds)}: "
                + "; ".join(
                    f"{PEER_LABELS.get(name, name)} {f.get('seconds', nan):.2f} s "
                    f"(CPU {f.get('cpu', nan):.2f} s, peak {f.get('peak', 0) / 2**30:.2f} GiB)"
                    if "error" not in f
                    else f"{name} failed: {f['error']}"
                    for name, f in this_round.items()
                )
                + f"; load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        results["kansen on DuckDB"] = min(rounds, key=lambda r: r["kansen"].get("seconds", 1e9))[
            "kansen"
        ]
        for name in peers:
            results[PEER_LABELS[name]] = min(rounds, key=lambda r: r[name].get("seconds", 1e9))[
                name
            ]
            for measure in ("seconds", "cpu"):
                ratios = sorted(
                    r["kansen"][measure] / r[name][measure]
                    for r in rounds
                    if measure in r["kansen"] and measure in r[name]
                )
                if ratios:
                    print(
                        f"kansen / {PEER_LABELS[name]} per round, "
                        f"{'time' if measure == 'seconds' else 'CPU'}: "
                        f"{', '.join(f'{r:.2f}' for r in ratios)} "
                        f"(median {ratios[len(ratios) // 2]:.2f}; goal <= 1.2)"
                    )
            if Path(outputs["kansen"]).exists() and Path(outputs[name]).exists():
                print(agreement(outputs["kansen"], outputs[name], PEER_LABELS[name]))
        if not args.skip_spark:
            results["kansen on Spark local[2]"] = in_fresh_process(
                "kansen", path, "spark", args.repeat
            )
        if not args.skip_pandas:
            results["pandas groupby (sums trick)"] = in_fresh_process("pandas", path, args.repeat)
        total_cells = int(results["kansen on DuckDB"].get("cells", 0))
        if not args.skip_statsmodels:
            results["statsmodels per cell (extrapolated)"] = in_fresh_process(
                "statsmodels", path, args.sample_cells, total_cells, args.seed
            )

    reference = results["kansen on DuckDB"].get("seconds", float("nan"))
    sql = results.get(PEER_LABELS["sql"], {}).get("seconds", float("nan"))
    print(
        f"\n{'approach':<38} {'time':>10} {'vs kansen':>10} {'vs SQL':>8} "
        f"{'peak memory':>14}  notes"
    )
    for label, figures in results.items():
        if "error" in figures:
            print(f"{label:<38} failed: {figures['error']}")
            continue
        seconds = figures["seconds"]
        memory = figures["peak"] + figures.get("jvm_peak", 0)
        notes = f"{figures['cells']:,} cells"
        if "cpu" in figures:
            notes += f"; CPU {figures['cpu']:.1f} s"
        if "first" in figures and args.repeat > 1:
            notes += f"; best of {args.repeat} (first {figures['first']:.1f} s)"
        if figures.get("jvm_peak"):
            notes += (
                f"; Python {figures['peak'] / 2**30:.2f} GiB + Java "
                f"{figures['jvm_peak'] / 2**30:.2f} GiB; session start {figures['startup']:.1f} s"
            )
        if "per_cell" in figures:
            notes += (
                f"; {figures['per_cell'] * 1e3:.2f} ms per cell over {figures['sampled']} "
                f"sampled cells + {figures['prepare']:.1f} s to prepare"
            )
        if "check_seconds" in figures:
            notes += f"; checks {figures['check_seconds']:.1f} s"
        if "version" in figures:
            notes += f"; Polars {figures['version']}"
        if "steps" in figures:
            notes += "; " + ", ".join(f"{k} {v:.1f}" for k, v in figures["steps"].items())
        print(
            f"{label:<38} {seconds:>8.1f} s {seconds / reference:>9.2f}x {seconds / sql:>7.2f}x "
            f"{memory / 2**30:>10.2f} GiB  {notes}"
        )
    loop = results.get("statsmodels per cell (extrapolated)", {}).get("seconds", float("nan"))
    versus_loop = ""
    if loop == loop:
        versus_loop = (
            f", {loop / reference:.0f}x faster than the per-cell statsmodels loop (>= 50x)"
        )
    print(
        f"\nDuckDB: {reference:.1f} s (target < 20 s){versus_loop}, peak "
        f"{results['kansen on DuckDB'].get('peak', 0) / 2**30:.2f} GiB (target < 4 GiB)"
    )


if __name__ == "__main__":
    main()
