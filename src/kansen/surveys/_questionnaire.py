"""The questionnaire: a JSON document checked against ``schema/questionnaire-v1.schema.json``.

A questionnaire is data (the platform stores the document it validates): sections of questions
of five types, texts per language (Dutch required, first), conditions that show a question only
after an answer, and a version. :func:`read_questionnaire` reads YAML or JSON through the plans'
reader (kansen.io's limits: size, nesting, no YAML aliases) and reports every problem with its
path and, for YAML, its line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

from kansen.io import DEFAULT_LIMITS, ReadLimits
from kansen.plans import PlanFormatError, read_plan_text

QuestionType = Literal["single", "multiple", "likert", "number", "text"]

#: The languages a questionnaire may have, Dutch first (as for offers).
LANGUAGES: tuple[str, ...] = ("nl", "en", "ar", "tr", "pl", "uk")
#: Languages written right to left.
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar"})
#: What a class code may carry about a class (and an answers file may hold beside the answers).
BACKGROUND: tuple[str, ...] = ("school_level", "school", "year_of_study", "neighbourhood", "age")
#: Columns of an answers file that are not questions.
RESERVED: frozenset[str] = frozenset({"wave", "class_code", *BACKGROUND})
#: The largest questionnaire read.
QUESTIONNAIRE_LIMITS = ReadLimits(max_bytes=2 * 1024 * 1024, max_nesting=DEFAULT_LIMITS.max_nesting)


def direction(language: str) -> Literal["ltr", "rtl"]:
    """The writing direction of a language.

    >>> direction("ar"), direction("nl")
    ('rtl', 'ltr')
    """
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class QuestionnaireProblem:
    """One thing wrong with a questionnaire: where (path, line) and what."""

    path: str
    message: str
    line: int | None = None

    @property
    def location(self) -> str:
        """The path (``(questionnaire)`` for the whole), with the line when known."""
        where = self.path or "(questionnaire)"
        return where + (f" (line {self.line})" if self.line is not None else "")


class QuestionnaireRejected(ValueError):
    """A questionnaire that cannot be read; :attr:`problems` lists every reason."""

    def __init__(self, problems: Iterable[QuestionnaireProblem], source: str = "data") -> None:
        self.problems: tuple[QuestionnaireProblem, ...] = tuple(problems)
        self.source = source
        lines = [f"{source} is not a questionnaire ({len(self.problems)} problem(s)):"]
        lines += [f"  {p.location}: {p.message}" for p in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Option:
    """An answer of a single or multiple choice question."""

    code: str
    label: Mapping[str, str]


@dataclass(frozen=True)
class Condition:
    """Show a question only to those who gave one of ``answers`` to ``question``."""

    question: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """A question; ``answers`` are the codes a share is tabulated for.

    Attributes
    ----------
    options : tuple of Option
        Single and multiple choice.
    points : int or None
        A Likert scale's points, answered 1 .. points.
    minimum, maximum : float or None
        A number's range (inclusive).
    """

    id: str
    type: QuestionType
    text: Mapping[str, str]
    section: str
    options: tuple[Option, ...] = ()
    points: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    show_if: Condition | None = None

    @property
    def answers(self) -> tuple[str, ...]:
        """The answer codes (Likert: ``"1"`` .. ``"points"``; none for numbers and text)."""
        if self.type == "likert":
            return tuple(str(i) for i in range(1, (self.points or 0) + 1))
        return tuple(o.code for o in self.options)

    @property
    def may_identify(self) -> bool:
        """Open text may name a pupil or a teacher: it is never tabulated per school."""
        return self.type == "text"

    @property
    def tabulated(self) -> bool:
        """Whether the question gets shares or a mean (not open text)."""
        return self.type != "text"

    @property
    def range(self) -> tuple[float, float] | None:
        """The values a mean is of: a number's range, a Likert scale's 1 .. points."""
        if self.type == "number":
            return (float(cast(float, self.minimum)), float(cast(float, self.maximum)))
        if self.type == "likert":
            return (1.0, float(cast(int, self.points)))
        return None


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire as read from its document (kept in :attr:`document`)."""

    id: str
    version: int
    languages: tuple[str, ...]
    title: Mapping[str, str]
    background: tuple[str, ...]
    questions: tuple[Question, ...]
    document: Mapping[str, Any] = field(repr=False, compare=False)

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError when there is none)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def text(self, texts: Mapping[str, str], language: str) -> str:
        """A text in ``language``, in Dutch when it has no translation."""
        return texts.get(language) or texts["nl"]


@cache
def _schema_text() -> str:
    return (
        resources.files("kansen.surveys")
        .joinpath("schema", "questionnaire-v1.schema.json")
        .read_text("utf-8")
    )


