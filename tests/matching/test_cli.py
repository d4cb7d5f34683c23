"""``kansen match solve``: files in, matches out, the objective and a summary printed."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kansen.cli import app
from kansen.matching import requests_csv, supply_csv

from .factories import request, supply

runner = CliRunner()
DUTCH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "nl_NL.UTF-8"}
ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
#: Two postcode areas of Utrecht, 0.8 km apart (public PC4 list, WGS 84).
POSTCODES = "postcode,latitude,longitude\n3511,52.0907,5.1214\n3512,52.0921,5.1327\n"


def files(tmp_path: Path) -> list[str]:
    requests = [
        request("A", pc4="3511", urgency=2),
        request("B", pc4="3511"),
        request("C", pc4="3512", languages=["so"]),
    ]
    (tmp_path / "vragen.csv").write_text(requests_csv(requests), encoding="utf-8")
    (tmp_path / "aanbod.csv").write_text(supply_csv([supply(pc4="3512")]), encoding="utf-8")
    (tmp_path / "pc4.csv").write_text(POSTCODES, encoding="utf-8")
    return [
        "match", "solve", str(tmp_path / "vragen.csv"), str(tmp_path / "aanbod.csv"),
        "--out", str(tmp_path / "matches.csv"), "--postcodes", str(tmp_path / "pc4.csv"),
        "--date", "2026-12-01",
    ]  # fmt: skip


def test_solve_prints_objective_and_summary_and_writes_matches(tmp_path: Path) -> None:
    result = runner.invoke(app, files(tmp_path), env=ENGLISH)
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "1. priority of the served requests (urgency x deprivation) │ 30" in output
    assert "4. travel (km, total) │ 0.8" in output
    assert "Matched 1 of 3 requests; 2 waiting." in output
    assert "all fitting places full │ 1" in output
    assert "nobody within reach speaks the language │ 1" in output
    assert (tmp_path / "matches.csv").read_text(encoding="utf-8") == (
        "reference,status,supply_id,needs_covered,distance_km,priority,waiting_days,reason\n"
        "A,proposed,V1,taal,0.8,30,30,\n"
        "B,waiting,,,,15,30,waiting.all_full\n"
        "C,waiting,,,,15,30,waiting.no_language\n"
    )


def test_explain_in_dutch(tmp_path: Path) -> None:
    result = runner.invoke(app, [*files(tmp_path), "--explain"], env=DUTCH)
    assert result.exit_code == 0, result.output
    assert "1 van de 3 hulpvragen gematcht; 2 wachten." in " ".join(result.output.split())
    rows = (tmp_path / "matches.csv").read_text(encoding="utf-8").splitlines()
    assert rows[3].endswith(
        "waiting.no_language,geen vrijwilliger of aanbod voor taal binnen bereik van 3512 "
        "spreekt Somalisch"
    )


def test_a_bad_file_is_rejected_with_row_and_column(tmp_path: Path) -> None:
    arguments = files(tmp_path)
    path = tmp_path / "vragen.csv"
    path.write_text(path.read_text().replace("A,9,3511", "A,negen,3511"), encoding="utf-8")
    result = runner.invoke(app, arguments, env=ENGLISH)
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "│ 2 │ age │ 'negen' is not a whole number │" in output
    assert not (tmp_path / "matches.csv").exists()


def test_an_unknown_postcode_area_is_a_problem_of_the_file(tmp_path: Path) -> None:
    arguments = files(tmp_path)
    (tmp_path / "pc4.csv").write_text(POSTCODES.splitlines()[0] + "\n3511,52.0907,5.1214\n")
    result = runner.invoke(app, arguments, env=ENGLISH)
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "vragen.csv: 1 error(s), 0 warning(s) (rejected)" in output
    assert "│ 4 │ pc4 │ the postcode area 3512 is not │" in output


def test_a_bad_file_is_told_in_dutch(tmp_path: Path) -> None:
    arguments = files(tmp_path)
    path = tmp_path / "vragen.csv"
    path.write_text(path.read_text().replace("A,9,3511", "A,negen,3511"), encoding="utf-8")
    result = runner.invoke(app, arguments, env=DUTCH)
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "vragen.csv: 1 fout(en), 0 waarschuwing(en) (afgewezen)" in output
    assert "│ 2 │ age │ 'negen' is geen geheel getal │ de leeftijd van het kind in │" in output


def test_a_file_too_large_is_told_by_its_limit(tmp_path: Path) -> None:
    # A problem of kansen.io's limits keeps its own (translated) wording.
    arguments = files(tmp_path)
    (tmp_path / "vragen.csv").write_bytes(b"x" * (50 * 1024 * 1024 + 1))
    result = runner.invoke(app, arguments, env=DUTCH)
    assert result.exit_code == 1
    assert "50.0 MB" in " ".join(result.output.split())
