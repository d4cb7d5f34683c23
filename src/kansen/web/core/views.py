"""The public home page of a municipality's portal."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kansen.web.areas import selectors

from .context_processors import portal_municipality


def home(request: HttpRequest) -> HttpResponse:
    municipality = portal_municipality(request)
    context = {
        "municipality": municipality,
        "key_figures": selectors.key_figures(municipality) if municipality else None,
    }
    return render(request, "core/home.html", context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page for a form sent without a valid CSRF token: in the site's layout and language
    (Django's own page is bare English), through the request so the menu and account work."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
