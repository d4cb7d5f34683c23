"""``kansen import cbs TABLE``: a CBS table into the platform through the values import, all or
nothing; without a network it says so and imports nothing. CBS is answered by ``responses``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import responses
import typer
from typer.testing import CliRunner

from kansen.web.accounts.models import Municipality
from kansen.web.areas.models import Area, ImportRun, Observation
from kansen.web.cbs_import import register_cbs_import

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "cbs-85318NED"
ROOT = "https://opendata.cbs.nl/ODataFeed/odata/85318NED/"
DUTCH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "nl_NL.UTF-8"}
ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
runner = CliRunner()


def _serve_table() -> None:
    responses.add(responses.GET, ROOT, json=json.loads((FIXTURES / "index.json").read_text()))
    for name in (
        "TableInfos",
        "TypedDataSet",
        "DataProperties",
        "CategoryGroups",
        "WijkenEnBuurten",
    ):
        body = json.loads((FIXTURES / f"{name}.json").read_text())
        responses.add(responses.GET, ROOT + name, json=body)


@pytest.fixture
def app() -> typer.Typer:
    """``kansen import`` with only ``cbs``, and the platform's helpers (as web/cli.py wires it)."""
    from kansen.web.cli import _django, _municipality, _run_import

    root = typer.Typer()
    import_app = typer.Typer()
    root.add_typer(import_app, name="import")
    register_cbs_import(import_app, _run_import, _django, _municipality)
    return root


@pytest.fixture
def leiden() -> Municipality:
    return Municipality.objects.create(code="GM0546", name="Leiden", slug="leiden")


@responses.activate
def test_a_cbs_table_is_imported_as_area_figures(app, leiden, tmp_path):
    _serve_table()
    saved = tmp_path / "85318NED.csv"
    result = runner.invoke(
        app,
        ["import", "cbs", "85318NED", "--municipality", "GM0546", "--save", str(saved)],
        env=ENGLISH,
    )
    assert result.exit_code == 0, result.output
    assert "9 figures for 3 areas (3 new): 8 values, 1 suppressed, 0 unknown." in result.output
    assert saved.read_text().startswith("Wijken en buurten;Codering;Perioden;")
    assert sorted(Area.objects.values_list("code", flat=True)) == [
        "BU05460101",
        "GM0546",
        "WK054601",
    ]
    inhabitants = Observation.objects.get(
        area__code="GM0546", indicator__code="aantal_inwoners", year=2022
    )
    assert inhabitants.value == 125574
    assert ImportRun.objects.get().filename == "85318NED.csv"


@responses.activate
def test_without_a_network_nothing_is_imported_and_it_is_said_in_dutch(app, leiden):
    responses.add(responses.GET, ROOT, body=requests.ConnectionError("no route"))
    result = runner.invoke(
        app, ["import", "cbs", "85318NED", "--municipality", "GM0546"], env=DUTCH
    )
    assert result.exit_code == 1
    assert (
        "85318NED: CBS open data (opendata.cbs.nl) is niet bereikbaar: er is geen "
        "netwerkverbinding; niets geïmporteerd" in result.output
    )
    assert Observation.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_a_table_without_a_mapping_asks_for_one(app):
    result = runner.invoke(app, ["import", "cbs", "37230ned"], env=ENGLISH)
    assert result.exit_code == 2
    assert "no mapping comes with kansen for table 37230NED; give one with --mapping" in (
        result.output
    )


@responses.activate
def test_an_unknown_municipality_stops_before_anything_is_downloaded(app):
    result = runner.invoke(app, ["import", "cbs", "85318NED", "--municipality", "GM0546"])
    assert result.exit_code == 2
    assert "Unknown municipality GM0546" in result.output
    assert len(responses.calls) == 0
