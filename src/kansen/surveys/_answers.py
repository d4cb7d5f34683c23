"""The answers file: one row per response, nothing that tells pupils or moments apart.

Format (``docs/surveys.md``): CSV in UTF-8 (a BOM is fine), ``;`` or ``,`` between cells, a
header row, then one row per response in any order.

* ``wave`` (required): the wave's label, such as ``2025`` or ``2025-najaar``; a date with a
  day or a time of day is refused (no timestamp finer than the wave).
* ``class_code`` (optional): the class the answer came through, for the response rate.
* the background columns the questionnaire declares (``school_level``, ``school``,
  ``year_of_study``, ``neighbourhood``, ``age``): what the class code carries.
* one column per question, by id; an empty cell is a skipped question. Single choice: the
  answer's code; multiple choice: the codes separated by ``|``; Likert: a whole number from 1
  to the number of points; number: within the question's range, decimal point or comma; text:
  anything.

Every other column is refused: a response id, a start or submit time or an IP address would
link answers to a pupil, a device or the order of arrival.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kansen.io import DEFAULT_LIMITS

from ._questionnaire import Question, Questionnaire

#: A wave label that holds a day or a time of day.
_FINER_THAN_WAVE = re.compile(
    r"\d{1,2}:\d{2}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
)
#: Column names that give away what the format refuses, with why.
_IDENTIFYING = re.compile(
    r"time|date|datum|tijd|stamp|submit|start|created|^ip$|^ip_|_ip$|address|adres|^id$|_id$"
    r"|token|device|cookie|session|seq|volgnummer|^nr$|order|naam|name|email"
)
#: The most problems kept; beyond these only a count.
PROBLEMS_KEPT = 200


@dataclass(frozen=True)
class AnswerProblem:
    """One thing wrong with an answers file: file, row (as a spreadsheet shows it), column."""

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str = ""

    @property
    def location(self) -> str:
        """``file, row 3, column q_safe``."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


class AnswersRejected(ValueError):
    """An answers file that cannot be read; nothing of it is used (all or nothing)."""

    def __init__(self, problems: list[AnswerProblem], total: int | None = None) -> None:
        self.problems = tuple(problems)
        self.total = len(problems) if total is None else total
        lines = [f"{self.total} problem(s) in the answers:"]
        lines += [
            f"  {p.location}: {p.message}" + (f" (expected {p.expected})" if p.expected else "")
            for p in self.problems[:20]
        ]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Answers:
    """Responses to one questionnaire, one row per response.

    Attributes
    ----------
    frame : pandas.DataFrame
        ``wave`` and the background columns as text (missing: ""), ``class_code`` when given,
        then per question: single choice a categorical of its codes; Likert and numbers a float
        (NaN: skipped); multiple choice a bit mask (int64: bit ``i`` for option ``i``, -1:
        skipped); text as text ("" skipped).
    questionnaire : Questionnaire
        The questionnaire answered.
    """

    frame: pd.DataFrame
    questionnaire: Questionnaire


class _Log:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[AnswerProblem] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, message: str, expected: str = "") -> None:
        self.total += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(AnswerProblem(self.file, row, column, message, expected))


def _expected(question: Question) -> str:
    if question.type == "single":
        return "one of " + ", ".join(question.answers)
    if question.type == "multiple":
        return "codes of " + ", ".join(question.answers) + " separated by |"
    if question.type == "likert":
        return f"a whole number from 1 to {question.points}"
    if question.type == "number":
        whole = "a whole number" if question.whole else "a number"
        return f"{whole} from {question.minimum:g} to {question.maximum:g}"
    return "text"


