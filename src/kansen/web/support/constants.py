"""Choices of the support app: states of requests and matches, who gave consent, the time slots."""

from __future__ import annotations

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kansen.matching import DAYS, PARTS

#: Free text about a request is short: it must never become a case file (privacy by design).
NOTE_MAX_LENGTH = 300
#: Months after closing that a closed or withdrawn request is kept (a municipality may change it).
DEFAULT_RETENTION_MONTHS = 12
#: The trial period of a match, after which it is evaluated (Humanitas, Buurtgezinnen: 2 months).
DEFAULT_TRIAL_MONTHS = 2


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    MATCHED = "matched", _("matched")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RequestSource(models.TextChoices):
    PROFESSIONAL = "professional", _("filed by a professional")
    PUBLIC = "public", _("filed by a parent or young person")


class ConsentBy(models.TextChoices):
    PARENT = "parent", _("parent or guardian")
    YOUNG_PERSON = "young_person", _("the young person (16 or older)")


class Urgency(models.IntegerChoices):
    NORMAL = 1, _("normal")
    HIGH = 2, _("high")
    ACUTE = 3, _("acute")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted by the coordinator")
    CONFIRMED = "confirmed", _("confirmed by the provider")
    RUNNING = "running", _("running")
    ENDED = "ended", _("ended")
    DECLINED = "declined", _("declined by the provider")
    REJECTED = "rejected", _("rejected by the coordinator")
    SUPERSEDED = "superseded", _("replaced by a later matching run")


#: A match in one of these states holds its request and a place of its supply.
ACTIVE_MATCH_STATES = (
    MatchStatus.PROPOSED,
    MatchStatus.ACCEPTED,
    MatchStatus.CONFIRMED,
    MatchStatus.RUNNING,
)
#: States after the coordinator accepted: the provider sees the match (what it needs of it).
PROVIDER_STATES = (
    MatchStatus.ACCEPTED,
    MatchStatus.CONFIRMED,
    MatchStatus.RUNNING,
    MatchStatus.ENDED,
)


class EndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("the goal was reached")
    AFTER_TRIAL = "after_trial", _("stopped after the trial period")
    FAMILY = "family", _("the family stopped")
    VOLUNTEER = "volunteer", _("the volunteer stopped")
    MOVED = "moved", _("the family moved")
    OTHER = "other", _("other reason")


class NoticeKind(models.TextChoices):
    NEW_PROPOSAL = "new_proposal", _("New proposal")
    ACCEPTED = "accepted", _("Match accepted")
    DECLINED = "declined", _("Match declined")
    EVALUATION_DUE = "evaluation_due", _("Evaluation due")


_DAY_NAMES = {
    "ma": _("Monday"),
    "di": _("Tuesday"),
    "wo": _("Wednesday"),
    "do": _("Thursday"),
    "vr": _("Friday"),
    "za": _("Saturday"),
    "zo": _("Sunday"),
}
_PART_NAMES = {"ochtend": _("morning"), "middag": _("afternoon"), "avond": _("evening")}

#: The time slots of kansen.matching (``wo-middag``) with their names, for forms.
SLOT_CHOICES: list[tuple[str, object]] = [
    (f"{day}-{part}", format_lazy("{} {}", _DAY_NAMES[day], _PART_NAMES[part]))
    for day in DAYS
    for part in PARTS
]
