"""Fixtures for the plans app: two municipalities with their programme leads and a plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.plans import services, views

from ..factories import UserFactory

FIXTURES = Path(__file__).resolve().parents[2] / "plans" / "fixtures"
LEIDEN = FIXTURES / "leiden_2024_2026.yaml"
AMERSFOORT = FIXTURES / "amersfoort_2019_2021.yaml"
TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)


@pytest.fixture
def lead(demostad):
    return UserFactory(
        username="lead",
        municipality=demostad,
        role=Role.PROGRAMME_LEAD,
        first_name="Pim",
        last_name="Leider",
    )


@pytest.fixture
def colleague(demostad):
    return UserFactory(
        username="colleague",
        municipality=demostad,
        role=Role.ADMINISTRATOR,
        first_name="Bea",
        last_name="Heer",
    )


@pytest.fixture
def agenda(demostad, lead):
    doc = services.new_document(
        demostad,
        kind="agenda",
        title="GKA-agenda Demostad",
        period="2025-2028",
        template="gka-agenda-2021-2024",
    )
    doc["interventions"] = [
        {
            "name": "Brugfunctionaris",
            "budget": [{"description": "Inzet", "amount": 60000, "years": [2025]}],
            "financing": [{"funder": "gka", "name": "GKA", "amount": 60000}],
        }
    ]
    return services.create_plan(demostad, lead, doc)
