"""Platform commands of ``kansen``: imports into the database, the demo and the server.

Registered on the library's command through the ``kansen.cli`` entry point (ADR 0002).
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kansen.system import cores
from kansen.web.directory.cli import register_import as register_offer_imports
from kansen.web.django_setup import setup_django

if TYPE_CHECKING:
    from kansen.web.accounts.models import Municipality
    from kansen.web.areas.models import ImportRun

console = Console()


def _django() -> None:
    setup_django()


def _env_true(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


#: Threads per worker process of ``kansen serve``: one, so a worker is gunicorn's plain
#: synchronous worker (ADR 0026, fourth amendment); more make it a threaded one.
THREADS = 1


def default_workers() -> int:
    """Worker processes of ``kansen serve``: one per processor core, and two on a machine of one
    core (so that one slow request does not hold every other). One per core and one more was
    measured slower for the directory under load (ADR 0026, session 10)."""
    return max(2, cores())


def gunicorn_command(
    *,
    port: int,
    workers: int,
    threads: int,
    data_dir: Path,
    control_socket: bool = True,
    worker_connections: int | None = None,
) -> list[str]:
    """The gunicorn command line of ``kansen serve``.

    With one thread per worker (the default) the workers are gunicorn's synchronous ones: a
    worker accepts a connection, answers its one request and closes it, with none of the
    threaded worker's hand-offs between its threads (200 pupils sending at once: 1.6-2.2 ms
    of the server's processor time per send against 1.8-2.3 ms threaded, ADR 0026, fourth
    amendment). With more threads the workers are gunicorn's threaded ones, and a worker
    takes at most ``worker_connections`` connections at a time (default: twice its
    threads; gunicorn's own default is 1,000): without a bound, the worker that happens to be
    on a processor when many connections arrive at once accepts nearly all of them while the
    others idle (200 pupils sending at once: 139, 44, 16 and 1 sends per worker), and its
    threads then wait for each other's GIL while holding SQLite's write lock. Connections are
    not kept alive (``--keep-alive 0``): kept-alive ones count towards the bound, and under a
    full load the clients that held one were answered again and again while new connections
    waited (the directory at 50 clients: p99 2.4 s with keep-alive, 0.11 s without; ADR 0026,
    third amendment). A reverse proxy in front keeps the browsers' connections alive itself.

    gunicorn's control socket defaults to one path for every instance of a user
    (``~/.gunicorn/gunicorn.ctl``): a second server would remove the first one's socket and
    answer in its place. Each instance gets its own, in its data folder and named after its
    port (two servers cannot share a port), or none.
    """
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "kansen.web.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    if threads > 1:
        args += [
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--worker-connections",
            str(worker_connections if worker_connections is not None else 2 * threads),
        ]
    else:
        args += ["--worker-class", "sync"]
    args += [
        # a connection per request: kept-alive connections count towards a threaded worker's
        # bound, and a client that keeps one would be answered again and again while new ones
        # wait (a synchronous worker never keeps a connection)
        "--keep-alive",
        "0",
        "--access-logfile",
        "-",
        # no access line for the youth panel's pupils (their paths hold the class code)
        "--logger-class",
        "kansen.web.serverlog.AccessLogWithoutPupils",
        "--timeout",
        "120",
        # load and warm the platform once, before forking the workers (kansen.web.warm)
        "--preload",
    ]
    if control_socket:
        args += ["--control-socket", str(data_dir / f"gunicorn-{port}.ctl")]
    else:
        args.append("--no-control-socket")
    return args


def _municipality(code: str | None) -> Municipality | None:
    from kansen.web.accounts.models import Municipality

    if code is None:
        return None
    try:
        return Municipality.objects.get(code=code)
    except Municipality.DoesNotExist:
        console.print(f"[red]Unknown municipality {code}[/red]: create it first (kansen beheer).")
        raise typer.Exit(2) from None


def _owner(municipality: str | None, national: bool) -> Municipality | None:
    """The owner of an import: a municipality, or none (national data) with ``--national``
    or without ``--municipality``; both given is a mistake (exit code 2)."""
    if national and municipality is not None:
        console.print(
            "[red]Give either --national or --municipality[/red]: national data has no owner."
        )
        raise typer.Exit(2)
    owner = _municipality(municipality)
    if owner is None:
        console.print("National data (owned by no municipality).")
    return owner


def _print_report(run: ImportRun) -> None:
    """What the import page's report says besides the counts: areas placed under a parent of
    an earlier year or without one, and the remarks (repaired geometries, rows left out)."""
    from kansen.cli import print_problems
    from kansen.io import Problem

    s = run.summary
    for e in s.get("parents_from_earlier_year", []):
        console.print(
            f"{e['children']} areas placed under {e['parent']} of {e['year']}, the nearest "
            f"earlier year in which this code is known (no {e['parent']} of their own year)."
        )
    for e in s.get("without_parent", []):
        console.print(
            f"{e['children']} areas have no parent area: {e['parent']} is not known for "
            f"{e['year']} or any earlier year (import the municipalities of {e['year']})."
        )
    fields = {f.name for f in dataclasses.fields(Problem)}
    remarks = [Problem(**{k: v for k, v in p.items() if k in fields}) for p in run.problems]
    if remarks:
        print_problems(remarks, f"{run.filename}: remarks")
    console.print(f"Import report: /gebieden/importeren/{run.pk}/")


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    )


def _run_import(file: Path, call: Callable[[], ImportRun]) -> ImportRun:
    """Run an import with a spinner; print every problem and exit 1 when it is rejected."""
    from kansen.cli import print_problems
    from kansen.web.areas.services import ImportFailed

    with _progress() as progress:
        progress.add_task(f"Importing {file.name}", total=None)
        try:
            return call()
        except ImportFailed as failed:
            progress.stop()
            print_problems(failed.problems, f"{file.name}: rejected, nothing imported")
            raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    import_app = typer.Typer(help="Import area data into the platform.", no_args_is_help=True)
    app.add_typer(import_app, name="import")
    register_offer_imports(import_app)
    from kansen.web.norms.cli import register_check as register_norms_check

    for group in app.registered_groups:
        if group.name == "check" and group.typer_instance is not None:
            register_norms_check(group.typer_instance)

    @import_app.command("boundaries")
    def import_boundaries(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
        year: Annotated[int, typer.Option(help="The year the boundaries belong to.")],
        municipality: Annotated[
            str | None, typer.Option(help="Owner, e.g. GM0546; national when omitted.")
        ] = None,
        crs: Annotated[str | None, typer.Option(help="EPSG:4326 or EPSG:28992.")] = None,
        national: Annotated[
            bool, typer.Option("--national", help="National data, owned by no municipality.")
        ] = False,
    ) -> None:
        """Import boundaries (GeoJSON, EPSG:4326 or EPSG:28992) for a year. All or nothing."""
        _django()
        from kansen.web.areas import services

        owner = _owner(municipality, national)
        run = _run_import(
            file,
            lambda: services.import_boundaries(
                file, filename=file.name, year=year, municipality=owner, crs=crs
            ),
        )
        s = run.summary
        console.print(s["crs_message"])
        console.print(
            f"{s['areas']} areas of {s['year']}: {s['created']} new, {s['updated']} updated, "
            f"{s['repaired']} geometries repaired."
        )
        _print_report(run)

    @import_app.command("facilities")
    def import_facilities(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
        year: Annotated[int, typer.Option(help="The year the locations belong to.")],
        municipality: Annotated[
            str | None, typer.Option(help="Owner, e.g. GM0546; national when omitted.")
        ] = None,
    ) -> None:
        """Import school locations (CSV or Excel with x/y or lat/lon). All or nothing."""
        _django()
        from kansen.web.areas import services

        owner = _municipality(municipality)
        run = _run_import(
            file,
            lambda: services.import_facilities(
                file, filename=file.name, year=year, municipality=owner
            ),
        )
        s = run.summary
        console.print(
            f"{s['locations']} locations of {s['year']} ({s['havo_vwo']} with havo/vwo), "
            f"{s['placed']} placed in a buurt."
        )

    @import_app.command("opportunity")
    def import_opportunity(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
        municipality: Annotated[
            str | None, typer.Option(help="Owner, e.g. GM0546; national when omitted.")
        ] = None,
        publish: Annotated[bool, typer.Option(help="Make the figures public.")] = False,
    ) -> None:
        """Import disclosed outcomes by parental income (from `kansen opportunity run`)."""
        _django()
        from kansen.web.areas.opportunity import import_opportunity_results

        owner = _municipality(municipality)
        run = _run_import(
            file,
            lambda: import_opportunity_results(
                file, filename=file.name, municipality=owner, publish=publish
            ),
        )
        s = run.summary
        console.print(
            f"{s['cells']} cells: {s['published']} published, {s['suppressed']} suppressed "
            "(onvoldoende waarnemingen)."
        )

    @import_app.command("values")
    def import_values(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
        municipality: Annotated[
            str | None, typer.Option(help="Owner, e.g. GM0546; national when omitted.")
        ] = None,
        year: Annotated[int | None, typer.Option(help="If the file has no period.")] = None,
        publish: Annotated[bool, typer.Option(help="Make the figures public.")] = False,
        national: Annotated[
            bool, typer.Option("--national", help="National data, owned by no municipality.")
        ] = False,
    ) -> None:
        """Import indicator values (CBS StatLine CSV or Excel). All or nothing."""
        _django()
        from kansen.web.areas import services

        owner = _owner(municipality, national)
        run = _run_import(
            file,
            lambda: services.import_values(
                file, filename=file.name, municipality=owner, year=year, publish=publish
            ),
        )
        s = run.summary
        console.print(
            f"{s['observations']} figures for {s['areas']} areas ({s['areas_created']} new): "
            f"{s['ok']} values, {s['suppressed']} suppressed, {s['missing']} unknown."
        )
        _print_report(run)

    from kansen.web.cbs_import import register_cbs_import

    register_cbs_import(import_app, _run_import, _django, _municipality)

    @app.command("setup-demo")
    def setup_demo() -> None:
        """Migrate the database and load Demostad with an account for every role.

        Without ``KANSEN_SECRET_KEY``, this installation gets a random key of its own in the
        data folder (``secret_key``, readable by its owner only): what makes it a demo.
        """
        from kansen.web import secret_key

        if not os.environ.get(secret_key.VARIABLE, "").strip():
            secret_key.installation_key(secret_key.data_dir(), create=True)
        _django()
        from django.core.management import call_command

        from kansen.web.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo

        with _progress() as progress:
            task = progress.add_task("Preparing the database", total=None)
            call_command("migrate", interactive=False, verbosity=0)
            progress.update(task, description="Loading Demostad")
            result = load_demo()
        state = "loaded" if result.created else "already there"
        console.print(f"Demostad ({result.municipality.code}): {result.areas} areas, {state}.")
        from kansen.web.youthpanel.demo import demo_summary

        youth_panel = demo_summary(result.municipality)
        if youth_panel:
            console.print(youth_panel, highlight=False)
        console.print("\nDemo accounts (password for all: [bold]" + DEMO_PASSWORD + "[/bold]):")
        for account in DEMO_ACCOUNTS:
            role = account.role.label if account.role else "platform administrator"
            console.print(f"  {account.username:<14} {role}")

    @app.command("serve")
    def serve(
        port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
        workers: Annotated[
            int | None,
            typer.Option(help="Worker processes (default: one per processor core, at least two)."),
        ] = None,
        threads: Annotated[
            int,
            typer.Option(
                help="Threads per worker process (default 1: synchronous workers; more:"
                " threaded ones)."
            ),
        ] = THREADS,
        worker_connections: Annotated[
            int | None,
            typer.Option(
                help="With threaded workers: connections a worker takes at a time"
                " (default: twice its threads)."
            ),
        ] = None,
        control_socket: Annotated[
            bool,
            typer.Option(
                help="gunicorn's control socket (gunicornc), in the data folder for this port."
            ),
        ] = True,
    ) -> None:
        """Serve the platform on http://127.0.0.1:PORT (gunicorn, synchronous workers).

        One worker process per processor core (at least two), each answering one request at a
        time on a connection of its own: a whole school sending its answers at once is then
        spread over every core with the least work per request
        (benchmarks/bench_youthpanel_submit.py, ADR 0026, fourth amendment);
        benchmarks/bench_offers_search.py measures the directory with the same set-up.
        The platform is loaded and warmed once before the workers start (``--preload``), so
        that the first pages answer as fast as later ones (benchmarks/bench_cold_start.py).
        """
        from kansen.web import secret_key

        folder = secret_key.data_dir()
        try:
            secret_key.require(
                secret_key.secret_key(folder, debug=_env_true("KANSEN_DEBUG")), folder
            )
        except secret_key.MissingSecretKey as error:
            console.print(f"[red]The platform does not start:[/red] {error}")
            raise typer.Exit(2) from None
        console.print(
            f"\n[bold]kansen[/bold] is starting on [link]http://127.0.0.1:{port}/[/link]"
            "  (log in at /inloggen/; stop with Ctrl+C)\n"
        )
        args = gunicorn_command(
            port=port,
            workers=workers if workers is not None else default_workers(),
            threads=threads,
            data_dir=folder,
            control_socket=control_socket,
            worker_connections=worker_connections,
        )
        os.execvp(args[0], args)

    @app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )
    def manage(ctx: typer.Context) -> None:
        """Run a Django management command, e.g. ``kansen manage createsuperuser``."""
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["kansen manage", *ctx.args])
