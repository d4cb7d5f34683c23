"""Agreed meetings as calendar entries: frequencies, recurrence counts, iCalendar."""

from __future__ import annotations

from datetime import date, datetime

import icalendar
import pytest
from dateutil.rrule import rrulestr

from kansen.plans import (
    Agreements,
    Meeting,
    Period,
    Plan,
    PlanKind,
    meeting_dates,
    meetings_calendar,
    parse_frequency,
)

FREQUENCIES = [
    # Amersfoort's beleidsoverleg, and the 2021-2024 template's bestuurlijk overleg.
    ("2 keer per jaar", "FREQ=MONTHLY;INTERVAL=6"),
    # Amersfoort's bestuurlijk overleg.
    ("1 keer per jaar", "FREQ=YEARLY;INTERVAL=1"),
    # The template's knowledge session: "minimaal 1 keer per jaar".
    ("minimaal 1 keer per jaar", "FREQ=YEARLY;INTERVAL=1"),
    # Amersfoort's UPJO meetings: "4 x per jaar".
    ("4 x per jaar", "FREQ=MONTHLY;INTERVAL=3"),
    # A number in words.
    ("twee keer per jaar", "FREQ=MONTHLY;INTERVAL=6"),
    ("elk kwartaal", "FREQ=MONTHLY;INTERVAL=3"),
    ("Maandelijks", "FREQ=MONTHLY;INTERVAL=1"),
    ("jaarlijks", "FREQ=YEARLY;INTERVAL=1"),
    ("tweewekelijks", "FREQ=WEEKLY;INTERVAL=2"),
]


@pytest.mark.parametrize(("text", "rule"), FREQUENCIES)
def test_parse_frequency(text: str, rule: str) -> None:
    assert parse_frequency(text).rule == rule


@pytest.mark.parametrize(
    "text",
    [
        "af en toe",  # no number
        "5 keer per jaar",  # does not divide the year into equal months
        "",  # not agreed yet
        "2 keer per week",  # more often than the forms it knows
    ],
)
def test_unknown_frequency(text: str) -> None:
    with pytest.raises(ValueError, match="expected a frequency such as '2 keer per jaar'"):
        parse_frequency(text)


COUNTS = [
    # Twice a year over 2021-2024: eight meetings.
    ("2 keer per jaar", 8),
    ("1 keer per jaar", 4),
    ("elk kwartaal", 16),
    ("maandelijks", 48),
]


@pytest.mark.parametrize(("frequency", "count"), COUNTS)
def test_meeting_dates_over_the_period(frequency: str, count: int) -> None:
    dates = meeting_dates(Meeting("Bestuurlijk overleg", frequency=frequency), Period(2021, 2024))
    assert len(dates) == count
    assert dates[0] == date(2021, 1, 15)
    assert dates[-1] <= date(2024, 12, 31)


def test_twice_a_year_dates() -> None:
    dates = meeting_dates(
        Meeting("Overleg", frequency="2 keer per jaar"), Period(2021, 2024), first=date(2021, 3, 1)
    )
    assert dates == tuple(date(y, m, 1) for y in range(2021, 2025) for m in (3, 9))


def agenda(*meetings: Meeting) -> Plan:
    return Plan(
        kind=PlanKind.AGENDA,
        municipality="Demostad",
        title="GKA-agenda Demostad",
        period=Period(2021, 2024),
        agreements=Agreements(meetings=meetings),
    )


def expand(event: icalendar.Event) -> list[datetime]:
    start = event.decoded("dtstart")
    rule = event["rrule"].to_ical().decode()
    return list(rrulestr(rule, dtstart=datetime(start.year, start.month, start.day)))


def test_icalendar_recurrence_over_the_period() -> None:
    data = meetings_calendar(
        agenda(Meeting("Bestuurlijk overleg", "Voortgang", "2 keer per jaar", "Wethouder, OCW")),
        stamp=datetime(2021, 1, 1, 9, 0),
    )
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Bestuurlijk overleg (Demostad)"
    assert event["rrule"]["FREQ"] == ["MONTHLY"]
    assert event["rrule"]["INTERVAL"] == [6]
    assert len(expand(event)) == 8
    assert "Samenstelling: Wethouder, OCW" in str(event["description"])
    # Reproducible with a fixed stamp.
    assert (
        meetings_calendar(
            agenda(
                Meeting("Bestuurlijk overleg", "Voortgang", "2 keer per jaar", "Wethouder, OCW")
            ),
            stamp=datetime(2021, 1, 1, 9, 0),
        )
        == data
    )


def test_amersfoort_calendar(amersfoort: Plan) -> None:
    calendar = icalendar.Calendar.from_ical(meetings_calendar(amersfoort))
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Bestuurlijk overleg (Amersfoort)",
        "Beleidsoverleg (Amersfoort)",
    ]
    # 2019-2021: once a year is three meetings, twice a year six.
    assert [len(expand(e)) for e in events] == [3, 6]


def test_calendar_names_the_meeting_it_cannot_read() -> None:
    with pytest.raises(ValueError, match=r"agreements.meetings\[1\] \(Beleidsoverleg\)"):
        meetings_calendar(
            agenda(
                Meeting("Overleg", frequency="jaarlijks"),
                Meeting("Beleidsoverleg", frequency="soms"),
            )
        )
