"""Reads of the directory: an offer as a record of :mod:`kansen.offers`, and the export.

The public pages and the API read through :mod:`kansen.web.directory.search` (the published,
current offers); what is current through :mod:`kansen.web.directory.freshness`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from django.db.models import QuerySet

from kansen.offers import (
    KINDS,
    LOCATION_SCHEMA,
    OFFER_SCHEMA,
    PROVIDER_SCHEMA,
    TEXT_FIELDS,
    LocationRecord,
    OfferRecord,
    ProviderRecord,
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


#: A provider's fields besides its code (the model's ``slug``), stored as they are.
PROVIDER_FIELDS = tuple(spec.name for spec in PROVIDER_SCHEMA if spec.name != "id")


def location_record(location: Any, *, located: bool = True) -> LocationRecord:
    """A location (a model, an input or a record) as a record; x/y left out unless ``located``."""
    values: dict[str, Any] = {
        spec.name: getattr(location, spec.name, None) for spec in LOCATION_SCHEMA
    }
    if not located:
        values.update(x=None, y=None)
    return LocationRecord(**values)


#: Where each field of an offer's record is stored: the model's column of the same name, except
#: the code (the model's ``slug``) and the codes of the provider and regulation (through their
#: relations). The one map the records of :func:`offer_to_record` and of the public directory's
#: search (:mod:`kansen.web.directory.search`, which reads these columns in one flat query) use.
RECORD_COLUMNS: dict[str, str] = {
    spec.name: {"id": "slug", "provider": "provider__slug", "regulation": "regulation__code"}.get(
        spec.name, spec.name
    )
    for spec in OFFER_SCHEMA
}


def _stored(obj: Any, column: str) -> Any:
    """The value of a column of :data:`RECORD_COLUMNS` on a model (None past an empty relation)."""
    for part in column.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def offer_record(
    stored: Mapping[str, Any],
    locations: Iterable[LocationRecord] = (),
    translations: Mapping[str, TranslationRecord] | None = None,
) -> OfferRecord:
    """The record of an offer from its stored values (field name -> value of its column in
    :data:`RECORD_COLUMNS`): no regulation is ``""``, a list of codes a tuple."""
    values = dict(stored)
    values["regulation"] = values["regulation"] or ""
    for spec in OFFER_SCHEMA:
        values[spec.name] = KINDS[spec.kind].from_data(values[spec.name])
    return OfferRecord(**values, locations=tuple(locations), translations=dict(translations or {}))


def offer_to_record(offer: Offer) -> OfferRecord:
    """The offer as a record of :mod:`kansen.offers` (for export and search)."""
    return offer_record(
        {name: _stored(offer, column) for name, column in RECORD_COLUMNS.items()},
        locations=(location_record(loc) for loc in offer.locations.all()),
        translations={
            t.language: TranslationRecord(**{name: getattr(t, name) for name in TEXT_FIELDS})
            for t in offer.translations.all()
        },
    )


def provider_record(provider: Any) -> ProviderRecord:
    """A provider (a model) as a record of :mod:`kansen.offers`: its ``slug`` is the id."""
    return ProviderRecord(
        id=provider.slug,
        **{name: getattr(provider, name) for name in PROVIDER_FIELDS},
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
