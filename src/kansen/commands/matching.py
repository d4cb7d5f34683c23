"""``kansen match``: match support requests to volunteers and offers from files.

``kansen match solve REQUESTS SUPPLY --out matches.csv [--explain]`` reads the two files (CSV,
Excel or JSON; formats in docs/matching.md and the JSON Schemas of ``kansen.matching``), solves
the matching, writes one row per request and prints the objective and a summary. Texts follow the
locale (Dutch when ``LANG`` starts with ``nl``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from kansen.io import Problem

app = typer.Typer(
    help="Match support requests to volunteers and offers (optimal, explained).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

_NL = {
    "Objective (lexicographic, best level first)": (
        "Doelfunctie (lexicografisch, belangrijkste niveau eerst)"
    ),
    "level": "niveau",
    "value": "waarde",
    "1. priority of the served requests (urgency x deprivation)": (
        "1. prioriteit van de geholpen hulpvragen (urgentie x achterstand)"
    ),
    "2. needs covered": "2. gedekte soorten hulp",
    "3. days waited by the served requests": "3. dagen gewacht door de geholpen hulpvragen",
    "4. travel (km, total)": "4. reisafstand (km, totaal)",
    "Matched {matched} of {total} requests; {waiting} waiting.": (
        "{matched} van de {total} hulpvragen gematcht; {waiting} wachten."
    ),
    "Waiting, by reason": "Wachtend, naar reden",
    "reason": "reden",
    "requests": "hulpvragen",
    "Solver {solver:.2f} s ({stages} stage(s)), in all {total:.2f} s -> {out}": (
        "Solver {solver:.2f} s ({stages} stap(pen)), in totaal {total:.2f} s -> {out}"
    ),
}


def _language() -> Literal["nl", "en"]:
    from kansen.problems import language_of

    return "nl" if language_of() == "nl" else "en"


def _say(text: str) -> str:
    return _NL.get(text, text) if _language() == "nl" else text


#: Problems printed in full.
_PRINTED = 200


def _print_problems(problems: Sequence[Problem], language: Literal["nl", "en"]) -> None:
    """The problems of a rejected file as a table on standard error, in ``language``."""
    from kansen.matching import DUTCH_FILE_TEXTS, file_problem_words
    from kansen.problems import localized, translations, word

    file = problems[0].file if problems else ""
    errors = sum(1 for p in problems if p.severity == "error")
    counts = word("{errors} error(s), {warnings} warning(s)", language).format(
        errors=errors, warnings=len(problems) - errors
    )
    table = Table(title=f"{file}: {counts} ({word('rejected', language)})")
    for column in ("row", "column", "problem", "expected"):
        table.add_column(word(column, language))
    for problem in problems[:_PRINTED]:
        if language == "en" or problem.code in DUTCH_FILE_TEXTS:
            message, expected = file_problem_words(problem, language)
        else:
            message, found = localized(problem, translations(language))
            expected = found or ""
        row = "" if problem.row is None else str(problem.row)
        table.add_row(row, problem.column or "", message, expected)
    err_console.print(table)
    if len(problems) > _PRINTED:
        err_console.print(f"... {len(problems) - _PRINTED} more")


def _km(value: float) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if _language() == "nl" else text


@app.callback()
def match() -> None:
    """Match support requests to volunteers and offers (optimal, explained)."""


@app.command("solve")
def solve(
    requests_file: Annotated[
        Path,
        typer.Argument(
            metavar="REQUESTS", exists=True, dir_okay=False, help="Requests: .csv, .xlsx or .json."
        ),
    ],
    supply_file: Annotated[
        Path,
        typer.Argument(
            metavar="SUPPLY",
            exists=True,
            dir_okay=False,
            help="Volunteers and offers: .csv, .xlsx or .json.",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the matches (CSV).")],
    explain: Annotated[
        bool, typer.Option("--explain", help="Add an explanation column, in the locale's language.")
    ] = False,
    postcodes: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="PC4 centres: CSV with postcode, latitude, longitude. Default: Demostad's.",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", help="Date of the run (YYYY-MM-DD); default today."),
    ] = None,
) -> None:
    """Propose matches and say why every request waits; print the objective and a summary."""
    from kansen.io import ImportRejected
    from kansen.matching import (
        MatchingInputError,
        read_pc4_points,
        read_requests,
        read_supply,
        solve_matching,
        waiting_label,
        write_matches,
    )

    started = time.perf_counter()
    try:
        day = date.today() if on is None else date.fromisoformat(on)
    except ValueError:
        typer.echo(f"--date: expected a date such as 2026-12-01; got {on!r}", err=True)
        raise typer.Exit(2) from None
    language = _language()
    try:
        if postcodes is None:
            from kansen.demo import demo_postcode_areas

            points = demo_postcode_areas()
        else:
            points = read_pc4_points(postcodes)
        requests = read_requests(requests_file, pc4_points=points)
        supply = read_supply(supply_file, pc4_points=points)
    except ImportRejected as rejected:
        _print_problems(rejected.problems, language)
        raise typer.Exit(1) from None
    try:
        result = solve_matching(requests, supply, points, on=day)
    except MatchingInputError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    out.write_text(
        write_matches(
            result,
            [r.reference for r in requests],
            explanations=explain,
            language=language,
        ),
        encoding="utf-8",
    )
    objective = result.objective
    table = Table(title=_say("Objective (lexicographic, best level first)"))
    table.add_column(_say("level"))
    table.add_column(_say("value"), justify="right")
    for label, value in (
        (
            "1. priority of the served requests (urgency x deprivation)",
            str(objective.priority_served),
        ),
        ("2. needs covered", str(objective.needs_covered)),
        ("3. days waited by the served requests", str(objective.waiting_days_served)),
        ("4. travel (km, total)", _km(objective.travel_hm / 10)),
    ):
        table.add_row(_say(label), value)
    console.print(table)
    console.print(
        _say("Matched {matched} of {total} requests; {waiting} waiting.").format(
            matched=len(result.proposals), total=len(requests), waiting=len(result.waiting)
        )
    )
    if result.waiting:
        reasons = Table(title=_say("Waiting, by reason"))
        reasons.add_column(_say("reason"))
        reasons.add_column(_say("requests"), justify="right")
        for code, count in result.waiting_by_reason().items():
            reasons.add_row(waiting_label(code, language), str(count))
        console.print(reasons)
    console.print(
        _say("Solver {solver:.2f} s ({stages} stage(s)), in all {total:.2f} s -> {out}").format(
            solver=result.solver_seconds,
            stages=result.stages,
            total=time.perf_counter() - started,
            out=out,
        )
    )
