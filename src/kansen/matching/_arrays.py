"""Requests and supply as arrays, and the pairs that meet every hard constraint.

The hard constraints (docs/matching.md, "Hard constraints") are checked here once, for the
solver, the greedy baseline and the explanations alike, so that they can never disagree:

1. the supply gives at least ``min_needs_covered`` of the request's needs;
2. the child's age is within the supply's ages;
3. the supply is available on the date of the run (its from-to dates) and has places;
4. the distance between the postcode-area centres, in whole hectometres, is within the supply's
   travel distance;
5. a common language, or the supply speaks any;
6. a common time slot.

Capacity, the seventh, is the solver's: a supply unit takes at most ``capacity`` requests.
Sets (needs, languages, slots) become bit masks, so a check over millions of pairs is a few
vectorised operations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from ._model import ANY_LANGUAGE, SLOTS, MatchingRules, Supply, SupportRequest

Int = NDArray[np.int64]
Mask = NDArray[np.uint64]
Bool = NDArray[np.bool_]


class MatchingInputError(ValueError):
    """Requests or supply that cannot be matched as given (a repeated reference, an unknown
    postcode area, an unknown slot); the message says which and what was expected."""


def _mask(codes: Iterable[str], index: Mapping[str, int]) -> int:
    value = 0
    for code in codes:
        value |= 1 << index[code]
    return value


def _index(codes: Iterable[str], what: str) -> dict[str, int]:
    ordered = sorted(set(codes))
    if len(ordered) > 64:
        raise MatchingInputError(f"at most 64 different {what} can be matched; got {len(ordered)}")
    return {code: i for i, code in enumerate(ordered)}


def hectometres(metres: NDArray[np.float64]) -> Int:
    """Distances in whole hectometres (100 m), half up: the unit of travel everywhere."""
    return np.floor(metres / 100.0 + 0.5).astype(np.int64)


@dataclass(frozen=True)
class Arrays:
    """Requests and supply as parallel arrays (one entry per request, per supply unit)."""

    # requests
    age: Int
    need: Mask
    n_needs: Int
    lang: Mask
    slot: Mask
    priority: Int
    waiting: Int
    rpc4: Int  # index into request_pc4s
    # supply
    types: Mask
    slang: Mask
    sslot: Mask
    min_age: Int
    max_age: Int
    max_hm: Int
    capacity: Int
    available: Bool  # available on the run date (dates only; capacity apart)
    spc4: Int  # index into supply_pc4s
    # distances between request areas and supply areas, in hectometres (supply x request)
    hm: Int
    request_pc4s: tuple[str, ...]
    supply_pc4s: tuple[str, ...]
    min_needs: int


def build_arrays(
    requests: Sequence[SupportRequest],
    supply: Sequence[Supply],
    pc4_points: Mapping[str, tuple[float, float]],
    rules: MatchingRules,
    on: date,
) -> Arrays:
    """Check the input for what the solver cannot work with, and turn it into arrays."""
    _check_unique([r.reference for r in requests], "request reference")
    _check_unique([s.id for s in supply], "supply id")
    slot_index = {code: i for i, code in enumerate(SLOTS)}
    for what, items in (("request", requests), ("supply", supply)):
        for item in items:
            unknown = sorted(set(item.slots) - set(slot_index))
            if unknown:
                name = item.reference if isinstance(item, SupportRequest) else item.id
                raise MatchingInputError(
                    f"{what} {name}: unknown time slot(s) {', '.join(unknown)}; expected codes "
                    "like 'wo-middag' (ma, di, wo, do, vr, za, zo - ochtend, middag, avond)"
                )
    used = {r.pc4 for r in requests} | {s.pc4 for s in supply}
    missing = sorted(used - set(pc4_points))
    if missing:
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        raise MatchingInputError(
            f"{len(missing)} postcode area(s) have no centre in the postcode table: {shown}"
        )
    bad_urgency = [r.reference for r in requests if r.urgency not in rules.urgency_weights]
    if bad_urgency:
        raise MatchingInputError(
            f"urgency must be one of {sorted(rules.urgency_weights)}; requests "
            f"{', '.join(bad_urgency[:10])} have another"
        )
    needs = _index(
        [n for r in requests for n in r.needs] + [t for s in supply for t in s.support_types],
        "needs and support types",
    )
    languages = _index(
        [x for r in requests for x in r.languages]
        + [x for s in supply for x in s.languages if x != ANY_LANGUAGE],
        "languages",
    )
    all_languages = (1 << len(languages)) - 1 if languages else 0
    request_pc4s = tuple(sorted({r.pc4 for r in requests}))
    supply_pc4s = tuple(sorted({s.pc4 for s in supply}))
    rp = {code: i for i, code in enumerate(request_pc4s)}
    sp = {code: i for i, code in enumerate(supply_pc4s)}
    rxy = np.array([pc4_points[c] for c in request_pc4s], dtype=np.float64).reshape(-1, 2)
    sxy = np.array([pc4_points[c] for c in supply_pc4s], dtype=np.float64).reshape(-1, 2)
    metres = np.hypot(sxy[:, None, 0] - rxy[None, :, 0], sxy[:, None, 1] - rxy[None, :, 1])

    def u64(values: list[int]) -> Mask:
        return np.array(values, dtype=np.uint64)

    def i64(values: Iterable[float]) -> Int:
        return np.fromiter(values, dtype=np.int64)

    return Arrays(
        age=i64(r.age for r in requests),
        need=u64([_mask(r.needs, needs) for r in requests]),
        n_needs=i64(len(r.needs) for r in requests),
        lang=u64([_mask(r.languages, languages) for r in requests]),
        slot=u64([_mask(r.slots, slot_index) for r in requests]),
        priority=i64(rules.priority(r) for r in requests),
        waiting=i64(max((on - r.filed).days, 0) for r in requests),
        rpc4=i64(rp[r.pc4] for r in requests),
        types=u64([_mask(s.support_types, needs) for s in supply]),
        slang=u64(
            [
                all_languages if ANY_LANGUAGE in s.languages else _mask(s.languages, languages)
                for s in supply
            ]
        ),
        sslot=u64([_mask(s.slots, slot_index) for s in supply]),
        min_age=i64(s.min_age for s in supply),
        max_age=i64(s.max_age for s in supply),
        max_hm=i64(math.floor(s.max_km * 10 + 0.5) for s in supply),
        capacity=i64(max(s.capacity, 0) for s in supply),
        available=np.array(
            [
                (s.available_from is None or s.available_from <= on)
                and (s.available_until is None or on <= s.available_until)
                for s in supply
            ],
            dtype=np.bool_,
        ).reshape(-1),
        spc4=i64(sp[s.pc4] for s in supply),
        hm=hectometres(metres).reshape(len(supply_pc4s), len(request_pc4s)),
        request_pc4s=request_pc4s,
        supply_pc4s=supply_pc4s,
        min_needs=rules.min_needs_covered,
    )


def _check_unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    repeated: set[str] = set()
    for value in values:
        (repeated if value in seen else seen).add(value)
    if repeated:
        raise MatchingInputError(f"each {what} once; repeated: {', '.join(sorted(repeated)[:10])}")


@dataclass(frozen=True)
class Pairs:
    """The request-supply pairs that meet every hard constraint but capacity.

    Attributes
    ----------
    request, supply : numpy.ndarray of int64
        Indices, sorted by request then supply.
    needs_covered : numpy.ndarray of int64
        How many of the request's needs the supply gives.
    hm : numpy.ndarray of int64
        Distance in hectometres.
    """

    request: Int
    supply: Int
    needs_covered: Int
    hm: Int


def popcount(values: Mask) -> Int:
    """Set bits per element."""
    return np.bitwise_count(values).astype(np.int64)


def eligible_pairs(a: Arrays) -> Pairs:
    """Every pair that meets the hard constraints (capacity apart), vectorised.

    Distance first: for each supply unit the request areas within its reach, then every request
    in those areas, then the other constraints on those pairs only.
    """
    usable = a.available & (a.capacity > 0)
    n_requests = len(a.age)
    order = np.argsort(a.rpc4, kind="stable")
    counts = np.bincount(a.rpc4, minlength=len(a.request_pc4s)).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    within = a.hm[a.spc4] <= a.max_hm[:, None]  # supply x request area
    within &= usable[:, None]
    s_idx, p_idx = np.nonzero(within)
    lengths = counts[p_idx]
    total = int(lengths.sum()) if n_requests else 0
    supply = np.repeat(s_idx.astype(np.int64), lengths)
    offsets = np.repeat(starts[p_idx] - (np.cumsum(lengths) - lengths), lengths)
    request = order[offsets + np.arange(total, dtype=np.int64)].astype(np.int64)
    covered = popcount(a.need[request] & a.types[supply])
    ok = covered >= a.min_needs
    ok &= (a.min_age[supply] <= a.age[request]) & (a.age[request] <= a.max_age[supply])
    ok &= (a.lang[request] & a.slang[supply]) != 0
    ok &= (a.slot[request] & a.sslot[supply]) != 0
    request, supply, covered = request[ok], supply[ok], covered[ok]
    hm = a.hm[a.spc4[supply], a.rpc4[request]]
    sort = np.lexsort((supply, request))
    return Pairs(request[sort], supply[sort], covered[sort], hm[sort])
