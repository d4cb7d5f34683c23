"""Who sees which offers in the back office: providers their own, the municipality all of its
own; everyone else 403, anonymous users to the login page, other tenants' offers 404."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from kansen.offers import read_offers_table
from kansen.web.accounts.constants import Role
from kansen.web.directory.models import Offer

from ..directory.factories import OfferFactory, ProviderFactory
from ..factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

OLD = datetime.date(2025, 1, 1)


@pytest.fixture
def world():
    """Two providers in one municipality, one in another; a member of the first."""
    town = MunicipalityFactory(code="GM9001", name="Eendorp", slug="eendorp")
    other_town = MunicipalityFactory(code="GM9002", name="Tweedorp", slug="tweedorp")
    mine = ProviderFactory(municipality=town, slug="mijn-club", name="Mijn club")
    neighbour = ProviderFactory(municipality=town, slug="buur-club", name="Buurclub")
    elsewhere = ProviderFactory(municipality=other_town, slug="mijn-club", name="Elders")
    member = UserFactory(username="lid", municipality=town, role=Role.PROVIDER)
    mine.members.add(member)
    offers = {
        "own-current": OfferFactory(provider=mine, slug="own-current"),
        "own-old": OfferFactory(provider=mine, slug="own-old", last_checked=OLD),
        "neighbour": OfferFactory(provider=neighbour, slug="neighbour"),
        "elsewhere": OfferFactory(provider=elsewhere, slug="elsewhere"),
    }
    return {"town": town, "other_town": other_town, "member": member, "offers": offers}


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_anonymous_users_go_to_the_login_page(world, client):
    for name, args in [("providers:index", []), ("providers:offer_edit", ["own-current"])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "role", [Role.ANALYST, Role.PROFESSIONAL, Role.MATCHING_COORDINATOR, Role.NATIONAL]
)
def test_other_roles_are_refused(world, role):
    user = UserFactory(municipality=world["town"], role=role)
    response = _client(user).get(reverse("providers:index"))
    assert response.status_code == 403


def test_a_provider_sees_only_its_own_offers_flagged_first(world):
    response = _client(world["member"]).get(reverse("providers:index"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.offer.slug for r in rows] == ["own-old", "own-current"]
    # Checked on 2025-01-01: flagged on 2026-01-01, hidden from 2026-03-02.
    assert [r.freshness.state for r in rows] == ["hidden", "current"]


@pytest.mark.parametrize("slug", ["neighbour", "elsewhere"])
def test_a_provider_gets_404_for_offers_of_others(world, slug):
    client = _client(world["member"])
    assert client.get(reverse("providers:offer_edit", args=[slug])).status_code == 404
    before = Offer.objects.get(slug=slug).last_checked
    response = client.post(reverse("providers:mark_checked", args=[slug]))
    assert response.status_code == 404
    assert Offer.objects.get(slug=slug).last_checked == before


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PROGRAMME_LEAD])
def test_the_municipality_sees_all_its_offers_and_no_others(world, role):
    user = UserFactory(municipality=world["town"], role=role)
    client = _client(user)
    response = client.get(reverse("providers:index"))
    assert sorted(r.offer.slug for r in response.context["rows"]) == [
        "neighbour",
        "own-current",
        "own-old",
    ]
    assert client.get(reverse("providers:offer_edit", args=["neighbour"])).status_code == 200
    assert client.get(reverse("providers:offer_edit", args=["elsewhere"])).status_code == 404


@pytest.mark.parametrize(
    ("name", "args", "provider", "lead", "administrator"),
    [
        ("providers:settings", [], 403, 403, 200),
        ("providers:import", [], 403, 403, 200),
        ("providers:export", ["csv"], 403, 200, 200),
        ("providers:flagged", [], 403, 200, 200),
    ],
)
def test_municipal_pages_by_role(world, name, args, provider, lead, administrator):
    url = reverse(name, args=args)
    assert _client(world["member"]).get(url).status_code == provider
    lead_user = UserFactory(municipality=world["town"], role=Role.PROGRAMME_LEAD)
    assert _client(lead_user).get(url).status_code == lead
    admin_user = UserFactory(municipality=world["town"], role=Role.ADMINISTRATOR)
    assert _client(admin_user).get(url).status_code == administrator


def test_flagged_page_lists_old_offers_per_provider_with_members(world):
    admin_user = UserFactory(municipality=world["town"], role=Role.ADMINISTRATOR)
    response = _client(admin_user).get(reverse("providers:flagged"))
    chase = response.context["chase"]
    assert [c.provider.slug for c in chase] == ["mijn-club"]
    assert [r.offer.slug for r in chase[0].rows] == ["own-old"]
    assert [m.username for m in chase[0].members] == ["lid"]


def test_export_is_only_the_municipalitys_offers(world):
    admin_user = UserFactory(municipality=world["town"], role=Role.ADMINISTRATOR)
    response = _client(admin_user).get(reverse("providers:export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    records = read_offers_table(response.content, "export.csv")
    assert sorted(r.id for r in records) == ["neighbour", "own-current", "own-old"]
