"""A warning on every page for platform administrators while the norms run out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from . import selectors


def norms_warning(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_superuser:
        return {}
    status = selectors.status()
    return {"norms_status": status} if status.state != "current" else {}
