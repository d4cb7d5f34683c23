"""Factories for live polls: a knowledge session, a poll of Demostad's network meeting, its
questions (an open question by default), an open answer, an option's tally and an action.

Answers and tallies are what :mod:`kansen.web.livepoll.services` writes: counts with a random
key, no time, no participant.
"""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from kansen.web.livepoll.models import Answer, KnowledgeSession, Poll, PollAction, Question, Tally

from ..factories import MunicipalityFactory

ON = datetime.date(2026, 3, 12)


class KnowledgeSessionFactory(DjangoModelFactory):
    class Meta:
        model = KnowledgeSession

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Kennissessie gelijke kansen {n}")
    held_on = ON
    place = "Stadhuis, raadzaal"
    description = "Wat werkt om ouders te betrekken?"


class PollFactory(DjangoModelFactory):
    class Meta:
        model = Poll

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Netwerkbijeenkomst gelijke kansen {n}")
    meeting_on = ON
    code = factory.Sequence(lambda n: f"K{n:05d}")


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    poll = factory.SubFactory(PollFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = "open"
    text_nl = "Wat betekent gelijke kansen voor jou?"
    text_en = "What does equal opportunities mean to you?"


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Elk kind doet mee {n}")
    key = factory.LazyAttribute(lambda o: o.text.casefold())
    count = 1


class TallyFactory(DjangoModelFactory):
    class Meta:
        model = Tally

    question = factory.SubFactory(
        QuestionFactory,
        kind="choice",
        options=[{"nl": "Ja", "en": "Yes"}, {"nl": "Nee", "en": "No"}],
    )
    option = 0
    count = 3


class PollActionFactory(DjangoModelFactory):
    class Meta:
        model = PollAction

    poll = factory.SubFactory(PollFactory)
    description = "Ouders vroeg informeren over de regelingen"
    owner = "Wijkteam Noord"
    due = datetime.date(2026, 6, 1)
    from_answer = "ouders eerder informeren"
