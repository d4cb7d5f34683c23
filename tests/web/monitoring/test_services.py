"""The write path and the reads of the monitoring app: links to plan items by id, figures from
the platform, measurements, statuses with their reasons, actions, money spent, the report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from kansen.web.monitoring import progress, report, selectors, services
from kansen.web.monitoring.models import Measurement
from kansen.web.plans import services as plan_services

from ..factories import AreaFactory, IndicatorFactory, ObservationFactory
from .conftest import ACTION_LINE_1, COST_LINE_1_2025, EFFORT_1_1B

pytestmark = pytest.mark.django_db


def _indicator(goal, **values):
    defaults = {
        "name": "Bereik",
        "unit": "%",
        "direction": "higher",
        "source_kind": "manual",
        "baseline_value": Decimal("20"),
        "baseline_year": 2023,
        "target_kind": "absolute",
        "target_value": Decimal("40"),
        "target_year": 2027,
    }
    return services.create_indicator(goal, {**defaults, **values})


def test_a_goal_links_only_to_items_of_its_own_plan_in_the_order_given(plan):
    goal = services.create_goal(
        plan, title="  Meer bereik ", items=[EFFORT_1_1B, "not-an-item", ACTION_LINE_1, EFFORT_1_1B]
    )
    assert goal.title == "Meer bereik"
    assert goal.items == [EFFORT_1_1B, ACTION_LINE_1]


def test_a_renamed_and_moved_item_keeps_its_links(plan, lead):
    services.create_goal(plan, title="Bereik", items=[ACTION_LINE_1])
    lines = plan.document["action_lines"]
    renamed = {**lines[0], "title": "Ouders vinden het aanbod"}
    plan_services.update_part(
        plan,
        "action_lines",
        [lines[1], lines[2], renamed],  # renamed and moved to the end
        expected_version=plan.version,
        user=lead,
    )
    plan.refresh_from_db()
    with translation.override("en"):
        labels = selectors.item_labels(plan)
    with translation.override("nl"):
        views = progress.goal_views(selectors.goals(plan), selectors.item_labels(plan))
    assert labels[ACTION_LINE_1] == "Action line 1: Ouders vinden het aanbod"
    assert views[0].items == ["Actielijn 1: Ouders vinden het aanbod"]


def test_a_second_measurement_of_a_year_is_refused(plan):
    indicator = _indicator(services.create_goal(plan, title="Bereik"))
    services.add_measurement(indicator, year=2024, value=Decimal("25"), source="Telling")
    with pytest.raises(services.DuplicateMeasurement) as refused:
        services.add_measurement(indicator, year=2024, value=Decimal("26"), source="Telling")
    assert refused.value.year == 2024
    assert list(indicator.measurements.values_list("value", flat=True)) == [Decimal("25")]


def test_a_figure_on_the_platform_gives_the_baseline_and_the_later_measurements(plan, demostad):
    figure = IndicatorFactory(municipality=demostad, code="vsv", unit="%", source="DUO")
    for year, value in ((2022, 2.4), (2023, 2.1), (2024, 1.9)):
        ObservationFactory(
            indicator=figure, area=AreaFactory(code="GM9999", year=year), value=value
        )
    goal = services.create_goal(plan, title="Minder uitval")
    indicator = services.create_indicator(
        goal,
        {
            "name": "Voortijdig schoolverlaters",
            "direction": "lower",
            "source_kind": "area",
            "area_indicator": figure,
            "baseline_year": 2023,
            "target_kind": "relative",
            "target_value": Decimal("-20"),
            "target_year": 2028,
        },
    )
    indicator.refresh_from_db()
    assert (indicator.baseline_value, indicator.baseline_year) == (Decimal("2.1"), 2023)
    assert indicator.baseline_source == "DUO"
    assert indicator.unit == "%"
    assert list(Measurement.objects.filter(indicator=indicator).values_list("year", "value")) == [
        (2024, Decimal("1.9"))
    ]
    # a second save adds nothing twice
    assert services.read_platform_figures(indicator) == 0
    # a figure typed for 1 January 2024 is the time of the platform's 2024: not added beside it
    Measurement.objects.filter(indicator=indicator).delete()
    services.add_measurement(
        indicator, year=2024, date=date(2024, 1, 1), value=Decimal("1.8"), source="Eigen telling"
    )
    assert services.read_platform_figures(indicator) == 0
    assert progress.indicator_view(indicator).data.measurements[0].value == Decimal("1.8")


def test_a_measurement_of_a_day_beside_the_yearly_one(plan):
    indicator = _indicator(services.create_goal(plan, title="Bereik"))
    services.add_measurement(indicator, year=2024, value=Decimal("25"), source="Telling")
    summer = services.add_measurement(
        indicator, year=2024, date=date(2024, 7, 1), value=Decimal("27"), source="Telling"
    )
    with pytest.raises(services.DuplicateMeasurement) as refused:
        services.add_measurement(
            indicator, year=2024, date=date(2024, 1, 1), value=Decimal("26"), source="Telling"
        )
    assert refused.value.when == "2024-01-01"
    with pytest.raises(ValueError, match="not in 2025"):
        services.add_measurement(
            indicator, year=2025, date=date(2024, 7, 2), value=Decimal("1"), source="x"
        )
    # changed onto the time of the yearly figure: refused, nothing changed
    with pytest.raises(services.DuplicateMeasurement):
        services.update_measurement(summer, year=2024, value=Decimal("28"), source="Telling")
    summer.refresh_from_db()
    assert (summer.date, summer.value) == (date(2024, 7, 1), Decimal("27"))


@pytest.mark.parametrize(
    ("measurements", "status", "reason"),
    [
        # 2 of the 20 points a year needed (40 - 20 over 4 years: 5 a year): 40%
        ([(2025, "22")], "limited_progress", "22 in 2025: 20,0% van het tempo"),
        # exactly on the path in 2025 (20 + 2 * 5)
        ([(2024, "24"), (2025, "30")], "on_track", "30 in 2025: 100,0% van het tempo"),
        (
            [(2025, "18")],
            "moving_away",
            "18 in 2025 ligt verder van de streefwaarde 40 dan de nulmeting 20 in 2023",
        ),
        (
            [],
            "not_measurable",
            "0 meting(en) na het jaar van de nulmeting 2023; er zijn er minstens 1 nodig",
        ),
    ],
)
def test_the_status_and_its_reason_in_dutch(plan, measurements, status, reason):
    indicator = _indicator(services.create_goal(plan, title="Bereik"))
    for year, value in measurements:
        services.add_measurement(indicator, year=year, value=Decimal(value), source="Telling")
    with translation.override("nl"):
        view = progress.indicator_view(indicator)
    assert view.status == status
    assert view.reason.startswith(reason), view.reason


def test_a_change_smaller_than_its_interval_is_within_the_margin(plan):
    indicator = _indicator(
        services.create_goal(plan, title="Bereik"),
        baseline_value=Decimal("42.0"),
        baseline_lower=Decimal("38.5"),
        baseline_upper=Decimal("45.5"),
        target_value=Decimal("55"),
        target_year=2028,
    )
    services.add_measurement(
        indicator,
        year=2026,
        value=Decimal("44.0"),
        source="Peiling",
        count=640,
        lower=Decimal("40.3"),
        upper=Decimal("47.7"),
    )
    view = progress.indicator_view(indicator)
    assert view.status == "within_margin"
    # the square root of 3.5² + 3.7² = 25.94, rounded to one decimal as the figures
    assert view.progress.margin == Decimal("5.1")


def test_a_relative_target_is_a_percentage_of_the_baseline(plan):
    indicator = _indicator(
        services.create_goal(plan, title="Minder"),
        direction="lower",
        baseline_value=Decimal("12.5"),
        target_kind="relative",
        target_value=Decimal("-20"),
    )
    view = progress.indicator_view(indicator)
    assert view.target == Decimal("10.0")
    assert [row["value"] for row in view.rows] == ["12,5", "10"]


def test_the_report_of_a_year_judges_by_the_measurements_up_to_that_year(plan):
    indicator = _indicator(services.create_goal(plan, title="Bereik"))
    services.add_measurement(indicator, year=2024, value=Decimal("25"), source="Telling")
    services.add_measurement(indicator, year=2025, value=Decimal("19"), source="Telling")
    assert progress.indicator_view(indicator).status == "moving_away"
    assert progress.indicator_view(indicator, until=2024).status == "on_track"


def test_overdue_actions_are_the_open_ones_past_their_date(plan):
    session = services.record_session(
        plan,
        date=date(2025, 10, 1),
        title="Sessie",
        professionals=[{"name": " Jan ", "role": "leerkracht"}, {"name": "", "role": ""}],
    )
    late = services.add_action(session, description="Te laat", owner="A", due=date(2026, 1, 1))
    done = services.add_action(session, description="Klaar", owner="B", due=date(2026, 1, 1))
    services.set_action_done(done, date(2025, 12, 1))
    services.add_action(session, description="Later", owner="C", due=date(2026, 6, 1))
    assert session.professionals == [{"name": "Jan", "role": "leerkracht"}]
    assert selectors.overdue_actions(plan, date(2026, 3, 1)) == [late]
    assert [a.description for a in selectors.open_actions(plan)] == ["Te laat", "Later"]


def test_money_spent_beside_the_budget_of_the_financial_overview(plan):
    services.set_spending(plan, 2025, {COST_LINE_1_2025: Decimal("198000")})
    lines = report.cost_lines(plan, 2025)
    assert [(line.label, line.budget, line.spent) for line in lines][:2] == [
        ("Actielijn 1: aanbod vinden en gebruiken", Decimal("210000"), Decimal("198000")),
        ("Actielijn 2: professionals", Decimal("30000"), None),
    ]
    with translation.override("nl"):
        table = next(
            b
            for b in report.outline(plan, 2025, date(2026, 3, 1))
            if isinstance(b, report.Table) and b.header[0] == "Kostenpost"
        )
    assert table.rows[0] == (
        "Actielijn 1: aanbod vinden en gebruiken",
        "€ 210.000",
        "€ 198.000",
        "€ 12.000",
    )
    # some lines unknown: no total of what was spent (it would read as the total of all)
    assert table.rows[-1] == ("Totaal", "€ 402.000", "–", "–")
    services.set_spending(plan, 2025, {COST_LINE_1_2025: None})
    assert report.cost_lines(plan, 2025)[0].spent is None


def test_the_report_keeps_the_names_of_professionals_out(plan):
    services.record_session(
        plan,
        date=date(2025, 10, 1),
        title="Sessie",
        organisations=["Welzijn Demostad"],
        experts_by_experience=3,
        professionals=[{"name": "Jan Jansen", "role": "leerkracht"}],
        findings="Werkt.",
    )
    with translation.override("nl"):
        text = " ".join(
            getattr(block, "text", "") for block in report.outline(plan, 2025, date(2026, 3, 1))
        )
    assert "Jan Jansen" not in text
    assert "Welzijn Demostad; 3 ervaringsdeskundigen; professionals: leerkracht" in text


def test_an_agenda_s_budget_of_a_year_is_its_budget_lines_for_that_year_alone(demostad, lead):
    doc = plan_services.new_document(
        demostad,
        kind="agenda",
        title="GKA-agenda",
        period="2025-2028",
        template="gka-agenda-2021-2024",
    )
    doc["interventions"] = [
        {
            "name": "Brugfunctionaris",
            "budget": [
                {"description": "Inzet", "amount": 60000, "years": [2025]},
                {"description": "Inzet", "amount": 90000, "years": [2025, 2026]},
                {"description": "Materiaal", "amount": "PM", "years": [2025]},
            ],
            "financing": [{"funder": "gka", "name": "GKA", "amount": 60000}],
        }
    ]
    agenda = plan_services.create_plan(demostad, lead, doc)
    first = agenda.document["interventions"][0]["budget"][0]["uuid"]
    services.set_spending(agenda, 2025, {first: Decimal("55000")})
    lines = report.cost_lines(agenda, 2025)
    assert [(line.label, line.budget, line.spent) for line in lines] == [
        ("Brugfunctionaris: Inzet", Decimal("60000"), Decimal("55000"))
    ]
    assert report.cost_lines(agenda, 2027) == []


def _focus_figures(demostad, unit, counts):
    """A figure of two neighbourhoods of the focus (and of a third one, not chosen), 2023-2025;
    in 2025 the second neighbourhood has no figure yet."""
    figure = IndicatorFactory(municipality=demostad, code=f"f_{unit}", unit=unit, source="CBS")
    rows = {
        "BU99990101": ((2023, 12.0), (2024, 14.0), (2025, 16.0)),
        "BU99990102": ((2023, 30.0), (2024, 25.0)),
        "BU99990103": ((2023, 99.0), (2024, 99.0), (2025, 99.0)),
    }
    for code, values in rows.items():
        for year, value in values:
            area = AreaFactory(code=code, year=year, name=f"Buurt {code[-1]}")
            ObservationFactory(indicator=figure, area=area, value=value, count=counts[code])
    return figure


def test_several_neighbourhoods_share_recomputed_from_their_numbers(plan, demostad):
    counts = {"BU99990101": 250, "BU99990102": 50, "BU99990103": 10}
    figure = _focus_figures(demostad, "%", counts)
    goal = services.create_goal(plan, title="Focuswijken")
    indicator = services.create_indicator(
        goal,
        {
            "name": "Onderadvisering in de focusbuurten",
            "direction": "lower",
            "source_kind": "area",
            "area_indicator": figure,
            "area_code": "BU99990101, BU99990102",
            "target_kind": "absolute",
            "target_value": Decimal("10"),
            "target_year": 2028,
        },
    )
    indicator.refresh_from_db()
    # 2023: (12 * 250 + 30 * 50) / 300 = 15; 2024: (14 * 250 + 25 * 50) / 300 = 15.8333
    assert (indicator.baseline_value, indicator.baseline_year, indicator.baseline_count) == (
        Decimal("15"),
        2023,
        300,
    )
    # 2025 lacks the second neighbourhood: no figure for the two together
    assert list(indicator.measurements.values_list("year", "value", "count")) == [
        (2024, Decimal("15.8333"), 300)
    ]
    view = progress.indicator_view(indicator)
    assert view.areas == "Buurt 1 (BU99990101), Buurt 2 (BU99990102)"
    with translation.override("nl"):
        text = report.report_html(plan, 2024, date(2025, 3, 1))
    assert "Gebieden samen: Buurt 1 (BU99990101), Buurt 2 (BU99990102)" in text


def test_several_neighbourhoods_counts_add_up(plan, demostad):
    counts = {"BU99990101": None, "BU99990102": None, "BU99990103": None}
    figure = _focus_figures(demostad, "aantal", counts)
    goal = services.create_goal(plan, title="Focuswijken")
    indicator = services.create_indicator(
        goal,
        {
            "name": "Deelnemers",
            "direction": "higher",
            "source_kind": "area",
            "area_indicator": figure,
            "area_code": "BU99990101, BU99990102",
            "target_kind": "absolute",
        },
    )
    indicator.refresh_from_db()
    assert (indicator.baseline_value, indicator.baseline_count) == (Decimal("42"), None)
    assert list(indicator.measurements.values_list("year", "value")) == [(2024, Decimal("39"))]
