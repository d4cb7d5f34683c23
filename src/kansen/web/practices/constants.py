"""Choices of the practice register."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    #: Taken back by the municipality: out of the register, still readable at its address
    #: (marked as withdrawn) for those who linked it.
    WITHDRAWN = "withdrawn", _("withdrawn")


class Province(models.TextChoices):
    """The twelve provinces (fixed Dutch names)."""

    DRENTHE = "drenthe", "Drenthe"
    FLEVOLAND = "flevoland", "Flevoland"
    FRIESLAND = "friesland", "Fryslân"
    GELDERLAND = "gelderland", "Gelderland"
    GRONINGEN = "groningen", "Groningen"
    LIMBURG = "limburg", "Limburg"
    NOORD_BRABANT = "noord-brabant", "Noord-Brabant"
    NOORD_HOLLAND = "noord-holland", "Noord-Holland"
    OVERIJSSEL = "overijssel", "Overijssel"
    UTRECHT = "utrecht", "Utrecht"
    ZEELAND = "zeeland", "Zeeland"
    ZUID_HOLLAND = "zuid-holland", "Zuid-Holland"


#: The licence of published records (their texts may be reused with attribution).
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
#: The licence's summary (deed) per language of the pages; the open data name the Dutch one.
LICENCE_DEEDS = {
    "nl": "https://creativecommons.org/licenses/by/4.0/deed.nl",
    "en": "https://creativecommons.org/licenses/by/4.0/deed.en",
}


def licence_url(language: str | None) -> str:
    """The licence's summary in the visitor's language (Dutch when it is not English)."""
    return LICENCE_DEEDS["en" if (language or "").startswith("en") else "nl"]


#: Age bands of the filter (inclusive).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-3", 0, 3),
    ("4-11", 4, 11),
    ("12-17", 12, 17),
    ("18-23", 18, 23),
)
