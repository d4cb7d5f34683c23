"""Fixtures for the tests of ``kansen.plans``: the two real documents as plan files.

``fixtures/amersfoort_2019_2021.yaml`` transcribes Amersfoort's GKA-agenda (source 004) and
``fixtures/leiden_2024_2026.yaml`` Leiden's execution plan (source 003). The checks judge the
planning on :data:`TODAY`, a fixed date, so the expected problems never change with the clock.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kansen.plans import Plan, read_plan

FIXTURES = Path(__file__).parent / "fixtures"
AMERSFOORT = FIXTURES / "amersfoort_2019_2021.yaml"
LEIDEN = FIXTURES / "leiden_2024_2026.yaml"
#: The date the fixture checks and exports judge the planning by.
TODAY = date(2025, 7, 1)


@pytest.fixture(scope="session")
def amersfoort() -> Plan:
    return read_plan(AMERSFOORT)


@pytest.fixture(scope="session")
def leiden() -> Plan:
    return read_plan(LEIDEN)


@pytest.fixture(scope="session")
def today() -> date:
    return TODAY


@pytest.fixture(scope="session")
def fixture_files() -> dict[str, Path]:
    """The plan files by short name."""
    return {"amersfoort": AMERSFOORT, "leiden": LEIDEN}
