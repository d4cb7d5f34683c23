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


# --- The deciles are kept until what they are computed from is written -----------------------


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


FIRST, LAST = "BU99990101", "BU99990501"  # buurten of the most and least deprived tenth
#: An indicator of the MDI that only Demostad publishes (no national figure takes its place).
OWN_ONLY = "median_household_wealth"


def _figures_csv(rows: list[tuple[int, str, dict[str, str]]]) -> bytes:
    """A CBS-style table of figures: (year, area code, {indicator code: value or "."})."""
    columns = sorted({code for _, _, values in rows for code in values})
    lines = [";".join(f'"{c}"' for c in ["Perioden", "Regiocode", *columns])]
    for year, area, values in rows:
        cells = [str(year), area, *(values.get(c, ".") for c in columns)]
        lines.append(";".join(f'"{c}"' for c in cells))
    return "\n".join(lines).encode()


def _import(rows: list[tuple[int, str, dict[str, str]]], municipality_code="GM9999") -> None:
    from kansen.web.areas import services

    services.import_values(
        _figures_csv(rows),
        filename="correctie.csv",
        municipality=Municipality.objects.get(code=municipality_code),
        publish=True,
    )


def _mdi_figures(area: str, year: int = 2024) -> dict[str, str]:
    """The published figures of the MDI's indicators of Demostad for one area, as the file
    writes them ("." where suppressed)."""
    return {
        o.indicator.code: "." if o.value is None else f"{o.value}".replace(".", ",")
        for o in Observation.objects.filter(
            area__code=area,
            year=year,
            indicator__municipality__code="GM9999",
            indicator__code__in=default_mdi().columns,
        ).select_related("indicator")
    }


def _import_swapped():
    """A corrected file: the two buurten's figures the other way round."""
    first, last = _mdi_figures(FIRST), _mdi_figures(LAST)
    _import([(2024, FIRST, last), (2024, LAST, first)])


def _import_suppressed():
    """A file that suppresses every figure of the most deprived buurt."""
    _import([(2024, FIRST, dict.fromkeys(_mdi_figures(FIRST), "."))])


def _withdraw_publication():
    from kansen.web.areas import services

    indicator = Indicator.objects.get(code=OWN_ONLY, municipality__code="GM9999")
    services.set_published(indicator, False)


def _rename_indicator():
    from kansen.web.areas import services

    municipality = Municipality.objects.get(code="GM9999")
    services.update_indicator_metadata(municipality, OWN_ONLY, code=f"{OWN_ONLY}_old")


def _move_buurt():
    """The platform administrator moves the least deprived buurt to the first wijk (the admin
    saves the area): its suppressed figures are then filled from another wijk's."""
    area = Area.objects.get(code=LAST, year=2024)
    area.parent = Area.objects.get(code="WK999901", year=2024)
    area.save()


def _delete_indicator():
    """An indicator deleted (the admin): its figures go with it."""
    Indicator.objects.get(code=OWN_ONLY, municipality__code="GM9999").delete()


def _import_new_year():
    """Figures of a new year, which makes Demostad's area of that year: the latest year with
    areas has no buurten yet."""
    _import([(2025, "GM9999", {"low_income_households": "10,0"})])


def _delete_municipality_area():
    Area.objects.filter(code=LAST, year=2024).delete()


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        # an import corrects the figures of two buurten (deleted and written again)
        (_import_swapped, ["In de laatste"]),
        # an import suppresses every figure of a buurt: it is ranked by its wijk's
        (_import_suppressed, []),
        # the municipality withdraws an indicator from publication: no index for the public
        # (the filter finds nothing rather than rank on fewer figures)
        (_withdraw_publication, []),
        # an indicator's code changed: the MDI misses it
        (_rename_indicator, []),
        # a buurt moved to another wijk (the admin)
        (_move_buurt, ["In de eerste"]),
        # an indicator deleted with its figures (the admin)
        (_delete_indicator, []),
        # the areas of a new year
        (_import_new_year, []),
        # an area deleted (the admin): of 39 buurten, BU99990101 (4th) is in the second tenth
        (_delete_municipality_area, []),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_every_write_of_what_the_deciles_read_shows_at_the_next_search(
    shared_demo, computed, write, expected
):
    demostad = Municipality.objects.get(code="GM9999")
    Practice.objects.update(status=PracticeStatus.DRAFT)
    for title, code in [("In de eerste", FIRST), ("In de laatste", LAST)]:
        PracticeFactory(municipality=demostad, title=title, neighbourhoods=[code], published=True)

    def titles() -> list[str]:
        return sorted(p.title for p in selectors.search("", {"achterstand": ["10"]}).practices)

    assert titles() == ["In de eerste"]
    assert titles() == ["In de eerste"]
    assert computed == ["GM9999"]  # the second search used the kept deciles
    write()
    assert titles() == expected
    assert computed == ["GM9999", "GM9999"]


