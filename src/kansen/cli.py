"""The ``kansen`` command.

Library commands (checking files, writing the demo data) work without the platform. The
platform adds its own commands (imports into the database, the demo, the server) through the
``kansen.cli`` entry-point group, so this module never imports Django (see ADR 0002).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kansen.io import Problem

app = typer.Typer(
    name="kansen",
    help="kansen: equal opportunities for children and youth in Dutch municipalities.",
    no_args_is_help=True,
    add_completion=False,
)
check_app = typer.Typer(help="Check files without importing them.", no_args_is_help=True)
demo_app = typer.Typer(help="Demostad, the synthetic demo municipality.", no_args_is_help=True)
app.add_typer(check_app, name="check")
app.add_typer(demo_app, name="demo")

console = Console()
err_console = Console(stderr=True)


def print_problems(problems: Sequence[Problem], title: str) -> None:
    """Print problems as a table on standard error."""
    table = Table(title=title, show_lines=False)
    for column in ("row", "column", "problem", "expected"):
        table.add_column(column)
    for p in problems:
        table.add_row(
            "" if p.row is None else str(p.row), p.column or "", p.message, p.expected or ""
        )
    err_console.print(table)


@check_app.command("boundaries")
def check_boundaries(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A GeoJSON file.")],
    crs: Annotated[str | None, typer.Option(help="EPSG:4326 or EPSG:28992.")] = None,
) -> None:
    """Read a boundary file as the importer would, and report what it finds."""
    from kansen.io import ImportRejected, read_boundaries

    try:
        result = read_boundaries(file, filename=file.name, crs=crs)
    except ImportRejected as rejected:
        print_problems(list(rejected.problems), f"{file.name}: rejected")
        raise typer.Exit(1) from rejected
    console.print(result.crs_message)
    levels: dict[str, int] = {}
    for feature in result.features:
        levels[feature.level] = levels.get(feature.level, 0) + 1
    console.print(
        f"{len(result.features)} areas: " + ", ".join(f"{n} {lv}" for lv, n in levels.items())
    )
    if result.repairs or result.warnings:
        print_problems([*result.repairs, *result.warnings], f"{file.name}: remarks")


@check_app.command("values")
def check_values(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or Excel file.")],
    year: Annotated[
        int | None, typer.Option(help="Year, if the file has no period column.")
    ] = None,
) -> None:
    """Read a file of indicator values as the importer would, and report what it finds."""
    from kansen.io import ImportRejected, read_area_values

    try:
        result = read_area_values(file, filename=file.name, year=year)
    except ImportRejected as rejected:
        print_problems(list(rejected.problems), f"{file.name}: rejected")
        raise typer.Exit(1) from rejected
    counts = result.observations["status"].value_counts().to_dict()
    console.print(
        f"{len(result.areas)} areas, {len(result.indicators)} indicators, "
        f"{len(result.observations)} figures: {counts.get('ok', 0)} values, "
        f"{counts.get('suppressed', 0)} suppressed, {counts.get('missing', 0)} unknown"
    )
    if result.warnings:
        print_problems(list(result.warnings), f"{file.name}: remarks")


@demo_app.command("write")
def demo_write(
    folder: Annotated[Path, typer.Argument(file_okay=False, help="Where to write the files.")],
    seed: Annotated[int, typer.Option(help="Seed of the random generator.")] = 2026,
) -> None:
    """Write Demostad's boundaries, figures and schools as files in real-world formats."""
    from kansen.demo import build_demostad, write_demostad

    folder.mkdir(parents=True, exist_ok=True)
    files = write_demostad(build_demostad(seed=seed), folder)
    for path in vars(files).values():
        console.print(str(path))


def _load_plugins() -> None:
    for entry_point in entry_points(group="kansen.cli"):
        entry_point.load()(app)


def main() -> None:
    """Entry point of the ``kansen`` command."""
    _load_plugins()
    app()


if __name__ == "__main__":
    main()
