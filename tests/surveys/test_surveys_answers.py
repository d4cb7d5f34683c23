"""The answers file: nothing finer than the wave, no ids, every problem with file, row, column."""

from __future__ import annotations

import numpy as np
import pytest

from kansen.surveys import (
    AnswersRejected,
    answers_from_text,
    answers_to_text,
    demo_questionnaire,
    read_answers,
    synthetic_panel,
)

from .factories import questionnaire


def _problems(text, q=None):
    with pytest.raises(AnswersRejected) as caught:
        answers_from_text(text, q or questionnaire(), "antwoorden.csv")
    return [(p.row, p.column, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    "column",
    ["submitted_at", "start_time", "ip_address", "ip", "response_id", "id", "datum", "device"],
)
def test_a_column_that_could_identify_or_order_answers_is_refused(column):
    problems = _problems(f"wave;{column};hulp\n2025;x;ja\n")
    assert problems == [
        (
            1,
            column,
            "this column could link answers to a pupil, a device or the moment of answering",
        )
    ]


def test_an_unknown_column_is_refused():
    assert _problems("wave;kleur;hulp\n2025;rood;ja\n") == [(1, "kleur", "unknown column")]


@pytest.mark.parametrize("wave", ["2025-03-14", "14-03-2025", "2025 09:15", "2025-3-1"])
def test_a_wave_with_a_day_or_time_is_refused(wave):
    assert _problems(f"wave;hulp\n2025;ja\n{wave};nee\n") == [
        (3, "wave", f"{wave!r} holds a day or a time")
    ]


def test_every_bad_answer_is_reported_with_row_and_column():
    text = "wave;school;hulp;uren\n2025;A;ja;3\n2025;A;misschien;11\n2025;A;nee;2,5\n2025;;;x\n"
    assert _problems(text) == [
        (3, "hulp", "'misschien' is not an answer of this question"),
        (3, "uren", "11 is outside what this question accepts"),
        (4, "uren", "2,5 is outside what this question accepts"),
        (5, "uren", "'x' is not a number"),
    ]


def test_an_answer_to_a_question_its_condition_hides_is_refused():
    q = demo_questionnaire()
    text = "wave;hulp_huiswerk;waarom_niet\n2025;nee;niemand\n2025;ja;niemand\n2025;;anders\n"
    assert _problems(text, q) == [
        (
            3,
            "waarom_niet",
            "answered although the question is shown only after hulp_huiswerk = nee",
        ),
        (
            4,
            "waarom_niet",
            "answered although the question is shown only after hulp_huiswerk = nee",
        ),
    ]


def test_answers_are_read_all_or_nothing(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"wave;hulp\n2025;ja\n2025;jaa\n")
    with pytest.raises(AnswersRejected) as caught:
        read_answers(path, questionnaire())
    assert caught.value.problems[0].location == "a.csv, row 3, column hulp"


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("wave;hulp\n2025;jä\n".encode("cp1252"))
    with pytest.raises(AnswersRejected, match="not UTF-8"):
        read_answers(path, questionnaire())


def test_values_are_read_into_their_types():
    q = demo_questionnaire()
    text = (
        "\ufeffwave,veilig,activiteiten,uren_sport,hulp_huiswerk,opmerking\n"
        "2025,4,sport|muziek,3,ja,fijn\n"
        "2025,,,,,\n"
    )
    frame = answers_from_text(text, q).frame
    assert frame["veilig"].tolist()[0] == 4.0
    assert np.isnan(frame["veilig"].tolist()[1])
    assert frame["activiteiten"].tolist() == [0b11, -1]
    assert frame["hulp_huiswerk"].astype(object).tolist()[0] == "ja"
    assert frame["opmerking"].tolist() == ["fijn", ""]


def test_a_written_file_is_read_back_and_its_order_says_nothing_about_arrival():
    answers, _ = synthetic_panel()
    text = answers_to_text(answers)
    shuffled = answers.frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
    assert answers_to_text(type(answers)(shuffled, answers.questionnaire)) == text
    again = answers_from_text(text, answers.questionnaire)
    assert answers_to_text(again) == text
    header = text.split("\n", 1)[0].split(";")
    assert header[:7] == [
        "wave", "class_code", "school_level", "school", "year_of_study", "neighbourhood", "age",
    ]  # fmt: skip


def test_two_pupils_of_one_class_cannot_be_told_apart_beyond_their_answers():
    # Every column is the class's or an answer: two pupils with the same answers are the same
    # row, and nothing (time, id, position) distinguishes them.
    answers, _ = synthetic_panel()
    frame = answers.frame
    q = answers.questionnaire
    allowed = {"wave", "class_code", *q.background, *(question.id for question in q.questions)}
    assert set(frame.columns) == allowed
    text = answers_to_text(answers)
    lines = text.splitlines()[1:]
    assert lines == sorted(lines, key=lambda line: line.split(";"))  # canonical order
