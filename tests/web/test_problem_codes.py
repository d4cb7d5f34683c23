"""Problems travel as codes (ADR 0015): every code of the library has a Dutch text, the platform
translates by code, and no regular expression maps a library message back to Dutch."""

from __future__ import annotations

import inspect
from pathlib import Path

import polib
import pytest
from django.utils.translation import override

import kansen.web
from kansen.plans import Problem as PlanProblem
from kansen.problems import problem_texts
from kansen.web.areas.problems import PROBLEM_MESSAGES as FILE_MESSAGES
from kansen.web.norms.views import PROBLEM_MESSAGES as NORM_MESSAGES
from kansen.web.plans import report
from kansen.web.plans.report import PLAN_MESSAGES, format_message
from kansen.web.regulations import services as regulation_services
from kansen.web.regulations.problems import PROBLEM_MESSAGES as REGULATION_MESSAGES


def _dutch() -> dict[str, str]:
    """Every translated msgid of the platform's Dutch catalogs."""
    texts: dict[str, str] = {}
    for po_file in Path(kansen.web.__file__).parent.glob("**/locale/nl/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_file)):
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                texts[entry.msgid] = entry.msgstr
    return texts


DUTCH = _dutch()
#: Wordings that are the same in every language: a file suffix, a placeholder alone.
NEUTRAL = {".xlsx", "{excel}"}
CODES = [(domain, code) for domain, texts in problem_texts().items() for code in texts]


@pytest.mark.parametrize(("domain", "code"), CODES)
def test_every_library_problem_code_has_a_dutch_text(domain, code):
    text = problem_texts()[domain][code]
    assert text.message in DUTCH, f"{domain} {code}: no Dutch for {text.message!r}"
    if text.expected and text.expected not in NEUTRAL:
        assert text.expected in DUTCH, f"{domain} {code}: no Dutch for {text.expected!r}"


def test_the_registries_hold_io_plans_and_norms_and_codes_are_unique():
    registries = problem_texts()
    assert {"io", "plans", "norms"} <= set(registries)
    codes = [code for texts in registries.values() for code in texts]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("domain", "messages"),
    [
        ("plans", PLAN_MESSAGES),
        ("norms", NORM_MESSAGES),
        ("io", FILE_MESSAGES),
        ("regulations", REGULATION_MESSAGES),
    ],
)
def test_the_platform_translates_every_code_with_the_library_wording(domain, messages):
    library = problem_texts()[domain]
    assert set(library) <= set(messages)
    with override("en"):
        for code, text in library.items():
            english = messages[code]
            english = english[0] if isinstance(english, tuple) else english
            assert str(english) == text.message, code


def test_no_regular_expression_maps_library_messages():
    source = inspect.getsource(report)
    assert "_FORMAT_MESSAGES" not in source
    assert "re.match" not in source
    assert "re.search" not in source
    # Regulations: a single rule's problems are placed without their place in a file by data
    # (RegulationProblem.alone), not by a pattern over the English line.
    assert "re.compile" not in inspect.getsource(regulation_services)


def test_a_reading_problem_is_translated_by_its_reason_not_by_its_words():
    # The English message says something else entirely: only the reason and params count.
    problem = PlanProblem(
        "title", "error", "format", "whatever the library says", reason="text", params={"got": "5"}
    )
    with override("nl"):
        assert format_message(problem) == DUTCH["expected text; got {got}"].format(got="5")
    with override("en"):
        assert format_message(problem) == "expected text; got 5"


def test_a_reading_problem_without_a_reason_keeps_its_words_as_detail():
    problem = PlanProblem("", "error", "format", "the file is too deep")
    assert problem.text_code == "format.unreadable"
    with override("nl"):
        assert format_message(problem) == "niet te lezen: the file is too deep"
