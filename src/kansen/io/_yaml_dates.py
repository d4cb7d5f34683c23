"""Dates that YAML reads as dates but that do not exist (``2026-02-30``).

PyYAML turns an unquoted ``2026-02-30`` into a date while loading and fails with a bare
``ValueError: day is out of range for month``, without saying where. :func:`impossible_date`
finds the first such value and its line, so that a reader can say what is wrong and where.
"""

from __future__ import annotations

import datetime as dt
import re

# The YAML 1.1 timestamp forms PyYAML resolves to a date (the date part is what can fail).
_DATE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.-]|:\d)")


def impossible_date(text: str) -> str | None:
    """``"line N: 2026-02-30 is not a date that exists"`` for the first impossible date, else None.

    >>> impossible_date("a: 2026-02-28\\nb: 2026-02-30\\n")
    'line 2: 2026-02-30 is not a date that exists'
    >>> impossible_date("a: 2026-02-28") is None
    True
    """
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _DATE.finditer(line):
            year, month, day = (int(part) for part in match.groups())
            try:
                dt.date(year, month, day)
            except ValueError:
                return f"line {number}: {match.group(0)} is not a date that exists"
    return None
