"""The monitoring pages: who reads and writes them (as plans: another municipality gets 404,
drafts are private, public only when the municipality chooses), forms that keep what was
typed, the plan page's section, the yearly report downloads."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import User
from kansen.web.monitoring import services
from kansen.web.plans.models import PlanStatus

from ..factories import UserFactory, client_for
from ..html import attributes, field_value, one, parse, text
from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored(plan):
    goal = services.create_goal(plan, title="Meer gezinnen bereikt")
    indicator = services.create_indicator(
        goal,
        {
            "name": "Gezinnen geholpen",
            "direction": "higher",
            "source_kind": "manual",
            "baseline_value": Decimal(120),
            "baseline_year": 2023,
            "baseline_source": "Registratie",
            "target_kind": "absolute",
            "target_value": Decimal(400),
            "target_year": 2028,
        },
    )
    services.add_measurement(indicator, year=2025, value=Decimal(235), source="Registratie")
    session = services.record_session(
        plan,
        date=date(2025, 10, 1),
        title="Werkt de brugfunctionaris?",
        professionals=[{"name": "Fatima B.", "role": "brugfunctionaris"}],
    )
    services.add_action(
        session, description="Eén formulier", owner="Team Armoede", due=date(2026, 1, 15)
    )
    return plan, goal, indicator, session


def _base(plan) -> str:
    return f"/plannen/demostad/{plan.slug}/monitoring/"


def _publish_plan(plan):
    """Publish the plan as its programme lead does, on the plan page (its check finds no
    errors in Demostad's execution plan)."""
    lead = User.objects.get(municipality=plan.municipality, role=Role.PROGRAMME_LEAD)
    response = client_for(lead).post(f"/plannen/demostad/{plan.slug}/publiceren/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED


def test_the_dashboard_shows_each_indicator_with_status_chart_and_table(monitored, lead):
    plan, _goal, indicator, _session = monitored
    response = client_for(lead).get(_base(plan))
    page = response.content.decode()
    root = parse(response)
    assert "Meer gezinnen bereikt" in page
    assert text(one(root, f"//*[@id='status-{indicator.uuid}']")) == "Op koers"
    assert root.xpath("//img[starts-with(@src, 'data:image/svg+xml;base64,')]")
    assert "Cijfers van Gezinnen geholpen" in [text(c) for c in root.xpath("//caption")]
    assert "Te laat:" in page  # the action of 15 January, seen on 1 March


def test_the_chart_escapes_what_was_typed(plan, lead):
    from kansen.web.monitoring import charts, progress

    goal = services.create_goal(plan, title="Doel")
    indicator = services.create_indicator(
        goal,
        {
            "name": "<script>alert(1)</script>",
            "direction": "higher",
            "source_kind": "manual",
            "baseline_value": Decimal(1),
            "baseline_year": 2023,
        },
    )
    view = progress.indicator_view(indicator)
    data = charts.ChartData(view.chart.baseline, None, (), {"baseline": "<b>&"})
    svg = charts.svg(data)
    assert "<b>" not in svg
    assert "&lt;b&gt;&amp;" in svg
    page = client_for(lead).get(_base(plan)).content.decode()
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize(
    "path",
    [
        "",
        "doel/nieuw/",
        "evaluaties/",
        "rapportage/2025/",
        "rapportage/2025/pdf/",
    ],
)
def test_another_municipality_gets_404(monitored, elders, path):
    plan = monitored[0]
    other = UserFactory(username="elders", municipality=elders, role=Role.PROGRAMME_LEAD)
    assert client_for(other).get(_base(plan) + path).status_code == 404


def test_another_municipality_cannot_write_into_a_plan(monitored, elders):
    plan, _goal, indicator, session = monitored
    other = client_for(
        UserFactory(username="elders", municipality=elders, role=Role.PROGRAMME_LEAD)
    )
    _publish_plan(plan)
    services.publish_dashboard(plan, True)
    for path, data in (
        ("doel/nieuw/", {"title": "Van buiten"}),
        (f"indicator/{indicator.uuid}/meting/", {"year": 2026, "value": "1", "source": "x"}),
        (f"evaluaties/{session.uuid}/", {"description": "x", "owner": "y", "due": "2026-01-01"}),
        ("publiceren/", {"action": "withdraw"}),
    ):
        assert other.post(_base(plan) + path, data).status_code == 404, path
    assert plan.goals.count() == 1
    assert indicator.measurements.count() == 1
    assert session.actions.count() == 1


def test_an_analyst_reads_but_does_not_write(monitored, demostad):
    plan = monitored[0]
    analyst = client_for(UserFactory(username="ana", municipality=demostad, role=Role.ANALYST))
    page = analyst.get(_base(plan)).content.decode()
    assert "Gezinnen geholpen" in page
    assert "Doel toevoegen" not in page
    assert analyst.get(_base(plan) + "evaluaties/").status_code == 200
    assert analyst.post(_base(plan) + "doel/nieuw/", {"title": "x"}).status_code == 404
    assert plan.goals.count() == 1


def test_the_dashboard_is_public_only_when_the_plan_is_published_and_the_municipality_chooses(
    monitored,
):
    plan = monitored[0]
    anonymous = Client()
    assert anonymous.get(_base(plan)).status_code == 404  # a draft plan
    services.publish_dashboard(plan, True)
    assert anonymous.get(_base(plan)).status_code == 404  # the plan is still a draft
    _publish_plan(plan)
    services.publish_dashboard(plan, False)
    assert anonymous.get(_base(plan)).status_code == 404  # not chosen
    services.publish_dashboard(plan, True)
    page = anonymous.get(_base(plan)).content.decode()
    assert "Gezinnen geholpen" in page
    # the public reads; the sessions (names of professionals) and open actions stay inside
    assert "Lerend evalueren" not in page
    assert "Eén formulier" not in page
    assert anonymous.get(_base(plan) + "evaluaties/").status_code in (302, 404)


def test_a_yearly_report_is_public_only_when_published(monitored):
    plan = monitored[0]
    _publish_plan(plan)
    anonymous = Client()
    assert anonymous.get(_base(plan) + "rapportage/2025/pdf/").status_code == 404
    services.save_year_report(plan, 2025, next_year="", is_public=True)
    response = anonymous.get(_base(plan) + "rapportage/2025/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert anonymous.get(_base(plan) + "rapportage/2024/pdf/").status_code == 404
    plan_page = anonymous.get(f"/plannen/demostad/{plan.slug}/").content.decode()
    assert "Jaarrapportage 2025 (PDF)" in plan_page


def test_a_failed_save_keeps_what_was_typed(monitored, lead):
    plan, goal, _indicator, _session = monitored
    response = client_for(lead).post(
        _base(plan) + f"doel/{goal.uuid}/indicator/nieuw/",
        {
            "name": "Deelnemers zwemles",
            "unit": "kinderen",
            "direction": "higher",
            "source_kind": "manual",
            "baseline_value": "veel",
            "baseline_year": "2023",
            "target_kind": "absolute",
            "target_value": "12,5",
            "target_year": "2022",
        },
    )
    page = response.content.decode()
    root = parse(response)
    assert response.status_code == 400
    assert field_value(root, "name") == "Deelnemers zwemles"
    assert field_value(root, "baseline_value") == "veel"
    assert field_value(root, "target_value") == "12,5"
    assert "Het streefjaar ligt na het jaar van de nulmeting." in page
    assert goal.indicators.count() == 1


def test_a_measurement_typed_the_dutch_way_and_a_second_one_of_the_year_refused(monitored, lead):
    plan, _goal, indicator, _session = monitored
    client = client_for(lead)
    url = _base(plan) + f"indicator/{indicator.uuid}/meting/"
    data = {
        "year": "2026",
        "value": "295,5",
        "source": "Registratie",
        "lower": "280",
        "upper": "310",
    }
    assert client.post(url, data).status_code == 302
    assert indicator.measurements.get(year=2026).value == Decimal("295.5")
    again = client.post(url, data)
    assert again.status_code == 400
    assert "Er is al een meting van 2026; wijzig die." in again.content.decode()


def test_the_baseline_interval_and_count_are_entered_with_the_indicator(monitored, lead):
    plan, goal, _indicator, _session = monitored
    client = client_for(lead)
    url = _base(plan) + f"doel/{goal.uuid}/indicator/nieuw/"
    data = {
        "name": "Ouders die de weg weten",
        "unit": "%",
        "direction": "higher",
        "source_kind": "manual",
        "baseline_value": "42,0",
        "baseline_year": "2023",
        "baseline_source": "Ouderpeiling",
        "baseline_count": "650",
        "baseline_lower": "38,5",
        "baseline_upper": "45,5",
        "target_kind": "absolute",
        "target_value": "55",
        "target_year": "2028",
    }
    assert client.post(url, data).status_code == 302
    made = goal.indicators.get(name="Ouders die de weg weten")
    assert (made.baseline_count, made.baseline_lower, made.baseline_upper) == (
        650,
        Decimal("38.5"),
        Decimal("45.5"),
    )
    page = client.get(_base(plan)).content.decode()
    assert "38,5 – 45,5" in page
    # changing it shows what is stored
    form = parse(client.get(_base(plan) + f"indicator/{made.uuid}/"))
    assert field_value(form, "baseline_lower") == "38,5"
    assert field_value(form, "baseline_count") == "650"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"baseline_lower": "43"},
            "baseline_lower",
            "De waarde ligt tussen de ondergrens en de bovengrens.",
        ),
        (
            {"baseline_upper": "41,9"},
            "baseline_lower",
            "De waarde ligt tussen de ondergrens en de bovengrens.",
        ),
        ({"baseline_upper": ""}, "baseline_upper", "Vul beide grenzen in, of geen van beide."),
        (
            {"baseline_value": "", "baseline_year": ""},
            "baseline_value",
            "Het aantal waarnemingen en de grenzen horen bij een nulmeting: vul die in.",
        ),
        ({"baseline_count": "0"}, "baseline_count", "Zorg ervoor dat deze waarde minstens 1 is."),
    ],
)
def test_a_baseline_outside_its_interval_is_refused_and_what_was_typed_kept(
    monitored, lead, changes, field, message
):
    plan, goal, _indicator, _session = monitored
    data = {
        "name": "Ouders die de weg weten",
        "direction": "higher",
        "source_kind": "manual",
        "baseline_value": "42,0",
        "baseline_year": "2023",
        "baseline_count": "650",
        "baseline_lower": "38,5",
        "baseline_upper": "45,5",
        "target_kind": "absolute",
        **changes,
    }
    response = client_for(lead).post(_base(plan) + f"doel/{goal.uuid}/indicator/nieuw/", data)
    page = response.content.decode()
    root = parse(response)
    assert response.status_code == 400
    assert message in page
    assert root.xpath(f"//*[@id='id_{field}_error']")
    for name in ("baseline_value", "baseline_count", "baseline_lower", "baseline_upper"):
        assert field_value(root, name) == data[name] or not data[name]
    assert goal.indicators.count() == 1


