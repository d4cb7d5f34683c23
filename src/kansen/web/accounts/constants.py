"""Choices for accounts: the roles of ``docs/domain.md``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user does on the platform; a user has one role in one municipality.

    Residents and youth panel members never log in, so they have no role.
    """

    ANALYST = "analyst", _("Policy advisor / analyst")
    PROGRAMME_LEAD = "programme_lead", _("Programme lead")
    PROFESSIONAL = "professional", _("Professional")
    PROVIDER = "provider", _("Initiative / provider")
    MATCHING_COORDINATOR = "matching_coordinator", _("Matching coordinator")
    ADMINISTRATOR = "administrator", _("Municipal administrator")
    NATIONAL = "national", _("National network (ministry, alliance)")


#: Roles that may load and change area data of their municipality.
AREA_DATA_EDITORS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
#: Roles that may manage the users of their municipality.
USER_MANAGERS = frozenset({Role.ADMINISTRATOR})
