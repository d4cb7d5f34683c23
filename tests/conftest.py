"""Shared test set-up.

In CI (``CI=true``) a test that skips because a component is missing (a browser, PostgreSQL,
the shared data) is a failure: CI must prove everything runs, not that it was skipped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

REPO_DIR = Path(__file__).resolve().parents[1]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def shared_data_dir() -> Path:
    """``../shared/data`` beside the repository, or ``KANSEN_SHARED_DATA``."""
    configured = os.environ.get("KANSEN_SHARED_DATA")
    return Path(configured) if configured else REPO_DIR.parent / "shared" / "data"


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
    tests render on both databases) already ran in the first run."""
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
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
