"""The written files go through the platform's own importers (kansen.io) unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from kansen.demo import DemoFiles, Demostad

io = pytest.importorskip("kansen.io")


def test_boundaries_import_in_rd_new_without_repairs(demo: Demostad, demo_files: DemoFiles) -> None:
    boundaries = io.read_boundaries(demo_files.areas_geojson)
    assert boundaries.source_crs == "EPSG:28992"
    assert boundaries.repairs == []
    assert [f.code for f in boundaries.features] == [a.code for a in demo.areas]
    for feature, area in zip(boundaries.features, demo.areas, strict=True):
        assert feature.geometry_rd.symmetric_difference(area.geometry_rd).area < 1e-6


def test_key_figures_import_to_the_same_values_and_statuses(
    demo: Demostad, demo_files: DemoFiles
) -> None:
    imported = io.read_area_values(demo_files.key_figures_csv)
    by_header = {ind.column_header: ind.code for ind in demo.indicators}
    code_of = {column.code: by_header[column.column] for column in imported.indicators}
    obs = imported.observations.assign(
        indicator_code=imported.observations["indicator_code"].map(code_of)
    )
    merged = obs.merge(
        demo.observations, on=["area_code", "year", "indicator_code"], suffixes=("_io", "")
    )
    assert len(merged) == len(demo.observations)
    assert (merged["status_io"] == merged["status"]).all()
    assert np.allclose(merged["value_io"], merged["value"], equal_nan=True)