def test_a_measurement_of_a_date_is_judged_at_that_date(monitored, lead):
    plan, _goal, indicator, _session = monitored
    client = client_for(lead)
    url = _base(plan) + f"indicator/{indicator.uuid}/meting/"
    # 120 (2023) to 400 (2028) is 56 a year; on 1 July 2026 the path gives 120 + 56 * 3.4959
    data = {"year": "", "date": "2026-07-01", "value": "290", "source": "Registratie"}
    assert client.post(url, data).status_code == 302
    made = indicator.measurements.get(date=date(2026, 7, 1))
    assert made.year == 2026
    with translation.override("nl"):
        page = client.get(_base(plan)).content.decode()
    assert "1 juli 2026" in page
    # R = (170 / (3 + 181/365)) / 56 = 86.8%: needs acceleration (as a yearly 2026 it is 101.2%)
    assert f'id="status-{indicator.uuid}">Versnelling nodig<' in page
    assert "290 op 1 juli 2026: 86,8% van het tempo" in page
    english = client.get(_base(plan), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "290 on July 1, 2026: 86.8% of the pace" in english


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"year": "2025", "date": "2026-07-01"},
            "date",
            "De datum ligt niet in 2025: geef een datum in dat jaar, of laat het jaar leeg.",
        ),
        (
            {"year": "", "date": ""},
            "year",
            "Vul het jaar in waarover het cijfer gaat, of de datum.",
        ),
        ({"year": "2025", "date": ""}, "year", "Er is al een meting van 2025; wijzig die."),
        (
            {"year": "", "date": "2025-01-01"},
            "date",
            "Er is al een meting van 2025-01-01; wijzig die.",
        ),
        ({"year": "", "date": "31-02-2026"}, "date", "Voer een geldige datum in."),
    ],
)
def test_a_measurement_without_a_clear_time_is_refused(monitored, lead, data, field, message):
    plan, _goal, indicator, _session = monitored
    url = _base(plan) + f"indicator/{indicator.uuid}/meting/"
    response = client_for(lead).post(url, {"value": "250", "source": "Registratie", **data})
    page = response.content.decode()
    root = parse(response)
    assert response.status_code == 400
    assert message in page
    assert root.xpath(f"//*[@id='id_{field}_error']")
    assert field_value(root, "value") == "250"
    assert indicator.measurements.count() == 1


