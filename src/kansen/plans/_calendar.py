"""Agreed meetings as calendar entries: Dutch frequencies to recurrence rules, and iCalendar.

"2 keer per jaar" over 2021-2024 becomes one event that repeats every six months until the
end of the period (eight times). The dates are placeholders to be moved to the real meeting
day: by default the first falls on the 15th of January of the first year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from dateutil import rrule

from ._agenda import Meeting
from ._model import Plan
from ._values import Period

Frequency = Literal["YEARLY", "MONTHLY", "WEEKLY"]

_NUMBERS = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "acht": 8,
    "tien": 10,
    "twaalf": 12,
}
_QUALIFIERS = re.compile(r"^(minimaal|ten minste|tenminste|circa|ongeveer)\s+")
_COUNTED = re.compile(r"^(\w+)\s*(?:keer|x|maal)\s*per\s*(jaar|kwartaal|maand)$")
# "elke 6 weken", "om de twee maanden", "1 keer per 6 weken", "eens per 3 maanden".
_EVERY = re.compile(
    r"^(?:elke|iedere|ieder|om de|(?:1|een|één)\s*(?:keer|x|maal)\s*per|eens per)"
    r"\s+(\w+)\s+(weken|week|maanden|maand|jaar|jaren)$"
)
_EVERY_UNIT: dict[str, Frequency] = {
    "week": "WEEKLY",
    "weken": "WEEKLY",
    "maand": "MONTHLY",
    "maanden": "MONTHLY",
    "jaar": "YEARLY",
    "jaren": "YEARLY",
}
_PER_UNIT = {"jaar": 1, "kwartaal": 4, "maand": 12}
_WORDS: dict[str, tuple[Frequency, int]] = {
    "jaarlijks": ("YEARLY", 1),
    "elk jaar": ("YEARLY", 1),
    "ieder jaar": ("YEARLY", 1),
    "halfjaarlijks": ("MONTHLY", 6),
    "elk half jaar": ("MONTHLY", 6),
    "ieder half jaar": ("MONTHLY", 6),
    "elk kwartaal": ("MONTHLY", 3),
    "ieder kwartaal": ("MONTHLY", 3),
    "per kwartaal": ("MONTHLY", 3),
    "driemaandelijks": ("MONTHLY", 3),
    "tweemaandelijks": ("MONTHLY", 2),
    "maandelijks": ("MONTHLY", 1),
    "elke maand": ("MONTHLY", 1),
    "iedere maand": ("MONTHLY", 1),
    "wekelijks": ("WEEKLY", 1),
    "elke week": ("WEEKLY", 1),
    "iedere week": ("WEEKLY", 1),
    "tweewekelijks": ("WEEKLY", 2),
    "om de week": ("WEEKLY", 2),
}
_EXPECTED = (
    "a frequency such as '2 keer per jaar', '4 x per jaar', 'elk kwartaal', 'maandelijks', "
    "'jaarlijks', 'wekelijks' or 'elke 6 weken' (a number of times per year that divides 12, "
    "or every so many weeks, months or years)"
)
_RRULE_FREQ = {"YEARLY": rrule.YEARLY, "MONTHLY": rrule.MONTHLY, "WEEKLY": rrule.WEEKLY}


@dataclass(frozen=True)
class Recurrence:
    """How often a meeting recurs, as an iCalendar rule.

    Attributes
    ----------
    freq : {"YEARLY", "MONTHLY", "WEEKLY"}
        The unit.
    interval : int
        Every how many units.
    """

    freq: Frequency
    interval: int

    @property
    def rule(self) -> str:
        """The iCalendar RRULE without its end, e.g. ``"FREQ=MONTHLY;INTERVAL=6"``."""
        return f"FREQ={self.freq};INTERVAL={self.interval}"


def parse_frequency(text: str) -> Recurrence:
    """Turn an agreed frequency in Dutch into a recurrence.

    Parameters
    ----------
    text : str
        E.g. "2 keer per jaar", "minimaal 1 keer per jaar", "elk kwartaal", "maandelijks".

    Returns
    -------
    Recurrence
        The rule.

    Raises
    ------
    ValueError
        For a frequency it cannot read, saying which forms it knows.

    Examples
    --------
    >>> parse_frequency("2 keer per jaar").rule
    'FREQ=MONTHLY;INTERVAL=6'
    >>> parse_frequency("elke 6 weken").rule
    'FREQ=WEEKLY;INTERVAL=6'
    """
    words = " ".join(text.lower().split())
    words = _QUALIFIERS.sub("", words)
    if words in _WORDS:
        freq, interval = _WORDS[words]
        return Recurrence(freq, interval)
    every = _EVERY.match(words)
    if every:
        interval = _number(every.group(1))
        if interval:
            return Recurrence(_EVERY_UNIT[every.group(2)], interval)
    match = _COUNTED.match(words)
    if match:
        count = _number(match.group(1))
        per_year = count * _PER_UNIT[match.group(2)]
        if per_year == 1:
            return Recurrence("YEARLY", 1)
        if per_year and 12 % per_year == 0:
            return Recurrence("MONTHLY", 12 // per_year)
    raise ValueError(f"expected {_EXPECTED}; got {text!r}")


def _number(word: str) -> int:
    """A count written in digits or in words ("6", "zes"); 0 when it is neither."""
    return _NUMBERS.get(word) or (int(word) if word.isdigit() else 0)


def meeting_dates(meeting: Meeting, period: Period, first: date | None = None) -> tuple[date, ...]:
    """Every date a meeting falls on within a period.

    Parameters
    ----------
    meeting : Meeting
        The meeting with its ``frequency``.
    period : Period
        The agenda's period; the last date is on or before its last day.
    first : date or None
        The first meeting; default 15 January of the period's first year.

    Returns
    -------
    tuple of date
        The dates.

    Raises
    ------
    ValueError
        When the frequency cannot be read.
    """
    recurrence = parse_frequency(meeting.frequency)
    start = first or date(period.start, 1, 15)
    rule = rrule.rrule(
        _RRULE_FREQ[recurrence.freq],
        interval=recurrence.interval,
        dtstart=datetime(start.year, start.month, start.day),
        until=datetime(period.end, 12, 31),
    )
    return tuple(moment.date() for moment in rule)


def meetings_calendar(
    plan: Plan,
    first: date | None = None,
    stamp: datetime | None = None,
    *,
    key: str | None = None,
    skip_unreadable: bool = False,
) -> bytes:
    """The plan's agreed meetings as an iCalendar file (one recurring all-day event each).

    Parameters
    ----------
    plan : Plan
        A plan with ``agreements.meetings``.
    first : date or None
        The first date of every meeting; default 15 January of the period's first year.
    stamp : datetime or None
        DTSTAMP of the events; default now (pass one for a reproducible file).
    key : str or None
        What tells this plan apart from other plans of the municipality and period in the
        events' UIDs (a calendar program replaces an event whose UID it already has), e.g. the
        plan's slug or id; default the title made into a slug.
    skip_unreadable : bool
        Leave out meetings without a readable frequency instead of raising (the plan check
        reports them as ``frequency-unknown`` or ``required-empty``).

    Returns
    -------
    bytes
        The ``.ics`` file.

    Raises
    ------
    ValueError
        When a meeting's frequency cannot be read (the message names the meeting).
    ImportError
        When the optional ``icalendar`` package is not installed.
    """
    try:
        import icalendar
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError("calendar export needs: pip install icalendar") from error
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//kansen//plans//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{plan.title} ({plan.period})")
    meetings = plan.agreements.meetings if plan.agreements is not None else ()
    start = first or date(plan.period.start, 1, 15)
    moment = stamp or datetime.now(UTC)
    plan_key = _slug(key if key is not None else plan.title)
    for i, meeting in enumerate(meetings):
        try:
            recurrence = parse_frequency(meeting.frequency)
        except ValueError as error:
            if skip_unreadable:
                continue
            raise ValueError(f"agreements.meetings[{i}] ({meeting.kind}): {error}") from None
        event = icalendar.Event()
        uid = f"{_slug(plan.municipality)}-{plan.period}-{plan_key}-meeting-{i}@kansen"
        event.add("uid", uid)
        event.add("dtstamp", moment)
        event.add("summary", f"{meeting.kind} ({plan.municipality})")
        event.add("dtstart", start)
        event.add(
            "rrule",
            {
                "freq": recurrence.freq,
                "interval": recurrence.interval,
                "until": plan.period.last_day,
            },
        )
        description = [
            f"Doel: {meeting.goal}",
            f"Frequentie: {meeting.frequency}",
            f"Samenstelling: {meeting.composition}",
        ]
        event.add("description", "\n".join(description))
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "plan"
