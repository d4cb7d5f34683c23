"""``kansen survey``: youth panel tables with margins and disclosure control, without the platform.

``kansen survey tabulate ANSWERS --questionnaire Q --by school_level,age --min-n 10 --out
table.csv`` (or ``.xlsx``) writes the published table (suppression applied); ``kansen survey
schema`` prints the questionnaire's JSON Schema. A file that cannot be read gets every problem
with its file, row and column (or path and line), and exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="The youth panel: questionnaires and tables of answers.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def survey() -> None:
    """The youth panel: questionnaires and tables of answers."""


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a questionnaire."""
    from kansen.surveys import questionnaire_schema

    typer.echo(json.dumps(questionnaire_schema(), indent=2, ensure_ascii=False))


@app.command("tabulate")
def tabulate_command(
    answers_file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="Answers (CSV).")
    ],
    questionnaire_file: Annotated[
        Path,
        typer.Option(
            "--questionnaire", exists=True, dir_okay=False, help="Questionnaire (JSON/YAML)."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Published table: .csv or .xlsx.")],
    by: Annotated[
        str, typer.Option(help="Breakdowns, comma-separated; a*b crosses two columns.")
    ] = "",
    min_n: Annotated[int, typer.Option("--min-n", min=1, help="Fewest respondents shown.")] = 10,
    classes_file: Annotated[
        Path | None,
        typer.Option(
            "--classes", exists=True, dir_okay=False, help="CSV: class_code;pupils[;wave]."
        ),
    ] = None,
    min_rate: Annotated[
        float,
        typer.Option("--min-rate", min=0.0, max=1.0, help="Mark groups under this response rate."),
    ] = 0.0,
) -> None:
    """Tabulate answers per wave and breakdown, with no cell under --min-n respondents."""
    import pandas as pd

    from kansen.surveys import (
        AnswersRejected,
        ClassSizes,
        QuestionnaireRejected,
        load_questionnaire,
        parse_by,
        read_answers,
        tabulate,
    )

    if out.suffix.lower() not in (".csv", ".xlsx"):
        typer.echo(f"--out must end in .csv or .xlsx; got {out.name}", err=True)
        raise typer.Exit(2)
    try:
        questionnaire = load_questionnaire(questionnaire_file)
        answers = read_answers(answers_file, questionnaire)
    except (QuestionnaireRejected, AnswersRejected) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    classes = None
    if classes_file is not None:
        sizes = pd.read_csv(
            classes_file, sep=None, engine="python", dtype=str, encoding="utf-8-sig"
        )
        missing = {"class_code", "pupils"} - set(sizes.columns)
        if missing:
            typer.echo(f"{classes_file.name}: no column {', '.join(sorted(missing))}", err=True)
            raise typer.Exit(1)
        bad = pd.to_numeric(sizes["pupils"], errors="coerce").isna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0]) + 2
            typer.echo(
                f"{classes_file.name}, row {row}, column pupils: expected a whole number", err=True
            )
            raise typer.Exit(1)
        sizes["pupils"] = sizes["pupils"].astype(int)
        classes = ClassSizes(sizes)
    breakdowns = parse_by(by)
    unknown = sorted({c for b in breakdowns for c in b} - set(questionnaire.background) - {"wave"})
    if unknown:
        typer.echo(
            f"--by: {', '.join(unknown)} is not a background column of the questionnaire "
            f"(expected {', '.join(questionnaire.background)})",
            err=True,
        )
        raise typer.Exit(2)
    table = tabulate(answers, breakdowns, min_n=min_n, classes=classes, min_response_rate=min_rate)
    published = table.published
    if out.suffix.lower() == ".xlsx":
        published.to_excel(out, index=False, sheet_name="table")
    else:
        published.to_csv(out, index=False, sep=";")
    suppressed = int((published["status"] == "suppressed").sum())
    typer.echo(f"{len(published)} rows, {suppressed} suppressed (min n {min_n}) -> {out}")
