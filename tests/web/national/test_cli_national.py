"""National boundaries and figures from the command line (``kansen import boundaries|values
--national``): the services of the import page, all or nothing, the same import report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kansen.web.areas.models import Area, ImportRun, Indicator, Observation

from ..factories import MunicipalityFactory
from ..test_imports import GOOD_BOUNDARIES, _feature, _square, boundaries_rd

pytestmark = pytest.mark.django_db

DISTRICTS_2024 = boundaries_rd(
    _feature("WK900101", "Noord", _square(150000, 461000)),
    _feature("WK900102", "Zuid", _square(150000, 460000)),
)
VALUES = (
    '"Perioden";"Regiocode (gemeente, wijk, buurt) (code)";"Laag inkomen (%)"\n'
    '"2022";"GM9001";"  12,5"\n'
    '"2022";"BU90010102";"  15,2"\n'
)


@pytest.fixture
def kansen():
    from kansen.cli import _load_plugins, app

    _load_plugins()
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_national_boundaries_and_figures_from_the_command_line(kansen, tmp_path):
    gemeenten = tmp_path / "gemeenten_2022.geojson"
    gemeenten.write_bytes(GOOD_BOUNDARIES)
    done = kansen("import", "boundaries", gemeenten, "--year", 2022, "--national")
    assert done.exit_code == 0, done.output
    assert "National data (owned by no municipality)." in done.output
    assert "5 areas of 2022: 5 new, 0 updated" in done.output
    run = ImportRun.objects.get(filename="gemeenten_2022.geojson")
    assert (run.municipality, run.status, run.kind) == (None, "succeeded", "boundaries")
    assert f"Import report: /gebieden/importeren/{run.pk}/" in done.output
    assert Area.objects.filter(year=2022).count() == 5

    # wijken of a year without municipalities: placed under those of 2022, as the page says
    wijken = tmp_path / "wijken_2024.geojson"
    wijken.write_bytes(DISTRICTS_2024)
    placed = kansen("import", "boundaries", wijken, "--year", 2024, "--national")
    assert placed.exit_code == 0, placed.output
    assert "2 areas placed under GM9001 of 2022, the nearest earlier year" in placed.output
    assert {a.parent.code for a in Area.objects.filter(year=2024)} == {"GM9001"}

    figures = tmp_path / "kerncijfers_2022.csv"
    figures.write_text(VALUES, encoding="utf-8")
    done = kansen("import", "values", figures, "--national", "--publish")
    assert done.exit_code == 0, done.output
    assert "2 figures for 2 areas (0 new): 2 values" in done.output
    indicator = Indicator.objects.get()
    assert (indicator.municipality, indicator.is_public) == (None, True)
    assert sorted(Observation.objects.values_list("area__code", "value")) == [
        ("BU90010102", 15.2),
        ("GM9001", 12.5),
    ]


def test_a_refused_national_file_imports_nothing_and_says_where(kansen, tmp_path):
    gemeenten = tmp_path / "gemeenten_2022.geojson"
    gemeenten.write_bytes(GOOD_BOUNDARIES)
    assert kansen("import", "boundaries", gemeenten, "--year", 2022).exit_code == 0
    bad = tmp_path / "kerncijfers_2022.csv"
    bad.write_text(VALUES.replace("  15,2", "vijftien"), encoding="utf-8")
    refused = kansen("import", "values", bad, "--national", "--year", 2022)
    assert refused.exit_code == 1
    assert "kerncijfers_2022.csv: rejected, nothing imported" in refused.output
    # the row of the file (the header is row 1) and the column
    assert "3" in refused.output.split("vijftien")[0].splitlines()[-1]
    assert "Laag inkomen (%)" in refused.output
    assert Observation.objects.count() == 0
    run = ImportRun.objects.get(filename="kerncijfers_2022.csv")
    assert (run.municipality, run.status) == (None, "rejected")
    assert [(p["row"], p["column"]) for p in run.problems if p["severity"] == "error"] == [
        (3, "Laag inkomen (%)")
    ]


def test_national_and_a_municipality_at_once_is_refused(kansen, tmp_path):
    MunicipalityFactory(code="GM9001")
    gemeenten = tmp_path / "gemeenten.geojson"
    gemeenten.write_bytes(GOOD_BOUNDARIES)
    both = kansen(
        "import", "boundaries", gemeenten, "--year", 2022, "--national", "--municipality", "GM9001"
    )
    assert both.exit_code == 2
    assert "Give either --national or --municipality" in both.output
    assert Area.objects.count() == 0


@pytest.mark.shared_data
def test_the_countrys_municipalities_of_2022_from_the_command_line(kansen):
    configured = os.environ.get("KANSEN_SHARED_DATA")
    root = Path(configured) if configured else Path(__file__).resolve().parents[4] / "shared/data"
    path = root / "nl" / "gemeenten_2022_kwb_wgs84.geojson"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the real public data is not beside this clone")
    done = kansen("import", "boundaries", path, "--year", 2022, "--national")
    assert done.exit_code == 0, done.output
    # GM0998 (Buitenland) has no outline: left out, as on the import page
    assert Area.objects.filter(year=2022, level="gemeente").count() == 345
    assert not Area.objects.filter(code="GM0998").exists()
    assert ImportRun.objects.get().municipality is None
