"""An offer read as a record is the same whether export reads the model or search reads rows.

Both read through one map of where each field of the schema is stored
(:data:`kansen.web.directory.selectors.RECORD_COLUMNS`).
"""

from __future__ import annotations

from typing import Any

import pytest

from kansen.offers import LOCATION_SCHEMA, OFFER_SCHEMA, PROVIDER_SCHEMA, TEXT_FIELDS
from kansen.web.directory import search
from kansen.web.directory.models import Offer, OfferLocation, OfferTranslation, Provider
from kansen.web.directory.selectors import RECORD_COLUMNS, offer_to_record


def test_every_field_of_the_schema_has_its_column() -> None:
    assert {name: column for name, column in RECORD_COLUMNS.items() if name != column} == {
        "id": "slug",
        "provider": "provider__slug",
        "regulation": "regulation__code",
    }


def test_the_search_snapshot_holds_the_records_export_writes(demostad: Any) -> None:
    snapshot = search.build_snapshot(demostad, search.today(), ())
    assert sorted(snapshot.offers) == [
        "huiswerk-bieb",
        "laptop-voor-school",
        "taalcafe",
        "voetbal-noord",
        "voorleesexpress",
        "zwemles",
    ]
    for slug, record in snapshot.offers.items():
        assert record == offer_to_record(Offer.objects.get(slug=slug)), slug
    # the fields that need their relation or a conversion, spelled out for two offers
    laptop, homework = snapshot.offers["laptop-voor-school"], snapshot.offers["huiswerk-bieb"]
    assert (laptop.provider, laptop.regulation) == ("leergeld", "leergeld-laptop")
    assert (homework.regulation, homework.support_types) == ("", ("huiswerk", "taal"))
    assert sorted(homework.translations) == ["ar", "en"]
    assert snapshot.providers["bibliotheek"].phone == "0599 123 456"


@pytest.mark.parametrize(
    ("model", "schema"),
    [
        (Offer, OFFER_SCHEMA),
        (OfferLocation, LOCATION_SCHEMA),
        (Provider, PROVIDER_SCHEMA),
        (OfferTranslation, [spec for spec in OFFER_SCHEMA if spec.name in TEXT_FIELDS]),
    ],
)
def test_the_columns_hold_the_longest_text_the_schema_allows(model: Any, schema: Any) -> None:
    limits = {spec.name: spec.max_length for spec in schema if spec.max_length is not None}
    stored = {
        name: model._meta.get_field("slug" if name == "id" else name).max_length for name in limits
    }
    assert stored == limits
