"""Small questionnaires and answers files for the survey tests."""

from __future__ import annotations

import copy
from typing import Any

from kansen.surveys import Answers, Questionnaire, answers_from_text, questionnaire_from_data


def document(**changes: Any) -> dict[str, Any]:
    """A questionnaire with one single choice question ``hulp`` (ja, nee) and one number ``uren``
    (0-10), background ``school``."""
    data: dict[str, Any] = {
        "id": "klein",
        "version": 1,
        "languages": ["nl", "en"],
        "title": {"nl": "Klein", "en": "Small"},
        "background": ["school", "school_level"],
        "sections": [
            {
                "id": "s",
                "title": {"nl": "Deel"},
                "questions": [
                    {
                        "id": "hulp",
                        "type": "single",
                        "text": {"nl": "Hulp?", "en": "Help?"},
                        "options": [
                            {"code": "ja", "label": {"nl": "Ja"}},
                            {"code": "nee", "label": {"nl": "Nee"}},
                        ],
                    },
                    {
                        "id": "uren",
                        "type": "number",
                        "text": {"nl": "Uren?"},
                        "minimum": 0,
                        "maximum": 10,
                        "whole": True,
                    },
                ],
            }
        ],
    }
    data = copy.deepcopy(data)
    data.update(changes)
    return data


def questionnaire(**changes: Any) -> Questionnaire:
    return questionnaire_from_data(document(**changes))


def answers(rows: list[tuple[str, str, str, str]], wave: str = "2025") -> Answers:
    """Answers of (school, school_level, hulp, uren) rows in one wave."""
    lines = ["wave;school;school_level;hulp;uren"]
    lines += [f"{wave};{s};{level};{h};{u}" for s, level, h, u in rows]
    return answers_from_text("\n".join(lines) + "\n", questionnaire(), "answers.csv")


def school_rows(
    school: str, ja: int, nee: int, level: str = "vmbo"
) -> list[tuple[str, str, str, str]]:
    """``ja`` pupils answering ja and ``nee`` answering nee, each 2 hours."""
    return [(school, level, "ja", "2")] * ja + [(school, level, "nee", "2")] * nee
