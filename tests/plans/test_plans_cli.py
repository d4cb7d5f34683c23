"""``kansen plan``: check a plan file and export it, without the web platform."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kansen.commands.plans import app
from kansen.plans import read_plan
from kansen.plans._schema import SCHEMA_FILE

runner = CliRunner()


def _kansen() -> typer.Typer:
    """The sub-app mounted as ``kansen plan``, as ``kansen.cli`` registers it."""
    root = typer.Typer()
    root.add_typer(app, name="plan")
    return root


def test_check_leiden_prints_every_problem_and_fails(fixture_files: dict[str, Path]) -> None:
    result = runner.invoke(
        _kansen(), ["plan", "check", str(fixture_files["leiden"]), "--today", "2025-07-01"]
    )
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("error   financial_overview.years[0].total_costs: 2024: ")
    assert sum(line.startswith("warning ") for line in lines) == 7
    assert lines[-1] == "leiden_2024_2026.yaml: 2 error(s), 7 warning(s)"


def test_check_amersfoort_has_only_warnings(fixture_files: dict[str, Path]) -> None:
    args = ["plan", "check", str(fixture_files["amersfoort"]), "--today", "2025-07-01"]
    result = runner.invoke(_kansen(), args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "amersfoort_2019_2021.yaml: 0 error(s), 14 warning(s)"
    assert runner.invoke(_kansen(), [*args, "--strict"]).exit_code == 1


def test_check_json(fixture_files: dict[str, Path]) -> None:
    result = runner.invoke(
        _kansen(),
        ["plan", "check", str(fixture_files["leiden"]), "--today", "2025-07-01", "--json"],
    )
    problems = json.loads(result.output)
    assert problems[0] == {
        "path": "financial_overview.years[0].total_costs",
        "severity": "error",
        "code": "total-mismatch",
        "message": problems[0]["message"],
        "expected": "595000",
        "found": "541000",
        "reason": "",
        "params": {"expected": "595000", "found": "541000", "difference": "54000"},
    }


def test_check_a_file_that_is_not_a_plan(tmp_path: Path) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text("schema_version: 1\nkind: plan\nperiod: 2024\n", encoding="utf-8")
    result = runner.invoke(_kansen(), ["plan", "check", str(bad)])
    assert result.exit_code == 1
    assert "plan.yaml does not describe a plan (3 problem(s))" in result.output
    assert (
        "period (line 3): expected years such as '2021-2024', or one year such as '2027'; got 2024"
        in result.output
    )


def test_check_refuses_a_bad_date(fixture_files: dict[str, Path]) -> None:
    result = runner.invoke(
        _kansen(), ["plan", "check", str(fixture_files["leiden"]), "--today", "1 juli"]
    )
    assert result.exit_code == 2
    assert "--today: expected a date such as 2025-07-01" in result.output


@pytest.mark.parametrize(
    ("suffix", "magic"),
    [
        (".docx", b"PK"),
        (".xlsx", b"PK"),
        (".ics", b"BEGIN:VCALENDAR"),
        (".svg", b"<?xml"),
        (".json", b"{"),
        (".yaml", b"schema_version: 2"),
    ],
)
def test_export(suffix: str, magic: bytes, fixture_files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / f"amersfoort{suffix}"
    result = runner.invoke(
        _kansen(),
        ["plan", "export", str(fixture_files["amersfoort"]), str(out), "--today", "2020-06-01"],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    if suffix in (".json", ".yaml"):
        assert read_plan(out) == read_plan(fixture_files["amersfoort"])


def test_export_refuses_an_unknown_format(fixture_files: dict[str, Path], tmp_path: Path) -> None:
    result = runner.invoke(
        _kansen(), ["plan", "export", str(fixture_files["amersfoort"]), str(tmp_path / "x.odt")]
    )
    assert result.exit_code == 2
    assert "expected a file ending in one of .docx" in result.output


def test_schema_prints_the_packaged_schema() -> None:
    result = runner.invoke(_kansen(), ["plan", "schema"])
    assert result.exit_code == 0
    packaged = Path(__file__).parents[2] / "src" / "kansen" / "plans" / "schema" / SCHEMA_FILE
    assert result.output == packaged.read_text(encoding="utf-8")
