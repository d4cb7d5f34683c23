"""A poll's results as plain data: for the presenter's screen (JSON), the pages and the exports.

Counts only: an open question's answers with how many gave each and its votes, a word cloud of
their words, bars per option or point with shares, a scale's mean, a ranking's mean positions;
and a poll's one-line record for a plan's knowledge sharing (:func:`record_text`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import translation
from django.utils.formats import date_format

from .constants import QuestionKind
from .models import Answer, Poll, Question

#: Words a word cloud leaves out (Dutch and English function words).
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
        aan al alle als bij dan dat de deze die dit door een en er het hier hij hoe ik in is je
        jij kan kunnen maar met mijn na naar niet nog of om onze ook op over te tot uit van voor
        wat we wel wij worden wordt zijn zo zich ze zij meer veel elke iedereen elk
        a an and are as at be by for from has have i in is it its of on or our so that the
        their them they this to was we were what which with you your all more
        """,
    )
)
#: Most words in a cloud.
CLOUD_WORDS = 40


def _share(count: int, total: int) -> int:
    """A whole percentage (half up), 0 when no one answered."""
    if total <= 0:
        return 0
    return int((Decimal(100 * count) / Decimal(total)).quantize(Decimal(1), ROUND_HALF_UP))


def words(texts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """The cloud: words of the answers (a word counts once per answer, as often as the answer
    was given), the most frequent first, with a weight 1 .. 5 for the size; ties by the word."""
    counts: Counter[str] = Counter()
    for text, given in texts:
        for word in set(re.findall(r"[^\W\d_][\w'-]*", text.casefold())):
            if len(word) >= 3 and word not in STOP_WORDS:
                counts[word] += given
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:CLOUD_WORDS]
    most = top[0][1] if top else 1
    return [
        {"word": word, "count": count, "weight": max(1, -(-5 * count // most))}
        for word, count in top
    ]


@dataclass
class QuestionResult:
    id: int
    position: int
    kind: str
    text: str
    respondents: int
    results_hidden: bool
    voting_closed: bool
    #: Open and vote: ``{"id", "text", "count", "votes"}``.
    answers: list[dict[str, Any]] = field(default_factory=list)
    words: list[dict[str, Any]] = field(default_factory=list)
    #: Choice and scale: ``{"label", "count", "share"}``.
    bars: list[dict[str, Any]] = field(default_factory=list)
    #: A scale's mean to one decimal (a string), or None without answers.
    mean: str | None = None
    #: A ranking, best first: ``{"label", "place", "mean_position", "count"}``.
    ranking: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(QuestionKind(self.kind).label)

    @property
    def shown(self) -> bool:
        """Whether the screen shows the results now."""
        return not self.results_hidden or self.voting_closed

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "shown": self.shown}


def _answers(rows: list[Any], by_votes: bool) -> list[dict[str, Any]]:
    if by_votes:
        rows.sort(key=lambda a: (-a.votes, -a.count, a.key, a.pk))
    else:
        rows.sort(key=lambda a: (-a.count, a.key, a.pk))
    return [{"id": str(a.pk), "text": a.text, "count": a.count, "votes": a.votes} for a in rows]


def question_result(question: Question, language: str) -> QuestionResult:
    result = QuestionResult(
        id=question.pk,
        position=question.position,
        kind=question.kind,
        text=question.text(language),
        respondents=question.respondents,
        results_hidden=question.results_hidden,
        voting_closed=question.voting_closed,
    )
    if question.kind == QuestionKind.OPEN:
        rows = list(question.answers.all())
        result.answers = _answers(rows, by_votes=False)
        result.words = words([(a.text, a.count) for a in rows])
    elif question.kind == QuestionKind.VOTE and question.source is not None:
        result.answers = _answers(list(question.source.answers.all()), by_votes=True)
    elif question.kind in (QuestionKind.CHOICE, QuestionKind.SCALE):
        counts = {t.option: t.count for t in question.tallies.all()}
        if question.kind == QuestionKind.CHOICE:
            labels = list(enumerate(question.option_labels(language)))
        else:
            labels = [(p, str(p)) for p in range(1, question.points + 1)]
        # a share of those who answered (a multiple choice adds up to more than 100)
        result.bars = [
            {
                "label": label,
                "count": counts.get(option, 0),
                "share": _share(counts.get(option, 0), question.respondents),
            }
            for option, label in labels
        ]
        if question.kind == QuestionKind.SCALE:
            total = sum(counts.values())
            if total:
                mean = Decimal(sum(p * c for p, c in counts.items())) / Decimal(total)
                result.mean = str(mean.quantize(Decimal("0.1"), ROUND_HALF_UP))
    elif question.kind == QuestionKind.RANKING:
        tallies = {t.option: t for t in question.tallies.all()}
        ranked: list[tuple[Decimal | None, str, int]] = []
        for option, label in enumerate(question.option_labels(language)):
            tally = tallies.get(option)
            count = tally.count if tally else 0
            positions = tally.positions if tally else 0
            ranked.append((Decimal(positions) / Decimal(count) if count else None, label, count))
        # best (lowest mean place) first; options nobody ranked last; ties by label
        ranked.sort(key=lambda r: (r[0] is None, r[0] or 0, r[1]))
        result.ranking = [
            {
                "label": label,
                "place": place,
                "mean_position": None
                if mean is None
                else str(mean.quantize(Decimal("0.1"), ROUND_HALF_UP)),
                "count": count,
            }
            for place, (mean, label, count) in enumerate(ranked, start=1)
        ]
    return result


def poll_results(poll: Poll, language: str) -> list[QuestionResult]:
    questions = poll.questions.select_related("source").prefetch_related(
        "answers", "tallies", "source__answers"
    )
    return [question_result(q, language) for q in questions.order_by("position")]


def screen_state(poll: Poll, language: str) -> dict[str, Any]:
    """What the presenter's screen shows: the poll's state and the current question's results
    (none while they are hidden)."""
    current = None
    if poll.current_id is not None:
        question = (
            Question.objects.select_related("source")
            .prefetch_related("answers", "tallies", "source__answers")
            .get(pk=poll.current_id)
        )
        result = question_result(question, language)
        current = result.as_dict()
        if not result.shown:
            for name in ("answers", "words", "bars", "ranking"):
                current[name] = []
            current["mean"] = None
    return {"revision": poll.revision, "status": poll.status, "question": current}


# --- A poll's record for the plan's knowledge sharing --------------------------------------

#: The most mentioned open answers a record names.
RECORD_ANSWERS = 3


def participants(poll: Poll) -> int:
    """The participants of a poll as far as the counts tell: those who answered the question
    most answered (no row says who answered which, so no more is known)."""
    return max(poll.questions.values_list("respondents", flat=True), default=0)


def most_mentioned(poll: Poll, most: int = RECORD_ANSWERS) -> list[tuple[str, int]]:
    """The open answers given most often over the poll's open questions, with their counts;
    ties by the folded text."""
    rows = Answer.objects.filter(question__poll=poll, question__kind=QuestionKind.OPEN)
    ordered = sorted(rows.values_list("text", "key", "count"), key=lambda r: (-r[2], r[1], r[0]))
    return [(text, count) for text, _key, count in ordered[:most]]


def record_text(poll: Poll) -> str:
    """The poll's record for a plan's knowledge sharing, in Dutch (the plan's language, not the
    reader's): ``Kennissessie <title>, <date>: <n> deelnemers; meest genoemd: "..." (2), ...``.

    The title is the knowledge session's when the poll was held at one, else the poll's."""
    title = poll.title
    if poll.session is not None:
        title = poll.session.title
        if not title.casefold().startswith("kennissessie"):
            title = f"Kennissessie {title}"
    day = poll.session.held_on if poll.session is not None else poll.meeting_on
    with translation.override("nl"):
        when = date_format(day, "j F Y")
    count = participants(poll)
    text = f"{title}, {when}: {count} {'deelnemer' if count == 1 else 'deelnemers'}"
    mentioned = most_mentioned(poll)
    if mentioned:
        text += "; meest genoemd: " + ", ".join(
            f'"{answer}"' + (f" ({given})" if given > 1 else "") for answer, given in mentioned
        )
    return text
