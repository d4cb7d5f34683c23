"""Fixtures shared by the platform's tests: two municipalities, Demostad and Elders (each app's
conftest adds its users; a module or app may define its own ``demostad`` instead)."""

from __future__ import annotations

import pytest

from .factories import MunicipalityFactory


@pytest.fixture
def demostad(db):
    return MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")


@pytest.fixture
def elders(db):
    return MunicipalityFactory(code="GM9998", name="Elders", slug="elders")