def questionnaire_schema() -> dict[str, Any]:
    """The JSON Schema of a questionnaire (draft 2020-12), as packaged.

    >>> questionnaire_schema()["required"]
    ['id', 'version', 'languages', 'title', 'sections']
    """
    return cast(dict[str, Any], json.loads(_schema_text()))


def _schema_problems(data: Any) -> list[QuestionnaireProblem]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(questionnaire_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (e.json_path, e.validator))
    problems = []
    for error in errors:
        # an ``if``/``then`` branch repeats what its own errors say
        path = str(error.json_path).removeprefix("$").lstrip(".")
        problems.append(QuestionnaireProblem(path, str(error.message)))
    return problems


def _texts(value: Mapping[str, str]) -> dict[str, str]:
    return {language: value[language] for language in LANGUAGES if language in value}


def _meaning_problems(data: Mapping[str, Any]) -> list[QuestionnaireProblem]:
    """What the schema cannot say: unique ids, conditions on earlier answers, ranges."""
    problems: list[QuestionnaireProblem] = []
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    for s, section in enumerate(data["sections"]):
        for i, question in enumerate(section["questions"]):
            path = f"sections[{s}].questions[{i}]"
            qid = question["id"]
            if qid in RESERVED:
                problems.append(
                    QuestionnaireProblem(
                        f"{path}.id",
                        f"the id {qid!r} is a column of the answers file, not a question",
                    )
                )
            if qid in seen:
                problems.append(
                    QuestionnaireProblem(
                        f"{path}.id", f"the id {qid!r} is used twice (also at {seen[qid][0]})"
                    )
                )
            codes = [o["code"] for o in question.get("options", [])]
            for code in sorted({c for c in codes if codes.count(c) > 1}):
                problems.append(
                    QuestionnaireProblem(
                        f"{path}.options", f"the answer code {code!r} is used twice"
                    )
                )
            if question["type"] == "number" and question["minimum"] >= question["maximum"]:
                problems.append(
                    QuestionnaireProblem(
                        f"{path}.maximum",
                        f"the maximum {question['maximum']} is not above the minimum "
                        f"{question['minimum']}",
                    )
                )
            condition = question.get("show_if")
            if condition is not None:
                target = seen.get(condition["question"])
                where = f"{path}.show_if"
                if target is None:
                    problems.append(
                        QuestionnaireProblem(
                            f"{where}.question",
                            f"{condition['question']!r} is not a question before this one",
                        )
                    )
                elif target[1]["type"] not in ("single", "multiple", "likert"):
                    problems.append(
                        QuestionnaireProblem(
                            f"{where}.question",
                            f"{condition['question']!r} is a {target[1]['type']} question; a "
                            "condition needs a choice or a scale",
                        )
                    )
                else:
                    known = _answer_codes(target[1])
                    for answer in condition["answers"]:
                        if answer not in known:
                            problems.append(
                                QuestionnaireProblem(
                                    f"{where}.answers",
                                    f"{answer!r} is not an answer of {condition['question']!r} "
                                    f"(expected one of {', '.join(known)})",
                                )
                            )
            seen.setdefault(qid, (path, question))
    return problems


def _answer_codes(question: Mapping[str, Any]) -> list[str]:
    if question["type"] == "likert":
        return [str(i) for i in range(1, int(question["points"]) + 1)]
    return [str(o["code"]) for o in question.get("options", [])]


def questionnaire_from_data(data: Any, source: str = "data") -> Questionnaire:
    """A questionnaire from plain data (the parsed JSON document).

    Raises
    ------
    QuestionnaireRejected
        With every violation of the schema, or, when the schema holds, every id used twice,
        condition on a later or unknown question or answer, and empty number range.
    """
    problems = _schema_problems(data)
    if not problems:
        problems = _meaning_problems(data)
    if problems:
        raise QuestionnaireRejected(problems, source)
    questions = []
    for section in data["sections"]:
        for q in section["questions"]:
            condition = q.get("show_if")
            questions.append(
                Question(
                    id=q["id"],
                    type=q["type"],
                    text=_texts(q["text"]),
                    section=section["id"],
                    options=tuple(
                        Option(o["code"], _texts(o["label"])) for o in q.get("options", [])
                    ),
                    points=q.get("points"),
                    minimum=float(q["minimum"]) if "minimum" in q else None,
                    maximum=float(q["maximum"]) if "maximum" in q else None,
                    whole=bool(q.get("whole", False)),
                    show_if=(
                        Condition(condition["question"], tuple(condition["answers"]))
                        if condition
                        else None
                    ),
                )
            )
    return Questionnaire(
        id=data["id"],
        version=int(data["version"]),
        languages=tuple(data["languages"]),
        title=_texts(data["title"]),
        background=tuple(data.get("background", BACKGROUND)),
        questions=tuple(questions),
        document=data,
    )


