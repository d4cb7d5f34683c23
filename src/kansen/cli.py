"""The ``kansen`` command.

Library commands (checking files, writing the demo data) work without the platform. The
platform adds its own commands (imports into the database, the demo, the server) through the
``kansen.cli`` entry-point group, so this module never imports Django (see ADR 0002).

Nor pandas, NumPy or the readers at import: ``kansen --help`` and every command that does not
need them start without them (issue 21); each command imports what it uses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kansen.commands.matching import app as match_app
from kansen.commands.monitor import app as monitor_app
from kansen.commands.opportunity import app as opportunity_app
from kansen.commands.plans import app as plans_app
from kansen.commands.survey import app as survey_app

if TYPE_CHECKING:
    import pandas as pd

    from kansen.io import Problem

app = typer.Typer(
    name="kansen",
    help="kansen: equal opportunities for children and youth in Dutch municipalities.",
    no_args_is_help=True,
    add_completion=False,
)
check_app = typer.Typer(help="Check files without importing them.", no_args_is_help=True)
demo_app = typer.Typer(help="Demostad, the synthetic demo municipality.", no_args_is_help=True)
index_app = typer.Typer(help="The deprivation index.", no_args_is_help=True)
access_app = typer.Typer(help="Distances to facilities.", no_args_is_help=True)
app.add_typer(check_app, name="check")
app.add_typer(demo_app, name="demo")
app.add_typer(index_app, name="index")
app.add_typer(access_app, name="access")

console = Console()
err_console = Console(stderr=True)


#: Problems printed in full; beyond these, a count per kind of problem.
PROBLEMS_PRINTED = 200


def _word(text: str) -> str:
    """A word around the problems in the language of the locale (see :mod:`kansen.problems`)."""
    from kansen.problems import language_of, word

    return word(text, language_of())


def print_problems(problems: Sequence[Problem], title: str) -> None:
    """Print problems as a table on standard error: the first :data:`PROBLEMS_PRINTED` in
    full, then how many more there are of each kind (a file can have a million bad rows)."""
    from kansen.io import cap_problems
    from kansen.problems import language_of, localized, translations, word

    language = language_of()
    catalog = translations(language)
    kept, counts = cap_problems(problems, PROBLEMS_PRINTED)
    table = Table(title=title, show_lines=False)
    for column in ("row", "column", "problem", "expected"):
        table.add_column(word(column, language))
    for p in kept:
        message, expected = (p.message, p.expected) if language == "en" else localized(p, catalog)
        table.add_row("" if p.row is None else str(p.row), p.column or "", message, expected or "")
    for count in counts:
        table.add_row("", count.column or "", f"{count.count} more: {count.kind}", "")
    err_console.print(table)
    if counts:
        err_console.print(f"{len(problems)} problems in all; the first {len(kept)} are listed.")


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
        print_problems(list(rejected.problems), f"{file.name}: {_word('rejected')}")
        raise typer.Exit(1) from rejected
    console.print(result.crs_message)
    levels: dict[str, int] = {}
    for feature in result.features:
        levels[feature.level] = levels.get(feature.level, 0) + 1
    console.print(
        f"{len(result.features)} areas: " + ", ".join(f"{n} {lv}" for lv, n in levels.items())
    )
    if result.repairs or result.warnings:
        print_problems([*result.repairs, *result.warnings], f"{file.name}: {_word('remarks')}")


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
        print_problems(list(rejected.problems), f"{file.name}: {_word('rejected')}")
        raise typer.Exit(1) from rejected
    counts = result.observations["status"].value_counts().to_dict()
    console.print(
        f"{len(result.areas)} areas, {len(result.indicators)} indicators, "
        f"{len(result.observations)} figures: {counts.get('ok', 0)} values, "
        f"{counts.get('suppressed', 0)} suppressed, {counts.get('missing', 0)} unknown"
    )
    if result.warnings:
        print_problems(list(result.warnings), f"{file.name}: {_word('remarks')}")


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


def _read_area_table(
    path: Path, year: int | None
) -> tuple[pd.DataFrame, dict[str, Any], dict[str, str]]:
    """A wide table (index: area code) from a StatLine CSV/Excel or GeoJSON properties.

    Also returns the geometries (EPSG:4326) by code when the file is GeoJSON, and for a
    CSV/Excel file which column code each header got.
    """
    import pandas as pd

    from kansen.io import ImportRejected, read_area_values, read_boundaries

    try:
        if path.suffix.lower() in (".geojson", ".json"):
            boundaries = read_boundaries(path, filename=path.name)
            table = pd.DataFrame({f.code: f.properties for f in boundaries.features}).T.apply(
                pd.to_numeric, errors="coerce"
            )
            return table, {f.code: f.geometry_wgs84 for f in boundaries.features}, {}
        values = read_area_values(path, filename=path.name, year=year)
    except ImportRejected as rejected:
        print_problems(list(rejected.problems), f"{path.name}: {_word('rejected')}")
        raise typer.Exit(1) from rejected
    obs = values.observations
    if obs["year"].nunique() > 1:
        latest = int(obs["year"].max())
        err_console.print(f"{path.name} has several years; using {latest} (choose with --year)")
        obs = obs[obs["year"] == latest]
    wide = obs.pivot_table(
        index="area_code",
        columns="indicator_code",
        values="value",
        aggfunc="first",
        dropna=False,
    )
    return wide, {}, {c.column: c.code for c in values.indicators}


def _write_table(frame: pd.DataFrame, out: Path, geometries: dict[str, Any]) -> None:
    """CSV (comma, decimal point) or, with geometries, GeoJSON (EPSG:4326)."""
    import pandas as pd

    if out.suffix.lower() in (".geojson", ".json"):
        if not geometries:
            err_console.print("GeoJSON output needs areas with boundaries (a GeoJSON input)")
            raise typer.Exit(2)
        from shapely.geometry import mapping

        features = [
            {
                "type": "Feature",
                "geometry": mapping(geometries[str(code)]) if str(code) in geometries else None,
                "properties": {
                    "code": str(code),
                    **{
                        k: (None if pd.isna(v) else v.item() if hasattr(v, "item") else v)
                        for k, v in row.items()
                    },
                },
            }
            for code, row in frame.iterrows()
        ]
        out.write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
            encoding="utf-8",
        )
    else:
        frame.to_csv(out, index_label="code")
    console.print(f"wrote {out} ({len(frame)} rows)")


BUILT_IN_DEFINITIONS = ("mdi", "kwb-2022")


@index_app.command("compute")
def index_compute(
    data: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="StatLine CSV, Excel, or GeoJSON with figures."
        ),
    ],
    out: Annotated[Path, typer.Option(help="Result: .csv, or .geojson for a GeoJSON input.")],
    definition: Annotated[
        str,
        typer.Option(
            help="'mdi' (source 002, Demostad's indicator codes), 'kwb-2022' (CBS key figures "
            "2022 of all municipalities) or a JSON file with an index definition."
        ),
    ] = "mdi",
    rename: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="CSV with columns column_header and code: give the file's columns these codes "
            "(e.g. demostad_indicatoren.csv from `kansen demo write`).",
        ),
    ] = None,
    year: Annotated[int | None, typer.Option(help="The year, for a file of several.")] = None,
    level: Annotated[
        str | None,
        typer.Option(
            help="Which areas to rank: gemeente, wijk or buurt (default: the finest in the file)."
        ),
    ] = None,
    reference: Annotated[str, typer.Option(help="Label of the reference set.")] = "",
) -> None:
    """Compute a deprivation index: domain scores and ranks, score, rank and decile."""
    import pandas as pd

    from kansen.index import (
        KWB_2022_MDI,
        IndexDataError,
        IndexDefinition,
        ReferenceSet,
        compute_index,
        default_mdi,
        read_kwb_2022,
    )

    if definition == "mdi":
        chosen = default_mdi()
    elif definition == "kwb-2022":
        chosen = KWB_2022_MDI
    elif Path(definition).is_file():
        chosen = IndexDefinition.from_json(Path(definition).read_text(encoding="utf-8"))
    else:
        err_console.print(
            f"--definition: expected one of {BUILT_IN_DEFINITIONS} or a JSON file, "
            f"got {definition!r}"
        )
        raise typer.Exit(2)
    table, geometries, header_codes = _read_area_table(data, year)
    if definition == "kwb-2022":
        table = read_kwb_2022(data)  # adds the derived counts the definition uses
    if rename is not None:
        wanted = pd.read_csv(rename, dtype=str)
        table = table.rename(
            columns={
                header_codes[header]: code
                for header, code in zip(wanted["column_header"], wanted["code"], strict=True)
                if header in header_codes
            }
        )
    # Rank the finest level in the file; coarser areas serve as parents for missing values.
    from kansen.io import area_level, parent_code

    levels = {str(code): area_level(str(code)) for code in table.index}
    finest = level or next(
        (lv for lv in ("buurt", "wijk", "gemeente") if lv in levels.values()), "gemeente"
    )
    ranked = [code for code, lv in levels.items() if lv == finest]
    parents = {code: p for code in ranked if (p := parent_code(code)) in levels}
    with console.status("Computing the index"):
        try:
            result = compute_index(
                table.loc[ranked],
                chosen,
                parents=parents,
                parent_data=table.loc[sorted(set(parents.values()))] if parents else None,
                reference=ReferenceSet(label=reference or f"{finest} in {data.name}"),
            )
        except IndexDataError as error:
            err_console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from error
    console.print(
        f"{chosen.name}: {result.n} areas ranked; {len(result.dropped)} left out; "
        f"reference set: {result.reference.label}"
    )
    _write_table(result.frame, out, geometries)


@access_app.command("distance")
def access_distance(
    areas: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="Area boundaries (GeoJSON).")
    ],
    schools: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="School locations (CSV or Excel).")
    ],
    out: Annotated[Path, typer.Option(help="Result: .csv or .geojson.")],
    all_schools: Annotated[
        bool, typer.Option("--all-schools", help="Any secondary school, not only havo/vwo.")
    ] = False,
) -> None:
    """Straight-line distance from a point inside each area to the nearest havo/vwo school."""
    import pandas as pd

    from kansen.access import AccessInputError, distance_to_nearest
    from kansen.io import ImportRejected, read_boundaries, read_facilities

    try:
        boundaries = read_boundaries(areas, filename=areas.name)
        facilities = read_facilities(schools, filename=schools.name)
    except ImportRejected as rejected:
        print_problems(list(rejected.problems), _word("rejected"))
        raise typer.Exit(1) from rejected
    frame = pd.DataFrame(
        {
            "code": [f.code for f in boundaries.features],
            "geometry": [f.geometry_rd for f in boundaries.features],
        }
    )
    points = pd.DataFrame(
        [
            {"id": f.code, "name": f.name, "x": f.x, "y": f.y, "offers_havo_vwo": f.offers_havo_vwo}
            for f in facilities.facilities
        ]
    )
    try:
        result = distance_to_nearest(frame, points, kind=None if all_schools else "offers_havo_vwo")
    except AccessInputError as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    console.print(
        f"{len(result)} areas; median {result['distance_m'].median():,.0f} m, "
        f"max {result['distance_m'].max():,.0f} m"
    )
    _write_table(
        result.set_index("code"), out, {f.code: f.geometry_wgs84 for f in boundaries.features}
    )


@app.command("allocate")
def allocate_command(
    units: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="CSV with code, need, population (and name, decile)."
        ),
    ],
    budget: Annotated[str, typer.Option(help="Euros, e.g. 250000 or 250000.00.")],
    out: Annotated[Path, typer.Option(help="The allocation as CSV.")],
    max_decile: Annotated[int | None, typer.Option(help="Only units in deciles 1..N.")] = None,
    floor: Annotated[str | None, typer.Option(help="Minimum per eligible unit (euros).")] = None,
    cap: Annotated[str | None, typer.Option(help="Maximum per unit (euros).")] = None,
) -> None:
    """Split a budget by need x population, to the cent, every share explained."""
    from kansen.allocation import AllocationError, allocate, read_units_csv, write_allocation_csv

    try:
        result = allocate(
            read_units_csv(units), budget, max_decile=max_decile, floor=floor, cap=cap
        )
    except (AllocationError, ValueError) as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    write_allocation_csv(result, out)
    paid = sum(1 for s in result.shares if s.amount > 0)
    console.print(f"EUR {result.total:,.2f} over {paid} of {len(result.shares)} units -> {out}")


app.add_typer(plans_app, name="plan", help="Agendas and execution plans: check and export.")
app.add_typer(monitor_app, name="monitor", help="Monitoring: progress of goals against targets.")
app.add_typer(match_app, name="match", help="Match support requests to volunteers and offers.")
app.add_typer(
    opportunity_app,
    name="opportunity",
    help="Outcomes by parental income on pupil microdata (the kansenkaart engine).",
)
app.add_typer(survey_app, name="survey", help="The youth panel: questionnaires and answer tables.")


def _load_plugins() -> None:
    for entry_point in entry_points(group="kansen.cli"):
        entry_point.load()(app)


def main() -> None:
    """Entry point of the ``kansen`` command."""
    _load_plugins()
    app()


if __name__ == "__main__":
    main()
