"""End to end in Chromium: a professional files a support request with the parent's consent (a
failed save keeps what was typed), the coordinator runs the matching, reads the reasons and
accepts, the provider confirms; the request leaves the waiting list and the shortage signals
change. axe-core finds no violations on every page involved, in Dutch and in English, also at a
phone's width (390 px) without sideways scrolling."""

from __future__ import annotations

import os
from datetime import date

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.areas.models import Area
from kansen.web.directory.models import PostcodeArea, Provider
from kansen.web.support import views
from kansen.web.support.models import Volunteer

from .conftest import axe_violations

PASSWORD = "demo-kansen"
TODAY = date(2026, 12, 1)
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(transactional_db, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)
    demostad = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    PostcodeArea.objects.create(code="3511", x=150000.0, y=450000.0)
    PostcodeArea.objects.create(code="3512", x=153000.0, y=450000.0)
    Area.objects.create(  # one neighbourhood with its shape: the signals' map layer
        code="BU99990001", year=2024, level="buurt", name="Centrum", municipality_code="GM9999",
        point_x=152000.0, point_y=450000.0,
        geometry={"type": "Polygon", "coordinates": [
            [[5.1, 52.09], [5.13, 52.09], [5.13, 52.1], [5.1, 52.1], [5.1, 52.09]]
        ]},
    )  # fmt: skip
    users = {
        name: User.objects.create_user(name, password=PASSWORD, municipality=demostad, role=role)
        for name, role in (
            ("professional", Role.PROFESSIONAL),
            ("coordinator", Role.MATCHING_COORDINATOR),
            ("aanbieder", Role.PROVIDER),
        )
    }
    provider = Provider.objects.create(municipality=demostad, slug="maatjes", name="Maatjes")
    provider.members.add(users["aanbieder"])
    Volunteer.objects.create(
        municipality=demostad,
        provider=provider,
        name="Anna",
        support_types=["taal", "huiswerk"],
        languages=["nl", "ar"],
        slots=["wo-middag"],
        pc4="3511",
        max_km=5,
        max_children=1,
    )
    return users


def _log_in(page, live_server, username: str, landing: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + landing)
    assert axe_violations(page) == []


def _click(page, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()


def _english(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_request_is_filed_matched_accepted_and_confirmed(page, live_server, world):
    # the professional files a request; the first try lacks the consent date
    _log_in(page, live_server, "professional", "/hulpvragen/")
    _click(page, "link", "Nieuwe hulpvraag indienen")
    assert axe_violations(page) == []
    page.get_by_label("Leeftijd van het kind (jaren)").fill("9")
    page.get_by_label("Postcodegebied (vier cijfers)").fill("3512")
    page.get_by_label("Taal", exact=True).check()
    page.get_by_label("العربية").check()
    page.get_by_label("woensdag middag").check()
    page.get_by_label("Urgentie").select_option("2")
    page.get_by_label("ouder of voogd").check()
    _click(page, "button", "Hulpvraag indienen")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert page.title().startswith("Fout:")
    assert page.get_by_label("Postcodegebied (vier cijfers)").input_value() == "3512"
    assert page.get_by_label("woensdag middag").is_checked()
    assert axe_violations(page) == []
    page.get_by_label("Toestemming gegeven op").fill("2026-11-30")
    _click(page, "button", "Hulpvraag indienen")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Hulpvraag HV-")
    reference = heading.split()[-1]
    assert axe_violations(page) == []

    # the coordinator: the request waits; the signals count it
    _log_in(page, live_server, "coordinator", "/hulpvragen/coordinatie/")
    assert reference in page.locator("#waiting-list").inner_text()
    _click(page, "link", "Tekortsignalen")
    assert page.locator("#waiting-total").inner_text() == "1 hulpvraag wacht."
    page.wait_for_selector("#area-map.area-map--ready")  # the map layer: where requests wait
    assert page.locator("#area-map").get_attribute("data-features") == "1"
    assert page.locator("#neighbourhoods tbody").inner_text().split("\t") == [
        "Centrum (BU99990001)",
        "1",
        "0",
        "ingediend na de laatste koppelronde: 1",
    ]
    assert "Nog geen koppelingen." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    _click(page, "link", "Wachtlijst en voorstellen")

    # runs the matching, reads the reasons, accepts
    _click(page, "button", "Koppelen")
    assert "voor 1 van 1 wachtende hulpvragen" in page.locator("main").inner_text()
    page.get_by_text("Waarom dit voorstel").click()
    reasons = page.locator(".support-card ul").inner_text()
    assert "spreekt Arabisch" in reasons
    assert "beiden kunnen op woensdagmiddag" in reasons
    assert "3,0 km tussen de postcodegebieden" in reasons
    assert axe_violations(page) == []
    _click(page, "button", f"Voorstel voor {reference} accepteren")
    assert "Niemand wacht." in page.locator("main").inner_text()
    assert axe_violations(page) == []

    # the provider confirms
    _log_in(page, live_server, "aanbieder", "/hulpvragen/aanbieder/")
    assert reference in page.locator("#open-heading + article").inner_text()
    _click(page, "button", f"Koppeling voor {reference} bevestigen")
    assert reference in page.locator("section", has_text="Lopende koppelingen").inner_text()
    assert axe_violations(page) == []
    _click(page, "link", reference)
    assert axe_violations(page) == []

    # the signals change: nobody waits, one match this month
    _log_in(page, live_server, "coordinator", "/hulpvragen/coordinatie/")
    assert "Lopende koppelingen (1)" in page.locator("main").inner_text()
    _click(page, "link", "Tekortsignalen")
    assert page.locator("#waiting-total").inner_text() == "0 hulpvragen wachten."
    assert page.locator("#months tbody").inner_text().split("\t") == ["december 2026", "1", "0"]
    assert axe_violations(page) == []
    _click(page, "link", "Wachtlijst en voorstellen")
    _click(page, "link", reference)
    assert "bevestigd door de aanbieder" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    # English, and a phone's width
    page.set_viewport_size({"width": 390, "height": 844})
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == f"Support request {reference}"
    _no_horizontal_scroll(page)
    assert axe_violations(page) == []
    for link in ("Waiting list and proposals", "Shortage signals", "Notifications"):
        _click(page, "link", link)
        _no_horizontal_scroll(page)
        assert axe_violations(page) == []
    _log_in(page, live_server, "professional", "/hulpvragen/")  # logging in again: Dutch
    _english(page)
    _click(page, "link", "File a new request")
    _no_horizontal_scroll(page)
    assert axe_violations(page) == []
    _log_in(page, live_server, "aanbieder", "/hulpvragen/aanbieder/")
    _english(page)
    _no_horizontal_scroll(page)
    assert axe_violations(page) == []
    _click(page, "link", "Add a volunteer")
    assert axe_violations(page) == []