def answers_from_text(text: str, questionnaire: Questionnaire, file: str = "answers") -> Answers:
    """Read an answers file's text (see the module documentation for the format).

    Raises
    ------
    AnswersRejected
        With every problem (file, row, column, what was expected): an unknown or identifying
        column, a wave with a day or time, an answer that is not one of the question's, a number
        out of range, an answer to a question its condition hides.
    """
    log = _Log(file)
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise AnswersRejected(
            [AnswerProblem(file, None, None, "the file is empty", "a header row")]
        )
    header = [cell.strip() for cell in rows[0]]
    questions = {q.id: q for q in questionnaire.questions}
    allowed = {"wave", "class_code", *questionnaire.background}
    for name in header:
        if name in questions or name in allowed:
            continue
        if _IDENTIFYING.search(name.lower()):
            log.add(
                1,
                name,
                "this column could link answers to a pupil, a device or the moment of answering",
                "no ids, times or addresses: only wave, class_code, background and questions",
            )
        else:
            log.add(
                1,
                name,
                "unknown column",
                "wave, class_code, "
                + ", ".join(sorted(allowed - {"wave", "class_code"}))
                + " or a question id",
            )
    for name in sorted({n for n in header if header.count(n) > 1}):
        log.add(1, name, "the column is given twice")
    if "wave" not in header:
        log.add(1, "wave", "no wave column", "a column wave with the wave's label")
    if log.total:
        raise AnswersRejected(log.problems, log.total)
    body = rows[1:]
    columns: dict[str, list[str]] = {name: [] for name in header}
    for r, row in enumerate(body, start=2):
        if len(row) != len(header):
            log.add(r, None, f"the row has {len(row)} cells but the header has {len(header)}")
            continue
        for name, cell in zip(header, row, strict=True):
            columns[name].append(cell.strip())
    if log.total:
        raise AnswersRejected(log.problems, log.total)
    frame = pd.DataFrame({"wave": columns["wave"]})
    for r, wave in enumerate(columns["wave"], start=2):
        if not wave:
            log.add(r, "wave", "the wave is empty", "the wave's label, such as 2025")
        elif _FINER_THAN_WAVE.search(wave):
            log.add(
                r,
                "wave",
                f"{wave!r} holds a day or a time",
                "the wave's label, such as 2025 or 2025-najaar",
            )
    for name in ("class_code", *questionnaire.background):
        if name in columns:
            frame[name] = columns[name]
        elif name != "class_code":
            frame[name] = ""
    for question in questionnaire.questions:
        cells = columns.get(question.id, [""] * len(body))
        frame[question.id] = _parse(question, cells, log)
    _check_conditions(frame, questionnaire, log, present=set(header))
    if log.total:
        raise AnswersRejected(log.problems, log.total)
    return Answers(frame, questionnaire)


def _read_cell(question: Question, cell: str) -> tuple[Any, list[str]]:
    """One cell's answer (None: skipped) and what is wrong with it: the rules of one cell,
    for a file (:func:`answers_from_text`) and for one pupil's form (:func:`check_response`)."""
    if question.type == "text":
        return cell, []
    if not cell:
        return None, []
    if question.type == "single":
        if cell not in question.answers:
            return None, [f"{cell!r} is not an answer of this question"]
        return cell, []
    if question.type == "multiple":
        value = 0
        problems = []
        for code in cell.split("|"):
            code = code.strip()
            if code not in question.answers:
                problems.append(f"{code!r} is not an answer of this question")
            else:
                value |= 1 << question.answers.index(code)
        return value, problems
    try:
        number = float(cell.replace(",", "."))
    except ValueError:
        return None, [f"{cell!r} is not a number"]
    low, high = question.range or (0.0, 0.0)
    whole = question.type == "likert" or question.whole
    if not (low <= number <= high) or (whole and number != int(number)):
        return None, [f"{cell} is outside what this question accepts"]
    return number, []


def _parse(question: Question, cells: list[str], log: _Log) -> Any:
    expected = _expected(question)
    read = [_read_cell(question, cell) for cell in cells]
    for r, (_value, problems) in enumerate(read, start=2):
        for message in problems:
            log.add(r, question.id, message, expected)
    if question.type == "text":
        return pd.Series(cells, dtype=object)
    if question.type == "single":
        return pd.Categorical([v for v, _p in read], categories=list(question.answers))
    if question.type == "multiple":
        return np.array([-1 if v is None else v for v, _p in read], dtype=np.int64)
    return np.array([np.nan if v is None else v for v, _p in read], dtype=float)


def _chose_one(question: Question, value: Any, answers: tuple[str, ...]) -> bool:
    """:func:`chose` for one response's read value."""
    if value is None:
        return False
    if question.type == "multiple":
        return any(value >> question.answers.index(a) & 1 for a in answers)
    if question.type == "single":
        return bool(value in answers)
    return float(value) in {float(a) for a in answers}


def check_response(
    questionnaire: Questionnaire, cells: Mapping[str, str], file: str = "form"
) -> None:
    """Check one response by the rules of the answers file, without reading a table: what a
    pupil's form sends, cheaply enough to do for every pupil at once.

    ``cells`` holds a question's answer as its cell in the file (see the module documentation;
    a skipped question is absent or ""). The same cells as a one-row file are accepted by
    :func:`answers_from_text` exactly when this accepts them.

    Raises
    ------
    AnswersRejected
        With every problem, the question as its column: an unknown question, an answer the
        question does not have, a number out of range, an answer its condition hides.

    Examples
    --------
    >>> from kansen.surveys import demo_questionnaire
    >>> check_response(demo_questionnaire(), {"veilig": "4"})
    >>> try:
    ...     check_response(demo_questionnaire(), {"veilig": "9"})
    ... except AnswersRejected as error:
    ...     print(error.problems[0].location, "|", error.problems[0].message)
    form, column veilig | 9 is outside what this question accepts
    """
    log = _Log(file)
    questions = {q.id: q for q in questionnaire.questions}
    for name in sorted(set(cells) - set(questions)):
        log.add(None, name, "unknown question", "a question id of the questionnaire")
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        value, problems = _read_cell(question, str(cells.get(question.id, "") or "").strip())
        for message in problems:
            log.add(None, question.id, message, _expected(question))
        values[question.id] = None if question.type == "text" and not value else value
    for question in questionnaire.questions:
        condition = question.show_if
        if condition is None or values[question.id] is None:
            continue
        target = questionnaire.question(condition.question)
        if not _chose_one(target, values[condition.question], condition.answers):
            log.add(
                None,
                question.id,
                f"answered although the question is shown only after {condition.question} = "
                + " or ".join(condition.answers),
                "an empty cell",
            )
    if log.total:
        raise AnswersRejected(log.problems, log.total)


