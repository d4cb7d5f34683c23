"""Fixtures of the youth panel: Demostad with an analyst, Elders with one, and Demostad's demo
questionnaire saved as a version with a wave of 2026 open until the end of the year."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from kansen.surveys import demo_questionnaire_document
from kansen.web.accounts.constants import Role
from kansen.web.youthpanel import services, views

from ..factories import UserFactory

TODAY = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)


@pytest.fixture
def analyst(demostad):
    return UserFactory(username="analist", municipality=demostad, role=Role.ANALYST)


@pytest.fixture
def other_analyst(elders):
    return UserFactory(username="analist-elders", municipality=elders, role=Role.ANALYST)


@pytest.fixture
def questionnaire(demostad):
    made = services.create_questionnaire(demostad, "jeugdpanel", "Jeugdpanel Demostad", TODAY)
    services.save_draft(made, demo_questionnaire_document())
    services.save_version(made, TODAY)
    return made


@pytest.fixture
def wave(questionnaire):
    return services.open_wave(questionnaire, "2026", date(2026, 9, 1), date(2026, 12, 31))


@pytest.fixture
def classes(wave):
    return [
        services.add_class(
            wave,
            {"name": "2A", "school_level": "havo/vwo", "school": "Het Lyceum", "year_of_study": "2",
             "neighbourhood": "Centrum", "pupils": 25},
        ),
        services.add_class(
            wave,
            {"name": "1B", "school_level": "vmbo", "school": "De Brug", "year_of_study": "1",
             "neighbourhood": "Noord", "pupils": 20},
        ),
    ]  # fmt: skip


def answer(client: Client, code: str, pages: list[dict], language: str = "nl") -> Client:
    """A pupil goes through the form: ``pages`` are the POSTs of the question pages in order."""
    response = client.post(f"/jeugdpanel/k/{code}/?taal={language}")
    assert response.status_code == 302
    for number, data in enumerate(pages, start=1):
        response = client.post(f"/jeugdpanel/k/{code}/vraag/{number}/", {"go": "next", **data})
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(f"/jeugdpanel/k/{code}/versturen/")
    assert response.status_code == 200
    return client
