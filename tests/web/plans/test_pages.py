"""The plan pages: list, new plan, import, plan page with check and money, tenancy, public
page, publishing and the downloads."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from kansen.web.accounts.constants import Role
from kansen.web.areas.models import ImportRun
from kansen.web.areas.problems import translated
from kansen.web.plans import services
from kansen.web.plans.models import Plan, PlanStatus
from kansen.web.plans.report import format_message

from ..factories import AreaFactory, MunicipalityFactory, UserFactory, client_for
from ..html import one, parse
from ..html import text as text_of
from .conftest import AMERSFOORT, LEIDEN, TODAY

pytestmark = pytest.mark.django_db


def _url(plan, suffix=""):
    return f"/plannen/{plan.municipality.slug}/{plan.slug}/{suffix}"


@pytest.fixture
def leiden_lead(db):
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    return UserFactory(username="leiden-lead", municipality=leiden, role=Role.PROGRAMME_LEAD)


def _import(client, path):
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/yaml")
    return client.post("/plannen/importeren/", {"file": upload})


def test_the_leiden_plan_imported_through_the_page_shows_its_two_errors(leiden_lead):
    client = client_for(leiden_lead)
    response = _import(client, LEIDEN)
    assert response.status_code == 302
    plan = Plan.objects.get(municipality__code="GM0546")
    assert response["Location"] == _url(plan)
    assert plan.title == "Leidse Gelijke Kansen Aanpak – uitvoeringsplan"
    assert plan.changes.get().summary == "Geïmporteerd uit leiden_2024_2026.yaml"
    response = client.get(_url(plan))
    html = response.content.decode()
    doc = parse(response)
    errors = one(doc, "//ul[@id='check-errors']")
    assert errors.get("class") == "utrecht-unordered-list check-list"
    items = [text_of(li) for li in errors.xpath(".//li")]
    assert len(items) == 2
    assert any(
        "De regels tellen op tot € 595.000, maar het vermelde totaal is € 541.000 "
        "(een verschil van € 54.000)." in item
        for item in items
    )
    assert any(
        "De regels tellen op tot € 354.173, maar het vermelde totaal is € 581.000 "
        "(een verschil van € 226.827)." in item
        for item in items
    )
    assert any(
        "Financieel overzicht › Jaar 2024 › Totale kosten volgens het document" in item
        for item in items
    )
    assert any(
        href.endswith("?deel=financial_overview.years[0]#f-total-costs")
        for href in errors.xpath(".//a/@href")
    )
    assert "2 fouten: het plan kan niet worden gepubliceerd" in html
    # The overview table differs in 9 places; the 2 the check reports are plain, the other 7
    # follow from them (2024's remainder, carried into 2025 and 2026) and say so.
    overview = one(doc, "//section[.//*[@id='overview-heading']]")
    differs = overview.xpath(".//td[@class='utrecht-table__cell money differs']")
    assert len(differs) == 2 * 9
    assert text_of(overview).count("volgt uit een verschil hierboven") == 7
    # the planning table marks what is behind
    assert "achter op schema" in html
    # the chart is an image (no inline SVG styles under the Content-Security-Policy)
    chart = one(doc, "//figure[@class='plan-chart']/img")
    assert chart.get("src").startswith("data:image/svg+xml;base64,")
    assert chart.get("alt").startswith("Planning per kwartaal van Leidse")


def test_publishing_the_leiden_plan_is_refused_and_says_why(leiden_lead):
    client = client_for(leiden_lead)
    _import(client, LEIDEN)
    plan = Plan.objects.get()
    response = client.post(_url(plan, "publiceren/"), {"action": "publish"}, follow=True)
    assert (
        "Het plan heeft 2 fouten: verbeter die voordat u publiceert." in response.content.decode()
    )
    assert Plan.objects.get().status == PlanStatus.DRAFT


def test_the_amersfoort_agenda_imports_and_shows_what_the_check_finds(db):
    amersfoort = MunicipalityFactory(code="GM0307", name="Amersfoort", slug="amersfoort")
    lead = UserFactory(username="a-lead", municipality=amersfoort, role=Role.PROGRAMME_LEAD)
    client = client_for(lead)
    assert _import(client, AMERSFOORT).status_code == 302
    plan = Plan.objects.get()
    response = client.get(_url(plan))
    html = response.content.decode()
    assert plan.kind == "agenda"
    assert "Versterken preventie in het regulier basisonderwijs" in html
    assert "Het bedrag is nog PM (nog niet bekend)." in html
    # the budget lines as a table, amounts in euros and PM
    cells = parse(response).xpath("//td[@class='utrecht-table__cell money']")
    money = [text_of(td) for td in cells]
    assert "€ 210.000" in money
    assert "PM" in money


def test_a_file_of_another_municipality_is_refused(lead):
    response = _import(client_for(lead), LEIDEN)
    assert response.status_code == 200
    assert "dit plan is van Leiden (GM0546); u schrijft plannen voor Demostad (GM9999)" in (
        response.content.decode()
    )
    assert not Plan.objects.exists()


def test_an_invalid_file_is_refused_with_every_problem_by_path_and_nothing_is_saved(lead):
    text = (
        "schema_version: 1\nkind: agenda\nmunicipality: Demostad\ntitle: Agenda\n"
        "period: 2025-2028\ninterventions:\n  - name: Brug\n    budget:\n"
        "      - {description: Inzet, amount: 60000.5}\n    colour: blue\n"
    )
    upload = SimpleUploadedFile("agenda.yaml", text.encode(), content_type="application/yaml")
    response = client_for(lead).post("/plannen/importeren/", {"file": upload})
    html = response.content.decode()
    assert "agenda.yaml is niet geïmporteerd: 2 problemen" in html
    codes = [text_of(code) for code in parse(response).xpath("//code")]
    assert "interventions[0].colour" in codes
    assert "onbekend veld colour; toegestaan zijn" in html
    assert "interventions[0].budget[0].amount" in codes
    assert not Plan.objects.exists()


def test_a_new_plan_from_the_form(lead):
    client = client_for(lead)
    response = client.post(
        "/plannen/nieuw/",
        {
            "kind": "plan",
            "title": "Kansrijk Demostad",
            "period": "2025 - 2027",
            "template": "uitvoeringsplan",
        },
    )
    plan = Plan.objects.get()
    assert response["Location"] == "/plannen/demostad/kansrijk-demostad/"
    assert (plan.kind, plan.first_year, plan.last_year) == ("plan", 2025, 2027)
    assert plan.document["template"] == "uitvoeringsplan"


def test_a_new_plan_form_with_errors_keeps_what_was_typed(lead):
    response = client_for(lead).post(
        "/plannen/nieuw/",
        {
            "kind": "agenda",
            "title": "Agenda",
            "period": "volgend jaar",
            "template": "uitvoeringsplan",
        },
    )
    html = response.content.decode()
    assert (
        "Vul één jaar in, zoals 2027, of de jaren, zoals 2025-2028. U vulde volgend jaar in."
        in html
    )
    assert "Dit sjabloon hoort bij een ander soort document (uitvoeringsplan)." in html
    assert parse(response).xpath("//input[@value='volgend jaar']") != []
    assert not Plan.objects.exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PROFESSIONAL, Role.NATIONAL])
def test_only_programme_leads_and_administrators_create_plans(demostad, role):
    user = UserFactory(username=f"u-{role}", municipality=demostad, role=role)
    assert client_for(user).get("/plannen/nieuw/").status_code == 403


def test_another_municipality_gets_404_for_a_draft(agenda, elders):
    stranger = UserFactory(username="elders-lead", municipality=elders, role=Role.PROGRAMME_LEAD)
    client = client_for(stranger)
    for suffix in [
        "",
        "bewerken/?deel=interventions[0]",
        "geschiedenis/",
        "download/pdf/",
        "download/yaml/",
    ]:
        assert client.get(_url(agenda, suffix)).status_code == 404, suffix
    assert client.post(_url(agenda, "publiceren/"), {"action": "publish"}).status_code == 404
    assert Client().get(_url(agenda)).status_code == 404  # nor anyone not logged in
    assert "GKA-agenda Demostad" not in client.get("/plannen/").content.decode()


def test_an_analyst_reads_the_drafts_of_the_municipality_but_does_not_edit(agenda, demostad):
    analyst = UserFactory(username="analist", municipality=demostad, role=Role.ANALYST)
    client = client_for(analyst)
    html = client.get(_url(agenda)).content.decode()
    assert "Controle" in html
    assert "bewerken/" not in html
    assert client.get(_url(agenda, "bewerken/?deel=")).status_code == 404


def test_a_professional_of_the_municipality_does_not_read_drafts(agenda, demostad):
    user = UserFactory(username="prof", municipality=demostad, role=Role.PROFESSIONAL)
    assert client_for(user).get(_url(agenda)).status_code == 404


def test_a_published_plan_is_public_read_only(agenda, lead):
    services.publish(agenda, lead, today=TODAY)
    anonymous = Client()
    response = anonymous.get(_url(agenda))
    html = response.content.decode()
    doc = parse(response)
    title = one(doc, "//h1")
    assert (text_of(title), title.get("class")) == ("GKA-agenda Demostad", "utrecht-heading-1")
    assert "Brugfunctionaris" in html
    assert "bewerken/" not in html
    assert doc.xpath("//*[@id='check']") == []
    assert anonymous.get(_url(agenda, "download/pdf/")).status_code == 200
    assert anonymous.get(_url(agenda, "bewerken/?deel=")).status_code == 302  # to log in
    assert anonymous.get(_url(agenda, "geschiedenis/")).status_code == 302
    # the national network reads it in the list, and its history stays the municipality's
    national = UserFactory(username="ocw", municipality=None, role=Role.NATIONAL)
    client = client_for(national)
    assert "GKA-agenda Demostad" in client.get("/plannen/").content.decode()
    assert client.get(_url(agenda, "geschiedenis/")).status_code == 404
    # withdrawn: gone for everyone outside the municipality
    services.unpublish(agenda, lead)
    assert anonymous.get(_url(agenda)).status_code == 404
    assert client.get(_url(agenda)).status_code == 404


def test_the_list_shows_own_drafts_and_everyone_s_published_plans(agenda, lead, elders):
    other = services.create_plan(
        elders,
        None,
        services.new_document(elders, kind="agenda", title="Agenda Elders", period="2025-2028"),
    )
    services.publish(other, None, today=TODAY)
    html = client_for(lead).get("/plannen/").content.decode()
    assert "Plannen van Demostad" in html
    assert "GKA-agenda Demostad" in html
    assert "Agenda Elders" in html
    public = Client().get("/plannen/").content.decode()
    assert "Agenda Elders" in public
    assert "GKA-agenda Demostad" not in public


def test_publish_and_withdraw_through_the_page(agenda, lead):
    client = client_for(lead)
    response = client.post(_url(agenda, "publiceren/"), {"action": "publish"}, follow=True)
    assert "Het plan is gepubliceerd: iedereen kan het nu lezen." in response.content.decode()
    assert Plan.objects.get().status == PlanStatus.PUBLISHED
    client.post(_url(agenda, "publiceren/"), {"action": "unpublish"})
    assert Plan.objects.get().status == PlanStatus.DRAFT


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("yaml", "application/yaml; charset=utf-8", b"schema_version: 2\n"),
        ("json", "application/json; charset=utf-8", b'{\n  "schema_version": 2,'),
    ],
)
def test_downloads_have_their_content_type(agenda, lead, fmt, content_type, start):
    response = client_for(lead).get(_url(agenda, f"download/{fmt}/"))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="gka-agenda-demostad.{fmt}"'
    assert response.content.startswith(start)


def test_the_pdf_and_the_word_document_carry_the_plan_s_title(agenda, lead, tmp_path):
    client = client_for(lead)
    docx = client.get(_url(agenda, "download/docx/")).content
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert "GKA-agenda Demostad" in archive.read("word/document.xml").decode()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(client.get(_url(agenda, "download/pdf/")).content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "GKA-agenda Demostad" in text
    assert "Brugfunctionaris" in text


def test_no_calendar_without_meetings(agenda, lead):
    assert client_for(lead).get(_url(agenda, "download/ics/")).status_code == 404


def test_unknown_download_is_404(agenda, lead):
    assert client_for(lead).get(_url(agenda, "download/exe/")).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.txt", b"x", "verwacht een .yaml-, .yml- of .json-bestand; gekregen: plan.txt"),
        ("plan.yaml", b"title: [unclosed", "geen geldige YAML"),
        ("plan.json", b"{", "geen geldige JSON"),
        ("plan.yaml", "titel: é".encode("latin-1"), "het bestand is geen UTF-8-tekst"),
        ("plan.yaml", b"schema_version: 3\n", "verwacht schema_version 2; gevonden: 3"),
    ],
)
def test_files_that_are_not_plans_are_refused_with_a_reason(lead, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = client_for(lead).post("/plannen/importeren/", {"file": upload})
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_the_plan_page_sums_budget_and_financing_per_intervention(lead, demostad):
    from kansen.web.plans.demo import load_demo_plans

    load_demo_plans(demostad)
    response = client_for(lead).get("/plannen/demostad/gka-agenda-demostad-2021-2024/")
    money = one(parse(response), "//section[@id='geld']")
    assert money.get("aria-labelledby") == "money-heading"
    cells = [
        text_of(td) for td in money.xpath(".//td[starts-with(@class, 'utrecht-table__cell money')]")
    ]
    # Brugfunctionarissen: 180,000 known + 1 PM line, financed 180,000 of which GKA 60,000
    assert cells[:5] == ["€ 180.000", "1", "€ 180.000", "€ 60.000", "–"]
    assert cells[5:] == ["€ 120.000", "0", "€ 120.000", "€ 40.000", "–"]


def test_locations_on_the_plan_page_name_their_neighbourhoods(agenda, lead):
    # Found in review: the plan page showed bare CBS codes (BU99990101) where the editor
    # offered "Binnenstad (BU99990101)".
    AreaFactory(code="BU99990101", name="Binnenstad", year=2024)
    doc = agenda.document
    doc["interventions"][0]["location"] = {"neighbourhoods": ["BU99990101", "BU99999999"]}
    services.update_part(
        agenda,
        "interventions[0]",
        doc["interventions"][0],
        expected_version=agenda.version,
        user=lead,
    )
    html = client_for(lead).get(_url(agenda)).content.decode()
    # a code the municipality does not have is shown as it is
    assert "Binnenstad (BU99990101), BU99999999" in html

    # and so does the Word document (the PDF is printed from the same outline)
    docx = client_for(lead).get(_url(agenda, "download/docx/")).content
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode())
    assert "Binnenstad (BU99990101); BU99999999" in document


def _check_items(html):
    section = one(lxml.html.document_fromstring(html), "//section[@id='check']")
    return [text_of(li) for li in section.xpath(".//li[@class='utrecht-unordered-list__item']")]


def test_the_check_speaks_dutch_with_the_details_in_the_sentence(agenda, lead):
    # Found in review: every check item ended in the library's English message in brackets;
    # the details it added (the end quarter, the status, the wrong value) are now in Dutch.
    doc = agenda.document
    doc["interventions"][0]["status"] = "in_progress"
    doc["interventions"][0]["planning"] = [
        {"name": "Uitvoering", "start": "Q1 2024", "end": "Q1 2025"}
    ]
    doc["interventions"][0]["location"] = {"neighbourhoods": ["Binnenstad"]}
    services.update_part(
        agenda,
        "interventions[0]",
        doc["interventions"][0],
        expected_version=agenda.version,
        user=lead,
    )
    html = client_for(lead).get(_url(agenda)).content.decode()
    items = _check_items(html)
    assert (
        "Interventie 1: Brugfunctionaris: Het eindkwartaal was Q1 2025 (uiterlijk 31-03-2025) "
        "en de status is in uitvoering, niet afgerond."
    ) in items
    assert (
        "Interventie 1: Brugfunctionaris › Locatie › Buurten 1: "
        "Binnenstad is geen CBS-buurtcode (zoals BU99990101)."
    ) in items
    assert not [item for item in items if "(" in item and " was planned " in item]
    check = one(lxml.html.document_fromstring(html), "//section[@id='check']")
    assert check.xpath(".//*[@lang='en']") == []


def test_the_templates_are_offered_in_dutch(lead):
    # Found in review: the execution plan template was offered with its English description.
    doc = parse(client_for(lead).get("/plannen/nieuw/"))
    options = [(option.get("value"), text_of(option)) for option in doc.xpath("//option")]
    assert options == [
        ("", "Geen sjabloon"),
        (
            "gka-agenda-2021-2024",
            "GKA-agenda 2021-2024 (Gelijke Kansen Alliantie, ministerie van OCW)",
        ),
        (
            "gka-agenda-2019-2021",
            "GKA-agenda 2019-2021 (Gelijke Kansen Alliantie, ministerie van OCW)",
        ),
        (
            "uitvoeringsplan",
            "Uitvoeringsplan (eigen plan van de gemeente, in de opbouw van dat van Leiden)",
        ),
    ]


def test_the_downloads_are_named_plainly(agenda, lead):
    # Found in review: "Document (Word (.docx))", brackets within brackets.
    doc = parse(client_for(lead).get(_url(agenda)))
    section = one(doc, "//section[@aria-labelledby='downloads-heading']")
    links = [text_of(a) for a in section.xpath(".//a")]
    assert links == [
        "Document (PDF)",
        "Document (Word)",
        "Begrotingen (Excel)",
        "Planbestand (YAML)",
        "Planbestand (JSON)",
    ]


def test_a_published_plan_says_no_errors_without_offering_to_publish(agenda, lead):
    html = client_for(lead).get(_url(agenda)).content.decode()
    assert "Geen fouten: het plan kan worden gepubliceerd." in html
    services.publish(agenda, lead, today=TODAY)
    found = one(parse(client_for(lead).get(_url(agenda))), "//p[@id='check-no-errors']")
    assert (text_of(found), found.get("class")) == ("Geen fouten.", "utrecht-paragraph")


def test_the_list_says_when_other_municipalities_have_published_nothing(agenda, lead):
    # Found in review: "Er zijn nog geen plannen gepubliceerd." under the heading for other
    # municipalities, while the municipality's own published plan was listed just above it.
    services.publish(agenda, lead, today=TODAY)
    html = client_for(lead).get("/plannen/").content.decode()
    assert "Andere gemeenten hebben nog geen plannen gepubliceerd." in html
    assert "Er zijn nog geen plannen gepubliceerd." not in html
    services.unpublish(agenda, lead)
    assert "Er zijn nog geen plannen gepubliceerd." in Client().get("/plannen/").content.decode()


def test_the_plan_page_names_its_template(agenda, lead):
    # Found in review: the plan page showed the template's id (gka-agenda-2021-2024).
    html = client_for(lead).get(_url(agenda)).content.decode()
    assert (
        "<dt>Sjabloon</dt><dd>GKA-agenda 2021-2024 (Gelijke Kansen Alliantie, ministerie van OCW)"
        "</dd>"
    ) in html


def test_problems_in_an_imported_file_are_told_in_dutch(lead):
    # Found in review: an unreadable end quarter or amount was shown as "niet te lezen: "
    # followed by the library's English message.
    text = (
        "schema_version: 1\nkind: plan\nmunicipality: Demostad\ntitle: Plan\nperiod: 2025-2026\n"
        "action_lines:\n  - code: '1'\n    title: Ouders\n    themes:\n      - code: '1.1'\n"
        "        title: Brug\n        end: Q5 2025\n"
        "interventions:\n  - name: Brug\n    budget:\n"
        "      - {description: Inzet, amount: '317.000'}\n"
    )
    upload = SimpleUploadedFile("plan.yaml", text.encode(), content_type="application/yaml")
    doc = parse(client_for(lead).post("/plannen/importeren/", {"file": upload}))
    rows = [[text_of(cell) for cell in row.xpath("td|th")] for row in doc.xpath("//tr")]
    assert rows[1:] == [
        [
            "action_lines[0].themes[0].end",
            "12",
            "verwacht een kwartaal zoals Q4 2026, Lopend of Q3 2024/Lopend; gevonden: 'Q5 2025'",
        ],
        [
            "interventions[0].budget[0].amount",
            "16",
            "317.000 heeft een scheidingsteken voor duizendtallen: schrijf 317000 (zonder "
            "punten of komma's tussen de duizendtallen)",
        ],
    ]
    assert not Plan.objects.exists()


def test_a_recorded_plan_import_is_listed_in_the_readers_language(lead):
    # Found in review: the list of imports kept the sentence in the importer's language; it
    # keeps the code and parameters of each problem now, and says it in the reader's.
    text = (
        "schema_version: 1\nkind: plan\nmunicipality: Demostad\ntitle: Plan\nperiod: 2025-2026\n"
        "interventions:\n  - name: Brug\n    budget:\n"
        "      - {description: Inzet, amount: '317.000'}\n"
    )
    upload = SimpleUploadedFile("plan.yaml", text.encode(), content_type="application/yaml")
    client_for(lead).post("/plannen/importeren/", {"file": upload})
    [problem] = ImportRun.objects.get(kind="plan").problems
    assert {k: problem[k] for k in ("row", "column", "code", "params")} == {
        "row": 9,
        "column": "interventions[0].budget[0].amount",
        "code": "format.thousands",
        "params": {"got": "317.000", "digits": "317000"},
    }
    with translation.override("nl"):
        assert translated(problem)["message"] == (
            "317.000 heeft een scheidingsteken voor duizendtallen: schrijf 317000 (zonder punten "
            "of komma's tussen de duizendtallen)"
        )
    with translation.override("en"):
        assert translated(problem)["message"] == (
            "317.000 has a thousands separator: write 317000 (no dots or commas between thousands)"
        )


def test_a_recorded_problem_without_a_code_keeps_its_words():
    old = {"file": "plan.yaml", "row": None, "column": None, "message": "oude tekst", "code": ""}
    with translation.override("en"):
        assert translated(old)["message"] == "oude tekst"


def test_an_item_id_that_is_not_a_uuid_is_told_in_dutch(lead):
    text = (
        "schema_version: 2\nkind: agenda\nmunicipality: Demostad\ntitle: Agenda\n"
        "period: 2021-2024\npillars:\n  - {uuid: geen-id, name: A}\n"
    )
    upload = SimpleUploadedFile("plan.yaml", text.encode(), content_type="application/yaml")
    response = client_for(lead).post("/plannen/importeren/", {"file": upload})
    assert response.context["problems"] == [
        (
            "pillars[0].uuid",
            "verwacht een id zoals 'afd90d60-480c-512e-847f-79d843bd450d'; gevonden: 'geen-id'",
            "7",
        )
    ]


def test_a_schema_violation_is_a_coded_problem_told_in_dutch(agenda):
    doc = agenda.document
    del doc["interventions"][0]["uuid"]
    with pytest.raises(services.InvalidPlan) as invalid:
        services.validate(doc)
    [problem] = invalid.value.problems
    assert (problem.path, problem.text_code, dict(problem.params)) == (
        "interventions[0].uuid",
        "format.missing-field",
        {"field": "uuid"},
    )
    with translation.override("nl"):
        assert format_message(problem) == "het veld uuid ontbreekt"


def test_a_blank_name_is_a_warning_on_the_plan_page(agenda, lead):
    # Found in review: an intervention saved with its name emptied (the editor keeps blanks
    # while writing, ADR 0006) went unmentioned by the check.
    doc = agenda.document
    doc["interventions"][0]["name"] = ""
    doc["interventions"][0]["budget"][0]["description"] = "  "
    services.update_part(
        agenda,
        "interventions[0]",
        doc["interventions"][0],
        expected_version=agenda.version,
        user=lead,
    )
    html = client_for(lead).get(_url(agenda)).content.decode()
    doc = lxml.html.document_fromstring(html)
    items = [text_of(li) for li in one(doc, "//ul[@id='check-warnings']").xpath(".//li")]
    assert "Interventie 1 › Naam: Nog leeg: vul dit in, zodat het herkenbaar is." in items
    assert (
        "Interventie 1 › Begrotingsregel 1 › Beschrijving: Nog leeg: vul dit in, zodat het "
        "herkenbaar is."
    ) in items
    # a warning, not an error: publishing stays possible
    assert doc.xpath("//*[@id='check-no-errors']") != []


def test_publishing_with_one_error_says_so_in_the_singular(lead, demostad):
    # Found in review: "Het plan heeft 1 fout(en)".
    from kansen.web.plans.demo import load_demo_plans

    load_demo_plans(demostad)
    # the demo publishes; a 2025 cost row made 10,000 less than its total costs: one error
    plan = Plan.objects.get(slug="demostad-kansrijk-uitvoeringsplan-gelijke-kansen")
    plan.document["financial_overview"]["years"][1]["costs"][2]["amount"] = 40000
    Plan.objects.filter(pk=plan.pk).update(document=plan.document)
    url = "/plannen/demostad/demostad-kansrijk-uitvoeringsplan-gelijke-kansen/publiceren/"
    html = client_for(lead).post(url, {"action": "publish"}, follow=True).content.decode()
    assert (
        "Het plan heeft 1 fout: verbeter die voordat u publiceert. Waarschuwingen houden "
        "publiceren niet tegen."
    ) in html
