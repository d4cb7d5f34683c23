"""The area pages show the portal's municipality; until one is set up they are not found."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kansen.web.accounts.constants import Role

from .factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["areas:index", "areas:indicators", "areas:peers"]


def _national_client() -> Client:
    client = Client()
    client.force_login(UserFactory(municipality=None, role=Role.NATIONAL))
    return client


@override_settings(KANSEN_PORTAL_MUNICIPALITY="GM9991")
@pytest.mark.parametrize("name", PAGES)
def test_an_area_page_is_not_found_before_a_municipality_is_set_up(name):
    response = _national_client().get(reverse(name))

    assert response.status_code == 404


@override_settings(KANSEN_PORTAL_MUNICIPALITY="GM9991")
def test_a_user_without_a_municipality_sees_the_portals():
    MunicipalityFactory(code="GM9991", name="Portaalstad")

    response = _national_client().get(reverse("areas:indicators"))

    assert response.status_code == 200
    assert response.context["municipality"].code == "GM9991"
