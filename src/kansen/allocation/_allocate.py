"""Split a budget over units by need x population: threshold, floors, caps, exact cents."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import MAX_PREC, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import overload

import numpy as np
import pandas as pd

from ._dutch import explain, unit_label
from ._model import Allocation, AllocationError, UnitShare
from ._solve import Status, largest_remainder, split_with_bounds

#: How many offending units an error message lists before summarising the rest.
_LIST_LIMIT = 10
_CENT = Decimal("0.01")

Money = Decimal | int | str


def allocate(
    units: pd.DataFrame,
    budget: Money,
    *,
    max_decile: int | None = None,
    floor: Money | None = None,
    cap: Money | None = None,
    people: str = "inwoners",
    unit_noun: str | None = None,
) -> Allocation:
    """Split a budget over units in proportion to need x population ("ongelijk investeren").

    1. **Threshold**: with ``max_decile``, only units in deciles 1 to ``max_decile`` (decile 1
       is the most deprived tenth) are eligible; the others get nothing.
    2. **Weights**: each eligible unit weighs ``need x population``.
    3. **Floors and caps**: every eligible unit gets at least ``floor`` and every unit at most
       ``cap``. The amounts are ``min(cap, max(floor, level x weight))`` at the one level where
       they add up to the budget: what the caps free up and what the floors take is shared
       again over the other units by weight, round after round (see :attr:`Allocation.rounds`).
    4. **Cents**: the exact amounts are rounded down to cents and the missing cents go one each
       to the units with the largest remainders (Hamilton's method), so the amounts add up to
       the budget exactly. Ties are broken deterministically: the larger remainder first, then
       the larger weight, then the code in text order; the order of the rows never matters.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit (area or school): ``code`` (unique), ``need`` (a need score, zero or
        more, e.g. a deprivation score), ``population`` (inhabitants or pupils, a whole
        number), and optionally ``name`` and ``decile`` (1-10; required with ``max_decile``).
        Needs may be Decimal, int, float or text; a float is read by its shortest
        representation (``61.3`` is 61.3 exactly).
    budget : Decimal, int or str
        The amount in euros, in whole cents, e.g. ``Decimal("250000.00")`` or ``"250000"``.
        Floats are refused: they cannot hold most cents exactly.
    max_decile : int, optional
        The threshold, 1-10.
    floor, cap : Decimal, int or str, optional
        The minimum per eligible unit and the maximum per unit, in whole cents.
    people : str, default "inwoners"
        What population counts, for the explanations, e.g. ``"leerlingen"`` for schools.
    unit_noun : str, optional
        The word for a unit in the explanations (``"School"``); by default ``Buurt``, ``Wijk``
        or ``Gemeente`` from a CBS code, else ``Eenheid``.

    Returns
    -------
    Allocation
        The amounts with one explained record per unit, in input order.

    Raises
    ------
    AllocationError
        With the reason when the units or settings make the split impossible: missing columns,
        repeated codes, unknown or negative needs or populations, a threshold or decile out of
        range, no eligible unit, a floor above the cap, floors that need more than the budget,
        caps that cannot absorb the budget, or eligible units that all weigh zero.

    Examples
    --------
    >>> import pandas as pd
    >>> units = pd.DataFrame({"code": ["BU01", "BU02", "BU03"], "need": [2, 1, 1],
    ...                       "population": [100, 100, 100]})
    >>> result = allocate(units, "1000.00", cap="450.00")
    >>> [str(a) for a in result.amounts.values()]
    ['450.00', '275.00', '275.00']
    >>> result.share("BU01").explanation
    'Buurt BU01 krijgt EUR 450,00: 50,0% van het gewicht (behoefte 2 x 100 inwoners); begrensd op het maximum van EUR 450,00.'
    """  # noqa: E501
    total = _money(budget, "budget")
    floor_amount = None if floor is None else _money(floor, "floor")
    cap_amount = None if cap is None else _money(cap, "cap")
    table = _read_units(units, max_decile)
    eligible = table.eligible
    n_eligible = sum(eligible)
    if n_eligible == 0:
        deciles = sorted({d for d in table.deciles if d is not None})
        raise AllocationError(
            f"no unit is eligible: the threshold admits deciles 1 to {max_decile}, but the "
            f"units are in deciles {', '.join(map(str, deciles))}"
        )
    weights = [w if e else Decimal(0) for w, e in zip(table.weights, eligible, strict=True)]
    _check_feasible(total, floor_amount, cap_amount, weights, eligible)

    # Exact integer arithmetic: cents, and weights scaled to whole numbers.
    index = [i for i, e in enumerate(eligible) if e]
    scaled = _whole_numbers([weights[i] for i in index])
    split = split_with_bounds(scaled, _cents(total), _cents(floor_amount), _cents(cap_amount))
    priority: list[tuple[object, ...]] = [
        (-w, table.codes[i]) for w, i in zip(scaled, index, strict=True)
    ]
    rounded = largest_remainder(split, _cents(total), priority)

    # Spread the results of the eligible units over all units (the others get nothing).
    raw = [Fraction(0)] * len(table.codes)
    status: list[Status] = ["free"] * len(table.codes)
    cents = [0] * len(table.codes)
    gets_cent = [False] * len(table.codes)
    for k, i in enumerate(index):
        raw[i] = split.exact(k) / 100
        status[i] = split.status[k]
        cents[i] = rounded[k]
        gets_cent[i] = rounded[k] > split.cents(k)[0]
    total_weight = sum(scaled)
    budget_euros = Fraction(total)
    weight_of = dict(zip(index, scaled, strict=True))
    shares = []
    for i, code in enumerate(table.codes):
        share = Fraction(weight_of.get(i, 0), total_weight) if total_weight else Fraction(0)
        amount = Decimal(cents[i]) * _CENT
        proportional = budget_euros * share
        explanation = explain(
            label=unit_label(code, table.names[i], unit_noun),
            amount=amount,
            eligible=eligible[i],
            decile=table.deciles[i],
            max_decile=max_decile,
            weight_share=share,
            need=table.needs[i],
            population=table.populations[i],
            people=people,
            status=status[i],
            floor=floor_amount,
            cap=cap_amount,
            proportional=proportional,
            raw=raw[i],
        )
        shares.append(
            UnitShare(
                code=code,
                name=table.names[i],
                decile=table.deciles[i],
                need=table.needs[i],
                population=table.populations[i],
                weight=table.weights[i],
                weight_share=share,
                proportional_amount=proportional,
                raw_amount=raw[i],
                amount=amount,
                floor_applied=status[i] == "floor",
                cap_applied=status[i] == "cap",
                excluded_by_threshold=not eligible[i],
                extra_cent=gets_cent[i],
                rounding_adjustment=Fraction(cents[i], 100) - raw[i],
                explanation=explanation,
            )
        )
    return Allocation(total, max_decile, floor_amount, cap_amount, tuple(shares), split.rounds)


@dataclass(frozen=True)
class _Units:
    codes: list[str]
    names: list[str | None]
    needs: list[Decimal]
    populations: list[int]
    deciles: list[int | None]
    eligible: list[bool]
    weights: list[Decimal]


def _read_units(units: pd.DataFrame, max_decile: int | None) -> _Units:
    required = ["code", "need", "population"] + (["decile"] if max_decile is not None else [])
    missing = [c for c in required if c not in units.columns]
    if missing:
        raise AllocationError(
            f"units must have the column(s) {', '.join(map(repr, missing))}; the columns "
            f"given are {', '.join(map(repr, map(str, units.columns))) or 'none'}"
        )
    if units.empty:
        raise AllocationError("units is empty: there is nothing to split the budget over")
    codes = [_code(value) for value in units["code"]]
    if any(code is None for code in codes):
        raise AllocationError(f"every unit needs a code; empty in rows {_rows(codes, None)}")
    texts = [str(code) for code in codes]
    repeated = sorted(code for code, count in Counter(texts).items() if count > 1)
    if repeated:
        raise AllocationError(f"unit codes must be unique; repeated: {_join(repeated)}")
    needs = [_exact(value) for value in units["need"]]
    bad_needs = [c for c, n in zip(texts, needs, strict=True) if n is None or n < 0]
    if bad_needs:
        raise AllocationError(
            "every need must be a known number of zero or more (a suppressed figure is not "
            f"zero: decide what these units get first); unknown or negative for {_join(bad_needs)}"
        )
    populations = [_exact(value) for value in units["population"]]
    bad_populations = [
        c
        for c, p in zip(texts, populations, strict=True)
        if p is None or p < 0 or p != p.to_integral_value()
    ]
    if bad_populations:
        raise AllocationError(
            "every population (inhabitants or pupils) must be a whole number of zero or more; "
            f"not so for {_join(bad_populations)}"
        )
    names: list[str | None] = [None] * len(texts)
    if "name" in units.columns:
        names = [None if pd.isna(v) else str(v) for v in units["name"]]
    deciles: list[int | None] = [None] * len(texts)
    if "decile" in units.columns:
        deciles = [_decile(value) for value in units["decile"]]
    eligible = [True] * len(texts)
    if max_decile is not None:
        if isinstance(max_decile, bool) or not isinstance(max_decile, int | np.integer):
            raise AllocationError(f"max_decile must be a whole number 1-10, not {max_decile!r}")
        if not 1 <= max_decile <= 10:
            raise AllocationError(f"max_decile must be 1-10 (1 = most deprived), not {max_decile}")
        bad = [c for c, d in zip(texts, deciles, strict=True) if d is None]
        if bad:
            raise AllocationError(
                "with a threshold every unit needs a decile 1-10; missing or invalid for "
                + _join(bad)
            )
        eligible = [d is not None and d <= max_decile for d in deciles]
    known_needs = [n for n in needs if n is not None]
    counts = [int(p) for p in populations if p is not None]
    return _Units(
        codes=texts,
        names=names,
        needs=known_needs,
        populations=counts,
        deciles=deciles,
        eligible=eligible,
        weights=_products(known_needs, counts),
    )


def _check_feasible(
    budget: Decimal,
    floor: Decimal | None,
    cap: Decimal | None,
    weights: Sequence[Decimal],
    eligible: Sequence[bool],
) -> None:
    n = sum(eligible)
    if floor is not None and cap is not None and floor > cap:
        raise AllocationError(f"the floor ({_eur(floor)}) is above the cap ({_eur(cap)})")
    if floor is not None and n * floor > budget:
        raise AllocationError(
            f"the floors need {_eur(n * floor)} ({n} eligible units x {_eur(floor)}), more "
            f"than the budget of {_eur(budget)}"
        )
    weighted = sum(1 for w, e in zip(weights, eligible, strict=True) if e and w > 0)
    unweighted = n - weighted
    at_most_unweighted = unweighted * (floor or Decimal(0))
    if weighted == 0 and budget > at_most_unweighted:
        raise AllocationError(
            f"all {n} eligible units weigh zero (need x population = 0), so there is nothing "
            f"to split {_eur(budget - at_most_unweighted)} of the budget by"
        )
    if cap is not None and weighted * cap + at_most_unweighted < budget:
        limit = weighted * cap + at_most_unweighted
        detail = f"{weighted} eligible units x {_eur(cap)}"
        if unweighted:
            detail += f", plus the floor for {unweighted} units that weigh zero"
        raise AllocationError(
            f"the caps allow at most {_eur(limit)} ({detail}), less than the budget of "
            f"{_eur(budget)}: {_eur(budget - limit)} would be left over"
        )


def _products(needs: Sequence[Decimal], populations: Sequence[int]) -> list[Decimal]:
    """``need x population``, exactly (the default context would round to 28 digits)."""
    with localcontext(prec=MAX_PREC):
        return [n * p for n, p in zip(needs, populations, strict=True)]


def _whole_numbers(weights: Sequence[Decimal]) -> list[int]:
    """Scale decimal weights by one power of ten so that they are all whole numbers."""
    parts = [w.as_tuple() for w in weights]
    places = max((max(0, -int(p.exponent)) for p in parts), default=0)
    return [int("".join(map(str, p.digits))) * 10 ** (int(p.exponent) + places) for p in parts]


@overload
def _cents(amount: Decimal) -> int: ...
@overload
def _cents(amount: None) -> None: ...
def _cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount.scaleb(2))


def _money(value: object, what: str) -> Decimal:
    if isinstance(value, float):
        raise AllocationError(
            f"{what} must be a Decimal, int or text such as '1234.56', not the float {value!r}: "
            "a float cannot hold most amounts in cents exactly"
        )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise AllocationError(f"{what} must be a Decimal, int or text, not {type(value).__name__}")
    try:
        amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise AllocationError(
            f"{what} must be an amount in euros such as '1234.56', not {value!r}"
        ) from None
    if not amount.is_finite() or amount < 0:
        raise AllocationError(f"{what} must be an amount of zero or more, not {value!r}")
    if amount != amount.quantize(_CENT):
        raise AllocationError(f"{what} must be in whole cents, not {value!r}")
    return amount.quantize(_CENT)


def _exact(value: object) -> Decimal | None:
    """A number as an exact Decimal (a float by its shortest representation), or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, float | np.floating):
            number = Decimal(repr(float(value)))
        elif isinstance(value, int | np.integer):
            number = Decimal(int(value))
        elif isinstance(value, Decimal):
            number = value
        elif isinstance(value, str):
            number = Decimal(value.strip().replace(",", "."))
        else:
            return None
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _decile(value: object) -> int | None:
    number = _exact(value)
    if number is None or number != number.to_integral_value() or not 1 <= number <= 10:
        return None
    return int(number)


def _code(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _rows(values: Sequence[object], target: object) -> str:
    return _join([str(i + 1) for i, v in enumerate(values) if v == target])


def _join(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_LIST_LIMIT])
    rest = len(items) - _LIST_LIMIT
    return f"{shown} and {rest} more" if rest > 0 else shown


def _eur(amount: Decimal) -> str:
    return f"EUR {amount:,.2f}"
