"""The youth panel's write path: versions once answers exist, waves without days, and answers
stored so that nothing links them to a pupil, a device, a moment or an order of arrival."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from kansen.surveys import AnswersRejected, QuestionnaireRejected
from kansen.web.youthpanel import services
from kansen.web.youthpanel.models import ClassCode, QuestionnaireVersion, Response

from .conftest import TODAY

pytestmark = pytest.mark.django_db

ANSWERS = {"veilig": 4, "activiteiten": ["sport", "muziek"], "uren_sport": 3, "hulp_huiswerk": "ja"}


def test_a_change_before_answers_stays_in_the_version(questionnaire):
    draft = copy.deepcopy(questionnaire.draft)
    draft["title"]["nl"] = "Jeugdpanel"
    services.save_draft(questionnaire, draft)
    version = services.save_version(questionnaire, TODAY)
    assert version.number == 1
    assert QuestionnaireVersion.objects.filter(questionnaire=questionnaire).count() == 1
    assert version.document["title"]["nl"] == "Jeugdpanel"


def test_a_change_of_wording_after_answers_makes_a_new_version(questionnaire, wave, classes):
    services.submit(classes[0], "13", ANSWERS)
    draft = copy.deepcopy(questionnaire.draft)
    draft["sections"][0]["questions"][0]["text"]["nl"] = "Voel je je veilig in je buurt?"
    services.save_draft(questionnaire, draft)
    version = services.save_version(questionnaire, TODAY)
    assert version.number == 2
    wave.refresh_from_db()
    assert wave.version.number == 1  # the answers keep the text the pupils saw
    assert wave.version.document["sections"][0]["questions"][0]["text"]["nl"] == (
        "Hoe veilig voel je je in je buurt?"
    )


def test_a_draft_that_is_no_questionnaire_is_refused_with_its_path(questionnaire):
    draft = copy.deepcopy(questionnaire.draft)
    draft["sections"][1]["questions"][1]["show_if"]["answers"] = ["misschien"]
    services.save_draft(questionnaire, draft)
    with pytest.raises(QuestionnaireRejected) as refused:
        services.save_version(questionnaire, TODAY)
    assert [p.path for p in refused.value.problems] == ["sections[1].questions[1].show_if.answers"]


@pytest.mark.parametrize("label", ["2026-10-01", "1-10-2026", "2026 10:15", "", "a b"])
def test_a_wave_label_with_a_day_or_time_is_refused(questionnaire, label):
    with pytest.raises(ValidationError) as refused:
        services.open_wave(questionnaire, label, date(2026, 9, 1), date(2026, 12, 31))
    assert "label" in refused.value.message_dict


def test_two_pupils_of_a_class_with_the_same_answers_are_one_row(wave, classes):
    services.submit(classes[0], "13", ANSWERS)
    services.submit(classes[0], "13", dict(reversed(list(ANSWERS.items()))))
    services.submit(classes[0], "14", ANSWERS)
    rows = sorted(Response.objects.filter(wave=wave).values_list("age", "count"))
    assert rows == [("13", 2), ("14", 1)]
    assert ClassCode.objects.get(pk=classes[0].pk).responses == 3
    assert ClassCode.objects.get(pk=classes[1].pk).responses == 0


def test_a_stored_row_holds_no_time_ip_session_or_order_of_arrival():
    fields = {f.name: f for f in Response._meta.get_fields() if f.concrete}
    assert set(fields) == {"id", "wave", "class_code", "age", "answers", "fingerprint", "count"}
    for field in fields.values():
        assert not isinstance(
            field,
            models.DateField | models.TimeField | models.GenericIPAddressField | models.AutoField,
        ), field.name
    assert Response._meta.ordering == ["wave", "class_code", "fingerprint"]


def test_keys_are_random_not_in_order_of_arrival(wave, classes):
    for age in range(10, 20):
        services.submit(classes[0], str(age), ANSWERS)
    by_arrival = [r.pk for r in sorted(Response.objects.all(), key=lambda r: int(r.age))]
    # ten random 62-bit keys come out in arrival order with chance 1/10! (2.8e-7)
    assert by_arrival != sorted(by_arrival)
    assert min(by_arrival) > 1000


def test_an_answer_a_condition_hides_is_refused_and_nothing_is_stored(wave, classes):
    with pytest.raises(AnswersRejected) as refused:
        services.submit(classes[0], "13", {**ANSWERS, "waarom_niet": "niemand"})
    # one pupil's form: the question, no row
    assert [(p.column, p.row) for p in refused.value.problems] == [("waarom_niet", None)]
    assert Response.objects.count() == 0
    assert ClassCode.objects.get(pk=classes[0].pk).responses == 0


@pytest.mark.parametrize(
    "answers",
    [{"veilig": 6}, {"hulp_huiswerk": "misschien"}, {"uren_sport": 2.5}, {"activiteiten": ["x"]}],
)
def test_an_answer_the_question_does_not_have_is_refused(wave, classes, answers):
    with pytest.raises(AnswersRejected):
        services.submit(classes[0], "13", answers)
    assert Response.objects.count() == 0


def test_a_class_code_carries_only_the_questionnaires_background(questionnaire):
    draft = copy.deepcopy(questionnaire.draft)
    draft["background"] = ["school_level"]
    services.save_draft(questionnaire, draft)
    services.save_version(questionnaire, TODAY)
    wave = services.open_wave(questionnaire, "2027", date(2027, 1, 1), date(2027, 6, 30))
    made = services.add_class(wave, {"school_level": "vmbo", "school": "De Brug", "pupils": 20})
    assert (made.school_level, made.school, made.pupils) == ("vmbo", "", 20)
    assert len(made.code) == 6


def test_the_same_choices_in_another_order_are_the_same_row(wave, classes):
    services.submit(classes[0], "13", {"activiteiten": ["muziek", "sport"]})
    services.submit(classes[0], "13", {"activiteiten": ["sport", "muziek", "sport"]})
    assert list(Response.objects.values_list("answers", "count")) == [
        ({"activiteiten": ["sport", "muziek"]}, 2)
    ]
