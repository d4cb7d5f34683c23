"""Regulations (regelingen) of a municipality, with their eligibility rule as data.

The rule is the mapping of one regulation in the schema of :mod:`kansen.eligibility`
(``rules``); the columns beside it (code, name, description, how to apply, source) are
derived from it by :mod:`kansen.web.regulations.services`, the only write path, so they cannot
disagree with it. ``provider`` and ``is_published`` belong to the platform, not to the rule.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.models import Municipality

from .constants import ApplyRoute

__all__ = ["ApplyRoute", "Regulation"]


class Regulation(models.Model):
    """One regulation of a municipality: who it is for, and how to apply."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="regulations",
    )
    code = models.SlugField(_("code"), max_length=100)
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Regulations are listed in this order.")
    )
    name = models.CharField(_("name"), max_length=300)
    provider = models.CharField(
        _("provider"),
        max_length=300,
        blank=True,
        help_text=_("The organisation that runs the regulation, e.g. Stichting Leergeld."),
    )
    description = models.TextField(_("description"), blank=True)
    rules = models.JSONField(
        _("rules"),
        help_text=_(
            "The regulation as a mapping in the schema of kansen.eligibility: id, name, "
            "income_limit, children, residence_required, savings_limit, apply, source, ..."
        ),
    )
    apply_route = models.CharField(_("how to apply"), max_length=16, choices=ApplyRoute.choices)
    how_to_apply = models.TextField(_("what to do to apply"))
    apply_url = models.URLField(_("website"), max_length=500, blank=True)
    apply_phone = models.CharField(_("phone"), max_length=50, blank=True)
    source = models.TextField(_("source"))
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published regulations are part of the public eligibility check."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "offers_regulation"  # the table of the app it began in (ADR 0019)
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        ordering = ["municipality", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="regulation_municipality_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
