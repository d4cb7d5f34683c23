"""Every write of live polls: knowledge sessions, preparing a poll, the presenter's steps, the
participants' answers, removing an answer, the actions agreed afterwards, and a poll's record in
a plan's knowledge sharing (through the plans' own write path).

Answers change counters with ``F()`` expressions in the database (``UPDATE ... SET count =
count + 1``), never read-modify-write in Python, so several server processes answering at once
on SQLite or PostgreSQL lose no answer. Every change raises the poll's ``revision``, which the
screens ask for every second.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kansen.web.accounts.models import Municipality, User
from kansen.web.monitoring import services as monitoring_services
from kansen.web.plans import services as plan_services
from kansen.web.plans.models import Plan

from .constants import (
    ANSWER_LENGTH,
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_OPTIONS,
    MAX_POINTS,
    VOTES_EACH,
    PollStatus,
    QuestionKind,
)
from .models import Answer, KnowledgeSession, Poll, PollAction, Question, Tally


class NotOpen(Exception):
    """The question takes no answers now (not on the screen, voting closed, poll not live)."""


def new_code() -> str:
    """A join code no poll has."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Poll.objects.filter(code=code).exists():
            return code


def _bump(poll: Poll | int) -> None:
    pk = poll if isinstance(poll, int) else poll.pk
    Poll.objects.filter(pk=pk).update(revision=F("revision") + 1)


def _check_links(poll: Poll) -> None:
    if poll.plan is not None and poll.plan.municipality_id != poll.municipality_id:
        raise ValidationError({"plan": _("The plan belongs to another municipality.")})
    if poll.evaluation is not None and poll.evaluation.plan.municipality_id != poll.municipality_id:
        raise ValidationError(
            {"evaluation": _("The learning evaluation belongs to another municipality.")}
        )
    if poll.session is not None and poll.session.municipality_id != poll.municipality_id:
        raise ValidationError(
            {"session": _("The knowledge session belongs to another municipality.")}
        )


# --- Knowledge sessions ---------------------------------------------------------------------

SESSION_FIELDS = ("title", "held_on", "place", "online", "plan", "description")


