"""Error pages speak Dutch in the site's layout (English in the English interface), and say what
the visitor can do next; Django's bare English pages never reach a resident."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from kansen.web.accounts.constants import Role

from .factories import PASSWORD, UserFactory
from .html import parse

pytestmark = pytest.mark.django_db


def test_an_unknown_address_is_a_dutch_page_in_the_site_layout():
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    page = parse(response)
    assert page.get("lang") == "nl"
    assert "Pagina niet gevonden" in response.text
    assert "Zoek in het aanbod" in response.text  # the way on
    assert page.xpath('//a[@href="#main"]') != []  # the skip link of the layout
    assert page.xpath('//*[@id="main"]') != []  # and what it skips to
    assert "Not Found" not in response.text


def test_the_english_interface_gets_the_page_in_english():
    client = Client()
    client.post("/taal/", {"language": "en", "next": "/"})
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert parse(response).get("lang") == "en"
    assert "Page not found" in response.text


def test_no_access_says_why_in_dutch():
    user = UserFactory(username="zonder-gemeente", municipality=None, role=Role.PROVIDER)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get("/aanbieders/")
    assert response.status_code == 403
    assert "Geen toegang" in response.text
    # The reason the view gave, in Dutch.
    assert "aanbieders en medewerkers van een gemeente" in response.text.lower()
    assert "403 Forbidden" not in response.text


def test_an_expired_form_explains_itself_in_dutch():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/taal/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.text
    assert parse(response).get("lang") == "nl"
    assert "CSRF verification failed" not in response.text


def test_a_server_error_page_is_dutch_and_needs_no_database_or_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = parse(response)
    assert page.get("lang") == "nl"
    assert "Er ging iets mis" in response.content.decode()
    # the English version is marked as English for screen readers
    assert page.xpath('//body//*[@lang="en"]') != []
