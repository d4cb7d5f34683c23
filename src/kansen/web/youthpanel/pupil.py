"""The pupil's form, one question per page: which questions a pupil sees (conditions), the
texts in the pupil's language, and reading an answer from a page. Plain data, no database.

The unfinished form lives in the session (the only cookie) under the class code, and is
removed when the answers are sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kansen.surveys import direction

#: The pseudo-question for the pupil's age (when the questionnaire's background holds ``age``).
AGE = "__age__"
AGE_RANGE = (10, 20)


def text(texts: Any, language: str) -> str:
    """A text in ``language``, or the Dutch when it has no translation."""
    if not isinstance(texts, dict):
        return ""
    return str(texts.get(language) or texts.get("nl") or "")


def text_language(texts: Any, language: str) -> str:
    """The language :func:`text` gives ``texts`` in: ``language``, or Dutch when it falls back
    (a Dutch question on an Arabic page is marked Dutch and left to right)."""
    if isinstance(texts, dict) and not texts.get(language) and texts.get("nl"):
        return "nl"
    return language


def languages(document: dict[str, Any]) -> list[str]:
    return [str(lang) for lang in document.get("languages") or ["nl"]]


def questions(document: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(section, question) in order."""
    return [
        (section, question)
        for section in document.get("sections") or []
        for question in section.get("questions") or []
    ]


def shown(question: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether a question is shown after ``answers`` (its condition, if any, is met)."""
    condition = question.get("show_if")
    if not condition:
        return True
    given = answers.get(condition.get("question"))
    wanted = {str(a) for a in condition.get("answers") or []}
    if isinstance(given, list):
        return bool(wanted & {str(g) for g in given})
    return given is not None and str(given) in wanted


def steps(document: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """The ids of the pages the pupil goes through (age first when asked)."""
    ids = [AGE] if "age" in (document.get("background") or []) else []
    return ids + [q["id"] for _s, q in questions(document) if shown(q, answers)]


def visible_answers(document: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers without those to questions a later change of an answer hid."""
    kept: dict[str, Any] = {}
    for _s, question in questions(document):
        if question["id"] in answers and shown(question, kept):
            kept[question["id"]] = answers[question["id"]]
    return kept


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool
    lang: str = ""
    dir: str = ""


@dataclass(frozen=True)
class Page:
    """A question as the page shows it."""

    id: str
    type: str
    text: str
    help: str
    section: str
    choices: list[Choice]
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    unit: str = ""
    max_length: int = 2000
    value: str = ""
    may_identify: bool = False
    #: The language and direction of ``text`` (Dutch where not translated).
    lang: str = ""
    dir: str = ""
    #: The same of ``help``: a help text has its own translations (or lacks them).
    help_lang: str = ""
    help_dir: str = ""


def _number(value: Any) -> str:
    if value is None:
        return ""
    return f"{float(value):g}"


def page(
    document: dict[str, Any], question_id: str, language: str, answers: dict[str, Any], age: str
) -> Page:
    """The page of one question."""
    if question_id == AGE:
        return Page(
            id=AGE,
            type="number",
            text=_("How old are you?"),
            help="",
            section="",
            choices=[],
            minimum=AGE_RANGE[0],
            maximum=AGE_RANGE[1],
            whole=True,
            unit=_("years"),
            value=age,
        )
    section, question = next((s, q) for s, q in questions(document) if q["id"] == question_id)
    given = answers.get(question_id)
    kind = question["type"]
    choices: list[Choice] = []
    if kind in ("single", "multiple"):
        picked = {str(g) for g in given} if isinstance(given, list) else {str(given)}
        choices = []
        for o in question.get("options") or []:
            shown_in = text_language(o.get("label"), language)
            choices.append(
                Choice(
                    str(o["code"]),
                    text(o.get("label"), language),
                    str(o["code"]) in picked,
                    shown_in,
                    direction(shown_in),
                )
            )
    elif kind == "likert":
        points = int(question.get("points") or 5)
        anchors = question.get("anchors") or [{}, {}]
        for point in range(1, points + 1):
            label = str(point)
            if point == 1:
                label += " – " + text(anchors[0], language)
            elif point == points:
                label += " – " + text(anchors[-1], language)
            choices.append(
                Choice(str(point), label, given is not None and str(given) == str(point))
            )
    return Page(
        id=question_id,
        type=kind,
        text=text(question.get("text"), language),
        help=text(question.get("help"), language),
        section=text(section.get("title"), language),
        choices=choices,
        minimum=question.get("minimum"),
        maximum=question.get("maximum"),
        whole=bool(question.get("whole")),
        unit=text(question.get("unit"), language),
        max_length=int(question.get("max_length") or 2000),
        value=_number(given)
        if kind == "number"
        else (str(given) if kind == "text" and given else ""),
        may_identify=kind == "text",
        lang=text_language(question.get("text"), language),
        dir=direction(text_language(question.get("text"), language)),
        help_lang=text_language(question.get("help"), language),
        help_dir=direction(text_language(question.get("help"), language)),
    )


def read(page_: Page, data: Any) -> tuple[Any, str]:
    """The answer on a submitted page (None: skipped) and a message when it is not one."""
    if page_.type == "multiple":
        # in the question's order, each once: the same choices are the same answer
        given = set(data.getlist("answer"))
        values = [c.value for c in page_.choices if c.value in given]
        return (values or None), ""
    raw = str(data.get("answer", "")).strip()
    if not raw:
        return None, ""
    if page_.type in ("single", "likert"):
        if raw not in {c.value for c in page_.choices}:
            return None, _("Choose one of the answers.")
        return (int(raw) if page_.type == "likert" else raw), ""
    if page_.type == "number":
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            number = float("nan")
        low = page_.minimum if page_.minimum is not None else float("-inf")
        high = page_.maximum if page_.maximum is not None else float("inf")
        if not (low <= number <= high) or (page_.whole and number != int(number)):
            kind = _("a whole number") if page_.whole else _("a number")
            return None, _("Fill in %(kind)s from %(low)s to %(high)s, or leave it empty.") % {
                "kind": kind,
                "low": _number(page_.minimum),
                "high": _number(page_.maximum),
            }
        return (int(number) if number == int(number) else number), ""
    return raw[: page_.max_length], ""


def writing(language: str) -> str:
    return direction(language)
