"""The register's pages: the public search and record, the programme lead's form (from a
plan's intervention, a failed save keeps what was typed), publish and withdraw, tenant
isolation, and the national view with its Excel export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kansen.web.accounts.constants import Role
from kansen.web.practices.constants import PracticeStatus
from kansen.web.practices.models import Practice

from ..factories import MunicipalityFactory, UserFactory
from .factories import BRUGFUNCTIONARIS, PracticeFactory, demo_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def demostad():
    return MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _lead(municipality):
    return UserFactory(municipality=municipality, role=Role.PROGRAMME_LEAD)


FORM = {
    "title": "Taalcafé voor ouders",
    "aim": "Ouders spreken vaker Nederlands met school.",
    "target_group": "Ouders met een taalachterstand",
    "audiences": ["ouder"],
    "support_types": ["taal"],
    "province": "utrecht",
    "approach": "Wekelijks een taalcafé op school.",
    "children_reached": "50",
    "cost_total": "10000",
    "evidence_level": "own-described",
    "evidence_basis": "Beschrijving 2025",
    "contact_email": "taal@demostad.example",
}


def test_a_lead_writes_publishes_and_withdraws_a_record(demostad):
    client = _client(_lead(demostad))
    response = client.post(reverse("practices:create"), FORM)
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/praktijken/demostad/taalcafe-voor-ouders/"
    assert (practice.status, practice.cost_per_child) == (PracticeStatus.DRAFT, Decimal("200"))
    assert practice.cost_band.code == "moderate"
    # a draft is not in the public register, nor at its address for visitors
    assert "Taalcafé" not in _client().get("/praktijken/").content.decode()
    assert _client().get("/praktijken/demostad/taalcafe-voor-ouders/").status_code == 404
    client.post("/praktijken/demostad/taalcafe-voor-ouders/publiceren/")
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert "Taalcafé voor ouders" in _client().get("/praktijken/").content.decode()
    client.post("/praktijken/demostad/taalcafe-voor-ouders/intrekken/")
    assert "Taalcafé voor ouders" not in _client().get("/praktijken/").content.decode()
    page = _client().get("/praktijken/demostad/taalcafe-voor-ouders/", HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    assert "Ingetrokken door de gemeente" in page.content.decode()


def test_a_failed_save_keeps_what_was_typed(demostad):
    client = _client(_lead(demostad))
    data = {**FORM, "evidence_level": "nji-effectief-goede", "evidence_basis": ""}
    response = client.post(reverse("practices:create"), data)
    assert response.status_code == 200
    assert Practice.objects.count() == 0
    form = response.context["form"]
    assert set(form.errors) == {"evidence_entry_name", "evidence_entry_url", "evidence_date"}
    assert 'value="Taalcafé voor ouders"' in response.content.decode()


def test_a_record_from_a_plan_intervention(demostad):
    plan = demo_agenda(demostad)
    client = _client(_lead(demostad))
    url = f"{reverse('practices:create')}?plan={plan.pk}&interventie={BRUGFUNCTIONARIS}"
    page = client.get(url)
    assert page.context["form"].initial["title"] == "Brugfunctionarissen in De Gaarden"
    data = {
        **FORM,
        "title": "Brugfunctionarissen in De Gaarden",
        "cost_total": "90000",
        "children_reached": "240",
    }
    client.post(url, data)
    practice = Practice.objects.get()
    assert (practice.plan, practice.intervention_uuid) == (plan, BRUGFUNCTIONARIS)
    assert practice.cost_per_child == Decimal("375")
    # another municipality's lead cannot start from this plan
    other = _client(_lead(MunicipalityFactory()))
    assert other.get(url).status_code == 404


def test_another_municipality_cannot_change_a_record(demostad):
    practice = PracticeFactory(municipality=demostad, published=True)
    other = _client(_lead(MunicipalityFactory()))
    edit = f"/praktijken/demostad/{practice.slug}/wijzigen/"
    assert other.get(edit).status_code == 404
    assert other.post(edit, FORM).status_code == 404
    assert other.post(f"/praktijken/demostad/{practice.slug}/intrekken/").status_code == 404
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.title != FORM["title"]


def test_compare_shows_the_records_side_by_side(demostad):
    a = PracticeFactory(municipality=demostad, title="Eerste aanpak", published=True)
    b = PracticeFactory(municipality=demostad, title="Tweede aanpak", published=True)
    page = _client().get(f"/praktijken/vergelijken/?p={a.uuid}&p={b.uuid}")
    assert [p.title for p in page.context["practices"]] == ["Eerste aanpak", "Tweede aanpak"]


def test_the_national_view_and_its_excel_export(demostad):
    demo_agenda(demostad)
    demo_agenda(MunicipalityFactory(name="Elders", slug="elders", code="GM9998"), published=False)
    PracticeFactory(municipality=demostad, title="Brugfunctionaris", published=True)
    elders = MunicipalityFactory(name="Anderstad", slug="anderstad", code="GM9997")
    PracticeFactory(municipality=elders, title="brugfunctionaris ", published=True)
    PracticeFactory(municipality=elders, title="Huiswerkklas", published=True)
    PracticeFactory(municipality=elders, title="Concept")  # a draft: not counted
    ministry = _client(UserFactory(municipality=None, role=Role.NATIONAL))
    page = ministry.get("/praktijken/landelijk/")
    [summary] = page.context["summaries"]  # the draft agenda of Elders is not there
    assert summary.plan.municipality == demostad
    assert (summary.gka, summary.gka_pending, summary.ceiling) == (
        Decimal("100000"),
        0,
        Decimal("100000"),
    )
    assert summary.above_ceiling is False
    assert summary.interventions == [
        "Brugfunctionarissen in De Gaarden",
        "Rijke schooldag Havenkwartier",
    ]
    assert [(s.title, s.municipalities) for s in page.context["shared"]] == [
        ("Brugfunctionaris", ["Anderstad", "Demostad"]),
        ("Huiswerkklas", ["Anderstad"]),
    ]
    export = ministry.get("/praktijken/landelijk/overzicht.xlsx", HTTP_ACCEPT_LANGUAGE="nl")
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["Plannen", "Interventies", "Praktijken", "Meest gedeeld"]
    rows = list(book["Plannen"].iter_rows(values_only=True))
    assert rows[1][:3] == ("Demostad", "GKA-agenda Demostad 2021-2024", "agenda")
    assert rows[1][8:] == (100000, 0, 100000, "nee")
    assert len(rows) == 2
    # by municipality, then name (case and accents do not count)
    assert [r[:2] for r in book["Praktijken"].iter_rows(min_row=2, values_only=True)] == [
        ("brugfunctionaris ", "Anderstad"),
        ("Huiswerkklas", "Anderstad"),
        ("Brugfunctionaris", "Demostad"),
    ]
    shared = list(book["Meest gedeeld"].iter_rows(min_row=2, values_only=True))
    assert shared[0] == ("Brugfunctionaris", "Anderstad, Demostad", 2)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),  # to the login page
        (Role.PROGRAMME_LEAD, 403),
        (Role.ANALYST, 403),
        (Role.NATIONAL, 200),
    ],
)
def test_only_the_national_network_reads_the_national_view(demostad, role, status):
    user = (
        None
        if role is None
        else UserFactory(municipality=None if role == Role.NATIONAL else demostad, role=role)
    )
    assert _client(user).get("/praktijken/landelijk/").status_code == status


def test_open_data_names_the_licence_in_every_record(demostad):
    PracticeFactory(
        municipality=demostad, slug="voorlezen", title="Voorlezen", published=True,
        support_types=["taal"], children_reached=60, cost_total=Decimal("27000"),
    )  # fmt: skip
    PracticeFactory(municipality=demostad, slug="concept")  # a draft: not in the data
    data = _client().get("/praktijken/open-data/praktijken.json").json()
    assert data["licence_url"] == "https://creativecommons.org/licenses/by/4.0/deed.nl"
    assert data["evidence_levels_version"] == "2026-12"
    [record] = data["practices"]
    assert {k: record[k] for k in ("title", "municipality_code", "support_types", "licence")} == {
        "title": "Voorlezen",
        "municipality_code": "GM9999",
        "support_types": ["taal"],
        "licence": "CC BY 4.0",
    }
    assert (record["cost_total"], record["cost_per_child"], record["cost_band"]) == (
        "27000.00",
        "450",
        "moderate",
    )
    assert (record["evidence_scheme"], record["evidence_recognised"]) == ("own", False)
    assert record["address"] == "/praktijken/demostad/voorlezen/"
    csv = _client().get("/praktijken/open-data/praktijken.csv").content.decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert header.split(";")[:4] == ["id", "municipality", "municipality_code", "title"]
    assert header.split(";")[-1] == "licence"
    assert row.split(";")[-1] == "CC BY 4.0"
    assert _client().get("/praktijken/open-data/praktijken.exe").status_code == 404


def test_practices_of_municipalities_like_ones_own(demostad):
    from ..factories import AreaFactory, IndicatorFactory, ObservationFactory

    figure = IndicatorFactory(municipality=None, is_public=True, code="poor", name="Armoede")
    like = {}
    # one key figure: Demostad 10; Oudeveen 11 and Bergeijkhoven 12 are nearest, Verweg 30
    for code, name, value in (
        ("GM9999", "Demostad", 10.0),
        ("GM9901", "Oudeveen", 11.0),
        ("GM9903", "Bergeijkhoven", 12.0),
        ("GM9905", "Verweg", 30.0),
    ):
        ObservationFactory(indicator=figure, area=AreaFactory(code=code, name=name), value=value)
        if code != "GM9999":
            like[code] = MunicipalityFactory(code=code, name=name, slug=name.lower())
            PracticeFactory(municipality=like[code], title=f"Aanpak {name}", published=True)
    PracticeFactory(municipality=demostad, title="Aanpak Demostad", published=True)
    user = UserFactory(municipality=demostad, role=Role.ANALYST)
    from kansen.web.practices import selectors

    assert [m.name for m in selectors.peer_municipalities(user, k=2)] == [
        "Oudeveen",
        "Bergeijkhoven",
    ]
    page = _client(user).get("/praktijken/?zoals=1")
    assert [m.name for m in page.context["peers"]] == ["Oudeveen", "Bergeijkhoven", "Verweg"]
    # the nearest first; with k=10 all three are peers, so every other municipality's record
    assert sorted(p.title for p in page.context["found"].practices) == [
        "Aanpak Bergeijkhoven",
        "Aanpak Oudeveen",
        "Aanpak Verweg",
    ]
    # searching or filtering from there stays among them
    from ..html import parse

    kept = parse(page).xpath("//form[@role='search']//input[@type='hidden']")
    assert [(i.get("name"), i.get("value")) for i in kept] == [("zoals", "1")]
    assert not parse(_client(user).get("/praktijken/")).xpath(
        "//form[@role='search']//input[@type='hidden']"
    )
    # a visitor has no municipality: no peers, nothing found
    visitor = _client().get("/praktijken/?zoals=1")
    assert visitor.context["peers"] == []
    assert visitor.context["found"].practices == []


PAGES_NAV = '//nav[@aria-label="Pagina\'s met praktijken"]'


def test_the_register_pages_by_24_with_the_filters_kept(demostad):
    from ..html import parse

    for n in range(30):
        PracticeFactory(municipality=demostad, title=f"Aanpak {n:02d}", published=True)
    PracticeFactory(municipality=demostad, title="Concept", support_types=[])  # a draft
    client = _client()
    first = client.get("/praktijken/?gemeente=demostad")
    assert first.context["found"].total == 30
    assert len(first.context["found"].practices) == 24
    root = parse(first)
    nav = root.xpath(PAGES_NAV)
    assert len(nav) == 1
    links = [
        (a.text_content().strip(), a.get("href"), a.get("aria-current")) for a in nav[0].iter("a")
    ]
    assert links == [
        ("Pagina 1 van 2", "?gemeente=demostad", "page"),
        ("Pagina 2", "?gemeente=demostad&pagina=2", None),
        ("Volgende pagina", "?gemeente=demostad&pagina=2", None),
    ]
    second = client.get("/praktijken/?gemeente=demostad&pagina=2")
    shown = {p.title for p in first.context["found"].practices} | {
        p.title for p in second.context["found"].practices
    }
    assert len(second.context["found"].practices) == 6
    assert shown == {f"Aanpak {n:02d}" for n in range(30)}
    assert [a.get("href") for a in parse(second).xpath("//nav//a[@rel='prev']")] == [
        "?gemeente=demostad"
    ]
    # past the last page: the last page; a page that is not a number: the first
    assert len(client.get("/praktijken/?pagina=9").context["found"].practices) == 6
    assert len(client.get("/praktijken/?pagina=x").context["found"].practices) == 24
    # one page: no page links
    few = client.get("/praktijken/?q=Aanpak+07")
    assert not parse(few).xpath(PAGES_NAV)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("nl", ["0 tot en met 3 jaar", "4 tot en met 11 jaar", "12 tot en met 17 jaar"]),
        ("en", ["0 to 3 years", "4 to 11 years", "12 to 17 years"]),
    ],
)
def test_the_age_filter_speaks_the_visitors_language(language, labels):
    from ..html import parse

    page = _client().get("/praktijken/", HTTP_ACCEPT_LANGUAGE=language)
    shown = [
        label.text.strip()  # without the count after it
        for label in parse(page).xpath("//label[starts-with(@for, 'id_leeftijd_')]")
    ]
    assert shown[:3] == labels


def test_a_new_record_asks_for_its_province_instead_of_taking_the_first(demostad):
    # the lead of a municipality in Utrecht saved records in Drenthe, the first of the list,
    # without noticing: the list starts empty and the province is asked for
    from ..html import parse

    client = _client(_lead(demostad))
    page = parse(client.get(reverse("practices:create")))
    options = page.xpath("//select[@name='province']/option")
    assert [o.get("value") for o in options[:2]] == ["", "drenthe"]
    assert [o.get("value") for o in page.xpath("//select[@name='province']/option[@selected]")] == [
        ""
    ]
    response = client.post(reverse("practices:create"), {**FORM, "province": ""})
    assert set(response.context["form"].errors) == {"province"}
    assert Practice.objects.count() == 0


def test_a_record_names_the_sources_of_its_level_and_cost_band_in_dutch(demostad):
    # the sources of the own levels and of the cost bands were shown in English on Dutch pages
    from ..html import parse

    PracticeFactory(
        municipality=demostad,
        title="Taalcafé",
        slug="taalcafe",
        evidence_level="own-first-results",
        published=True,
    )
    page = parse(_client().get("/praktijken/demostad/taalcafe/", HTTP_ACCEPT_LANGUAGE="nl"))
    muted = [p.text_content() for p in page.xpath("//p[contains(@class, 'pr-muted')]")]
    assert [t for t in muted if t.startswith(("Kostenklassen:", "Bron van het niveau:"))] == [
        "Kostenklassen: eigen klassen van kansen voor de kosten per kind per jaar, naar de "
        "kostenindeling van de Teaching and Learning Toolkit van de Education Endowment "
        "Foundation (https://educationendowmentfoundation.org.uk/education-evidence/"
        "teaching-learning-toolkit), in euro's",
        "Bron van het niveau: kansen: eigen niveaus beschreven; veranderingstheorie; eerste "
        "resultaten; effectonderzoek, elk met de onderbouwing die de gemeente opschrijft",
    ]
    english = parse(_client().get("/praktijken/demostad/taalcafe/", HTTP_ACCEPT_LANGUAGE="en"))
    assert any(
        p.text_content().startswith("Cost bands: kansen's own bands")
        for p in english.xpath("//p[contains(@class, 'pr-muted')]")
    )


def test_a_search_links_to_its_results_before_the_filters(demostad):
    # on a phone the filters come first: the results began some 3,000 px below the search box
    from ..html import parse

    for n in range(2):
        PracticeFactory(municipality=demostad, title=f"Taalcafé {n}", published=True)
    for language, text in (
        ("nl", "Naar de 2 gevonden praktijken"),
        ("en", "To the 2 practices found"),
    ):
        page = parse(_client().get("/praktijken/?q=taalcaf%C3%A9", HTTP_ACCEPT_LANGUAGE=language))
        form = page.xpath("//form[@role='search']")[0]
        links = [(a.text_content(), a.get("href")) for a in form.iter("a")]
        assert links[0] == (text, "#pr-results")
        # before the first filter
        assert form.xpath("count(.//a[@href='#pr-results']/following::fieldset)") >= 1


def test_did_you_mean_keeps_the_filters(demostad):
    from ..html import parse

    PracticeFactory(
        municipality=demostad, title="VoorleesExpress", province="utrecht", published=True
    )
    page = parse(_client().get("/praktijken/?q=voorleesexprss&provincie=utrecht&pagina=2"))
    links = page.xpath("//a[text()='voorleesexpress']/@href")
    assert links == ["?q=voorleesexpress&provincie=utrecht"]


def test_what_was_measured_shows_the_result_the_card_shows(demostad):
    # the record said "no measurements yet" under "What was measured" while its card showed a
    # result sentence and a basis of first results
    from ..html import parse

    PracticeFactory(
        municipality=demostad,
        title="VoorleesExpress",
        slug="voorleesexpress",
        evidence_level="own-first-results",
        evidence_basis="Een taaltoets voor en na de twintig weken (2025).",
        result_summary="60 gezinnen per jaar; taaltoets voor en na (eigen meting).",
        published=True,
    )
    PracticeFactory(municipality=demostad, title="Zonder", slug="zonder", published=True)

    def measured(slug: str) -> list[str]:
        page = parse(_client().get(f"/praktijken/demostad/{slug}/", HTTP_ACCEPT_LANGUAGE="nl"))
        section = page.xpath("//section[@aria-labelledby='pr-measured']")[0]
        return [" ".join(e.text_content().split()) for e in section.xpath("./*")]

    assert measured("voorleesexpress") == [
        "Wat er gemeten is",
        "Resultaten",
        "60 gezinnen per jaar; taaltoets voor en na (eigen meting).",
    ]
    assert measured("zonder") == [
        "Wat er gemeten is",
        "Nog geen metingen of bevindingen uit evaluaties opgegeven.",
    ]


def test_an_intervention_with_a_record_links_it_instead_of_offering_a_second(demostad):
    # a second click on "Make a record of ..." made a duplicate at a "-2" address
    from ..html import parse

    plan = demo_agenda(demostad)
    client = _client(_lead(demostad))
    url = f"{reverse('practices:create')}?plan={plan.pk}&interventie={BRUGFUNCTIONARIS}"
    client.post(url, {**FORM, "title": "Brugfunctionarissen in De Gaarden"})
    practice = Practice.objects.get()
    page = parse(client.get(reverse("practices:mine"), HTTP_ACCEPT_LANGUAGE="nl"))
    items = [
        (" ".join(a.text_content().split()), a.get("href"))
        for a in page.xpath("//h3/following-sibling::ul[1]/li/a")
    ]
    assert items == [
        (
            "“Brugfunctionarissen in De Gaarden” heeft een praktijk: Brugfunctionarissen in "
            "De Gaarden",
            f"/praktijken/demostad/{practice.slug}/",
        ),
        (
            "Een praktijk maken van “Rijke schooldag Havenkwartier”",
            f"/praktijken/nieuw/?plan={plan.pk}&interventie=0ad219e7-30c9-59eb-b826-f95350c3336f",
        ),
    ]
    # the old link leads to the record; a second post is refused with the reason
    assert client.get(url).url == f"/praktijken/demostad/{practice.slug}/"
    response = client.post(url, {**FORM, "title": "Nog een keer"})
    assert response.status_code == 200
    assert Practice.objects.count() == 1
    assert response.context["form"].non_field_errors() == [
        "Deze interventie uit het plan heeft al een praktijk, “Brugfunctionarissen in De "
        "Gaarden”: wijzig die praktijk in plaats van een tweede te maken."
    ]


def test_a_wrong_neighbourhood_code_is_named_and_what_was_typed_kept(demostad):
    client = _client(_lead(demostad))
    response = client.post(
        reverse("practices:create"), {**FORM, "neighbourhoods": "BU99990101, BU05460101"}
    )
    assert response.status_code == 200
    assert Practice.objects.count() == 0
    assert response.context["form"].errors["neighbourhoods"] == [
        "BU05460101 is geen buurt of wijk van Demostad: geef CBS-codes van de gebieden van "
        "de gemeente, bijvoorbeeld BU99990101."
    ]
    assert 'value="BU99990101, BU05460101"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "deed"),
    [
        ("nl", "https://creativecommons.org/licenses/by/4.0/deed.nl"),
        ("en", "https://creativecommons.org/licenses/by/4.0/deed.en"),
    ],
)
def test_the_licence_links_its_summary_in_the_visitors_language(demostad, language, deed):
    from ..html import parse

    PracticeFactory(municipality=demostad, slug="voorlezen", published=True)
    page = parse(_client().get("/praktijken/demostad/voorlezen/", HTTP_ACCEPT_LANGUAGE=language))
    assert [a.get("href") for a in page.xpath("//a[contains(@rel, 'license')]")] == [deed]


def test_shared_most_groups_an_approach_once_with_or_without_a_databank_entry(demostad):
    # a record naming its NJi entry was grouped by the address, another with only an own level
    # by its name: the one approach was counted twice
    import datetime

    from kansen.web.practices import national

    entry = {
        "evidence_level": "nji-effectief-goede",
        "evidence_entry_name": "VoorleesExpress",
        "evidence_entry_url": "https://www.nji.nl/interventies/voorleesexpress",
        "evidence_date": datetime.date(2024, 5, 1),
    }
    elders = MunicipalityFactory(name="Elders", slug="elders", code="GM9998")
    derde = MunicipalityFactory(name="Derde", slug="derde", code="GM9997")
    PracticeFactory(municipality=demostad, title="VoorleesExpress", published=True, **entry)
    PracticeFactory(municipality=elders, title="Voorleesexpress", published=True)
    PracticeFactory(municipality=derde, title="Voorlezen thuis", published=True, **entry)
    PracticeFactory(municipality=derde, title="Sportclub", published=True)
    assert [(s.title, s.municipalities, len(s.records)) for s in national.shared_most()] == [
        ("VoorleesExpress", ["Demostad", "Derde", "Elders"], 3),
        ("Sportclub", ["Derde"], 1),
    ]
