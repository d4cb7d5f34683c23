"""Properties over many random allocations (a seeded numpy loop; hypothesis is not installed)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from kansen.allocation import Allocation, AllocationError, allocate

CASES = 400


def random_units(rng: np.random.Generator, n: int) -> pd.DataFrame:
    needs = np.round(rng.gamma(2.0, 20.0, n), 1)
    needs[rng.random(n) < 0.1] = 0.0  # some units without need
    return pd.DataFrame(
        {
            "code": [f"U{i:03d}" for i in rng.permutation(n)],
            "need": needs,
            "population": rng.integers(0, 5_000, n),
            "decile": rng.integers(1, 11, n),
        }
    )


def random_settings(rng: np.random.Generator, n: int) -> dict[str, object]:
    budget_cents = int(rng.integers(0, 10**8))
    settings: dict[str, object] = {"budget": Decimal(budget_cents) / 100}
    if rng.random() < 0.3:
        settings["max_decile"] = int(rng.integers(1, 11))
    per_unit = budget_cents / max(n, 1)
    if rng.random() < 0.5:
        settings["floor"] = Decimal(int(rng.uniform(0, 1.2) * per_unit)) / 100
    if rng.random() < 0.5:
        settings["cap"] = Decimal(int(rng.uniform(0.5, 4) * per_unit)) / 100
    return settings


def check(result: Allocation, settings: dict[str, object]) -> None:
    """Everything an allocation promises."""
    budget = settings["budget"]
    floor, cap = settings.get("floor"), settings.get("cap")
    assert result.total == budget
    free_levels = set()
    for s in result.shares:
        assert s.amount == s.amount.quantize(Decimal("0.01"))
        if not s.eligible:
            assert s.amount == 0
            assert s.raw_amount == 0
            continue
        assert abs(Fraction(s.amount) - s.raw_amount) < Fraction(1, 100)
        if floor is not None:
            assert s.amount >= floor  # type: ignore[operator]
        if cap is not None:
            assert s.amount <= cap  # type: ignore[operator]
        if s.weight > 0 and not (s.cap_applied or s.floor_applied):
            free_levels.add(s.raw_amount / Fraction(s.weight))
    # Free units all get the same amount per unit of weight (the "level") ...
    assert len(free_levels) <= 1
    # ... and units were only fixed at a bound that the level would have crossed.
    for level in free_levels:
        for s in result.shares:
            if s.cap_applied:
                assert level * Fraction(s.weight) >= Fraction(cap)  # type: ignore[arg-type]
            if s.floor_applied:
                assert level * Fraction(s.weight) <= Fraction(floor)  # type: ignore[arg-type]


def test_random_allocations_add_up_to_the_cent_within_floors_caps_and_threshold() -> None:
    rng = np.random.default_rng(20_260_101)
    outcomes = {"allocated": 0, "refused": 0}
    for _ in range(CASES):
        n = int(rng.integers(1, 40))
        units = random_units(rng, n)
        settings = random_settings(rng, n)
        try:
            result = allocate(units, **settings)  # type: ignore[arg-type]
        except AllocationError as error:
            outcomes["refused"] += 1
            assert_refusal_is_justified(units, settings, str(error))
            continue
        outcomes["allocated"] += 1
        check(result, settings)
        max_decile = settings.get("max_decile")
        if max_decile is not None:
            outside = units["decile"].to_numpy() > max_decile
            assert [s.excluded_by_threshold for s in result.shares] == outside.tolist()
    assert outcomes["allocated"] > CASES / 2
    assert outcomes["refused"] > 10


def assert_refusal_is_justified(
    units: pd.DataFrame, settings: dict[str, object], message: str
) -> None:
    """A refusal must be one of the impossible situations, and say so."""
    budget = Decimal(str(settings["budget"]))
    eligible = units
    if settings.get("max_decile") is not None:
        eligible = units[units["decile"] <= settings["max_decile"]]
    n = len(eligible)
    weighted = int(((eligible["need"] > 0) & (eligible["population"] > 0)).sum())
    floor = settings.get("floor")
    cap = settings.get("cap")
    floor_total = n * floor if floor is not None else Decimal(0)  # type: ignore[operator]
    if n == 0:
        assert "no unit is eligible" in message
    elif floor is not None and cap is not None and floor > cap:  # type: ignore[operator]
        assert "is above the cap" in message
    elif floor_total > budget:
        assert "the floors need" in message
    elif weighted == 0:
        assert "weigh zero" in message
    else:
        assert cap is not None
        assert "the caps allow at most" in message
        limit = weighted * cap + (n - weighted) * (floor or 0)  # type: ignore[operator]
        assert limit < budget


def test_more_need_never_gives_less_money_with_equal_population() -> None:
    rng = np.random.default_rng(11)
    for _ in range(100):
        n = int(rng.integers(2, 30))
        units = pd.DataFrame(
            {
                "code": [f"B{i:02d}" for i in range(n)],
                "need": np.round(rng.uniform(0, 100, n), 1),
                "population": [1_500] * n,
            }
        )
        budget = Decimal(int(rng.integers(1, 10**7))) / 100
        amounts = allocate(units, budget).amounts
        by_need = units.sort_values("need")
        series = [amounts[c] for c in by_need["code"]]
        assert series == sorted(series)
        # Raising one unit's need never lowers its own amount.
        i = int(rng.integers(0, n))
        more = units.copy()
        more.loc[i, "need"] = more.loc[i, "need"] + float(rng.uniform(0.1, 20))
        code = units.loc[i, "code"]
        assert allocate(more, budget).amounts[code] >= amounts[code]


def test_shuffling_the_rows_gives_the_same_shares() -> None:
    rng = np.random.default_rng(12)
    for _ in range(60):
        n = int(rng.integers(2, 40))
        units = random_units(rng, n)
        units["need"] = np.where(rng.random(n) < 0.5, 10.0, units["need"])  # many ties
        units["population"] = np.where(rng.random(n) < 0.5, 100, units["population"])
        settings = random_settings(rng, n)
        try:
            result = allocate(units, **settings)  # type: ignore[arg-type]
        except AllocationError:
            continue
        shuffled = units.iloc[rng.permutation(n)].reset_index(drop=True)
        again = allocate(shuffled, **settings)  # type: ignore[arg-type]
        assert again.amounts == result.amounts
        assert {s.code: s.explanation for s in again.shares} == {
            s.code: s.explanation for s in result.shares
        }
        assert [s.code for s in again.shares] == shuffled["code"].tolist()  # input order


@pytest.mark.parametrize("seed", range(5))
def test_ties_are_broken_by_code_in_text_order(seed: int) -> None:
    # 1.00 over 7 equal units: 0.142857... each, rounded down 0.98; the two cents go to the
    # first two codes in text order ("BU10" sorts before "BU2").
    codes = ["BU2", "BU10", "BU3", "BU1", "BU7", "BU5", "BU4"]
    order = np.random.default_rng(seed).permutation(len(codes))
    units = pd.DataFrame(
        {"code": [codes[i] for i in order], "need": [1] * 7, "population": [1] * 7}
    )
    amounts = allocate(units, "1.00").amounts
    assert {c for c, a in amounts.items() if a == Decimal("0.15")} == {"BU1", "BU10"}
    assert sum(amounts.values()) == Decimal("1.00")
