"""A small world for the support app: Demostad and Elders, three postcode areas on a line
(3511 at 0 km, 3512 at 3 km, 3513 at 20 km), a provider with a volunteer in each municipality,
and a professional, coordinator, provider member and analyst in each."""

from __future__ import annotations

from datetime import date

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.directory.models import PostcodeArea, Provider
from kansen.web.support import services, views
from kansen.web.support.models import Volunteer

from ..factories import MunicipalityFactory, UserFactory

TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)


@pytest.fixture
def pc4s(db):
    for code, x in (("3511", 0.0), ("3512", 3000.0), ("3513", 20000.0)):
        PostcodeArea.objects.create(code=code, x=150000.0 + x, y=450000.0)


def _world(municipality, prefix: str) -> dict:
    provider = Provider.objects.create(municipality=municipality, slug="maatjes", name="Maatjes")
    member = UserFactory(
        username=f"{prefix}aanbieder",
        municipality=municipality,
        role=Role.PROVIDER,
        email=f"{prefix}aanbieder@example.org",
    )
    provider.members.add(member)
    return {
        "municipality": municipality,
        "provider": provider,
        "member": member,
        "professional": UserFactory(
            username=f"{prefix}professional",
            municipality=municipality,
            role=Role.PROFESSIONAL,
            email=f"{prefix}professional@example.org",
        ),
        "coordinator": UserFactory(
            username=f"{prefix}coordinator",
            municipality=municipality,
            role=Role.MATCHING_COORDINATOR,
            email=f"{prefix}coordinator@example.org",
        ),
        "analyst": UserFactory(
            username=f"{prefix}analist", municipality=municipality, role=Role.ANALYST
        ),
        "volunteer": Volunteer.objects.create(
            municipality=municipality,
            provider=provider,
            name="Anna",
            support_types=["huiswerk", "taal"],
            languages=["ar", "nl"],
            slots=["wo-middag"],
            pc4="3511",
            max_km=5,
            max_children=1,
            min_age=4,
            max_age=18,
        ),
    }


@pytest.fixture
def demo(pc4s):
    return _world(MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad"), "")


@pytest.fixture
def elders(pc4s):
    return _world(MunicipalityFactory(code="GM9998", name="Elders", slug="elders"), "e-")


def request_data(**changes) -> dict:
    data = {
        "age": 9,
        "pc4": "3512",
        "needs": ["taal"],
        "languages": ["ar"],
        "slots": ["wo-middag"],
        "urgency": 2,
        "note": "",
        "consent_by": "parent",
        "consent_on": date(2026, 11, 1),
        "consent_for": "delen met coördinator en vrijwilliger",
    }
    data.update(changes)
    return data


def file(world, on=date(2026, 11, 1), **changes):
    return services.file_request(
        world["municipality"], request_data(**changes), professional=world["professional"], on=on
    )
