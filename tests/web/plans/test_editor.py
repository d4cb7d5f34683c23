"""Every kind of part is editable through the one generic editor, by submitting its form as a
browser would; errors keep what the user typed."""

from __future__ import annotations

import lxml.html
import pytest

from kansen.plans import without_item_ids
from kansen.web.areas.models import Facility
from kansen.web.plans import services
from kansen.web.plans.editor import euro_text, parse_euros
from kansen.web.plans.models import Plan, PlanChange, Stakeholder

from ..factories import AreaFactory, client_for
from ..html import as_post, attributes, form_values, one, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(demostad, lead):
    doc = services.new_document(
        demostad,
        kind="plan",
        title="Uitvoeringsplan Demostad",
        period="2024-2026",
        template="uitvoeringsplan",
    )
    doc["stakeholders"] = [{"id": "onderwijs", "name": "Gemeente Demostad - Onderwijs"}]
    doc["action_lines"] = [
        {
            "code": "1",
            "title": "Aanbod",
            "themes": [
                {
                    "code": "1.1",
                    "title": "Brugfunctionarissen",
                    "start": "Q1 2024",
                    "end": "Q4 2026",
                    "efforts": [
                        {
                            "code": "1.1A",
                            "description": "Regeling",
                            "start": "Q1 2024",
                            "end": "Q2 2024",
                        }
                    ],
                    "stakeholders": ["onderwijs"],
                }
            ],
        }
    ]
    doc["financial_overview"] = {
        "years": [
            {
                "year": 2024,
                "costs": [
                    {
                        "label": "Actielijn 1",
                        "amount": 100000,
                        "category": "action_line",
                        "action_line": "1",
                    }
                ],
                "total_costs": 100000,
                "base_budget": 150000,
                "total_means": 150000,
                "remainder": 50000,
            }
        ]
    }
    return services.create_plan(demostad, lead, doc)


def _edit(client, plan, part, changes=None, extra=None):
    url = f"/plannen/{plan.municipality.slug}/{plan.slug}/bewerken/?deel={part}"
    page = client.get(url)
    assert page.status_code == 200, page.content[:500]
    data = as_post(form_values(page.content.decode()), changes)
    data.update(extra or {})
    return client.post(url, data)


def _saved(response, plan):
    assert response.status_code == 302, response.content.decode()[:3000]
    return Plan.objects.get(pk=plan.pk)


@pytest.mark.parametrize(
    ("typed", "data"),
    [
        ("60000", 60000),
        ("60.000", 60000),  # Dutch thousands separator
        ("60.000,50", "60000.50"),
        ("€ 1250,5", "1250.50"),
        ("173.00", 173),  # a decimal point with two decimals is not a thousands separator
        ("-500", -500),
    ],
)
def test_amounts_are_read_as_typed_in_dutch(typed, data):
    assert parse_euros(typed) == data


@pytest.mark.parametrize("typed", ["zestig", "60,000.00", "1.5.6", ""])
def test_text_that_is_not_an_amount_is_refused(typed):
    with pytest.raises(ValueError, match="not an amount of euros"):
        parse_euros(typed)


@pytest.mark.parametrize(
    ("data", "text"),
    [(60000, "€ 60.000"), ("1250.50", "€ 1.250,50"), ("PM", "PM"), (-500, "-€ 500"), (0, "€ 0")],
)
def test_amounts_are_shown_in_dutch(data, text):
    assert euro_text(data) == text


def test_the_general_part(plan, lead):
    response = _edit(
        client_for(lead),
        plan,
        "",
        {
            "title": "Demostad Kansrijk",
            "period": "2024-2027",
            "guiding_principles": ["verbinden"],
            "introduction": "Eerste alinea.\r\n\r\nTweede alinea.",
        },
    )
    stored = _saved(response, plan)
    assert stored.title == "Demostad Kansrijk"
    assert stored.last_year == 2027
    assert stored.document["guiding_principles"] == ["verbinden"]
    assert stored.document["introduction"] == "Eerste alinea.\n\nTweede alinea."
    # the parts the general editor does not show are kept
    assert stored.document["action_lines"] == plan.document["action_lines"]


