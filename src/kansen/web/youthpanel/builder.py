"""The questionnaire builder's edits on a draft document (plain dicts, no database).

The draft has the shape of the library's questionnaire document (``docs/surveys.md``) but may be
incomplete; :func:`problems_of` asks the library what is wrong, by path, so a form can show the
problems of the one question it edits.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from kansen.surveys import QuestionnaireProblem, QuestionnaireRejected, questionnaire_from_data


@dataclass(frozen=True)
class Place:
    """Where a question is in the draft."""

    section: int
    index: int
    question: dict[str, Any]

    @property
    def path(self) -> str:
        return f"sections[{self.section}].questions[{self.index}]"


def places(draft: dict[str, Any]) -> list[Place]:
    """Every question with its place, in the order a pupil meets them."""
    found = []
    for s, section in enumerate(draft.get("sections") or []):
        for q, question in enumerate(section.get("questions") or []):
            found.append(Place(s, q, question))
    return found


def find(draft: dict[str, Any], question_id: str) -> Place | None:
    return next((p for p in places(draft) if p.question.get("id") == question_id), None)


def section_id(draft: dict[str, Any], title: str) -> str:
    """A new section id from its title, unique in the draft."""
    base = re.sub(r"[^a-z0-9_]+", "_", title.lower()).strip("_")[:30] or "section"
    if not base[0].isalpha():
        base = "s_" + base
    taken = {s.get("id") for s in draft.get("sections") or []}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def put_question(
    draft: dict[str, Any],
    question: dict[str, Any],
    *,
    section: str = "",
    new_section: dict[str, str] | None = None,
    replacing: str | None = None,
) -> tuple[dict[str, Any], str]:
    """A copy of the draft with ``question`` added (to ``section``, or to a new section with the
    title ``new_section``) or put in place of the question ``replacing``; and its path."""
    result = copy.deepcopy(draft)
    sections = result.setdefault("sections", [])
    if replacing is not None:
        place = find(result, replacing)
        if place is not None:
            sections[place.section]["questions"][place.index] = question
            return result, place.path
    if new_section:
        sections.append(
            {
                "id": section_id(result, new_section.get("nl", "")),
                "title": new_section,
                "questions": [],
            }
        )
        target = len(sections) - 1
    else:
        ids = [s.get("id") for s in sections]
        target = ids.index(section) if section in ids else len(sections) - 1
        if target < 0:
            sections.append({"id": "section", "title": {"nl": "Vragen"}, "questions": []})
            target = 0
    sections[target].setdefault("questions", []).append(question)
    return result, f"sections[{target}].questions[{len(sections[target]['questions']) - 1}]"


def remove_question(draft: dict[str, Any], question_id: str) -> dict[str, Any]:
    """A copy without the question (and without its section if that becomes empty)."""
    result = copy.deepcopy(draft)
    place = find(result, question_id)
    if place is None:
        return result
    section = result["sections"][place.section]
    del section["questions"][place.index]
    if not section["questions"]:
        del result["sections"][place.section]
    return result


def move_question(draft: dict[str, Any], question_id: str, step: int) -> dict[str, Any]:
    """A copy with the question one place earlier (``step=-1``) or later. The first question
    of a section moves up to the end of the section before; the last one down to the start of
    the next section (a section left empty is removed, as when its last question is)."""
    result = copy.deepcopy(draft)
    place = find(result, question_id)
    if place is None:
        return result
    sections = result["sections"]
    questions = sections[place.section]["questions"]
    other = place.index + step
    if 0 <= other < len(questions):
        questions[place.index], questions[other] = questions[other], questions[place.index]
        return result
    neighbour = place.section + (1 if step > 0 else -1)
    if not 0 <= neighbour < len(sections):
        return result
    moved = questions.pop(place.index)
    target = sections[neighbour].setdefault("questions", [])
    if step > 0:
        target.insert(0, moved)
    else:
        target.append(moved)
    if not questions:
        del sections[place.section]
    return result


def section_questions(draft: dict[str, Any], section: str) -> list[dict[str, Any]] | None:
    """The questions of the section with id ``section`` (None: the draft has no such section)."""
    for found in draft.get("sections") or []:
        if found.get("id") == section:
            return list(found.get("questions") or [])
    return None


def remove_section(draft: dict[str, Any], section: str) -> dict[str, Any]:
    """A copy without the section and its questions (a condition elsewhere on one of them is
    then a problem the builder shows at that question)."""
    result = copy.deepcopy(draft)
    result["sections"] = [s for s in result.get("sections") or [] if s.get("id") != section]
    return result


def depending_on(draft: dict[str, Any], question_ids: set[str]) -> list[dict[str, Any]]:
    """The questions outside ``question_ids`` shown only after an answer to one of them."""
    return [
        p.question
        for p in places(draft)
        if p.question.get("id") not in question_ids
        and (p.question.get("show_if") or {}).get("question") in question_ids
    ]


def problems_of(draft: dict[str, Any]) -> list[QuestionnaireProblem]:
    """What the library finds wrong with the draft (none: it can be saved as a version)."""
    try:
        questionnaire_from_data(draft, source=str(draft.get("id") or "questionnaire"))
    except QuestionnaireRejected as rejected:
        return list(rejected.problems)
    return []


def problems_at(draft: dict[str, Any], path: str) -> list[QuestionnaireProblem]:
    """The draft's problems at ``path`` or below it."""
    return [
        p
        for p in problems_of(draft)
        if p.path == path or p.path.startswith(path + ".") or p.path.startswith(path + "[")
    ]
