"""The demo's live poll: source 000's questions for Demostad's network meeting, live."""

from __future__ import annotations

import pytest

from kansen.web.livepoll import results
from kansen.web.livepoll.demo import load_demo_livepoll
from kansen.web.livepoll.models import Poll

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