def test_an_effort_with_status_and_ongoing_end(plan, lead):
    part = "action_lines[0].themes[0].efforts[0]"
    response = _edit(client_for(lead), plan, part, {"end": "Q3 2024/Lopend", "status": "done"})
    effort = _saved(response, plan).document["action_lines"][0]["themes"][0]["efforts"][0]
    assert without_item_ids(effort) == {
        "code": "1.1A",
        "description": "Regeling",
        "start": "Q1 2024",
        "end": "Q3 2024/Lopend",
        "status": "done",
    }


def test_a_theme_with_principles_stakeholders_a_new_organisation_and_a_new_effort(
    plan, lead, demostad
):
    Stakeholder.objects.create(municipality=demostad, name="Bibliotheek Demostad")
    client = client_for(lead)
    part = "action_lines[0].themes[0]"
    url = f"/plannen/demostad/{plan.slug}/bewerken/?deel={part}"
    fields = form_values(client.get(url).content.decode())
    # add an effort row without JavaScript: the page comes back with an empty row
    page = client.post(url, as_post(fields, {"_add": "efforts"}))
    assert page.status_code == 200
    assert Plan.objects.get(pk=plan.pk).version == 1  # adding a row saves nothing
    fields = form_values(page.content.decode())
    data = as_post(
        fields,
        {
            "efforts[1].code": "1.1B",
            "efforts[1].description": "Uitbreiden",
            "efforts[1].start": "Q3 2024",
            "efforts[1].end": "Lopend",
            "guiding_principles": ["verbinden", "vereenvoudigen"],
            "stakeholders": ["onderwijs", "new:Bibliotheek Demostad"],
            "stakeholders#new": "Jeugdfonds Demostad",
        },
    )
    stored = _saved(client.post(url, data), plan)
    theme = stored.document["action_lines"][0]["themes"][0]
    assert [e["code"] for e in theme["efforts"]] == ["1.1A", "1.1B"]
    assert theme["efforts"][1]["end"] == "Lopend"
    assert theme["guiding_principles"] == ["verbinden", "vereenvoudigen"]
    assert theme["stakeholders"] == ["onderwijs", "bibliotheek-demostad", "jeugdfonds-demostad"]
    assert without_item_ids(stored.document["stakeholders"][1:]) == [
        {"id": "bibliotheek-demostad", "name": "Bibliotheek Demostad"},
        {"id": "jeugdfonds-demostad", "name": "Jeugdfonds Demostad"},
    ]
    assert "Jeugdfonds Demostad" in Stakeholder.objects.values_list("name", flat=True)


def test_new_organisations_chosen_before_adding_a_row_are_kept_when_saved(plan, lead, demostad):
    # Found in review: an organisation chosen from the municipality's list, or typed as new,
    # became a bare id after "add row" and was saved without its name (a dangling reference).
    Stakeholder.objects.create(municipality=demostad, name="Bibliotheek Demostad")
    client = client_for(lead)
    url = f"/plannen/demostad/{plan.slug}/bewerken/?deel=action_lines[0].themes[0]"
    fields = form_values(client.get(url).content.decode())
    chosen = {
        "stakeholders": ["onderwijs", "new:Bibliotheek Demostad"],
        "stakeholders#new": "Buurtteam Demostad",
        "_add": "efforts",
    }
    page = client.post(url, as_post(fields, chosen))
    assert page.status_code == 200
    fields = form_values(page.content.decode())
    assert [v for n, v in fields if n == "stakeholders"] == [
        "onderwijs",
        "new:Bibliotheek Demostad",
        "new:Buurtteam Demostad",
    ]
    assert ">buurtteam-demostad<" not in page.content.decode()
    data = as_post(
        fields,
        {"efforts[1].code": "1.1B", "efforts[1].description": "Uitbreiden"},
    )
    stored = _saved(client.post(url, data), plan)
    theme = stored.document["action_lines"][0]["themes"][0]
    assert theme["stakeholders"] == ["onderwijs", "bibliotheek-demostad", "buurtteam-demostad"]
    assert without_item_ids(stored.document["stakeholders"][1:]) == [
        {"id": "bibliotheek-demostad", "name": "Bibliotheek Demostad"},
        {"id": "buurtteam-demostad", "name": "Buurtteam Demostad"},
    ]


