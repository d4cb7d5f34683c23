"""Choices and fixed texts of the norms app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kansen.eligibility import SITUATIONS, AgeBand, Household


class Origin(models.TextChoices):
    FORM = "form", _("form")
    CSV = "csv", _("CSV import")


class Children(models.TextChoices):
    ANY = "any", pgettext_lazy("children", "any")
    WITH = "with", _("with children")
    WITHOUT = "without", _("without children")


CHILDREN_VALUE = {None: Children.ANY, True: Children.WITH, False: Children.WITHOUT}
CHILDREN_OF = {Children.ANY: None, Children.WITH: True, Children.WITHOUT: False}

#: The situations of :data:`kansen.eligibility.SITUATIONS` in words, in the same order.
SITUATION_LABELS = {
    (Household.SINGLE, AgeBand.AGE_18_TO_20, None): _("Single (parent), 18 to 20"),
    (Household.SINGLE, AgeBand.AGE_21_TO_STATE_PENSION, None): _(
        "Single (parent), 21 to state pension age"
    ),
    (Household.SINGLE, AgeBand.STATE_PENSION_OR_OLDER, None): _(
        "Single (parent), state pension age or older"
    ),
    (Household.COUPLE, AgeBand.AGE_18_TO_20, False): _("Couple, both 18 to 20, without children"),
    (Household.COUPLE, AgeBand.AGE_18_TO_20, True): _("Couple, both 18 to 20, with children"),
    (Household.COUPLE, AgeBand.AGE_18_TO_20_WITH_PARTNER_21_PLUS, False): _(
        "Couple, one 18 to 20 and one 21 or older, without children"
    ),
    (Household.COUPLE, AgeBand.AGE_18_TO_20_WITH_PARTNER_21_PLUS, True): _(
        "Couple, one 18 to 20 and one 21 or older, with children"
    ),
    (Household.COUPLE, AgeBand.AGE_21_TO_STATE_PENSION, None): _(
        "Couple, both 21 to state pension age"
    ),
    (Household.COUPLE, AgeBand.STATE_PENSION_OR_OLDER, None): _(
        "Couple, one or both at state pension age or older"
    ),
}
assert tuple(SITUATION_LABELS) == SITUATIONS


def situation_key(situation: tuple[Household, AgeBand, bool | None]) -> str:
    """A form-field-safe key: ``single__18_to_20__any``."""
    household, band, children = situation
    return f"{household.value}__{band.value}__{CHILDREN_VALUE[children].value}"


#: Largest CSV of norms accepted (a full file of every period since 2015 is about 30 KB).
MAX_CSV_BYTES = 1024 * 1024
