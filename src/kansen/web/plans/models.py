"""Agendas and execution plans of a municipality.

A plan is stored as the document of :mod:`kansen.plans` (``plan_to_data`` in ``document``,
schema version in ``schema_version``): the library reads, checks and exports it, so the
platform never holds a second model of the same plan (ADR 0005). The columns beside the
document (kind, title, period) are derived from it by the services, the only write path.
``version`` is the optimistic lock: a save names the version it started from and fails with
a clear message when someone saved in between. Every save leaves a :class:`PlanChange`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.models import Municipality
from kansen.web.core.models import Authored


class PlanKind(models.TextChoices):
    AGENDA = "agenda", _("agenda")
    PLAN = "plan", _("execution plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Plan(Authored):
    """An agenda (GKA-agenda) or execution plan of one municipality for a period."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="plans"
    )
    slug = models.SlugField(_("slug"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    document = models.JSONField(
        _("document"), help_text=_("The plan in the layout of kansen.plans.")
    )
    schema_version = models.CharField(_("schema version"), max_length=16)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["municipality", "-first_year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="plan_municipality_slug")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.first_year}-{self.last_year})"


class PlanChange(models.Model):
    """One save of a plan: who, when, which part, and every value that changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField(_("version"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    part = models.CharField(_("part"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    changes = models.JSONField(
        _("changes"), default=list, help_text=_("A list of {path, before, after}.")
    )

    class Meta:
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")
        ordering = ["plan", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="planchange_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"


class Stakeholder(models.Model):
    """An organisation a municipality works with, reused across its plans."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=100, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="stakeholder_municipality_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
