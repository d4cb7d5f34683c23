"""The provincial scope: the CBS table of municipalities and provinces (data with its source),
and ``?scope=PV..`` on the map, the ranking and the index builder for those who choose a scope
(the national network, the platform administrator), with the province's figures beside the
country's."""

from __future__ import annotations

from importlib import resources

import pytest
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.areas import services
from kansen.web.areas.provinces import province_of, provinces, source

from ..factories import MunicipalityFactory, UserFactory
from ..html import parse, text


def test_the_table_holds_the_twelve_provinces_of_2024_with_their_municipalities():
    table = {code: p for code, p in provinces().items() if code not in ("PV98", "PV99")}
    assert [(p.code, p.name, p.current_count) for p in table.values()] == [
        ("PV20", "Groningen", 10),
        ("PV21", "Fryslân", 18),
        ("PV22", "Drenthe", 12),
        ("PV23", "Overijssel", 25),
        ("PV24", "Flevoland", 6),
        ("PV25", "Gelderland", 51),
        ("PV26", "Utrecht", 26),
        ("PV27", "Noord-Holland", 44),
        ("PV28", "Zuid-Holland", 50),
        ("PV29", "Zeeland", 13),
        ("PV30", "Noord-Brabant", 56),
        ("PV31", "Limburg", 31),
    ]
    assert sum(p.current_count for p in table.values()) == 342
    # the municipalities dissolved since 2022 keep their province, for figures of 2022
    assert len(table["PV28"].municipality_codes) == 53  # 50 and Brielle, Hellevoetsluis, Westvoorne
    assert len(table["PV27"].municipality_codes) == 45  # 44 and Weesp
    assert {p.code: p.current_count for p in table.values()} == source()["counts"]
    assert "Gemeentelijke indeling op 1 januari 2024" in source()["source"]


@pytest.mark.parametrize(
    ("code", "province"),
    [
        ("GM0344", "PV26"),  # Utrecht, the city, in Utrecht
        ("GM1961", "PV26"),  # Vijfheerenlanden: Utrecht since 2019 (Zuid-Holland before)
        ("GM0363", "PV27"),  # Amsterdam
        ("GM0457", "PV27"),  # Weesp, part of Amsterdam since 24 March 2022
        ("GM1992", "PV28"),  # Voorne aan Zee, formed on 1 January 2023
        ("GM0080", "PV21"),  # Leeuwarden
        ("GM0935", "PV31"),  # Maastricht
        ("GM9001", None),  # not a CBS municipality
    ],
)
def test_the_province_of_a_municipality(code, province):
    found = province_of(code)
    assert (found.code if found else None) == province


NATIONAL_CSV = (
    b'"Perioden";"Regiocode";"Naam";"Laag inkomen (%)"\n'
    b'"2024";"GM0344";"Utrecht";"12,5"\n'
    b'"2024";"GM0307";"Amersfoort";"8,0"\n'
    b'"2024";"GM0345";"Veenendaal";"."\n'
    b'"2024";"GM0363";"Amsterdam";"20,0"\n'
    b'"2024";"GM0014";"Groningen";"14,0"\n'
)


@pytest.fixture
def country(db):
    """Five municipalities of three provinces with a published national figure (Veenendaal's
    suppressed), and a draft of Utrecht's own."""
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht", slug="utrecht")
    services.import_values(NATIONAL_CSV, filename="nl.csv", municipality=None, publish=True)
    services.import_values(
        b'"Perioden";"Regiocode";"Utrecht concept (%)"\n"2024";"GM0344";"3"\n',
        filename="u.csv",
        municipality=utrecht,
    )
    return utrecht


def _client(**user) -> Client:
    client = Client(headers={"accept-language": "nl"})
    client.force_login(UserFactory(**user))
    return client


def _summaries(response) -> list[tuple]:
    return [
        (s.name, s.areas, s.with_value, s.mean, s.lowest, s.highest)
        for s in response.context["summaries"]
    ]


def test_the_ministry_sees_a_province_with_its_figures_beside_the_countrys(country):
    client = _client(municipality=None, role=Role.NATIONAL)
    response = client.get("/gebieden/?scope=PV26&level=gemeente")
    assert response.status_code == 200
    assert response.context["municipality"].name == "Utrecht (provincie)"
    assert [a.code for a in response.context["explorer"].areas] == ["GM0307", "GM0344", "GM0345"]
    assert [(r.rank, r.area.code, r.value.value) for r in response.context["ranking"]] == [
        (1, "GM0344", 12.5),
        (2, "GM0307", 8.0),
        (None, "GM0345", None),
    ]
    assert _summaries(response) == [
        ("Utrecht (provincie)", 3, 2, 10.25, 8.0, 12.5),
        ("Nederland", 5, 4, 13.625, 8.0, 20.0),
    ]
    assert "Gebieden van Utrecht (provincie)" in response.text
    assert '<input type="hidden" name="scope" value="PV26">' in response.text
    assert "scope=PV26" in response.context["query"]
    # the country shows its own figures only, a province's under its code in lower case too
    assert _summaries(client.get("/gebieden/?scope=NL&level=gemeente")) == [
        ("Nederland", 5, 4, 13.625, 8.0, 20.0)
    ]
    north = client.get("/gebieden/?scope=pv27&level=gemeente")
    assert [a.code for a in north.context["explorer"].areas] == ["GM0363"]


