"""The Content-Security-Policy (ADR 0011): the header on every page, and no template or script
that it would block or that puts data into HTML as a string."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kansen.web

WEB = Path(kansen.web.__file__).parent
TEMPLATES = sorted(WEB.glob("**/templates/**/*.html"))
SCRIPTS = sorted(p for p in WEB.glob("*/static/**/*.js") if "vendor" not in p.parts)

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/aanbod/", "/regelingen/check/", "/inloggen/", "/nergens/"])
def test_every_response_carries_the_policy(client, url: str) -> None:
    header = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    assert directives == POLICY


# What the policy blocks in a template (and would silently break the page), or data as HTML.
FORBIDDEN_IN_TEMPLATES = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    "inline style element": re.compile(r"<style\b"),
    "style attribute": re.compile(r"\sstyle=\""),
    "event handler attribute": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
    "|safe on data": re.compile(r"\|\s*safe\b"),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(WEB)))
def test_templates_have_nothing_the_policy_blocks(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = [name for name, pattern in FORBIDDEN_IN_TEMPLATES.items() if pattern.search(text)]
    assert found == []


# Scripts build nodes with textContent and setAttribute; HTML from strings is how data runs.
# Leaflet's tooltips and popups take a DOM node from textNode(), nameLabel() or a popup element
# built with textContent (map.js, directory.js); anything else passed to them is suspect.
FORBIDDEN_IN_SCRIPTS = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
    r"\bbindTooltip\((?!textNode|nameLabel\()|\bbindPopup\((?!popup)|setContent\("
)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(WEB)))
def test_scripts_never_turn_strings_into_html(script: Path) -> None:
    assert FORBIDDEN_IN_SCRIPTS.findall(script.read_text(encoding="utf-8")) == []
