"""What `kansen serve` warms before the workers fork (kansen.web.warm): every step works."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from django.template import engines
from django.urls import get_resolver

from kansen.web import warm
from kansen.web.directory import search

from .factories import MunicipalityFactory


def test_urls_catalogues_lazy_modules_and_templates_are_loaded():
    warm._urls_and_catalogues()
    warm._lazy_imports()
    warm._templates()
    assert get_resolver()._populated
    assert {"mapclassify", "jsonschema", "yaml"} <= set(sys.modules)
    loader = engines["django"].engine.template_loaders[0]
    if hasattr(loader, "get_template_cache"):  # the cached loader (DEBUG off)
        assert "base.html" in loader.get_template_cache


@pytest.mark.django_db
def test_the_portal_directory_is_built_before_the_first_visitor(settings):
    search.clear_snapshots()
    portal = MunicipalityFactory(code=settings.KANSEN_PORTAL_MUNICIPALITY, slug="demostad")
    warm._portal_directory()
    assert portal.pk in search._snapshots
    search.clear_snapshots()


@pytest.mark.django_db
def test_the_directory_built_before_forking_is_kept_when_a_change_replaces_it(settings):
    # freed in a worker, its pages would become the worker's own copies (ADR 0031)
    search.clear_snapshots()
    portal = MunicipalityFactory(code=settings.KANSEN_PORTAL_MUNICIPALITY, slug="demostad")
    warm._portal_directory()
    built = search._snapshots[portal.pk]
    search.clear_snapshots()
    assert any(kept is built for kept in warm._BUILT_BEFORE_FORKING)
    warm._BUILT_BEFORE_FORKING.clear()


@pytest.mark.django_db
def test_without_a_portal_municipality_warming_skips_the_directory():
    search.clear_snapshots()
    warm._portal_directory()
    assert search._snapshots == {}


@pytest.mark.django_db
def test_the_questionnaires_of_open_waves_are_read_before_the_first_pupil_sends(monkeypatch):
    """Only open waves (today within their period): a pupil's send then finds its
    questionnaire read (the library's check against the schema runs once per process)."""
    import datetime

    from django.utils import timezone

    from kansen.web.youthpanel import services
    from kansen.web.youthpanel.constants import WaveStatus

    from .youthpanel.factories import WaveFactory

    today = datetime.date(2026, 10, 1)
    monkeypatch.setattr(timezone, "localdate", lambda: today)
    open_now = WaveFactory(opens=datetime.date(2026, 9, 1), closes=datetime.date(2026, 12, 31))
    WaveFactory(status=WaveStatus.CLOSED)
    WaveFactory(opens=datetime.date(2026, 11, 1), closes=datetime.date(2026, 12, 31))
    read: list[str] = []
    monkeypatch.setattr(services, "read_document", lambda document: read.append(document["id"]))
    warm._open_questionnaires()
    assert read == [open_now.version.document["id"]]  # not the closed one's, not the later one's


@pytest.mark.django_db
def test_warming_closes_the_database_connection_after_its_last_query(settings, monkeypatch):
    """gunicorn forks the workers from the process that warmed (``--preload``): a connection
    left open there would be one socket or file shared by every worker. (The tests' in-memory
    SQLite ignores ``close()``, so the test records the calls instead of the state.)"""
    import gc

    from django.db import connections

    MunicipalityFactory(code=settings.KANSEN_PORTAL_MUNICIPALITY, slug="demostad")
    connection = connections["default"]
    events: list[str] = []
    closing = type(connection).close

    def close(self: object) -> None:
        events.append("close")
        closing(self)

    def query(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        events.append("query")
        return execute(sql, params, many, context)

    monkeypatch.setattr(type(connection), "close", close)
    search.clear_snapshots()
    try:
        with connection.execute_wrapper(query):
            warm.warm_up()
    finally:
        gc.unfreeze()  # warm_up freezes what is loaded; the tests go on collecting
        search.clear_snapshots()
    assert "query" in events  # the portal's directory was read
    assert events[-1] == "close"
