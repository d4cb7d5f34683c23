"""Municipalities are the tenants of the platform; every user belongs to at most one."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Role

municipality_code_validator = RegexValidator(
    r"^GM\d{4}$", _("A CBS municipality code is GM followed by four digits, e.g. GM0546.")
)


class Municipality(models.Model):
    """A municipality (gemeente) using the platform: a tenant.

    Its drafts, imported non-public data and requests are its own; what it publishes is
    public.
    """

    code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class User(AbstractUser):
    """A person who logs in: staff of a municipality, a partner, or the national network."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Empty only for platform administrators and the national network."),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.is_superuser)

    def belongs_to(self, municipality: Municipality | None) -> bool:
        return municipality is not None and self.municipality_id == municipality.pk

    def can_edit_area_data(self, municipality: Municipality | None) -> bool:
        """Whether the user may import area data into ``municipality`` (the role matrix)."""
        from .permissions import Action, can

        return municipality is not None and can(self, Action.IMPORT_AREA_DATA, municipality)
