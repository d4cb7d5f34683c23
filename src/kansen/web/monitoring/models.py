"""What a municipality wants a plan to reach, whether it gets there, and what it learns.

A :class:`Goal` of a plan has :class:`Indicator` s, each with its baseline, target and
:class:`Measurement` s; progress is computed by :mod:`kansen.monitoring` from these, never
stored. Goals and indicators link to the plan's items (action lines, themes, efforts,
interventions) by the items' ids (``uuid`` in the plan document, :class:`kansen.plans.Item`),
so a renamed or moved item keeps its links; an id whose item was removed is simply not shown.

:class:`EvaluationSession` is a learning evaluation (lerend evalueren) with its
:class:`EvaluationAction` s. Participants are organisations, a number of experts by
experience, and names and roles of professionals only: no personal data of residents.

Everything belongs to a plan, so to its municipality: the plan decides who reads and writes
(:mod:`.selectors`). :class:`Publication` records what the municipality chose to make public:
the dashboard, and the yearly reports (:class:`YearReport`) one by one.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.models import Municipality
from kansen.web.areas.models import Indicator as AreaIndicator
from kansen.web.plans.models import Plan


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class SourceKind(models.TextChoices):
    AREA = "area", _("figure on the platform (area figures, opportunity map)")
    MANUAL = "manual", _("measured by hand")
    #: Linked from the youth panel (:class:`kansen.web.youthpanel.models.IndicatorLink`).
    YOUTH = "youth", _("a youth panel question (linked from the youth panel)")


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", _("a value")
    RELATIVE = "relative", _("a change in percent of the baseline")


class Goal(models.Model):
    """A goal (doel) of a plan, with the plan items it belongs to."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("explanation"), blank=True)
    #: The ids (``uuid``) of the plan items this goal belongs to.
    items = models.JSONField(_("plan items"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """How a goal is measured: an indicator with baseline, target and its measurements."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("better is"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    source_kind = models.CharField(
        _("measured as"), max_length=8, choices=SourceKind.choices, default=SourceKind.MANUAL
    )
    #: For ``area``: the platform's figure and the area (CBS code) it is read for, or several
    #: chosen neighbourhoods or districts (codes separated by ", "), whose figures combine.
    area_indicator = models.ForeignKey(
        AreaIndicator,
        verbose_name=_("figure on the platform"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    area_code = models.CharField(_("area (CBS code)"), max_length=1000, blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), null=True, blank=True, max_digits=16, decimal_places=4
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_source = models.CharField(_("source of the baseline"), max_length=300, blank=True)
    baseline_count = models.PositiveIntegerField(
        _("number of observations of the baseline"), null=True, blank=True
    )
    baseline_lower = models.DecimalField(
        _("lower bound of the baseline (95%)"),
        null=True,
        blank=True,
        max_digits=16,
        decimal_places=4,
    )
    baseline_upper = models.DecimalField(
        _("upper bound of the baseline (95%)"),
        null=True,
        blank=True,
        max_digits=16,
        decimal_places=4,
    )
    target_kind = models.CharField(
        _("target as"), max_length=8, choices=TargetKind.choices, default=TargetKind.ABSOLUTE
    )
    #: An absolute target value, or the change in percent of the baseline (``-15`` for -15%).
    target_value = models.DecimalField(
        _("target"), null=True, blank=True, max_digits=16, decimal_places=4
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Context for readers of the figure.")
    )
    items = models.JSONField(_("plan items"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def area_codes(self) -> tuple[str, ...]:
        """The CBS codes of the area or the chosen areas (none: the whole municipality)."""
        return tuple(code.strip() for code in self.area_code.split(",") if code.strip())


class Measurement(models.Model):
    """A measurement (meting) of an indicator: a yearly figure, or one of a day (a count on a
    date, the last day of a period such as a school year or a quarter), with its uncertainty
    where known. An indicator has at most one yearly figure per year and one per date; the
    library judges them by their time (:func:`kansen.monitoring.time_of`)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("year"))
    #: The day the figure describes, when more precise than the year (its year is ``year``).
    date = models.DateField(_("date"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(_("source"), max_length=300)
    count = models.PositiveIntegerField(_("number of observations"), null=True, blank=True)
    lower = models.DecimalField(
        _("lower bound (95%)"), null=True, blank=True, max_digits=16, decimal_places=4
    )
    upper = models.DecimalField(
        _("upper bound (95%)"), null=True, blank=True, max_digits=16, decimal_places=4
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "year", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(date__isnull=True),
                name="measurement_one_per_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "date"],
                condition=models.Q(date__isnull=False),
                name="measurement_one_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.date or self.year}: {self.value}"


class EvaluationSession(models.Model):
    """A learning evaluation (lerend evalueren) of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    date = models.DateField(_("date"))
    title = models.CharField(_("subject"), max_length=300)
    organisations = models.JSONField(_("organisations"), default=list, blank=True)
    experts_by_experience = models.PositiveSmallIntegerField(
        _("experts by experience"), default=0, help_text=_("How many took part; no names.")
    )
    #: Professionals only, as ``{"name": ..., "role": ...}``.
    professionals = models.JSONField(_("professionals"), default=list, blank=True)
    #: The ids of the plan items (interventions, efforts) discussed.
    items = models.JSONField(_("discussed"), default=list, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation session")
        verbose_name_plural = _("evaluation sessions")
        ordering = ["plan", "-date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class EvaluationAction(models.Model):
    """An action agreed in a session: what, who, by when, and whether it is done."""

    session = models.ForeignKey(EvaluationSession, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200)
    due = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.description


class Publication(models.Model):
    """What the municipality made public of a plan's monitoring (nothing until it chooses)."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="monitoring")
    dashboard_public = models.BooleanField(_("dashboard public"), default=False)

    class Meta:
        verbose_name = _("publication of monitoring")
        verbose_name_plural = _("publications of monitoring")

    def __str__(self) -> str:
        return str(self.plan)


class YearReport(models.Model):
    """The yearly report (rapportage) of a plan: what changes next year, and whether public.

    The report itself is generated from the goals, measurements, plan and sessions whenever it
    is downloaded; what is kept is only what a person writes for it and the choice to publish.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="year_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    next_year = models.TextField(_("what changes next year"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="yearreport_plan_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.year}"


class Spending(models.Model):
    """Money spent in a year on a cost line of the plan's financial overview (by its id)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="spending")
    year = models.PositiveSmallIntegerField(_("year"))
    cost_line = models.CharField(_("cost line"), max_length=64)
    amount = models.DecimalField(_("spent"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "cost_line"], name="spending_plan_year_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.year} {self.cost_line}: {self.amount}"


class ReportTemplate(models.Model):
    """The municipality's structure of its yearly reports: which sections, in which order, with
    which title and introduction (:data:`kansen.web.monitoring.report.SECTIONS`). Without one,
    every section in the default order."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="report_template"
    )
    #: ``[{"key": ..., "include": bool, "title": str, "intro": str}, ...]`` in the order shown.
    sections = models.JSONField(_("sections"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return str(self.municipality)