def test_a_measurement_is_changed_with_what_it_held_filled_in(monitored, lead, demostad):
    plan, _goal, indicator, _session = monitored
    other = UserFactory(username="tweede", municipality=demostad, role=Role.PROGRAMME_LEAD)
    measured = indicator.measurements.get(year=2025)
    client = client_for(other)
    url = _base(plan) + f"indicator/{indicator.uuid}/meting/{measured.pk}/"
    form = parse(client.get(url))
    assert field_value(form, "value") == "235"
    assert field_value(form, "year") == "2025"
    changed = {"year": "2025", "date": "", "value": "241", "source": "Registratie (herzien)"}
    assert client.post(url, changed).status_code == 302
    measured.refresh_from_db()
    assert (measured.value, measured.source) == (Decimal(241), "Registratie (herzien)")
    assert measured.updated_by == other
    assert indicator.measurements.count() == 1
    # onto a time another measurement has: refused, the typed values kept
    services.add_measurement(indicator, year=2026, value=Decimal(300), source="Registratie")
    clash = client.post(url, {**changed, "year": "2026", "value": "242"})
    assert clash.status_code == 400
    assert "Er is al een meting van 2026; wijzig die." in clash.content.decode()
    assert field_value(parse(clash), "value") == "242"
    measured.refresh_from_db()
    assert measured.year == 2025
    # the dashboard links to the change and the removal of each measurement
    page = parse(client.get(_base(plan)))
    assert page.xpath(f"//a[@href='{url}']")
    assert page.xpath(f"//form[@action='{url}verwijderen/']")


