"""Choices and fixed limits of live polls."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Letters and digits of a join code (the youth panel's: nothing a room misreads on a screen).
CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 6

#: The longest open answer (a phone's idea, not an essay).
ANSWER_LENGTH = 280
#: How many answers one participant gives to one open question.
OPEN_ANSWERS_EACH = 3
#: How many ideas one participant votes for in a vote question.
VOTES_EACH = 3
#: The most options of a choice or ranking question, and the most points of a scale.
MAX_OPTIONS = 10
MAX_POINTS = 10


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    LIVE = "live", _("live")
    CLOSED = "closed", _("closed")


class QuestionKind(models.TextChoices):
    OPEN = "open", _("Open question (word cloud and list)")
    CHOICE = "choice", _("Multiple choice (bars)")
    SCALE = "scale", _("Scale")
    RANKING = "ranking", _("Ranking")
    VOTE = "vote", _("Vote on the answers of others")
