"""The back office in Chromium: no axe violations on the list, the offer form (also with its
errors) and the municipality's pages; "Nog actueel" and the error summary by keyboard."""

from __future__ import annotations

import datetime
import os

import pytest
from django.urls import reverse

from kansen.demo import build_demostad
from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Area
from kansen.web.directory.demo import load_demo_offers
from kansen.web.directory.models import Offer
from kansen.web.regulations.services import load_demo_regulations
from web.factories import PASSWORD, MunicipalityFactory, UserFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _login(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def demo_directory(transactional_db):
    """Demostad with its buurten, regulations and offers, and the provider "aanbieder"."""
    municipality = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    Area.objects.bulk_create(
        Area(
            code=b.code,
            year=2024,
            level="buurt",
            name=b.name,
            municipality_code="GM9999",
            point_x=round(b.geometry_rd.representative_point().x, 2),
            point_y=round(b.geometry_rd.representative_point().y, 2),
        )
        for b in build_demostad().buurten
    )
    load_demo_regulations(municipality)
    UserFactory(username="aanbieder", municipality=municipality, role=Role.PROVIDER)
    load_demo_offers(municipality)
    return municipality


def test_provider_pages_by_keyboard_without_axe_violations(page, live_server, demo_directory):
    _login(page, live_server, "aanbieder")
    page.goto(live_server.url + "/aanbieders/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert axe_violations(page) == []

    first = page.locator("tbody tr").first
    slug = first.locator("a").first.get_attribute("id").removeprefix("offer-")
    assert Offer.objects.get(slug=slug).last_checked < datetime.date.today()
    first.get_by_role("button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    offer = Offer.objects.get(slug=slug)
    assert offer.last_checked == datetime.date.today()
    assert offer.checked_by.username == "aanbieder"

    page.goto(live_server.url + f"/aanbieders/aanbod/{slug}/")
    assert axe_violations(page) == []
    page.fill("#id_title", "")
    page.fill("#id_age_min", "17")
    page.fill("#id_age_max", "4")
    page.fill("#id_translation_ar-title", "")  # a translation without a title is an error
    page.fill("#id_translation_ar-summary", "ملخص")
    page.locator("button[type=submit]").last.focus()
    page.keyboard.press("Enter")
    page.locator("#error-summary").wait_for()
    # a function, not an expression: Playwright evaluates an expression with eval() at each poll,
    # which the platform's Content-Security-Policy blocks (a race: fine only if true at once)
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert page.locator("#error-summary li").count() == 3
    assert page.input_value("#id_age_min") == "17"
    assert page.input_value("#id_translation_ar-summary") == "ملخص"
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/aanbieders/",
        "/aanbieders/aanbod/nieuw/",
        "/aanbieders/gemeente/instellingen/",
        "/aanbieders/gemeente/import/",
        "/aanbieders/gemeente/niet-gecontroleerd/",
    ],
)
def test_municipal_pages_have_no_axe_violations(page, live_server, demo_directory, path):
    UserFactory(username="beheerder", municipality=demo_directory, role=Role.ADMINISTRATOR)
    _login(page, live_server, "beheerder")
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert axe_violations(page) == []
