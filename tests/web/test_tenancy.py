"""A municipality's unpublished figures are its own: through the pages and through the API."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.web.accounts.constants import Role

from .factories import (
    PASSWORD,
    AreaFactory,
    IndicatorFactory,
    MunicipalityFactory,
    ObservationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two municipalities, each with an area and an unpublished figure; one published figure."""
    a = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    b = MunicipalityFactory(code="GM0307", name="Amersfoort", slug="amersfoort")
    area_a = AreaFactory(code="GM0546", name="Leiden")
    area_b = AreaFactory(code="GM0307", name="Amersfoort")
    secret_a = IndicatorFactory(municipality=a, code="wachtlijst", name="Wachtlijst Leiden")
    secret_b = IndicatorFactory(municipality=b, code="wachtlijst", name="Wachtlijst Amersfoort")
    public_a = IndicatorFactory(
        municipality=a, code="inwoners", name="Inwoners Leiden", is_public=True
    )
    ObservationFactory(indicator=secret_a, area=area_a, value=41.0)
    ObservationFactory(indicator=secret_b, area=area_b, value=17.0)
    ObservationFactory(indicator=public_a, area=area_a, value=125000.0)
    return {
        "a": a,
        "b": b,
        "area_a": area_a,
        "secret_a": secret_a,
        "public_a": public_a,
        "user_a": UserFactory(username="leiden", municipality=a, role=Role.ANALYST),
        "user_b": UserFactory(username="amersfoort", municipality=b, role=Role.ANALYST),
    }


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_own_unpublished_figure_is_on_the_profile(world):
    response = _client(world["user_a"]).get("/gebieden/2024/GM0546/")
    assert response.status_code == 200
    assert "Wachtlijst Leiden" in response.text
    assert "Inwoners Leiden" in response.text


def test_other_municipality_sees_only_published_figures_on_the_profile(world):
    response = _client(world["user_b"]).get("/gebieden/2024/GM0546/")
    assert response.status_code == 200
    assert "Wachtlijst Leiden" not in response.text
    assert "Inwoners Leiden" in response.text


def test_indicator_list_page_is_limited_to_visible_indicators(world):
    response = _client(world["user_b"]).get("/gebieden/indicatoren/")
    assert "Wachtlijst Amersfoort" in response.text
    assert "Wachtlijst Leiden" not in response.text


def test_api_lists_only_visible_indicators(world):
    codes_b = {
        (i["owner"], i["code"])
        for i in _client(world["user_b"]).get("/api/areas/indicators").json()
    }
    assert codes_b == {("GM0307", "wachtlijst"), ("GM0546", "inwoners")}
    anonymous = {(i["owner"], i["code"]) for i in Client().get("/api/areas/indicators").json()}
    assert anonymous == {("GM0546", "inwoners")}


def test_api_answers_404_for_another_municipalitys_unpublished_figures(world):
    url = f"/api/areas/indicators/{world['secret_a'].pk}/observations"
    assert _client(world["user_b"]).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    own = _client(world["user_a"]).get(url)
    assert own.status_code == 200
    assert [o["value"] for o in own.json()] == [41.0]


def test_api_area_figures_hide_other_municipalitys_unpublished_figures(world):
    url = "/api/areas/2024/GM0546/observations"
    seen_by_b = {o["indicator_code"] for o in _client(world["user_b"]).get(url).json()}
    seen_by_a = {o["indicator_code"] for o in _client(world["user_a"]).get(url).json()}
    assert seen_by_b == {"inwoners"}
    assert seen_by_a == {"inwoners", "wachtlijst"}


def test_map_data_of_another_municipalitys_indicator_is_not_served(world):
    # user_b asks for Leiden's secret indicator by id: the selection falls back to one it may see
    response = _client(world["user_b"]).get(
        f"/gebieden/kaart.geojson?year=2024&level=gemeente&indicator={world['secret_a'].pk}"
    )
    values = [f["properties"].get("value") for f in response.json()["features"]]
    assert 41.0 not in values


def test_professional_may_not_import(world):
    professional = UserFactory(username="prof", municipality=world["a"], role=Role.PROFESSIONAL)
    assert _client(professional).get("/gebieden/importeren/").status_code == 403


def test_pages_need_login():
    response = Client().get("/gebieden/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_municipal_administrator_sees_only_own_users_in_admin(world):
    admin_a = UserFactory(
        username="beheer-leiden", municipality=world["a"], role=Role.ADMINISTRATOR, is_staff=True
    )
    from django.contrib.auth.models import Permission

    admin_a.user_permissions.set(
        Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    response = _client(admin_a).get("/beheer/accounts/user/")
    assert response.status_code == 200
    assert "leiden" in response.text
    assert "amersfoort" not in response.text
    other = _client(admin_a).get(f"/beheer/accounts/user/{world['user_b'].pk}/change/")
    assert other.status_code == 302  # Django admin redirects for objects outside the queryset