def test_an_action_line_is_added_at_the_end(plan, lead):
    response = _edit(
        client_for(lead), plan, "action_lines[1]", {"code": "2", "title": "Professionals"}
    )
    stored = _saved(response, plan)
    assert [line["code"] for line in stored.document["action_lines"]] == ["1", "2"]


def test_a_year_of_the_financial_overview_with_a_stated_total_that_does_not_add_up(plan, lead):
    client = client_for(lead)
    part = "financial_overview.years[0]"
    response = _edit(
        client, plan, part, {"total_costs": "110.000", "carried_over": "", "extra_means#n": "0"}
    )
    year = _saved(response, plan).document["financial_overview"]["years"][0]
    assert year["total_costs"] == 110000
    assert "carried_over" not in year
    # the plan page shows the check's error, linked to the field
    page = client.get(f"/plannen/demostad/{plan.slug}/").content.decode()
    assert (
        "De regels tellen op tot € 100.000, maar het vermelde totaal is € 110.000 "
        "(een verschil van € 10.000)." in page
    )
    assert "?deel=financial_overview.years[0]#f-total-costs" in page


def test_a_cost_row_offers_the_plan_s_action_lines(plan, lead):
    url = f"/plannen/demostad/{plan.slug}/bewerken/?deel=financial_overview.years[0]"
    doc = parse(client_for(lead).get(url))
    field = one(doc, "//input[@name='costs[0].action_line']")
    assert field.get("list") == "action-lines"
    options = one(doc, "//datalist[@id='action-lines']").xpath("option")
    assert [(option.get("value"), text(option)) for option in options] == [("1", "1 Aanbod")]


def test_an_intervention_with_budget_lines_pm_financing_and_locations(demostad, lead):
    AreaFactory(code="BU99990101", name="Binnenstad", year=2024)
    Facility.objects.create(
        code="99AA00",
        year=2024,
        name="Stedelijk Lyceum",
        x=0,
        y=0,
        lon=0,
        lat=0,
        municipality_code="GM9999",
    )
    doc = services.new_document(
        demostad, kind="agenda", title="Agenda", period="2025-2028", template="gka-agenda-2021-2024"
    )
    agenda = services.create_plan(demostad, lead, doc)
    client = client_for(lead)
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0]"
    page = client.get(url)
    fields = form_values(page.content.decode())
    page = client.post(url, as_post(fields, {"name": "Brugfunctionaris", "_add": "budget"}))
    page = client.post(url, as_post(form_values(page.content.decode()), {"_add": "budget"}))
    page = client.post(url, as_post(form_values(page.content.decode()), {"_add": "financing"}))
    data = as_post(
        form_values(page.content.decode()),
        {
            "parties": [],
            "parties#new": "Welzijn Demostad\nBasisschool De Vlinder",
            "location.neighbourhoods": ["BU99990101"],
            "location.schools": ["Stedelijk Lyceum"],
            "budget[0].description": "Inzet",
            "budget[0].amount": "60.000",
            "budget[0].years": "2025, 2026",
            "budget[1].description": "Evaluatie",
            "budget[1].amount#pm": "1",
            "financing[0].funder": "gka",
            "financing[0].name": "GKA",
            "financing[0].amount": "60000",
            "status": "planned",
        },
    )
    response = client.post(url, data)
    intervention = _saved(response, agenda).document["interventions"][0]
    assert without_item_ids(intervention) == {
        "name": "Brugfunctionaris",
        "parties": ["Welzijn Demostad", "Basisschool De Vlinder"],
        "location": {"neighbourhoods": ["BU99990101"], "schools": ["Stedelijk Lyceum"]},
        "budget": [
            {"description": "Inzet", "amount": 60000, "years": [2025, 2026]},
            {"description": "Evaluatie", "amount": "PM"},
        ],
        "financing": [{"funder": "gka", "name": "GKA", "amount": 60000}],
        "status": "planned",
    }
    # the next form offers the organisations, the neighbourhood by name and the school
    response = client.get(url)
    assert "Binnenstad (BU99990101)" in response.content.decode()
    checked = parse(response).xpath('//input[starts-with(@id, "f-parties-")][@checked]/@value')
    assert sorted(checked) == ["Basisschool De Vlinder", "Welzijn Demostad"]


