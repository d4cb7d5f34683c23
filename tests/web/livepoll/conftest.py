"""Fixtures of live polls: Demostad with a programme lead, Elders with one, and a poll of
Demostad's network meeting with the questions of source 000 (the Utrecht network's poll)."""

from __future__ import annotations

from datetime import date

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.livepoll import services

from ..factories import UserFactory

MEETING = date(2026, 3, 12)


@pytest.fixture
def lead(demostad):
    return UserFactory(username="programma", municipality=demostad, role=Role.PROGRAMME_LEAD)


@pytest.fixture
def other_lead(elders):
    return UserFactory(username="programma-elders", municipality=elders, role=Role.PROGRAMME_LEAD)


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
