"""The register's deprivation filter: records working in areas among the most deprived 10% or
20% of their municipality's areas by the MDI, checked against the index computed by the
library straight from the demo's generated data."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.index import default_mdi
from kansen.web.accounts.models import Municipality
from kansen.web.areas.models import Area, Indicator, Observation
from kansen.web.practices import deprivation, selectors
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
    # the page says whose areas the deciles rank (Dutch first)
    html = page.content.decode()
    assert "Achterstand van de buurten waar het werkt, binnen de eigen gemeente" in html
    assert "Bij de 20% buurten of wijken met de meeste achterstand binnen de eigen gemeente" in html


def test_the_api_filters_by_the_deprivation_of_the_areas_as_the_page_does(shared_demo):
    """``achterstand`` as on the page: a record naming a buurt or wijk among the most deprived
    10% or 20% of its own municipality's areas (the demo's deciles: BU99990101 in the first
    tenth, BU99990201 in the second, WK999903 in the second, BU99990501 in the tenth)."""
    demostad = Municipality.objects.get(code="GM9999")
    Practice.objects.update(status=PracticeStatus.DRAFT)  # only this test's records published
    for slug, codes in [
        ("eerste", ["BU99990501", "BU99990101"]),
        ("tweede", ["BU99990201"]),
        ("wijk", ["WK999903"]),
        ("tiende", ["BU99990501"]),
        ("nergens", []),
        ("onbekend", ["BU0000000"]),
    ]:
        PracticeFactory(municipality=demostad, slug=slug, neighbourhoods=codes, published=True)
    PracticeFactory(slug="elders", published=True)  # a municipality without areas

    def slugs(query: str) -> list[str]:
        response = Client().get(f"/api/practices/{query}")
        assert response.status_code == 200, response.content
        return [r["address"].split("/")[-2] for r in response.json()]

    assert slugs("?achterstand=10") == ["eerste"]
    assert slugs("?achterstand=20") == ["eerste", "tweede", "wijk"]
    assert slugs("?achterstand=10&achterstand=20") == ["eerste", "tweede", "wijk"]
    assert slugs("?achterstand=20&support_type=taal") == []
    assert len(slugs("")) == 7
    # the same records as the register's page
    page = Client().get("/praktijken/?achterstand=20")
    assert sorted(p.slug for p in page.context["found"].practices) == ["eerste", "tweede", "wijk"]
    assert Client().get("/api/practices/?achterstand=30").status_code == 422


# --- The deciles are kept until what they are computed from changes -------------------------


@pytest.fixture
def computed(monkeypatch):
    """Count the computations of the index (the cache starts empty)."""
    deprivation.clear()
    calls: list[str] = []
    compute = deprivation.compute_deciles

    def counting(municipality):
        calls.append(municipality.code)
        return compute(municipality)

    monkeypatch.setattr(deprivation, "compute_deciles", counting)
    yield calls
    deprivation.clear()


def _swap_figures(a: str, b: str, year: int = 2024) -> None:
    """Give buurt ``a`` the figures of buurt ``b`` and the other way round (the indicators both
    have), as a corrected import would."""
    first = {o.indicator_id: o for o in Observation.objects.filter(area__code=a, year=year)}
    second = {o.indicator_id: o for o in Observation.objects.filter(area__code=b, year=year)}
    for indicator in sorted(set(first) & set(second)):
        x, y = first[indicator], second[indicator]
        (x.value, x.status), (y.value, y.status) = (y.value, y.status), (x.value, x.status)
        x.save(update_fields=["value", "status"])
        y.save(update_fields=["value", "status"])


def test_a_changed_figure_changes_the_filter_at_the_next_search(shared_demo, computed):
    frame = _library_result(default_mdi()).frame
    first, last = (sorted(frame.index[frame["decile"] == d])[0] for d in (1, 10))
    assert (first, last) == ("BU99990101", "BU99990501")
    demostad = Municipality.objects.get(code="GM9999")
    Practice.objects.update(status=PracticeStatus.DRAFT)
    PracticeFactory(
        municipality=demostad, title="In de eerste", neighbourhoods=[first], published=True
    )
    PracticeFactory(
        municipality=demostad, title="In de laatste", neighbourhoods=[last], published=True
    )

    def titles() -> list[str]:
        return sorted(p.title for p in selectors.search("", {"achterstand": ["10"]}).practices)

    assert titles() == ["In de eerste"]
    assert titles() == ["In de eerste"]
    assert computed == ["GM9999"]  # the second search used the kept deciles
    _swap_figures(first, last)
    # with the other's figures, BU99990501 is in the most deprived tenth and BU99990101 in the
    # fifth (computed by the index builder on the swapped figures)
    assert titles() == ["In de laatste"]
    assert computed == ["GM9999", "GM9999"]
    assert deprivation.area_deciles(demostad)[first] == 5


def _first_observation() -> Observation:
    return Observation.objects.filter(
        area__code="BU99990101", year=2024, indicator__code="low_income_households"
    ).get(indicator__municipality__code="GM9999")


@pytest.mark.parametrize(
    ("change", "changes_version"),
    [
        # a figure's value corrected in place
        (lambda: Observation.objects.filter(pk=_first_observation().pk).update(value=99.5), True),
        # a figure becomes suppressed
        (
            lambda: Observation.objects.filter(pk=_first_observation().pk).update(
                value=None, status="suppressed"
            ),
            True,
        ),
        # an import replaces the figures (deleted and written again: new rows)
        (lambda: _import_again(_first_observation()), True),
        # the municipality withdraws an indicator from publication
        (
            lambda: Indicator.objects.filter(
                code="low_income_households", municipality__code="GM9999"
            ).update(is_public=False),
            True,
        ),
        # a buurt is moved to another wijk
        (
            lambda: Area.objects.filter(code="BU99990101", year=2024).update(
                parent=Area.objects.get(code="WK999902", year=2024)
            ),
            True,
        ),
        # the areas of a new year are imported (the latest year changes)
        (
            lambda: Area.objects.create(
                code="GM9999", year=2025, level="gemeente", municipality_code="GM9999"
            ),
            True,
        ),
        # a figure of an indicator outside the MDI
        (
            lambda: (
                Observation.objects.filter(area__code="BU99990101", year=2024)
                .exclude(indicator__code__in=default_mdi().columns)
                .filter(status="ok")
                .update(value=1.0)
            ),
            False,
        ),
        # a figure of the year before
        (
            lambda: Observation.objects.filter(
                area__code="BU99990101", year=2023, status="ok"
            ).update(value=1.0),
            False,
        ),
        # a buurt's name
        (lambda: Area.objects.filter(code="BU99990101").update(name="Nieuwe naam"), False),
    ],
)
def test_the_version_of_the_deciles(shared_demo, change, changes_version):
    demostad = Municipality.objects.get(code="GM9999")
    before = deprivation.deciles_version(demostad)
    assert deprivation.deciles_version(demostad) == before
    change()
    assert (deprivation.deciles_version(demostad) != before) is changes_version


def test_a_changed_definition_changes_the_version(shared_demo, monkeypatch):
    import kansen.index

    demostad = Municipality.objects.get(code="GM9999")
    before = deprivation.deciles_version(demostad)
    changed = default_mdi().with_weight("income", 30.0)
    monkeypatch.setattr(kansen.index, "default_mdi", lambda: changed)
    assert deprivation.deciles_version(demostad) != before


def _import_again(observation: Observation) -> None:
    """Delete the figure and write the same one again, as an import does."""
    observation.delete()
    observation.pk = None
    observation.save()
