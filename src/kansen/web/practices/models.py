"""Practice records: what a municipality does, what it costs, what was measured, and how
strong the evidence is, shared with other municipalities.

A :class:`Practice` belongs to one municipality (a tenant): its drafts are its own, a published
record is public, a withdrawn one stays readable at its address marked as withdrawn. A record
may come from an intervention of a plan (``plan`` and ``intervention_uuid``, the item's id in
the plan document) and link indicators of monitoring by their ids (``indicator_uuids``): those
are read, never copied, so the record shows their current figures. The evidence level is a code
of ``data/evidence_levels.json`` (:mod:`.levels`), stored with the version of that file.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.models import Municipality
from kansen.web.core.models import Authored
from kansen.web.plans.models import Plan

from . import levels
from .constants import LICENCE, PracticeStatus, Province


class Practice(Authored):
    """A practice record (interventie, goede praktijk) of a municipality."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="practices",
    )
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("name of the practice"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    intervention_uuid = models.CharField(_("intervention in the plan"), max_length=36, blank=True)

    aim = models.TextField(_("aim"))
    target_group = models.CharField(_("target group"), max_length=300)
    support_types = models.JSONField(_("kind of support"), default=list, blank=True)
    #: For whom, as the directory's codes (kind, jongere, ouder, professional).
    audiences = models.JSONField(_("for whom"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    approach = models.TextField(_("approach"), blank=True)
    working_elements = models.TextField(_("working elements"), blank=True)
    carried_out_by = models.CharField(_("carried out by"), max_length=500, blank=True)

    province = models.CharField(_("province"), max_length=20, choices=Province.choices)
    neighbourhoods = models.JSONField(_("neighbourhoods"), default=list, blank=True)
    schools = models.JSONField(_("schools"), default=list, blank=True)
    location_description = models.CharField(_("where, in words"), max_length=300, blank=True)

    children_reached = models.PositiveIntegerField(
        _("children reached a year"), null=True, blank=True
    )
    cost_total = models.DecimalField(
        _("total cost a year (euros)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cost_note = models.CharField(_("about the cost"), max_length=500, blank=True)

    result_summary = models.CharField(_("results in one sentence"), max_length=300, blank=True)
    indicator_uuids = models.JSONField(_("indicators from monitoring"), default=list, blank=True)
    evaluation_findings = models.TextField(_("evaluation findings"), blank=True)

    evidence_level = models.CharField(_("evidence level"), max_length=40)
    evidence_levels_version = models.CharField(
        _("version of the evidence levels"), max_length=20, blank=True
    )
    evidence_date = models.DateField(_("date of the recognition"), null=True, blank=True)
    evidence_entry_name = models.CharField(
        _("name of the entry in the databank"), max_length=300, blank=True
    )
    evidence_entry_url = models.URLField(
        _("address of the entry in the databank"), max_length=500, blank=True
    )
    evidence_basis = models.TextField(_("basis of the own level"), blank=True)

    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=40, default=LICENCE, editable=False)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="practice_municipality_slug"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def level(self) -> levels.Level | None:
        return levels.level(self.evidence_level)

    @property
    def cost_per_child(self) -> Decimal | None:
        """Total cost a year divided by the children reached a year, in whole euros."""
        if self.cost_total is None or not self.children_reached:
            return None
        return (Decimal(self.cost_total) / self.children_reached).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )

    @property
    def cost_band(self) -> levels.CostBand | None:
        return levels.cost_band(self.cost_per_child)

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PracticeStatus.WITHDRAWN
