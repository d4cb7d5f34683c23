"""The national reading of deprivation (``achterstand_nl``): a record's municipality among the
most deprived 10% or 20% of the country's municipalities by the MDI of the CBS key figures of
municipalities (``KWB_2022_MDI``), offered only when the platform holds national figures of
nine in ten of the country's municipalities; checked against the index computed by the library
straight from the same table."""

from __future__ import annotations

import pandas as pd
import pytest
from django.test import Client

from kansen.index import KWB_2022_MDI, compute_index
from kansen.web.areas import services
from kansen.web.areas.models import Indicator
from kansen.web.areas.provinces import provinces
from kansen.web.practices import deprivation, selectors

from ..factories import MunicipalityFactory
from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

#: The country's municipalities (the province table's 342 of 2024), in code order.
CODES = sorted(
    code
    for p in provinces().values()
    for code in p.municipality_codes
    # not dissolved since 2022, not one of the demo's fictional municipalities
    if code not in {"GM0457", "GM0501", "GM0530", "GM0614"} and not code.startswith("GM99")
)
#: The indicators where higher is better (the others: higher is worse).
BETTER = {
    c.code for d in KWB_2022_MDI.domains for c in d.indicators if c.direction == "higher_is_better"
}


def _table(count: int) -> pd.DataFrame:
    """Key figures of the first ``count`` municipalities, each figure in another order of the
    municipalities (multiples of their number, modulo), so that no figure decides alone."""
    rows = {}
    for i, code in enumerate(CODES[:count]):
        rows[code] = {
            "pct_rond_sociaal_min": 5 + (i % 97) / 10,
            "mediaan_vermogen": 200 - (i * 37 % 150),
            "arbeidsparticipatie": 75 - (i * 11 % 20),
            "zk_kosten_ggz": 100 + i * 13 % 90,
            "zk_kosten_farmacie": 300 + i * 7 % 60,
            "opl_laag": 1000 + i * 29 % 800,
            "opl_totaal": 10000,
            "gem_woz_waarde": 400 - (i * 17 % 250),
            "cr_geweld": 10 + i * 3 % 40,
            "aantal_inwoners": 20000,
            "cr_vermogen": 100 + i * 19 % 200,
            "cr_vernieling": 20 + i * 23 % 50,
            "pct_natuur": 5 + (i * 31 % 40),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _import(table: pd.DataFrame) -> None:
    """The table as the ministry's platform administrator imports it: national figures."""
    columns = list(table.columns)
    lines = [";".join(f'"{c}"' for c in ["Perioden", "Regiocode", *columns])]
    for code, row in table.iterrows():
        lines.append(";".join(f'"{v}"' for v in ["2022", code, *(row[c] for c in columns)]))
    services.import_values(
        "\n".join(lines).encode(), filename="kerncijfers_2022.csv", municipality=None, publish=True
    )


def _expected(table: pd.DataFrame) -> dict[str, int]:
    frame = compute_index(table[list(KWB_2022_MDI.columns)], KWB_2022_MDI, year=2022).frame
    return {str(code): int(d) for code, d in frame["decile"].items()}


@pytest.fixture
def clean():
    deprivation.clear()
    yield
    deprivation.clear()


def test_the_register_filters_by_the_municipality_among_the_country(clean):
    table = _table(len(CODES))
    _import(table)
    expected = _expected(table)
    by_decile = {d: sorted(c for c, x in expected.items() if x == d) for d in (1, 2, 3)}
    records = {}
    for title, code in [
        ("Eerste tiende", by_decile[1][0]),
        ("Tweede tiende", by_decile[2][0]),
        ("Derde tiende", by_decile[3][0]),
        ("Buiten het land", "GM9999"),  # a municipality without national figures
    ]:
        municipality = MunicipalityFactory(code=code, slug=code.lower(), name=title)
        records[title] = PracticeFactory(municipality=municipality, title=title, published=True)

    national = deprivation.national_deciles()
    assert national is not None
    assert (national.year, national.ranked, national.country) == (2022, 342, 342)
    assert national.deciles == expected

    def titles(*options: str) -> list[str]:
        found = selectors.search("", {"achterstand_nl": list(options)})
        return sorted(p.title for p in found.practices)

    assert titles("10") == ["Eerste tiende"]
    assert titles("20") == ["Eerste tiende", "Tweede tiende"]
    assert selectors.search("").facets["achterstand_nl"] == {"10": 1, "20": 2}
    # the page: Dutch first, saying what ranks the municipalities
    page = Client().get("/praktijken/?achterstand_nl=20")
    assert sorted(p.title for p in page.context["found"].practices) == [
        "Eerste tiende",
        "Tweede tiende",
    ]
    html = page.content.decode()
    assert "Achterstand van de gemeente, landelijk" in html
    assert "Gemeente bij de 10% gemeenten met de meeste achterstand van Nederland" in html
    assert "over 342 gemeenten (Nederland heeft er 342), cijfers van 2022" in html
    # the API, the same records
    response = Client().get("/api/practices/?achterstand_nl=20")
    assert response.status_code == 200
    assert sorted(r["title"] for r in response.json()) == ["Eerste tiende", "Tweede tiende"]
    assert Client().get("/api/practices/?achterstand_nl=30").status_code == 422


def test_a_new_national_figure_shows_at_the_next_search(clean):
    table = _table(len(CODES))
    _import(table)
    first = sorted(c for c, d in _expected(table).items() if d == 1)[0]
    municipality = MunicipalityFactory(code=first, slug="eerste", name="Eerste")
    PracticeFactory(municipality=municipality, title="Eerste", published=True)
    assert [p.title for p in selectors.search("", {"achterstand_nl": ["10"]}).practices] == [
        "Eerste"
    ]
    # corrected key figures: the municipality is now the least deprived in every figure
    best = table.loc[first].copy()
    for column in table.columns:
        if column in BETTER:
            best[column] = table[column].max()
        elif column not in ("opl_totaal", "aantal_inwoners"):
            best[column] = table[column].min()
    _import(pd.DataFrame([best], index=[first]))
    assert selectors.search("", {"achterstand_nl": ["20"]}).practices == []


@pytest.mark.parametrize(
    ("count", "held"),
    [
        (len(CODES), True),
        # 308 of 342: nine in ten (307.8)
        (308, True),
        # fewer: the municipalities on the platform are not the country
        (307, False),
    ],
)
def test_a_national_reading_needs_nine_in_ten_municipalities(clean, count, held):
    _import(_table(count))
    assert (deprivation.national_deciles() is not None) is held


def test_without_every_indicator_there_is_no_national_reading(clean):
    _import(_table(len(CODES)))
    services.set_published(Indicator.objects.get(code="pct_natuur", municipality=None), False)
    assert deprivation.national_deciles() is None


def test_without_national_figures_the_page_offers_the_reading_within_the_municipality(clean):
    PracticeFactory(title="Ergens", published=True)
    page = Client().get("/praktijken/")
    assert page.context["found"].national is None
    html = page.content.decode()
    assert "Achterstand van de gemeente, landelijk" not in html
    assert "binnen de eigen gemeente" in html
    # asked for anyway (an old link): shown, to be unticked, and saying why nothing is in it
    page = Client().get("/praktijken/?achterstand_nl=10")
    assert page.context["found"].practices == []
    assert "Er zijn geen landelijke cijfers van gemeenten geladen" in page.content.decode()
    assert Client().get("/api/practices/?achterstand_nl=10").json() == []


def test_an_analyst_finds_practices_of_municipalities_in_the_same_tenth(clean):
    from kansen.web.accounts.constants import Role

    from ..factories import UserFactory

    table = _table(len(CODES))
    _import(table)
    expected = _expected(table)
    first, second, third = (sorted(c for c, d in expected.items() if d == 1)[i] for i in range(3))
    other = sorted(c for c, d in expected.items() if d == 5)[0]
    made = {}
    for code, name in [(first, "Eerste"), (second, "Tweede"), (third, "Derde"), (other, "Vijfde")]:
        made[code] = MunicipalityFactory(code=code, slug=name.lower(), name=name)
        PracticeFactory(municipality=made[code], title=f"Aanpak {name}", published=True)
    analyst = UserFactory(municipality=made[first], role=Role.ANALYST)
    client = Client(headers={"accept-language": "nl"})
    client.force_login(analyst)
    html = client.get("/praktijken/").content.decode()
    assert (
        "Praktijken van gemeenten in hetzelfde tiende van Nederland als Eerste (deciel 1 van de "
        "gemeenten naar achterstand, 1 de meeste achterstand)" in html
    )
    page = client.get("/praktijken/?zelfde_tiende=1")
    assert [m.name for m in page.context["same_tenth"]] == ["Derde", "Tweede"]
    assert sorted(p.title for p in page.context["found"].practices) == [
        "Aanpak Derde",
        "Aanpak Tweede",
    ]
    assert "Gemeenten op het platform in deciel 1 van Nederland, zoals Eerste: Derde, Tweede." in (
        page.content.decode()
    )
    # a visitor has no municipality: no link, and nothing found by the address
    visitor = Client().get("/praktijken/?zelfde_tiende=1")
    assert "hetzelfde tiende" in visitor.content.decode()  # the status: none on the platform
    assert visitor.context["found"].practices == []
    assert "?zelfde_tiende=1" not in Client().get("/praktijken/").content.decode()


def test_without_national_figures_no_link_to_the_same_tenth(clean):
    from kansen.web.accounts.constants import Role

    from ..factories import UserFactory

    analyst = UserFactory(municipality=MunicipalityFactory(code="GM0014"), role=Role.ANALYST)
    client = Client()
    client.force_login(analyst)
    page = client.get("/praktijken/")
    assert page.context["tenth"] is None
    assert "?zelfde_tiende=1" not in page.content.decode()
