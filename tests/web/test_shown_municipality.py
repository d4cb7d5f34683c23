"""The area pages show the portal's municipality; until one is set up they are not found. The
national network sees the country instead (ADR 0030): it has no municipality of its own."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kansen.web.accounts.constants import Role

from .factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["areas:index", "areas:indicators", "areas:peers"]
#: the pages with a scope (``?scope=``): peers too since the national network compares
#: municipalities across the country (ADR 0030, session 7)
SCOPED_PAGES = ["areas:index", "areas:indicators", "areas:peers"]


def _national_client() -> Client:
    client = Client()
    client.force_login(UserFactory(municipality=None, role=Role.NATIONAL))
    return client


def _platform_admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(municipality=None, role="", is_staff=True, is_superuser=True))
    return client


@override_settings(KANSEN_PORTAL_MUNICIPALITY="GM9991")
@pytest.mark.parametrize("name", PAGES)
def test_an_area_page_is_not_found_before_a_municipality_is_set_up(name):
    response = _platform_admin_client().get(reverse(name))

    assert response.status_code == 404


@override_settings(KANSEN_PORTAL_MUNICIPALITY="GM9991")
def test_the_national_network_choosing_a_municipality_not_set_up_is_not_found():
    chosen = _national_client().get(reverse("areas:peers") + "?scope=GM9991")
    assert chosen.status_code == 404


@override_settings(KANSEN_PORTAL_MUNICIPALITY="GM9991")
@pytest.mark.parametrize("name", SCOPED_PAGES)
def test_the_national_network_sees_the_country_by_default(name):
    MunicipalityFactory(code="GM9991", name="Portaalstad")

    response = _national_client().get(reverse(name))

    assert response.status_code == 200
    assert response.context["municipality"].code == "NL"


@override_settings(KANSEN_PORTAL_MUNICIPALITY="GM9991")
def test_a_user_without_a_municipality_sees_the_portals():
    MunicipalityFactory(code="GM9991", name="Portaalstad")

    response = _platform_admin_client().get(reverse("areas:indicators"))
    assert response.status_code == 200
    assert response.context["municipality"].code == "GM9991"
    # the national network when it chooses the portal's
    for name in SCOPED_PAGES:
        chosen = _national_client().get(reverse(name) + "?scope=GM9991")
        assert chosen.context["municipality"].code == "GM9991"
