"""Demostad as the directory needs it: the municipality, its buurten and its regulations.

Loading the whole demo (figures, kansenkaart) takes long; the directory needs only the buurten
with their inside points and the regulations, so those are made here from the same generator.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kansen.demo import build_demostad
from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Area
from kansen.web.regulations.services import load_demo_regulations

from ..factories import MunicipalityFactory, UserFactory

BUURT_YEAR = 2024


@pytest.fixture
def demostad(db):
    municipality = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    demo = build_demostad()
    Area.objects.bulk_create(
        Area(
            code=b.code,
            year=BUURT_YEAR,
            level="buurt",
            name=b.name,
            municipality_code="GM9999",
            point_x=round(b.geometry_rd.representative_point().x, 2),
            point_y=round(b.geometry_rd.representative_point().y, 2),
        )
        for b in demo.buurten
    )
    load_demo_regulations(municipality)
    return municipality


@pytest.fixture
def aanbieder(demostad):
    return UserFactory(username="aanbieder", municipality=demostad, role=Role.PROVIDER)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder with the real public data (``$KANSEN_SHARED_DATA`` or ``../shared/data``);
    skips when absent (the root conftest turns the skip into a failure in CI)."""
    configured = os.environ.get("KANSEN_SHARED_DATA")
    path = Path(configured) if configured else Path(__file__).resolve().parents[3].parent
    path = path if configured else path / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the real public data is not beside this clone")
    return path
