"""htmx within the Content-Security-Policy (ADRs 0011 and 0018): its configuration, the
attributes the templates may use, and how a view tells that htmx asked for a fragment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

import kansen.web
from kansen.web.core.htmx import varies_by_htmx, wants_fragment

WEB = Path(kansen.web.__file__).parent
TEMPLATES = sorted(WEB.glob("**/templates/**/*.html"))


def _config() -> dict[str, object]:
    text = (WEB / "templates" / "core" / "htmx.html").read_text(encoding="utf-8")
    found = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", text)
    assert found is not None
    return json.loads(found.group(1))


def test_htmx_adds_no_style_and_runs_no_eval() -> None:
    config = _config()
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert "style" not in config["attributesToSettle"]
    assert config["selfRequestsOnly"] is True


def test_back_and_forward_load_the_page_from_the_server() -> None:
    config = _config()
    assert (config["historyCacheSize"], config["refreshOnHistoryMiss"]) == (0, True)


# hx-on is an inline event handler (run with eval), js: values and hx-vars are evaluated too
FORBIDDEN = re.compile(r"\bhx-on\b|\bhx-on:|\bhx-vars\b|\bdata-hx-on|(?:hx-vals|hx-headers)=\"js:")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(WEB)))
def test_templates_use_no_htmx_feature_that_needs_eval(template: Path) -> None:
    assert FORBIDDEN.findall(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),  # a browser, with or without JavaScript
        ({"HTTP_HX_REQUEST": "true"}, True),  # htmx
        ({"HTTP_HX_REQUEST": "false"}, False),
        # htmx fetching a page for the back button wants the whole page
        ({"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}, False),
    ],
)
def test_wants_fragment(headers: dict[str, str], expected: bool) -> None:
    assert wants_fragment(RequestFactory().get("/", **headers)) is expected


def test_a_page_or_fragment_varies_by_the_htmx_header() -> None:
    response = HttpResponse()
    response["Vary"] = "Accept-Language"
    assert varies_by_htmx(response)["Vary"] == "Accept-Language, HX-Request"
