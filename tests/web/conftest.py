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


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language (Dutch), whatever the test before it asked for.

    A request through the test client activates its language in the test's thread and Django
    leaves it active afterwards, so a test that reads a message in the active language (a
    service's refusal, say) depended on which test ran before it in the same worker.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_kept_maps(settings, tmp_path):
    """Every test builds its maps afresh: the maps kept per version of the data
    (``areas.mapcache``) are keyed by tokens and keys a rolled-back test may give out again;
    the folder they are written to is the test's own (test runs share the data folder)."""
    from kansen.web.areas import mapcache

    settings.KANSEN_MAP_FOLDER = tmp_path / "mapcache"
    # built in the test's thread: another thread's connection does not see the test's data
    settings.KANSEN_MAPS_IN_BACKGROUND = False
    mapcache.clear()
