"""Reading the youth panel: what a user may see (own municipality; published results
elsewhere), the class a pupil's code opens, and the answers as the library reads them."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, cast

import pandas as pd
from django.contrib.sessions.models import Session
from django.db import connections, models
from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from kansen.surveys import (
    Answers,
    ClassSizes,
    answer_compatible,
    answers_from_text,
)
from kansen.surveys import (
    Questionnaire as Document,
)
from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality
from kansen.web.accounts.permissions import Action

from .constants import WaveStatus
from .models import ClassCode, Questionnaire, QuestionnaireVersion, Response, Wave
from .services import answers_text, read_document
from .sql import column, quoted


def questionnaires(user: Any) -> QuerySet[Questionnaire]:
    """The questionnaires of the user's own municipality."""
    own = permissions.own_municipality_id(user)
    if getattr(user, "is_superuser", False):
        return Questionnaire.objects.all()
    if own is None:
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(municipality_id=own)


def questionnaire(user: Any, key: str) -> Questionnaire:
    """A questionnaire the user may build (404 for another municipality's)."""
    permissions.require(user, Action.RUN_YOUTH_PANEL)
    try:
        return questionnaires(user).get(uuid=key)
    except (Questionnaire.DoesNotExist, ValueError):
        raise Http404 from None


def wave(user: Any, key: str) -> Wave:
    """A wave the user may run (404 for another municipality's)."""
    permissions.require(user, Action.RUN_YOUTH_PANEL)
    try:
        return Wave.objects.select_related("questionnaire", "version").get(
            uuid=key, questionnaire__in=questionnaires(user)
        )
    except (Wave.DoesNotExist, ValueError):
        raise Http404 from None


def wave_to_read(user: Any, key: str) -> tuple[Wave, bool]:
    """A wave whose results the user may read, and whether the user is of its municipality:
    the own municipality's waves, and published waves of every municipality."""
    try:
        found = Wave.objects.select_related("questionnaire", "version").get(uuid=key)
    except (Wave.DoesNotExist, ValueError):
        raise Http404 from None
    insider = permissions.can(user, Action.RUN_YOUTH_PANEL, found.questionnaire.municipality_id)
    if not insider and not found.published:
        raise Http404
    return found, insider


def open_class(code: str, today: date) -> ClassCode | None:
    """The class a pupil's code opens: the code exists, the class and its wave are open, and
    today is within the wave's period. The class comes with its wave, the wave's version and
    questionnaire, and the questionnaire's municipality (every pupil page names it)."""
    found = _class_with_wave(code)
    if found is None or found.closed:
        return None
    wave_ = found.wave
    if wave_.status != WaveStatus.OPEN or not (wave_.opens <= today <= wave_.closes):
        return None
    return found


#: The models of :func:`_class_with_wave`, in the order of their columns.
_CLASS_MODELS: tuple[type[models.Model], ...] = (
    ClassCode,
    Wave,
    QuestionnaireVersion,
    Questionnaire,
    Municipality,
)
#: (model, its foreign key, the model it points to) for the joins.
_CLASS_JOINS: tuple[tuple[type[models.Model], str, type[models.Model]], ...] = (
    (Wave, "wave", ClassCode),
    (QuestionnaireVersion, "version", Wave),
    (Questionnaire, "questionnaire", Wave),
    (Municipality, "municipality", Questionnaire),
)


@functools.lru_cache(maxsize=4)
def _class_query(alias: str) -> tuple[str, list[tuple[Any, list[Any]]]]:
    """The SQL of :func:`_class_with_wave` and, per model, its fields with their converters.

    Every pupil page (and a whole school sending at once) looks its class up: the ORM built
    this query, with its four joins, anew for every request (about 1 ms of processor time, a
    quarter of a send); the SQL is built once per process, from the models' own fields, and
    the values converted as the ORM converts them (tested to give the same objects).
    """
    connection = connections[alias]
    tables = {model: f"t{number}" for number, model in enumerate(_CLASS_MODELS)}

    def qualified(model: type[models.Model], name: str) -> str:
        return f"{tables[model]}.{quoted(connection, column(model, name))}"

    columns: list[str] = []
    fields: list[tuple[Any, list[Any]]] = []
    for model in _CLASS_MODELS:
        for field in model._meta.concrete_fields:
            columns.append(qualified(model, field.name))
            col = field.get_col(tables[model])
            converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            fields.append((col, converters))
    joins = [f"{quoted(connection, ClassCode._meta.db_table)} {tables[ClassCode]}"]
    for model, key, source in _CLASS_JOINS:
        joins.append(
            f"JOIN {quoted(connection, model._meta.db_table)} {tables[model]}"
            f" ON {qualified(model, 'pk')} = {qualified(source, key)}"
        )
    where = qualified(ClassCode, "code")
    sql = f"SELECT {', '.join(columns)} FROM {' '.join(joins)} WHERE {where} = %s"
    return sql, fields


