"""Playwright's sync API and Django's database connections (tests/shared_connection.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from shared_connection import playwright_keeping_connections

pytestmark = pytest.mark.browser


def _in_a_new_thread(start_playwright: Any) -> tuple[bool, bool]:
    """Whether a new thread's code gets the same connection object after Playwright started
    (and after it stopped) as before: a new thread, as the session's browser may already run
    in the test's own."""
    seen: list[bool] = []

    def run() -> None:
        before = connections["default"]
        try:
            with start_playwright():
                seen.append(connections["default"] is before)
            seen.append(connections["default"] is before)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert len(seen) == 2, "Playwright started and stopped"
    return seen[0], seen[1]


def test_the_tests_keep_their_database_connection_once_playwright_runs() -> None:
    assert _in_a_new_thread(playwright_keeping_connections) == (True, True)


def test_playwright_alone_would_give_them_another_one() -> None:
    """Why the browser fixture does not use ``sync_playwright()`` alone: if this fails, a new
    Playwright or Django no longer does it, and ``playwright_keeping_connections`` can go."""
    from playwright.sync_api import sync_playwright

    assert _in_a_new_thread(sync_playwright) == (False, True)
