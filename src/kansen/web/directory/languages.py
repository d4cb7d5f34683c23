"""The languages of the public pages' offer texts: ``?taal=`` and the links between them.

Shared by the directory's pages and the regulations' check, which show the same translations.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from kansen.offers import LANGUAGES, RTL_LANGUAGES, TRANSLATION_LANGUAGES


def content_language(value: str | None) -> str | None:
    """The content language of ``?taal=``: a translation language, or None for Dutch."""
    return value if value in TRANSLATION_LANGUAGES else None


def query_string(params: QueryDict, **changes: str | None) -> str:
    """``params`` with some parameters set (or removed with None), as ``?a=1&b=2``."""
    copy = params.copy()
    for name, value in changes.items():
        if value is None or value == "":
            copy.pop(name, None)
        else:
            copy[name] = value
    text = copy.urlencode()
    return f"?{text}" if text else "?"


def language_links(params: QueryDict, current: str | None) -> list[dict[str, Any]]:
    """Links to the same page with the offers' texts in each language (Dutch first)."""
    links = []
    for code in ("nl", *TRANSLATION_LANGUAGES):
        links.append(
            {
                "code": code,
                "name": LANGUAGES.get(code, code),
                "query": query_string(params, taal=None if code == "nl" else code, pagina=None),
                "current": (current or "nl") == code,
                "dir": "rtl" if code in RTL_LANGUAGES else "ltr",
            }
        )
    return links