def _class_with_wave(code: str) -> ClassCode | None:
    """The class code ``code`` with its wave, version, questionnaire and municipality loaded
    (one query), or None."""
    connection = connections[ClassCode.objects.db]
    sql, fields = _class_query(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [code])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, (col, converters) in enumerate(fields):
        for convert in converters:
            values[index] = convert(values[index], col, connection)
    loaded: list[Any] = []
    start = 0
    for model in _CLASS_MODELS:
        names = [f.attname for f in model._meta.concrete_fields]
        loaded.append(model.from_db(connection.alias, names, values[start : start + len(names)]))
        start += len(names)
    found, wave_, version, questionnaire_, municipality = loaded
    questionnaire_.municipality = municipality
    wave_.version = version
    wave_.questionnaire = questionnaire_
    found.wave = wave_
    return cast(ClassCode, found)


def document(wave_: Wave) -> Document:
    return read_document(wave_.version.document)


def comparable_waves(wave_: Wave) -> list[Wave]:
    """The waves of the questionnaire up to this one whose answers can be tabulated together
    with this one's (the same questions and answer codes)."""
    mine = document(wave_)
    result = []
    for other in wave_.questionnaire.waves.select_related("version").filter(label__lte=wave_.label):
        if other.pk == wave_.pk or answer_compatible(document(other), mine):
            result.append(other)
    return sorted(result, key=lambda w: w.label)


def answers(waves: list[Wave], as_of: Wave) -> Answers | None:
    """The answers of ``waves`` read by the library with ``as_of``'s questionnaire (None when
    there are none)."""
    doc = document(as_of)
    rows = (
        Response.objects.filter(wave__in=waves)
        .select_related("wave", "class_code")
        .order_by("wave__label", "class_code__code", "fingerprint")
    )
    lines = [
        (
            r.wave.label,
            r.class_code.code,
            {
                "school_level": r.class_code.school_level,
                "school": r.class_code.school,
                "year_of_study": r.class_code.year_of_study,
                "neighbourhood": r.class_code.neighbourhood,
                "age": r.age,
            },
            r.answers,
            r.count,
        )
        for r in rows
    ]
    if not lines:
        return None
    return answers_from_text(answers_text(doc, lines), doc, file="platform")


def class_sizes(waves: list[Wave]) -> ClassSizes:
    rows = ClassCode.objects.filter(wave__in=waves, pupils__isnull=False).select_related("wave")
    return ClassSizes(
        pd.DataFrame(
            [{"wave": c.wave.label, "class_code": c.code, "pupils": c.pupils} for c in rows],
            columns=["wave", "class_code", "pupils"],
        )
    )


def responses_of(wave_: Wave) -> int:
    return int(Response.objects.filter(wave=wave_).aggregate(total=Sum("count"))["total"] or 0)


def session_data(key: str) -> str | None:
    """The stored data of the session ``key`` (encoded), while it has not expired: a pupil's
    send reads its unfinished form with one statement of its own (the session store's ORM query
    cost as much as the statements that store the answers; ADR 0026)."""
    connection = connections[Session.objects.db]
    sql = (
        f"SELECT {quoted(connection, column(Session, 'session_data'))}"
        f" FROM {quoted(connection, Session._meta.db_table)}"
        f" WHERE {quoted(connection, column(Session, 'pk'))} = %s"
        f" AND {quoted(connection, column(Session, 'expire_date'))} > %s"
    )
    expires = Session._meta.get_field("expire_date")
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, expires.get_db_prep_value(timezone.now(), connection)])
        row = cursor.fetchone()
    return None if row is None else str(row[0])