def test_a_budget_line_is_removed_with_its_button(agenda, lead):
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0]"
    client = client_for(lead)
    fields = form_values(client.get(url).content.decode())
    page = client.post(url, as_post(fields, {"_remove": "budget[0]"}))
    assert "budget[0].description" not in page.content.decode()
    response = client.post(url, as_post(form_values(page.content.decode())))
    assert "budget" not in _saved(response, agenda).document["interventions"][0]


@pytest.mark.parametrize(
    ("part", "changes", "expected"),
    [
        ("sections", {"[0].text": "De aanleiding."}, ("sections", 0, "text", "De aanleiding.")),
        (
            "pillars[0]",
            {"name": "Verbinding", "text": "School en thuis."},
            ("pillars", 0, "name", "Verbinding"),
        ),
        (
            "signatories[0]",
            {"name": "A. de Vries", "role": "Wethouder", "date": "2025-03-01", "place": "Demostad"},
            ("signatories", 0, "date", "2025-03-01"),
        ),
        (
            "organisation[0]",
            {"role": "ambtelijk opdrachtgever", "holders": "Manager\r\nDirecteur"},
            ("organisation", 0, "holders", ["Manager", "Directeur"]),
        ),
        (
            "stakeholders[0]",
            {"id": "welzijn", "name": "Welzijn Demostad"},
            ("stakeholders", 0, "name", "Welzijn Demostad"),
        ),
        (
            "experiments[0]",
            {"name": "Social worker op school"},
            ("experiments", 0, "name", "Social worker op school"),
        ),
    ],
)
def test_lists_of_parts(agenda, lead, part, changes, expected):
    stored = _saved(_edit(client_for(lead), agenda, part, changes), agenda)
    name, index, field, value = expected
    assert stored.document[name][index][field] == value


def test_agreements_meetings_analysis_and_knowledge_sharing(agenda, lead):
    client = client_for(lead)
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=agreements"
    page = client.post(
        url, as_post(form_values(client.get(url).content.decode()), {"_add": "meetings"})
    )
    data = as_post(
        form_values(page.content.decode()),
        {
            "meetings[0].kind": "Bestuurlijk overleg",
            "meetings[0].goal": "Voortgang",
            "meetings[0].frequency": "2 keer per jaar",
            "meetings[0].composition": "Wethouder en OCW",
            "analysis.research_wishes": "Effect van de brugfunctionaris",
            "knowledge_sharing.local": "Netwerkbijeenkomst\nNieuwsbrief",
            "knowledge_sharing.national": "Landelijke conferentie",
        },
    )
    agreements = _saved(client.post(url, data), agenda).document["agreements"]
    assert without_item_ids(agreements) == {
        "meetings": [
            {
                "kind": "Bestuurlijk overleg",
                "goal": "Voortgang",
                "frequency": "2 keer per jaar",
                "composition": "Wethouder en OCW",
            }
        ],
        "analysis": {"research_wishes": ["Effect van de brugfunctionaris"]},
        "knowledge_sharing": {
            "local": ["Netwerkbijeenkomst", "Nieuwsbrief"],
            "national": ["Landelijke conferentie"],
        },
    }
    # the calendar of the agreed meetings
    response = client.get(f"/plannen/demostad/{agenda.slug}/download/ics/")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"Bestuurlijk overleg" in response.content


