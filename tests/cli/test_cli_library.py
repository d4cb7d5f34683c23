"""The library's commands, on files as a user has them: `kansen index`, `access`, `allocate`."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from kansen.cli import app
from kansen.demo import build_demostad, write_demostad
from kansen.index import compute_index, default_mdi

runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return write_demostad(build_demostad(), tmp_path_factory.mktemp("demo"))


def test_index_compute_ranks_the_buurten_as_the_library_does(files, tmp_path):
    out = tmp_path / "mdi.csv"
    result = runner.invoke(
        app,
        [
            "index",
            "compute",
            str(files.key_figures_csv),
            "--rename",
            str(files.indicators_csv),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "40 areas ranked" in result.output
    written = pd.read_csv(out, index_col="code")
    demo = build_demostad()
    obs = demo.observations
    obs = obs[(obs["year"] == 2024) & (obs["status"] == "ok")]
    wide = obs.pivot_table(index="area_code", columns="indicator_code", values="value")
    expected = compute_index(
        wide.reindex([a.code for a in demo.buurten]),
        default_mdi(),
        parents={a.code: a.parent_code for a in demo.buurten},
        parent_data=wide.loc[[a.code for a in demo.wijken]],
    ).frame
    assert written["rank"].to_dict() == expected["rank"].to_dict()
    np.testing.assert_allclose(written["score"], expected.loc[written.index, "score"], atol=1e-9)


def test_index_compute_refuses_an_unknown_definition(files, tmp_path):
    result = runner.invoke(
        app,
        [
            "index",
            "compute",
            str(files.key_figures_csv),
            "--definition",
            "imd-1890",
            "--out",
            str(tmp_path / "x.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "expected one of" in result.output


def test_access_distance_equals_brute_force(files, tmp_path):
    out = tmp_path / "afstand.geojson"
    result = runner.invoke(
        app,
        ["access", "distance", str(files.areas_geojson), str(files.schools_csv), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    features = json.loads(out.read_text())["features"]
    demo = build_demostad()
    schools = np.array([(s.x, s.y) for s in demo.schools if s.offers_havo_vwo])
    by_code = {f["properties"]["code"]: f["properties"] for f in features}
    assert len(by_code) == len(demo.areas)
    for area in demo.buurten:
        point = shapely.point_on_surface(area.geometry_rd)
        expected = np.hypot(schools[:, 0] - point.x, schools[:, 1] - point.y).min()
        assert by_code[area.code]["distance_m"] == pytest.approx(expected, abs=0.02)


def test_allocate_splits_to_the_cent(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "code;naam;behoefte;inwoners;deciel\n"
        "BU1;Noord;60,5;2000;1\nBU2;Oost;30;1500;4\nBU3;Zuid;10;4000;9\n",
        encoding="utf-8",
    )
    out = tmp_path / "verdeling.csv"
    result = runner.invoke(
        app, ["allocate", str(units), "--budget", "100000", "--max-decile", "5", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out, dtype={"amount": str})
    amounts = dict(zip(written["code"], written["amount"].map(Decimal), strict=True))
    # weights 60.5 x 2000 = 121,000 and 30 x 1500 = 45,000; BU3 is above the threshold
    assert amounts == {
        "BU1": Decimal("72891.57"),
        "BU2": Decimal("27108.43"),
        "BU3": Decimal("0.00"),
    }


def test_allocate_reports_an_impossible_request(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,need,population\nBU1,1,10\nBU2,1,10\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "allocate",
            str(units),
            "--budget",
            "100",
            "--floor",
            "60",
            "--out",
            str(tmp_path / "x.csv"),
        ],
    )
    assert result.exit_code == 1
