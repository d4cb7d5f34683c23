"""Login throttling (django-axes): the page a locked-out login gets, and whose address it is.

Axes counts wrong passwords per user name and address (``AXES_LOCKOUT_PARAMETERS``) and,
past ``AXES_FAILURE_LIMIT``, refuses that pair even with the right password until the
cool-off time has passed or an administrator lifts the lockout (see docs/security.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, saying that this login is locked and for how long (429)."""
    form = AuthenticationForm(request, data=request.POST or None)
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff else None
    context = {"form": form, "locked_out": True, "lockout_minutes": minutes, "next": ""}
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url.startswith("/") and not next_url.startswith("//"):
        context["next"] = next_url
    return render(request, "accounts/login.html", context, status=429)


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address: ``REMOTE_ADDR``, or behind ``KANSEN_PROXY_COUNT`` proxies the
    address the outermost of them put in ``X-Forwarded-For`` (what is left of it the visitor
    can write, so it is not trusted)."""
    count: int = getattr(settings, "PROXY_COUNT", 0)
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None
