"""One class per kind of field of an offer: every kind of the schema has one, registered once,
and the lengths of the postcode and the buurt code are the schema's."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from kansen.offers import LOCATION_SCHEMA, OFFER_SCHEMA, PROVIDER_SCHEMA, demo_directory, field_spec
from kansen.offers._kinds import KINDS, FieldKind, register
from kansen.offers._schema import Kind


def test_every_kind_of_the_schema_has_its_class_and_no_class_is_left_over() -> None:
    assert sorted(KINDS) == sorted(get_args(Kind))
    used = {spec.kind for spec in (*OFFER_SCHEMA, *LOCATION_SCHEMA, *PROVIDER_SCHEMA)}
    assert used <= set(KINDS)


def test_a_kind_registered_twice_is_refused() -> None:
    class Again(FieldKind):
        name = "text"

    with pytest.raises(ValueError, match="the kind 'text' is registered twice"):
        register(Again)


def _read(name: str, value: Any) -> tuple[Any, list[str]]:
    spec = field_spec(name, LOCATION_SCHEMA)
    codes: list[str] = []
    read = KINDS[spec.kind].read(value, spec, lambda code, **params: codes.append(code))
    return read, codes


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        # a postcode is tidied to its longest form, which is what its column holds
        ("postcode", "9994ab", ("9994 AB", [])),
        ("postcode", "9994", ("9994", [])),
        # too long and not a postcode: said once, by its form (not also as too long)
        ("postcode", "99944 ABC", ("99944 ABC", ["offer.bad_postcode"])),
        ("buurt_code", "BU99990101", ("BU99990101", [])),
        ("buurt_code", "BU999901011", ("BU999901011", ["offer.bad_buurt"])),
    ],
)
def test_a_postcode_and_a_buurt_code_are_read_by_their_form(
    name: str, value: str, expected: tuple[str, list[str]]
) -> None:
    read, codes = _read(name, value)
    assert (read, codes) == expected
    limit = field_spec(name, LOCATION_SCHEMA).max_length
    assert limit is not None
    assert (len(read) <= limit) == (not codes)


def test_the_schema_gives_the_postcode_and_the_buurt_code_their_lengths() -> None:
    limits = {spec.name: spec.max_length for spec in LOCATION_SCHEMA}
    assert (limits["postcode"], limits["buurt_code"]) == (7, 10)


def test_each_value_of_a_record_comes_back_from_its_plain_data() -> None:
    for offer in demo_directory().offers:
        for spec in OFFER_SCHEMA:
            kind, value = KINDS[spec.kind], getattr(offer, spec.name)
            assert kind.from_data(kind.to_data(value)) == value, (offer.id, spec.name)
    # lists of codes are lists as data (a JSON column, the API), tuples in a record
    assert KINDS["codes"].to_data(("taal", "huiswerk")) == ["taal", "huiswerk"]
    assert KINDS["codes"].from_data(None) == ()
