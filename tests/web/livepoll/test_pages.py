"""The pages of live polls: the presenter's (roles, another municipality's polls), the
participant's without an account (join, answer in Dutch or English, the session holds only the
questions answered), the screen's JSON, removing an answer, actions and downloads."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.livepoll import services
from kansen.web.livepoll.models import Answer, Poll, PollAction, Question

from ..factories import UserFactory, client_for
from .conftest import question

pytestmark = pytest.mark.django_db


def started(poll):
    services.start(poll)
    poll.refresh_from_db()
    return poll


def join(code: str, language: str = "nl") -> Client:
    participant = Client()
    response = participant.get(f"/stem/?code={code.lower()}")
    assert response.status_code == 302
    assert response["Location"] == f"/stem/{code}/"
    response = participant.get(f"/stem/{code}/?taal={language}")
    assert response.status_code == 200
    return participant


def test_a_programme_lead_prepares_a_poll_linked_to_a_plan(lead, demostad):
    from ..factories import PlanFactory

    plan = PlanFactory(municipality=demostad, title="Uitvoeringsplan")
    client = client_for(lead)
    response = client.post(
        "/peilingen/nieuw/",
        {"title": "Kennissessie", "meeting_on": "2026-04-02", "plan": plan.pk},
    )
    poll = Poll.objects.get(title="Kennissessie")
    assert response["Location"] == f"/peilingen/{poll.uuid}/"
    assert (poll.plan, poll.meeting_on, poll.status) == (plan, date(2026, 4, 2), "draft")
    response = client.post(
        f"/peilingen/{poll.uuid}/vraag/nieuw/",
        {
            "kind": "choice",
            "text_nl": "Ken je de regelingen?",
            "options": "Ja | Yes\nNee | No",
            "points": "5",
        },
    )
    assert response.status_code == 302
    made = poll.questions.get()
    assert made.options == [{"nl": "Ja", "en": "Yes"}, {"nl": "Nee", "en": "No"}]


def test_a_choice_with_one_option_is_refused_and_the_text_kept(lead, poll):
    response = client_for(lead).post(
        f"/peilingen/{poll.uuid}/vraag/nieuw/",
        {"kind": "choice", "text_nl": "Ken je de regelingen?", "options": "Ja"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Geef 2 tot 10 opties, één per regel." in page
    assert "Ken je de regelingen?" in page
    assert poll.questions.count() == 1


def test_another_municipalitys_poll_is_not_there(other_lead, poll):
    client = client_for(other_lead)
    for url in (
        f"/peilingen/{poll.uuid}/",
        f"/peilingen/{poll.uuid}/scherm/",
        f"/peilingen/{poll.uuid}/scherm/stand.json",
        f"/peilingen/{poll.uuid}/resultaten.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/peilingen/{poll.uuid}/bediening/", {"action": "start"}).status_code == 404


def test_an_analyst_or_professional_does_not_run_polls(demostad, poll):
    for role in (Role.ANALYST, Role.PROFESSIONAL):
        user = UserFactory(username=f"u-{role}", municipality=demostad, role=role)
        assert client_for(user).get("/peilingen/").status_code == 403


def test_participants_answer_and_the_screen_shows_it(lead, poll):
    started(poll)
    first = join(poll.code)
    second = join(poll.code, "en")
    page = second.get(f"/stem/{poll.code}/").content.decode()
    assert "What does equal opportunities mean to you?" in page
    open_question = poll.questions.get()
    for participant, text in ((first, "Elk kind doet mee"), (second, "Every child takes part")):
        response = participant.post(
            f"/stem/{poll.code}/", {"question": open_question.pk, "answer": text}
        )
        assert response.status_code == 302
    state = client_for(lead).get(f"/peilingen/{poll.uuid}/scherm/stand.json").json()
    assert state["question"]["respondents"] == 2
    assert sorted(a["text"] for a in state["question"]["answers"]) == [
        "Elk kind doet mee",
        "Every child takes part",
    ]


def test_a_participant_gives_at_most_three_open_answers(poll):
    started(poll)
    participant = join(poll.code)
    open_question = poll.questions.get()
    for text in ("een", "twee", "drie", "vier"):
        participant.post(f"/stem/{poll.code}/", {"question": open_question.pk, "answer": text})
    assert sorted(Answer.objects.values_list("text", flat=True)) == ["drie", "een", "twee"]
    assert Question.objects.get(pk=open_question.pk).respondents == 1


def test_a_choice_is_answered_once(poll):
    choice = question(
        poll, "choice", "Ken je de regelingen?", options=[{"nl": "Ja"}, {"nl": "Nee"}]
    )
    started(poll)
    services.show(poll, choice)
    participant = join(poll.code)
    for _time in range(2):
        participant.post(f"/stem/{poll.code}/", {"question": choice.pk, "answer": "1"})
    assert list(choice.tallies.order_by("option").values_list("count", flat=True)) == [0, 1]


def test_an_answer_to_a_question_no_longer_on_the_screen_is_not_counted(poll):
    second = question(poll, "scale", "Hoe goed?", points=5)
    started(poll)
    participant = join(poll.code)
    first = poll.questions.get(position=1)
    services.show(poll, second)
    response = participant.post(f"/stem/{poll.code}/", {"question": first.pk, "answer": "oud"})
    assert response.status_code == 200
    assert "De presentator is verder gegaan" in response.content.decode()
    assert Answer.objects.count() == 0


def test_a_ranking_from_the_phone(poll):
    ranking = question(
        poll, "ranking", "Wat eerst?", options=[{"nl": "Ontbijt"}, {"nl": "Sport"}, {"nl": "Taal"}]
    )
    started(poll)
    services.show(poll, ranking)
    participant = join(poll.code)
    refused = participant.post(
        f"/stem/{poll.code}/",
        {"question": ranking.pk, "place_0": "1", "place_1": "1", "place_2": "2"},
    )
    assert refused.status_code == 400
    participant.post(
        f"/stem/{poll.code}/",
        {"question": ranking.pk, "place_0": "3", "place_1": "1", "place_2": "2"},
    )
    assert dict(ranking.tallies.values_list("option", "positions")) == {0: 3, 1: 1, 2: 2}


def test_the_session_holds_only_the_questions_answered(poll):
    started(poll)
    participant = join(poll.code)
    open_question = poll.questions.get()
    participant.post(f"/stem/{poll.code}/", {"question": open_question.pk, "answer": "idee"})
    session = participant.session
    assert dict(session) == {
        "livepoll": {"code": poll.code, "lang": "nl", "answered": {str(open_question.pk): 1}}
    }


def test_a_closed_poll_takes_no_one_in(poll):
    started(poll)
    services.close(poll)
    assert Client().get(f"/stem/{poll.code}/").status_code == 404
    assert Client().get(f"/stem/?code={poll.code}").status_code == 404


def test_a_removed_answer_is_gone_from_the_screen_and_the_vote(lead, poll):
    ideas = poll.questions.get()
    vote = question(poll, "vote", "Wat eerst?", source=ideas)
    started(poll)
    kept = services.answer_open(ideas, "Samen één loket")
    rude = services.answer_open(ideas, "Iets beledigends")
    services.show(poll, vote)
    participant = join(poll.code)
    assert participant.get(f"/stem/{poll.code}/stand.json").json()["ideas"] == [
        str(rude.pk),
        str(kept.pk),
    ]
    response = client_for(lead).post(
        f"/peilingen/{poll.uuid}/antwoord/{rude.pk}/verwijderen/",
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"removed": str(rude.pk)}
    assert participant.get(f"/stem/{poll.code}/stand.json").json()["ideas"] == [str(kept.pk)]
    assert "Iets beledigends" not in participant.get(f"/stem/{poll.code}/").content.decode()
    state = client_for(lead).get(f"/peilingen/{poll.uuid}/scherm/stand.json").json()
    assert [a["text"] for a in state["question"]["answers"]] == ["Samen één loket"]


def test_the_presenter_moves_on_and_the_participants_page_is_told(lead, poll):
    second = question(poll, "scale", "Hoe goed?", points=5)
    started(poll)
    participant = join(poll.code)
    client_for(lead).post(
        f"/peilingen/{poll.uuid}/bediening/", {"action": "next", "next": "screen"}
    )
    assert participant.get(f"/stem/{poll.code}/stand.json").json() == {
        "status": "live",
        "question": second.pk,
        "closed": False,
        "ideas": [],
    }


def test_a_phones_state_is_one_read_of_the_polls_row(poll, django_assert_num_queries):
    started(poll)
    participant = join(poll.code)
    with django_assert_num_queries(1):
        state = participant.get(f"/stem/{poll.code.lower()}/stand.json").json()
    assert state == {
        "status": "live",
        "question": poll.questions.get().pk,
        "closed": False,
        "ideas": [],
    }
    services.close(poll)
    with django_assert_num_queries(1):
        state = participant.get(f"/stem/{poll.code}/stand.json").json()
    assert state == {"status": "closed", "question": None, "ideas": []}


def test_the_phones_ask_about_every_five_seconds_not_all_at_once():
    script = Path(finders.find("livepoll/participant.js")).read_text(encoding="utf-8")
    assert "var INTERVAL = 5000;" in script
    assert "var JITTER = 2000;" in script
    assert "setTimeout(check, later());" in script
    assert "setTimeout(check, Math.random() * INTERVAL);" in script


def test_actions_from_answers_and_the_downloads(lead, poll):
    started(poll)
    services.answer_open(poll.questions.get(), '=HYPERLINK("http://x")')
    client = client_for(lead)
    response = client.post(
        f"/peilingen/{poll.uuid}/acties/",
        {
            "description": "Ouders vroeg informeren",
            "owner": "Wijkteam Noord",
            "due": "2026-06-01",
            "from_answer": '=HYPERLINK("http://x")',
        },
    )
    assert response.status_code == 302
    assert PollAction.objects.get().owner == "Wijkteam Noord"
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/peilingen/{poll.uuid}/resultaten.xlsx").content)
    )
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[2] == (
        "Wat betekent gelijke kansen voor jou?",
        "Open vraag (woordwolk en lijst)",
        1,
        '=HYPERLINK("http://x")',
        1,
        None,
    )
    assert book.worksheets[0].cell(3, 4).data_type == "s"  # text, not a formula
    actions = list(book.worksheets[1].iter_rows(values_only=True))
    assert actions[1][:2] == ("Ouders vroeg informeren", "Wijkteam Noord")
    pdf = client.get(f"/peilingen/{poll.uuid}/resultaten.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_the_screen_asks_with_its_revision_and_gets_nothing_new_cheaply(lead, poll):
    started(poll)
    client = client_for(lead)
    url = f"/peilingen/{poll.uuid}/scherm/stand.json"
    revision = client.get(url).json()["revision"]
    assert client.get(f"{url}?revision={revision}").status_code == 204
    services.answer_open(poll.questions.get(), "Elk kind doet mee")
    state = client.get(f"{url}?revision={revision}").json()
    assert state["revision"] == revision + 1


def test_the_server_log_keeps_no_participants_path():
    from kansen.web.serverlog import is_pupil_path, redact

    assert is_pupil_path("/stem/K7XQ3M/")
    assert is_pupil_path("/stem/K7XQ3M/stand.json")
    assert redact("/stem/K7XQ3M/") == "/stem/..."
    assert not is_pupil_path("/peilingen/")
