"""Reads of the directory: an offer as a record of :mod:`kansen.offers`, and the export.

The public pages and the API read through :mod:`kansen.web.directory.search` (the published,
current offers); what is current through :mod:`kansen.web.directory.freshness`.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import QuerySet

from kansen.offers import (
    LOCATION_SCHEMA,
    OFFER_SCHEMA,
    TEXT_FIELDS,
    LocationRecord,
    OfferRecord,
    TranslationRecord,
    write_offers_table,
)
from kansen.web.accounts.models import Municipality

from .models import Offer

#: The offer's own fields a form or record provides (not its code, provider, regulation, date
#: of the last check, locations or translations): those of the schema the platform stores as is.
OFFER_FIELDS = tuple(
    spec.name
    for spec in OFFER_SCHEMA
    if spec.name not in ("id", "provider", "regulation", "last_checked")
)


def location_record(location: Any, *, located: bool = True) -> LocationRecord:
    """A location (a model, an input or a record) as a record; x/y left out unless ``located``."""
    values: dict[str, Any] = {
        spec.name: getattr(location, spec.name, None) for spec in LOCATION_SCHEMA
    }
    if not located:
        values.update(x=None, y=None)
    return LocationRecord(**values)


def offer_to_record(offer: Offer) -> OfferRecord:
    """The offer as a record of :mod:`kansen.offers` (for export and search)."""
    values = {name: getattr(offer, name) for name in OFFER_FIELDS}
    for spec in OFFER_SCHEMA:
        if spec.kind == "codes":
            values[spec.name] = tuple(values[spec.name])
    return OfferRecord(
        **values,
        id=offer.slug,
        provider=offer.provider.slug,
        regulation=offer.regulation.code if offer.regulation else "",
        last_checked=offer.last_checked,
        locations=tuple(location_record(loc) for loc in offer.locations.all()),
        translations={
            t.language: TranslationRecord(**{name: getattr(t, name) for name in TEXT_FIELDS})
            for t in offer.translations.all()
        },
    )


def municipality_offers(municipality: Municipality) -> QuerySet[Offer]:
    """All offers of ``municipality`` with what a record needs, in a stable order."""
    return (
        Offer.objects.filter(municipality=municipality)
        .select_related("provider", "regulation")
        .prefetch_related("locations", "translations")
        .order_by("provider__name", "title", "slug")
    )


def export_offers(municipality: Municipality, fmt: Literal["csv", "xlsx"]) -> bytes:
    """Every offer of ``municipality`` as a CSV or Excel file that
    :func:`~kansen.web.directory.services.import_offers` reads."""
    return write_offers_table([offer_to_record(o) for o in municipality_offers(municipality)], fmt)
