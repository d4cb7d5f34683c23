"""One pupil's response checked without a table: the same verdict as a one-row answers file."""

from __future__ import annotations

import pytest

from kansen.surveys import (
    AnswersRejected,
    answers_from_text,
    check_response,
    demo_questionnaire,
)

QUESTIONNAIRE = demo_questionnaire()
COLUMNS = [q.id for q in QUESTIONNAIRE.questions]


def _file_problems(cells):
    line = ";".join(cells.get(c, "") for c in COLUMNS)
    text = "wave;" + ";".join(COLUMNS) + "\n2026;" + line + "\n"
    try:
        answers_from_text(text, QUESTIONNAIRE, "form")
    except AnswersRejected as error:
        return [(p.column, p.message, p.expected) for p in error.problems]
    return []


def _problems(cells):
    try:
        check_response(QUESTIONNAIRE, cells)
    except AnswersRejected as error:
        return [(p.column, p.message, p.expected) for p in error.problems]
    return []


CASES = [
    # nothing answered: every question may be skipped
    ({}, []),
    # everything answered within its range
    (
        {
            "veilig": "5",
            "activiteiten": "sport|niets",
            "uren_sport": "3",
            "hulp_huiswerk": "nee",
            "waarom_niet": "durf_niet",
            "opmerking": "<script>alert(1)</script>",
        },
        [],
    ),
    # a scale point that is not on the scale, and a half point
    (
        {"veilig": "6"},
        [("veilig", "6 is outside what this question accepts", "a whole number from 1 to 5")],
    ),
    (
        {"veilig": "2.5"},
        [("veilig", "2.5 is outside what this question accepts", "a whole number from 1 to 5")],
    ),
    # a code a multiple choice question does not have (one problem per wrong code)
    (
        {"activiteiten": "sport|voetbal|x"},
        [
            (
                "activiteiten",
                "'voetbal' is not an answer of this question",
                "codes of sport, muziek, jongerenwerk, niets separated by |",
            ),
            (
                "activiteiten",
                "'x' is not an answer of this question",
                "codes of sport, muziek, jongerenwerk, niets separated by |",
            ),
        ],
    ),
    # a number out of range and not a number
    (
        {"uren_sport": "41"},
        [("uren_sport", "41 is outside what this question accepts", "a whole number from 0 to 40")],
    ),
    (
        {"uren_sport": "veel"},
        [("uren_sport", "'veel' is not a number", "a whole number from 0 to 40")],
    ),
    # an answer the condition hides (help with homework was not "nee")
    (
        {"hulp_huiswerk": "ja", "waarom_niet": "anders"},
        [
            (
                "waarom_niet",
                "answered although the question is shown only after hulp_huiswerk = nee",
                "an empty cell",
            )
        ],
    ),
    # the hidden question answered without its condition's question
    (
        {"waarom_niet": "anders"},
        [
            (
                "waarom_niet",
                "answered although the question is shown only after hulp_huiswerk = nee",
                "an empty cell",
            )
        ],
    ),
    # a single choice code that does not exist
    (
        {"hulp_huiswerk": "misschien"},
        [
            (
                "hulp_huiswerk",
                "'misschien' is not an answer of this question",
                "one of ja, soms, nee",
            )
        ],
    ),
]


@pytest.mark.parametrize(("cells", "expected"), CASES)
def test_a_response_gets_the_problems_of_its_one_row_file(cells, expected):
    assert _problems(cells) == expected
    assert _file_problems(cells) == expected


def test_a_question_the_questionnaire_does_not_have_is_refused():
    assert _problems({"veilig": "3", "leeftijd_moeder": "40"}) == [
        ("leeftijd_moeder", "unknown question", "a question id of the questionnaire")
    ]
