"""Login throttling (django-axes): repeated wrong passwords lock the login, an administrator
lifts the lock, and every attempt is recorded and logged."""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from kansen.web.accounts.constants import Role

from .factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    municipality = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    return UserFactory(username="leiden", municipality=municipality, role=Role.ANALYST)


def _log_in(client: Client, password: str):
    return client.post(
        "/inloggen/",
        {"username": "leiden", "password": password},
        HTTP_ACCEPT_LANGUAGE="nl",
    )


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(analyst, settings):
    client = Client()
    for _ in range(30):
        assert _log_in(client, "raden").status_code in (200, 429)
    response = _log_in(client, PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    assert settings.AXES_FAILURE_LIMIT == 5


def test_the_lockout_starts_at_the_limit_and_says_so_in_dutch(analyst, settings):
    client = Client()
    statuses = [_log_in(client, "raden").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    # the wrong passwords before the limit get the usual message; the one that reaches it locks
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    page = _log_in(client, PASSWORD)
    assert page.status_code == 429
    with translation.override("nl"):
        assert (
            "Te veel mislukte pogingen om in te loggen met deze gebruikersnaam. Probeer het over "
            "30 minuten opnieuw, of vraag een beheerder om de blokkade op te heffen."
        ) in page.text
    assert 'value="leiden"' in page.text  # what was typed stays


def test_an_administrator_lifts_the_lockout_with_axes_reset(analyst, settings):
    client = Client()
    for _ in range(30):
        _log_in(client, "raden")
    assert _log_in(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "leiden", verbosity=0)
    response = _log_in(client, PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_a_platform_administrator_lifts_the_lockout_in_the_admin(analyst):
    attacker = Client()
    for _ in range(6):
        _log_in(attacker, "raden")
    attempt = AccessAttempt.objects.get(username="leiden")
    admin = UserFactory(username="platform", is_staff=True, is_superuser=True)
    office = Client()
    assert office.login(username=admin.username, password=PASSWORD)
    listing = office.get("/beheer/axes/accessattempt/")
    assert listing.status_code == 200
    assert "leiden" in listing.text
    deleted = office.post(
        f"/beheer/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert deleted.status_code == 302
    assert _log_in(attacker, PASSWORD).status_code == 302


def test_a_municipal_administrator_does_not_see_the_login_attempts(analyst):
    for _ in range(6):
        _log_in(Client(), "raden")
    municipal = UserFactory(
        username="beheer-leiden",
        municipality=analyst.municipality,
        role=Role.ADMINISTRATOR,
        is_staff=True,
    )
    client = Client()
    assert client.login(username=municipal.username, password=PASSWORD)
    assert client.get("/beheer/axes/accessattempt/").status_code in (403, 404)


def test_another_user_name_or_address_is_not_locked(analyst):
    UserFactory(username="collega", municipality=analyst.municipality, role=Role.ANALYST)
    for _ in range(10):
        _log_in(Client(), "raden")
    colleague = Client()
    assert (
        colleague.post("/inloggen/", {"username": "collega", "password": PASSWORD}).status_code
        == 302
    )
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert _log_in(elsewhere, PASSWORD).status_code == 302


def test_every_attempt_is_recorded_and_the_lockout_logged(analyst, caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(5):
            _log_in(client, "raden")
    assert AccessFailureLog.objects.filter(username="leiden").count() == 5
    assert AccessAttempt.objects.get(username="leiden").failures_since_start == 5
    logged = [record.getMessage() for record in caplog.records]
    assert any("Locking out" in m and 'username: "leiden"' in m for m in logged), logged
    call_command("axes_reset", verbosity=0)
    assert _log_in(client, PASSWORD).status_code == 302
    assert AccessLog.objects.filter(username="leiden").count() == 1


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(analyst, settings):
    settings.PROXY_COUNT = 1
    # the visitor writes a different first address each time; the proxy appends the real one
    for n in range(6):
        Client().post(
            "/inloggen/",
            {"username": "leiden", "password": "raden"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.4",
        )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.4"]
    locked = Client().post(
        "/inloggen/",
        {"username": "leiden", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4",
    )
    assert locked.status_code == 429