def test_a_community_with_tasks_and_roles(agenda, lead):
    client = client_for(lead)
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=communities[0]"
    page = client.post(
        url,
        as_post(
            form_values(client.get(url).content.decode()), {"name": "Leerkring", "_add": "roles"}
        ),
    )
    data = as_post(
        form_values(page.content.decode()),
        {
            "roles[0].party": "Gemeente",
            "roles[0].tasks": "Zit voor.",
            "collaboration": "Wisselende gastscholen.",
        },
    )
    community = _saved(client.post(url, data), agenda).document["communities"][0]
    assert without_item_ids(community) == {
        "name": "Leerkring",
        "roles": [{"party": "Gemeente", "tasks": "Zit voor."}],
        "collaboration": "Wisselende gastscholen.",
    }


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "budget[0].amount",
            "zestig",
            "Vul een bedrag in euro&#x27;s in, bijvoorbeeld 60000 of 60.000,50, of vink PM aan.",
        ),
        ("budget[0].years", "twintig", "Vul jaren in, gescheiden door komma&#x27;s"),
        ("planning[0].start", "voorjaar", "Vul een kwartaal in, bijvoorbeeld Q1 2025."),
        ("planning[0].end", "later", "Vul een kwartaal in, bijvoorbeeld Q4 2026, of Lopend"),
    ],
)
def test_errors_keep_what_the_user_typed(agenda, lead, field, typed, message):
    client = client_for(lead)
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0]"
    page = client.post(
        url,
        as_post(
            form_values(client.get(url).content.decode()),
            {"_add": "planning", "goal": "Ouders bereiken"},
        ),
    )
    data = as_post(
        form_values(page.content.decode()), {"planning[0].name": "Uitvoering", field: typed}
    )
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    typed_in = one(parse(response), f'//input[@name="{field}"]')
    assert attributes(typed_in, "value", "aria-invalid") == (typed, "true")
    assert "Ouders bereiken" in html  # the other fields keep what was typed too
    assert "Eén waarde moet worden verbeterd; er is niets opgeslagen" in html
    assert Plan.objects.get(pk=agenda.pk).version == 1


