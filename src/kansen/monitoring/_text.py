"""Statuses and reasons in words: English here, Dutch from the platform's catalogs (ADR 0015)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from kansen.problems import fill, translations

from ._progress import REASON_TEXTS, STATUS_LABELS, Reason, Status


def number_in(value: Decimal | int, language: str) -> str:
    """A figure as a reader of ``language`` writes it: ``12,5`` in Dutch, ``12.5`` in English
    (no thousands separators, so a year stays a year).

    >>> number_in(Decimal("12.5"), "nl"), number_in(Decimal("-0.25"), "en"), number_in(2023, "nl")
    ('12,5', '-0.25', '2023')
    """
    text = str(value)
    return text.replace(".", ",") if language == "nl" else text


def status_label(status: Status, language: str = "en") -> str:
    """The name of a status in ``language`` (``"nl"`` or ``"en"``).

    >>> status_label("needs_acceleration"), status_label("within_margin", "nl")
    ('needs acceleration', 'binnen de marge')
    """
    return translations(language).gettext(STATUS_LABELS[status])


def reason_text(reason: Reason, language: str = "en") -> str:
    """The reason of a status in ``language``, its figures written as there.

    >>> from kansen.monitoring import Reason
    >>> reason_text(Reason("progress.too_few", {"count": 0, "baseline_year": 2022, "needed": 1}))
    '0 measurement(s) after the baseline year 2022; at least 1 needed'
    """
    text = REASON_TEXTS.get(reason.code)
    if text is None:
        return reason.code
    catalog = translations(language)
    params: dict[str, Any] = {
        name: number_in(value, language) if isinstance(value, Decimal) else value
        for name, value in reason.params.items()
    }
    if "when" in params:  # a year ("2025") or a date ("2025-07-01"): "in 2025", "on 2025-07-01"
        when = str(params["when"])
        preposition = PERIOD if _YEAR.fullmatch(when) else DAY
        params["when"] = fill(catalog.gettext(preposition), {"when": when})
    return fill(catalog.gettext(text.message), params)


#: How the time of a measurement reads in a reason: a year, or a day (ISO 8601).
PERIOD, DAY = "in {when}", "on {when}"

_YEAR = re.compile(r"[0-9]{4}")
