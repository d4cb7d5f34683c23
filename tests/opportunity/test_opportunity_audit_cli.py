"""``kansen opportunity audit PUBLISHED``: summary, per-cell results, exit 1 on a leak."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import typer
from typer.testing import CliRunner

from kansen.commands.opportunity import app

runner = CliRunner()


def _kansen() -> typer.Typer:
    root = typer.Typer()
    root.add_typer(app, name="opportunity")
    return root


def _cell(code: str, parent: str | None, published: bool, n: int | None = None, k: int = 0):
    row = {
        "year": 2024,
        "level": "buurt" if parent else "wijk",
        "area_code": code,
        "parent_code": parent,
        "subgroup": "all",
        "subgroup_value": "all",
        "band": "all",
        "outcome": "at_least_havo",
        "outcome_kind": "share",
        "published": published,
        "n": None,
        "mean": None,
        "se": None,
    }
    if published and n is not None:
        p = k / n
        row.update(n=round(n, -1), mean=p, se=math.sqrt(p * (1 - p) / (n - 1)))
    return row


def _leaky(path: Path) -> Path:
    """A wijk of 37 and a buurt of 23 with their standard errors: the other buurt is 14."""
    pd.DataFrame(
        [
            _cell("WK01", None, True, 37, 18),
            _cell("BU0101", "WK01", True, 23, 11),
            _cell("BU0102", "WK01", False),
        ]
    ).to_csv(path, index=False)
    return path


def _safe(path: Path) -> Path:
    """Shares to a step of 0.05, no standard error, two suppressed buurten."""
    rows = [
        _cell("WK01", None, True, 40, 20),
        _cell("BU0101", "WK01", True, 20, 10),
        _cell("BU0102", "WK01", False),
        _cell("BU0103", "WK01", False),
    ]
    table = pd.DataFrame(rows).drop(columns="se")
    table["precision"] = [0.05, 0.05, None, None]
    table.to_parquet(path)
    return path


def test_a_leaking_table_fails_with_its_figures_and_per_cell_results(tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    result = runner.invoke(
        _kansen(), ["opportunity", "audit", str(_leaky(tmp_path / "t.csv")), "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    lines = {" ".join(line.strip("│ ").split()) for line in result.output.splitlines()}
    assert "suppressed │ 1" in lines
    assert "n pinned within a width of 10 │ 1" in lines
    assert "k or n - k pinned within a width of 10 │ 1" in lines
    assert "exact n derivable │ 2" in lines
    assert "fails the guarantee" in result.output
    cells = pd.read_csv(out)
    assert cells["row"].tolist() == [0, 1, 2]
    hidden = cells[~cells["published"]].iloc[0]
    assert (hidden["n_min"], hidden["n_max"], hidden["k_min"], hidden["k_max"]) == (14, 14, 7, 7)
    assert cells.loc[cells["published"], "exact_n"].tolist() == [True, True]


def test_a_safe_table_passes(tmp_path: Path) -> None:
    result = runner.invoke(_kansen(), ["opportunity", "audit", str(_safe(tmp_path / "t.parquet"))])
    assert result.exit_code == 0, result.output
    assert "meets the guarantee" in result.output


def test_a_file_that_is_no_published_table_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "pupils.csv"
    path.write_text("bsn,geboortedatum\n1,2010-01-01\n")
    result = runner.invoke(_kansen(), ["opportunity", "audit", str(path)])
    assert result.exit_code == 2
    assert "not a published table" in result.output
    garbage = tmp_path / "x.parquet"
    garbage.write_bytes(b"PAR1" + bytes(range(256)) * 4)
    result = runner.invoke(_kansen(), ["opportunity", "audit", str(garbage)])
    assert result.exit_code == 2
    assert "not a readable Parquet or CSV table" in result.output
