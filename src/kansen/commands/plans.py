"""``kansen plan``: check and export agendas and execution plans, without the web platform.

``kansen plan check FILE`` prints every problem and exits 1 when there is an error (or, with
``--strict``, any problem); ``kansen plan export FILE OUT`` writes Word, PDF, Excel,
iCalendar, the planning chart, or the plan as YAML/JSON, chosen by the suffix of OUT.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from kansen.plans import Plan
    from kansen.plans import Problem as PlanProblem

app = typer.Typer(
    help="Agendas and execution plans: check them, and export them for council and ministry.",
    no_args_is_help=True,
    add_completion=False,
)

_EXPORTS = (".docx", ".pdf", ".html", ".xlsx", ".ics", ".svg", ".png", ".yaml", ".yml", ".json")


@app.callback()
def plan() -> None:
    """Agendas and execution plans: check them, and export them for council and ministry."""


def _today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.echo(f"--today: expected a date such as 2025-07-01; got {value!r}", err=True)
        raise typer.Exit(2) from None


def _read(file: Path) -> Plan:
    from kansen.plans import PlanFormatError, read_plan

    try:
        return read_plan(file)
    except PlanFormatError as error:
        if _language() == "en":
            typer.echo(str(error), err=True)
        else:
            count = len(error.problems)
            lines = [
                _say("{source} does not describe a plan ({count} problem(s)):").format(
                    source=file.name, count=count
                )
            ]
            lines += [f"  {_where(p)}: {_sentence(p)}" for p in error.problems]
            typer.echo("\n".join(lines), err=True)
        raise typer.Exit(1) from error
    except ValueError as error:
        typer.echo(f"{file.name}: {error}", err=True)
        raise typer.Exit(2) from error


@app.command("check")
def check(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A plan file: .yaml or .json.")
    ],
    today: Annotated[
        str | None, typer.Option(help="Judge the planning by this date (default: today).")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="A templates.json of your own."),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 on warnings too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Check a plan and print every problem; exit 1 when there is an error."""
    from kansen.plans import check_plan, load_templates

    plan = _read(file)
    report = check_plan(
        plan, today=_today(today), templates=load_templates(templates) if templates else None
    )
    if as_json:
        problems = [p.to_data() for p in report]
        typer.echo(json.dumps(problems, indent=2, ensure_ascii=False))
    elif _language() == "en":
        for problem in report:
            typer.echo(f"{problem.severity:<8}{problem.path or '(plan)'}: {problem.message}")
        typer.echo(f"{file.name}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    else:
        for problem in report:
            typer.echo(f"{_say(problem.severity):<13}{_where(problem)}: {_sentence(problem)}")
        counts = _say("{errors} error(s), {warnings} warning(s)").format(
            errors=len(report.errors), warnings=len(report.warnings)
        )
        typer.echo(f"{file.name}: {counts}")
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)


def _language() -> str:
    from kansen.problems import language_of

    return language_of()


def _say(text: str) -> str:
    """A word around the problems in the language of the locale."""
    from kansen.problems import word

    return word(text, _language())


def _where(problem: PlanProblem) -> str:
    where = problem.path or _say("(plan)")
    return where + (f" ({_say('line')} {problem.line})" if problem.line is not None else "")


def _sentence(problem: PlanProblem) -> str:
    """A problem of a plan in the language of the locale, amounts in its euros."""
    from decimal import Decimal

    from kansen.problems import euros_in, localized, translations

    language = _language()
    params = {
        key: euros_in(value, language) if isinstance(value, Decimal) else value
        for key, value in problem.params.items()
    }
    return localized(problem, translations(language), params)[0]


@app.command("export")
def export(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A plan file: .yaml or .json.")
    ],
    out: Annotated[
        Path,
        typer.Argument(
            dir_okay=False,
            help="Output; its suffix decides the format: " + ", ".join(_EXPORTS) + ".",
        ),
    ],
    today: Annotated[
        str | None, typer.Option(help="The date the planning marks (default: today).")
    ] = None,
) -> None:
    """Export a plan to Word, PDF, HTML, Excel, iCalendar, a chart, YAML or JSON."""
    from kansen import plans

    suffix = out.suffix.lower()
    if suffix not in _EXPORTS:
        typer.echo(
            f"OUT: expected a file ending in one of {', '.join(_EXPORTS)}; got {out.name!r}",
            err=True,
        )
        raise typer.Exit(2)
    plan = _read(file)
    day = _today(today)
    try:
        if suffix == ".docx":
            plans.write_plan_docx(plan, out, day)
        elif suffix == ".pdf":
            plans.write_plan_pdf(plan, out, day)
        elif suffix == ".html":
            out.write_text(plans.plan_html(plan, day), encoding="utf-8")
        elif suffix == ".xlsx":
            plans.write_budget_workbook(plan, out)
        elif suffix == ".ics":
            out.write_bytes(
                plans.meetings_calendar(plan, stamp=datetime.combine(day, datetime.min.time()))
            )
        elif suffix in (".svg", ".png"):
            out.write_bytes(plans.planning_chart(plan, day, "svg" if suffix == ".svg" else "png"))
        else:
            plans.write_plan(plan, out)
    except (ValueError, ImportError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo(f"wrote {out}")


@app.command("schema")
def schema(
    write: Annotated[
        bool, typer.Option("--write", help="Rewrite the schema file in the package.")
    ] = False,
) -> None:
    """Print the JSON Schema of a plan file, generated from the dataclasses."""
    from kansen.plans._schema import SCHEMA_FILE, build_schema, schema_text

    text = schema_text(build_schema())
    if write:
        target = Path(__file__).parent / "schema" / SCHEMA_FILE
        target.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {target}")
    else:
        typer.echo(text, nl=False)
