"""Hostile files through every upload page (Django test client): each ends with a clear
message, changes nothing, is recorded (the area imports), and the site goes on serving.

The limits are set low (``LOW``) so the files stay small: what is tested is that the limit is
enforced where it should be, not how large a file the machine can take.
"""

from __future__ import annotations

import time

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import translation

from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Area, ImportRun, Observation
from kansen.web.areas.problems import translated
from kansen.web.core.uploads import RefusedUpload
from kansen.web.deprivation.models import SavedIndex
from kansen.web.directory.models import Offer
from kansen.web.plans.models import Plan
from web.factories import PASSWORD, AreaFactory, MunicipalityFactory, UserFactory

from . import files

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
LOW = override_settings(
    KANSEN_UPLOAD_MAX_BYTES={
        "boundaries": MB,
        "values": MB,
        "facilities": MB,
        "opportunity": MB,
        "offers": MB,
        "plan": 64 * 1024,  # a real plan is tens of KB
    },
    KANSEN_UPLOAD_MAX_UNPACKED_BYTES=5 * MB,
    KANSEN_UPLOAD_MAX_CELLS=10_000,
    KANSEN_IMPORT_PROBLEMS_KEPT=20,
)
TOO_LARGE = "Het bestand is groter dan 1 MB, het maximum voor dit soort bestand."


@pytest.fixture(autouse=True)
def low_limits():
    with LOW:
        yield


@pytest.fixture
def proefdorp():
    return MunicipalityFactory(code="GM9001", name="Proefdorp", slug="proefdorp")


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    # a first request loads URLs, templates and translations: not what the tests time
    client.get("/gebieden/importeren/")
    return client


@pytest.fixture
def analyst(proefdorp):
    return _client(UserFactory(username="analist", municipality=proefdorp, role=Role.ANALYST))


@pytest.fixture
def admin(proefdorp):
    user = UserFactory(username="beheerder", municipality=proefdorp, role=Role.ADMINISTRATOR)
    return _client(user)


@pytest.fixture
def lead(proefdorp):
    user = UserFactory(username="leider", municipality=proefdorp, role=Role.PROGRAMME_LEAD)
    return _client(user)


def _post_area_file(client: Client, kind: str, name: str, data: bytes):
    start = time.perf_counter()
    response = client.post(
        "/gebieden/importeren/",
        {"kind": kind, "year": "2024", "file": SimpleUploadedFile(name, data)},
    )
    assert time.perf_counter() - start < 30  # a guard against minutes; the benchmark times it
    return response


def _still_serving(client: Client, url: str) -> None:
    assert client.get(url).status_code == 200


AREA_CASES = [
    # (kind, file name, content, what the page says)
    ("values", "cijfers.xlsx", files.zip_bomb_xlsx(20), "to 20.0 MB (1021 times)"),
    ("facilities", "scholen.xlsx", files.zip_bomb_xlsx(20), "to 20.0 MB (1021 times)"),
    ("values", "cijfers.xlsx", files.far_cell_xlsx(), "the sheet has more than 10,000 cells"),
    ("facilities", "scholen.xlsx", files.far_cell_xlsx(), "the sheet has more than 10,000 cells"),
    ("boundaries", "grenzen.geojson", files.deep_geojson(), "nested more than 64 levels deep"),
    ("boundaries", "grenzen.geojson", files.utf16("{}"), "not UTF-8 text"),
    ("boundaries", "grenzen.geojson", files.garbage(), "not UTF-8 text"),
    ("values", "cijfers.csv", files.garbage(), "line 12 has binary data"),
    ("facilities", "scholen.csv", files.garbage(), "line 12 has binary data"),
    ("values", "cijfers.csv", b" \n", "no header row"),
    ("facilities", "scholen.csv", b" \n", "empty"),
    ("boundaries", "grenzen.geojson", b" ", "not valid JSON"),
    ("facilities", "scholen.csv", files.utf16("naam;x\nA;1\n"), "code"),
]


