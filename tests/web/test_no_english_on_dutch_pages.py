"""Dutch pages speak Dutch: no English text of the platform's own on any page of the site map.

The English texts are the platform's message ids whose Dutch translation differs (from every
``.po`` catalog of the platform), taken apart at their placeholders and markup, keeping the
pieces of two words or more and ten characters or more. Every page of the site map
(``tests/sitemap.py``) is rendered in Dutch for every role that sees it, with the Django test
client, and its visible text (and the texts of ``alt``, ``title``, ``aria-label`` and
``placeholder``) must hold none of them, nor the English seen there before (KNOWN_ENGLISH).
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.test import Client

import sitemap
from kansen.web.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

WEB = Path(__file__).parents[2] / "src" / "kansen" / "web"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{[^{}]*\}|<[^<>]*>|\s[-–]\s|: |; |\n")
#: Pieces that are Dutch (or a name) as well as English: not a sign of an untranslated text.
SAME_IN_DUTCH = frozenset(
    {
        "GKA-agenda",
    }
)


#: English seen on Dutch pages before, that the catalogs cannot find: a word after an indicator
#: name, names the library gives, and a template comment shown as text.
KNOWN_ENGLISH = (
    re.compile(r"\bnational\b"),
    re.compile(r"Multi Deprivation Index"),
    re.compile(r"\bSource 002\b"),
    re.compile(r"\{#|#\}"),
)


@cache
def english_texts() -> frozenset[str]:
    """Pieces of the platform's English message ids that Dutch pages must not show."""
    texts: set[str] = set()
    for path in sorted(WEB.glob("**/locale/nl/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                translated = entry.msgstr_plural
                pairs = [
                    (entry.msgid, translated.get(0, "")),
                    (entry.msgid_plural, translated.get(1, "")),
                ]
            for english, dutch in pairs:
                if not dutch or dutch == english:
                    continue
                for piece in _PLACEHOLDER.split(english):
                    piece = piece.strip(" .,:;()'\"!?…")
                    # Two words or more, and not as short as "of the" or "per year".
                    if (
                        len(piece.split()) >= 2
                        and len(piece) >= 10
                        and piece not in dutch
                        and piece not in SAME_IN_DUTCH
                    ):
                        texts.add(piece)
    return frozenset(texts)


class _Text(HTMLParser):
    """The visible text of a page and its labelling attributes, one string."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _client(role: str) -> Client:
    client = Client(headers={"accept-language": "nl"})
    if role != sitemap.ANONYMOUS:
        assert client.login(username=role, password=DEMO_PASSWORD)
    return client


def test_the_english_texts_are_found_in_the_catalogs():
    texts = english_texts()
    assert "Import area data" in texts
    assert len(texts) > 500


def test_a_page_with_an_english_text_fails():
    found = [t for t in english_texts() if t in visible_text("<p>Import area data</p>")]
    assert found == ["Import area data"]
    text = visible_text("<select><option>Inwoners (aantal) · national</option></select>")
    assert [p.pattern for p in KNOWN_ENGLISH if p.search(text)] == [r"\bnational\b"]


def test_no_english_on_any_dutch_page_for_any_role(shared_demo):
    texts = sorted(english_texts(), key=len, reverse=True)
    found: dict[str, set[str]] = {}
    for role in sitemap.ROLES:
        client = _client(role)
        for url in sitemap.pages(role):
            if url.startswith(("/beheer/", "/api/docs")):
                continue  # the Django admin and Swagger UI speak their own languages
            response = client.get(url)  # the site map's own tests check the status
            if "text/html" not in response.get("Content-Type", ""):
                continue
            text = visible_text(response.content.decode())
            for english in texts:
                if english in text:
                    found.setdefault(english, set()).add(url)
            for pattern in KNOWN_ENGLISH:
                if pattern.search(text):
                    found.setdefault(pattern.pattern, set()).add(url)
    report = "\n".join(f"{english!r} on {sorted(urls)[:3]}" for english, urls in found.items())
    assert not found, f"English on Dutch pages:\n{report}"
