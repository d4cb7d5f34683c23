"""Fixtures for the tests of ``kansen.access``: the real data, Demostad and a brute-force oracle.

The real files are in ``../shared/data`` next to the repository (or wherever
``KANSEN_SHARED_DATA`` points). Tests that need them skip when the folder is absent; the root
conftest turns such skips into failures when ``CI=true``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.typing import NDArray

from kansen.demo import Demostad, build_demostad

REPO_ROOT = Path(__file__).resolve().parents[2]

BruteForce = Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]


def shared_data_dir() -> Path:
    """``$KANSEN_SHARED_DATA`` when set, else ``<repo>/../shared/data``."""
    configured = os.environ.get("KANSEN_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder with the real public data; skips when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"../shared/data is absent ({path}); set KANSEN_SHARED_DATA to run this")
    return path


@pytest.fixture(scope="session")
def demo() -> Demostad:
    """Demostad with the default seed."""
    return build_demostad()


def brute_force_nearest(origins: pd.DataFrame, facilities: pd.DataFrame) -> pd.DataFrame:
    """All pairs with numpy: the nearest facility of each origin, ties to the first id as text.

    ``origins`` has ``code``, ``x``, ``y``; ``facilities`` has ``id``, ``x``, ``y`` (already
    selected by kind). Returns ``code``, ``distance_m`` and ``facility_id``.
    """
    ordered = facilities.assign(_key=facilities["id"].astype(str)).sort_values(
        "_key", kind="stable"
    )
    fx: NDArray[np.float64] = ordered["x"].to_numpy(dtype=np.float64)
    fy: NDArray[np.float64] = ordered["y"].to_numpy(dtype=np.float64)
    ox = origins["x"].to_numpy(dtype=np.float64)
    oy = origins["y"].to_numpy(dtype=np.float64)
    distances = np.hypot(fx[None, :] - ox[:, None], fy[None, :] - oy[:, None])
    nearest = distances.argmin(axis=1)  # the first minimum: the smallest id
    return pd.DataFrame(
        {
            "code": origins["code"].to_numpy(),
            "distance_m": distances[np.arange(len(ox)), nearest],
            "facility_id": ordered["id"].to_numpy()[nearest],
        }
    )


@pytest.fixture(scope="session")
def brute_force() -> BruteForce:
    """The all-pairs oracle :func:`brute_force_nearest`."""
    return brute_force_nearest
