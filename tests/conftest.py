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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Django's password hashing is slow on purpose; tests do not need that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
