"""The back office's offer forms take texts as long as the offer schema allows, not longer."""

from __future__ import annotations

from typing import Any

import pytest

from kansen.web.providers.forms import LocationForm, OfferForm, TranslationForm


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            OfferForm,
            {"title": 300, "summary": 500, "cost_note": 300, "phone": 50, "website": 500},
        ),
        (LocationForm, {"name": 300, "address": 300, "postcode": 7, "city": 100}),
        (TranslationForm, {"title": 300, "summary": 500}),
    ],
)
def test_each_text_input_holds_what_its_column_holds(form: Any, expected: dict[str, int]) -> None:
    assert {name: form.base_fields[name].max_length for name in expected} == expected
