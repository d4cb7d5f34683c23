"""Exact proportional split within floors and caps, and largest-remainder rounding to cents.

Everything is integer arithmetic: amounts in cents, weights scaled to whole numbers. The free
units all get ``level x weight`` with one level ``share / weight_total``, so their exact
amounts are fractions with one common denominator and their remainders compare as integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Status = Literal["free", "floor", "cap"]


@dataclass(frozen=True)
class Split:
    """The exact split in cents.

    Attributes
    ----------
    status : list of {"free", "floor", "cap"}
        Per unit whether it is fixed at the floor or cap, or shares by weight.
    share, weight_total : int
        The cents shared over the free units and their total weight: a free unit of weight
        ``w`` gets exactly ``share x w / weight_total`` cents.
    floor, cap : int or None
        The bounds in cents.
    weights : list of int
        The weights.
    rounds : int
        The number of rounds needed.
    """

    status: list[Status]
    share: int
    weight_total: int
    floor: int | None
    cap: int | None
    weights: list[int]
    rounds: int

    def cents(self, i: int) -> tuple[int, int]:
        """Unit ``i``'s exact amount as whole cents and a remainder out of :meth:`denominator`."""
        if self.status[i] == "cap" and self.cap is not None:
            return self.cap, 0
        if self.status[i] == "floor" and self.floor is not None:
            return self.floor, 0
        if self.weight_total == 0:  # only weightless units were left: floor or nothing
            return (self.floor or 0), 0
        return divmod(self.share * self.weights[i], self.weight_total)

    @property
    def denominator(self) -> int:
        """The common denominator of the remainders."""
        return self.weight_total or 1

    def exact(self, i: int) -> Fraction:
        """Unit ``i``'s exact amount in cents."""
        whole, remainder = self.cents(i)
        return whole + Fraction(remainder, self.denominator)


def split_with_bounds(
    weights: Sequence[int], budget: int, floor: int | None, cap: int | None
) -> Split:
    """Split ``budget`` cents in proportion to ``weights``, each amount within ``[floor, cap]``.

    The answer is ``amount_i = min(cap, max(floor, level x weight_i))`` with the one ``level``
    at which the amounts add up to the budget. It is found in rounds: share what is left over
    the units not yet fixed, in proportion to their weight; if some shares exceed the cap and
    others fall below the floor, fix the side that is certain to stay fixed (the caps when
    the money they free up is at least what the floors take, otherwise the floors, and both when
    these are equal) and share the rest again. Each round fixes at least one unit, so there are
    at most as many rounds as units.

    Parameters
    ----------
    weights : sequence of int
        Non-negative whole weights. A unit of weight zero gets the floor (or nothing).
    budget : int
        The cents to split; feasibility has been checked by the caller.
    floor, cap : int or None
        The bounds in cents, with ``floor <= cap``.

    Returns
    -------
    Split
        Which units are fixed, and the level of the others.
    """
    status: list[Status] = ["free"] * len(weights)
    free = list(range(len(weights)))
    share = budget  # the cents still to be shared over the free units
    total = sum(weights)  # their weight
    rounds = 0
    while True:
        rounds += 1
        if total == 0:
            break
        # level = share / total; compare level x weight with a bound b as share x weight
        # against b x total, so that everything stays in integers.
        over = [i for i in free if cap is not None and share * weights[i] > cap * total]
        under = [i for i in free if floor is not None and share * weights[i] < floor * total]
        if not over and not under:
            break
        freed = sum(share * weights[i] - cap * total for i in over) if cap is not None else 0
        taken = sum(floor * total - share * weights[i] for i in under) if floor is not None else 0
        fixing: list[tuple[int, Status, int]] = []
        if freed >= taken and cap is not None:
            fixing += [(i, "cap", cap) for i in over]
        if taken >= freed and floor is not None:
            fixing += [(i, "floor", floor) for i in under]
        for i, bound, amount in fixing:
            status[i] = bound
            share -= amount
            total -= weights[i]
        fixed = {i for i, _, _ in fixing}
        free = [i for i in free if i not in fixed]
    return Split(status, share, total, floor, cap, list(weights), rounds)


def largest_remainder(
    split: Split, budget: int, priority: Sequence[tuple[object, ...]]
) -> list[int]:
    """Round the exact split to whole cents adding up to ``budget`` (Hamilton's method).

    Every amount is rounded down to a cent; the cents still missing go one each to the units
    with the largest remainders. Ties in the remainder are broken by ``priority`` (smallest
    first), e.g. ``(-weight, code)``: the larger weight first, then the code in text order.

    Parameters
    ----------
    split : Split
        The exact split.
    budget : int
        The total in cents.
    priority : sequence of tuple
        Sort key per unit for ties.

    Returns
    -------
    list of int
        The amount per unit in cents.
    """
    parts = [split.cents(i) for i in range(len(split.status))]
    cents = [whole for whole, _ in parts]
    missing = budget - sum(cents)
    if not 0 <= missing <= sum(remainder > 0 for _, remainder in parts):
        raise AssertionError(f"the split does not add up to {budget} cents")  # pragma: no cover
    order = sorted(range(len(parts)), key=lambda i: (-parts[i][1], *priority[i]))
    for i in order[:missing]:
        cents[i] += 1
    return cents
