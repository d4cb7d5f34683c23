"""``kansen import cbs TABLE``: a CBS open-data table into the platform's area figures.

The table is fetched by :func:`kansen.monitoring.fetch_cbs` (``cbsodata``), its mapped columns
written as the CSV that ``kansen import values`` reads (:func:`kansen.monitoring.cbs_values_csv`),
and that CSV imported by :func:`kansen.web.areas.services.import_values`: the same checks and
the same all-or-nothing import as a StatLine export. Without a network, the command says so in
the language of the locale and imports nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from kansen.web.areas.models import ImportRun

console = Console()

#: The words of this command in Dutch (CBS's problems come from the catalogs).
_WORDS_NL = {
    "no mapping comes with kansen for table {table}; give one with --mapping": (
        "kansen heeft geen koppeling voor tabel {table}; geef er een met --mapping"
    ),
    "the mapping is for table {mapping}, not {table}": (
        "de koppeling is voor tabel {mapping}, niet voor {table}"
    ),
    "expected": "verwacht",
    "nothing imported": "niets geïmporteerd",
    "{count} rows of {table} written to {path}": "{count} rijen van {table} geschreven naar {path}",
}


def _say(text: str) -> str:
    from kansen.problems import language_of

    return _WORDS_NL.get(text, text) if language_of() == "nl" else text


def register_cbs_import(
    import_app: typer.Typer,
    run_import: Callable[[Path, Callable[[], ImportRun]], ImportRun],
    setup: Callable[[], None],
    municipality_of: Callable[[str | None], Any],
) -> None:
    """Add ``cbs`` to ``kansen import``, with the helpers of :mod:`kansen.web.cli`."""

    @import_app.command("cbs")
    def import_cbs(
        table: Annotated[str, typer.Argument(help="A CBS table, e.g. 85318NED or 85618NED.")],
        mapping: Annotated[
            Path | None,
            typer.Option(
                exists=True,
                dir_okay=False,
                help="Which columns become which indicators (YAML/JSON); the packaged one of "
                "the table when omitted.",
            ),
        ] = None,
        municipality: Annotated[
            str | None,
            typer.Option(help="Only this municipality and its areas, e.g. GM0546; its owner."),
        ] = None,
        publish: Annotated[bool, typer.Option(help="Make the figures public.")] = False,
        save: Annotated[
            Path | None, typer.Option(help="Also write the CSV that is imported to this file.")
        ] = None,
    ) -> None:
        """Import a CBS open-data table through the CBS OData API. All or nothing."""
        from kansen.monitoring import (
            CbsUnavailable,
            MonitorRejected,
            cbs_message,
            cbs_values_csv,
            fetch_cbs,
            packaged_mapping,
            read_cbs_mapping,
        )
        from kansen.problems import language_of, localized, translations

        table = table.strip().upper()
        source = mapping or packaged_mapping(table)
        if source is None:
            typer.echo(
                _say("no mapping comes with kansen for table {table}; give one with --mapping")
                .format(table=table),
                err=True,
            )  # fmt: skip
            raise typer.Exit(2)
        try:
            columns = read_cbs_mapping(source)
        except MonitorRejected as rejected:
            catalog = translations(language_of())
            typer.echo(f"{source.name}:", err=True)
            for problem in rejected.problems:
                message, _expected = localized(problem, catalog)
                typer.echo(f"  {problem.location}: {message}", err=True)
            raise typer.Exit(2) from None
        if columns.table != table:
            typer.echo(
                _say("the mapping is for table {mapping}, not {table}").format(
                    mapping=columns.table, table=table
                ),
                err=True,
            )
            raise typer.Exit(2)
        setup()
        owner = municipality_of(municipality)  # an unknown one stops before the download
        try:
            rows = fetch_cbs(columns, municipality)
        except CbsUnavailable as error:
            message, expected = cbs_message(error, language_of())
            typer.echo(f"{table}: {message}; {_say('nothing imported')}", err=True)
            if expected:
                typer.echo(f"  {_say('expected')}: {expected}", err=True)
            raise typer.Exit(1) from None
        except ValueError as error:  # a municipality code that is none
            typer.echo(f"--municipality: {error}", err=True)
            raise typer.Exit(2) from None
        data = cbs_values_csv(rows, columns)
        name = f"{table}.csv"
        if save is not None:
            save.write_bytes(data)
            console.print(
                _say("{count} rows of {table} written to {path}").format(
                    count=len(rows), table=table, path=save
                )
            )
        from kansen.web.areas import services

        run = run_import(
            Path(name),
            lambda: services.import_values(
                data, filename=name, municipality=owner, publish=publish
            ),
        )
        s = run.summary
        console.print(
            f"{s['observations']} figures for {s['areas']} areas ({s['areas_created']} new): "
            f"{s['ok']} values, {s['suppressed']} suppressed, {s['missing']} unknown."
        )
