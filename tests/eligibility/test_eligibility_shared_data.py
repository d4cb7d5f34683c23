"""The norms shipped with kansen agree with the real public norms in ``../shared/data``.

``nl/bijstandsnormen.csv`` there holds norms transcribed from municipal publications (with
``excl`` empty where the publication had none). Every one of its rows must be a change date of
our table with the same amounts. The folder is beside the repository or wherever
``KANSEN_SHARED_DATA`` points; the tests skip when it is absent (and fail in CI, see the root
conftest).
"""

from __future__ import annotations

import csv
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kansen.eligibility import AgeBand, Household, load_norms

pytestmark = pytest.mark.shared_data


def shared_data_dir() -> Path:
    """``$KANSEN_SHARED_DATA`` when set, else ``<repo>/../shared/data``."""
    configured = os.environ.get("KANSEN_SHARED_DATA")
    return (
        Path(configured)
        if configured
        else Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    )


@pytest.fixture(scope="module")
def shared_rows() -> list[dict[str, str]]:
    path = shared_data_dir() / "nl" / "bijstandsnormen.csv"
    if not path.is_file():
        pytest.skip(f"the shared norms file is absent ({path}); set KANSEN_SHARED_DATA to run this")
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_the_shared_file_has_rows(shared_rows: list[dict[str, str]]) -> None:
    assert len(shared_rows) >= 10


def test_shared_norms_equal_ours(shared_rows: list[dict[str, str]]) -> None:
    norms = load_norms()
    for row in shared_rows:
        valid_from = date.fromisoformat(row["valid_from"])
        ours = norms.row_on(valid_from, Household(row["household"]), AgeBand(row["age_band"]))
        assert ours.valid_from == valid_from, row
        assert ours.incl_holiday_allowance == Decimal(row["norm_incl_holiday_allowance_eur"]), row
        if row["norm_excl_holiday_allowance_eur"]:
            assert ours.excl_holiday_allowance == Decimal(row["norm_excl_holiday_allowance_eur"]), (
                row
            )
