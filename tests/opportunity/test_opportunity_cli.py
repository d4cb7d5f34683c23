"""``kansen opportunity run``: a disclosed table out, a summary on screen, problems as a table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from typer.testing import CliRunner

from kansen.commands.opportunity import app
from kansen.demo import DemoPupils
from kansen.opportunity import PUBLISHED_COLUMNS

runner = CliRunner()


def _kansen() -> typer.Typer:
    """The sub-app mounted as ``kansen opportunity``, as ``kansen.cli`` registers it."""
    root = typer.Typer()
    root.add_typer(app, name="opportunity")
    return root


def test_run_writes_the_published_table(demo_pupils: DemoPupils, tmp_path: Path) -> None:
    pupils = tmp_path / "pupils.parquet"
    demo_pupils.pupils.to_parquet(pupils)
    out = tmp_path / "results.parquet"
    result = runner.invoke(
        _kansen(),
        [
            "opportunity",
            "run",
            "--input",
            str(pupils),
            "--levels",
            "buurt,wijk,gemeente",
            "--engine",
            "duckdb",
            "--subgroups",
            "gender",
            "--out",
            str(out),
            # the audit of this table takes minutes; the next test runs it
            "--not-audited",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out)
    assert tuple(table.columns) == PUBLISHED_COLUMNS
    assert "computed" in result.output
    assert "suppressed" in result.output
    assert f"{len(table):,}" in result.output
    assert "n_below_regression_minimum" in result.output
    assert "Published table written" in result.output


def test_run_with_csv_and_stricter_rules(demo_pupils: DemoPupils, tmp_path: Path) -> None:
    pupils = tmp_path / "pupils.csv"
    demo_pupils.pupils.to_csv(pupils, index=False)
    out = tmp_path / "results.csv"
    result = runner.invoke(
        _kansen(),
        [
            "opportunity",
            "run",
            "--input",
            str(pupils),
            "--levels",
            "wijk,pc4",
            "--out",
            str(out),
            "--min-n-mean",
            "50",
            "--no-shrinkage",
            "--outcomes",
            "at_least_havo,test_score",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert set(table["outcome"]) == {"at_least_havo", "test_score"}
    assert table["estimate_shrunk"].isna().all()
    everyone = table[(table["band"] == "all") & table["published"]]
    assert (everyone["n"] >= 50).all()
    assert "Intruder audit: no suppressed cell pinned" in result.output


def test_rejected_input_lists_the_problems(demo_pupils: DemoPupils, tmp_path: Path) -> None:
    frame = demo_pupils.pupils.copy()
    frame.loc[:4, "school_advice"] = "pro"
    pupils = tmp_path / "pupils.parquet"
    frame.drop(columns="wijk").to_parquet(pupils)
    out = tmp_path / "results.parquet"
    result = runner.invoke(
        _kansen(), ["opportunity", "run", "--input", str(pupils), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "wijk" in result.output
    assert "missing column" in result.output
    assert not out.exists()


def test_options_are_checked_before_the_work(tmp_path: Path) -> None:
    pupils = tmp_path / "pupils.parquet"
    pupils.write_bytes(b"")
    for options, message in [
        (["--out", str(tmp_path / "r.xlsx")], ".parquet or .csv"),
        (["--out", str(tmp_path / "r.csv"), "--engine", "polars"], "duckdb or spark"),
        (["--out", str(tmp_path / "r.csv"), "--mixed-advice", "lenient"], "ordinal"),
    ]:
        result = runner.invoke(_kansen(), ["opportunity", "run", "--input", str(pupils), *options])
        assert result.exit_code == 2
        assert message in result.output
