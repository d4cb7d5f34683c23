"""Wijken and buurten of a year whose municipality file was not imported: the parent is taken
under the same code from the nearest earlier year, and the import report says so."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.areas import services
from kansen.web.areas.models import Area, ImportRun

from ..factories import PASSWORD, MunicipalityFactory, UserFactory
from ..test_imports import _feature, _square, boundaries_rd

pytestmark = pytest.mark.django_db

MUNICIPALITY = boundaries_rd(_feature("GM9001", "Proefdorp", _square(150000, 460000, 2000)))
DISTRICTS = boundaries_rd(
    _feature("WK900101", "Noord", _square(150000, 461000)),
    _feature("WK900102", "Zuid", _square(150000, 460000)),
)


@pytest.fixture
def proefdorp():
    return MunicipalityFactory(code="GM9001", name="Proefdorp", slug="proefdorp")


def _municipality_in(proefdorp, *years: int) -> None:
    for year in years:
        services.import_boundaries(
            MUNICIPALITY, filename=f"gm{year}.geojson", year=year, municipality=proefdorp
        )


def test_wijken_go_under_the_municipality_of_the_nearest_earlier_year(proefdorp):
    _municipality_in(proefdorp, 2020, 2022, 2025)
    run = services.import_boundaries(
        DISTRICTS, filename="wijken.geojson", year=2024, municipality=proefdorp
    )
    parents = {(a.code, a.parent.code, a.parent.year) for a in Area.objects.filter(year=2024)}
    assert parents == {("WK900101", "GM9001", 2022), ("WK900102", "GM9001", 2022)}
    # no municipality of 2024 was made up
    assert not Area.objects.filter(code="GM9001", year=2024).exists()
    assert run.summary["parents_from_earlier_year"] == [
        {"parent": "GM9001", "year": 2022, "children": 2}
    ]


def test_the_report_says_which_parent_was_taken_from_which_year(proefdorp):
    _municipality_in(proefdorp, 2022)
    UserFactory(username="analist", municipality=proefdorp, role=Role.ANALYST)
    client = Client(headers={"accept-language": "nl"})
    client.login(username="analist", password=PASSWORD)
    response = client.post(
        "/gebieden/importeren/",
        {
            "kind": "boundaries",
            "year": 2024,
            "file": SimpleUploadedFile("wijken.geojson", DISTRICTS),
        },
    )
    run = ImportRun.objects.get(filename="wijken.geojson")
    assert response.status_code == 302, response.content[:2000]
    page = client.get(f"/gebieden/importeren/{run.pk}/").text
    assert (
        "2 gebieden zijn onder GM9001 van 2022 geplaatst, het dichtstbijzijnde eerdere jaar "
        "waarin deze code bekend is (voor hun eigen jaar is geen gebied GM9001 geïmporteerd)."
    ) in page


def test_values_of_buurten_go_under_a_wijk_of_an_earlier_year(proefdorp):
    _municipality_in(proefdorp, 2022)
    services.import_boundaries(
        DISTRICTS, filename="wijken.geojson", year=2022, municipality=proefdorp
    )
    values = (
        b'"Perioden";"Regiocode";"Inwoners (Aantal)"\n'
        b'"2024";"BU90010101";"150"\n'
        b'"2024";"BU90010102";"1850"\n'
    )
    run = services.import_values(values, filename="buurten.csv", municipality=proefdorp)
    assert run.summary["parents_from_earlier_year"] == [
        {"parent": "WK900101", "year": 2022, "children": 2}
    ]
    buurt = Area.objects.get(code="BU90010102", year=2024)
    assert (buurt.parent.code, buurt.parent.year) == ("WK900101", 2022)


def test_a_parent_only_known_in_a_later_year_is_refused(proefdorp):
    _municipality_in(proefdorp, 2025)
    with pytest.raises(services.ImportFailed) as failed:
        services.import_boundaries(
            DISTRICTS, filename="wijken.geojson", year=2024, municipality=proefdorp
        )
    assert [(p.row, p.code, p.params) for p in failed.value.problems] == [
        (1, "area.parent_unknown", {"parent": "GM9001", "code": "WK900101", "year": 2024}),
        (2, "area.parent_unknown", {"parent": "GM9001", "code": "WK900102", "year": 2024}),
    ]
    assert not Area.objects.filter(year=2024).exists()


def test_a_national_file_keeps_wijken_of_an_unknown_municipality_without_parent_and_says_so(
    proefdorp,
):
    # a municipality formed after the last municipality file loaded (GM1992 in 2023)
    run = services.import_boundaries(
        DISTRICTS, filename="wijken.geojson", year=2024, municipality=None
    )
    assert run.summary["without_parent"] == [{"parent": "GM9001", "year": 2024, "children": 2}]
    areas = Area.objects.filter(year=2024).order_by("code")
    assert [(a.code, a.parent_id, a.municipality_code) for a in areas] == [
        ("WK900101", None, "GM9001"),
        ("WK900102", None, "GM9001"),
    ]
    assert not Area.objects.filter(level="gemeente").exists()  # nothing made up
    client = Client(headers={"accept-language": "nl"})
    UserFactory(username="beheer", municipality=None, role="", is_staff=True, is_superuser=True)
    client.login(username="beheer", password=PASSWORD)
    page = client.get(f"/gebieden/importeren/{run.pk}/").text
    assert (
        "2 gebieden hebben geen bovenliggend gebied: GM9001 is niet bekend voor 2024 of een "
        "eerder jaar."
    ) in page
