"""Small allocations computed by hand, to the cent."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest

from kansen.allocation import allocate

#: (budget, units as (code, need, population[, decile]), options, expected amounts,
#:  units fixed at the cap, units raised to the floor, rounds)
CASES = [
    # 100 / 3 = 33.333...: rounded down 99.99; the last cent goes to A (equal remainders and
    # weights, so the code decides).
    ("100.00", [("A", 1, 1), ("B", 1, 1), ("C", 1, 1)], {},
     ["33.34", "33.33", "33.33"], [], [], 1),
    # Weights 200 : 100 : 100 of 1,000: exact.
    ("1000.00", [("A", 2, 100), ("B", 1, 100), ("C", 1, 100)], {},
     ["500.00", "250.00", "250.00"], [], [], 1),
    # Weights 8 : 1 : 1 with a cap of 500: A would get 800, is capped, and the 300 it frees
    # goes to B and C by weight (1 : 1).
    ("1000.00", [("A", 8, 1), ("B", 1, 1), ("C", 1, 1)], {"cap": "500"},
     ["500.00", "250.00", "250.00"], ["A"], [], 2),
    # Weights 97 : 2 : 1 with a floor of 100: B (20) and C (10) are raised to 100; the 170 this
    # takes comes from A: 1,000 - 200 = 800.
    ("1000.00", [("A", 97, 1), ("B", 2, 1), ("C", 1, 1)], {"floor": "100"},
     ["800.00", "100.00", "100.00"], [], ["B", "C"], 2),
    # Weights 6 : 3 : 1, floor 150, cap 500. Round 1: 600, 300, 100; the cap frees 100 and the
    # floor takes 50: fix A at 500. Round 2: 500 over 3 : 1 = 375, 125; C below the floor: 150.
    # Round 3: B gets the rest, 350.
    ("1000.00", [("A", 6, 1), ("B", 3, 1), ("C", 1, 1)], {"floor": "150", "cap": "500"},
     ["500.00", "350.00", "150.00"], ["A"], ["C"], 3),
    # Caps in a cascade: 100 over 10 : 5 : 1 with cap 40. Round 1: 62.50, 31.25, 6.25: A capped.
    # Round 2: 60 over 5 : 1 = 50, 10: B capped. Round 3: C gets 20.
    ("100.00", [("A", 10, 1), ("B", 5, 1), ("C", 1, 1)], {"cap": "40"},
     ["40.00", "40.00", "20.00"], ["A", "B"], [], 3),
    # Threshold: only deciles 1 and 2 share; C (decile 3) gets nothing.
    ("90.00", [("A", 1, 10, 1), ("B", 1, 10, 2), ("C", 1, 10, 3)], {"max_decile": 2},
     ["45.00", "45.00", "0.00"], [], [], 1),
    # 1.00 over 1 : 2: 0.333... and 0.666...; the cent goes to the larger remainder (B).
    ("1.00", [("A", 1, 1), ("B", 2, 1)], {}, ["0.33", "0.67"], [], [], 1),
    # 0.10 over 1 : 3: 0.025 and 0.075, equal remainders of half a cent: the larger weight (B)
    # gets the cent, although A comes first by code.
    ("0.10", [("A", 1, 1), ("B", 3, 1)], {}, ["0.02", "0.08"], [], [], 1),
    # 0.05 over three: 0.0166... each; two cents left, to A and B by code.
    ("0.05", [("A", 1, 1), ("B", 1, 1), ("C", 1, 1)], {}, ["0.02", "0.02", "0.01"], [], [], 1),
    # Decimal needs: 61.3 x 2,140 = 131,182 and 38.7 x 1,000 = 38,700 (total 169,882).
    # 10,000 x 131,182 / 169,882 = 7,721.948 -> 7,721.94 + the cent (remainder 0.82 cent
    # against 0.18 for B's 2,278.052 -> 2,278.05).
    ("10000.00", [("A", Decimal("61.3"), 2140), ("B", Decimal("38.7"), 1000)], {},
     ["7721.95", "2278.05"], [], [], 1),
    # The same needs as floats: read by their shortest representation, so exactly the same.
    ("10000.00", [("A", 61.3, 2140), ("B", 38.7, 1000)], {}, ["7721.95", "2278.05"], [], [], 1),
    # A unit of need 0 gets the floor and nothing more: 300 - 50 = 250 over B and C.
    ("300.00", [("A", 0, 500), ("B", 1, 1), ("C", 1, 1)], {"floor": "50"},
     ["50.00", "125.00", "125.00"], [], ["A"], 2),
    # Without a floor it gets nothing.
    ("300.00", [("A", 0, 500), ("B", 1, 1), ("C", 1, 1)], {},
     ["0.00", "150.00", "150.00"], [], [], 1),
    # Exactly at the cap is not "capped": 100 over 3 : 1 with cap 75.
    ("100.00", [("A", 3, 1), ("B", 1, 1)], {"cap": "75"}, ["75.00", "25.00"], [], [], 1),
    # A budget of zero gives zero to all.
    ("0", [("A", 3, 1), ("B", 1, 1)], {}, ["0.00", "0.00"], [], [], 1),
]  # fmt: skip


def frame(units: list[tuple[object, ...]]) -> pd.DataFrame:
    columns = ["code", "need", "population", "decile"][: len(units[0])]
    return pd.DataFrame(units, columns=columns)


@pytest.mark.parametrize(
    ("budget", "units", "options", "expected", "capped", "floored", "rounds"), CASES
)
def test_hand_computed_cases(
    budget: str,
    units: list[tuple[object, ...]],
    options: dict[str, object],
    expected: list[str],
    capped: list[str],
    floored: list[str],
    rounds: int,
) -> None:
    result = allocate(frame(units), budget, **options)  # type: ignore[arg-type]
    assert [str(a) for a in result.amounts.values()] == expected
    assert result.total == Decimal(budget)
    assert [s.code for s in result.shares if s.cap_applied] == capped
    assert [s.code for s in result.shares if s.floor_applied] == floored
    assert result.rounds == rounds


def test_every_share_explains_itself() -> None:
    units = pd.DataFrame(
        {
            "code": ["BU1", "BU2", "BU3"],
            "name": ["Noord", None, "Zuid"],
            "need": [Decimal("2"), Decimal("1"), Decimal("1")],
            "population": [100, 100, 100],
            "decile": [1, 2, 3],
        }
    )
    result = allocate(units, "1000.00", max_decile=2, cap="600")
    north, second, south = result.shares
    assert north.weight == 200
    assert north.weight_share == Fraction(2, 3)
    assert north.proportional_amount == Fraction(2000, 3)
    assert north.raw_amount == 600
    assert north.amount == Decimal("600.00")
    assert (north.cap_applied, north.floor_applied, north.excluded_by_threshold) == (
        True,
        False,
        False,
    )
    assert north.rounding_adjustment == 0
    assert second.raw_amount == 400
    assert second.proportional_amount == Fraction(1000, 3)
    assert (south.eligible, south.excluded_by_threshold, south.amount) == (
        False,
        True,
        Decimal("0.00"),
    )
    assert south.weight_share == 0


def test_the_rounding_adjustment_is_what_rounding_added() -> None:
    result = allocate(frame([("A", 1, 1), ("B", 1, 1), ("C", 1, 1)]), "100.00")
    a, b, _ = result.shares
    assert a.extra_cent
    assert not b.extra_cent
    assert a.raw_amount == Fraction(100, 3)
    assert a.rounding_adjustment == Fraction(1, 150)  # 33.34 - 33.333... = +0.00666...
    assert b.rounding_adjustment == Fraction(-1, 300)  # 33.33 - 33.333... = -0.00333...
