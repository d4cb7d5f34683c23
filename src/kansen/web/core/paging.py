"""One page of a long table shown on a page (the rest is a download): the rows of the page
asked for with ``?page=N`` and what the pager shows, named after the table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest


def page_of(request: HttpRequest, rows: Sequence[Any], size: int, name: str) -> dict[str, Any]:
    """The rows of the asked page and the pager's figures, as ``{name}``, ``{name}_total``,
    ``{name}_first``, ``{name}_last``, ``{name}_page`` and ``{name}_pages`` (a page out of
    range or not a number shows the nearest: the first or the last)."""
    pages = max(1, -(-len(rows) // size))
    asked = str(request.GET.get("page", ""))
    number = min(pages, max(1, int(asked))) if asked.isdigit() else 1
    start = (number - 1) * size
    return {
        name: rows[start : start + size],
        f"{name}_total": len(rows),
        f"{name}_first": start + 1,
        f"{name}_last": min(len(rows), start + size),
        f"{name}_page": number,
        f"{name}_pages": pages,
    }
