"""Every write of the youth panel: questionnaires and their versions, waves, class codes, and
the pupils' answers. Each function runs in one transaction."""

from __future__ import annotations

import copy
import csv
import functools
import hashlib
import io
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.utils.translation import gettext as _

from kansen.surveys import (
    Questionnaire as Document,
)
from kansen.surveys import (
    check_response,
    questionnaire_from_data,
    version_after_change,
)

from .constants import CODE_ALPHABET, CODE_LENGTH, WaveStatus
from .models import (
    ClassCode,
    IndicatorLink,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Wave,
)
from .sql import column, quoted

#: Class-level background a class code carries (``age`` is asked of the pupil).
CLASS_BACKGROUND = ("school_level", "school", "year_of_study", "neighbourhood")
#: A wave label: no day, no time of day.
_WAVE_LABEL = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$")
_FINER_THAN_WAVE = re.compile(
    r"\d{1,2}:\d{2}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
)


def empty_document(identifier: str, title_nl: str) -> dict[str, Any]:
    """The draft a new questionnaire starts with: Dutch only, no sections yet."""
    return {
        "id": identifier,
        "version": 1,
        "languages": ["nl"],
        "title": {"nl": title_nl},
        "background": list(CLASS_BACKGROUND),
        "sections": [],
    }


@transaction.atomic
def create_questionnaire(
    municipality: Any, identifier: str, title_nl: str, on: date
) -> Questionnaire:
    """A new questionnaire with an empty draft; the identifier is unique in the municipality."""
    if Questionnaire.objects.filter(municipality=municipality, identifier=identifier).exists():
        raise ValidationError(
            {"identifier": _("The municipality already has a questionnaire with this identifier.")}
        )
    return Questionnaire.objects.create(
        municipality=municipality,
        identifier=identifier,
        draft=empty_document(identifier, title_nl),
        created_on=on,
    )


@transaction.atomic
def save_draft(questionnaire: Questionnaire, draft: Mapping[str, Any]) -> Questionnaire:
    """Store the builder's draft as it is (it is checked when saved as a version)."""
    document = copy.deepcopy(dict(draft))
    document["id"] = questionnaire.identifier
    questionnaire.draft = document
    questionnaire.save(update_fields=["draft"])
    return questionnaire


def latest_version(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.versions.order_by("-number").first()


def has_answers(version: QuestionnaireVersion) -> bool:
    return Response.objects.filter(wave__version=version).exists()


@transaction.atomic
def save_version(questionnaire: Questionnaire, on: date) -> QuestionnaireVersion:
    """Save the draft as a version: in place while the latest version has no answers, a new
    version once it has (every change, wording too).

    Raises
    ------
    kansen.surveys.QuestionnaireRejected
        The draft is not a questionnaire (every problem with its path).
    """
    latest = latest_version(questionnaire)
    document = copy.deepcopy(questionnaire.draft)
    document["id"] = questionnaire.identifier
    document["version"] = latest.number if latest is not None else 1
    new = questionnaire_from_data(document, source=questionnaire.identifier)
    if latest is None:
        return QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=1, document=document, saved_on=on
        )
    old = questionnaire_from_data(latest.document, source=questionnaire.identifier)
    number = version_after_change(old, new, answers_exist=has_answers(latest))
    document["version"] = number
    if number == latest.number:
        latest.document = document
        latest.saved_on = on
        latest.save(update_fields=["document", "saved_on"])
        return latest
    return QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=number, document=document, saved_on=on
    )


def check_wave_label(label: str) -> str:
    """The label as given, or a ValidationError that says what is expected."""
    label = label.strip()
    if _FINER_THAN_WAVE.search(label) or not _WAVE_LABEL.match(label):
        raise ValidationError(
            {
                "label": _(
                    "Expected a year or a period such as 2026 or 2026-najaar (letters, digits, "
                    "- and _; no day or time)."
                )
            }
        )
    return label


