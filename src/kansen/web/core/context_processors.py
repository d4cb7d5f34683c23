"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kansen.web.accounts.models import Municipality


def portal_municipality(request: HttpRequest) -> Municipality | None:
    """The municipality whose portal this is: the user's own, else the configured one."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.municipality_id:
        return user.municipality
    return Municipality.objects.filter(code=settings.KANSEN_PORTAL_MUNICIPALITY).first()


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"portal_municipality": portal_municipality(request)}
