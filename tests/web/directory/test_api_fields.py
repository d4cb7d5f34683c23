"""The API's response models are made from the offer schema: every field under the schema's
name, in its order, typed by its kind."""

from __future__ import annotations

from decimal import Decimal

from pydantic import create_model

from kansen.offers import KINDS, LOCATION_SCHEMA, OFFER_SCHEMA, PROVIDER_SCHEMA, TEXT_FIELDS
from kansen.offers import FieldSpec as Spec
from kansen.web.directory.api import (
    LocationOut,
    OfferDetailOut,
    ProviderOut,
    TranslationOut,
    _schema_fields,
)


def test_an_offer_in_the_api_has_every_field_of_the_schema_but_whether_it_is_published() -> None:
    missing = [spec.name for spec in OFFER_SCHEMA if spec.name not in OfferDetailOut.model_fields]
    assert missing == ["is_published"]  # the API gives published offers only


def test_providers_locations_and_translations_give_the_schema_fields_in_its_order() -> None:
    assert list(ProviderOut.model_fields) == [spec.name for spec in PROVIDER_SCHEMA]
    assert list(LocationOut.model_fields) == [
        *(spec.name for spec in LOCATION_SCHEMA),
        "buurt_name",
    ]
    assert tuple(TranslationOut.model_fields) == TEXT_FIELDS


def test_each_field_of_the_api_has_the_type_of_its_kind() -> None:
    types = {
        name: field.annotation
        for name, field in OfferDetailOut.model_fields.items()
        if name in ("age_min", "cost", "cost_amount", "languages", "last_checked", "capacity")
    }
    assert types == {
        "age_min": int | None,
        "cost": str,
        "cost_amount": Decimal | None,
        "languages": list[str],
        "last_checked": KINDS["date"].annotation,
        "capacity": int | None,
    }
    assert LocationOut.model_fields["x"].annotation == float | None


def test_a_field_added_to_the_schema_reaches_the_api_with_its_type_and_description() -> None:
    schema = (*PROVIDER_SCHEMA, Spec("founded", "date", description="When it began."))
    model = create_model("ProviderOut", **_schema_fields(schema))
    founded = model.model_json_schema()["properties"]["founded"]
    assert founded == {
        "description": "When it began.",
        "format": "date",
        "title": "Founded",
        "type": "string",
    }
    assert model.model_json_schema()["required"][-1] == "founded"


def test_the_apply_route_is_described_with_the_words_residents_see() -> None:
    # "self" and "professional" do not say what a resident reads on the page: the API names
    # the Dutch labels, as it did before the models were made from the schema.
    field = OfferDetailOut.model_fields["apply_route"]
    assert field.description == (
        "How to apply: self (Zelf aanmelden), professional (Via een professional)."
    )
    assert field.annotation is str
