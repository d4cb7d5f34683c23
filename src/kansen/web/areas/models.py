"""Areas, indicators and observations, each keyed by (CBS code, year).

Areas are public geography (CBS publishes the boundaries); indicators belong to the
municipality that imported them and are visible to others only once published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.models import Municipality

from .constants import (
    AreaLevel,
    Direction,
    Domain,
    ImportKind,
    ImportStatus,
    ObservationStatus,
    OutlineDetail,
)


class ImportRun(models.Model):
    """One attempt to import a file; kept also when the file was rejected."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="imports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    kind = models.CharField(max_length=16, choices=ImportKind.choices)
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=ImportStatus.choices)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class Area(models.Model):
    """A gemeente, wijk or buurt as CBS drew it in one year."""

    code = models.CharField(_("CBS code"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=8, choices=AreaLevel.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    municipality_code = models.CharField(max_length=6, db_index=True)
    #: GeoJSON geometry in EPSG:4326 (lon/lat), for maps; None when only values were imported.
    geometry = models.JSONField(null=True, blank=True)
    #: Area in square metres, computed in EPSG:28992.
    area_m2 = models.FloatField(null=True, blank=True)
    #: A point guaranteed inside the area, in EPSG:28992 metres (for distances).
    point_x = models.FloatField(null=True, blank=True)
    point_y = models.FloatField(null=True, blank=True)
    #: [min lon, min lat, max lon, max lat], for zooming the map to the area.
    bbox = models.JSONField(null=True, blank=True)
    updated_by = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="area_code_year_unique")
        ]
        indexes = [models.Index(fields=["municipality_code", "year", "level"])]

    def __str__(self) -> str:
        return f"{self.name or self.code} ({self.code}, {self.year})"


class MapOutline(models.Model):
    """An area's outline simplified at import for maps of many areas (:mod:`.outlines`), as
    GeoJSON text: written into the map data as it is, never decoded (ADR 0030). Kept apart
    from :class:`Area` so that reading areas never reads them."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="map_outlines")
    detail = models.CharField(_("detail"), max_length=12, choices=OutlineDetail.choices)
    geojson = models.TextField(_("GeoJSON"))

    class Meta:
        verbose_name = _("map outline")
        verbose_name_plural = _("map outlines")
        constraints = [
            models.UniqueConstraint(fields=["area", "detail"], name="map_outline_area_detail")
        ]

    def __str__(self) -> str:
        return f"{self.area} ({self.detail})"


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def visible_to(self, user: object) -> IndicatorQuerySet:
        """Indicators a user may read: published ones, and the unpublished ones of their own
        municipality for the roles that read those (the role matrix)."""
        from kansen.web.accounts.permissions import Action, can, matrix_role, own_municipality_id

        if matrix_role(user) == "platform_admin":
            return self
        municipality_id = own_municipality_id(user)
        if municipality_id is None or not can(
            user, Action.READ_UNPUBLISHED_FIGURES, municipality_id
        ):
            return self.filter(is_public=True)
        return self.filter(Q(is_public=True) | Q(municipality_id=municipality_id))


class Indicator(models.Model):
    """A figure measured per area: its unit, direction, domain, source and definition."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        help_text=_("The owner; empty for national figures loaded by platform administrators."),
    )
    code = models.SlugField(_("code"), max_length=100)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, blank=True
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    is_public = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published figures are visible to everyone; others only to the owner."),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["domain", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                name="indicator_code_unique_per_municipality",
                condition=Q(municipality__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["code"],
                name="indicator_code_unique_national",
                condition=Q(municipality__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """The value of an indicator for an area in a year; suppressed is not zero."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="observations")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ObservationStatus.choices, default="ok"
    )
    #: The 95% confidence interval, for estimates (e.g. from pupil microdata).
    lower = models.FloatField(_("lower bound"), null=True, blank=True)
    upper = models.FloatField(_("upper bound"), null=True, blank=True)
    #: How many persons the figure rests on, as published (rounded).
    count = models.PositiveIntegerField(_("number of persons"), null=True, blank=True)
    #: Why there is no value, when the source says (e.g. "fewer than 11 pupils").
    note = models.CharField(_("note"), max_length=300, blank=True)
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="observation_unique"
            ),
            models.CheckConstraint(
                condition=(Q(status="ok") & Q(value__isnull=False))
                | (~Q(status="ok") & Q(value__isnull=True)),
                name="observation_value_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area.code} {self.year}: {self.value}"


class Facility(models.Model):
    """A place children go to, such as a secondary-school location, for distances and maps."""

    code = models.CharField(_("location code"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=300)
    levels = models.CharField(_("levels"), max_length=100, blank=True)
    offers_havo_vwo = models.BooleanField(_("offers havo/vwo"), default=False)
    x = models.FloatField()
    y = models.FloatField()
    lon = models.FloatField()
    lat = models.FloatField()
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality_code = models.CharField(max_length=6, blank=True, db_index=True)
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="facilities"
    )
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("school location")
        verbose_name_plural = _("school locations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="facility_code_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class AreaDataVersion(models.Model):
    """A token that changes whenever area data is written, for what is computed from it and
    kept (the practice register's deprivation deciles: :mod:`kansen.web.areas.versions`).

    ``key`` is a municipality's CBS code (its areas and the figures of them), ``NL`` (areas of
    level gemeente and national figures: a national reading) or ``*`` (what every reader
    depends on: an indicator, or a single area, made, changed or deleted). A key never written
    reads as the empty token.
    """

    key = models.CharField(max_length=8, unique=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("version of area data")
        verbose_name_plural = _("versions of area data")

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"