def test_a_stale_edit_through_the_page_keeps_what_the_user_typed(agenda, lead, colleague):
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0].budget[0]"
    mine = client_for(lead)
    theirs = client_for(colleague)
    my_form = form_values(mine.get(url).content.decode())
    assert (
        _saved(
            theirs.post(
                url, as_post(form_values(theirs.get(url).content.decode()), {"amount": "75000"})
            ),
            agenda,
        ).version
        == 2
    )
    response = mine.post(url, as_post(my_form, {"amount": "90.000"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft dit plan intussen opgeslagen" in html
    assert "Bea Heer heeft dit plan op" in html
    assert "€ 60.000 → € 75.000" in html
    page = parse(response)
    assert one(page, '//input[@name="amount"]').get("value") == "90000"  # as typed, read
    assert one(page, '//input[@name="version"]').get("value") == "2"
    assert (
        Plan.objects.get(pk=agenda.pk).document["interventions"][0]["budget"][0]["amount"] == 75000
    )
    # saving again applies the edit to the current version
    response = mine.post(url, as_post(form_values(html)))
    assert _saved(response, agenda).document["interventions"][0]["budget"][0]["amount"] == 90000


def test_the_history_shows_budget_amounts_in_euros(agenda, lead):
    client = client_for(lead)
    _edit(client, agenda, "interventions[0].budget[0]", {"amount#pm": "1"})
    _edit(client, agenda, "interventions[0].budget[0]", {"amount": "75000", "amount#pm": []})
    html = client.get(f"/plannen/demostad/{agenda.slug}/geschiedenis/").content.decode()
    assert "Versie 3: Pim Leider" in html
    assert "Interventie 1: Brugfunctionaris › Begrotingsregel 1: Inzet › Bedrag" in html
    rows = PlanChange.objects.filter(plan=agenda).order_by("version")
    assert [r.changes for r in rows][1:] == [
        [{"path": "interventions[0].budget[0].amount", "before": 60000, "after": "PM"}],
        [{"path": "interventions[0].budget[0].amount", "before": "PM", "after": 75000}],
    ]
    cells = lxml.html.document_fromstring(html).xpath("//td")
    money = [text(cell) for cell in cells if "money" in (cell.get("class") or "").split()]
    # newest first: before and after of version 3, then of version 2
    assert money == ["PM", "€ 75.000", "€ 60.000", "PM"]


def test_the_history_names_organisations_and_neighbourhoods(plan, lead):
    # Found in review: the history showed organisation ids (buurtteam-demostad) and CBS codes.
    AreaFactory(code="BU99990101", name="Binnenstad", year=2024)
    client = client_for(lead)
    _edit(
        client,
        plan,
        "action_lines[0].themes[0]",
        {"stakeholders": ["onderwijs"], "stakeholders#new": "Buurtteam Demostad"},
    )
    _edit(
        client,
        plan,
        "interventions[0]",
        {"name": "Brugfunctionaris", "location.neighbourhoods": ["BU99990101"]},
    )
    history = parse(client.get(f"/plannen/demostad/{plan.slug}/geschiedenis/"))
    cells = [text(td) for td in history.xpath("//td[starts-with(@class, 'utrecht-table__cell')]")]
    assert "Gemeente Demostad - Onderwijs; Buurtteam Demostad" in cells
    assert "Binnenstad (BU99990101)" in cells
    assert "onderwijs; buurtteam-demostad" not in cells
    assert "BU99990101" not in cells


def test_an_item_is_removed_from_the_plan(agenda, lead):
    client = client_for(lead)
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0]"
    # It holds a budget line: the first press asks, naming what goes with it, and removes nothing.
    asked = client.post(url, {"version": "1", "_delete": "1"})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Interventie 1: Brugfunctionaris verwijderen?" in html
    assert "Begrotingsregel 1: Inzet" in html
    assert len(Plan.objects.get(pk=agenda.pk).document["interventions"]) == 1
    response = client.post(url, {"version": "1", "_delete": "1", "_confirm": "1"})
    assert _saved(response, agenda).document.get("interventions") is None


def test_a_path_that_is_not_a_part_is_404(agenda, lead):
    client = client_for(lead)
    base = f"/plannen/demostad/{agenda.slug}/bewerken/?deel="
    assert client.get(base + "interventions[5]").status_code == 404
    assert client.get(base + "nonsense").status_code == 404
    assert client.get(base + "interventions[0].name").status_code == 404


def test_the_title_cannot_be_emptied(agenda, lead):
    response = _edit(client_for(lead), agenda, "", {"title": " "})
    assert response.status_code == 400
    assert "Vul dit in: het plan wordt erop vermeld." in response.content.decode()
    assert Plan.objects.get(pk=agenda.pk).title == "GKA-agenda Demostad"


def test_a_stale_removal_removes_nothing_and_shows_the_item_as_it_is_now(agenda, lead, colleague):
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0].budget[0]"
    _saved(
        _edit(client_for(colleague), agenda, "interventions[0].budget[0]", {"amount": "75000"}),
        agenda,
    )
    response = client_for(lead).post(url, {"version": "1", "_delete": "1"})
    assert response.status_code == 409
    assert one(parse(response), '//input[@name="amount"]').get("value") == "75000"
    assert len(Plan.objects.get(pk=agenda.pk).document["interventions"][0]["budget"]) == 1


def test_the_template_is_chosen_from_those_on_record(plan, lead):
    client = client_for(lead)
    page = parse(client.get(f"/plannen/demostad/{plan.slug}/bewerken/?deel="))
    options = page.xpath('//select[@name="template"]/option')
    assert {option.get("value") for option in options} >= {
        "uitvoeringsplan",
        "gka-agenda-2021-2024",
    }
    assert [option.get("value") for option in options if option.get("selected") is not None] == [
        "uitvoeringsplan"
    ]
    stored = _saved(_edit(client, plan, "", {"template": ""}), plan)
    assert "template" not in stored.document


def test_fields_needed_to_submit_say_so_to_everyone(plan, lead):
    """A draft may be saved with them empty (ADR 0006), so the label says what they are needed
    for, visibly: not a hidden "required" only screen readers hear."""
    url = f"/plannen/{plan.municipality.slug}/{plan.slug}/bewerken/?deel="
    doc = parse(client_for(lead).get(url))
    labels = {
        label.get("for"): label for label in doc.xpath("//label[@class='utrecht-form-label']")
    }
    title = next(label for key, label in labels.items() if key.endswith("title"))
    required = one(title, "span")
    assert (required.get("class"), text(required)) == ("field-required", "(nodig om in te dienen)")
    introduction = next(label for key, label in labels.items() if key.endswith("introduction"))
    assert "nodig om in te dienen" not in text(introduction)
    assert title.xpath(".//*[contains(@class, 'visually-hidden')]") == []


def test_the_history_shows_a_removed_item_as_removed_not_as_renames(demostad, lead):
    # Found in review: removing the first of three efforts read as 1.1A renamed to 1.1B, 1.1B
    # renamed to 1.1C and a third effort emptied.
    doc = services.new_document(
        demostad, kind="plan", title="Plan", period="2024-2026", template="uitvoeringsplan"
    )
    efforts = [
        {"code": code, "description": text, "start": "Q1 2024", "end": "Lopend"}
        for code, text in [("1.1A", "Regeling"), ("1.1B", "Brugfunctionaris"), ("1.1C", "Loket")]
    ]
    doc["action_lines"] = [
        {
            "code": "1",
            "title": "Aanbod",
            "themes": [{"code": "1.1", "title": "Toegang", "efforts": efforts}],
        }
    ]
    plan = services.create_plan(demostad, lead, doc)
    client = client_for(lead)
    url = f"/plannen/demostad/{plan.slug}/bewerken/?deel=action_lines[0].themes[0].efforts[0]"
    response = client.post(url, {"version": "1", "_delete": "1"})
    stored = _saved(response, plan)
    assert [e["code"] for e in stored.document["action_lines"][0]["themes"][0]["efforts"]] == [
        "1.1B",
        "1.1C",
    ]
    (change,) = PlanChange.objects.get(plan=plan, version=2).changes
    assert change["path"] == "action_lines[0].themes[0].efforts[0]"
    assert change["after"] is None
    assert change["before"]["code"] == "1.1A"

    history = parse(client.get(f"/plannen/demostad/{plan.slug}/geschiedenis/"))
    rows = [
        [text(td) for td in row.xpath("td")]
        for row in history.xpath("//tr[@class='utrecht-table__row']")
        if row.xpath("td")
    ]
    assert len(rows) == 1
    where, before, after = rows[0]
    assert where.endswith("Inspanning 1.1A")
    assert "Regeling" in before
    assert after == "–"


def test_a_list_diff_matches_items_by_content():
    from kansen.web.plans.editor import diff

    a, b, c = ({"uuid": f"id-{x}", "code": x, "amount": 1} for x in "abc")
    assert diff({"items": [a, b, c]}, {"items": [a, c]}) == [
        {"path": "items[1]", "before": b, "after": None}
    ]
    assert diff({"items": [a, c]}, {"items": [a, b, c]}) == [
        {"path": "items[1]", "before": None, "after": b}
    ]
    changed = {**c, "amount": 2}
    assert diff({"items": [a, b, c]}, {"items": [a, b, changed]}) == [
        {"path": "items[2].amount", "before": 1, "after": 2}
    ]
    # An emptied list: every item removed; a list of plain values stays one leaf.
    assert diff({"items": [a]}, {"items": []}) == [{"path": "items[0]", "before": a, "after": None}]
    assert diff({"tags": ["x"]}, {"tags": ["x", "y"]}) == [
        {"path": "tags", "before": ["x"], "after": ["x", "y"]}
    ]


def test_an_amount_with_cents_is_shown_with_a_decimal_comma(agenda, lead):
    # Found in review: "1.250,50" came back as "1250.50", which a Dutch reader takes for
    # 125.050 euros.
    client = client_for(lead)
    _edit(client, agenda, "interventions[0].budget[0]", {"amount": "1.250,50"})
    stored = Plan.objects.get(pk=agenda.pk).document["interventions"][0]["budget"][0]
    assert stored["amount"] == "1250.50"
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0].budget[0]"
    assert one(parse(client.get(url)), '//input[@name="amount"]').get("value") == "1250,50"
    # Saving the form as shown keeps the amount.
    _edit(client, agenda, "interventions[0].budget[0]", {"description": "Inzet 2"})
    stored = Plan.objects.get(pk=agenda.pk).document["interventions"][0]["budget"][0]
    assert stored["amount"] == "1250.50"


def test_one_round_shows_every_problem_of_the_form(agenda, lead):
    # Found in review: a field that could not be read hid the plan's own validation of the
    # other fields, so a user corrected one error only to be shown the next.
    response = _edit(client_for(lead), agenda, "", {"title": " ", "period": "2028-2025"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul dit in: het plan wordt erop vermeld." in html
    summary = one(parse(response), "//*[@id='error-summary']")
    assert len(summary.xpath(".//li")) == 2, text(summary)
