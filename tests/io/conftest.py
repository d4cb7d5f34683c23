"""Fixtures for the tests of ``kansen.io``: where the real public data lives.

The real files are in ``../shared/data`` next to the repository (or wherever the environment
variable ``KANSEN_SHARED_DATA`` points). Tests that need them use the ``shared_data`` fixture:
it skips when the folder is absent (a fresh clone elsewhere), but fails when ``CI=true``, so
that CI never passes by skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    """Return the folder with the real public data.

    Returns
    -------
    Path
        ``$KANSEN_SHARED_DATA`` when set, else ``<repo>/../shared/data``.
    """
    configured = os.environ.get("KANSEN_SHARED_DATA")
    if configured:
        return Path(configured)
    return REPO_ROOT / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder with the real public data (skips, or fails in CI, when it is absent)."""
    path = shared_data_dir()
    if not path.is_dir():
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"../shared/data is absent ({path}) and CI=true: the data must be there")
        pytest.skip("../shared/data is absent")
    return path
