"""Impossible or meaningless settings are refused with a reason."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from kansen.allocation import AllocationError, allocate


def units(**columns: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "code": ["A", "B", "C"],
        "need": [1, 2, 3],
        "population": [10, 10, 10],
        "decile": [1, 5, 9],
    }
    return pd.DataFrame(base | columns)


@pytest.mark.parametrize(
    ("table", "budget", "options", "message"),
    [
        # floors for 3 eligible units need 300, the budget is 250
        (units(), "250", {"floor": "100"},
         r"the floors need EUR 300\.00 \(3 eligible units x EUR 100\.00\), more than the budget "
         r"of EUR 250\.00"),
        # only deciles 1 and 5 are eligible with max_decile 5: floors for 2 units fit in 200
        # but not in 199.99
        (units(), "199.99", {"floor": "100", "max_decile": 5}, r"the floors need EUR 200\.00"),
        # caps of 3 x 100 cannot absorb 300.01
        (units(), "300.01", {"cap": "100"},
         r"the caps allow at most EUR 300\.00 \(3 eligible units x EUR 100\.00\), less than the "
         r"budget of EUR 300\.01: EUR 0\.01 would be left over"),
        # a unit without weight only ever gets the floor, so it cannot absorb what caps leave
        (units(need=[0, 2, 3]), "250", {"cap": "100", "floor": "10"},
         r"at most EUR 210\.00 \(2 eligible units x EUR 100\.00, plus the floor for 1 units "
         r"that weigh zero\)"),
        # no unit in deciles 1-3
        (units(decile=[5, 7, 9]), "100", {"max_decile": 3},
         r"no unit is eligible: the threshold admits deciles 1 to 3, but the units are in "
         r"deciles 5, 7, 9"),
        # every eligible unit weighs zero: nothing to split by
        (units(population=[0, 0, 0]), "100", {},
         r"all 3 eligible units weigh zero \(need x population = 0\)"),
        # a floor above the cap
        (units(), "100", {"floor": "50", "cap": "40"},
         r"the floor \(EUR 50\.00\) is above the cap \(EUR 40\.00\)"),
        # a negative need
        (units(need=[1, -2, 3]), "100", {}, r"unknown or negative for B"),
        # an unknown (suppressed) need is not zero
        (units(need=[1, np.nan, None]), "100", {}, r"a suppressed figure is not zero.*for B, C"),
        # a population that is not a whole number (2.140 read as 2.14)
        (units(population=[10, 2.14, 10]), "100", {}, r"whole number .*not so for B"),
        # a repeated code
        (units(code=["A", "B", "A"]), "100", {}, r"unit codes must be unique; repeated: A"),
        # a missing code
        (units(code=["A", None, "C"]), "100", {}, r"every unit needs a code; empty in rows 2"),
        # a missing column
        (units().drop(columns="need"), "100", {}, r"must have the column\(s\) 'need'"),
        # a threshold needs deciles
        (units().drop(columns="decile"), "100", {"max_decile": 3},
         r"must have the column\(s\) 'decile'"),
        # ... valid ones
        (units(decile=[1, 11, None]), "100", {"max_decile": 3},
         r"needs a decile 1-10; missing or invalid for B, C"),
        # a threshold out of range
        (units(), "100", {"max_decile": 0}, r"max_decile must be 1-10"),
        # a budget as a float
        (units(), 100.1, {}, r"not the float 100\.1: a float cannot hold most amounts"),
        # a budget in fractions of a cent
        (units(), "100.005", {}, r"budget must be in whole cents, not '100\.005'"),
        # a negative budget
        (units(), "-1", {}, r"budget must be an amount of zero or more"),
        # text that is not an amount
        (units(), "honderd", {}, r"budget must be an amount in euros"),
        # no units at all
        (units().iloc[:0], "100", {}, r"units is empty"),
    ],
)  # fmt: skip
def test_impossible_settings_say_why(
    table: pd.DataFrame, budget: object, options: dict[str, object], message: str
) -> None:
    with pytest.raises(AllocationError, match=message):
        allocate(table, budget, **options)  # type: ignore[arg-type]


def test_floors_that_use_exactly_the_budget_are_fine() -> None:
    result = allocate(units(), Decimal("300.00"), floor="100")
    assert set(result.amounts.values()) == {Decimal("100.00")}
    assert all(s.floor_applied for s in result.shares[:2])


def test_caps_that_take_exactly_the_budget_are_fine() -> None:
    result = allocate(units(), "300", cap="100.00")
    assert set(result.amounts.values()) == {Decimal("100.00")}
