"""Amounts and percentages in the format of the active language (1.234,56 or 1,234.56)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(value: Decimal | int | None) -> str:
    """``Decimal("1926.4")`` -> ``"€ 1.926,40"`` in Dutch, ``"€ 1,926.40"`` in English."""
    if value is None:
        return ""
    return f"€\u00a0{number_format(value, 2, use_l10n=True, force_grouping=True)}"


@register.filter
def percent(value: Decimal | None) -> str:
    """``Decimal("120.0")`` -> ``"120,0%"`` in Dutch, ``"120.0%"`` in English; one decimal, or
    two when the value has them (:func:`kansen.eligibility.income_percent` gives two where one
    would contradict a verdict: ``"120,05%"``)."""
    if value is None:
        return ""
    places = 2 if value != value.quantize(Decimal("0.1")) else 1
    return f"{number_format(value, places, use_l10n=True, force_grouping=True)}%"
