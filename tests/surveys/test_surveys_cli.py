"""``kansen survey tabulate`` and ``kansen survey schema``."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from kansen.cli import app
from kansen.surveys import answers_to_text, demo_questionnaire_document, synthetic_panel

runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("survey")
    answers, classes = synthetic_panel()
    (folder / "answers.csv").write_text(answers_to_text(answers), encoding="utf-8")
    (folder / "q.json").write_text(json.dumps(demo_questionnaire_document()), encoding="utf-8")
    classes.frame.to_csv(folder / "classes.csv", sep=";", index=False)
    return folder


def _tabulate(files, out, *extra):
    return runner.invoke(
        app,
        [
            "survey", "tabulate", str(files / "answers.csv"),
            "--questionnaire", str(files / "q.json"),
            "--by", "school_level,school_level*age", "--min-n", "10",
            "--out", str(out), *extra,
        ],
    )  # fmt: skip


def test_tabulate_writes_the_published_table_as_csv(files, tmp_path):
    out = tmp_path / "table.csv"
    result = _tabulate(files, out, "--classes", str(files / "classes.csv"), "--min-rate", "0.9")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, sep=";", keep_default_na=False, dtype=str)
    assert set(table["breakdown"]) == {"(total)", "school_level", "age", "school_level*age"}
    hidden = table[table["status"] == "suppressed"]
    assert len(hidden) > 0
    assert (hidden[["n", "value", "low", "high"]] == "").all().all()
    shown = table[table["status"] == "ok"]
    assert (shown["n"].astype(float) >= 10).all()
    assert "reason" not in table.columns
    # the Lyceum's first class answered poorly in 2025: havo/vwo is marked that year only
    low = table[(table["low_response"] == "True") & (table["question"] == "(respondents)")]
    assert low[["wave", "breakdown", "school_level", "age"]].to_dict("records")[:1] == [
        {"wave": "2025", "breakdown": "school_level", "school_level": "havo/vwo", "age": ""}
    ]
    assert f"{len(table)} rows, {len(hidden)} suppressed (min n 10)" in result.output


def test_tabulate_writes_excel(files, tmp_path):
    out = tmp_path / "table.xlsx"
    assert _tabulate(files, out).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    assert [cell.value for cell in sheet[1]][:3] == ["wave", "breakdown", "school_level"]


def test_a_bad_answers_file_exits_1_with_file_row_and_column(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("wave;veilig\n2025;7\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["survey", "tabulate", str(bad), "--questionnaire", str(files / "q.json"),
         "--out", str(tmp_path / "t.csv")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "bad.csv, row 2, column veilig: 7 is outside what this question accepts" in result.output
    assert not (tmp_path / "t.csv").exists()


def test_an_unknown_breakdown_is_refused(files, tmp_path):
    result = runner.invoke(
        app,
        ["survey", "tabulate", str(files / "answers.csv"), "--questionnaire",
         str(files / "q.json"), "--by", "klas", "--out", str(tmp_path / "t.csv")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--by: klas is not a background column" in result.output


def test_schema_prints_the_json_schema():
    result = runner.invoke(app, ["survey", "schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "A youth panel questionnaire"
