"""A pupil's send (a whole school may send at once: what one send asks of the database), the
page's municipality, the form's language after sending, and help texts marked in the language
they are shown in."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kansen.surveys import AnswersRejected, demo_questionnaire_document
from kansen.web.youthpanel import services
from kansen.web.youthpanel.models import ClassCode, Response
from kansen.web.youthpanel.selectors import _class_with_wave

from ..factories import client_for
from .conftest import TODAY
from .test_pages import YES_PAGES

pytestmark = pytest.mark.django_db


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def _until_send(pupil: Client, code: str, language: str = "nl") -> str:
    """The pupil answers every page; the address of the send page the form led to."""
    response = pupil.post(f"/jeugdpanel/k/{code}/?taal={language}")
    for data in YES_PAGES:
        response = pupil.post(response.url, {"go": "next", **data})
        assert response.status_code == 302, response.content.decode()[:2000]
    return str(response.url)


def test_a_send_is_one_read_of_the_class_one_of_the_form_and_one_write(wave, classes):
    pupil = Client()
    send = _until_send(pupil, classes[0].code)
    with CaptureQueriesContext(connection) as queries:
        response = pupil.post(send)
    assert response.status_code == 200
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    # the class with its wave, version and municipality; the session; then in one transaction
    # (a savepoint here: the test runs in one) the form taken out and the answers stored; no
    # second delete of the session, no look-up of the portal for the thank-you page
    assert statements == [
        "SELECT",  # class code, wave, version, questionnaire, municipality
        "SELECT",  # the session's data
        "SAVEPOINT",
        "DELETE",  # the unfinished form (its session row)
        "INSERT",  # a new row of answers, or its count on the row of the same answers
        "UPDATE",  # the class's count of answers
        "RELEASE",
    ]
    assert Session.objects.count() == 0
    assert {name: (c.value, c["max-age"]) for name, c in pupil.cookies.items()} == {
        "sessionid": ("", 0),
        "csrftoken": ("", 0),
    }
    assert Response.objects.get().count == 1


@pytest.fixture
def elders_class(elders):
    made = services.create_questionnaire(elders, "jeugdpanel", "Jeugdpanel Elders", TODAY)
    services.save_draft(made, demo_questionnaire_document())
    services.save_version(made, TODAY)
    wave = services.open_wave(made, "2026", date(2026, 9, 1), date(2026, 12, 31))
    return services.add_class(wave, {"name": "3C", "school_level": "vmbo", "pupils": 22})


def test_a_pupil_of_another_municipality_sees_its_name_on_every_page(demostad, elders_class):
    """The platform's portal is Demostad's; the class is of Elders."""
    code = elders_class.code
    pupil = Client()
    pages = [pupil.get(f"/jeugdpanel/k/{code}/").content]
    send = _until_send(pupil, code)
    pages.append(pupil.get(f"/jeugdpanel/k/{code}/vraag/1/").content)
    pages.append(pupil.get(send).content)
    pages.append(pupil.post(send).content)
    assert "Bedankt!" in _text(pages[-1])
    assert [re.findall(r"Jeugdpanel · \w+", _text(page)) for page in pages] == [
        ["Jeugdpanel · Elders"]
    ] * 4


def test_back_after_sending_shows_the_class_page_in_the_forms_language(wave, classes):
    code = classes[0].code
    pupil = Client(headers={"accept-language": "nl"})
    send = _until_send(pupil, code, "ar")
    assert send == f"/jeugdpanel/k/{code}/versturen/?taal=ar"
    page = pupil.get(send).content.decode()
    assert f'href="/jeugdpanel/k/{code}/vraag/6/?taal=ar"' in page  # its Back button
    thanks = pupil.post(send).content.decode()
    assert '<html lang="ar" dir="rtl"' in thanks
    assert "شكرا لك!" in thanks
    # the browser's Back: the send page again, the form is gone, the class page opens
    back = pupil.get(send, follow=True)
    assert back.redirect_chain == [(f"/jeugdpanel/k/{code}/?taal=ar", 302)]
    assert '<html lang="ar" dir="rtl"' in back.content.decode()
    assert Response.objects.get().count == 1


def test_the_language_in_the_address_saves_the_form_only_when_it_changes(wave, classes):
    code = classes[0].code
    pupil = Client()
    pupil.post(f"/jeugdpanel/k/{code}/?taal=ar")
    with CaptureQueriesContext(connection) as queries:
        pupil.get(f"/jeugdpanel/k/{code}/vraag/1/?taal=ar")
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"] * 3
    english = pupil.get(f"/jeugdpanel/k/{code}/vraag/1/?taal=en")
    assert '<html lang="en" dir="ltr"' in english.content.decode()
    assert (
        '<html lang="en" dir="ltr"' in pupil.get(f"/jeugdpanel/k/{code}/vraag/1/").content.decode()
    )


def test_a_help_text_is_marked_in_the_language_it_is_shown_in(demostad):
    document = demo_questionnaire_document()
    questions = {q["id"]: q for s in document["sections"] for q in s["questions"]}
    # Arabic question, help only in Dutch; Dutch question, help in Arabic too
    questions["veilig"]["help"] = {"nl": "Denk aan de straat waar je woont."}
    questions["uren_sport"]["help"] = {"nl": "Tel ook de training.", "ar": "احسب التدريب أيضا."}
    made = services.create_questionnaire(demostad, "jeugdpanel", "Jeugdpanel Demostad", TODAY)
    services.save_draft(made, document)
    services.save_version(made, TODAY)
    wave = services.open_wave(made, "2026", date(2026, 9, 1), date(2026, 12, 31))
    code = services.add_class(wave, {"name": "2A", "school_level": "vmbo"}).code
    pupil = Client()
    pupil.post(f"/jeugdpanel/k/{code}/?taal=ar")
    veilig = pupil.get(f"/jeugdpanel/k/{code}/vraag/2/").content.decode()
    assert '<legend class="yp-question-text" lang="ar" dir="rtl">' in veilig
    assert (
        '<p class="utrecht-paragraph yp-help" id="help-veilig" lang="nl" dir="ltr">'
        "Denk aan de straat waar je woont.</p>"
    ) in veilig
    sport = pupil.get(f"/jeugdpanel/k/{code}/vraag/4/").content.decode()
    assert 'for="uren_sport" lang="nl" dir="ltr">' in sport
    assert (
        '<p class="utrecht-paragraph yp-help" id="help-uren_sport" lang="ar" dir="rtl">'
        "احسب التدريب أيضا.</p>"
    ) in sport


def test_the_same_answers_again_are_counted_on_their_row(wave, classes):
    answers = {"veilig": 4, "hulp_huiswerk": "ja"}
    services.submit(classes[0], "13", answers)
    with CaptureQueriesContext(connection) as queries:
        services.submit(classes[0], "13", answers)
    assert [q["sql"].split()[0] for q in queries.captured_queries] == [
        "SAVEPOINT",
        "INSERT",  # ... ON CONFLICT: the class's row of these answers exists, its count + 1
        "UPDATE",  # the class's count
        "RELEASE",
    ]
    assert [(r.age, r.count, r.answers) for r in Response.objects.all()] == [("13", 2, answers)]
    assert ClassCode.objects.get(pk=classes[0].pk).responses == 2


def test_answers_whose_random_key_is_taken_get_another(wave, classes, monkeypatch):
    services.submit(classes[0], "13", {"veilig": 4})
    taken = Response.objects.get().pk
    keys = iter([taken, 12345])
    monkeypatch.setattr(Response._meta.get_field("id"), "default", lambda: next(keys))
    services.submit(classes[0], "14", {"veilig": 2})
    assert sorted((r.pk == taken, r.age, r.count) for r in Response.objects.all()) == [
        (False, "14", 1),
        (True, "13", 1),
    ]
    assert ClassCode.objects.get(pk=classes[0].pk).responses == 2


def test_the_class_is_read_as_the_orm_reads_it(wave, classes, django_assert_num_queries):
    """The pupil pages' one statement for the class, its wave, version, questionnaire and
    municipality gives the objects the ORM gives, with every field converted alike."""
    code = classes[1].code
    orm = ClassCode.objects.select_related(
        "wave__version", "wave__questionnaire__municipality"
    ).get(code=code)
    with django_assert_num_queries(1):
        found = _class_with_wave(code)
        assert found is not None
        pairs = [
            (found, orm),
            (found.wave, orm.wave),
            (found.wave.version, orm.wave.version),
            (found.wave.questionnaire, orm.wave.questionnaire),
            (found.wave.questionnaire.municipality, orm.wave.questionnaire.municipality),
        ]
    for mine, theirs in pairs:
        fields = type(theirs)._meta.concrete_fields
        assert [(f.attname, getattr(mine, f.attname)) for f in fields] == [
            (f.attname, getattr(theirs, f.attname)) for f in fields
        ]
        assert [type(getattr(mine, f.attname)) for f in fields] == [
            type(getattr(theirs, f.attname)) for f in fields
        ]
    assert _class_with_wave("NOSUCHCODE") is None


def test_someone_logged_in_who_tries_the_form_keeps_the_session(wave, classes, analyst):
    client = client_for(analyst)
    send = _until_send(client, classes[0].code)
    response = client.post(send)
    assert "Bedankt!" in _text(response.content)
    assert Response.objects.get().count == 1
    assert client.get("/jeugdpanel/").status_code == 200  # still logged in
    assert "youthpanel" not in Session.objects.get().get_decoded()


def test_refused_answers_keep_the_form(wave, classes, monkeypatch):
    pupil = Client()
    send = _until_send(pupil, classes[0].code)

    def refuse(*args, **kwargs):
        raise AnswersRejected([])

    monkeypatch.setattr(services, "check_response", refuse)
    refused = pupil.post(send)
    assert refused.status_code == 400
    assert Response.objects.count() == 0
    assert Session.objects.get().get_decoded()["youthpanel"]["age"] == "13"
    monkeypatch.undo()
    assert "Bedankt!" in _text(pupil.post(send).content)
    assert Response.objects.get().count == 1


def test_a_send_without_the_forms_token_is_refused_and_keeps_the_form(wave, classes):
    pupil = Client(enforce_csrf_checks=True)
    code = classes[0].code
    page = pupil.get(f"/jeugdpanel/k/{code}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = pupil.post(f"/jeugdpanel/k/{code}/", {"csrfmiddlewaretoken": token})
    for data in YES_PAGES:
        page = pupil.get(response.url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        response = pupil.post(response.url, {"csrfmiddlewaretoken": token, "go": "next", **data})
    assert "/versturen/" in response.url
    assert pupil.post(response.url).status_code == 403
    assert Response.objects.count() == 0
    assert Session.objects.get().get_decoded()["youthpanel"]["age"] == "13"
    page = pupil.get(response.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert "Bedankt!" in _text(pupil.post(response.url, {"csrfmiddlewaretoken": token}).content)
    assert Response.objects.get().count == 1


def test_a_send_to_a_class_closed_meanwhile_stores_nothing(wave, classes):
    pupil = Client()
    send = _until_send(pupil, classes[0].code)
    services.set_class(classes[0], closed=True)
    assert pupil.post(send).status_code == 404
    assert Response.objects.count() == 0
    assert ClassCode.objects.get(pk=classes[0].pk).responses == 0
