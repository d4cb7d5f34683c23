"""The finer outlines a map of many areas fetches when zoomed in (ADR 0033): the stored outlines
of one detail of the areas whose bounding box meets a tile, with their codes, kept per version
of the data."""

from __future__ import annotations

import json

import pytest

from kansen.web.areas.models import Area, MapOutline
from kansen.web.areas.outlines import TILE_DEGREES, tile_bounds

from .test_map_outlines import stored_buurten  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

TILES = "/gebieden/kaart.geojson?scope=NL&year=2024&level=buurt"


def test_tiles_are_squares_on_a_grid_from_zero():
    assert TILE_DEGREES == {"province": 0.5, "municipality": 0.125}
    assert tile_bounds("province", 8, 104) == (4.0, 52.0, 4.5, 52.5)
    assert tile_bounds("municipality", -1, 0) == (-0.125, 0.0, 0.0, 0.125)


def test_a_tile_has_the_stored_outlines_of_the_areas_that_meet_it(stored_buurten):  # noqa: F811
    # the buurten lie on a grid of 0.05 degree from (4, 52), each 0.04 wide: the municipality
    # tile (32, 416) is lon 4-4.125, lat 52-52.125: columns 0-2 and rows 0-2
    response = stored_buurten.get(TILES + "&detail=municipality&tile=32,416")
    assert response.status_code == 200
    data = response.json()
    assert data["detail"] == "municipality"
    codes = [f["properties"]["code"] for f in data["features"]]
    expected = sorted(
        f"BU9000{i // 100:02d}{i % 100:02d}"
        for r in range(3)
        for i in (r * 25, r * 25 + 1, r * 25 + 2)
    )
    assert codes == expected
    stored = {
        o.area.code: json.loads(o.geojson)
        for o in MapOutline.objects.filter(
            detail="municipality", area__code__in=codes
        ).select_related("area")
    }
    assert {f["properties"]["code"]: f["geometry"] for f in data["features"]} == stored
    # finer than what the map of all 600 draws (the province's outlines)
    drawn = json.loads(MapOutline.objects.get(area__code="BU90000000", detail="province").geojson)
    assert len(stored["BU90000000"]["coordinates"][0]) > len(drawn["coordinates"][0])
    # a tile away from every area is empty
    assert stored_buurten.get(TILES + "&detail=municipality&tile=0,0").json()["features"] == []


def test_a_tile_is_kept_until_the_areas_change(
    stored_buurten,  # noqa: F811
    django_assert_max_num_queries,
):
    url = TILES + "&detail=province&tile=8,104"
    first = stored_buurten.get(url, headers={"accept-encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    with django_assert_max_num_queries(8):
        again = stored_buurten.get(url, headers={"accept-encoding": "gzip"})
    assert again.content == first.content
    etag = again.headers["ETag"]
    assert stored_buurten.get(url, headers={"if-none-match": etag}).status_code == 304
    # one area saved (the admin): the tile is made again
    area = Area.objects.get(code="BU90000000")
    area.name = "Nieuw"
    area.save()
    assert stored_buurten.get(url, headers={"if-none-match": etag}).status_code == 200


def test_a_tile_of_a_municipality_has_only_its_areas(stored_buurten):  # noqa: F811
    other = Area.objects.get(code="BU90000000")
    other.municipality_code = "GM9001"
    other.save()
    Area.objects.create(code="GM9001", year=2024, level="gemeente", municipality_code="GM9001")
    codes = [
        f["properties"]["code"]
        for f in stored_buurten.get(
            TILES.replace("scope=NL", "scope=GM9000") + "&detail=municipality&tile=32,416"
        ).json()["features"]
    ]
    assert "BU90000000" not in codes
    assert len(codes) == 8


@pytest.mark.parametrize(
    "query",
    [
        "&detail=country&tile=8,104",  # the map's own detail: never a tile
        "&detail=province&tile=8",
        "&detail=province&tile=a,b",
        "&detail=province&tile=8,104000",
    ],
)
def test_a_tile_not_known_is_not_found(stored_buurten, query):  # noqa: F811
    assert stored_buurten.get(TILES + query).status_code == 404


def test_a_tile_needs_a_year_and_a_level(stored_buurten):  # noqa: F811
    url = "/gebieden/kaart.geojson?scope=NL&detail=province&tile=8,104"
    assert stored_buurten.get(url).status_code == 404
    assert stored_buurten.get(url + "&year=2024&level=straat").status_code == 404
