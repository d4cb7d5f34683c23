"""Choices for areas, indicators and observations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    MUNICIPALITY = "gemeente", _("municipality")
    DISTRICT = "wijk", _("district")
    NEIGHBOURHOOD = "buurt", _("neighbourhood")


class OutlineDetail(models.TextChoices):
    """The maps an outline is simplified for at import (``outlines.DETAIL``)."""

    COUNTRY = "country", _("a map of the country")
    PROVINCE = "province", _("a map of a province")
    MUNICIPALITY = "municipality", _("a map of a large municipality")


#: Depth of each level in the hierarchy, for sorting parents before children.
LEVEL_DEPTH: dict[str, int] = {"gemeente": 0, "wijk": 1, "buurt": 2}


class ObservationStatus(models.TextChoices):
    OK = "ok", _("value")
    SUPPRESSED = "suppressed", _("suppressed (too few observations or confidential)")
    MISSING = "missing", _("unknown")


class Direction(models.TextChoices):
    HIGHER_IS_WORSE = "higher_is_worse", _("higher is worse")
    HIGHER_IS_BETTER = "higher_is_better", _("higher is better")
    NEUTRAL = "", _("context figure")


class Domain(models.TextChoices):
    """The domains of the Multi Deprivation Index (source 002)."""

    INCOME = "income", _("income")
    WORK = "work", _("work")
    HEALTH = "health", _("health")
    EDUCATION = "education", _("education")
    HOUSING = "housing", _("housing")
    SAFETY = "safety", _("safety")
    LIVING_ENVIRONMENT = "living_environment", _("living environment")
    CONTEXT = "", _("context")


class ImportKind(models.TextChoices):
    BOUNDARIES = "boundaries", _("boundaries (GeoJSON)")
    VALUES = "values", _("indicator values (CSV or Excel)")
    FACILITIES = "facilities", _("school locations (CSV or Excel)")
    OPPORTUNITY = "opportunity", _("outcomes by parental income (disclosed results)")
    OFFERS = "offers", _("offers (CSV or Excel)")
    PLAN = "plan", _("plan (YAML or JSON)")


#: The kinds imported on the area import page; offers and plans are imported on their own
#: pages and only recorded in the same list of imports.
AREA_IMPORT_KINDS = (
    ImportKind.BOUNDARIES,
    ImportKind.VALUES,
    ImportKind.FACILITIES,
    ImportKind.OPPORTUNITY,
)


class ImportStatus(models.TextChoices):
    SUCCEEDED = "succeeded", _("imported")
    REJECTED = "rejected", _("rejected")
