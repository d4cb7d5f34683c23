"""Synthetic youth panel answers for tests and the demo (Demostad; no real pupil).

Two waves (``2025`` and ``2026``), three schools, twelve classes per wave of 22 to 28 pupils
of whom most answer: about 600 responses. Planted: pupils in vmbo feel less safe in their
neighbourhood and get help with homework less often than pupils in havo/vwo, and everybody
feels safer in the second wave.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._answers import Answers
from ._questionnaire import Questionnaire, questionnaire_from_data
from ._tabulate import ClassSizes


def _t(nl: str, en: str, ar: str | None = None) -> dict[str, str]:
    text = {"nl": nl, "en": en}
    if ar is not None:
        text["ar"] = ar
    return text


def demo_questionnaire_document() -> dict[str, Any]:
    """The document of Demostad's youth panel questionnaire (nl, en, ar)."""
    yes_no = [
        {"code": "ja", "label": _t("Ja", "Yes", "نعم")},
        {"code": "soms", "label": _t("Soms", "Sometimes", "أحيانا")},
        {"code": "nee", "label": _t("Nee", "No", "لا")},
    ]
    return {
        "id": "jeugdpanel",
        "version": 1,
        "languages": ["nl", "en", "ar"],
        "title": _t("Jeugdpanel Demostad", "Demostad youth panel", "لجنة الشباب ديموستاد"),
        "background": ["school_level", "school", "year_of_study", "neighbourhood", "age"],
        "sections": [
            {
                "id": "buurt",
                "title": _t("Je buurt", "Your neighbourhood", "حيك"),
                "questions": [
                    {
                        "id": "veilig",
                        "type": "likert",
                        "text": _t(
                            "Hoe veilig voel je je in je buurt?",
                            "How safe do you feel in your neighbourhood?",
                            "ما مدى شعورك بالأمان في حيك؟",
                        ),
                        "points": 5,
                        "anchors": [
                            _t("Heel onveilig", "Very unsafe", "غير آمن جدا"),
                            _t("Heel veilig", "Very safe", "آمن جدا"),
                        ],
                    },
                    {
                        "id": "activiteiten",
                        "type": "multiple",
                        "text": _t("Wat doe je na school?", "What do you do after school?"),
                        "options": [
                            {"code": "sport", "label": _t("Sport", "Sports")},
                            {"code": "muziek", "label": _t("Muziek", "Music")},
                            {"code": "jongerenwerk", "label": _t("Jongerenwerk", "Youth work")},
                            {"code": "niets", "label": _t("Niets van dit", "None of these")},
                        ],
                    },
                    {
                        "id": "uren_sport",
                        "type": "number",
                        "text": _t(
                            "Hoeveel uur per week sport je?",
                            "How many hours a week do you play sports?",
                        ),
                        "minimum": 0,
                        "maximum": 40,
                        "whole": True,
                    },
                ],
            },
            {
                "id": "school",
                "title": _t("School", "School", "المدرسة"),
                "questions": [
                    {
                        "id": "hulp_huiswerk",
                        "type": "single",
                        "text": _t(
                            "Krijg je hulp bij je huiswerk als je dat nodig hebt?",
                            "Do you get help with homework when you need it?",
                            "هل تحصل على مساعدة في واجباتك عندما تحتاجها؟",
                        ),
                        "options": yes_no,
                    },
                    {
                        "id": "waarom_niet",
                        "type": "single",
                        "text": _t("Waarom niet?", "Why not?", "لماذا لا؟"),
                        "show_if": {"question": "hulp_huiswerk", "answers": ["nee"]},
                        "options": [
                            {"code": "niemand", "label": _t("Er is niemand", "There is nobody")},
                            {
                                "code": "durf_niet",
                                "label": _t("Ik durf het niet te vragen", "I dare not ask"),
                            },
                            {"code": "anders", "label": _t("Anders", "Other")},
                        ],
                    },
                    {
                        "id": "opmerking",
                        "type": "text",
                        "text": _t("Wil je nog iets zeggen?", "Anything else you want to say?"),
                        "max_length": 500,
                    },
                ],
            },
        ],
    }


