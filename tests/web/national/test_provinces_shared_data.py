"""The table of municipalities and provinces against the real public files of ../shared/data/nl
(skipped where they are absent; not run in CI: the ``shared_data`` marker)."""

from __future__ import annotations

import csv
import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from kansen.web.areas.provinces import province_of, provinces

pytestmark = pytest.mark.shared_data

ABROAD = "GM0998"  # "Buitenland": in the CBS boundary file, not a municipality


@pytest.fixture
def nl_data() -> Path:
    configured = os.environ.get("KANSEN_SHARED_DATA")
    root = Path(configured) if configured else Path(__file__).resolve().parents[4] / "shared/data"
    if not (root / "nl" / "gemeenten_2023_wgs84.geojson").is_file():
        pytest.skip(f"{root / 'nl'} is absent: the real public data is not beside this clone")
    return root / "nl"


def _names(path: Path) -> dict[str, str]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {
        f["properties"]["gemeentecode"]: f["properties"]["gemeentenaam"]
        for f in features
        if f["properties"]["gemeentecode"] != ABROAD
    }


def _table_names() -> dict[str, str]:
    path = Path(__file__).resolve().parents[3] / "src/kansen/web/areas/data"
    with (path / "municipalities_provinces.csv").open(encoding="utf-8") as f:
        return {r["municipality_code"]: r["municipality_name"] for r in csv.DictReader(f)}


def test_every_municipality_of_2023_has_a_province_and_its_cbs_name(nl_data):
    municipalities = _names(nl_data / "gemeenten_2023_wgs84.geojson")
    assert len(municipalities) == 342
    assert [code for code in municipalities if province_of(code) is None] == []
    table = _table_names()
    assert {code: table[code] for code in municipalities} == municipalities
    # the table's current municipalities are exactly those (none merged on 1 January 2024)
    current = sum(p.current_count for c, p in provinces().items() if c not in ("PV98", "PV99"))
    assert current == len(municipalities)


def test_every_municipality_of_2022_has_a_province(nl_data):
    municipalities = _names(nl_data / "gemeenten_2022_kwb_wgs84.geojson")
    assert len(municipalities) == 345
    assert [code for code in municipalities if province_of(code) is None] == []
    table = _table_names()
    assert {code: table[code] for code in municipalities} == municipalities


def test_the_provinces_agree_with_those_of_the_postcode_areas(nl_data):
    """Where the postcode file names a municipality of 2023 under the same name, all of that
    municipality's postcodes lie in the table's province (the file names some municipalities as
    before their mergers; those are not compared)."""
    seen: dict[str, set[str]] = defaultdict(set)
    with (nl_data / "pc4_coordinates.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            seen[row["gemeente"]].add(row["provincie"].replace("Friesland", "Fryslân"))
    compared = 0
    for code, name in _names(nl_data / "gemeenten_2023_wgs84.geojson").items():
        if name in seen:
            province = province_of(code)
            assert province is not None
            assert seen[name] == {province.name}, (code, name)
            compared += 1
    assert compared == 310
