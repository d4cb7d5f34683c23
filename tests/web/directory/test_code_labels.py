"""The labels of the offers' codes on the platform: the library's English label, translated by
the app's catalog into the library's Dutch label."""

from __future__ import annotations

import pytest
from django.utils import translation

from kansen.offers import Language
from kansen.web.directory.constants import LABEL_CONTEXTS, LANGUAGE_CHOICES, choices, label


@pytest.mark.parametrize("codes", list(LABEL_CONTEXTS), ids=lambda codes: codes.__name__)
def test_every_code_has_its_dutch_and_english_label(codes) -> None:
    for member in codes:
        with translation.override("nl"):
            assert str(label(codes, member.value)) == member.nl, member
        with translation.override("en"):
            assert str(label(codes, member.value)) == member.en, member
    assert [code for code, _ in choices(codes)] == [member.value for member in codes]


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert label(next(iter(LABEL_CONTEXTS)), "bestaat-niet") == "bestaat-niet"


def test_languages_are_named_in_their_own_language() -> None:
    assert dict(LANGUAGE_CHOICES)["ar"] == "العربية"
    assert [code for code, _ in LANGUAGE_CHOICES] == [language.value for language in Language]