@transaction.atomic
def save_session(
    municipality: Municipality,
    fields: Mapping[str, Any],
    session: KnowledgeSession | None = None,
) -> KnowledgeSession:
    """A new knowledge session of ``municipality``, or a change of ``session``."""
    if session is None:
        session = KnowledgeSession(municipality=municipality)
    elif session.municipality_id != municipality.pk:
        raise ValidationError(_("The knowledge session belongs to another municipality."))
    for name in SESSION_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(session, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    if not session.title:
        errors["title"] = _("Give the session a title.")
    if not session.place and not session.online:
        errors["place"] = _("Give the place, or mark the session as online.")
    if session.plan is not None and session.plan.municipality_id != municipality.pk:
        errors["plan"] = _("The plan belongs to another municipality.")
    if errors:
        raise ValidationError(errors)
    session.save()
    return session


# --- Preparing ------------------------------------------------------------------------------


@transaction.atomic
def create_poll(
    municipality: Municipality,
    title: str,
    meeting_on: date,
    *,
    plan: Any = None,
    evaluation: Any = None,
    session: Any = None,
) -> Poll:
    poll = Poll(
        municipality=municipality,
        title=title.strip(),
        meeting_on=meeting_on,
        code=new_code(),
        plan=plan,
        evaluation=evaluation,
        session=session,
    )
    _check_links(poll)
    poll.save()
    return poll


@transaction.atomic
def update_poll(poll: Poll, fields: Mapping[str, Any]) -> Poll:
    for name in ("title", "meeting_on", "plan", "evaluation", "session"):
        if name in fields:
            setattr(poll, name, fields[name])
    _check_links(poll)
    poll.save()
    _bump(poll)
    return poll


def _clean_options(options: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for option in options:
        nl = str(option.get("nl") or "").strip()
        en = str(option.get("en") or "").strip()
        if nl:
            cleaned.append({"nl": nl, "en": en})
    return cleaned


def _tally_options(question: Question) -> list[int]:
    if question.kind in (QuestionKind.CHOICE, QuestionKind.RANKING):
        return list(range(len(question.options)))
    if question.kind == QuestionKind.SCALE:
        return list(range(1, question.points + 1))
    return []


def _check_question(question: Question) -> None:
    errors: dict[str, str] = {}
    if question.kind in (QuestionKind.CHOICE, QuestionKind.RANKING) and not (
        2 <= len(question.options) <= MAX_OPTIONS
    ):
        errors["options"] = _("Give 2 to %(most)d options, one per line.") % {"most": MAX_OPTIONS}
    if question.kind == QuestionKind.SCALE and not 2 <= question.points <= MAX_POINTS:
        errors["points"] = _("A scale has 2 to %(most)d points.") % {"most": MAX_POINTS}
    if question.kind == QuestionKind.VOTE:
        source = question.source
        if source is None or source.poll_id != question.poll_id or source.kind != "open":
            errors["source"] = _("Choose an open question of this poll whose answers are voted on.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_question(
    poll: Poll,
    fields: Mapping[str, Any],
    question: Question | None = None,
) -> Question:
    """A new question at the end of the poll, or a change of ``question``. Once a question has
    answers its kind, options and points stay as they are (the counts are of them)."""
    if question is None:
        last = poll.questions.order_by("-position").first()
        question = Question(poll=poll, position=(last.position + 1) if last else 1)
    answered = question.pk is not None and question.respondents > 0
    before = (question.kind, list(question.options or []), question.points)
    question.kind = fields.get("kind", question.kind)
    question.text_nl = str(fields.get("text_nl", question.text_nl)).strip()
    question.text_en = str(fields.get("text_en", question.text_en) or "").strip()
    question.options = _clean_options(fields.get("options", question.options or []))
    question.points = int(fields.get("points") or question.points or 5)
    question.multiple = bool(fields.get("multiple", question.multiple))
    question.source = fields.get("source", question.source)
    question.results_hidden = bool(fields.get("results_hidden", question.results_hidden))
    if question.kind != QuestionKind.VOTE:
        question.source = None
    if answered and before != (question.kind, question.options, question.points):
        raise ValidationError(
            _("This question has answers: its kind, options and points can no longer change.")
        )
    _check_question(question)
    question.save()
    wanted = _tally_options(question)
    Tally.objects.filter(question=question).exclude(option__in=wanted).delete()
    have = set(Tally.objects.filter(question=question).values_list("option", flat=True))
    Tally.objects.bulk_create([Tally(question=question, option=o) for o in wanted if o not in have])
    _bump(poll)
    return question


@transaction.atomic
def delete_question(question: Question) -> None:
    poll = question.poll
    question.delete()
    for position, kept in enumerate(poll.questions.order_by("position"), start=1):
        if kept.position != position:
            kept.position = position
            kept.save(update_fields=["position"])
    _bump(poll)


@transaction.atomic
def move_question(question: Question, step: int) -> None:
    """Swap ``question`` with its neighbour (``step`` -1: up, +1: down)."""
    questions = list(question.poll.questions.order_by("position"))
    index = questions.index(question)
    other = index + step
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    _bump(question.poll_id)


# --- The presenter --------------------------------------------------------------------------


@transaction.atomic
def start(poll: Poll) -> Poll:
    """The poll goes live with its first question on the screen (or the one shown before)."""
    if not poll.questions.exists():
        raise ValidationError(_("Add a question before starting the poll."))
    poll.status = PollStatus.LIVE
    if poll.current is None:
        poll.current = poll.questions.order_by("position").first()
    poll.save(update_fields=["status", "current"])
    _bump(poll)
    return poll


@transaction.atomic
def show(poll: Poll, question: Question | None) -> Poll:
    """Put ``question`` on the screen (None: only the join code)."""
    if question is not None and question.poll_id != poll.pk:
        raise ValidationError(_("The question belongs to another poll."))
    poll.current = question
    poll.save(update_fields=["current"])
    _bump(poll)
    return poll


def step(poll: Poll, by: int) -> Poll:
    """The next (``by`` 1) or previous (-1) question."""
    questions = list(poll.questions.order_by("position"))
    if not questions:
        return poll
    if poll.current is None:
        return show(poll, questions[0] if by > 0 else questions[-1])
    index = [q.pk for q in questions].index(poll.current.pk) + by
    return show(poll, questions[max(0, min(index, len(questions) - 1))])


@transaction.atomic
def set_voting_closed(question: Question, closed: bool) -> Question:
    question.voting_closed = closed
    question.save(update_fields=["voting_closed"])
    _bump(question.poll_id)
    return question


@transaction.atomic
def set_results_hidden(question: Question, hidden: bool) -> Question:
    question.results_hidden = hidden
    question.save(update_fields=["results_hidden"])
    _bump(question.poll_id)
    return question


@transaction.atomic
def close(poll: Poll) -> Poll:
    """The meeting is over: no one joins or answers any more; the results stay."""
    poll.status = PollStatus.CLOSED
    poll.save(update_fields=["status"])
    _bump(poll)
    return poll


@transaction.atomic
def reopen(poll: Poll) -> Poll:
    poll.status = PollStatus.LIVE
    poll.save(update_fields=["status"])
    _bump(poll)
    return poll


@transaction.atomic
def remove_answer(answer: Answer) -> None:
    """An offensive answer is gone everywhere: the screen, the vote, the exports (its votes
    with it)."""
    poll_id = answer.question.poll_id
    answer.delete()
    _bump(poll_id)


# --- The participants -----------------------------------------------------------------------


def _open_for_answers(question: Question) -> None:
    poll = Poll.objects.get(pk=question.poll_id)
    if (
        poll.status != PollStatus.LIVE
        or poll.current_id != question.pk
        or Question.objects.filter(pk=question.pk, voting_closed=True).exists()
    ):
        raise NotOpen


def fold(text: str) -> str:
    """The text an answer is compared by: case and runs of spaces folded."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def _count_respondent(question: Question) -> None:
    Question.objects.filter(pk=question.pk).update(respondents=F("respondents") + 1)


@transaction.atomic
def answer_open(question: Question, text: str, *, first: bool = True) -> Answer:
    """An open answer; the same text (case and spaces aside) adds to the existing row.
    ``first``: the participant's first answer to the question (counted as a respondent)."""
    _open_for_answers(question)
    shown = re.sub(r"\s+", " ", text).strip()[:ANSWER_LENGTH]
    if not shown:
        raise ValidationError(_("Type an answer."))
    key = fold(shown)
    try:
        with transaction.atomic():
            answer, _created = Answer.objects.get_or_create(
                question=question, key=key, defaults={"text": shown}
            )
    except IntegrityError:  # another process made the row just now
        answer = Answer.objects.get(question=question, key=key)
    Answer.objects.filter(pk=answer.pk).update(count=F("count") + 1)
    if first:
        _count_respondent(question)
    _bump(question.poll_id)
    return answer


@transaction.atomic
def answer_choice(question: Question, options: Sequence[int]) -> None:
    """A choice question's option(s) or a scale's point."""
    _open_for_answers(question)
    chosen = sorted(set(options))
    valid = set(_tally_options(question))
    if not chosen or not set(chosen) <= valid:
        raise ValidationError(_("Choose an answer."))
    if len(chosen) > 1 and not (question.kind == QuestionKind.CHOICE and question.multiple):
        raise ValidationError(_("Choose one answer."))
    Tally.objects.filter(question=question, option__in=chosen).update(count=F("count") + 1)
    _count_respondent(question)
    _bump(question.poll_id)


@transaction.atomic
def answer_ranking(question: Question, order: Sequence[int]) -> None:
    """A ranking: ``order`` is the options from first to last (each option once)."""
    _open_for_answers(question)
    if sorted(order) != _tally_options(question):
        raise ValidationError(_("Give every option a different place."))
    for position, option in enumerate(order, start=1):
        Tally.objects.filter(question=question, option=option).update(
            count=F("count") + 1, positions=F("positions") + position
        )
    _count_respondent(question)
    _bump(question.poll_id)


@transaction.atomic
def vote(question: Question, answer_ids: Iterable[int]) -> int:
    """Votes for ideas (answers of the vote's open question); an answer removed in the
    meantime gets none. The number of votes counted."""
    _open_for_answers(question)
    wanted = set(answer_ids)
    if not wanted:
        raise ValidationError(_("Choose at least one answer."))
    if len(wanted) > VOTES_EACH:
        raise ValidationError(_("Choose at most %(most)d answers.") % {"most": VOTES_EACH})
    if question.source_id is None:
        raise NotOpen
    counted = Answer.objects.filter(question_id=question.source_id, pk__in=wanted).update(
        votes=F("votes") + 1
    )
    _count_respondent(question)
    _bump(question.poll_id)
    return counted


# --- Afterwards -----------------------------------------------------------------------------


@transaction.atomic
def add_action(
    poll: Poll, *, description: str, owner: str, due: date, from_answer: str = ""
) -> PollAction:
    """An action from the room's answers, with an owner and a date."""
    return PollAction.objects.create(
        poll=poll,
        description=description.strip(),
        owner=owner.strip(),
        due=due,
        from_answer=from_answer.strip()[:ANSWER_LENGTH],
    )


@transaction.atomic
def delete_action(action: PollAction) -> None:
    action.delete()


@transaction.atomic
def export_actions(poll: Poll) -> int:
    """The poll's actions into its learning evaluation's record (monitoring's actions), each
    once. The number exported."""
    if poll.evaluation is None:
        raise ValidationError(_("Link the poll to a learning evaluation first."))
    exported = 0
    for action in poll.actions.filter(evaluation_action__isnull=True):
        action.evaluation_action = monitoring_services.add_action(
            poll.evaluation, description=action.description, owner=action.owner, due=action.due
        )
        action.save(update_fields=["evaluation_action"])
        exported += 1
    return exported


#: The lists of a plan's knowledge sharing (``agreements.knowledge_sharing``) a poll's record
#: may go to; ``communication`` is how results are made known, not a meeting.
KNOWLEDGE_LISTS = ("local", "thematic", "national")


def record_plans(poll: Poll) -> list[Plan]:
    """The plans a poll's record may go to: its knowledge session's plan and its own, each
    once (the session's first: knowledge sharing is what the session was for)."""
    found: list[Plan] = []
    for plan in (poll.session.plan if poll.session else None, poll.plan):
        if plan is not None and plan.municipality_id == poll.municipality_id and plan not in found:
            found.append(plan)
    return found


@transaction.atomic
def add_to_knowledge_sharing(
    poll: Poll,
    plan: Plan,
    *,
    kind: str,
    text: str,
    expected_version: int,
    user: User | None,
) -> Plan:
    """Append ``text`` (a poll's record) to the ``kind`` list of the plan's knowledge sharing.

    Written through :func:`kansen.web.plans.services.update_part` on the part ``agreements``,
    so the plan's own rules hold: the version the preview showed (``expected_version``; a save
    in between raises :class:`~kansen.web.plans.services.StaleEdit`), the validation, the check
    of a published plan, and a history entry with ``user`` as its author. The other entries and
    lists stay as they are."""
    if plan not in record_plans(poll):
        raise ValidationError(_("The poll is not linked to this plan."))
    if kind not in KNOWLEDGE_LISTS:
        raise ValidationError(_("Choose local, thematic or national knowledge sharing."))
    line = re.sub(r"\s+", " ", text).strip()
    if not line:
        raise ValidationError(_("The record is empty."))
    current = Plan.objects.get(pk=plan.pk)
    agreements = dict(current.document.get("agreements") or {})
    sharing = dict(agreements.get("knowledge_sharing") or {})
    sharing[kind] = [*(sharing.get(kind) or []), line]
    agreements["knowledge_sharing"] = sharing
    return plan_services.update_part(
        current, "agreements", agreements, expected_version=expected_version, user=user
    )
