"""The site map (tests/sitemap.py) names every page: a new URL pattern needs an entry there (or a
reason in NOT_PAGES), so the site-map browser tests and the Dutch-page test visit it too."""

from __future__ import annotations

import pytest
from django.test import Client
from tests import sitemap

from kansen.web.accounts.models import User
from kansen.web.core.demo import load_demo


def test_every_url_pattern_is_in_the_site_map():
    assert sitemap.unlisted_url_names() == set()


def test_the_site_map_lists_no_url_name_that_does_not_exist():
    names = sitemap.all_url_names()
    listed = {e.name for e in sitemap.ENTRIES} | set(sitemap.NOT_PAGES)
    assert listed - names == set()


@pytest.mark.django_db
def test_every_role_gets_each_of_its_pages():
    load_demo()
    for role in sitemap.ROLES:
        client = Client()
        if role != sitemap.ANONYMOUS:
            client.force_login(User.objects.get(username=role))
        for url in sitemap.pages(role):
            # the admin's model lists are the admin's own pages; one is enough here
            if url.startswith("/beheer/") and url != "/beheer/":
                continue
            assert client.get(url).status_code == 200, (role, url)
