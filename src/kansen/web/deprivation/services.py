"""Writes of the deprivation app: saving index definitions."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from kansen.index import IndexDefinition
from kansen.web.accounts.models import Municipality, User

from .models import SavedIndex


def save_index(
    *,
    municipality: Municipality,
    user: User | None,
    name: str,
    definition: IndexDefinition,
    note: str = "",
) -> SavedIndex:
    """Save ``definition`` as the next version of ``name`` for the municipality."""
    name = name.strip()
    if not name:
        raise ValueError("an index needs a name")
    with transaction.atomic():
        latest = (
            SavedIndex.objects.select_for_update()
            .filter(municipality=municipality, name=name)
            .aggregate(v=Max("version"))["v"]
            or 0
        )
        version = latest + 1
        stored = IndexDefinition.from_dict(
            {**definition.to_dict(), "name": name, "version": str(version)}
        )
        return SavedIndex.objects.create(
            municipality=municipality,
            name=name,
            version=version,
            definition=stored.to_dict(),
            note=note,
            created_by=user if user is not None and user.pk else None,
        )