def given(frame: pd.DataFrame, question: Question) -> np.ndarray:
    """Which responses answered the question (did not skip it)."""
    column = frame[question.id]
    if question.type == "single":
        return np.asarray(column.cat.codes.to_numpy() >= 0)
    if question.type == "multiple":
        return np.asarray(column.to_numpy() >= 0)
    if question.type == "text":
        return np.asarray(column.to_numpy() != "")
    return np.asarray(~np.isnan(column.to_numpy(dtype=float)))


def chose(frame: pd.DataFrame, question: Question, answers: tuple[str, ...]) -> np.ndarray:
    """Which responses gave one of ``answers`` to a choice or scale question."""
    column = frame[question.id]
    if question.type == "single":
        wanted = [question.answers.index(a) for a in answers]
        return np.asarray(np.isin(column.cat.codes.to_numpy(), wanted))
    if question.type == "multiple":
        bits = sum(1 << question.answers.index(a) for a in answers)
        mask = column.to_numpy()
        return np.asarray((mask >= 0) & ((mask & bits) != 0))
    values = column.to_numpy(dtype=float)
    return np.asarray(np.isin(values, [float(a) for a in answers]))


def _check_conditions(
    frame: pd.DataFrame, questionnaire: Questionnaire, log: _Log, present: set[str]
) -> None:
    for question in questionnaire.questions:
        if question.show_if is None or question.id not in present:
            continue
        condition = question.show_if
        shown = chose(frame, questionnaire.question(condition.question), condition.answers)
        wrong = np.flatnonzero(given(frame, question) & ~shown)
        for index in wrong[:PROBLEMS_KEPT]:
            log.add(
                int(index) + 2,
                question.id,
                f"answered although the question is shown only after {condition.question} = "
                + " or ".join(condition.answers),
                "an empty cell",
            )


def read_answers(path: str | Path, questionnaire: Questionnaire) -> Answers:
    """Read an answers file (see :func:`answers_from_text`); refuses files beyond kansen.io's size
    limit and text that is not UTF-8."""
    path = Path(path)
    if path.stat().st_size > DEFAULT_LIMITS.max_bytes:
        limit = DEFAULT_LIMITS.max_bytes // (1024 * 1024)
        raise AnswersRejected(
            [AnswerProblem(path.name, None, None, f"the file is larger than {limit} MB")]
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AnswersRejected(
            [
                AnswerProblem(
                    path.name,
                    None,
                    None,
                    f"not UTF-8 text (byte {error.start})",
                    "a CSV file saved as CSV UTF-8",
                )
            ]
        ) from None
    return answers_from_text(text, questionnaire, path.name)


def answers_to_text(answers: Answers) -> str:
    """The answers as a file of the documented format, rows in a canonical order (sorted by every
    column) so that the position of a row says nothing about when it arrived."""
    questionnaire = answers.questionnaire
    frame = answers.frame
    out = pd.DataFrame(index=frame.index)
    for name in ("wave", "class_code", *questionnaire.background):
        if name in frame:
            out[name] = frame[name].astype(str)
    for question in questionnaire.questions:
        column = frame[question.id]
        if question.type == "single":
            out[question.id] = column.astype(object).where(column.notna(), "").astype(str)
        elif question.type == "multiple":
            mask = column.to_numpy()
            out[question.id] = [
                "" if m < 0 else "|".join(a for i, a in enumerate(question.answers) if m >> i & 1)
                for m in mask
            ]
        elif question.type == "text":
            out[question.id] = column.astype(str)
        else:
            values = column.to_numpy(dtype=float)
            out[question.id] = ["" if np.isnan(v) else f"{v:g}" for v in values]
    out = out.sort_values(list(out.columns), kind="mergesort").reset_index(drop=True)
    buffer = io.StringIO()
    out.to_csv(buffer, sep=";", index=False, lineterminator="\n")
    return buffer.getvalue()
