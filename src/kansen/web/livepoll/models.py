"""Live polls at network meetings: questions the room answers on its phones (issue 22).

A :class:`Poll` belongs to a municipality and a meeting (a day: the finest time anything here
holds), optionally to a plan, a learning evaluation or a :class:`KnowledgeSession` (source 001:
the municipality holds one at least once a year). Its :class:`Question` s are shown one at a
time by the presenter; participants join with the poll's code, without an account.

Anonymity is a property of the stored rows, as in the youth panel (ADR 0026, ADR 0028): an
:class:`Answer` is an open answer's text with the number of participants who gave it and the
votes it got; a :class:`Tally` is a count per option of a question. No row holds a person, a
device, a session, an address or a time, and keys are random, so no row tells who answered or
in which order.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.models import Municipality
from kansen.web.monitoring.models import EvaluationAction, EvaluationSession
from kansen.web.plans.models import Plan

from .constants import ANSWER_LENGTH, PollStatus, QuestionKind


def random_key() -> int:
    """A random primary key: rows sort in no order of arrival."""
    return secrets.randbits(62) + 1


class KnowledgeSession(models.Model):
    """A knowledge session (kennissessie) of a municipality: a meeting where the network shares
    what it learned (source 001 agrees on one at least once a year), with the polls held there.

    The municipality's own, as its polls are: never public."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="knowledge_sessions"
    )
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_sessions",
    )
    description = models.TextField(_("short description"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("knowledge session")
        verbose_name_plural = _("knowledge sessions")
        ordering = ["municipality", "-held_on", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class Poll(models.Model):
    """A poll for one meeting."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="polls")
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField(_("meeting"), max_length=200)
    #: The meeting's day: no answer is stored with a finer time.
    meeting_on = models.DateField(_("date of the meeting"))
    #: What participants type (or scan) to join.
    code = models.CharField(_("join code"), max_length=12, unique=True)
    status = models.CharField(
        _("status"), max_length=8, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
    )
    evaluation = models.ForeignKey(
        EvaluationSession,
        verbose_name=_("learning evaluation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
    )
    session = models.ForeignKey(
        KnowledgeSession,
        verbose_name=_("knowledge session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
    )
    #: The question on the screen (and on the participants' phones).
    current = models.ForeignKey(
        "Question", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Goes up with every answer and every step of the presenter: the screens ask for it.
    revision = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("live poll")
        verbose_name_plural = _("live polls")
        ordering = ["municipality", "-meeting_on", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting_on})"


class Question(models.Model):
    """A question of a poll, in Dutch and (optionally) English."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text_nl = models.CharField(_("question (Dutch)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    #: Choice and ranking: the options as ``{"nl": ..., "en": ...}``, numbered from 0 in order.
    #: Scale: the labels of its two ends (optional).
    options = models.JSONField(_("options"), default=list, blank=True)
    #: A scale's points, answered 1 .. points.
    points = models.PositiveSmallIntegerField(_("points of the scale"), default=5)
    #: A choice question: one option or several.
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    #: A vote: the open question whose answers the room ranks.
    source = models.ForeignKey(
        "self",
        verbose_name=_("answers of the question"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes_on",
    )
    #: The screen shows no results until voting closes.
    results_hidden = models.BooleanField(_("hide results until voting closes"), default=False)
    voting_closed = models.BooleanField(_("voting closed"), default=False)
    #: Participants who answered (not which, nor when).
    respondents = models.PositiveIntegerField(_("participants who answered"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["poll", "position"]

    def __str__(self) -> str:
        return self.text_nl

    def text(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_nl

    def option_labels(self, language: str) -> list[str]:
        return [
            str((o.get("en") if language == "en" else "") or o.get("nl") or "")
            for o in self.options or []
            if isinstance(o, dict)
        ]


class Answer(models.Model):
    """An open answer: identical texts of one question are one row with a count."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.CharField(_("answer"), max_length=ANSWER_LENGTH)
    #: The text compared (case and spaces folded): the same answer twice is one row.
    key = models.CharField(max_length=ANSWER_LENGTH, editable=False)
    count = models.PositiveIntegerField(_("given by"), default=0)
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question", "key"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="livepoll_answer_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Tally(models.Model):
    """The count of one option of a choice, scale or ranking question (a ranking also sums
    the positions given to the option)."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tallies")
    #: The option's number (a scale: the point).
    option = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)
    #: A ranking: the sum of the positions (1 = first) given to the option.
    positions = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        ordering = ["question", "option"]
        constraints = [
            models.UniqueConstraint(fields=["question", "option"], name="livepoll_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.option}: {self.count}"


class PollAction(models.Model):
    """An action agreed from the room's answers: what, who, by when."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200)
    due = models.DateField(_("due date"))
    #: The open answer it came from (kept as text: the answer may be removed later).
    from_answer = models.CharField(_("from the answer"), max_length=ANSWER_LENGTH, blank=True)
    #: The action in the learning evaluation's record, once exported there.
    evaluation_action = models.ForeignKey(
        EvaluationAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["poll", "due", "pk"]

    def __str__(self) -> str:
        return self.description