def test_a_dated_measurement_keeps_its_date_when_changed(monitored, lead):
    plan, _goal, indicator, _session = monitored
    dated = services.add_measurement(
        indicator, year=2026, date=date(2026, 7, 1), value=Decimal(290), source="Registratie"
    )
    client = client_for(lead)
    url = _base(plan) + f"indicator/{indicator.uuid}/meting/{dated.pk}/"
    form = parse(client.get(url))
    # a browser's date field reads ISO 8601 only: in the Dutch format it would show empty and
    # saving the form would turn the figure of 1 July into one of the whole year
    assert attributes(one(form, "//input[@name='date']"), "type", "value") == (
        "date",
        "2026-07-01",
    )
    assert field_value(form, "value") == "290"


def test_a_measurement_of_another_plan_is_not_changed(monitored, lead, elders):
    plan, _goal, indicator, _session = monitored
    measured = indicator.measurements.get(year=2025)
    outsider = UserFactory(username="elders", municipality=elders, role=Role.PROGRAMME_LEAD)
    url = _base(plan) + f"indicator/{indicator.uuid}/meting/{measured.pk}/"
    assert (
        client_for(outsider).post(url, {"year": "2025", "value": "1", "source": "x"}).status_code
        == 404
    )
    assert client_for(outsider).post(url + "verwijderen/").status_code == 404
    measured.refresh_from_db()
    assert measured.value == Decimal(235)


def test_the_plan_page_flags_overdue_actions_for_the_municipality_only(monitored, lead):
    plan = monitored[0]
    response = client_for(lead).get(f"/plannen/demostad/{plan.slug}/")
    page = response.content.decode()
    assert parse(response).xpath("//*[@id='overdue-actions']")
    assert "Eén formulier" in page
    _publish_plan(plan)
    public = Client().get(f"/plannen/demostad/{plan.slug}/").content.decode()
    assert "Eén formulier" not in public
    assert "/monitoring/" not in public  # the dashboard is not public
    services.publish_dashboard(plan, True)
    shown = Client().get(f"/plannen/demostad/{plan.slug}/")
    public = shown.content.decode()
    assert parse(shown).xpath(f"//a[@href='{_base(plan)}']")
    assert "Eén formulier" not in public  # the actions stay with the municipality


