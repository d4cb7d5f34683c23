"""`kansen --help` starts without the heavy libraries (issue 21): pandas, NumPy, Django and the
database engines are imported only by the commands that use them. The time it takes is measured
in benchmarks/bench_startup.py, not here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Imported by the commands that need them, never to show the help.
HEAVY = ("pandas", "numpy", "django", "ibis", "duckdb", "pyarrow", "shapely", "geopandas")

#: Runs the ``kansen`` command as its entry point does, then prints the top-level modules loaded.
PROGRAM = """
import json, sys
from kansen.cli import main
sys.argv = ["kansen", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as stop:
    code = stop.code
else:
    code = 0
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def _run(arguments: list[str]) -> tuple[str, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, json.dumps(arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout, json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "arguments",
    [["--help"], ["check", "--help"], ["index", "compute", "--help"], ["serve", "--help"]],
)
def test_the_help_loads_none_of_the_heavy_libraries(arguments):
    output, state = _run(arguments)
    assert state["code"] == 0
    assert "Usage" in output
    loaded = set(state["loaded"])  # type: ignore[arg-type]
    assert [name for name in HEAVY if name in loaded] == []


def test_the_help_still_lists_the_library_and_the_platform_commands():
    output, _state = _run(["--help"])
    for command in ("check", "index", "opportunity", "import", "serve", "manage"):
        assert f" {command} " in output
