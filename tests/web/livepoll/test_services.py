"""The write path of live polls: answers counted in the database, the presenter's steps, a
removed answer gone everywhere, actions into the learning evaluation, and anonymity by the
shape of the stored rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from kansen.web.livepoll import results, services
from kansen.web.livepoll.models import Answer, Poll, PollAction, Question, Tally
from kansen.web.monitoring.models import EvaluationAction

from ..factories import PlanFactory
from ..monitoring.factories import EvaluationSessionFactory
from .conftest import question

pytestmark = pytest.mark.django_db

OPTIONS = [{"nl": "Ja", "en": "Yes"}, {"nl": "Nee", "en": "No"}, {"nl": "Weet niet", "en": ""}]


def live(poll, shown=None):
    services.start(poll)
    if shown is not None:
        services.show(poll, shown)
    poll.refresh_from_db()
    return poll


def test_the_same_open_answer_is_one_row_with_a_count(poll):
    open_question = poll.questions.get()
    live(poll)
    services.answer_open(open_question, "Elk kind  doet mee", first=True)
    services.answer_open(open_question, "elk kind doet mee ", first=True)
    services.answer_open(open_question, "Gezonde school", first=True)
    services.answer_open(open_question, "Ouders betrekken", first=False)  # a second answer

    rows = sorted((a.text, a.count) for a in Answer.objects.filter(question=open_question))
    assert rows == [("Elk kind doet mee", 2), ("Gezonde school", 1), ("Ouders betrekken", 1)]
    open_question.refresh_from_db()
    assert open_question.respondents == 3


def test_no_answer_to_a_question_that_is_not_on_the_screen_or_closed(poll):
    first = poll.questions.get()
    second = question(poll, "scale", "Hoe tevreden ben je?", points=5)
    with pytest.raises(services.NotOpen):  # the poll is still being prepared
        services.answer_open(first, "te vroeg")
    live(poll, shown=second)
    with pytest.raises(services.NotOpen):  # not on the screen
        services.answer_open(first, "te laat")
    services.set_voting_closed(second, True)
    with pytest.raises(services.NotOpen):
        services.answer_choice(second, [3])
    services.set_voting_closed(second, False)
    services.close(poll)
    with pytest.raises(services.NotOpen):
        services.answer_choice(second, [3])
    assert Answer.objects.count() == 0
    assert sorted(Tally.objects.values_list("count", flat=True)) == [0, 0, 0, 0, 0]


def test_bars_are_shares_of_the_participants_who_answered(poll):
    choice = question(poll, "choice", "Ken je de regelingen?", options=OPTIONS)
    live(poll, shown=choice)
    for answer in (0, 0, 1):
        services.answer_choice(choice, [answer])
    choice.refresh_from_db()
    result = results.question_result(choice, "en")
    assert result.bars == [
        {"label": "Yes", "count": 2, "share": 67},
        {"label": "No", "count": 1, "share": 33},
        {"label": "Weet niet", "count": 0, "share": 0},  # no English: the Dutch
    ]
    with pytest.raises(ValidationError):  # one answer only
        services.answer_choice(choice, [0, 1])
    with pytest.raises(ValidationError):  # no such option
        services.answer_choice(choice, [3])


def test_a_multiple_choice_counts_each_option_chosen(poll):
    choice = question(poll, "choice", "Wat heb je nodig?", options=OPTIONS, multiple=True)
    live(poll, shown=choice)
    services.answer_choice(choice, [0, 2])
    services.answer_choice(choice, [0])
    choice.refresh_from_db()
    assert [b["count"] for b in results.question_result(choice, "nl").bars] == [2, 0, 1]
    assert [b["share"] for b in results.question_result(choice, "nl").bars] == [100, 0, 50]


def test_a_scale_has_bars_per_point_and_a_mean(poll):
    scale = question(poll, "scale", "Hoe goed werken we samen?", points=5)
    live(poll, shown=scale)
    for point in (4, 5, 2):
        services.answer_choice(scale, [point])
    scale.refresh_from_db()
    result = results.question_result(scale, "nl")
    assert [b["count"] for b in result.bars] == [0, 1, 0, 1, 1]
    assert result.mean == "3.7"  # 11 / 3


def test_a_ranking_orders_options_by_their_mean_place(poll):
    ranking = question(
        poll,
        "ranking",
        "Wat eerst?",
        options=[{"nl": "Ontbijt"}, {"nl": "Sport"}, {"nl": "Huiswerkbegeleiding"}],
    )
    live(poll, shown=ranking)
    services.answer_ranking(ranking, [2, 0, 1])  # Huiswerkbegeleiding first
    services.answer_ranking(ranking, [0, 2, 1])
    with pytest.raises(ValidationError):
        services.answer_ranking(ranking, [0, 0, 1])
    ranking.refresh_from_db()
    assert [
        (r["label"], r["mean_position"], r["count"])
        for r in results.question_result(ranking, "nl").ranking
    ] == [("Huiswerkbegeleiding", "1.5", 2), ("Ontbijt", "1.5", 2), ("Sport", "3.0", 2)]


def test_the_vote_ranks_the_ideas_and_a_removed_idea_is_gone_everywhere(poll):
    ideas = poll.questions.get()
    vote = question(poll, "vote", "Welke bijdrage kunnen we gezamenlijk leveren?", source=ideas)
    live(poll)
    a = services.answer_open(ideas, "Samen één loket")
    b = services.answer_open(ideas, "Scholen en wijkteams koppelen")
    c = services.answer_open(ideas, "Iets beledigends")
    services.show(poll, vote)
    services.vote(vote, [b.pk, a.pk])
    services.vote(vote, [b.pk])
    services.vote(vote, [c.pk])
    services.remove_answer(Answer.objects.get(pk=c.pk))
    assert services.vote(vote, [c.pk, a.pk]) == 1  # the removed idea gets no vote

    vote.refresh_from_db()
    ranked = [(x["text"], x["votes"]) for x in results.question_result(vote, "nl").answers]
    assert ranked == [("Samen één loket", 2), ("Scholen en wijkteams koppelen", 2)]
    assert vote.respondents == 4
    opened = [x["text"] for x in results.question_result(ideas, "nl").answers]
    assert "Iets beledigends" not in opened
    with pytest.raises(ValidationError):
        services.vote(vote, [a.pk, b.pk, c.pk, 12345])  # at most three


def test_hidden_results_are_not_in_the_screen_state_until_voting_closes(poll):
    choice = question(poll, "choice", "Ken je de regelingen?", options=OPTIONS)
    services.set_results_hidden(choice, True)
    live(poll, shown=choice)
    services.answer_choice(choice, [1])
    poll.refresh_from_db()
    state = results.screen_state(poll, "nl")
    assert state["question"]["shown"] is False
    assert state["question"]["bars"] == []
    assert state["question"]["respondents"] == 1
    services.set_voting_closed(Question.objects.get(pk=choice.pk), True)
    poll.refresh_from_db()
    state = results.screen_state(poll, "nl")
    assert [b["count"] for b in state["question"]["bars"]] == [0, 1, 0]


def test_every_answer_raises_the_revision_the_screens_ask_for(poll):
    live(poll)
    before = Poll.objects.get(pk=poll.pk).revision
    services.answer_open(poll.questions.get(), "Elk kind doet mee")
    assert Poll.objects.get(pk=poll.pk).revision == before + 1


def test_next_and_previous_stay_within_the_questions(poll):
    second = question(poll, "scale", "Tweede", points=3)
    live(poll)
    first = poll.questions.get(position=1)
    assert services.step(poll, -1).current == first
    assert services.step(poll, 1).current == second
    assert services.step(poll, 1).current == second


def test_kind_and_options_of_an_answered_question_stay(poll):
    choice = question(poll, "choice", "Ken je de regelingen?", options=OPTIONS)
    live(poll, shown=choice)
    services.answer_choice(choice, [0])
    choice.refresh_from_db()
    with pytest.raises(ValidationError):
        services.save_question(poll, {"options": OPTIONS[:2]}, choice)
    services.save_question(poll, {"text_nl": "Ken jij de regelingen?"}, choice)
    assert Question.objects.get(pk=choice.pk).text_nl == "Ken jij de regelingen?"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "choice", "options": [{"nl": "Alleen"}]}, "options"),  # one option
        ({"kind": "scale", "points": 11}, "points"),
        ({"kind": "vote"}, "source"),  # a vote needs an open question
    ],
)
def test_a_question_that_cannot_be_answered_is_refused(poll, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.save_question(poll, {"text_nl": "Vraag", **fields})
    assert list(refused.value.message_dict) == [field]


def test_a_plan_or_evaluation_of_another_municipality_is_refused(poll, elders):
    with pytest.raises(ValidationError):
        services.update_poll(poll, {"plan": PlanFactory(municipality=elders)})
    with pytest.raises(ValidationError):
        services.update_poll(
            poll, {"evaluation": EvaluationSessionFactory(plan__municipality=elders)}
        )


def test_actions_go_into_the_learning_evaluation_once(poll, demostad):
    session = EvaluationSessionFactory(plan__municipality=demostad)
    with pytest.raises(ValidationError):
        services.export_actions(poll)
    services.update_poll(poll, {"evaluation": session})
    services.add_action(
        poll, description="Eén loket", owner="Wijkteam Noord", due=date(2026, 6, 1),
        from_answer="Samen één loket",
    )  # fmt: skip
    assert services.export_actions(poll) == 1
    assert services.export_actions(poll) == 0
    exported = EvaluationAction.objects.get(session=session)
    assert (exported.description, exported.owner, exported.due) == (
        "Eén loket",
        "Wijkteam Noord",
        date(2026, 6, 1),
    )
    assert PollAction.objects.get().evaluation_action == exported


def test_the_word_cloud_counts_words_of_answers_as_often_as_given():
    cloud = results.words([("Elk kind doet mee", 3), ("Kind centraal", 1), ("De school", 2)])
    assert [(w["word"], w["count"], w["weight"]) for w in cloud] == [
        ("kind", 4, 5),
        ("doet", 3, 4),
        ("mee", 3, 4),  # "elk" and "de" are function words
        ("school", 2, 3),
        ("centraal", 1, 2),
    ]


# --- Anonymity by the shape of the rows --------------------------------------------------------

#: The only date or time any stored field of live polls may hold: the meeting's day.
DATES = {("Poll", "meeting_on"), ("PollAction", "due")}


def test_no_stored_field_is_finer_than_the_meeting_or_names_a_participant():
    for model in (Poll, Question, Answer, Tally, PollAction):
        for field in model._meta.get_fields():
            if isinstance(field, models.DateTimeField | models.TimeField | models.DurationField):
                raise AssertionError(f"{model.__name__}.{field.name} holds a time")
            if isinstance(field, models.DateField):
                assert (model.__name__, field.name) in DATES
            assert not isinstance(field, models.GenericIPAddressField)
            related = getattr(field, "related_model", None)
            if related is not None:
                assert related._meta.label not in (
                    "accounts.User",
                    "sessions.Session",
                ), f"{model.__name__}.{field.name}"


def test_answers_and_tallies_have_random_keys_and_no_order_of_arrival(poll):
    choice = question(poll, "choice", "Ken je de regelingen?", options=OPTIONS)
    open_question = poll.questions.get(position=1)
    live(poll)
    for text in ("b", "a", "c"):
        services.answer_open(open_question, text)
    keys = list(Answer.objects.values_list("pk", flat=True)) + list(
        Tally.objects.filter(question=choice).values_list("pk", flat=True)
    )
    assert min(keys) > 2**32  # random 62-bit keys, not a counter
    assert [a.text for a in Answer.objects.filter(question=open_question)] == ["a", "b", "c"]