@transaction.atomic
def open_wave(
    questionnaire: Questionnaire,
    label: str,
    opens: date,
    closes: date,
    min_response_rate: Decimal = Decimal("0.60"),
    min_n: int = 10,
) -> Wave:
    """A wave of the questionnaire's latest version."""
    version = latest_version(questionnaire)
    if version is None:
        raise ValidationError(_("Save the questionnaire as a version before opening a wave."))
    label = check_wave_label(label)
    if closes < opens:
        raise ValidationError({"closes": _("The wave closes before it opens.")})
    if min_n < 10:
        raise ValidationError({"min_n": _("At least 10.")})
    if questionnaire.waves.filter(label=label).exists():
        raise ValidationError({"label": _("The questionnaire already has a wave with this label.")})
    return Wave.objects.create(
        questionnaire=questionnaire,
        version=version,
        label=label,
        opens=opens,
        closes=closes,
        min_response_rate=min_response_rate,
        min_n=min_n,
    )


@transaction.atomic
def set_wave(wave: Wave, *, status: str | None = None, published: bool | None = None) -> Wave:
    """Open or close a wave, publish its results or take them back. The indicators of goals
    linked to the questionnaire are read again when that changes what is published."""
    if status is not None:
        wave.status = WaveStatus(status)
    changed = published is not None and published != wave.published
    if published is not None:
        wave.published = published
    wave.save(update_fields=["status", "published"])
    if changed:
        from . import indicators  # reads results, which read this module

        for link in IndicatorLink.objects.filter(
            questionnaire_id=wave.questionnaire_id
        ).select_related("indicator"):
            indicators.read(link.indicator)
    return wave


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


@transaction.atomic
def add_class(wave: Wave, data: Mapping[str, Any]) -> ClassCode:
    """A class of the wave with a new code (carrying only the questionnaire's background)."""
    background = set(wave.version.document.get("background", []))
    values = {
        name: str(data.get(name) or "").strip() if name in background else ""
        for name in CLASS_BACKGROUND
    }
    for _attempt in range(20):
        code = new_code()
        if not ClassCode.objects.filter(code=code).exists():
            break
    return ClassCode.objects.create(
        wave=wave,
        code=code,
        name=str(data.get("name") or "").strip(),
        pupils=data.get("pupils"),
        **values,
    )


@transaction.atomic
def set_class(
    class_code: ClassCode, *, pupils: int | None = None, closed: bool | None = None
) -> None:
    if pupils is not None:
        class_code.pupils = pupils
    if closed is not None:
        class_code.closed = closed
    class_code.save(update_fields=["pupils", "closed"])


# --- Answers ------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def answers_text(
    document: Document, rows: Iterable[tuple[str, str, Mapping[str, str], Mapping[str, Any], int]]
) -> str:
    """Rows (wave, class code, background, answers, count) in the library's answers format,
    one line per pupil, in the order given (callers sort them)."""
    background = list(document.background)
    questions = [q.id for q in document.questions]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["wave", "class_code", *background, *questions])
    for wave, code, values, answers, count in rows:
        line = [wave, code, *(values.get(b, "") for b in background)]
        line += [_cell(answers.get(q)) for q in questions]
        for _copy in range(count):
            writer.writerow(line)
    return buffer.getvalue()


@functools.lru_cache(maxsize=64)
def _read(text: str) -> Document:
    return questionnaire_from_data(json.loads(text))


def read_document(document: Mapping[str, Any]) -> Document:
    """A stored (valid) questionnaire document read by the library, once per content: checking
    it against the schema takes longer than checking a pupil's answers."""
    return _read(json.dumps(document, sort_keys=True, ensure_ascii=False))


def check_answers(class_code: ClassCode, age: str, answers: Mapping[str, Any]) -> None:
    """The answers checked by the library's rules of the answers file, one response without a
    table (a conditional answer the condition hides, a code the question does not have, a
    number out of range: refused). Cheap: every pupil of a school may send at once."""
    _check(read_document(class_code.wave.version.document), answers)


def _check(document: Document, answers: Mapping[str, Any]) -> None:
    check_response(document, {question: _cell(value) for question, value in answers.items()})


def fingerprint(class_code: ClassCode, age: str, answers: Mapping[str, Any]) -> str:
    content = json.dumps(
        {"class": class_code.pk, "age": age, "answers": answers},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode()).hexdigest()


