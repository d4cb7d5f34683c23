"""Reading the youth panel: what a user may see (own municipality; published results
elsewhere), the class a pupil's code opens, and the answers as the library reads them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from django.db.models import QuerySet, Sum
from django.http import Http404

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
from kansen.web.accounts.permissions import Action

from .constants import WaveStatus
from .models import ClassCode, Questionnaire, Response, Wave
from .services import answers_text, read_document


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
    today is within the wave's period."""
    try:  # the code is unique: no ordering to build, as first() would (every pupil page)
        found = ClassCode.objects.select_related(
            "wave__version", "wave__questionnaire__municipality"
        ).get(code=code)
    except ClassCode.DoesNotExist:
        return None
    if found.closed:
        return None
    wave_ = found.wave
    if wave_.status != WaveStatus.OPEN or not (wave_.opens <= today <= wave_.closes):
        return None
    return found


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
