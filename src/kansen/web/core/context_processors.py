"""Template context shared by every page."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality

# The portal of each request being served, found once per request; an entry goes with its request.
_PORTALS: WeakKeyDictionary[HttpRequest, Municipality | None] = WeakKeyDictionary()


def portal_municipality(request: HttpRequest) -> Municipality | None:
    """The municipality whose portal this is: the user's own, else the configured one.

    This is what the pages *show*, never what the user may do there: a user without a
    municipality (the national network) looking at the configured portal reads only what is
    published, and rights follow membership (:mod:`kansen.web.accounts.permissions`).
    Looked up once per request (a view and the page layout both ask).
    """
    if request in _PORTALS:
        return _PORTALS[request]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.municipality_id:
        found: Municipality | None = user.municipality
    else:
        found = Municipality.objects.filter(code=settings.KANSEN_PORTAL_MUNICIPALITY).first()
    _PORTALS[request] = found
    return found


def shown_municipality(request: HttpRequest) -> Municipality:
    """:func:`portal_municipality` for a page that shows one: not found until one is set up."""
    municipality = portal_municipality(request)
    if municipality is None:
        raise Http404(_("No municipality has been set up yet."))
    return municipality


def portal(request: HttpRequest) -> dict[str, Any]:
    """The portal's municipality, and what the user may do (``{% if may.use_admin %}``)."""
    return {
        "portal_municipality": portal_municipality(request),
        "may": permissions.Allowed(getattr(request, "user", None)),
    }
