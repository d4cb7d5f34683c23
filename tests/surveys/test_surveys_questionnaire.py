"""Questionnaires: the schema, conditions, languages and versions."""

from __future__ import annotations

import json

import pytest

from kansen.surveys import (
    QuestionnaireRejected,
    answer_compatible,
    compatibility_problems,
    demo_questionnaire,
    demo_questionnaire_document,
    direction,
    load_questionnaire,
    questionnaire_from_data,
    questionnaire_schema,
    read_questionnaire,
    version_after_change,
)

from .factories import document, questionnaire


def _problems(data):
    with pytest.raises(QuestionnaireRejected) as caught:
        questionnaire_from_data(data)
    return [(p.path, p.message) for p in caught.value.problems]


def test_the_demo_questionnaire_is_valid_and_has_every_type():
    q = demo_questionnaire()
    assert {question.type for question in q.questions} == {
        "single",
        "multiple",
        "likert",
        "number",
        "text",
    }
    assert q.languages == ("nl", "en", "ar")
    assert q.question("waarom_niet").show_if.answers == ("nee",)
    assert q.question("veilig").answers == ("1", "2", "3", "4", "5")
    assert q.question("opmerking").may_identify


def test_languages_are_dutch_first_and_arabic_is_right_to_left():
    assert [direction(language) for language in ("nl", "en", "ar", "tr", "pl", "uk")] == [
        "ltr", "ltr", "rtl", "ltr", "ltr", "ltr",
    ]  # fmt: skip
    assert _problems(document(languages=["en", "nl"]))[0][0] == "languages[0]"
    assert _problems(document(languages=["nl", "de"]))[0][0] == "languages[1]"
    q = questionnaire()
    assert q.text(q.question("hulp").text, "ar") == "Hulp?"  # no translation: Dutch


def test_a_text_without_dutch_is_refused_with_its_path():
    data = document()
    data["sections"][0]["questions"][0]["text"] = {"en": "Help?"}
    assert _problems(data) == [
        ("sections[0].questions[0].text", "'nl' is a required property"),
    ]


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        # a condition on a later question
        (
            lambda qs: qs[0].update(show_if={"question": "uren", "answers": ["1"]}),
            "sections[0].questions[0].show_if.question",
            "'uren' is not a question before this one",
        ),
        # a condition on an answer the question does not have
        (
            lambda qs: qs.append(
                {"id": "waarom", "type": "text", "text": {"nl": "Waarom?"},
                 "show_if": {"question": "hulp", "answers": ["misschien"]}}
            ),
            "sections[0].questions[2].show_if.answers",
            "'misschien' is not an answer of 'hulp' (expected one of ja, nee)",
        ),
        # a condition on a number
        (
            lambda qs: qs.append(
                {"id": "waarom", "type": "text", "text": {"nl": "Waarom?"},
                 "show_if": {"question": "uren", "answers": ["1"]}}
            ),
            "sections[0].questions[2].show_if.question",
            "'uren' is a number question; a condition needs a choice or a scale",
        ),
        # the same id twice
        (
            lambda qs: qs.append({"id": "hulp", "type": "text", "text": {"nl": "Nog eens"}}),
            "sections[0].questions[2].id",
            "the id 'hulp' is used twice (also at sections[0].questions[0])",
        ),
        # an empty range
        (
            lambda qs: qs[1].update(minimum=10),
            "sections[0].questions[1].maximum",
            "the maximum 10 is not above the minimum 10",
        ),
        # a question named like a column of the answers file
        (
            lambda qs: qs[1].update(id="wave"),
            "sections[0].questions[1].id",
            "the id 'wave' is a column of the answers file, not a question",
        ),
    ],
)  # fmt: skip
def test_meaning_problems_have_their_path(change, path, words):
    data = document()
    change(data["sections"][0]["questions"])
    assert _problems(data) == [(path, words)]


def test_yaml_problems_have_their_line():
    text = """id: klein
version: 1
languages: [nl]
title: {nl: Klein}
sections:
  - id: s
    title: {nl: Deel}
    questions:
      - id: hulp
        type: single
        text: {nl: Hulp}
        options:
          - {code: ja, label: {nl: Ja}}
"""
    with pytest.raises(QuestionnaireRejected) as caught:
        read_questionnaire(text, "yaml", "klein.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("sections[0].questions[0].options", 12)
    assert "klein.yaml is not a questionnaire (1 problem(s))" in str(caught.value)


def test_a_file_nested_too_deeply_is_refused_by_kansen_ios_limits(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100 + "]" * 100, encoding="utf-8")
    with pytest.raises(QuestionnaireRejected) as caught:
        load_questionnaire(path)
    assert "nested" in caught.value.problems[0].message


def test_a_json_file_is_read(tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps(demo_questionnaire_document()), encoding="utf-8")
    assert load_questionnaire(path) == demo_questionnaire()


def test_the_schema_is_packaged():
    assert questionnaire_schema()["properties"]["languages"]["prefixItems"] == [{"const": "nl"}]


def _changed(edit):
    data = document()
    edit(data)
    return questionnaire_from_data(data)


@pytest.mark.parametrize(
    ("edit", "compatible"),
    [
        (lambda d: d["sections"][0]["questions"][0]["text"].update(nl="Krijg je hulp?"), True),
        (lambda d: d["title"].update(en="Tiny"), True),
        (lambda d: d["sections"][0]["questions"].reverse(), True),  # another order
        (lambda d: d["sections"][0]["questions"][0]["options"].reverse(), False),
        (lambda d: d["sections"][0]["questions"][0]["options"][1].update(code="neen"), False),
        (lambda d: d["sections"][0]["questions"][1].update(maximum=20), False),
        (lambda d: d["sections"][0]["questions"].pop(), False),
        (
            lambda d: d["sections"][0]["questions"][1].update(
                show_if={"question": "hulp", "answers": ["ja"]}
            ),
            False,
        ),
    ],
)
def test_answer_compatibility(edit, compatible):
    assert answer_compatible(questionnaire(), _changed(edit)) is compatible


def test_compatibility_says_why():
    new = _changed(lambda d: d["sections"][0]["questions"].pop())
    assert compatibility_problems(questionnaire(), new) == ["question uren was removed"]


def test_a_change_after_answers_exist_makes_a_new_version():
    old = questionnaire()
    reworded = _changed(lambda d: d["title"].update(nl="Kleine vragenlijst"))
    assert version_after_change(old, reworded, answers_exist=False) == 1
    assert version_after_change(old, reworded, answers_exist=True) == 2
    assert version_after_change(old, questionnaire(), answers_exist=True) == 1