def read_questionnaire(
    text: str, format: Literal["yaml", "json"] = "json", source: str = "data"
) -> Questionnaire:
    """Read a questionnaire from its text (JSON, or YAML with the same structure).

    Raises
    ------
    QuestionnaireRejected
        With every problem, each with its path and (YAML) line: not JSON/YAML, larger or nested
        deeper than :data:`QUESTIONNAIRE_LIMITS`, a YAML alias or key given twice, a violation
        of the schema or of the rules of :func:`questionnaire_from_data`.
    """
    if len(text.encode("utf-8")) > QUESTIONNAIRE_LIMITS.max_bytes:
        limit = QUESTIONNAIRE_LIMITS.max_bytes // (1024 * 1024)
        raise QuestionnaireRejected(
            [QuestionnaireProblem("", f"the file is larger than the {limit} MB accepted")], source
        )
    try:
        document = read_plan_text(text, format, source, QUESTIONNAIRE_LIMITS)
    except PlanFormatError as error:
        raise QuestionnaireRejected(
            [QuestionnaireProblem(p.path, p.message, p.line) for p in error.problems], source
        ) from None
    try:
        return questionnaire_from_data(document.data, source)
    except QuestionnaireRejected as error:
        located = [
            QuestionnaireProblem(p.path, p.message, document.line_of(p.path))
            for p in error.problems
        ]
        raise QuestionnaireRejected(located, source) from None


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read a questionnaire file (``.json``: JSON, else YAML); see :func:`read_questionnaire`."""
    path = Path(path)
    if path.stat().st_size > QUESTIONNAIRE_LIMITS.max_bytes:
        limit = QUESTIONNAIRE_LIMITS.max_bytes // (1024 * 1024)
        raise QuestionnaireRejected(
            [QuestionnaireProblem("", f"the file is larger than the {limit} MB accepted")],
            path.name,
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise QuestionnaireRejected(
            [QuestionnaireProblem("", f"not UTF-8 text (byte {error.start})")], path.name
        ) from None
    return read_questionnaire(text, "json" if path.suffix.lower() == ".json" else "yaml", path.name)


# Versions -------------------------------------------------------------------------------------


def _answer_shape(question: Question) -> tuple[Any, ...]:
    condition = (
        (question.show_if.question, tuple(sorted(question.show_if.answers)))
        if question.show_if
        else None
    )
    return (
        question.type,
        question.answers,
        question.minimum,
        question.maximum,
        question.whole,
        condition,
    )


def compatibility_problems(old: Questionnaire, new: Questionnaire) -> list[str]:
    """Why answers to ``old`` cannot be tabulated together with answers to ``new`` (none: they can).

    Answer-compatible means the same questions (ids) of the same type, with the same answer
    codes in the same order, the same scale points, number range and whole-number rule, and the
    same conditions. Wording, translations, help texts, sections and the order of questions may
    differ.
    """
    reasons = []
    if old.id != new.id:
        reasons.append(f"another questionnaire ({old.id} against {new.id})")
    old_questions = {q.id: q for q in old.questions}
    new_questions = {q.id: q for q in new.questions}
    for qid in old_questions.keys() - new_questions.keys():
        reasons.append(f"question {qid} was removed")
    for qid in new_questions.keys() - old_questions.keys():
        reasons.append(f"question {qid} was added")
    for qid in old_questions.keys() & new_questions.keys():
        if _answer_shape(old_questions[qid]) != _answer_shape(new_questions[qid]):
            reasons.append(f"question {qid} has other answers, range or condition")
    return sorted(reasons)


def answer_compatible(old: Questionnaire, new: Questionnaire) -> bool:
    """Whether answers to ``old`` can be tabulated together with answers to ``new``.

    See :func:`compatibility_problems` for the rule.
    """
    return not compatibility_problems(old, new)


def version_after_change(old: Questionnaire, new: Questionnaire, answers_exist: bool) -> int:
    """The version number ``new`` must carry once saved over ``old``.

    Before any answer exists a questionnaire may change in place (same version); once answers
    exist, every change (even of wording) makes a new version, so that each answer belongs to
    the exact text the pupil saw.
    """
    if not answers_exist or _comparable(old.document) == _comparable(new.document):
        return old.version
    return old.version + 1


def _comparable(document: Mapping[str, Any]) -> str:
    return json.dumps({k: v for k, v in document.items() if k != "version"}, sort_keys=True)
