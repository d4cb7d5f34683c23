"""Saved index definitions: named, versioned, comparable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.index import IndexDefinition
from kansen.web.accounts.models import Municipality


class SavedIndex(models.Model):
    """A version of an index definition a municipality saved under a name.

    Saving under an existing name adds a version; versions are never changed, so a result can
    always be traced to the exact definition that made it.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="saved_indices"
    )
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "need_savedindex"  # the table of the app's first name (ADR 0019)
        verbose_name = _("saved index")
        verbose_name_plural = _("saved indices")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "version"], name="saved_index_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def to_definition(self) -> IndexDefinition:
        return IndexDefinition.from_dict(self.definition)
