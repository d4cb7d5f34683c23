"""The youth panel in Demostad: the library's demo questionnaire with two waves (2025, closed
and its results published; 2026, open in the school year 2026-2027, results not yet
published) in classes of three schools, answered by about 600 synthetic pupils
(:func:`kansen.surveys.synthetic_panel`, with a planted difference between school levels and a
change between the waves), stored as the pupils' form stores them.

Loading is idempotent: a municipality that has the questionnaire gets nothing more.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pandas as pd
from django.db import transaction

from kansen.surveys import demo_questionnaire_document, synthetic_panel
from kansen.web.accounts.models import Municipality

from . import services
from .constants import WaveStatus
from .models import ClassCode, Questionnaire, Response, Wave

IDENTIFIER = "jeugdpanel"
#: The waves: label, first and last day, status, results published.
WAVES = (
    ("2025", date(2025, 9, 1), date(2025, 12, 19), WaveStatus.CLOSED, True),
    ("2026", date(2026, 9, 1), date(2027, 7, 16), WaveStatus.OPEN, False),
)
CLASS_COLUMNS = ("school_level", "school", "year_of_study", "neighbourhood")


def _answers(row: Any, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """One synthetic pupil's answers as the form stores them."""
    found: dict[str, Any] = {}
    for question in questions:
        value = row[question["id"]]
        kind = question["type"]
        if kind == "multiple":
            if int(value) >= 0:
                codes = [str(o["code"]) for o in question["options"]]
                found[question["id"]] = [c for i, c in enumerate(codes) if int(value) >> i & 1]
        elif kind in ("likert", "number"):
            if not pd.isna(value):
                number = float(value)
                found[question["id"]] = int(number) if number == int(number) else number
        elif kind == "single":
            if not pd.isna(value):
                found[question["id"]] = str(value)
        elif isinstance(value, str) and value.strip():
            found[question["id"]] = value.strip()
    return dict(sorted(found.items()))


@transaction.atomic
def load_demo_youthpanel(municipality: Municipality) -> Questionnaire | None:
    """Demostad's youth panel (None when it is there already)."""
    if Questionnaire.objects.filter(municipality=municipality, identifier=IDENTIFIER).exists():
        return None
    first = WAVES[0][1]
    questionnaire = services.create_questionnaire(
        municipality, IDENTIFIER, "Jeugdpanel Demostad", first
    )
    document = demo_questionnaire_document()
    services.save_draft(questionnaire, document)
    services.save_version(questionnaire, first)
    answers, classes = synthetic_panel()
    frame = answers.frame
    sizes = classes.frame
    pupils = {
        (str(w), str(c)): int(p)
        for w, c, p in zip(sizes["wave"], sizes["class_code"], sizes["pupils"], strict=True)
    }
    questions = [q for s in document["sections"] for q in s["questions"]]
    for label, opens, closes, status, published in WAVES:
        wave = services.open_wave(questionnaire, label, opens, closes)
        mine = frame[frame["wave"] == label]
        made: dict[str, ClassCode] = {}
        for code, rows in mine.groupby("class_code", sort=True):
            first_row = rows.iloc[0]
            made[str(code)] = ClassCode.objects.create(
                wave=wave,
                code=f"DEMO{code}",
                name=f"{first_row['year_of_study']}{chr(65 + int(str(code)[-1]) - 1)}",
                pupils=pupils.get((label, str(code))),
                responses=len(rows),
                **{c: str(first_row[c]) for c in CLASS_COLUMNS},
            )
        counts: Counter[tuple[str, str, str]] = Counter()
        stored: dict[tuple[str, str, str], dict[str, Any]] = {}
        for _index, row in mine.iterrows():
            given = _answers(row, questions)
            key = (str(row["class_code"]), str(row["age"]), repr(given))
            counts[key] += 1
            stored[key] = given
        Response.objects.bulk_create(
            [
                Response(
                    wave=wave,
                    class_code=made[code],
                    age=age,
                    answers=stored[(code, age, text)],
                    fingerprint=services.fingerprint(made[code], age, stored[(code, age, text)]),
                    count=count,
                )
                for (code, age, text), count in sorted(counts.items())
            ]
        )
        Wave.objects.filter(pk=wave.pk).update(status=status, published=published)
    return questionnaire


def demo_summary(municipality: Municipality) -> str | None:
    """What ``kansen setup-demo`` says of the youth panel: its waves, and a class code of the
    open wave to try the pupil's form with (None without the demo's questionnaire)."""
    questionnaire = Questionnaire.objects.filter(
        municipality=municipality, identifier=IDENTIFIER
    ).first()
    if questionnaire is None:
        return None
    waves = []
    pupils = 0
    code = ""
    for wave in questionnaire.waves.order_by("label"):
        counted = sum(wave.responses.values_list("count", flat=True))
        pupils += counted
        if wave.status == WaveStatus.OPEN:
            state = f"open until {wave.closes:%d-%m-%Y}"
            first = wave.classes.order_by("code").first()
            code = code or (first.code if first else "")
        else:
            state = "closed"
        if wave.published:
            state += ", results published"
        waves.append(f"{wave.label} ({counted} pupils, {state})")
    line = f"Youth panel: {pupils} pupils in waves " + "; ".join(waves) + "."
    if code:
        line += f" A pupil's form: /jeugdpanel/k/{code}/"
    return line
