"""Choices of the youth panel app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Letters and digits of a class code: no 0/O, 1/I/L, 5/S, 2/Z that a class misreads on a board.
CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 6

#: The names of the questionnaire's languages, in their own language (the pupil's switch).
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
}


class WaveStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class QuestionType(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    LIKERT = "likert", _("scale (Likert)")
    NUMBER = "number", _("number")
    TEXT = "text", _("open text")


class Background(models.TextChoices):
    """What a class code may carry about its class (the library's ``BACKGROUND``)."""

    SCHOOL_LEVEL = "school_level", _("school level")
    SCHOOL = "school", _("school")
    YEAR_OF_STUDY = "year_of_study", _("year of study")
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood of the school")
    AGE = "age", _("age (asked of the pupil)")
