"""Support requests (hulpvragen) for children, the supply that can take them (volunteers and
offers' places), the matches between them with their history, and the audit log of views.

Privacy by design: nothing identifies a child. A request holds a reference code, an age in
years, a postcode area (PC4), needs, languages, time slots, urgency and a short note; never a
name, birth date, address or BSN. Closed and withdrawn requests are erased after the
municipality's retention period (``kansen manage erase_closed_requests``), leaving an
anonymous row for the statistics (:class:`ErasedRequest`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.models import Municipality
from kansen.web.deprivation.models import SavedIndex
from kansen.web.directory.models import Offer, Provider

from .constants import (
    DEFAULT_RETENTION_MONTHS,
    DEFAULT_TRIAL_MONTHS,
    NOTE_MAX_LENGTH,
    ConsentBy,
    EndReason,
    MatchStatus,
    NoticeKind,
    RequestSource,
    RequestStatus,
    Urgency,
)

pc4_validator = RegexValidator(r"^[1-9][0-9]{3}$", _("A postcode area is four digits, e.g. 3511."))


class MatchingSettings(models.Model):
    """How a municipality runs its support requests: rules that are data, with a source."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="matching_settings"
    )
    public_form = models.BooleanField(
        _("public request form"),
        default=False,
        help_text=_("Parents and young people may file a request themselves, without an account."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep closed requests (months)"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    trial_months = models.PositiveSmallIntegerField(
        _("trial period (months)"),
        default=DEFAULT_TRIAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    deprivation_index = models.ForeignKey(
        SavedIndex,
        verbose_name=_("deprivation index"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty: the default deprivation index (MDI, source 002)."),
    )
    source = models.CharField(
        _("source of these rules"),
        max_length=300,
        default="kansen defaults (docs/matching.md)",
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return str(self.municipality)


class Volunteer(models.Model):
    """A volunteer (maatje) of a provider: what, in which languages, when, where, how many."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="volunteers"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="volunteers")
    name = models.CharField(
        _("name or code"),
        max_length=100,
        help_text=_("How the provider knows the volunteer; coordinators see it too."),
    )
    support_types = models.JSONField(_("support types"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    slots = models.JSONField(_("when available"), default=list)
    pc4 = models.CharField(_("postcode area"), max_length=4, validators=[pc4_validator])
    max_km = models.DecimalField(
        _("travels up to (km)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    max_children = models.PositiveSmallIntegerField(
        _("children at most"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    min_age = models.PositiveSmallIntegerField(
        _("from age"), default=4, validators=[MaxValueValidator(23)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("up to age"), default=18, validators=[MaxValueValidator(23)]
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return self.name


class OfferPlaces(models.Model):
    """The places of an offer that children can be matched to, where and when it runs."""

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="places")
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(0), MaxValueValidator(500)]
    )
    slots = models.JSONField(_("when"), default=list)
    pc4 = models.CharField(_("postcode area"), max_length=4, validators=[pc4_validator])
    max_km = models.DecimalField(
        _("for children within (km)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer places")
        verbose_name_plural = _("offer places")

    def __str__(self) -> str:
        return str(self.offer)


class SupportRequest(models.Model):
    """A request for support for one child, pseudonymous (see the module's docstring)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="support_requests"
    )
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    source = models.CharField(max_length=16, choices=RequestSource.choices)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    #: Only for a request filed through the public form: its withdraw link's secret.
    withdraw_token = models.CharField(max_length=64, blank=True)
    age = models.PositiveSmallIntegerField(
        _("age (years)"), validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    pc4 = models.CharField(_("postcode area"), max_length=4, validators=[pc4_validator])
    needs = models.JSONField(_("needs"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    slots = models.JSONField(_("when the child can"), default=list)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    consent_by = models.CharField(_("consent given by"), max_length=16, choices=ConsentBy.choices)
    consent_on = models.DateField(_("consent given on"))
    consent_for = models.CharField(_("consent given for"), max_length=200)
    filed = models.DateField(_("filed on"))
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    matched_on = models.DateField(_("matched on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["filed", "reference"]

    def __str__(self) -> str:
        return self.reference


class MatchingRun(models.Model):
    """One run of the matching: when, by whom, what it gave."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="matching_runs"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    run_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    requests = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    waiting_by_reason = models.JSONField(default=dict)
    objective = models.JSONField(default=dict)
    #: Per waiting request (reference): the binding reason as [code, params].
    waiting_reasons = models.JSONField(default=dict)
    rules_source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.run_on}"


class Match(models.Model):
    """A request with a volunteer or an offer's places, and where it stands."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="matches")
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.SET_NULL, null=True, blank=True, related_name="matches"
    )
    offer_places = models.ForeignKey(
        OfferPlaces, on_delete=models.SET_NULL, null=True, blank=True, related_name="matches"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="matches")
    run = models.ForeignKey(
        MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="matches"
    )
    status = models.CharField(max_length=16, choices=MatchStatus.choices)
    #: The explanation: a list of [code, params] (kansen.matching.Reason), worded on the page.
    reasons = models.JSONField(default=list)
    needs_covered = models.JSONField(default=list)
    distance_km = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    priority = models.PositiveIntegerField(default=0)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    evaluation_on = models.DateField(_("evaluation date"), null=True, blank=True)
    evaluation_notified = models.BooleanField(default=False)
    end_reason = models.CharField(
        _("reason for ending"), max_length=16, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.request} ({self.status})"

    @property
    def supply_name(self) -> str:
        if self.volunteer_id:
            return str(self.volunteer)
        if self.offer_places_id:
            return str(self.offer_places)
        return ""


class MatchEvent(models.Model):
    """One step in a match's life: which state, who, when, why."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=MatchStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.match_id} {self.status}"


class RequestView(models.Model):
    """The audit log: every time someone looked at a request (who, when, which page)."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    page = models.CharField(max_length=40)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.at}"


class Notice(models.Model):
    """A notification in the platform (also sent by e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_notices"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    reference = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    read = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class ErasedRequest(models.Model):
    """What is kept of an erased request: anonymous, for the statistics only."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="erased_requests"
    )
    filed_month = models.DateField()  # the first day of the month
    matched_month = models.DateField(null=True)
    days_to_match = models.PositiveIntegerField(null=True)
    outcome = models.CharField(max_length=16, choices=RequestStatus.choices)
    erased_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.outcome} {self.filed_month}"
