"""The result of an allocation: one self-explaining record per unit, and the whole split."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pandas as pd

#: Columns of :meth:`Allocation.to_frame` and of the allocation CSV, in order.
ALLOCATION_COLUMNS = (
    "code",
    "name",
    "decile",
    "need",
    "population",
    "weight",
    "weight_share",
    "proportional_amount",
    "raw_amount",
    "amount",
    "floor_applied",
    "cap_applied",
    "excluded_by_threshold",
    "extra_cent",
    "rounding_adjustment",
    "explanation",
)
#: Decimals of the exact (fractional) amounts in tables and CSV files.
EXACT_PLACES = 6


class AllocationError(ValueError):
    """Settings or units that make an allocation impossible or meaningless; says why."""


@dataclass(frozen=True)
class UnitShare:
    """What one unit (area or school) gets, and why.

    Attributes
    ----------
    code : str
        The unit's code.
    name : str or None
        Its name, when given.
    decile : int or None
        Its decile (1 = most deprived), when given.
    need : Decimal
        Its need score.
    population : int
        Its inhabitants (or pupils).
    weight : Decimal
        ``need x population``.
    weight_share : Fraction
        Its share of the total weight of the eligible units (0 when not eligible).
    proportional_amount : Fraction
        ``budget x weight_share``: what it would get without floor, cap and rounding.
    raw_amount : Fraction
        The exact amount after floors and caps and the redistribution they cause, before
        rounding to cents.
    amount : Decimal
        What it gets, in whole cents.
    floor_applied, cap_applied : bool
        Whether its amount was raised to the floor or limited to the cap.
    excluded_by_threshold : bool
        Whether its decile put it outside the threshold (it gets nothing).
    extra_cent : bool
        Whether largest-remainder rounding gave it the cent above its rounded-down amount.
    rounding_adjustment : Fraction
        ``amount - raw_amount``: between -0.01 and +0.01 euro.
    explanation : str
        One plain Dutch sentence, e.g. ``"Buurt X krijgt EUR 12.345,67: 4,2% van het gewicht
        (behoefte 61,3 x 2.140 inwoners)."``
    """

    code: str
    name: str | None
    decile: int | None
    need: Decimal
    population: int
    weight: Decimal
    weight_share: Fraction
    proportional_amount: Fraction
    raw_amount: Fraction
    amount: Decimal
    floor_applied: bool
    cap_applied: bool
    excluded_by_threshold: bool
    extra_cent: bool
    rounding_adjustment: Fraction
    explanation: str

    @property
    def eligible(self) -> bool:
        """Whether the unit shares in the budget (its decile is within the threshold)."""
        return not self.excluded_by_threshold


@dataclass(frozen=True)
class Allocation:
    """A budget split over units in proportion to need x population, within floors and caps.

    Attributes
    ----------
    budget : Decimal
        The budget in euros (whole cents); the amounts add up to it exactly.
    max_decile : int or None
        Only units in deciles 1 to ``max_decile`` were eligible (None: all units).
    floor, cap : Decimal or None
        The minimum per eligible unit and the maximum per unit (None: none).
    shares : tuple of UnitShare
        One record per unit, in input order.
    rounds : int
        How many rounds of fixing units at their floor or cap and redistributing the rest
        were needed (1 when no floor or cap bit).
    """

    budget: Decimal
    max_decile: int | None
    floor: Decimal | None
    cap: Decimal | None
    shares: tuple[UnitShare, ...]
    rounds: int

    @property
    def amounts(self) -> dict[str, Decimal]:
        """The amount per unit code."""
        return {share.code: share.amount for share in self.shares}

    @property
    def total(self) -> Decimal:
        """The sum of the amounts (equal to the budget)."""
        return sum((share.amount for share in self.shares), Decimal("0.00"))

    def share(self, code: str) -> UnitShare:
        """Return the record of one unit (KeyError when there is none)."""
        for share in self.shares:
            if share.code == code:
                return share
        raise KeyError(f"no unit with code {code!r} in this allocation")

    def to_frame(self) -> pd.DataFrame:
        """One row per unit with the columns :data:`ALLOCATION_COLUMNS`.

        Money and weights are :class:`~decimal.Decimal` (the exact fractions rounded to six
        decimals), ``weight_share`` a float, ``decile`` an integer or None.
        """
        records = [
            {
                "code": s.code,
                "name": s.name,
                "decile": s.decile,
                "need": s.need,
                "population": s.population,
                "weight": s.weight,
                "weight_share": float(s.weight_share),
                "proportional_amount": exact_decimal(s.proportional_amount),
                "raw_amount": exact_decimal(s.raw_amount),
                "amount": s.amount,
                "floor_applied": s.floor_applied,
                "cap_applied": s.cap_applied,
                "excluded_by_threshold": s.excluded_by_threshold,
                "extra_cent": s.extra_cent,
                "rounding_adjustment": exact_decimal(s.rounding_adjustment),
                "explanation": s.explanation,
            }
            for s in self.shares
        ]
        frame = pd.DataFrame(records, columns=list(ALLOCATION_COLUMNS))
        # Keep deciles as int or None (pandas would turn a column with gaps into floats).
        frame["decile"] = pd.Series([s.decile for s in self.shares], dtype=object)
        return frame


def exact_decimal(value: Fraction) -> Decimal:
    """A fraction as a Decimal with :data:`EXACT_PLACES` decimals (half to even)."""
    quantum = Decimal(1).scaleb(-EXACT_PLACES)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        quantum, rounding=ROUND_HALF_EVEN
    )
