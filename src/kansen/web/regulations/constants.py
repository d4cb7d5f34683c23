"""Choices of the regulations app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplyRoute(models.TextChoices):
    """How a resident applies (:class:`kansen.eligibility.ApplicationRoute`)."""

    SELF = "self", _("yourself")
    INTERMEDIARY = "intermediary", _("only through an intermediary")
