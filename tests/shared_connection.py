"""The test database connection the tests share with the live server, and the demo in it.

On SQLite the test database lives in memory, and pytest-django hands the live server's threads
the very connection object the tests use (``connections_override``): a request still running
after a browser test (a late fetch of a page the browser has already left) runs its queries and
atomic blocks on the tests' connection, at the same time as the next test or module. Django's
transaction state (``in_atomic_block``, its stack of blocks and savepoints) is not meant for two
threads at once: the shared demo's transaction was seen closed under it ("The rollback flag
doesn't work outside of an 'atomic' block") and ``BEGIN IMMEDIATE`` refused.

Playwright's sync API does worse: once it has started, its event loop counts as running in the
test's thread, and Django (asgiref's ``Local``) then keeps database connections per context
instead of per thread. Every test after the first browser test of a process got a second
connection object to the same in-memory database, while the first one could still hold the
shared demo's open transaction: that demo seemed gone ("The rollback flag doesn't work outside
of an 'atomic' block") and its locks refused every write of the new connection ("database table
is locked"), in every later module of that process. :func:`playwright_keeping_connections`
hands the thread's connections over to the new context.

The live server counts the requests it runs (:class:`LiveRequests`), from the accepted
connection to its close; every test that uses it waits for them to end before its database is
flushed (``tests/conftest.py``), and :class:`SharedDemo` waits again before it opens or closes
its transaction and checks that the transaction is still its own.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer

# How long a test or the shared demo waits for the live server's requests to end.
LIVE_REQUEST_TIMEOUT = 60.0


class LiveRequests:
    """The requests the live server is running: counted from the connection it accepts (before
    a thread reads the request) to the thread's end; described once Django has started them."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._running = 0
        self._described: dict[int, tuple[str, float]] = {}
        self.served: deque[str] = deque(maxlen=10)

    def accepted(self) -> None:
        with self._condition:
            self._running += 1

    def started(self, environ: dict[str, Any]) -> None:
        what = f"{environ.get('REQUEST_METHOD', '?')} {environ.get('PATH_INFO', '?')}"
        with self._condition:
            self._described[threading.get_ident()] = (what, time.monotonic())

    def ended(self) -> None:
        with self._condition:
            self._running -= 1
            what, _ = self._described.pop(threading.get_ident(), ("a request not read", 0.0))
            self.served.append(what)
            self._condition.notify_all()

    @property
    def running(self) -> int:
        with self._condition:
            return self._running

    def wait_until_idle(self, why: str, timeout: float = LIVE_REQUEST_TIMEOUT) -> None:
        """Return once the live server runs no request; fail with what still runs after
        ``timeout`` seconds, saying ``why`` the caller waited."""
        with self._condition:
            if self._condition.wait_for(lambda: self._running == 0, timeout):
                return
            now = time.monotonic()
            described = [
                f"{what} (for {now - since:.1f} s)" for what, since in self._described.values()
            ]
            unread = self._running - len(described)
            if unread > 0:
                described.append(f"{unread} connection(s) whose request was not read yet")
        raise RuntimeError(
            f"{why}, but the live server still runs {'; '.join(described)} after {timeout:g} s"
        )

    def recently_served(self) -> str:
        with self._condition:
            return ", ".join(self.served) or "none"


LIVE_REQUESTS = LiveRequests()


class CountedWSGIServer(ThreadedWSGIServer):
    """Django's threaded test server, counting its requests in :data:`LIVE_REQUESTS`."""

    def process_request(self, request: Any, client_address: Any) -> None:
        # In the server's own thread, as soon as the connection is accepted.
        LIVE_REQUESTS.accepted()
        try:
            super().process_request(request, client_address)
        except BaseException:
            LIVE_REQUESTS.ended()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            LIVE_REQUESTS.ended()


def describe_live_request(sender: Any, environ: dict[str, Any] | None = None, **_: Any) -> None:
    """``request_started`` receiver: what a live server's thread serves (not the test client's
    requests, which run in the test's own thread)."""
    if environ is not None and threading.current_thread() is not threading.main_thread():
        LIVE_REQUESTS.started(environ)


@contextlib.contextmanager
def playwright_keeping_connections() -> Iterator[Any]:
    """Playwright's sync API, started in this thread, with this thread's database connections
    still the ones the code after it gets (see the module's docstring)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    kept = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in kept.items():
            connections[alias] = connection
        yield playwright


class SharedDemo:
    """Demostad in the test database, inside a transaction that is never committed."""

    def __init__(self, blocker: Any, load: Callable[[], Any] | None = None) -> None:
        self._blocker = blocker
        self._load = load
        self._atomic: Any = None
        self._connection: Any = None
        self.result: Any = None

    def load(self) -> Any:
        if self.result is not None:
            return self.result
        from django.db import DEFAULT_DB_ALIAS, connections, transaction
        from django.test import override_settings

        from kansen.web.core.demo import load_demo

        LIVE_REQUESTS.wait_until_idle("the shared demo is about to open its transaction")
        database = connections[DEFAULT_DB_ALIAS]
        # The demo accounts' password hashed as the tests hash (``_fast_password_hashing``).
        with self._blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            if database.in_atomic_block:
                raise RuntimeError(
                    "the shared demo must open the outermost transaction of the test database, "
                    f"but {len(database.atomic_blocks)} atomic block(s) are open already "
                    "(a test that did not close one, or a request of the live server; recently "
                    f"served: {LIVE_REQUESTS.recently_served()})"
                )
            atomic = transaction.atomic()
            # As Django's TestCase marks its own blocks: a durable block inside is allowed.
            atomic._from_testcase = True  # type: ignore[attr-defined]
            atomic.__enter__()
            try:
                self.result = (self._load or load_demo)()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self._atomic, self._connection = atomic, database
        return self.result

    def discard(self) -> None:
        if self._atomic is None:
            return
        from django.db import DEFAULT_DB_ALIAS, connections, transaction

        LIVE_REQUESTS.wait_until_idle("the shared demo is about to roll back its transaction")
        atomic, loaded_on = self._atomic, self._connection
        self._atomic = self._connection = self.result = None
        database = connections[DEFAULT_DB_ALIAS]
        if database is not loaded_on:
            raise RuntimeError(
                "the test database connection is no longer the one the shared demo was loaded "
                "on, which still holds the demo's transaction: something gave this thread a new "
                "connection object (an asyncio loop running in it, such as Playwright's, makes "
                "Django keep connections per context; see playwright_keeping_connections)"
            )
        with self._blocker.unblock():
            blocks = database.atomic_blocks
            if not database.in_atomic_block or len(blocks) != 1 or blocks[0] is not atomic:
                raise RuntimeError(
                    "the shared demo's transaction is no longer the only open one on the test "
                    f"database connection ({len(blocks)} atomic block(s) open, the demo's "
                    f"{'first' if blocks[:1] == [atomic] else 'not among them'}): something "
                    "closed or left open a block while the demo's modules ran (a test, or a "
                    f"request of the live server; recently served: "
                    f"{LIVE_REQUESTS.recently_served()})"
                )
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
