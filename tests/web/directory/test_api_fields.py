"""The API's response models give every field of the offer schema, under the schema's names."""

from __future__ import annotations

from kansen.offers import LOCATION_SCHEMA, OFFER_SCHEMA, PROVIDER_SCHEMA, TEXT_FIELDS
from kansen.web.directory.api import LocationOut, OfferDetailOut, ProviderOut, TranslationOut


def test_an_offer_in_the_api_has_every_field_of_the_schema_but_whether_it_is_published() -> None:
    missing = [spec.name for spec in OFFER_SCHEMA if spec.name not in OfferDetailOut.model_fields]
    assert missing == ["is_published"]  # the API gives published offers only


def test_providers_locations_and_translations_give_the_schema_fields_in_its_order() -> None:
    assert list(ProviderOut.model_fields) == [spec.name for spec in PROVIDER_SCHEMA]
    assert list(LocationOut.model_fields) == [
        *(spec.name for spec in LOCATION_SCHEMA if spec.name not in ("x", "y")),
        "buurt_name",
        "x",
        "y",
    ]
    assert tuple(TranslationOut.model_fields) == TEXT_FIELDS
