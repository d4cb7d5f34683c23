"""Layout details the site map's reflow check does not see: the directory's search button beside
its box, a logged-in menu on one row at 1280 px, and the offer page's map that shows (and names)
the buurt of a single location instead of a pin on an empty background."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_the_search_button_is_beside_the_search_box(page, live_server, demostad):
    page.goto(live_server.url + "/aanbod/")
    box = page.get_by_label("Waar zoekt u naar?").bounding_box()
    button = page.locator(".directory__query button").bounding_box()
    assert 0 <= button["x"] - (box["x"] + box["width"]) <= 24
    assert button["y"] < box["y"] + box["height"]  # on the same row


def test_a_logged_in_menu_is_one_row_at_1280_px(page, live_server, demostad):
    user = User.objects.create(
        username="beheerder", role=Role.ADMINISTRATOR, municipality=demostad, is_staff=True
    )
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.goto(live_server.url + "/aanbod/")
    items = page.locator(".site-nav__list > li")
    assert items.count() >= 10
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    assert len(tops) == 1, tops


def test_the_map_of_one_location_shows_its_buurt_by_name(page, live_server, demostad):
    page.goto(live_server.url + "/aanbod/huiswerkbegeleiding-de-gaarden/")
    area = page.locator("#directory-map[data-area]")
    area.wait_for(state="attached")
    buurt = area.get_attribute("data-area")
    assert buurt
    # named on the map, and the same buurt as in the list of locations
    label = page.locator(".directory-map__label")
    assert label.inner_text() == buurt
    assert buurt in page.locator(".directory-locations").inner_text()
    # zoomed to the buurt: its outline fills a good part of the map, not a dot or a blank
    box = page.locator("#directory-map").bounding_box()
    outline = page.locator("#directory-map path.leaflet-interactive").evaluate_all(
        "paths => Math.max(...paths.map(p => p.getBoundingClientRect().width))"
    )
    assert outline > box["width"] / 3
    # every buurt names itself on hover
    assert int(page.locator("#directory-map").get_attribute("data-area-names")) > 10
