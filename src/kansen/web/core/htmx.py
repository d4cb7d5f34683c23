"""Requests from htmx (ADR 0018): one view answers with the whole page, or, asked by htmx, with
only the fragment that htmx swaps into the page.

Without JavaScript the same view serves the whole page, so every page keeps working; htmx only
saves the reload. The two answers differ by a request header, so responses say so (``Vary``)
and no cache hands a fragment to a browser that asked for the page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

#: The header htmx sends with every request it makes.
HX_REQUEST = "HX-Request"


def wants_fragment(request: HttpRequest) -> bool:
    """Whether htmx asked for the fragment. A history restore (htmx fetching a page for the back
    button) asks for the whole page, as a browser does."""
    headers = request.headers
    return headers.get(HX_REQUEST) == "true" and headers.get("HX-History-Restore-Request") != "true"


def varies_by_htmx(response: HttpResponse) -> HttpResponse:
    """Mark a response that is a page or a fragment by :data:`HX_REQUEST`."""
    patch_vary_headers(response, (HX_REQUEST,))
    return response
