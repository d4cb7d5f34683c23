"""The youth panel: questionnaires, their waves in classes, and anonymous answers.

A :class:`Questionnaire` of a municipality has a *draft* (the document the builder edits, which
may be incomplete) and :class:`QuestionnaireVersion` s: documents the library
(:func:`kansen.surveys.questionnaire_from_data`) accepted. Before answers exist a version
changes in place; once a wave of it has answers, a change makes a new version, so every
answer belongs to the exact text the pupil saw.

A :class:`Wave` (meting) runs one version in classes; a :class:`ClassCode` carries only what
the municipality chose to know about the class (the questionnaire's ``background``) and the
pupils the school entered, for the response rate.

Anonymity is a property of the design (docs/surveys.md, ADR 0026): a :class:`Response` row
holds no person, device, account, IP address or time (nothing finer than the wave), and no
order of arrival: its key is random, and identical answers from one class are one row with a
``count``, so two pupils of a class who answered alike are the same row and pupils who did not
are told apart only by what they answered.
"""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.models import Municipality

from .constants import WaveStatus


def random_key() -> int:
    """A random primary key: rows sort in no order of arrival (in SQLite the key is the rowid,
    so not even the table's storage order follows arrival)."""
    return secrets.randbits(62) + 1


class Questionnaire(models.Model):
    """A questionnaire of a municipality: the builder's draft and the saved versions."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="questionnaires"
    )
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    #: The ``id`` of the document (lower case letters, digits, ``_``).
    identifier = models.SlugField(_("identifier"), max_length=40)
    #: The document the builder edits; checked when saved as a version.
    draft = models.JSONField(_("draft"), default=dict)
    created_on = models.DateField(_("created on"))

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["municipality", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "identifier"], name="youthpanel_questionnaire_unique"
            )
        ]

    def __str__(self) -> str:
        title = self.draft.get("title", {}) if isinstance(self.draft, dict) else {}
        return str(title.get("nl") if isinstance(title, dict) else "") or self.identifier


class QuestionnaireVersion(models.Model):
    """A version of a questionnaire: a document the library accepted."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("document"))
    saved_on = models.DateField(_("saved on"))

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="youthpanel_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"


class Wave(models.Model):
    """A wave (meting) of a questionnaire version, in classes, for a period."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="waves")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    #: The wave's label in tables (``2025``, ``2026-najaar``): never a day or a time.
    label = models.CharField(_("label"), max_length=20)
    opens = models.DateField(_("opens on"))
    closes = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=8, choices=WaveStatus.choices, default=WaveStatus.OPEN
    )
    min_response_rate = models.DecimalField(
        _("minimum response rate"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        help_text=_("A group whose response rate is lower is marked in the results."),
    )
    min_n = models.PositiveSmallIntegerField(
        _("fewest respondents shown"),
        default=10,
        help_text=_("No cell with fewer respondents is shown (10 or more)."),
    )
    #: Published results are readable outside the municipality.
    published = models.BooleanField(_("results published"), default=False)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["questionnaire", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "label"], name="youthpanel_wave_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.label}"


class ClassCode(models.Model):
    """A class of a wave: its code, what it carries about the class, its pupils and answers."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="classes")
    code = models.CharField(_("class code"), max_length=12, unique=True)
    #: A name the municipality and the teacher recognise (``2B``); not shown in results.
    name = models.CharField(_("class"), max_length=40, blank=True)
    school_level = models.CharField(_("school level"), max_length=40, blank=True)
    school = models.CharField(_("school"), max_length=100, blank=True)
    year_of_study = models.CharField(_("year of study"), max_length=10, blank=True)
    neighbourhood = models.CharField(_("neighbourhood of the school"), max_length=100, blank=True)
    pupils = models.PositiveIntegerField(_("pupils in the class"), null=True, blank=True)
    closed = models.BooleanField(_("closed"), default=False)
    #: Answers received through the code (the response rate); not which or when.
    responses = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("class code")
        verbose_name_plural = _("class codes")
        ordering = ["wave", "school", "name", "code"]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """Identical answers given through one class code, with how many gave them.

    No timestamp, no IP address, no session, no account, and a random key: nothing that tells
    who answered or when, or in which order.
    """

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    class_code = models.ForeignKey(ClassCode, on_delete=models.CASCADE, related_name="+")
    age = models.CharField(_("age"), max_length=3, blank=True)
    #: ``{question id: answer}``: a code, a list of codes, a number or a text; skipped left out.
    answers = models.JSONField(_("answers"), default=dict)
    #: A digest of class, age and answers: one row per distinct set of answers.
    fingerprint = models.CharField(max_length=64, editable=False)
    count = models.PositiveIntegerField(_("pupils"), default=1)

    class Meta:
        verbose_name = _("answers")
        verbose_name_plural = _("answers")
        ordering = ["wave", "class_code", "fingerprint"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "fingerprint"], name="youthpanel_response_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave}: {self.count}"


class IndicatorLink(models.Model):
    """A monitoring indicator measured by a youth panel question: the share of an answer
    (``answer``), or the mean of a scale or number (no ``answer``), of the whole municipality
    per wave. Its measurements are read from the waves whose results are published."""

    indicator = models.OneToOneField(
        "monitoring.Indicator", on_delete=models.CASCADE, related_name="youth_panel"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="indicator_links"
    )
    question = models.CharField(_("question"), max_length=100)
    answer = models.CharField(_("answer"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("indicator from the youth panel")
        verbose_name_plural = _("indicators from the youth panel")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.question} {self.answer}".strip()
