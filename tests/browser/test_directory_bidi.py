"""Mixed directions on the offer pages, as a reader sees them: with the offers' texts in Arabic
(and a provider and a location written in Hebrew script) the Dutch interface text around them
keeps its order. Measured on the rendered page (the x-position of each word, from a Range), not
on the HTML: "10 tot en met 15 jaar" must not read "tot en met 15 jaar 10"."""

from __future__ import annotations

import datetime
import os
from typing import Any

import pytest

from kansen.web.directory import search
from kansen.web.directory.models import Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SLUG = "huiswerkbegeleiding-de-gaarden"
HEBREW_PROVIDER = "עמותת הגשר"  # "the bridge association"
HEBREW_PLACE = "מרכז קהילתי"  # "community centre"

# The left edge of each word in ``words``, searched in order in the text of ``selector``: one
# Range per word, so the positions are where the reader sees the words.
_WORD_POSITIONS = """([selector, words]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  let n = 0, offset = 0;
  return words.map(word => {
    for (; n < nodes.length; n++, offset = 0) {
      const at = nodes[n].data.indexOf(word, offset);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(nodes[n], at);
        range.setEnd(nodes[n], at + word.length);
        offset = at + word.length;
        return Math.round(range.getClientRects()[0].left);
      }
    }
    throw new Error(word + " not found in " + selector);
  });
}"""


@pytest.fixture
def demostad(demostad):
    offer = Offer.objects.get(slug=SLUG)
    Offer.objects.filter(pk=offer.pk).update(last_checked=datetime.date(2026, 8, 21))
    offer.provider.name = HEBREW_PROVIDER
    offer.provider.save()
    location = offer.locations.first()
    location.name = HEBREW_PLACE
    location.save()
    search.clear_snapshots()
    return demostad


def _x(page: Any, selector: str, *words: str) -> list[int]:
    return page.evaluate(_WORD_POSITIONS, [selector, list(words)])


def _left_to_right(positions: list[int]) -> bool:
    return positions == sorted(positions) and len(set(positions)) == len(positions)


def test_dutch_text_keeps_its_order_beside_arabic_and_hebrew(page, live_server, demostad):
    page.goto(f"{live_server.url}/aanbod/{SLUG}/?taal=ar")
    title = page.locator("h1")
    assert title.get_attribute("lang") == "ar"
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("html").get_attribute("lang") == "nl"
    facts = ".directory-facts--wide"

    # "10 tot en met 15 jaar", "21 augustus 2026": read left to right
    assert _left_to_right(_x(page, facts, "10", "tot", "met", "15", "jaar"))
    assert _left_to_right(_x(page, facts, "21", "augustus", "2026"))
    # the address: "9996 KB Demostad"
    assert _left_to_right(_x(page, ".directory-locations", "9996", "KB", "Demostad"))
    # "Aangeboden door" and then the provider's name, which reads right to left in itself
    provider = ".directory-offer__provider"
    first, second = HEBREW_PROVIDER.split()
    aangeboden, door, name_first, name_second = _x(
        page, provider, "Aangeboden", "door", first, second
    )
    assert aangeboden < door < name_second < name_first
    # the Hebrew place name reads right to left, and the street below it left to right
    place_first, place_second = HEBREW_PLACE.split()
    a, b = _x(page, ".directory-locations", place_first, place_second)
    assert b < a
    street, number = page.locator(".directory-locations bdi").nth(1).inner_text().rsplit(" ", 1)
    assert _left_to_right(_x(page, ".directory-locations", street.split()[0], number))


def test_a_hebrew_provider_name_in_the_dutch_results(page, live_server, demostad):
    page.goto(f"{live_server.url}/aanbod/?q=huiswerkbegeleiding&taal=ar")
    result = page.locator(f"#offer-{SLUG}")
    # the Arabic title reads right to left and starts at the right edge of its result
    title = result.locator(".directory-result__title")
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # the Dutch facts beside it keep their order: "21 augustus 2026"
    assert _left_to_right(_x(page, f"#offer-{SLUG} dl", "21", "augustus", "2026"))
    # the provider's Hebrew name is isolated: it reads right to left
    first, second = HEBREW_PROVIDER.split()
    name_first, name_second = _x(page, f"#offer-{SLUG} .directory-result__provider", first, second)
    assert name_second < name_first
