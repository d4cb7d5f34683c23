"""The map data kept per version of the data and sent compressed (areas.mapcache)."""

from __future__ import annotations

import gzip

import pytest

from kansen.web.areas.models import Indicator, Observation

from .test_large_pages import many_buurten  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

URL = "/gebieden/kaart.geojson?scope=NL&level=buurt"


def _values(data: dict) -> dict[str, float]:
    return {f["properties"]["code"]: f["properties"]["value"] for f in data["features"]}


def test_the_map_is_sent_compressed_and_kept_until_the_data_changes(
    many_buurten,  # noqa: F811
    django_assert_max_num_queries,
):
    plain = many_buurten.get(URL)
    assert "Content-Encoding" not in plain.headers
    first = _values(plain.json())
    assert first["BU90000100"] == 1.0
    packed = many_buurten.get(URL, headers={"accept-encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    # kept: the areas and figures are not read again
    with django_assert_max_num_queries(8):
        again = many_buurten.get(URL, headers={"accept-encoding": "gzip"})
    assert again.content == packed.content
    # the browser asks whether it changed: it did not
    etag = again.headers["ETag"]
    assert many_buurten.get(URL, headers={"if-none-match": etag}).status_code == 304
    # a figure written through the services changes the map at once
    indicator = Indicator.objects.get(code="x")
    observation = Observation.objects.get(indicator=indicator, area__code="BU90000100")
    observation.value = 42.0
    observation.save()
    changed = many_buurten.get(URL, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert _values(changed.json())["BU90000100"] == 42.0
    assert changed.headers["ETag"] != etag


def test_a_map_is_kept_per_language_and_per_reader(many_buurten):  # noqa: F811
    # a suppressed figure's reason is translated
    Observation.objects.filter(area__code="BU90000100").update(value=None, status="suppressed")
    dutch = many_buurten.get(URL)
    english = many_buurten.get(URL, headers={"accept-language": "en"})
    assert dutch.headers["ETag"] != english.headers["ETag"]
    reason = {f["properties"]["code"]: f["properties"]["reason"] for f in dutch.json()["features"]}
    reason_en = {
        f["properties"]["code"]: f["properties"]["reason"] for f in english.json()["features"]
    }
    assert reason["BU90000100"] != reason_en["BU90000100"]
