"""The evidence levels are data with sources, and a card never shows a level as more than it
is: an own level says it is the municipality's own account, a databank's level names the
databank and the date of the recognition."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from kansen.web.practices import levels

from .factories import PracticeFactory


def test_every_scheme_has_a_source_and_every_level_a_meaning():
    data = levels.evidence_data()
    assert data.version == "2026-12"
    assert [(s.code, s.recognised) for s in data.schemes.values()] == [
        ("nji", True),
        ("movisie", True),
        ("own", False),
    ]
    assert all(s.source for s in data.schemes.values())
    by_scheme: dict[str, list[int]] = {}
    for level in data.levels.values():
        assert all((level.meaning_nl, level.meaning_en, level.name_nl, level.name_en))
        by_scheme.setdefault(level.scheme.code, []).append(level.rank)
    # the levels of the issue, ranked within their scheme only
    assert by_scheme == {"nji": [1, 2, 3, 4], "movisie": [1, 2, 3], "own": [1, 2, 3, 4]}
    # an own level's meaning says it is not a recognition
    assert all("Niet " in lv.meaning_nl for lv in data.levels.values() if not lv.recognised)


@pytest.mark.parametrize(
    ("cost", "band"),
    [
        (None, None),
        (Decimal("0"), "low"),
        (Decimal("100"), "low"),  # the bound belongs to the lower band
        (Decimal("101"), "moderate"),
        (Decimal("500"), "moderate"),
        (Decimal("1500"), "high"),
        (Decimal("1501"), "very-high"),
    ],
)
def test_cost_bands(cost, band):
    found = levels.cost_band(cost)
    assert (found.code if found else None) == band


@pytest.mark.django_db
def test_the_card_says_whose_level_it_is():
    own = PracticeFactory(evidence_level="own-effect-study", evidence_basis="RCT 2024")
    nji = PracticeFactory(
        evidence_level="nji-effectief-goede",
        evidence_entry_name="X",
        evidence_entry_url="https://www.nji.nl/interventies/x",
        evidence_date=datetime.date(2023, 3, 1),
    )
    with translation.override("nl"):
        own_html = render_to_string("practices/_evidence.html", {"practice": own})
        nji_html = render_to_string("practices/_evidence.html", {"practice": nji})
    assert own_html.strip() == (
        'Effectonderzoek (eigen niveau)<span class="pr-own">'
        "Eigen beoordeling van de gemeente, niet erkend door een databank</span>"
    )
    assert nji_html.strip() == (
        'Effectief volgens goede aanwijzingen<span class="pr-own">'
        "Erkend door NJi op 1-3-2023</span>"
    )
