"""The demo's live poll: the questions of the Utrecht city network's meeting (source 000: the
opening poll and the closing questions to the room), for Demostad's network meeting, live, with
a few answers of a synthetic room so the screen and the exports show something; and the
knowledge session it was held at (source 001: at least once a year), linked to the agenda whose
knowledge sharing it serves."""

from __future__ import annotations

from datetime import date
from typing import Any

from kansen.web.accounts.models import Municipality
from kansen.web.monitoring.demo import PLAN_SLUG
from kansen.web.monitoring.models import EvaluationSession
from kansen.web.plans.models import Plan

from . import services
from .models import KnowledgeSession, Poll, Question

TITLE = "Netwerkbijeenkomst gelijke kansen"
MEETING = date(2026, 3, 12)

#: The questions in order: (kind, Dutch, English, other fields). A vote's ``source`` is the
#: position of its open question.
QUESTIONS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("open", "Wat betekent gelijke kansen voor jou?",
     "What does equal opportunities mean to you?", {}),
    ("open", "Op welke manier draag jij bij aan gelijke kansen voor jeugdigen?",
     "How do you contribute to equal opportunities for young people?", {}),
    ("open", "Welke kansen zien jullie om gelijke kansen verder te bevorderen?",
     "Which opportunities do you see to further equal opportunities?", {}),
    ("vote", "Welke bijdrage kunnen we hier gezamenlijk aan leveren? Kies wat we eerst oppakken.",
     "Which contribution can we make together? Choose what we take up first.", {"source": 3}),
    ("choice", "Wat hebben we hiervoor nodig?", "What do we need for this?",
     {"multiple": True, "options": [
         {"nl": "Tijd", "en": "Time"},
         {"nl": "Geld", "en": "Money"},
         {"nl": "Kennis van wat werkt", "en": "Knowledge of what works"},
         {"nl": "Samenwerking", "en": "Collaboration"},
     ]}),
    ("scale", "Hoe goed werken we in het netwerk samen?",
     "How well do we work together in the network?",
     {"points": 5, "options": [{"nl": "slecht", "en": "poorly"}, {"nl": "goed", "en": "well"}]}),
)  # fmt: skip

#: The synthetic room's open answers, by question position.
OPEN_ANSWERS: dict[int, tuple[str, ...]] = {
    1: (
        "Elk kind doet mee",
        "Elk kind doet mee",
        "Dat je achtergrond niet bepaalt wat je kunt worden",
        "Gezond opgroeien in elke wijk",
        "Ongelijk investeren waar het nodig is",
    ),
    2: ("Huiswerkbegeleiding in de bibliotheek", "Ouders vroeg informeren over regelingen"),
    3: (
        "Eén loket voor ouders",
        "Scholen en wijkteams beter koppelen",
        "Jongeren zelf laten meebeslissen",
    ),
}
#: The room's other answers, by question position: per participant the ideas voted for (in
#: the ideas' alphabetical order), the options chosen, or the point of the scale.
CHOSEN: dict[int, tuple[tuple[int, ...], ...]] = {
    4: ((0, 2), (2,), (1, 2)),
    5: ((0, 3), (2,), (3,), (1, 3)),
    6: ((4,), (3,), (4,)),
}


#: The demo's knowledge session, where the demo poll was held.
SESSION = {
    "title": "Gelijke kansen in het netwerk",
    "held_on": MEETING,
    "place": "Stadhuis Demostad, raadzaal",
    "online": False,
    "description": (
        "De jaarlijkse kennissessie van het netwerk gelijke kansen: wat betekent gelijke kansen "
        "voor ons, wat werkt, en wat pakken we samen op."
    ),
}


def load_demo_livepoll(municipality: Municipality) -> bool:
    """Load the demo poll unless the municipality has one, and the knowledge session it was
    held at unless the municipality has one; True if the poll was loaded."""
    loaded = _load_poll(municipality)
    _load_session(municipality)
    return loaded


def _load_session(municipality: Municipality) -> None:
    if KnowledgeSession.objects.filter(municipality=municipality).exists():
        return
    agenda = (
        Plan.objects.filter(municipality=municipality, kind="agenda").order_by("first_year").first()
    )
    session = services.save_session(municipality, {**SESSION, "plan": agenda})
    poll = Poll.objects.filter(municipality=municipality, title=TITLE, session=None).first()
    if poll is not None:
        services.update_poll(poll, {"session": session})


def _load_poll(municipality: Municipality) -> bool:
    if Poll.objects.filter(municipality=municipality).exists():
        return False
    plan = Plan.objects.filter(municipality=municipality, slug=PLAN_SLUG).first()
    evaluation = (
        EvaluationSession.objects.filter(plan=plan).order_by("-date").first() if plan else None
    )
    poll = services.create_poll(municipality, TITLE, MEETING, plan=plan, evaluation=evaluation)
    made: list[Question] = []
    for kind, nl, en, extra in QUESTIONS:
        fields = {"kind": kind, "text_nl": nl, "text_en": en, **extra}
        if "source" in fields:
            fields["source"] = made[fields["source"] - 1]
        made.append(services.save_question(poll, fields))
    services.start(poll)
    for position, question in enumerate(made, start=1):
        services.show(poll, question)
        for text in OPEN_ANSWERS.get(position, ()):
            services.answer_open(question, text)
        for chosen in CHOSEN.get(position, ()):
            if question.kind == "vote":
                ideas = sorted(question.source.answers.all(), key=lambda a: a.key)  # type: ignore[union-attr]
                services.vote(question, [ideas[i].pk for i in chosen])
            else:
                services.answer_choice(question, chosen)
    services.show(poll, made[0])
    return True
