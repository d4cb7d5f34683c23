"""``kansen monitor``: the progress of a plan's goals, without the web platform.

``kansen monitor progress FILE`` reads a monitoring document (YAML or JSON, see
``kansen monitor schema``) and prints every indicator's status with its reason, in Dutch when
the locale is Dutch; a document that cannot be read gets every problem with its path and line,
and exit code 1.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from kansen.monitoring import Monitor

app = typer.Typer(
    help="Monitoring: the progress of a plan's goals against their targets.",
    no_args_is_help=True,
    add_completion=False,
)

#: The words of this command in Dutch (the statuses and reasons come from the catalogs).
_WORDS_NL = {
    "Goal": "Doel",
    "{source} is not a monitoring document ({count} problem(s)):": (
        "{source} is geen monitoringsdocument ({count} probleem/problemen):"
    ),
    "line": "regel",
    "warning": "waarschuwing",
    "expected": "verwacht",
    "{count} indicator(s): {summary}": "{count} indicator(en): {summary}",
    "no indicators": "geen indicatoren",
}


def _language() -> str:
    from kansen.problems import language_of

    return language_of()


def _say(text: str) -> str:
    return _WORDS_NL.get(text, text) if _language() == "nl" else text


@app.callback()
def monitor() -> None:
    """Monitoring: the progress of a plan's goals against their targets."""


def _read(file: Path) -> Monitor:
    from kansen.monitoring import MonitorRejected, load_monitor
    from kansen.problems import localized, translations

    try:
        return load_monitor(file)
    except MonitorRejected as rejected:
        catalog = translations(_language())
        lines = [
            _say("{source} is not a monitoring document ({count} problem(s)):").format(
                source=file.name, count=len(rejected.problems)
            )
        ]
        for problem in rejected.problems:
            where = problem.path or "(document)"
            if problem.line is not None:
                where += f" ({_say('line')} {problem.line})"
            message, expected = localized(problem, catalog)
            lines.append(f"  {where}: {message}")
            if expected:
                lines.append(f"    {_say('expected')}: {expected}")
        typer.echo("\n".join(lines), err=True)
        raise typer.Exit(1) from None


def _check_links(monitor: Monitor, file: Path) -> None:
    """Name every link to no item of the plan on standard error (a warning: exit code 0)."""
    from kansen.monitoring import link_problems
    from kansen.plans import PlanFormatError, read_plan
    from kansen.problems import localized, translations

    try:
        plan = read_plan(file)
    except (PlanFormatError, ValueError) as error:
        typer.echo(f"{file.name}: {error}", err=True)
        raise typer.Exit(2) from None
    catalog = translations(_language())
    for problem in link_problems(monitor, plan, file.name):
        message, expected = localized(problem, catalog)
        typer.echo(f"{_say('warning')}: {problem.path}: {message}", err=True)
        if expected:
            typer.echo(f"    {_say('expected')}: {expected}", err=True)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


@app.command("progress")
def progress_command(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="A monitoring document: .yaml or .json."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the statuses as JSON.")] = False,
    plan: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="The plan (.yaml/.json) the links point into: links to no item are named.",
        ),
    ] = None,
) -> None:
    """Print every indicator's status (on track, needs acceleration, ...) with its reason."""
    from kansen.monitoring import monitor_progress, reason_text, status_label

    monitor = _read(file)
    language = _language()
    if plan is not None:
        _check_links(monitor, plan)
    results = monitor_progress(monitor)
    if as_json:
        rows = [
            {
                "goal": goal.name,
                "indicator": indicator.code,
                "status": result.status,
                "percent": None if result.percent is None else str(result.percent),
                "reason": result.reason.code,
                "params": {k: _plain(v) for k, v in result.reason.params.items()},
                "text": reason_text(result.reason, language),
            }
            for goal, indicator, result in results
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    typer.echo(monitor.title)
    current = None
    for goal, indicator, result in results:
        if goal is not current:
            typer.echo(f"\n{_say('Goal')}: {goal.name}")
            current = goal
        unit = f" ({indicator.unit})" if indicator.unit else ""
        label = status_label(result.status, language)
        typer.echo(f"  {indicator.code}  {indicator.name}{unit}: {label}")
        typer.echo(f"      {reason_text(result.reason, language)}")
    counts: dict[str, int] = {}
    for _goal, _indicator, result in results:
        label = status_label(result.status, language)
        counts[label] = counts.get(label, 0) + 1
    summary = ", ".join(f"{n} {label}" for label, n in counts.items()) or _say("no indicators")
    typer.echo("\n" + _say("{count} indicator(s): {summary}").format(
        count=len(results), summary=summary
    ))  # fmt: skip


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of a monitoring document."""
    from kansen.monitoring import monitor_schema

    typer.echo(json.dumps(monitor_schema(), indent=2, ensure_ascii=False))
