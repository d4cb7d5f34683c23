"""The command line speaks Dutch or English by locale (LC_ALL, LC_MESSAGES, LANG), ADR 0015."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kansen.cli import app

runner = CliRunner()

DUTCH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "nl_NL.UTF-8"}
ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


@pytest.fixture
def bad_values(tmp_path):
    path = tmp_path / "wijken.csv"
    path.write_text("code,Inwoners\nBU05460101,abc\n", encoding="utf-8")
    return path


def _check(path, env):
    result = runner.invoke(app, ["check", "values", str(path), "--year", "2023"], env=env)
    assert result.exit_code == 1
    return " ".join(result.output.split())  # the table wraps long cells


def test_check_values_speaks_dutch_under_a_dutch_locale(bad_values):
    output = _check(bad_values, DUTCH)
    assert "wijken.csv: afgewezen" in output
    assert "rij" in output
    assert "kolom" in output
    assert "verwacht" in output
    assert "'abc' is geen getal" in output
    assert "is not a number" not in output


def test_check_values_speaks_english_under_any_other_locale(bad_values):
    output = _check(bad_values, ENGLISH)
    assert "wijken.csv: rejected" in output
    assert "value 'abc' is not a number" in output
    assert "geen getal" not in output


def test_plan_check_speaks_dutch_under_a_dutch_locale(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "schema_version: 1\nkind: plan\ntitle: Plan\nmunicipality: Demostad\n"
        "period: 2024-2025\ntemplate: none\n",
        encoding="utf-8",
    )
    dutch = runner.invoke(app, ["plan", "check", str(plan), "--today", "2025-01-01"], env=DUTCH)
    english = runner.invoke(app, ["plan", "check", str(plan), "--today", "2025-01-01"], env=ENGLISH)
    assert (
        "waarschuwing template: Het sjabloon is onbekend: verplichte velden en plafonds"
        in dutch.output
    )
    assert "plan.yaml: 0 fout(en), 1 waarschuwing(en)" in dutch.output
    assert "warning template: template 'none' is not on record" in english.output
    assert "plan.yaml: 0 error(s), 1 warning(s)" in english.output


def test_a_plan_that_cannot_be_read_is_explained_in_dutch(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("schema_version: 1\nkind: execution\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "check", str(plan)], env=DUTCH)
    assert result.exit_code == 1
    assert "plan.yaml beschrijft geen plan" in result.output
    assert "kind (regel 2): verwacht een van ['agenda', 'plan']; gevonden: 'execution'" in (
        result.output
    )


def test_a_plan_file_beyond_a_limit_is_refused_in_the_locales_language(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("a: &a [1]\nb: *a\n", encoding="utf-8")
    dutch = runner.invoke(app, ["plan", "check", str(plan)], env=DUTCH)
    english = runner.invoke(app, ["plan", "check", str(plan)], env=ENGLISH)
    assert dutch.exit_code == english.exit_code == 1
    assert (
        "(plan): regel 2: de alias *a is niet toegestaan: aliassen (& en *) kunnen een klein "
        "bestand uitpakken tot gigabytes; schrijf het deel voluit"
    ) in dutch.output
    assert "line 2: the alias *a is not allowed" in english.output