@pytest.mark.parametrize(("kind", "name", "data", "message"), AREA_CASES)
def test_a_hostile_area_file_is_refused_recorded_and_changes_nothing(
    analyst, kind, name, data, message
):
    response = _post_area_file(analyst, kind, name, data)
    assert response.status_code == 400
    # the page shows the problems in Dutch where the reader has a translation (by code)
    assert f"{name} is niet geïmporteerd" in response.content.decode()
    run = ImportRun.objects.get()
    assert (run.status, run.kind, run.filename) == ("rejected", kind, name)
    assert message in " ".join(p["message"] for p in run.problems)
    assert not Area.objects.exists()
    assert not Observation.objects.exists()
    _still_serving(analyst, "/gebieden/importeren/")


@pytest.mark.parametrize("kind", ["values", "facilities", "boundaries"])
def test_an_oversize_area_file_is_refused_by_the_form_and_not_kept(analyst, kind):
    data = files.oversize_csv(3 * MB)
    response = _post_area_file(analyst, kind, "groot.csv", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert TOO_LARGE in html
    # the upload handler stopped keeping the file at the page's limit
    upload = response.context["form"].files["file"]
    assert isinstance(upload, RefusedUpload)
    assert upload.size == len(data)
    run = ImportRun.objects.get()
    assert (run.status, run.filename) == ("rejected", "groot.csv")
    assert run.problems[0]["message"].startswith(TOO_LARGE)
    assert not Observation.objects.exists()


def test_the_import_form_states_the_limits(analyst):
    html = analyst.get("/gebieden/importeren/").content.decode()
    assert (
        "Maximaal 1 MB voor grenzen, 1 MB voor cijfers, 1 MB voor schoollocaties en 1 MB voor "
        "uitkomsten naar inkomen van de ouders."
    ) in html


def test_a_file_within_the_page_limit_but_over_its_kind_limit_is_refused(analyst):
    with override_settings(KANSEN_UPLOAD_MAX_BYTES={"boundaries": 4 * MB, "values": MB}):
        response = _post_area_file(analyst, "values", "c.csv", files.oversize_csv(2 * MB))
    assert response.status_code == 400
    assert TOO_LARGE in response.content.decode()
    assert not isinstance(response.context["form"].files["file"], RefusedUpload)


def test_a_million_bad_rows_are_stored_and_shown_capped(analyst, proefdorp):
    AreaFactory(code="GM9001", year=2024)
    response = _post_area_file(analyst, "values", "fout.csv", files.bad_rows_csv(5000))
    assert response.status_code == 400
    run = ImportRun.objects.get()
    assert len(run.problems) == 20
    total = run.summary["problems_total"]
    assert total >= 10_000  # two bad values in each of 5000 rows, and what follows from them
    counts = {c["column"]: c["count"] for c in run.summary["problem_counts"]}
    for column in ("Inwoners (aantal)", "Banen (aantal)"):  # 5000 bad values each
        kept = sum(p["column"] == column for p in run.problems)
        assert counts[column] == 5000 - kept
    assert sum(counts.values()) == total - 20
    html = response.content.decode()
    assert f"fout.csv is niet geïmporteerd: {total} problemen" in html
    assert "De eerste 20 problemen staan hierboven; de andere, geteld per soort:" in html
    assert html.count("problem--error") == 20
    assert len(html) < 100_000
    detail = analyst.get(f"/gebieden/importeren/{run.pk}/").content.decode()
    assert f'<td class="utrecht-table__cell">{counts["Banen (aantal)"]}</td>' in detail
    assert len(detail) < 100_000


PLAN_CASES = [
    # the page and the list of imports say it in Dutch (the limits travel as codes)
    ("plan.yaml", files.billion_laughs_yaml(), "de alias *a is niet toegestaan"),
    ("plan.yaml", files.deep_yaml(20_000), "meer dan 64 niveaus diep genest (regel 1)"),
    ("plan.json", files.deep_json(20_000), "meer dan 64 niveaus diep genest;"),
    ("plan.yaml", files.utf16("title: x\n"), "UTF-8"),
    ("plan.json", files.garbage(), "UTF-8"),
    ("plan.yaml", b"", "Het verstuurde bestand is leeg."),
    ("plan.json", b" ", "geen geldige JSON"),
    ("plan.yaml", files.oversize_csv(100 * 1024), "Het bestand is groter dan 64 KB"),
]


@pytest.mark.parametrize(("name", "data", "message"), PLAN_CASES)
def test_a_hostile_plan_file_is_refused(lead, name, data, message):
    start = time.perf_counter()
    response = lead.post("/plannen/importeren/", {"file": SimpleUploadedFile(name, data)})
    assert time.perf_counter() - start < 30  # a guard against minutes; the benchmark times it
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not Plan.objects.exists()
    if data:  # an empty file is a form error, not an import
        run = ImportRun.objects.get()
        assert (run.kind, run.status, run.filename) == ("plan", "rejected", name)
        with translation.override("nl"):
            assert message in translated(run.problems[0])["message"]
    else:
        assert not ImportRun.objects.exists()
    _still_serving(lead, "/plannen/importeren/")


OFFER_CASES = [
    ("aanbod.xlsx", files.zip_bomb_xlsx(20), "tot 20.0 MB (1021 keer)"),
    ("aanbod.xlsx", files.far_cell_xlsx(), "more than 10,000 cells"),
    ("aanbod.xlsx", files.garbage(), "aanbod.xlsx"),
    ("aanbod.csv", files.garbage(), "aanbod.csv"),
    ("aanbod.csv", b"", "Het verstuurde bestand is leeg."),
    ("aanbod.csv", files.oversize_csv(3 * MB), TOO_LARGE),
]


@pytest.mark.parametrize(("name", "data", "message"), OFFER_CASES)
def test_a_hostile_offers_file_is_refused(admin, name, data, message):
    start = time.perf_counter()
    response = admin.post("/aanbieders/gemeente/import/", {"file": SimpleUploadedFile(name, data)})
    assert time.perf_counter() - start < 30  # a guard against minutes; the benchmark times it
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Offer.objects.exists()
    if data:  # an empty file is a form error, not an import
        run = ImportRun.objects.get()
        assert (run.kind, run.status, run.filename) == ("offers", "rejected", name)
    else:
        assert not ImportRun.objects.exists()
    _still_serving(admin, "/aanbieders/gemeente/import/")


def test_deeply_nested_index_definition_is_a_message_not_a_500(analyst):
    response = analyst.post(
        "/gebieden/index/opslaan/", {"definition": files.deep_json().decode(), "name": "Diep"}
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        "De index is niet opgeslagen: het bestand is meer dan 64 niveaus diep genest; een echt "
        "bestand heeft enkele niveaus"
    )
    assert not SavedIndex.objects.exists()


@pytest.mark.parametrize(
    "budget", ["nan", "NaN", "inf", "-Infinity", "sNaN", "1e308", "9" * 400, "1e999999999"]
)
def test_an_impossible_budget_is_a_form_error(analyst, budget):
    AreaFactory(code="GM9001", year=2024)
    response = analyst.get("/gebieden/verdelen/", {"budget": budget})
    assert response.status_code == 200
    [error] = response.context["page"].errors
    assert error.startswith("Budget: verwacht ")


def test_an_empty_file_is_a_form_error_on_every_upload_page(analyst, lead, admin):
    empty = "Het verstuurde bestand is leeg."
    for client, url, data in [
        (analyst, "/gebieden/importeren/", {"kind": "values", "year": "2024"}),
        (lead, "/plannen/importeren/", {}),
        (admin, "/aanbieders/gemeente/import/", {}),
    ]:
        response = client.post(url, {**data, "file": SimpleUploadedFile("leeg.csv", b"")})
        assert empty in response.content.decode()
    assert not ImportRun.objects.exists()


# Every upload page says a limit in Dutch: the limits travel as codes (ADR 0015), so no English
# sentence of the library reaches a Dutch page.
ZIP_BOMB_NL = (
    "het deel 'xl/worksheets/sheet1.xml' van het Excel-bestand pakt uit van {packed} tot "
    "20.0 MB (1021 keer); hoogstens 100 keer is toegestaan (een zipbom, of een blad met vooral "
    "lege cellen)"
)


def test_an_area_file_beyond_a_limit_is_told_in_dutch(analyst):
    response = _post_area_file(analyst, "values", "cijfers.xlsx", files.zip_bomb_xlsx(20))
    [stored] = ImportRun.objects.get().problems
    assert (stored["code"], stored["params"]["limit"], stored["params"]["ratio"]) == (
        "limit.zip_ratio",
        100,
        1021,
    )
    [shown] = response.context["problems"]
    assert shown["message"] == ZIP_BOMB_NL.format(packed=stored["params"]["packed"])
    assert shown["expected"] == "een .xlsx-bestand zoals Excel het opslaat, of een CSV-bestand"


def test_a_geojson_file_nested_too_deeply_is_told_in_dutch(analyst):
    response = _post_area_file(analyst, "boundaries", "grenzen.geojson", files.deep_geojson())
    [shown] = response.context["problems"]
    assert (shown["code"], shown["params"]) == ("geo.too_deep", {"limit": 64})
    assert shown["message"] == (
        "het bestand is meer dan 64 niveaus diep genest; een echt bestand heeft enkele niveaus"
    )


def test_an_offers_file_beyond_a_limit_is_told_in_dutch(admin):
    response = admin.post(
        "/aanbieders/gemeente/import/",
        {"file": SimpleUploadedFile("aanbod.xlsx", files.zip_bomb_xlsx(20))},
    )
    [shown] = response.context["problems"]
    assert shown.code == "limit.zip_ratio"
    assert shown.message == ZIP_BOMB_NL.format(packed=shown.params["packed"])


def test_a_plan_file_beyond_a_limit_is_told_in_dutch_and_listed_in_either_language(lead):
    upload = SimpleUploadedFile("plan.yaml", files.billion_laughs_yaml())
    response = lead.post("/plannen/importeren/", {"file": upload})
    dutch = (
        "regel 2: de alias *a is niet toegestaan: aliassen (& en *) kunnen een klein bestand "
        "uitpakken tot gigabytes; schrijf het deel voluit"
    )
    assert response.context["problems"] == [("", dutch, "")]
    [stored] = ImportRun.objects.get().problems
    assert (stored["code"], stored["params"]) == (
        "format.limit.yaml_alias",
        {"line": 2, "anchor": "a"},
    )
    with translation.override("nl"):
        assert translated(stored)["message"] == dutch
    with translation.override("en"):
        assert translated(stored)["message"] == (
            "line 2: the alias *a is not allowed: aliases (& and *) can make a small file unpack "
            "to gigabytes; write the part out in full"
        )


def test_a_norms_file_over_its_limit_is_told_in_dutch():
    user = UserFactory(username="platform", municipality=None, role="", is_superuser=True)
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile("normen.csv", b"a" * (MB + 1))
    response = client.post("/normen/", {"action": "import", "file": upload})
    assert response.status_code == 400
    assert response.context["import_form"].errors["file"] == [
        f"Het bestand is {MB + 1} bytes; de grens is 1 MB (1048576 bytes)."
    ]


def test_a_plan_file_too_large_for_the_form_is_listed_in_either_language(lead):
    upload = SimpleUploadedFile("plan.yaml", files.oversize_csv(100 * 1024))
    lead.post("/plannen/importeren/", {"file": upload})
    [stored] = ImportRun.objects.get().problems
    assert (stored["code"], stored["params"]) == ("upload-too-large", {"limit": "64 KB"})
    with translation.override("nl"):
        assert translated(stored)["message"] == (
            "Het bestand is groter dan 64 KB, het maximum voor dit soort bestand. Splits het, of "
            "laat weg wat niet nodig is."
        )
    with translation.override("en"):
        assert translated(stored)["message"] == (
            "The file is larger than 64 KB, the most accepted for this kind of file. Split it, or "
            "leave out what is not needed."
        )
