"""Dutch formatting for the explanations: euros, percentages, dates and age ranges."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def number(value: Decimal, places: int) -> str:
    """``Decimal("1234.5")``, 2 -> ``"1.234,50"``: dots between thousands, a decimal comma."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def euro(amount: Decimal) -> str:
    """``"€ 1.540,60"``; whole euros without cents: ``"€ 8.000"``."""
    places = 0 if amount == amount.to_integral_value() else 2
    return f"€ {number(amount, places)}"


def percent(value: Decimal) -> str:
    """``Decimal("118")`` -> ``"118%"``, ``Decimal("118.5")`` -> ``"118,5%"``."""
    places = 0 if value == value.to_integral_value() else 1
    return f"{number(value, places)}%"


def long_date(day: date) -> str:
    """``date(2025, 7, 1)`` -> ``"1 juli 2025"``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def age_range(min_age: int | None, max_age: int | None) -> str:
    """``(4, 17)`` -> ``"van 4 tot en met 17 jaar"``; open ends read naturally."""
    if min_age is not None and max_age is not None:
        if min_age == max_age:
            return f"van {min_age} jaar"
        return f"van {min_age} tot en met {max_age} jaar"
    if max_age is not None:
        return f"tot en met {max_age} jaar"
    return f"van {min_age} jaar of ouder"
