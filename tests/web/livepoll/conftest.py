"""Fixtures of live polls: Demostad with a programme lead, Elders with one, and a poll of
Demostad's network meeting with the questions of source 000 (the Utrecht network's poll)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.livepoll import services

from ..factories import PASSWORD, MunicipalityFactory, UserFactory

MEETING = date(2026, 3, 12)


@pytest.fixture
def demostad(db):
    return MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")


@pytest.fixture
def elders(db):
    return MunicipalityFactory(code="GM9998", name="Elders", slug="elders")


@pytest.fixture
def lead(demostad):
    return UserFactory(username="programma", municipality=demostad, role=Role.PROGRAMME_LEAD)


@pytest.fixture
def other_lead(elders):
    return UserFactory(username="programma-elders", municipality=elders, role=Role.PROGRAMME_LEAD)


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def poll(demostad):
    made = services.create_poll(demostad, "Netwerkbijeenkomst gelijke kansen", MEETING)
    services.save_question(
        made,
        {
            "kind": "open",
            "text_nl": "Wat betekent gelijke kansen voor jou?",
            "text_en": "What does equal opportunities mean to you?",
        },
    )
    return made


def question(poll, kind: str, text: str = "Vraag", **fields):
    return services.save_question(poll, {"kind": kind, "text_nl": text, **fields})