def test_the_swapped_figures_rank_the_buurten_as_the_index_builder_does(shared_demo):
    deprivation.clear()
    demostad = Municipality.objects.get(code="GM9999")
    assert deprivation.area_deciles(demostad)[FIRST] == 1
    _import_swapped()
    # with the other's figures, BU99990501 is in the most deprived tenth and BU99990101 in the
    # fifth (computed by the index builder on the swapped figures)
    assert (
        deprivation.area_deciles(demostad)[LAST],
        deprivation.area_deciles(demostad)[FIRST],
    ) == (1, 5)


def test_a_write_for_another_municipality_does_not_compute_again(shared_demo, computed):
    demostad = Municipality.objects.get(code="GM9999")
    Municipality.objects.get_or_create(code="GM9901", defaults={"name": "Oudeveen"})
    PracticeFactory(municipality=demostad, neighbourhoods=[FIRST], published=True)
    # the first import makes Oudeveen's indicator: what every reading depends on
    _import([(2024, "GM9901", {"low_income_households": "9,0"})], municipality_code="GM9901")
    selectors.search("")
    _import([(2024, "GM9901", {"low_income_households": "8,0"})], municipality_code="GM9901")
    selectors.search("")
    assert computed == ["GM9999"]
    _import([(2024, FIRST, {"low_income_households": "8,0"})])
    selectors.search("")
    assert computed == ["GM9999", "GM9999"]


def test_a_search_reads_the_versions_in_one_query(shared_demo, django_assert_num_queries):
    demostad = Municipality.objects.get(code="GM9999")
    deprivation.clear()
    deprivation.readings([demostad])
    with django_assert_num_queries(1):
        deprivation.deciles_of([demostad])
    with django_assert_num_queries(1):
        deprivation.readings([demostad])


def test_a_changed_definition_computes_again(shared_demo, computed, monkeypatch):
    import kansen.index

    demostad = Municipality.objects.get(code="GM9999")
    before = deprivation.deciles_version(demostad)
    deprivation.area_deciles(demostad)
    changed = default_mdi().with_weight("income", 30.0)
    monkeypatch.setattr(kansen.index, "default_mdi", lambda: changed)
    assert deprivation.deciles_version(demostad) != before
    deprivation.area_deciles(demostad)
    assert computed == ["GM9999", "GM9999"]


# --- The tokens each write changes (kansen.web.areas.versions) --------------------------------


def _changed(write) -> set[str]:
    from kansen.web.areas.models import AreaDataVersion

    before = dict(AreaDataVersion.objects.values_list("key", "token"))
    write()
    after = dict(AreaDataVersion.objects.values_list("key", "token"))
    return {key for key in after if after[key] != before.get(key)}


def _save_gemeente_figure():
    observation = Observation.objects.filter(area__code="GM9999", year=2024).first()
    observation.save()


@pytest.mark.parametrize(
    ("write", "keys"),
    [
        # figures of Demostad's areas, Demostad's own indicators
        (lambda: _import([(2024, FIRST, {"low_income_households": "8,0"})]), {"GM9999"}),
        # a figure of a gemeente: what ranks the country's municipalities too
        (lambda: _import([(2024, "GM9999", {"low_income_households": "8,0"})]), {"GM9999", "NL"}),
        # an indicator's publication: every reading
        (_withdraw_publication, {"*"}),
        # an area saved one at a time (the admin)
        (_move_buurt, {"*"}),
        # a figure saved one at a time
        (_save_gemeente_figure, {"GM9999", "NL"}),
    ],
)
def test_the_tokens_each_write_changes(shared_demo, write, keys):
    assert _changed(write) == keys
