"""National scope: the national network and platform administrators see the country or any one
municipality with every published figure; a municipality still sees only its own drafts, and
the platform administrator imports national data from the web page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.areas import services
from kansen.web.areas.models import ImportRun, Indicator

from ..factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

NATIONAL_CSV = (
    b'"Perioden";"Regiocode";"Naam";"Laag inkomen (%)"\n'
    b'"2024";"GM9001";"Proefdorp";"12,5"\n'
    b'"2024";"GM9002";"Buurdorp";"8,0"\n'
    b'"2024";"GM9003";"Verweg";"20,0"\n'
)


def _own(code: str, column: str, value: str) -> bytes:
    return f'"Perioden";"Regiocode";"{column} (%)"\n"2024";"{code}";"{value}"\n'.encode()


@pytest.fixture
def country():
    """Three municipalities' areas with a published national figure; two tenants each with a
    draft figure of their own."""
    proefdorp = MunicipalityFactory(code="GM9001", name="Proefdorp", slug="proefdorp")
    buurdorp = MunicipalityFactory(code="GM9002", name="Buurdorp", slug="buurdorp")
    services.import_values(NATIONAL_CSV, filename="nl.csv", municipality=None, publish=True)
    services.import_values(
        _own("GM9001", "Proefdorp concept", "1"), filename="p.csv", municipality=proefdorp
    )
    services.import_values(
        _own("GM9002", "Buurdorp concept", "2"), filename="b.csv", municipality=buurdorp
    )
    return proefdorp, buurdorp


def _client(**user) -> Client:
    UserFactory(username="u", **user)
    client = Client(headers={"accept-language": "nl"})
    assert client.login(username="u", password=PASSWORD)
    return client


def _map(client: Client, query: str) -> tuple[list[str], list[str]]:
    response = client.get(f"/gebieden/?level=gemeente&{query}")
    assert response.status_code == 200
    explorer = response.context["explorer"]
    indicators = [label for key, label in explorer.choices if key.startswith("indicator:")]
    return [a.code for a in explorer.areas], indicators


def test_the_ministry_sees_the_whole_country_with_published_figures_only(country):
    client = _client(municipality=None, role=Role.NATIONAL)
    codes, layers = _map(client, "scope=NL")
    assert codes == ["GM9001", "GM9002", "GM9003"]
    assert layers == ["Laag inkomen (%) · landelijk"]
    response = client.get("/gebieden/?level=gemeente&scope=NL")
    assert [r.value.value for r in response.context["ranking"]] == [20.0, 12.5, 8.0]
    # the scope is kept in the map data's address and the form
    assert 'data-src="/gebieden/kaart.geojson?year=2024&amp;level=gemeente' in response.text
    assert "scope=NL" in response.context["query"]
    assert '<input type="hidden" name="scope" value="NL">' in response.text
    data = client.get(f"/gebieden/kaart.geojson?{response.context['query']}").json()
    assert sorted(f["properties"]["code"] for f in data["features"]) == []  # no boundaries


def test_the_ministry_chooses_one_municipality_even_one_without_an_account(country):
    client = _client(municipality=None, role=Role.NATIONAL)
    assert _map(client, "scope=GM9003") == (["GM9003"], ["Laag inkomen (%) · landelijk"])
    assert _map(client, "scope=gm9002")[0] == ["GM9002"]
    assert client.get("/gebieden/?scope=GM9999").status_code == 404
    assert client.get("/gebieden/?scope=Utrecht").status_code == 404
    choices = client.get("/gebieden/?scope=NL").context["scope"]["choices"]
    assert choices == [
        ("NL", "Nederland"),
        ("GM9002", "Buurdorp (GM9002)"),
        ("GM9001", "Proefdorp (GM9001)"),
        ("GM9003", "Verweg (GM9003)"),
    ]


def test_a_municipality_keeps_its_own_scope_and_sees_only_its_own_drafts(country):
    proefdorp, _ = country
    client = _client(municipality=proefdorp, role=Role.ANALYST)
    for query in ("", "scope=NL", "scope=GM9002"):
        assert _map(client, query) == (
            ["GM9001"],
            ["Laag inkomen (%) · landelijk", "Proefdorp concept (%)"],
        )
    response = client.get("/gebieden/?scope=NL")
    assert response.context["scope"] is None
    assert 'name="scope"' not in response.text


def test_the_platform_administrator_sees_every_draft_in_the_country(country):
    client = _client(municipality=None, role="", is_staff=True, is_superuser=True)
    codes, layers = _map(client, "scope=NL")
    assert codes == ["GM9001", "GM9002", "GM9003"]
    assert layers == [
        "Buurdorp concept (%)",
        "Laag inkomen (%) · landelijk",
        "Proefdorp concept (%)",
    ]


def test_the_index_builder_and_allocation_work_on_the_national_scope(country):
    client = _client(municipality=None, role=Role.NATIONAL)
    builder = client.get("/gebieden/index/?scope=NL&level=gemeente")
    assert builder.status_code == 200
    assert builder.context["municipality"].code == "NL"
    assert builder.context["can_save"] is False
    assert '<input type="hidden" name="scope" value="NL">' in builder.text
    allocation = client.get("/gebieden/verdelen/?scope=NL&level=gemeente")
    assert allocation.status_code == 200
    assert allocation.context["municipality"].code == "NL"


def test_the_platform_administrator_imports_national_figures_from_the_web_page(country):
    client = _client(municipality=None, role="", is_staff=True, is_superuser=True)
    page = client.get("/gebieden/importeren/?scope=NL")
    assert "Dit zijn landelijke gegevens" in page.text
    csv = (
        b'"Perioden";"Regiocode";"Werkloosheid (%)"\n"2024";"GM9001";"4,0"\n"2024";"GM9003";"6,0"\n'
    )
    response = client.post(
        "/gebieden/importeren/?scope=NL",
        {"kind": "values", "publish": "on", "file": SimpleUploadedFile("werk.csv", csv)},
    )
    run = ImportRun.objects.get(filename="werk.csv")
    assert response.status_code == 302
    assert run.municipality is None
    indicator = Indicator.objects.get(code=run.summary["indicators"][0])
    assert (indicator.municipality, indicator.is_public) == (None, True)
    assert client.get(f"/gebieden/importeren/{run.pk}/").status_code == 200


def test_only_the_platform_administrator_imports_national_data(country):
    proefdorp, _ = country
    client = _client(municipality=proefdorp, role=Role.ADMINISTRATOR)
    assert "Landelijke gegevens importeren" not in client.get("/gebieden/importeren/").text
    csv = b'"Perioden";"Regiocode";"Werkloosheid (%)"\n"2024";"GM9003";"6,0"\n'
    response = client.post(
        "/gebieden/importeren/?scope=NL",
        {"kind": "values", "file": SimpleUploadedFile("werk.csv", csv)},
    )
    # the scope is ignored: the file is checked as the municipality's, and GM9003 lies outside
    assert response.status_code == 400
    run = ImportRun.objects.get(filename="werk.csv")
    assert (run.municipality, run.problems[0]["code"]) == (proefdorp, "area.outside_municipality")
