"""The shared demo's transaction and the live server, whose requests run on the tests' own
in-memory SQLite connection object (pytest-django's ``connections_override``):
tests/shared_connection.py."""

from __future__ import annotations

import threading
import urllib.request
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

import kansen.web.core.demo  # noqa: F401  (imported before the tests time SharedDemo.load)
from shared_connection import LIVE_REQUESTS, SharedDemo

entered = threading.Event()
release = threading.Event()


def late_save(request: HttpRequest) -> HttpResponse:
    """A request that holds an atomic block open, as a late save of a page would."""
    with transaction.atomic():
        entered.set()
        release.wait(timeout=20)
    return HttpResponse("saved")


urlpatterns = [path("late-save/", late_save)]


@pytest.fixture
def request_in_flight(live_server: Any, settings: Any) -> Any:
    """A request to the live server that is inside its atomic block when the test starts."""
    settings.ROOT_URLCONF = __name__
    entered.clear()
    release.clear()
    fetch = threading.Thread(
        target=lambda: urllib.request.urlopen(live_server.url + "/late-save/", timeout=30).read()
    )
    fetch.start()
    assert entered.wait(timeout=20), "the request reached its atomic block"
    yield fetch
    release.set()
    fetch.join(timeout=20)


def test_the_live_server_shares_the_tests_connection_on_sqlite(live_server: Any) -> None:
    shared = live_server.thread.connections_override
    if connection.vendor == "sqlite":
        assert shared == {"default": connections["default"]}
    else:
        assert shared == {}


def test_the_demo_opens_its_transaction_after_a_running_request(
    request_in_flight: threading.Thread, django_db_blocker: Any
) -> None:
    threading.Timer(1.0, release.set).start()
    shared = SharedDemo(django_db_blocker, load=lambda: "Demostad")

    assert shared.load() == "Demostad"
    try:
        # the request had ended on the server (its client thread may still be reading the
        # answer): the demo's block is the only one, not a savepoint in the request's
        assert LIVE_REQUESTS.running == 0
        assert connection.atomic_blocks == [shared._atomic]
    finally:
        shared.discard()  # also when an assertion fails: later tests need a clean connection
    assert not connection.in_atomic_block
    request_in_flight.join(timeout=20)
    assert not request_in_flight.is_alive()


def test_a_request_that_keeps_running_is_named(request_in_flight: threading.Thread) -> None:
    with pytest.raises(RuntimeError) as raised:
        LIVE_REQUESTS.wait_until_idle("the test waits", timeout=0.2)

    message = str(raised.value)
    assert message.startswith(
        "the test waits, but the live server still runs GET /late-save/ (for "
    )
    assert message.endswith(" s) after 0.2 s")


def test_the_demo_refuses_a_transaction_it_does_not_own(
    transactional_db: None, django_db_blocker: Any
) -> None:
    left_open = transaction.atomic()
    left_open.__enter__()
    shared = SharedDemo(django_db_blocker, load=lambda: "Demostad")
    try:
        with pytest.raises(
            RuntimeError,
            match=r"must open the outermost transaction of the test database, "
            r"but 1 atomic block\(s\) are open already",
        ):
            shared.load()
    finally:
        left_open.__exit__(None, None, None)


def test_the_demo_names_a_block_left_open_inside_it(
    transactional_db: None, django_db_blocker: Any
) -> None:
    shared = SharedDemo(django_db_blocker, load=lambda: "Demostad")
    shared.load()
    left_open = transaction.atomic()
    left_open.__enter__()
    try:
        with pytest.raises(
            RuntimeError,
            match=r"no longer the only open one on the test database connection "
            r"\(2 atomic block\(s\) open, the demo's first\)",
        ):
            shared.discard()
    finally:
        left_open.__exit__(None, None, None)
        transaction.set_rollback(True)
        connection.atomic_blocks[0].__exit__(None, None, None)
