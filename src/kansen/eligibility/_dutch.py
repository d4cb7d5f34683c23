"""Dutch formatting for the explanations: euros, percentages, dates and age ranges."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

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
    """``Decimal("118")`` -> ``"118%"``, ``Decimal("118.5")`` -> ``"118,5%"``; two decimals
    only when the value has them (``Decimal("120.05")`` -> ``"120,05%"``)."""
    if value == value.to_integral_value():
        places = 0
    else:
        places = 1 if value == value.quantize(Decimal("0.1")) else 2
    return f"{number(value, places)}%"


def income_percent(ratio: Decimal, verdicts: Iterable[tuple[Decimal, bool]] = ()) -> Decimal:
    """An income as a percentage of the social minimum, rounded for display so that it never
    contradicts a verdict: the one rounding used by every sentence and page of the check.

    One decimal, rounded half up. When that would show an income above a limit as at or below
    it (120.04% of a 120% limit would read "120,0%"), or an income within a limit as above it,
    two decimals are shown instead, rounded towards the verdict: up when the income is above
    the limit ("120,05%"), down when it is within ("119,99%"); never beyond the limit on the
    wrong side (a verdict decided on euros rounded to cents wins over the ratio). Two decimals
    rather than a rounded-up tenth, because "120,1%" would overstate the income by almost 0.1
    point.

    Parameters
    ----------
    ratio : Decimal
        The exact percentage (income * 100 / norm).
    verdicts : iterable of (Decimal, bool)
        Per limit in percent the same ratio is compared with: whether the income is within
        it (the verdict, which is decided on euros and so may differ from ``ratio <= limit``
        by rounding to cents).

    Returns
    -------
    Decimal
        With one or two decimals; format with :func:`percent`.

    Examples
    --------
    >>> income_percent(Decimal("120.049"), [(Decimal(120), False)])
    Decimal('120.05')
    >>> income_percent(Decimal("120.049"))
    Decimal('120.0')
    >>> income_percent(Decimal("119.96"), [(Decimal(120), True)])
    Decimal('120.0')
    """
    tenth = ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    verdicts = list(verdicts)
    if all((tenth <= limit) == within for limit, within in verdicts):
        return tenth
    limit, within = next((limit, w) for limit, w in verdicts if (tenth <= limit) != w)
    hundredth = Decimal("0.01")
    if within:  # never above the limit, even when the verdict was decided on rounded cents
        return min(ratio.quantize(hundredth, rounding=ROUND_DOWN), limit.quantize(hundredth))
    return max(ratio.quantize(hundredth, rounding=ROUND_UP), limit + hundredth)


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
