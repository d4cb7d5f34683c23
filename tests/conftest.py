"""Shared test set-up.

In CI (``CI=true``) a test that skips because a component is missing (a browser, PostgreSQL,
the shared data) is a failure: CI must prove everything runs, not that it was skipped.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shared_connection import (
    FAST_PASSWORD_HASHERS,
    LIVE_REQUESTS,
    CountedWSGIServer,
    SharedDemo,
    describe_live_request,
)
from static_files import list_static_files_once

REPO_DIR = Path(__file__).resolve().parents[1]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def shared_data_dir() -> Path:
    """``../shared/data`` beside the repository, or ``KANSEN_SHARED_DATA``."""
    configured = os.environ.get("KANSEN_SHARED_DATA")
    return Path(configured) if configured else REPO_DIR.parent / "shared" / "data"


def pytest_configure(config: pytest.Config) -> None:
    """Django's test client makes its middleware for each client: WhiteNoise's walk of the
    static files is done once per process instead (tests/static_files.py).

    pytest-xdist hands out the files in the order of the collection, which puts the modules
    of the shared demo first (``_share_the_demo``): its own reordering (biggest file first)
    mixed them with the others, and each process loaded the demo again after each module
    without it (seven demo modules took 10-34 s each to set up in one run of tests/web; now
    the demo is loaded twice in all, once per process)."""
    list_static_files_once()
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every component must be present: {reason}"


def on_postgresql() -> bool:
    """Whether the tests run on PostgreSQL (``DATABASE_URL``, as ``.ci/run`` sets it)."""
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "admin_user",
        "admin_client",
        "django_user_model",
    }
)


def uses_database(item: pytest.Item) -> bool:
    """Whether a test touches the platform's database (a ``django_db`` mark or fixture)."""
    if item.get_closest_marker("django_db"):
        return True
    return bool(_DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` (such as two connections racing for a row lock, which the
    shared in-memory SQLite test database cannot show) run in the PostgreSQL run only: on
    SQLite they are deselected, not skipped, and the summary says how many.

    With ``KANSEN_TEST_DATABASE_ONLY=true`` (the second, PostgreSQL run of ``.ci/run``) only the
    tests that touch the database through the platform run: the library's tests do not depend
    on the database, and the browser tests (layout, scripts, accessibility of pages the web
    tests render on both databases) already ran in the first run.

    The modules that use the shared demo run first (see ``SharedDemo``)."""
    _deselect(config, items)
    config.stash[_DEMO_MODULES] = _share_the_demo(items)
    config.stash[_DATABASE_MODULES] = frozenset(i.path for i in items if uses_database(i))


def _deselect(config: pytest.Config, items: list[pytest.Item]) -> None:
    if on_postgresql():
        if os.environ.get("KANSEN_TEST_DATABASE_ONLY", "").lower() == "true":

            def repeated(item: pytest.Item) -> bool:
                return uses_database(item) and not item.get_closest_marker("browser")

            kept = [item for item in items if repeated(item)]
            left = [item for item in items if not repeated(item)]
            if left:
                config.hook.pytest_deselected(items=left)
                items[:] = kept
                config.stash[_LIBRARY_ONLY] = len(left)
        return
    kept, left = [], []
    for item in items:
        (left if item.get_closest_marker("postgres") else kept).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
        config.stash[_POSTGRES_ONLY] = len(left)


_POSTGRES_ONLY = pytest.StashKey[int]()
_LIBRARY_ONLY = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    left = config.stash.get(_POSTGRES_ONLY, 0)
    if left:
        terminalreporter.write_line(
            f"{left} PostgreSQL-only test(s) deselected: run with DATABASE_URL=postgres://..."
        )
    library = config.stash.get(_LIBRARY_ONLY, 0)
    if library:
        terminalreporter.write_line(
            f"{library} library and browser test(s) deselected "
            "(KANSEN_TEST_DATABASE_ONLY=true): they ran in the SQLite run"
        )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Django's password hashing is slow on purpose; tests do not need that."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _no_maps_built_after_imports(settings: Any) -> None:
    """The country's maps are not built after each committed import (``areas.mapcache``): a
    thread reading the database beside a test's own would lock SQLite's shared test database.
    tests/web/national/test_map_prepared.py turns it on."""
    settings.KANSEN_PREPARE_MAPS = False


@pytest.fixture(autouse=True)
def _login_with_a_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Client.login()`` authenticates without a request, which the login throttle
    (django-axes, on in tests as in production) needs to know the address: give it the one a
    login from this machine would have. Failed attempts live in the test's database."""
    from django.test import Client, RequestFactory

    original = Client.login

    def login(self: Client, **credentials: Any) -> bool:
        credentials.setdefault("request", RequestFactory().post("/inloggen/"))
        return original(self, **credentials)

    monkeypatch.setattr(Client, "login", login)


# One demo municipality per test process ------------------------------------------------------
#
# Loading Demostad through the platform's import path takes seconds; the modules whose tests
# ask for ``shared_demo`` get it loaded once into the test database, inside a transaction that
# stays open while they run (each test adds its own savepoint through ``db`` and rolls back to
# it) and is rolled back before a module that does not use the demo runs. Those modules run
# first (see ``pytest_collection_modifyitems``), so each process (each xdist worker) loads the
# demo about once. docs/adr/0016-tests-share-one-demo.md.

SHARED_DEMO_FIXTURE = "shared_demo"

_SHARED_DEMO = pytest.StashKey[SharedDemo]()
_DEMO_MODULES = pytest.StashKey[frozenset[Path]]()
_DATABASE_MODULES = pytest.StashKey[frozenset[Path]]()


def _share_the_demo(items: list[pytest.Item]) -> frozenset[Path]:
    """The modules that use the shared demo, moved to the front; within each of the two groups
    the modules with the most tests first (as pytest-xdist would order them, so that no big
    module starts last), a module's tests in their order."""
    modules = frozenset(item.path for item in items if _uses_shared_demo(item))
    for item in items:
        if item.path in modules and _transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid} commits to the database (transactional_db or live_server) in a "
                f"module that uses {SHARED_DEMO_FIXTURE}, whose demo lives in an open "
                "transaction: move it to a module of its own"
            )
    sizes = Counter(item.path for item in items)
    first: dict[Path, int] = {}
    for index, item in enumerate(items):
        first.setdefault(item.path, index)
    items.sort(key=lambda item: (item.path not in modules, -sizes[item.path], first[item.path]))
    return modules


def _uses_shared_demo(item: pytest.Item) -> bool:
    return SHARED_DEMO_FIXTURE in getattr(item, "fixturenames", ())


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"}.intersection(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="session")
def _shared_demo_transaction(django_db_setup: None, django_db_blocker: Any) -> Iterator[SharedDemo]:
    """Set up after the test database and torn down before it: the demo's transaction is
    rolled back before the database goes."""
    shared = SharedDemo(django_db_blocker)
    yield shared
    shared.discard()


@pytest.fixture(scope="module", autouse=True)
def _demo_for_this_module(request: pytest.FixtureRequest) -> None:
    """Load the shared demo before a module that uses it; roll it back before one that uses
    the database without it (set up before any test's own transaction, as module fixtures come
    first). A module without the database (the library's) leaves it for the next demo module."""
    stash = request.config.stash
    if request.node.path in stash.get(_DEMO_MODULES, frozenset()):
        shared = request.getfixturevalue("_shared_demo_transaction")
        stash[_SHARED_DEMO] = shared
        shared.load()
    elif _SHARED_DEMO in stash and request.node.path in stash.get(_DATABASE_MODULES, frozenset()):
        stash[_SHARED_DEMO].discard()


@pytest.fixture
def shared_demo(request: pytest.FixtureRequest, db: None) -> Any:
    """Demostad as :func:`kansen.web.core.demo.load_demo` made it (its ``DemoResult``), loaded
    once per process; what a test changes is rolled back after it, as with ``db``. Every test
    of a module that asks for it runs with the demo in the database."""
    result = request.config.stash[_SHARED_DEMO].result
    assert result is not None, "the shared demo is loaded before its module runs"
    return result


# The live server and the tests' connection ---------------------------------------------------
#
# On SQLite the live server's threads run on the tests' own connection object; a request still
# running after its test would run beside the next test's transactions (tests/shared_connection.py).


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest, django_db_setup: None) -> Iterator[Any]:
    """pytest-django's live server, counting the requests it runs (``LIVE_REQUESTS``).

    Made after the test database: pytest-django's own is a session fixture that does not ask
    for it, so when a process's first database test used the live server, the server was made
    before the test database, found no in-memory connection to share and gave its threads their
    own connections to the same shared-cache SQLite database, whose table locks then refused the
    tests' writes ("database table is locked" at ``BEGIN IMMEDIATE``) while a request ran."""
    from django.core.signals import request_started
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.server_class = CountedWSGIServer
    request_started.connect(describe_live_request)
    server.start()
    yield server
    server.stop()
    request_started.disconnect(describe_live_request)


@pytest.fixture(autouse=True)
def _no_request_outlives_its_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that uses the live server (and after its browser page is closed, which
    stops new requests), wait for the requests still running before the database is flushed
    and the next test starts."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # torn down after this fixture
    yield
    LIVE_REQUESTS.wait_until_idle(f"{request.node.nodeid} has ended")
