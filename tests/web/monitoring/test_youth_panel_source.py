"""An indicator measured by the youth panel is linked from the youth panel's questionnaire
page: the monitoring form does not let a new indicator claim it, and keeps an existing one."""

from __future__ import annotations

import pytest

from kansen.web.monitoring import services

from ..factories import client_for

pytestmark = pytest.mark.django_db

DATA = {
    "name": "Krijgt hulp bij huiswerk",
    "unit": "%",
    "direction": "higher",
    "source_kind": "youth",
    "target_kind": "absolute",
}


def test_a_new_indicator_cannot_claim_the_youth_panel_without_a_link(plan, lead):
    goal = services.create_goal(plan, title="Jongeren krijgen hulp")
    url = f"/plannen/demostad/{plan.slug}/monitoring/doel/{goal.uuid}/indicator/nieuw/"
    response = client_for(lead).post(url, DATA)
    assert response.status_code == 400
    assert (
        "Koppel een vraag van het jeugdpanel op de pagina van de vragenlijst in het jeugdpanel."
        in response.content.decode()
    )
    assert not goal.indicators.exists()


def test_an_indicator_of_the_youth_panel_keeps_its_kind_when_changed(plan, lead):
    goal = services.create_goal(plan, title="Jongeren krijgen hulp")
    indicator = services.create_indicator(goal, {**DATA, "source_kind": "manual"})
    indicator.source_kind = "youth"
    indicator.save()
    url = f"/plannen/demostad/{plan.slug}/monitoring/indicator/{indicator.uuid}/"
    response = client_for(lead).post(url, {**DATA, "name": "Hulp bij huiswerk"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.source_kind) == ("Hulp bij huiswerk", "youth")
