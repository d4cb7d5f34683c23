"""The admin of providers is limited to the administrator's own municipality."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from kansen.web.accounts.constants import Role
from kansen.web.directory.models import Provider

from ..directory.factories import OfferFactory, ProviderFactory
from ..factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    town = MunicipalityFactory(code="GM9001", slug="eendorp")
    user = UserFactory(municipality=town, role=Role.ADMINISTRATOR, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="directory",
            codename__in=["add_provider", "change_provider", "view_provider", "view_offer"],
        )
    )
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client, town


def test_the_administrator_sees_and_adds_only_own_providers(admin_client):
    client, town = admin_client
    own = ProviderFactory(municipality=town, slug="eigen")
    other = ProviderFactory(municipality=MunicipalityFactory(code="GM9002"), slug="ander")
    response = client.get(reverse("admin:directory_provider_changelist"))
    assert list(response.context["cl"].queryset) == [own]
    change = reverse("admin:directory_provider_change", args=[other.pk])
    assert client.get(change).status_code == 302  # the admin's answer to an unknown object

    colleague = UserFactory(municipality=town, role=Role.PROVIDER)
    stranger = UserFactory(municipality=other.municipality, role=Role.PROVIDER)
    response = client.post(
        reverse("admin:directory_provider_add"),
        {"slug": "nieuw", "name": "Nieuwe stichting", "members": [colleague.pk, stranger.pk]},
    )
    assert response.status_code == 200  # the stranger is not a choice
    assert "members" in response.context["adminform"].form.errors
    response = client.post(
        reverse("admin:directory_provider_add"),
        {"slug": "nieuw", "name": "Nieuwe stichting", "members": [colleague.pk]},
    )
    assert response.status_code == 302
    created = Provider.objects.get(slug="nieuw")
    assert created.municipality == town
    assert list(created.members.all()) == [colleague]


def test_offers_are_read_only_in_the_admin(admin_client):
    client, town = admin_client
    offer = OfferFactory(provider=ProviderFactory(municipality=town))
    assert client.get(reverse("admin:directory_offer_changelist")).status_code == 200
    response = client.get(reverse("admin:directory_offer_change", args=[offer.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
