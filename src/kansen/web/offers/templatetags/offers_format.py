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
    """``Decimal("120.0")`` -> ``"120,0%"`` in Dutch, ``"120.0%"`` in English."""
    if value is None:
        return ""
    return f"{number_format(value, 1, use_l10n=True, force_grouping=True)}%"
