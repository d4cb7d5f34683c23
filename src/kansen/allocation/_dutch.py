"""Dutch number formatting and the sentence that explains a unit's share."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

_NOUNS = {"BU": "Buurt", "WK": "Wijk", "GM": "Gemeente"}


def dutch_number(value: Decimal | int, places: int | None = None) -> str:
    """``1234.5`` -> ``"1.234,5"``: a dot between thousands and a decimal comma.

    Parameters
    ----------
    value : Decimal or int
        The number.
    places : int, optional
        Decimals to show (rounded half up); by default as many as ``value`` has.
    """
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:,f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def euro(amount: Decimal) -> str:
    """``Decimal("12345.67")`` -> ``"EUR 12.345,67"``."""
    return f"EUR {dutch_number(amount, 2)}"


def percent(share: Fraction) -> str:
    """``Fraction(42, 1000)`` -> ``"4,2%"``; a share above zero but below 0.05% is ``"<0,1%"``."""
    value = share * 100
    if 0 < value < Fraction(1, 20):
        return "<0,1%"
    return f"{dutch_number(Decimal(value.numerator) / Decimal(value.denominator), 1)}%"


def unit_label(code: str, name: str | None, noun: str | None) -> str:
    """``"Buurt Centrum (BU99990101)"``; the noun follows from a CBS code unless given."""
    if noun is None:
        noun = _NOUNS.get(code[:2].upper(), "Eenheid") if len(code) > 2 else "Eenheid"
    return f"{noun} {name} ({code})" if name else f"{noun} {code}"


def explain(
    *,
    label: str,
    amount: Decimal,
    eligible: bool,
    decile: int | None,
    max_decile: int | None,
    weight_share: Fraction,
    need: Decimal,
    population: int,
    people: str,
    status: str,
    floor: Decimal | None,
    cap: Decimal | None,
    proportional: Fraction,
    raw: Fraction,
) -> str:
    """One plain Dutch sentence saying what a unit gets and why."""
    if not eligible:
        allowed = "deciel 1" if max_decile == 1 else f"deciel 1 tot en met {max_decile}"
        return f"{label} krijgt niets: deciel {decile} valt buiten de drempel (alleen {allowed})."
    sentence = (
        f"{label} krijgt {euro(amount)}: {percent(weight_share)} van het gewicht "
        f"(behoefte {dutch_number(need)} x {dutch_number(population)} {people})"
    )
    if status == "cap" and cap is not None:
        sentence += f"; begrensd op het maximum van {euro(cap)}"
    elif status == "floor" and floor is not None:
        sentence += f"; opgehoogd tot het minimum van {euro(floor)}"
    elif raw != proportional:
        difference = raw - proportional
        more = "meer" if difference > 0 else "minder"
        sentence += (
            f"; door herverdeling rond minima en maxima {euro(_to_decimal(abs(difference)))} "
            f"{more} dan het "
            f"evenredige deel van {euro(_to_decimal(proportional))}"
        )
    return sentence + "."


def _to_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)
