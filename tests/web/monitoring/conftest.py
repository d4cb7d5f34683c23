"""Fixtures for the monitoring app: Demostad's execution plan, its programme lead, and a
municipality elsewhere."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from kansen.plans import plan_to_data, read_plan
from kansen.web.accounts.constants import Role
from kansen.web.monitoring import views
from kansen.web.plans import services as plan_services

from ..factories import UserFactory

TODAY = date(2026, 3, 1)
#: Items of Demostad's execution plan (their ids are in the plan file).
ACTION_LINE_1 = "34f02dfe-c053-5621-85e8-0ebd12fb1007"
EFFORT_1_1B = "3a2a313f-edf7-562e-914b-514702b4e9a5"
COST_LINE_1_2025 = "fe2129da-6f2d-565c-a117-64b856b3ad2d"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)


@pytest.fixture
def lead(demostad):
    return UserFactory(username="lead", municipality=demostad, role=Role.PROGRAMME_LEAD)


@pytest.fixture
def plan(demostad, lead):
    data_dir = resources.files("kansen.plans").joinpath("data")
    with resources.as_file(data_dir.joinpath("demostad_uitvoeringsplan_2024_2026.yaml")) as path:
        doc = plan_to_data(read_plan(path))
    return plan_services.create_plan(demostad, lead, doc)
