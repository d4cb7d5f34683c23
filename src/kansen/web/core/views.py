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
