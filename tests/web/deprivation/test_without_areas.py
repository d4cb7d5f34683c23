"""A municipality that has imported no areas yet gets a page that says so, not an error."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.web.accounts.constants import Role

from ..factories import MunicipalityFactory, UserFactory
from ..html import one, parse, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "heading"),
    [("/gebieden/index/", "Index samenstellen"), ("/gebieden/verdelen/", "Verdelen naar behoefte")],
)
@pytest.mark.parametrize(("role", "link"), [(Role.ANALYST, True), (Role.PROGRAMME_LEAD, False)])
def test_pages_of_a_municipality_without_areas(url, heading, role, link):
    client = Client()
    client.force_login(UserFactory(municipality=MunicipalityFactory(), role=role))
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    page = parse(response)
    assert text(one(page, "//h1")) == heading
    assert "Er zijn nog geen gebieden geïmporteerd." in html
    assert (page.xpath('//main//a[@href="/gebieden/importeren/"]') != []) is link


def test_the_administration_index_has_no_english_table_headers():
    """Django's Dutch catalog lacks the admin index's hidden headers; ours supplies them."""
    client = Client()
    client.force_login(UserFactory(municipality=MunicipalityFactory(), role=Role.ADMINISTRATOR))
    html = client.get("/beheer/").text
    for english in ("Model name", "Add link", "Change or view list link"):
        assert english not in html
    assert "Modelnaam" in html
