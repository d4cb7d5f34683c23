"""Norm periods entered in the platform, with who entered them, and the warnings sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.eligibility import AgeBand, Household

from .constants import Children, Origin


class NormPeriod(models.Model):
    """The norms of every situation from one date on, as an administrator entered them.

    A later entry for the same date replaces an earlier one (and a packaged period of that
    date); the earlier entries stay as history.
    """

    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=500)
    note = models.TextField(_("note"), blank=True)
    origin = models.CharField(_("entered through"), max_length=8, choices=Origin.choices)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("norm period")
        verbose_name_plural = _("norm periods")
        ordering = ["-valid_from", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.valid_from:%Y-%m-%d}"


class NormAmount(models.Model):
    """One situation's monthly norm in a :class:`NormPeriod`."""

    period = models.ForeignKey(NormPeriod, on_delete=models.CASCADE, related_name="amounts")
    household = models.CharField(
        _("household"),
        max_length=16,
        choices=[(Household.SINGLE.value, "single"), (Household.COUPLE.value, "couple")],
    )
    age_band = models.CharField(
        _("age band"), max_length=40, choices=[(b.value, b.value) for b in AgeBand]
    )
    children = models.CharField(_("children"), max_length=8, choices=Children.choices)
    incl_holiday_allowance = models.DecimalField(
        _("with holiday allowance"), max_digits=9, decimal_places=2
    )
    excl_holiday_allowance = models.DecimalField(
        _("without holiday allowance"), max_digits=9, decimal_places=2
    )
    source = models.CharField(_("source"), max_length=500)
    excl_source = models.CharField(_("source without holiday allowance"), max_length=500)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("norm amount")
        verbose_name_plural = _("norm amounts")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "household", "age_band", "children"],
                name="norms_one_amount_per_situation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.age_band} {self.children}"


class NormWarning(models.Model):
    """An e-mail warning sent to platform administrators, so each is sent once."""

    covered_until = models.DateField()
    state = models.CharField(max_length=16)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["covered_until", "state"], name="norms_one_warning_per_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.covered_until}"