def _prepared(
    class_code: ClassCode, age: str, answers: Mapping[str, Any]
) -> tuple[str, dict[str, Any], str]:
    """A pupil's age, answers and their fingerprint as stored: skipped questions left out, the
    choices of a multiple choice in the question's order (the same choices are the same
    answer), checked by the library (raises AnswersRejected)."""
    clean = {k: v for k, v in sorted(answers.items()) if v not in (None, "", [])}
    age = age.strip()
    document = read_document(class_code.wave.version.document)
    _check(document, clean)
    for question in document.questions:
        if question.type == "multiple" and isinstance(clean.get(question.id), list):
            chosen = {str(c) for c in clean[question.id]}
            clean[question.id] = [c for c in question.answers if c in chosen]
    return age, clean, fingerprint(class_code, age, clean)


def _store(class_code: ClassCode, age: str, answers: dict[str, Any], key: str) -> None:
    """Two statements inside the caller's transaction: the answers as a new row with a random
    key, or counted on the wave's row that holds the same answers (the unique fingerprint: an
    upsert, no savepoint, no UPDATE that finds nothing first); and the class's count.

    SQL of its own (SQLite and PostgreSQL alike): the ORM built these two statements anew for
    every send, a whole school may send at once (ADR 0026), and the write lock is held from
    the first write to the commit. A random key that is taken (one in 2**62 per row) raises
    IntegrityError: the caller tries again with another.
    """
    connection = connections[Response.objects.db]
    answers_field = cast("models.Field[Any, Any]", Response._meta.get_field("answers"))
    values = [
        Response._meta.get_field("id").default(),
        class_code.wave_id,
        class_code.pk,
        age,
        answers_field.get_db_prep_save(answers, connection),
        key,
        1,
    ]
    table = quoted(connection, Response._meta.db_table)
    count = quoted(connection, column(Response, "count"))
    unique = ", ".join(quoted(connection, column(Response, n)) for n in ("wave", "fingerprint"))
    classes = quoted(connection, ClassCode._meta.db_table)
    responses = quoted(connection, column(ClassCode, "responses"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table}"
            f" ({', '.join(quoted(connection, column(Response, n)) for n in _RESPONSE_COLUMNS)})"
            f" VALUES ({', '.join(['%s'] * len(values))})"
            f" ON CONFLICT ({unique}) DO UPDATE SET {count} = {table}.{count} + 1",
            values,
        )
        cursor.execute(
            f"UPDATE {classes} SET {responses} = {responses} + 1"
            f" WHERE {quoted(connection, column(ClassCode, 'pk'))} = %s",
            [class_code.pk],
        )


#: The columns of a new row of answers, in the order of :func:`_store`'s values.
_RESPONSE_COLUMNS = ("id", "wave", "class_code", "age", "answers", "fingerprint", "count")


def submit(class_code: ClassCode, age: str, answers: Mapping[str, Any]) -> None:
    """Store a pupil's answers: added to the row of identical answers of the class, or a new
    row with a random key. Nothing about the pupil, the device or the moment is stored.

    Raises
    ------
    kansen.surveys.AnswersRejected
        Answers the questionnaire does not accept.
    """
    age, clean, key = _prepared(class_code, age, answers)
    for attempt in range(3):
        try:
            with transaction.atomic():
                _store(class_code, age, clean, key)
            return
        except IntegrityError:  # the random key was taken: another
            if attempt == 2:
                raise


def send(class_code: ClassCode, age: str, answers: Mapping[str, Any], form: str) -> bool:
    """A pupil's send: the unfinished form (the session row with key ``form``) taken out of
    the database and the answers stored, in one transaction. The form goes first, and the
    answers are stored only when that removed it: two requests of a double tap both read the
    form, but only one stores it (False for the other). Checked before the transaction, so a
    refused form stays (and the write lock is not held while the answers are checked).

    Raises
    ------
    kansen.surveys.AnswersRejected
        Answers the questionnaire does not accept.
    """
    age, clean, key = _prepared(class_code, age, answers)
    connection = connections[Session.objects.db]
    take = (
        f"DELETE FROM {quoted(connection, Session._meta.db_table)}"
        f" WHERE {quoted(connection, column(Session, 'pk'))} = %s"
    )
    for attempt in range(3):
        try:
            with transaction.atomic(using=connection.alias):
                with connection.cursor() as cursor:
                    cursor.execute(take, [form])
                    if cursor.rowcount != 1:
                        return False
                _store(class_code, age, clean, key)
            return True
        except IntegrityError:  # the random key was taken: another
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
