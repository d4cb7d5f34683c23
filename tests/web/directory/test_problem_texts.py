"""Every problem code of an offers file has its words on the platform, in English and Dutch."""

from __future__ import annotations

import pytest
from django.utils import translation

from kansen.io import ImportRejected
from kansen.offers import DUTCH_TEXTS, PROBLEM_TEXTS, read_offers_table
from kansen.web.directory.problems import OFFER_PROBLEM_MESSAGES, in_language


def test_every_code_of_the_library_has_a_message_with_its_english_words() -> None:
    assert set(OFFER_PROBLEM_MESSAGES) == set(PROBLEM_TEXTS)
    for code, (message, expected) in OFFER_PROBLEM_MESSAGES.items():
        with translation.override("en"):
            english = (str(message), str(expected) if expected is not None else "")
        assert english == (PROBLEM_TEXTS[code].message, PROBLEM_TEXTS[code].expected), code


def test_every_code_has_the_dutch_text_of_the_library() -> None:
    # Fails when the catalog lacks a code's Dutch text (the message id would come back).
    for code, (message, expected) in OFFER_PROBLEM_MESSAGES.items():
        with translation.override("nl"):
            dutch = (str(message), str(expected) if expected is not None else "")
        assert dutch == (DUTCH_TEXTS[code].message, DUTCH_TEXTS[code].expected), code


TABLE = b"id;provider;title;support_types;audiences;cost;apply_route;last_checked\n"


@pytest.mark.parametrize(
    ("language", "message", "expected"),
    [
        ("nl", "onbekende code 'zwemmen'", "codes uit: taal, huiswerk, talentontwikkeling, "),
        ("en", "unknown code 'zwemmen'", "codes from: taal, huiswerk, talentontwikkeling, "),
    ],
)
def test_a_problem_is_shown_in_the_language_of_the_reader(
    language: str, message: str, expected: str
) -> None:
    table = TABLE + b"zwemles;bieb;Zwemles;zwemmen;kind;free;self;2026-03-01\n"
    with pytest.raises(ImportRejected) as rejected:
        read_offers_table(table, "aanbod.csv")
    [problem] = rejected.value.problems
    with translation.override(language):
        shown = in_language(problem)
    assert (shown.row, shown.column, shown.message) == (2, "support_types", message)
    assert shown.expected is not None
    assert shown.expected.startswith(expected)
