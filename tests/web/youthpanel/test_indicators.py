"""A monitoring indicator measured by the youth panel: linked on the questionnaire's page, its
baseline and measurements are the whole municipality's figure of the published waves."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

import pytest
from statsmodels.stats.proportion import proportion_confint

from kansen.plans import plan_to_data, read_plan
from kansen.surveys import synthetic_panel
from kansen.web.accounts.constants import Role
from kansen.web.monitoring import services as monitoring
from kansen.web.plans import services as plan_services
from kansen.web.youthpanel import indicators, services
from kansen.web.youthpanel.demo import load_demo_youthpanel
from kansen.web.youthpanel.models import IndicatorLink, Wave

from ..factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


def _expected(wave: str) -> tuple[Decimal, int, Decimal, Decimal]:
    """The share answering ``ja`` to ``hulp_huiswerk`` of all pupils of a wave, computed
    independently: percent with one decimal, respondents, Wilson 95% bounds."""
    frame = synthetic_panel()[0].frame
    given = frame[(frame["wave"] == wave) & frame["hulp_huiswerk"].notna()]
    yes = int((given["hulp_huiswerk"] == "ja").sum())
    low, high = proportion_confint(yes, len(given), alpha=0.05, method="wilson")
    return (
        Decimal(str(round(100 * yes / len(given), 1))),
        len(given),
        Decimal(str(round(100 * low, 1))),
        Decimal(str(round(100 * high, 1))),
    )


@pytest.fixture
def lead(demostad):
    return UserFactory(username="lead", municipality=demostad, role=Role.PROGRAMME_LEAD)


@pytest.fixture
def indicator(demostad, lead):
    data_dir = resources.files("kansen.plans").joinpath("data")
    with resources.as_file(data_dir.joinpath("demostad_uitvoeringsplan_2024_2026.yaml")) as path:
        plan = plan_services.create_plan(demostad, lead, plan_to_data(read_plan(path)))
    goal = monitoring.create_goal(plan, title="Jongeren krijgen hulp")
    return monitoring.create_indicator(
        goal,
        {
            "name": "Krijgt hulp bij huiswerk",
            "unit": "%",
            "direction": "higher",
            "source_kind": "manual",
            "target_kind": "absolute",
            "items": [],
        },
    )


def test_a_lead_links_an_indicator_to_a_share_of_the_published_waves(demostad, lead, indicator):
    questionnaire = load_demo_youthpanel(demostad)
    Wave.objects.filter(label="2025").update(published=True)
    client = client_for(lead)
    url = f"/jeugdpanel/vragenlijst/{questionnaire.uuid}/indicator/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Krijgt hulp bij huiswerk" in page.content.decode()
    posted = {"indicator": str(indicator.uuid), "figure": "hulp_huiswerk:ja"}
    response = client.post(url, posted)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#indicator-{indicator.uuid}")
    indicator.refresh_from_db()
    assert indicator.source_kind == "youth"
    link = IndicatorLink.objects.get(indicator=indicator)
    assert (link.question, link.answer) == ("hulp_huiswerk", "ja")
    value, n, low, high = _expected("2025")
    assert (indicator.baseline_year, indicator.baseline_value, indicator.baseline_count) == (
        2025,
        value,
        n,
    )
    assert (indicator.baseline_lower, indicator.baseline_upper) == (low, high)
    # the wave of 2026 is not published: no measurement of it
    assert not indicator.measurements.exists()

    # published, but its threshold above its respondents: still no figure of it
    Wave.objects.filter(label="2026").update(published=True, min_n=400)
    client.post(url, posted)
    assert not indicator.measurements.exists()

    Wave.objects.filter(label="2026").update(min_n=10)
    client.post(url, posted)
    value, n, low, high = _expected("2026")
    assert list(indicator.measurements.values_list("year", "value", "count", "lower", "upper")) == [
        (2026, value, n, low, high)
    ]
    assert indicator.measurements.get().source == "Jeugdpanel “Jeugdpanel Demostad”, meting 2026"


def test_publishing_a_wave_reads_the_linked_indicator_again(demostad, lead, indicator):
    questionnaire = load_demo_youthpanel(demostad)
    figure = next(f for f in indicators.figures(questionnaire, "nl") if f.key == "hulp_huiswerk:ja")
    indicators.link(indicator, questionnaire, figure, lead)
    assert not indicator.measurements.exists()
    wave = Wave.objects.get(label="2026")
    services.set_wave(wave, published=True)
    value, n, _low, _high = _expected("2026")
    assert list(indicator.measurements.values_list("year", "value", "count")) == [(2026, value, n)]
    # taken back: the measurement goes with it; the baseline (2025, published) stays
    services.set_wave(wave, published=False)
    assert not indicator.measurements.exists()
    indicator.refresh_from_db()
    assert indicator.baseline_year == 2025


def test_an_analyst_without_the_right_to_edit_plans_sees_no_indicator(demostad, analyst, indicator):
    questionnaire = load_demo_youthpanel(demostad)
    client = client_for(analyst)
    url = f"/jeugdpanel/vragenlijst/{questionnaire.uuid}/indicator/"
    assert "Krijgt hulp bij huiswerk" not in client.get(url).content.decode()
    response = client.post(url, {"indicator": str(indicator.uuid), "figure": "hulp_huiswerk:ja"})
    assert response.status_code == 200
    assert not IndicatorLink.objects.exists()


def test_another_municipality_cannot_open_the_page(demostad, other_analyst):
    questionnaire = load_demo_youthpanel(demostad)
    url = f"/jeugdpanel/vragenlijst/{questionnaire.uuid}/indicator/"
    assert client_for(other_analyst).get(url).status_code == 404
