"""Hostile files through the command line: ``kansen import ...`` (recorded, nothing imported),
``kansen check ...`` and ``kansen plan check``. Each ends within seconds with exit code 1 and a
message; rich may wrap the tables, so the tests look for single words of the message.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.test import override_settings
from typer.testing import CliRunner

from kansen.web.areas.models import Area, ImportRun, Observation

from . import files

MB = 1024 * 1024
LOW = override_settings(
    KANSEN_UPLOAD_MAX_BYTES={"boundaries": MB, "values": MB, "facilities": MB},
    KANSEN_UPLOAD_MAX_UNPACKED_BYTES=5 * MB,
    KANSEN_UPLOAD_MAX_CELLS=10_000,
    KANSEN_IMPORT_PROBLEMS_KEPT=20,
)


def _run(args: list[str]):
    from kansen.cli import _load_plugins, app

    _load_plugins()
    start = time.perf_counter()
    result = CliRunner().invoke(app, args)
    assert time.perf_counter() - start < 30  # a guard against minutes; the benchmark times it
    return result


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


IMPORT_CASES = [
    ("values", "cijfers.xlsx", files.zip_bomb_xlsx(20), "unpacks"),
    ("facilities", "scholen.xlsx", files.zip_bomb_xlsx(20), "unpacks"),
    ("values", "cijfers.xlsx", files.far_cell_xlsx(), "10,000"),
    ("facilities", "scholen.xlsx", files.far_cell_xlsx(), "10,000"),
    ("boundaries", "grenzen.geojson", files.deep_geojson(), "nested"),
    ("values", "groot.csv", files.oversize_csv(3 * MB), "larger"),
    ("boundaries", "groot.geojson", files.oversize_csv(3 * MB), "larger"),
    ("values", "rommel.csv", files.garbage(), "binary"),
    ("boundaries", "rommel.geojson", files.garbage(), "UTF-8"),
    ("facilities", "leeg.csv", b"", "empty"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name", "data", "word"), IMPORT_CASES)
def test_kansen_import_refuses_a_hostile_file_and_records_it(tmp_path, kind, name, data, word):
    args = ["import", kind, _file(tmp_path, name, data)]
    if kind != "values":
        args += ["--year", "2024"]
    with LOW:
        result = _run(args)
    assert result.exit_code == 1, result.output
    assert word in result.output
    run = ImportRun.objects.get()
    assert (run.kind, run.status, run.filename) == (kind, "rejected", name)
    assert not Area.objects.exists()
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_kansen_import_lists_the_first_problems_and_counts_the_rest(tmp_path):
    with LOW:
        result = _run(["import", "values", _file(tmp_path, "fout.csv", files.bad_rows_csv(5000))])
    assert result.exit_code == 1
    assert "problems in all; the first 200 are listed." in result.output
    assert len(result.output) < 200_000


CHECK_CASES = [
    (["check", "values"], "cijfers.xlsx", files.zip_bomb_xlsx(20), "unpacks"),
    (["check", "values"], "cijfers.xlsx", files.far_cell_xlsx(), "rows"),
    (["check", "values"], "rommel.csv", files.garbage(), "binary"),
    (["check", "boundaries"], "grenzen.geojson", files.deep_geojson(), "nested"),
    (["check", "boundaries"], "grenzen.geojson", files.utf16("{}"), "UTF-8"),
    (["plan", "check"], "plan.yaml", files.billion_laughs_yaml(), "alias"),
    (["plan", "check"], "plan.yaml", files.deep_yaml(), "nested"),
    (["plan", "check"], "plan.json", files.deep_json(), "nested"),
    (["plan", "check"], "plan.yaml", files.utf16("title: x\n"), "utf-8"),
    (["plan", "check"], "plan.json", files.garbage(), "utf-8"),
    (["plan", "check"], "plan.yaml", files.oversize_csv(6 * MB), "larger"),
]


@pytest.mark.parametrize(("command", "name", "data", "word"), CHECK_CASES)
def test_kansen_check_refuses_a_hostile_file(tmp_path, command, name, data, word):
    result = _run([*command, _file(tmp_path, name, data)])
    assert result.exit_code in (1, 2), result.output
    assert word in result.output
