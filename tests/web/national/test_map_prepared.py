"""The country's maps built when an import is committed and at server start, into the data
folder every worker reads, so the first visitor after a change does not wait (ADR 0030)."""

from __future__ import annotations

import gzip
import json

import pytest
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.areas import layers, mapcache, services
from kansen.web.warm import _national_maps

from ..factories import UserFactory
from ..test_imports import GOOD_BOUNDARIES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _maps_built_after_imports(settings):
    settings.KANSEN_PREPARE_MAPS = True


def _values_csv(noord_oost: str) -> bytes:
    return (
        '"Perioden";"Regiocode (gemeente, wijk, buurt) (code)";"Laag inkomen (%)"\n'
        '"2024";"BU90010101";"  11,0"\n'
        f'"2024";"BU90010102";"  {noord_oost}"\n'
    ).encode()


def _import_values(csv: bytes, capture) -> None:
    with capture(execute=True):
        services.import_values(
            csv, filename="laag-inkomen.csv", municipality=None, publish=True, year=None
        )


def _forgotten_by_this_worker() -> None:
    """As another worker (or a new server process) sees it: nothing in memory."""
    with mapcache._lock:
        mapcache._kept.clear()
        mapcache._size = 0


def _no_building(*args, **kwargs):
    raise AssertionError("the map was built on the request")


def _values(body: bytes) -> dict[str, float]:
    return {
        f["properties"]["code"]: f["properties"]["value"]
        for f in json.loads(body)["features"]
        if f["properties"].get("code")
    }


def test_the_countrys_map_is_ready_after_an_import_and_follows_the_data(
    django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        services.import_boundaries(
            GOOD_BOUNDARIES, filename="nl.geojson", year=2024, municipality=None
        )
    _import_values(_values_csv("15,2"), django_capture_on_commit_callbacks)
    assert sorted(p.name for p in mapcache.folder().glob("*.tmp")) == []
    client = Client(headers={"accept-language": "nl", "accept-encoding": "gzip"})
    client.force_login(UserFactory(municipality=None, role=Role.NATIONAL))
    query = client.get("/gebieden/?scope=NL&level=buurt").context["query"]
    _forgotten_by_this_worker()
    monkeypatch.setattr(layers, "build_explorer", _no_building)
    first = client.get(f"/gebieden/kaart.geojson?{query}")
    assert first.status_code == 200
    assert _values(gzip.decompress(first.content)) == {"BU90010101": 11.0, "BU90010102": 15.2}
    # the page's default scope for the national network (no ?scope=) is ready too
    default = client.get("/gebieden/").context["query"]
    assert "scope" not in default
    assert client.get(f"/gebieden/kaart.geojson?{default}").status_code == 200

    # the figures change: the map built after the import shows them, before anyone asks
    monkeypatch.undo()
    _import_values(_values_csv("16,4"), django_capture_on_commit_callbacks)
    _forgotten_by_this_worker()
    monkeypatch.setattr(layers, "build_explorer", _no_building)
    again = client.get(f"/gebieden/kaart.geojson?{query}")
    assert _values(gzip.decompress(again.content)) == {"BU90010101": 11.0, "BU90010102": 16.4}
    assert again.headers["ETag"] != first.headers["ETag"]


def test_the_server_builds_the_countrys_maps_before_the_workers_start(
    django_capture_on_commit_callbacks, monkeypatch
):
    # areas written without the import service (a bulk load): nothing built yet
    services.import_boundaries(GOOD_BOUNDARIES, filename="nl.geojson", year=2024, municipality=None)
    assert list(mapcache.folder().glob("*.json.gz")) == []
    _national_maps()
    # 3 levels x 2 languages x (with and without ?scope=NL)
    assert len(list(mapcache.folder().glob("*.json.gz"))) == 12
    # built once: a second start builds nothing
    assert mapcache.prepare_national() == []
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory(municipality=None, role=Role.NATIONAL))
    query = client.get("/gebieden/?scope=NL&level=wijk").context["query"]
    _forgotten_by_this_worker()
    monkeypatch.setattr(layers, "build_explorer", _no_building)
    plain = client.get(f"/gebieden/kaart.geojson?{query}")
    assert sorted(f["properties"]["code"] for f in plain.json()["features"]) == [
        "WK900101",
        "WK900102",
    ]


@pytest.mark.django_db(transaction=True)
def test_after_a_committed_import_the_maps_are_built_in_a_thread_of_their_own(
    settings, monkeypatch
):
    import threading

    started: list[threading.Thread] = []

    class Recorded(threading.Thread):
        def start(self) -> None:
            started.append(self)
            super().start()

    monkeypatch.setattr(services.threading, "Thread", Recorded)
    settings.KANSEN_MAPS_IN_BACKGROUND = True
    services.import_boundaries(GOOD_BOUNDARIES, filename="nl.geojson", year=2024, municipality=None)
    assert [t.name for t in started] == ["kansen-maps"]
    started[0].join(timeout=60)
    assert len(list(mapcache.folder().glob("*.json.gz"))) == 12


def test_a_municipalitys_maps_are_ready_after_its_import_for_its_analyst_and_the_ministry(
    django_capture_on_commit_callbacks, monkeypatch
):
    from ..factories import MunicipalityFactory

    proefdorp = MunicipalityFactory(code="GM9001", name="Proefdorp", slug="proefdorp")
    with django_capture_on_commit_callbacks(execute=True):
        services.import_boundaries(
            GOOD_BOUNDARIES, filename="p.geojson", year=2024, municipality=proefdorp
        )
    analyst = Client(headers={"accept-language": "nl", "accept-encoding": "gzip"})
    analyst.force_login(UserFactory(municipality=proefdorp, role=Role.ANALYST))
    ministry = Client(headers={"accept-language": "en", "accept-encoding": "gzip"})
    ministry.force_login(UserFactory(municipality=None, role=Role.NATIONAL))
    queries = [
        (analyst, analyst.get("/gebieden/?level=wijk").context["query"]),
        (ministry, ministry.get("/gebieden/?scope=GM9001&level=buurt").context["query"]),
    ]
    _forgotten_by_this_worker()
    monkeypatch.setattr(layers, "build_explorer", _no_building)
    for client, query in queries:
        response = client.get(f"/gebieden/kaart.geojson?{query}")
        assert response.status_code == 200
        assert json.loads(gzip.decompress(response.content))["features"]
