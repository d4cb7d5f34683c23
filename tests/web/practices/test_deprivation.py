"""The register's deprivation filter: records working in areas among the most deprived 10% or
20% of their municipality's areas by the MDI, checked against the index computed by the
library straight from the demo's generated data."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.index import default_mdi
from kansen.web.accounts.models import Municipality
from kansen.web.practices import selectors
from kansen.web.practices.constants import PracticeStatus
from kansen.web.practices.models import Practice

from ..deprivation.test_index_builder import _library_result
from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_the_register_filters_by_the_deprivation_of_the_areas(shared_demo):
    frame = _library_result(default_mdi()).frame
    by_decile = {int(d): sorted(frame.index[frame["decile"] == d]) for d in (1, 2, 3, 10)}
    demostad = Municipality.objects.get(code="GM9999")
    Practice.objects.update(status=PracticeStatus.DRAFT)  # only this test's records published
    for title, codes in [
        ("Eerste tiende", [by_decile[10][0], by_decile[1][0]]),
        ("Tweede tiende", [by_decile[2][0]]),
        ("Derde tiende", [by_decile[3][0], by_decile[10][1]]),
        ("Zonder buurten", []),
        ("Onbekende buurt", ["BU0000000"]),
    ]:
        PracticeFactory(municipality=demostad, title=title, neighbourhoods=codes, published=True)

    def titles(*options: str) -> list[str]:
        found = selectors.search("", {"achterstand": list(options)})
        return sorted(p.title for p in found.practices)

    assert titles("10") == ["Eerste tiende"]
    assert titles("20") == ["Eerste tiende", "Tweede tiende"]
    assert titles("10", "20") == ["Eerste tiende", "Tweede tiende"]
    assert selectors.search("").facets["achterstand"] == {"10": 1, "20": 2}
    page = Client().get("/praktijken/?achterstand=20")
    assert sorted(p.title for p in page.context["found"].practices) == [
        "Eerste tiende",
        "Tweede tiende",
    ]