def test_the_scope_chooser_lists_the_provinces_with_areas(country):
    client = _client(municipality=None, role=Role.NATIONAL)
    choices = client.get("/gebieden/?scope=NL").context["scope"]["choices"]
    assert choices[:4] == [
        ("NL", "Nederland"),
        ("PV20", "Groningen (provincie)"),
        ("PV27", "Noord-Holland (provincie)"),
        ("PV26", "Utrecht (provincie)"),
    ]
    assert [c for c, _ in choices[4:]] == ["GM0307", "GM0363", "GM0014", "GM0344", "GM0345"]
    assert client.get("/gebieden/?scope=PV19").status_code == 404
    assert client.get("/gebieden/?scope=PV99").status_code == 404
    # a province without areas: see the test below


def test_a_municipality_cannot_choose_a_province(country):
    client = _client(municipality=country, role=Role.ANALYST)
    response = client.get("/gebieden/?scope=PV26&level=gemeente")
    assert [a.code for a in response.context["explorer"].areas] == ["GM0344"]
    assert response.context["scope"] is None
    # its own areas, with the country beside them for a national figure
    # (test_beside_the_country.py), never the province's
    assert response.context["summaries"][0].name == "Utrecht"
    assert "Utrecht (provincie)" not in [s.name for s in response.context["summaries"]]


def test_the_index_builder_and_the_allocation_work_on_a_province(country):
    client = _client(municipality=None, role=Role.NATIONAL)
    builder = client.get("/gebieden/index/?scope=PV26&level=gemeente")
    assert builder.status_code == 200
    assert builder.context["municipality"].code == "PV26"
    assert builder.context["can_save"] is False
    assert '<input type="hidden" name="scope" value="PV26">' in builder.text
    assert sorted(a.code for a in builder.context["outcome"].inputs.areas) == [
        "GM0307",
        "GM0344",
        "GM0345",
    ]
    allocation = client.get("/gebieden/verdelen/?scope=PV26&level=gemeente")
    assert allocation.status_code == 200
    assert allocation.context["municipality"].code == "PV26"


def test_the_figures_table_names_the_country_with_a_capital_in_english(country):
    """The country's name is "the Netherlands" in a sentence; as a row's name it is
    "The Netherlands"."""
    client = _client(municipality=None, role=Role.NATIONAL)
    response = client.get("/gebieden/?scope=PV26&level=gemeente", headers={"accept-language": "en"})
    page = parse(response)
    assert [
        text(th) for th in page.xpath("//table[contains(@class, 'summary-table')]//tbody//th")
    ] == [
        "Utrecht (province)",
        "The Netherlands",
    ]


@pytest.mark.parametrize("path", ["/gebieden/", "/gebieden/index/", "/gebieden/verdelen/"])
@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ("PV31", "Er zijn geen gebieden van Limburg (provincie) geïmporteerd."),
        ("GM0935", "Er zijn geen gebieden van GM0935 geïmporteerd."),
    ],
)
def test_a_province_or_municipality_without_areas_is_not_found_with_the_chooser(
    country, path, scope, message
):
    """An empty province answers as a municipality without areas does: 404, saying what is
    missing, with the scope chooser and a way back to the page without a scope."""
    client = _client(municipality=None, role=Role.NATIONAL)
    response = client.get(f"{path}?scope={scope}")
    assert response.status_code == 404
    page = parse(response)
    assert text(page.xpath("//h1")[0]) == "Geen gebieden in dit bereik"
    assert message in response.text
    options = page.xpath("//select[@name='scope']/option/@value")
    assert options[:4] == ["NL", "PV20", "PV27", "PV26"]
    assert page.xpath("//a[text()='Terug naar de pagina zonder gekozen bereik']/@href") == [path]
    # the map's data answers a plain 404
    assert client.get(f"/gebieden/kaart.geojson?scope={scope}").status_code == 404


def test_the_demo_municipalities_lie_in_two_fictional_provinces_of_the_demo():
    """Not in CBS's table: a table of the demo's own, with the demo's names."""
    from kansen.demo import DEMO_MUNICIPALITY_CODE, build_demostad, build_peer_figures

    names = build_peer_figures(build_demostad())["name"].to_dict()
    north, south = provinces()["PV98"], provinces()["PV99"]
    assert (north.name, south.name) == ("Demoprovincie Noord", "Demoprovincie Zuid")
    assert north.municipality_codes == (*(f"GM99{i:02d}" for i in range(1, 13)), "GM9999")
    assert south.municipality_codes == tuple(f"GM99{i:02d}" for i in range(13, 25))
    assert sorted(north.municipality_codes + south.municipality_codes) == sorted(names)
    assert province_of(DEMO_MUNICIPALITY_CODE) == north
    table = resources.files("kansen.web.areas").joinpath("data/demo_provinces.csv")
    rows = [line.split(",") for line in table.read_text("utf-8").splitlines()[1:]]
    assert {code: name for code, name, *_ in rows} == names