def demo_questionnaire() -> Questionnaire:
    """Demostad's youth panel questionnaire."""
    return questionnaire_from_data(demo_questionnaire_document(), "demostad-jeugdpanel")


#: The schools: name, neighbourhood, school levels taught.
SCHOOLS = (
    ("De Brug", "BU99990101", ("vmbo",)),
    ("Het Lyceum", "BU99990203", ("havo/vwo",)),
    ("Stadscollege", "BU99990305", ("vmbo", "havo/vwo")),
)


def synthetic_panel(seed: int = 2026) -> tuple[Answers, ClassSizes]:
    """About 600 synthetic responses to :func:`demo_questionnaire` in two waves, with class sizes.

    >>> answers, classes = synthetic_panel()
    >>> len(answers.frame), sorted(answers.frame["wave"].unique())
    (598, ['2025', '2026'])
    """
    rng = np.random.default_rng(seed)
    questionnaire = demo_questionnaire()
    rows: list[dict[str, Any]] = []
    sizes: list[dict[str, Any]] = []
    for wave_index, wave in enumerate(("2025", "2026")):
        number = 0
        for school, neighbourhood, school_levels in SCHOOLS:
            for c in range(4):
                school_level = school_levels[c % len(school_levels)]
                year_of_study = 1 + c % 3 + (0 if c < 3 else 1)
                number += 1
                code = f"{wave[2:]}{school[:2].upper()}{c + 1}"
                pupils = int(rng.integers(24, 30))
                sizes.append({"wave": wave, "class_code": code, "pupils": pupils})
                # the Lyceum's first class answered poorly in 2025
                rate = 0.45 if (wave_index == 0 and school == "Het Lyceum" and c == 0) else 0.95
                for _ in range(int(rng.binomial(pupils, rate))):
                    vmbo = school_level == "vmbo"
                    age = 11 + year_of_study + int(rng.random() < 0.3)
                    safe_mean = (3.2 if vmbo else 3.9) + 0.35 * wave_index
                    safe = int(np.clip(np.rint(rng.normal(safe_mean, 0.9)), 1, 5))
                    help_p = [0.45, 0.3, 0.25] if vmbo else [0.7, 0.22, 0.08]
                    help_answer = str(rng.choice(["ja", "soms", "nee"], p=help_p))
                    why = (
                        str(rng.choice(["niemand", "durf_niet", "anders"], p=[0.5, 0.3, 0.2]))
                        if help_answer == "nee" and rng.random() < 0.9
                        else None
                    )
                    mask = 0
                    for bit, p in enumerate((0.55, 0.2, 0.25 if vmbo else 0.1)):
                        mask |= int(rng.random() < p) << bit
                    if mask == 0:
                        mask = 8
                    rows.append(
                        {
                            "wave": wave,
                            "class_code": code,
                            "school_level": school_level,
                            "school": school,
                            "year_of_study": str(year_of_study),
                            "neighbourhood": neighbourhood,
                            "age": str(age),
                            "veilig": float(safe) if rng.random() > 0.03 else np.nan,
                            "activiteiten": mask if rng.random() > 0.05 else -1,
                            "uren_sport": float(np.clip(np.rint(rng.gamma(2.0, 2.0)), 0, 40)),
                            "hulp_huiswerk": help_answer if rng.random() > 0.04 else None,
                            "waarom_niet": why,
                            "opmerking": "",
                        }
                    )
    frame = pd.DataFrame(rows)
    frame.loc[frame["hulp_huiswerk"].isna(), "waarom_niet"] = None
    for question in questionnaire.questions:
        if question.type == "single":
            frame[question.id] = pd.Categorical(
                frame[question.id], categories=list(question.answers)
            )
    frame["activiteiten"] = frame["activiteiten"].astype(np.int64)
    # a canonical order: the position of a row says nothing about when it arrived
    order = [
        "wave",
        "class_code",
        "school_level",
        "school",
        "year_of_study",
        "neighbourhood",
        "age",
    ]
    frame = frame.sort_values(order, kind="mergesort").reset_index(drop=True)
    return Answers(frame, questionnaire), ClassSizes(pd.DataFrame(sizes))
