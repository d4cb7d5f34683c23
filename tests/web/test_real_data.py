"""The platform imports the real public files of ../shared/data/nl (skipped where absent)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from kansen.web.areas import services
from kansen.web.areas.models import Area, Observation

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


@pytest.fixture
def nl_data() -> Path:
    configured = os.environ.get("KANSEN_SHARED_DATA")
    root = Path(configured) if configured else Path(__file__).resolve().parents[3] / "shared/data"
    if not (root / "nl").is_dir():
        pytest.skip(f"{root / 'nl'} is absent: the real public data is not beside this clone")
    return root / "nl"


@pytest.mark.parametrize(
    ("filename", "crs", "repaired"),
    [
        # the WGS84 file has 5 invalid geometries; the RD file 7, plus GM0171 (Noordoostpolder),
        # whose valid RD outline self-intersects once converted to WGS84
        ("gemeenten_2023_wgs84.geojson", "EPSG:4326", 5),
        ("gemeenten_2023_rd.geojson", "EPSG:28992", 8),
    ],
)
def test_all_municipalities_of_2023_in_either_coordinate_system(nl_data, filename, crs, repaired):
    run = services.import_boundaries(
        nl_data / filename, filename=filename, year=2023, municipality=None
    )
    # 343 features: the 342 municipalities of 2023 and GM0998 "Buitenland", which is dropped
    assert run.summary["areas"] == 342
    assert run.summary["crs"] == crs
    assert run.summary["crs_detected"] is True
    assert run.summary["repaired"] == repaired
    assert any("GM0998" in p["message"] for p in run.problems)
    areas = Area.objects.filter(year=2023, level="gemeente")
    assert areas.count() == 342
    for area in areas:
        geometry = shape(area.geometry)
        assert geometry.is_valid, area.code
        assert geometry.geom_type in {"Polygon", "MultiPolygon"}
    leiden = Area.objects.get(code="GM0546", year=2023)
    assert leiden.name == "Leiden"
    assert leiden.area_m2 / 1e6 == pytest.approx(23.4, abs=0.05)
    assert shapely.Point(leiden.point_x, leiden.point_y).within(
        shapely.box(90_000, 455_000, 100_000, 468_000)
    )


def test_ses_woa_of_amsterdam_keeps_suppressed_values_suppressed(nl_data):
    path = nl_data / "ses_woa_amsterdam_2019.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    expected_suppressed = sum(cell.strip() == "." for row in rows[1:] for cell in row[3:])
    expected_areas = len(rows) - 1

    run = services.import_values(path, filename=path.name, municipality=None)

    assert run.summary["areas"] == expected_areas == 579
    assert run.summary["suppressed"] == expected_suppressed == 450
    assert run.summary["missing"] == 0
    assert Area.objects.filter(year=2019, municipality_code="GM0363").count() == 579
    stationsplein = Observation.objects.filter(area__code="BU03630100", area__year=2019)
    statuses = {o.indicator.code: (o.status, o.value) for o in stationsplein}
    ses = next(code for code in statuses if code.startswith("ses_woa"))
    assert statuses[ses] == ("suppressed", None)
    households = next(code for code in statuses if code.startswith("particuliere"))
    assert statuses[households] == ("ok", 0.0)
    assert Observation.objects.filter(status="suppressed", value=0).count() == 0
    kop_zeedijk = Observation.objects.get(area__code="BU03630000", indicator__code=ses)
    assert kop_zeedijk.value == 0.045
    assert Area.objects.get(code="BU03630000", year=2019).parent.code == "WK036300"
