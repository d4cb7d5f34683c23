"""Fixtures for the tests of ``kansen.index``: the real public data and Demostad.

The English Indices of Deprivation and the Dutch key figures are in ``../shared/data`` next to
the repository (or wherever ``KANSEN_SHARED_DATA`` points). Tests that read them are marked
``shared_data`` and skip when a file is absent; with ``CI=true`` the root conftest turns that
skip into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from kansen.demo import Demostad, build_demostad

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def shared_file() -> Callable[..., Path]:
    """A function returning a file of the shared data, skipping the test when it is absent."""
    configured = os.environ.get("KANSEN_SHARED_DATA")
    root = Path(configured) if configured else REPO_ROOT / ".." / "shared" / "data"

    def find(*parts: str) -> Path:
        path = root.joinpath(*parts)
        if not path.is_file():
            pytest.skip(f"the shared data file {path} is absent (set KANSEN_SHARED_DATA)")
        return path

    return find


@pytest.fixture(scope="session")
def demo() -> Demostad:
    """Demostad with the default seed."""
    return build_demostad()


@pytest.fixture(scope="session")
def demo_wide(demo: Demostad) -> Callable[[int], pd.DataFrame]:
    """A function returning Demostad's observations of one year as a wide table."""

    def wide(year: int) -> pd.DataFrame:
        observations = demo.observations[demo.observations["year"] == year]
        return observations.pivot(index="area_code", columns="indicator_code", values="value")

    return wide
