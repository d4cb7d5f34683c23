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
    #: Runs the network's meetings (issue 22): live polls and knowledge sessions, nothing else.
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")
    ADMINISTRATOR = "administrator", _("Municipal administrator")
    NATIONAL = "national", _("National network (ministry, alliance)")


# What each role may do is the role matrix in kansen.web.accounts.permissions.
