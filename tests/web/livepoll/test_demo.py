"""The demo's live poll: source 000's questions for Demostad's network meeting, live, held at
Demostad's knowledge session."""

from __future__ import annotations

from datetime import date

import pytest

from kansen.web.livepoll import results, services
from kansen.web.livepoll.demo import load_demo_livepoll
from kansen.web.livepoll.models import KnowledgeSession, Poll

pytestmark = pytest.mark.django_db


def test_the_demo_poll_has_the_network_meetings_questions_and_a_room(demostad):
    assert load_demo_livepoll(demostad) is True
    assert load_demo_livepoll(demostad) is False  # once
    poll = Poll.objects.get(municipality=demostad)
    assert poll.status == "live"
    questions = list(poll.questions.order_by("position"))
    assert [q.kind for q in questions] == ["open", "open", "open", "vote", "choice", "scale"]
    assert questions[0].text_nl == "Wat betekent gelijke kansen voor jou?"
    assert poll.current == questions[0]
    vote = results.question_result(questions[3], "nl")
    assert [(a["text"], a["votes"]) for a in vote.answers] == [
        ("Scholen en wijkteams beter koppelen", 3),
        ("Eén loket voor ouders", 1),
        ("Jongeren zelf laten meebeslissen", 1),
    ]
    assert results.question_result(questions[5], "nl").mean == "3.7"


def test_the_demo_poll_was_held_at_a_knowledge_session_serving_the_agenda(demostad):
    from kansen.web.plans.demo import load_demo_plans

    load_demo_plans(demostad)
    load_demo_livepoll(demostad)
    load_demo_livepoll(demostad)  # once
    session = KnowledgeSession.objects.get(municipality=demostad)
    assert (session.title, session.held_on, session.plan.kind) == (
        "Gelijke kansen in het netwerk",
        date(2026, 3, 12),
        "agenda",
    )
    poll = Poll.objects.get(municipality=demostad)
    assert poll.session == session
    assert [p.kind for p in services.record_plans(poll)] == ["agenda", "plan"]
    assert results.record_text(poll) == (
        "Kennissessie Gelijke kansen in het netwerk, 12 maart 2026: 5 deelnemers; meest genoemd: "
        '"Elk kind doet mee" (2), "Dat je achtergrond niet bepaalt wat je kunt worden", '
        '"Eén loket voor ouders"'
    )
