"""The site map (tests/sitemap.py) names every page: a new URL pattern needs an entry there (or a
reason in NOT_PAGES), so the site-map browser tests and the Dutch-page test visit it too. That each
role gets each of its pages (HTTP 200) is checked by test_sitemap_pages.py, which visits them."""

from __future__ import annotations

import sitemap


def test_every_url_pattern_is_in_the_site_map():
    assert sitemap.unlisted_url_names() == set()


def test_the_site_map_lists_no_url_name_that_does_not_exist():
    names = sitemap.all_url_names()
    listed = {e.name for e in sitemap.ENTRIES} | set(sitemap.NOT_PAGES)
    assert listed - names == set()
