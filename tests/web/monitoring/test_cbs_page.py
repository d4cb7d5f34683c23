"""The CBS import from a page (``kansen import cbs`` for a programme lead or analyst): a table
into the municipality's area figures through the values import, all or nothing; without a
network it says so; a mapping file that is not one is refused with where and why. CBS is
answered by ``responses`` with files in its OData v3 format (no network in tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import responses
from django.core.files.uploadedfile import SimpleUploadedFile

from kansen.web.accounts.constants import Role
from kansen.web.areas.models import ImportRun, Observation

from ..factories import MunicipalityFactory, UserFactory, client_for
from ..html import field_value, parse, text

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[2] / "monitoring" / "fixtures" / "cbs-85318NED"
ROOT = "https://opendata.cbs.nl/ODataFeed/odata/85318NED/"
URL = "/plannen/cbs-importeren/"


def _serve_table() -> None:
    responses.add(responses.GET, ROOT, json=json.loads((FIXTURES / "index.json").read_text()))
    for name in ("TableInfos", "TypedDataSet", "DataProperties", "CategoryGroups"):
        body = json.loads((FIXTURES / f"{name}.json").read_text())
        responses.add(responses.GET, ROOT + name, json=body)
    body = json.loads((FIXTURES / "WijkenEnBuurten.json").read_text())
    responses.add(responses.GET, ROOT + "WijkenEnBuurten", json=body)


@pytest.fixture
def analyst(db):
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    return UserFactory(username="analist-leiden", municipality=leiden, role=Role.ANALYST)


@responses.activate
def test_an_analyst_imports_a_cbs_table_for_the_municipality(analyst):
    _serve_table()
    client = client_for(analyst)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"table": "85318ned", "publish": ""})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert response["Location"] == f"/gebieden/importeren/{run.pk}/"
    assert (run.filename, run.municipality, run.user) == (
        "85318NED.csv",
        analyst.municipality,
        analyst,
    )
    figures = Observation.objects.filter(indicator__code="aantal_inwoners", status="ok")
    assert sorted((o.area.code, o.year, o.value) for o in figures) == [
        ("BU05460101", 2022, 1470.0),
        ("GM0546", 2022, 125574.0),
        ("WK054601", 2022, 8615.0),
    ]


@responses.activate
def test_without_a_network_the_page_says_so_and_imports_nothing(analyst):
    anything = __import__("re").compile(__import__("re").escape(ROOT) + ".*")
    responses.add(responses.GET, anything, body=requests.ConnectionError("no route to host"))
    response = client_for(analyst).post(URL, {"table": "85318NED"})
    page = response.content.decode()
    assert response.status_code == 503
    assert (
        "CBS open data (opendata.cbs.nl) is niet bereikbaar: er is geen netwerkverbinding" in page
    )
    assert field_value(parse(response), "table") == "85318NED"
    assert ImportRun.objects.count() == 0
    assert Observation.objects.count() == 0


@pytest.mark.parametrize(
    ("table", "upload", "message"),
    [
        (
            "85318NED",
            ("koppeling.yaml", b"\xff\xfe\x00binary\x00"),
            "is geen tekstbestand in UTF-8",
        ),
        (
            "85318NED",
            ("koppeling.yaml", b"a: &x [1]\nb: *x\n"),
            "koppeling.yaml: regel 2: de alias *x is niet toegestaan",
        ),
        (
            "85318NED",
            (
                "koppeling.yaml",
                b"table: 85618NED\nyear: 2023\nsource: x\ncolumns:\n"
                b"  - {key: A_1, name: A, unit: aantal}\n",
            ),
            "De koppeling is voor tabel 85618NED, niet voor 85318NED.",
        ),
        (
            "85318NED",
            ("koppeling.yaml", b"x" * (256 * 1024 + 1)),
            "is groter dan 256 kB",
        ),
        ("12345XYZ", None, "kansen heeft geen koppeling voor tabel 12345XYZ; geef er een."),
        ("'; DROP", None, "Verwacht een code van een CBS-tabel: vijf cijfers en drie letters"),
    ],
)
@responses.activate
def test_a_hostile_mapping_or_table_is_refused_before_cbs_is_asked(analyst, table, upload, message):
    data: dict[str, object] = {"table": table}
    if upload is not None:
        data["mapping"] = SimpleUploadedFile(upload[0], upload[1])
    response = client_for(analyst).post(URL, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert len(responses.calls) == 0
    assert ImportRun.objects.count() == 0


@responses.activate
def test_a_mapping_of_a_column_the_table_lacks_imports_nothing(analyst):
    _serve_table()
    mapping = (
        b"table: 85318NED\nyear: 2022\nsource: eigen\ncolumns:\n"
        b"  - {key: Bestaatniet_99, title: Bestaat niet, name: Niets, unit: aantal}\n"
    )
    response = client_for(analyst).post(
        URL, {"table": "85318NED", "mapping": SimpleUploadedFile("eigen.yaml", mapping)}
    )
    assert response.status_code == 400
    assert "Tabel 85318NED heeft geen kolom Bestaatniet_99 (de koppeling noemt die)." in (
        response.content.decode()
    )
    assert Observation.objects.count() == 0


def test_only_who_may_import_area_data_sees_the_page(db):
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    professional = UserFactory(username="prof", municipality=leiden, role=Role.PROFESSIONAL)
    assert client_for(professional).get(URL).status_code in (403, 404)
    assert client_for(professional).post(URL, {"table": "85318NED"}).status_code in (403, 404)


def test_a_mapping_that_breaks_its_schema_is_refused_with_its_lines(analyst):
    mapping = b"table: 85318NED\nyear: 2022\nsource: eigen\ncolumns:\n  - {key: A_1, name: A}\n"
    response = client_for(analyst).post(
        URL, {"table": "85318NED", "mapping": SimpleUploadedFile("eigen.yaml", mapping)}
    )
    assert response.status_code == 400
    assert "eigen.yaml, regel 5: " in response.content.decode()


def test_the_import_page_leads_to_the_cbs_import(analyst):
    page = client_for(analyst).get("/gebieden/importeren/").content.decode()
    assert (
        f'<a class="utrecht-link" href="{URL}">Een tabel van CBS open data direct ophalen</a>'
        in page
    )


ALLOWED = (Role.ANALYST, Role.PROGRAMME_LEAD, Role.ADMINISTRATOR)
REFUSED = (Role.PROFESSIONAL, Role.PROVIDER, Role.MATCHING_COORDINATOR, Role.NATIONAL)


@pytest.mark.parametrize("role", ALLOWED + REFUSED)
def test_who_loads_cbs_figures_and_who_imports_area_data(role):
    """The programme lead reports progress (docs/domain.md): official CBS figures for the
    plan's indicators, yes; the area import (boundaries, own files), as before, no."""
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    user = UserFactory(username=f"user-{role}", municipality=leiden, role=role)
    client = client_for(user)
    assert client.get(URL).status_code == (200 if role in ALLOWED else 403)
    area_import = 200 if role in (Role.ANALYST, Role.ADMINISTRATOR) else 403
    assert client.get("/gebieden/importeren/").status_code == area_import


def test_a_visitor_is_sent_to_log_in():
    response = __import__("django.test", fromlist=["Client"]).Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


@responses.activate
def test_a_programme_lead_loads_a_cbs_table_and_stays_on_the_page(db):
    _serve_table()
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    lead = UserFactory(username="pl-leiden", municipality=leiden, role=Role.PROGRAMME_LEAD)
    client = client_for(lead)
    shown = client.get(URL)
    page = shown.content.decode()
    # the breadcrumb leads to the plans, not to the area import the lead cannot open
    links = parse(shown).xpath("//a[@href='/plannen/']")
    assert "Agenda's en plannen" in [text(link) for link in links]
    assert "/gebieden/importeren/" not in page
    response = client.post(URL, {"table": "85318NED", "publish": ""}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    run = ImportRun.objects.get()
    assert (run.user, run.municipality) == (lead, leiden)
    messages = [str(m) for m in response.context["messages"]]
    # three indicators for the municipality, a district and a neighbourhood; one suppressed
    assert messages == ["85318NED.csv is geïmporteerd: 9 cijfers voor 3 gebieden."]
    assert (run.summary["ok"], run.summary["suppressed"]) == (8, 1)