def test_marking_an_action_done_takes_it_off_the_overdue_list(monitored, lead):
    plan, _goal, _indicator, session = monitored
    action = session.actions.get()
    client = client_for(lead)
    assert client.post(_base(plan) + f"acties/{action.pk}/", {"done": "1"}).status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY
    page = client.get(f"/plannen/demostad/{plan.slug}/").content.decode()
    assert 'id="overdue-actions"' not in page


def test_the_word_report_has_the_goal_its_chart_and_the_money(monitored, lead):
    import docx

    plan = monitored[0]
    services.save_year_report(plan, 2025, next_year="Meer voorlichting op school.", is_public=False)
    response = client_for(lead).get(_base(plan) + "rapportage/2025/docx/")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Doelen en voortgang", "Meer gezinnen bereikt", "Gezinnen geholpen"]
    assert "Geld: uitgegeven tegenover begroot" in headings
    assert len(document.inline_shapes) == 1  # the chart
    money = document.tables[-2]
    assert [c.text for c in money.rows[0].cells] == [
        "Kostenpost",
        "Begroot",
        "Uitgegeven",
        "Resterend",
    ]
    assert [c.text for c in money.rows[-1].cells] == ["Totaal", "€ 402.000", "–", "–"]
    assert "Meer voorlichting op school." in [p.text for p in document.paragraphs]


def test_the_municipality_sets_the_structure_of_its_yearly_reports(monitored, lead):
    from kansen.web.monitoring import report

    plan = monitored[0]
    client = client_for(lead)
    data = {
        "goals_include": "on",
        "goals_position": "2",
        "goals_title": "",
        "goals_intro": "",
        "activities_include": "",
        "activities_position": "5",
        "money_include": "on",
        "money_position": "1",
        "money_title": "Financiën",
        "money_intro": "Cijfers van de afdeling Financiën.",
        "evaluations_include": "on",
        "evaluations_position": "3",
        "next_year_include": "on",
        "next_year_position": "4",
    }
    assert client.post("/plannen/rapportagesjabloon/", data).status_code == 302
    with translation.override("nl"):
        blocks = report.outline(plan, 2025, TODAY)
    sections = [b.text for b in blocks if isinstance(b, report.Heading) and b.level == 1]
    assert sections == ["Financiën", "Doelen en voortgang", "Lerend evalueren", "Volgend jaar"]
    assert blocks[3] == report.Paragraph("Cijfers van de afdeling Financiën.")
    # two sections in one place: refused, with what was typed kept
    again = client.post("/plannen/rapportagesjabloon/", {**data, "goals_position": "1"})
    assert again.status_code == 400
    assert "Geef elke sectie een eigen plaats, van 1 tot 5." in again.content.decode()
    assert 'value="Financiën"' in again.content.decode()


def test_only_plan_editors_of_a_municipality_set_the_structure(demostad):
    analyst = UserFactory(username="ana", municipality=demostad, role=Role.ANALYST)
    assert client_for(analyst).get("/plannen/rapportagesjabloon/").status_code == 403
    assert Client().get("/plannen/rapportagesjabloon/").status_code == 302  # to the login


def test_an_indicator_takes_only_figures_of_its_municipality_or_national_ones(
    monitored, lead, demostad, elders
):
    from ..factories import IndicatorFactory

    plan, goal, _indicator, _session = monitored
    IndicatorFactory(municipality=demostad, code="eigen", name="Eigen cijfer")
    IndicatorFactory(municipality=None, code="landelijk", name="Landelijk cijfer", is_public=True)
    foreign = IndicatorFactory(
        municipality=elders, code="elders", name="Cijfer van Elders", is_public=True
    )
    url = _base(plan) + f"doel/{goal.uuid}/indicator/nieuw/"
    client = client_for(lead)
    page = client.get(url).content.decode()
    assert "Eigen cijfer" in page
    assert "Landelijk cijfer" in page
    assert "Cijfer van Elders" not in page
    response = client.post(
        url,
        {
            "name": "Van elders",
            "direction": "higher",
            "source_kind": "area",
            "area_indicator": foreign.pk,
            "target_kind": "absolute",
        },
    )
    assert response.status_code == 400
    assert goal.indicators.count() == 1


