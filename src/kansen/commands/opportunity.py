"""``kansen opportunity``: estimates by parental income from a file of pupil data.

The command writes only the disclosed table (:data:`kansen.opportunity.PUBLISHED_COLUMNS`);
pupil data and exact counts never leave the machine it runs on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, cast

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(
    help="Outcomes by parental income on pupil data (the Kansenkaart method).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

_STEP_LABELS = {
    "read": "Reading the pupil data",
    "check": "Checking columns and values",
    "sum": "Ranking and summing per area, subgroup and band",
    "estimate": "Estimating",
    "disclose": "Disclosure control (with the intruder audit)",
    "shrink": "Shrinkage toward parent areas",
    "publish": "Building the published table",
    "write": "Writing the published table",
}


@app.callback()
def opportunity() -> None:
    """Outcomes by parental income on pupil data (the Kansenkaart method)."""


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@app.command("run")
def run(
    input_path: Annotated[
        Path,
        typer.Option("--input", exists=True, help="Pupil data: .parquet, .csv or .duckdb."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Published table: .parquet or .csv.")],
    levels: Annotated[
        str, typer.Option(help="Comma-separated levels: buurt, wijk, gemeente, pc4.")
    ] = "buurt,wijk,gemeente",
    engine: Annotated[str, typer.Option(help="duckdb (embedded) or spark (local).")] = "duckdb",
    subgroups: Annotated[str, typer.Option(help="Comma-separated subgroup columns.")] = "",
    outcomes: Annotated[
        str | None,
        typer.Option(help="Comma-separated outcomes; default every advice outcome."),
    ] = None,
    table: Annotated[str | None, typer.Option(help="Table in a .duckdb file.")] = None,
    rank: Annotated[str, typer.Option(help="auto, income or given.")] = "auto",
    mixed_advice: Annotated[str, typer.Option(help="ordinal or overlap.")] = "ordinal",
    min_n_mean: Annotated[int, typer.Option(help="Fewest pupils for a mean.")] = 11,
    min_n_regression: Annotated[int, typer.Option(help="Fewest pupils for a regression.")] = 12,
    min_share_count: Annotated[
        float, typer.Option(help="Fewest pupils with and without a 0/1 outcome.")
    ] = 10.0,
    rounding_base: Annotated[int, typer.Option(help="Round published counts to this.")] = 10,
    decimals: Annotated[
        int,
        typer.Option(
            help="Finest precision of published numbers, in decimals (small cells coarser)."
        ),
    ] = 3,
    shrinkage: Annotated[
        bool, typer.Option("--shrinkage/--no-shrinkage", help="Add shrunk estimates.")
    ] = True,
    audited: Annotated[
        bool,
        typer.Option(
            "--audited/--not-audited",
            help="Suppress further until the intruder audit pins no suppressed cell (slow on "
            "large tables; without it, run `kansen opportunity audit` on the table).",
        ),
    ] = True,
    audit_seconds: Annotated[
        float, typer.Option(help="Time budget of the intruder audit's protection, in seconds.")
    ] = 300.0,
) -> None:
    """Estimate outcomes by parental income and write the disclosed table."""
    from kansen.opportunity import (
        SUPPRESSION_REASONS,
        AdviceRule,
        DisclosureRules,
        EngineUnavailable,
        PupilDataRejected,
        estimate_opportunity,
    )

    if out.suffix.lower() not in (".parquet", ".csv"):
        err_console.print(f"[red]--out must end in .parquet or .csv, not {out.name}[/red]")
        raise typer.Exit(2)
    if engine not in ("duckdb", "spark"):
        err_console.print(f"[red]--engine must be duckdb or spark, not {engine}[/red]")
        raise typer.Exit(2)
    try:
        rules = DisclosureRules(
            min_n_mean=min_n_mean,
            min_n_regression=min_n_regression,
            min_share_count=min_share_count,
            rounding_base=rounding_base,
            decimals=decimals,
            audited=audited,
            audit_seconds=audit_seconds,
        )
        advice = AdviceRule(mixed=cast(Literal["ordinal", "overlap"], mixed_advice))
    except ValueError as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )
    with progress:
        task = progress.add_task("Starting", total=len(_STEP_LABELS))

        def advance(step: str) -> None:
            done = list(_STEP_LABELS).index(step)
            progress.update(task, completed=done, description=_STEP_LABELS[step])

        try:
            result = estimate_opportunity(
                input_path,
                levels=_split(levels),
                subgroups=_split(subgroups),
                outcomes=_split(outcomes) if outcomes is not None else None,
                rank=cast(Literal["auto", "income", "given"], rank),
                engine=cast(Literal["duckdb", "spark"], engine),
                disclosure=rules,
                advice=advice,
                shrinkage=shrinkage,
                table=table,
                progress=advance,
            )
        except PupilDataRejected as rejected:
            progress.stop()
            problems = Table(title=f"{input_path.name}: rejected")
            for column in ("column", "problem", "count", "examples", "expected"):
                problems.add_column(column)
            for p in rejected.problems:
                problems.add_row(
                    p.column or "",
                    p.message,
                    "" if p.count is None else f"{p.count:,}",
                    ", ".join(p.examples),
                    p.expected or "",
                )
            err_console.print(problems)
            raise typer.Exit(1) from rejected
        except (EngineUnavailable, ValueError, FileNotFoundError) as error:
            progress.stop()
            err_console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from error
        advance("write")
        result.write(out)
        progress.update(task, completed=len(_STEP_LABELS), description="Done")

    summary = result.summary
    overview = Table(title=f"{summary.pupils:,} pupils on {summary.engine}")
    overview.add_column("", no_wrap=True)
    overview.add_column("cells", justify="right", no_wrap=True)
    overview.add_column("incl. as a further reason", justify="right")
    overview.add_column("meaning", ratio=1)
    overview.add_row("computed", f"{summary.cells:,}", "", "")
    overview.add_row("published", f"{summary.published:,}", "", "")
    overview.add_row("suppressed", f"{summary.suppressed:,}", "", "onvoldoende waarnemingen")
    for reason, count in summary.suppressed_by_reason.items():
        main = summary.suppressed_by_main_reason.get(reason, 0)
        overview.add_row(
            f"  {reason}", f"{main:,}", f"{count:,}", SUPPRESSION_REASONS.get(reason, "")
        )
    console.print(overview)
    if summary.audit == "passed":
        console.print(f"Intruder audit: no suppressed cell pinned ({summary.audit_rounds} rounds).")
    elif summary.audit == "unfinished":
        err_console.print(
            "[yellow]The intruder audit did not finish in its time budget: the table is "
            "protected by the group rules and the audit rounds done so far. Run `kansen "
            "opportunity audit` on it before it leaves the secure environment.[/yellow]"
        )
    console.print(f"Published table written to {out}")


@app.command("audit")
def audit(
    published: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="Published table: .parquet or .csv.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Per-cell results: .csv or .parquet.")
    ] = None,
    hierarchy: Annotated[
        Path | None,
        typer.Option(
            help="Public area links (CSV or Parquet: level, area_code, parent_level, "
            "parent_code[, year]), e.g. buurten of pc4 areas that are unions of buurten."
        ),
    ] = None,
    exact: Annotated[
        bool, typer.Option("--exact/--screen", help="Solve every bound of every cell.")
    ] = False,
    min_n_width: Annotated[
        int, typer.Option(help="A suppressed n known within less than this is pinned.")
    ] = 10,
    min_k_width: Annotated[
        int,
        typer.Option(
            help="A suppressed share whose pupils with (or without) the outcome are known "
            "within less than this is pinned (default: the rules' min_share_count)."
        ),
    ] = 10,
) -> None:
    """Audit a published table as an intruder would; exit 1 when it leaks.

    Prints how many suppressed cells have their n pinned (within --min-n-width) or, for a
    share, the pupils with or without the outcome (within --min-k-width) by linear
    programming over every relation of the table, and how
    many published cells give their exact n away.
    """
    import pandas as pd

    from kansen.opportunity import audit_published, read_published

    if out is not None and out.suffix.lower() not in (".parquet", ".csv"):
        err_console.print(f"[red]--out must end in .parquet or .csv, not {out.name}[/red]")
        raise typer.Exit(2)
    try:
        table = read_published(published)
        links = None
        if hierarchy is not None:
            links = (
                pd.read_parquet(hierarchy)
                if hierarchy.suffix.lower() == ".parquet"
                else pd.read_csv(hierarchy, dtype=str)
            )
        with err_console.status("Auditing: linear programming over the published table"):
            result = audit_published(
                table,
                hierarchy=links,
                exact=exact,
                min_n_width=min_n_width,
                min_k_width=min_k_width,
            )
    except (ValueError, OSError) as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    figures = result.summary()
    overview = Table(title=f"Intruder audit of {published.name}")
    overview.add_column("", no_wrap=True)
    overview.add_column("cells", justify="right")
    overview.add_row("cells", f"{figures['cells']:,}")
    overview.add_row("suppressed", f"{figures['suppressed']:,}")
    overview.add_row(f"  n pinned within a width of {min_n_width}", f"{figures['n_pinned']:,}")
    overview.add_row(
        f"  k or n - k pinned within a width of {min_k_width}", f"{figures['k_pinned']:,}"
    )
    overview.add_row("published", f"{figures['published']:,}")
    overview.add_row("  exact n derivable", f"{figures['exact_n_published']:,}")
    console.print(overview)
    console.print(f"{figures['solves']:,} linear programs in {figures['seconds']:.1f} s")
    if out is not None:
        cells = pd.concat(
            [result.suppressed.assign(published=False), result.published.assign(published=True)],
            ignore_index=True,
        ).sort_values("row", kind="stable")
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".parquet":
            cells.to_parquet(out, index=False)
        else:
            cells.to_csv(out, index=False)
        console.print(f"Per-cell results written to {out}")
    if result.passes:
        console.print("[green]The table meets the guarantee.[/green]")
        return
    err_console.print("[red]The table fails the guarantee: do not publish it.[/red]")
    raise typer.Exit(1)
