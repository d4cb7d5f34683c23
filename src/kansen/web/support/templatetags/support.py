"""Template tags of the support app for pages of other apps (the portal's home page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ..models import MatchingSettings

register = template.Library()


@register.simple_tag
def public_request_url(municipality: Any) -> str:
    """The address of the municipality's public request form, or "" while it is switched off."""
    if municipality is None:
        return ""
    if not MatchingSettings.objects.filter(municipality=municipality, public_form=True).exists():
        return ""
    return reverse("support:public_form", args=[municipality.slug])