def test_a_session_is_changed_with_what_it_held_filled_in(monitored, lead):
    plan, _goal, _indicator, session = monitored
    url = _base(plan) + f"evaluaties/{session.uuid}/wijzigen/"
    client = client_for(lead)
    response = client.get(url)
    page = response.content.decode()
    assert "Fatima B., brugfunctionaris" in page
    # the date as a browser's date field reads it (in Dutch, 01-10-2025 would show empty)
    date_field = one(parse(response), "//input[@name='date']")
    assert attributes(date_field, "type", "value") == ("date", "2025-10-01")
    response = client.post(
        url,
        {
            "date": "2025-10-02",
            "title": "Werkt de brugfunctionaris?",
            "experts_by_experience": "2",
            "professionals": "Fatima B., brugfunctionaris\nKees, coördinator",
            "findings": "Ja.",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.date == date(2025, 10, 2)
    assert session.professionals == [
        {"name": "Fatima B.", "role": "brugfunctionaris"},
        {"name": "Kees", "role": "coördinator"},
    ]
    refused = client.post(
        url,
        {
            "date": "2025-10-02",
            "title": "x",
            "experts_by_experience": "0",
            "professionals": "Alleen een naam",
        },
    )
    assert refused.status_code == 400
    assert "Regel 1: verwacht een naam, een komma en een rol; gekregen „Alleen een naam”." in (
        refused.content.decode()
    )


def test_the_chart_draws_the_baselines_interval_and_a_dated_figure_between_its_years():
    import xml.etree.ElementTree as ET

    from kansen.web.monitoring import charts

    point = charts.Point
    data = charts.ChartData(
        baseline=point(2023, Decimal(40), Decimal("37.5"), Decimal("44.5")),
        target=point(2027, Decimal(50)),
        measurements=(point(2025, Decimal(46), at=2025.5),),
        labels={},
    )
    root = ET.fromstring(charts.svg(data))
    ns = "{http://www.w3.org/2000/svg}"
    # 2023 to 2027 over 302 px from x = 46: 2025.5 is at 46 + 2.5 / 4 * 302
    assert next(c.get("cx") for c in root.iter(ns + "circle")) == "234.8"  # then the legend
    # the baseline's interval: a vertical line at 2023 from 37.5 to 44.5, with its two bars
    at_2023 = [line for line in root.iter(ns + "line") if line.get("x1") == line.get("x2") == "46"]
    assert len(at_2023) == 1
    assert charts.png(data).startswith(b"\x89PNG")


def test_a_second_goal_of_the_same_name_is_refused(monitored, lead):
    plan, goal, _indicator, _session = monitored
    client = client_for(lead)
    again = client.post(_base(plan) + "doel/nieuw/", {"title": "  meer gezinnen  bereikt"})
    assert again.status_code == 400
    assert "Het plan heeft al een doel „meer gezinnen bereikt”." in again.content.decode()
    assert plan.goals.count() == 1
    # the goal itself keeps its name when it is saved again
    assert (
        client.post(
            _base(plan) + f"doel/{goal.uuid}/", {"title": "Meer gezinnen bereikt"}
        ).status_code
        == 302
    )


def test_every_table_that_scrolls_sideways_on_a_phone_can_be_reached_by_keyboard(monitored, lead):
    plan = monitored[0]
    tables = parse(client_for(lead).get(_base(plan))).xpath("//table")
    assert tables
    assert all(table.get("tabindex") == "0" for table in tables)


@pytest.mark.parametrize(
    "value", ["NaN", "Infinity", "1e400", "12345678901234567", "1.23456", "‮12"]
)
def test_a_figure_that_is_none_is_refused_with_what_was_typed(monitored, lead, value):
    plan, _goal, indicator, _session = monitored
    url = _base(plan) + f"indicator/{indicator.uuid}/meting/"
    response = client_for(lead).post(url, {"year": "2026", "value": value, "source": "x"})
    assert response.status_code == 400
    assert parse(response).xpath("//*[@id='id_value_error']")
    assert indicator.measurements.count() == 1


@pytest.mark.parametrize(
    ("code", "stored"),
    [("gm9999", "GM9999"), ("WK999901", "WK999901"), ("BU 9999 0101", "BU99990101"), ("", "")],
)
def test_an_indicator_is_about_the_municipality_or_one_of_its_areas(monitored, lead, code, stored):
    plan, goal, _indicator, _session = monitored
    data = {"name": "Deelnemers", "direction": "higher", "source_kind": "manual"}
    data |= {"target_kind": "absolute", "area_code": code}
    response = client_for(lead).post(_base(plan) + f"doel/{goal.uuid}/indicator/nieuw/", data)
    assert response.status_code == 302
    assert goal.indicators.get(name="Deelnemers").area_code == stored


@pytest.mark.parametrize("code", ["GM0546", "WK054601", "BU05460101", "BU9999", "GM99990"])
def test_an_area_of_another_municipality_is_refused(monitored, lead, code):
    plan, goal, _indicator, _session = monitored
    data = {"name": "Deelnemers", "direction": "higher", "source_kind": "manual"}
    data |= {"target_kind": "absolute", "area_code": code}
    response = client_for(lead).post(_base(plan) + f"doel/{goal.uuid}/indicator/nieuw/", data)
    assert response.status_code == 400
    assert (
        "Verwacht de code van Demostad (GM9999), of van een van de wijken (WK9999..) of buurten "
        f"(BU9999....); ingevuld is „{code}”." in response.content.decode()
    )
    assert goal.indicators.count() == 1


def test_each_goal_is_a_region_of_its_own_name(monitored, lead):
    plan, _goal, _indicator, _session = monitored
    second = services.create_goal(plan, title="Minder uitval")
    page = parse(client_for(lead).get(_base(plan)))
    titles = [(text(h), h.get("id")) for h in page.xpath("//h3[span[@class='visually-hidden']]")]
    assert ("Doel 1: Meer gezinnen bereikt", f"doel-{monitored[1].uuid}-title") in titles
    assert ("Doel 2: Minder uitval", f"doel-{second.uuid}-title") in titles


@pytest.mark.parametrize(
    ("code", "stored"),
    [
        ("bu99990102, BU 9999 0101", "BU99990101, BU99990102"),
        ("BU99990101;BU99990101\nBU99990103", "BU99990101, BU99990103"),
        ("WK999902, WK999901,", "WK999901, WK999902"),
    ],
)
def test_an_indicator_is_about_several_chosen_areas(monitored, lead, code, stored):
    plan, goal, _indicator, _session = monitored
    data = {"name": "Deelnemers", "direction": "higher", "source_kind": "manual"}
    data |= {"target_kind": "absolute", "area_code": code}
    response = client_for(lead).post(_base(plan) + f"doel/{goal.uuid}/indicator/nieuw/", data)
    assert response.status_code == 302
    assert goal.indicators.get(name="Deelnemers").area_code == stored


@pytest.mark.parametrize("code", ["GM9999, BU99990101", "WK999901, BU99990101"])
def test_an_area_and_one_inside_it_are_not_chosen_together(monitored, lead, code):
    plan, goal, _indicator, _session = monitored
    data = {"name": "Deelnemers", "direction": "higher", "source_kind": "manual"}
    data |= {"target_kind": "absolute", "area_code": code}
    response = client_for(lead).post(_base(plan) + f"doel/{goal.uuid}/indicator/nieuw/", data)
    assert response.status_code == 400
    got = ", ".join(sorted(code.split(", ")))
    assert (
        "Verwacht: enkele buurten (BU…) of enkele wijken (WK…), geen mengsel en niet de hele "
        f"gemeente: een gebied en een gebied daarbinnen zouden dubbel tellen; gekregen: “{got}”."
    ) in response.content.decode()
    assert goal.indicators.count() == 1


def test_shares_of_several_areas_without_their_numbers_are_refused(monitored, lead, demostad):
    from ..factories import AreaFactory, IndicatorFactory, ObservationFactory

    plan, goal, _indicator, _session = monitored
    figure = IndicatorFactory(municipality=demostad, name="Onderadvisering", unit="%")
    for code, count in (("BU99990101", 250), ("BU99990102", None)):
        area = AreaFactory(code=code, year=2023)
        ObservationFactory(indicator=figure, area=area, value=20.0, count=count)
    data = {"name": "Onderadvisering focus", "direction": "lower", "source_kind": "area"}
    data |= {"area_indicator": figure.pk, "target_kind": "absolute"}
    data |= {"area_code": "BU99990101, BU99990102"}
    response = client_for(lead).post(_base(plan) + f"doel/{goal.uuid}/indicator/nieuw/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "De cijfers van “Onderadvisering” (%) van meerdere gebieden worden samengenomen met het "
        "aantal personen waarop elk cijfer rust, en dat heeft het platform niet voor BU99990102. "
        "Verwacht: een aantal, een cijfer met zijn aantallen, of één gebied."
    ) in page
    assert field_value(parse(response), "area_code") == "BU99990101, BU99990102"
    assert goal.indicators.count() == 1
