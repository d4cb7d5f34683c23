"""The directory of offers (aanbod): providers, their offers, where and in which languages.

The canonical shape of an offer outside the database (YAML of the demo, CSV/Excel import and
export, the JSON API, the search documents) is the record of :mod:`kansen.offers`; these
models hold it per municipality. Lists of codes (support types, audiences, languages) are
JSON lists of the codes of :mod:`kansen.offers`; the services validate them. Choices come from
the library's code lists (constants.py). The tables keep the names of the app they began in,
``offers`` (ADR 0019).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.offers import LOCATION_SCHEMA, OFFER_SCHEMA, PROVIDER_SCHEMA, Cost, FieldSpec
from kansen.offers import ApplyRoute as OfferApplyRoute
from kansen.web.accounts.models import Municipality
from kansen.web.regulations.models import Regulation

from .constants import APPLY_ROUTE_CHOICES, COST_CHOICES, TRANSLATION_LANGUAGE_CHOICES


def _longest(schema: tuple[FieldSpec, ...], name: str) -> int:
    """The longest text a field holds: the limit the offer schema of :mod:`kansen.offers` sets
    (so that a file the library accepts fits its column)."""
    for spec in schema:
        if spec.name == name and spec.max_length is not None:
            return spec.max_length
    raise LookupError(f"the schema sets no longest text for {name!r}")


class Provider(models.Model):
    """An organisation that offers something: an initiative, association or institution."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="providers",
    )
    slug = models.SlugField(_("code"), max_length=_longest(PROVIDER_SCHEMA, "id"))
    name = models.CharField(_("name"), max_length=_longest(PROVIDER_SCHEMA, "name"))
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(
        _("website"), max_length=_longest(PROVIDER_SCHEMA, "website"), blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=_longest(PROVIDER_SCHEMA, "phone"), blank=True)
    members = models.ManyToManyField(
        "accounts.User",
        verbose_name=_("members"),
        blank=True,
        related_name="providers",
        help_text=_("Users who keep this provider's offers current."),
    )

    class Meta:
        db_table = "offers_provider"
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="provider_municipality_slug"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Offer(models.Model):
    """One offer (aanbod) of a provider: what it is, for whom, where, what it costs."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="offers"
    )
    slug = models.SlugField(_("code"), max_length=_longest(OFFER_SCHEMA, "id"))
    title = models.CharField(_("title"), max_length=_longest(OFFER_SCHEMA, "title"))
    summary = models.CharField(
        _("summary"), max_length=_longest(OFFER_SCHEMA, "summary"), blank=True
    )
    description = models.TextField(_("description"), blank=True)
    support_types = models.JSONField(_("support types"), default=list)
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    audiences = models.JSONField(_("for whom"), default=list)
    cost = models.CharField(_("cost"), max_length=16, choices=COST_CHOICES, default=Cost.FREE.value)
    cost_amount = models.DecimalField(
        _("amount (EUR)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    cost_note = models.CharField(
        _("about the cost"), max_length=_longest(OFFER_SCHEMA, "cost_note"), blank=True
    )
    languages = models.JSONField(_("languages"), default=list)
    apply_route = models.CharField(
        _("how to apply"),
        max_length=16,
        choices=APPLY_ROUTE_CHOICES,
        default=OfferApplyRoute.SELF.value,
    )
    how_to_apply = models.TextField(_("what to do to apply"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=_longest(OFFER_SCHEMA, "phone"), blank=True)
    website = models.URLField(
        _("website"), max_length=_longest(OFFER_SCHEMA, "website"), blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    regulation = models.ForeignKey(
        Regulation,
        verbose_name=_("regulation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
    )
    is_published = models.BooleanField(_("published"), default=True)
    last_checked = models.DateField(_("last checked"))
    checked_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "offers_offer"
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["municipality", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="offer_municipality_slug")
        ]

    def __str__(self) -> str:
        return self.title


class OfferLocation(models.Model):
    """Where an offer takes place; x/y in RD New (EPSG:28992) for distances and the map."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=_longest(LOCATION_SCHEMA, "name"), blank=True)
    address = models.CharField(
        _("address"), max_length=_longest(LOCATION_SCHEMA, "address"), blank=True
    )
    postcode = models.CharField(
        _("postcode"), max_length=_longest(LOCATION_SCHEMA, "postcode"), blank=True
    )
    city = models.CharField(_("place"), max_length=_longest(LOCATION_SCHEMA, "city"), blank=True)
    buurt_code = models.CharField(
        _("neighbourhood code"), max_length=_longest(LOCATION_SCHEMA, "buurt_code"), blank=True
    )
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "offers_offerlocation"
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["offer", "id"]

    def __str__(self) -> str:
        return self.name or self.address


class OfferTranslation(models.Model):
    """An offer's texts in another language than Dutch."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=TRANSLATION_LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=_longest(OFFER_SCHEMA, "title"))
    summary = models.CharField(
        _("summary"), max_length=_longest(OFFER_SCHEMA, "summary"), blank=True
    )
    description = models.TextField(_("description"), blank=True)
    how_to_apply = models.TextField(_("what to do to apply"), blank=True)

    class Meta:
        db_table = "offers_offertranslation"
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["offer", "language"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="translation_offer_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class PostcodeArea(models.Model):
    """The centre of a four-digit postcode area (PC4), RD New, for sorting by distance."""

    code = models.CharField(_("postcode"), max_length=4, unique=True)
    x = models.FloatField()
    y = models.FloatField()
    place = models.CharField(_("place"), max_length=100, blank=True)

    class Meta:
        db_table = "offers_postcodearea"
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class DirectorySettings(models.Model):
    """How a municipality keeps its directory current."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="directory_settings"
    )
    review_months = models.PositiveSmallIntegerField(
        _("check every (months)"),
        default=12,
        help_text=_("An offer not checked for this long is flagged to its provider."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=60,
        help_text=_("Days after the flag before an unchecked offer is hidden from residents."),
    )

    class Meta:
        db_table = "offers_directorysettings"
        verbose_name = _("directory settings")
        verbose_name_plural = _("directory settings")

    def __str__(self) -> str:
        return str(self.municipality)
