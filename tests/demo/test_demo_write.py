"""The files Demostad writes: real-world formats, byte-for-byte reproducible."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import time
from pathlib import Path

import pytest
from shapely.geometry import shape

from kansen.demo import DemoFiles, Demostad, build_demostad, write_demostad

STATLINE_KEYS = ["Perioden", "Wijken en buurten", "Regiocode (gemeente, wijk, buurt) (code)"]


def _digests(files: DemoFiles) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in files.all}


def test_file_names(demo_files: DemoFiles) -> None:
    assert [path.name for path in demo_files.all] == [
        "demostad_gebieden_2024.geojson",
        "demostad_kerncijfers.csv",
        "demostad_indicatoren.csv",
        "demostad_scholen.csv",
        "kerncijfers_gemeenten.csv",
    ]
    assert all(path.is_file() for path in demo_files.all)


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = write_demostad(build_demostad(2026), tmp_path / "first")
    second = write_demostad(build_demostad(2026), tmp_path / "second")
    assert _digests(first) == _digests(second)


def test_another_seed_gives_other_data(tmp_path: Path, demo: Demostad) -> None:
    first = _digests(write_demostad(demo, tmp_path / "first"))
    other = _digests(write_demostad(build_demostad(demo.seed + 1), tmp_path / "other"))
    # The indicator metadata does not depend on the seed; the data does.
    assert first.pop("demostad_indicatoren.csv") == other.pop("demostad_indicatoren.csv")
    assert all(first[name] != other[name] for name in first)


def test_generation_takes_less_than_a_second() -> None:
    build_demostad(11)  # imports and caches warm
    start = time.perf_counter()
    build_demostad(12)
    assert time.perf_counter() - start < 1.0


# StatLine-style key figures ----------------------------------------------------------------


def test_statline_csv_has_bom_semicolons_and_every_field_quoted(demo_files: DemoFiles) -> None:
    raw = demo_files.key_figures_csv.read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"Perioden";')
    for line in raw[3:].decode("utf-8").splitlines():
        assert line.startswith('"')
        assert line.endswith('"')
        fields = line[1:-1].split('";"')
        assert all('"' not in field for field in fields)


def test_statline_csv_header_and_rows(demo: Demostad, demo_files: DemoFiles) -> None:
    with demo_files.key_figures_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == STATLINE_KEYS + [f"{i.name_nl} ({i.unit})" for i in demo.indicators]
    assert len(body) == len(demo.areas) * len(demo.years)
    assert body[0][:3] == ["2022", "Demostad", "GM9999    "]
    assert body[1][:3] == ["2022", "Centrum", "WK999901  "]
    assert body[2][2] == "BU99990101"
    assert all(len(row) == len(header) and len(row[2]) == 10 for row in body)


def test_statline_csv_numbers_round_trip(demo: Demostad, demo_files: DemoFiles) -> None:
    with demo_files.key_figures_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, body = rows[0], rows[1:]
    obs = demo.observations
    published = {
        (str(year), area, ind): (value, status)
        for area, year, ind, value, status in obs.itertuples(index=False, name=None)
    }
    for column, ind in enumerate(demo.indicators, start=len(STATLINE_KEYS)):
        fields = [row[column] for row in body]
        widths = {len(field) for field in fields if field}
        assert len(widths) == 1, header[column]  # right-aligned in a fixed width
        for row, field in zip(body, fields, strict=True):
            value, status = published[(row[0], row[2].strip(), ind.code)]
            if status == "missing":
                assert field == ""
            elif status == "suppressed":
                assert field.strip() == "."
            else:
                assert "." not in field
                assert float(field.strip().replace(",", ".")) == pytest.approx(value, abs=1e-9)
                decimals = field.strip().partition(",")[2]
                assert len(decimals) == ind.decimals


# GeoJSON boundaries -----------------------------------------------------------------------


def test_geojson_declares_rd_new_and_holds_every_area(
    demo: Demostad, demo_files: DemoFiles
) -> None:
    collection = json.loads(demo_files.areas_geojson.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert collection["crs"] == {
        "type": "name",
        "properties": {"name": "urn:ogc:def:crs:EPSG::28992"},
    }
    features = collection["features"]
    assert [f["properties"]["code"] for f in features] == [a.code for a in demo.areas]
    for feature, area in zip(features, demo.areas, strict=True):
        assert feature["properties"] == {
            "code": area.code,
            "naam": area.name,
            "niveau": area.level,
            "bevolking": area.population,
        }
        geometry = shape(feature["geometry"])
        assert geometry.is_valid
        assert geometry.normalize().equals_exact(area.geometry_rd.normalize(), tolerance=0.005)


def test_geojson_coordinates_have_at_most_two_decimals(demo_files: DemoFiles) -> None:
    collection = json.loads(demo_files.areas_geojson.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        for ring in feature["geometry"]["coordinates"]:
            for x, y in ring:
                assert math.isclose(x, round(x, 2))
                assert math.isclose(y, round(y, 2))


# Metadata and schools ---------------------------------------------------------------------


def test_indicator_metadata_csv(demo: Demostad, demo_files: DemoFiles) -> None:
    with demo_files.indicators_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["code"] for row in rows] == [ind.code for ind in demo.indicators]
    assert list(rows[0]) == [
        "code",
        "column_header",
        "name_nl",
        "name_en",
        "unit",
        "domain",
        "direction",
        "source",
        "definition",
    ]
    for row, ind in zip(rows, demo.indicators, strict=True):
        assert row["column_header"] == f"{ind.name_nl} ({ind.unit})"
        assert row["domain"] == (ind.domain or "")
        assert row["direction"] == (ind.direction or "")
        assert row["definition"] == ind.definition


def test_schools_csv(demo: Demostad, demo_files: DemoFiles) -> None:
    with demo_files.schools_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "location_code",
        "brin",
        "name",
        "levels",
        "offers_havo_vwo",
        "x",
        "y",
        "postcode",
        "area_code",
    ]
    assert [row["location_code"] for row in rows] == [s.location_code for s in demo.schools]
    for row, school in zip(rows, demo.schools, strict=True):
        assert row["offers_havo_vwo"] == ("true" if school.offers_havo_vwo else "false")
        assert (float(row["x"]), float(row["y"])) == (school.x, school.y)
        assert row["area_code"] == school.area_code
