"""Commands of the directory: ``kansen import postcodes FILE``.

Registered by :func:`kansen.web.cli.register` on its ``import`` group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kansen.web.django_setup import setup_django

console = Console()


def register_import(import_app: typer.Typer) -> None:
    """Add the directory's import commands to the ``kansen import`` group."""

    @import_app.command("postcodes")
    def import_postcodes(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
        keep_existing: Annotated[
            bool,
            typer.Option(
                help="Keep postcodes already stored (e.g. the fictional ones of the demo)."
            ),
        ] = False,
    ) -> None:
        """Import the centres of four-digit postcodes (CSV: postcode, latitude, longitude in
        WGS 84) for sorting offers by distance. All or nothing."""
        setup_django()
        from kansen.cli import print_problems
        from kansen.io import ImportRejected
        from kansen.web.directory.postcodes import read_pc4_centroids
        from kansen.web.directory.services import save_postcode_areas

        try:
            centroids = read_pc4_centroids(file, file.name)
        except ImportRejected as rejected:
            print_problems(rejected.problems, f"{file.name}: rejected, nothing imported")
            raise typer.Exit(1) from None
        saved = save_postcode_areas(centroids, keep_existing=keep_existing)
        console.print(
            f"{file.name}: {saved.created} postcodes added, {saved.updated} updated"
            + (f", {saved.kept} kept" if saved.kept else "")
        )
