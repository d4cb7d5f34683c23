"""The one schema of an offer: what is derived from it stays as it was, and every problem code
has its words in English and Dutch."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import string

import openpyxl

from kansen.offers import (
    APPLY_ROUTES,
    AUDIENCES,
    COSTS,
    DUTCH_TEXTS,
    LANGUAGES,
    OFFER_COLUMNS,
    PROBLEM_TEXTS,
    SUPPORT_TYPES,
    demo_directory,
    write_offers_table,
)

# The digests of the export of the Demostad directory written before the schema existed
# (commit 48731a6), with the first offer unpublished, without amount and with 0 places.
CSV_BEFORE = "354414c5d725fc3ed73476e5cc85f2d958e1261c236f49f2bf21ad20996af7e1"
XLSX_CELLS_BEFORE = "58c3a0e9a4a3eb4011c71d9d5a5a097a2b7277cd5038c8e0c0273e9ddf804659"


def _offers() -> list:
    offers = list(demo_directory().offers)
    offers[0] = dataclasses.replace(offers[0], is_published=False, cost_amount=None, capacity=0)
    return offers


def test_the_csv_export_is_the_same_byte_for_byte() -> None:
    assert hashlib.sha256(write_offers_table(_offers(), "csv")).hexdigest() == CSV_BEFORE


def test_the_excel_export_has_the_same_cells() -> None:
    # A workbook's bytes hold the time it was written; its cells (values and types) do not.
    workbook = openpyxl.load_workbook(io.BytesIO(write_offers_table(_offers(), "xlsx")))
    cells = [[repr(c) for c in row] for row in workbook["Aanbod"].iter_rows(values_only=True)]
    assert hashlib.sha256(json.dumps(cells).encode()).hexdigest() == XLSX_CELLS_BEFORE


def test_the_columns_are_in_their_old_order() -> None:
    assert OFFER_COLUMNS[:22] == (
        "id", "provider", "title", "summary", "description", "support_types", "age_min",
        "age_max", "audiences", "cost", "cost_amount", "cost_note", "languages", "apply_route",
        "how_to_apply", "email", "phone", "website", "capacity", "regulation", "last_checked",
        "is_published",
    )  # fmt: skip
    assert OFFER_COLUMNS[22:29] == tuple(
        f"location1_{suffix}"
        for suffix in ("name", "address", "postcode", "city", "buurt", "x", "y")
    )
    assert OFFER_COLUMNS[-4:] == ("title_uk", "summary_uk", "description_uk", "how_to_apply_uk")


def test_the_code_lists_keep_their_codes_and_dutch_labels() -> None:
    assert COSTS == {"free": "Gratis", "contribution": "Eigen bijdrage", "price": "Betaald"}
    assert APPLY_ROUTES == {"self": "Zelf aanmelden", "professional": "Via een professional"}
    assert AUDIENCES == {
        "kind": "Kinderen",
        "jongere": "Jongeren",
        "ouder": "Ouders",
        "professional": "Professionals",
    }
    assert list(SUPPORT_TYPES) == [
        "taal", "huiswerk", "talentontwikkeling", "sociaal-emotioneel", "cognitief",
        "opvoeding", "sport", "cultuur", "schoolkosten", "voeding", "geldzaken",
    ]  # fmt: skip
    assert SUPPORT_TYPES["sociaal-emotioneel"] == "Sociaal-emotionele ontwikkeling"
    assert list(LANGUAGES) == [
        "nl", "en", "tr", "ar", "pl", "uk", "so", "ti", "fr", "de", "es", "ber", "fa",
    ]  # fmt: skip
    assert LANGUAGES["ar"] == "العربية"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_problem_code_has_english_and_dutch_words_with_the_same_placeholders() -> None:
    assert set(PROBLEM_TEXTS) == set(DUTCH_TEXTS)
    for code, english in PROBLEM_TEXTS.items():
        dutch = DUTCH_TEXTS[code]
        assert _placeholders(english.message) == _placeholders(dutch.message), code
        assert _placeholders(english.expected) == _placeholders(dutch.expected), code
        assert bool(english.expected) == bool(dutch.expected), code
