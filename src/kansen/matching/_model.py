"""The plain data of matching: requests, supply, rules, and what a run gives back.

Everything here is a frozen dataclass with codes, not labels: needs and support types are codes of
:class:`kansen.offers.SupportType`, languages codes of :class:`kansen.offers.Language` (or
:data:`ANY_LANGUAGE` for supply), time slots codes ``<day>-<part>`` of :data:`SLOTS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

#: Days of the week, Monday first, as the codes of a slot use them.
DAYS: tuple[str, ...] = ("ma", "di", "wo", "do", "vr", "za", "zo")
#: Parts of the day.
PARTS: tuple[str, ...] = ("ochtend", "middag", "avond")
#: Every time slot, ``<day>-<part>``, in week order (``ma-ochtend`` ... ``zo-avond``).
SLOTS: tuple[str, ...] = tuple(f"{day}-{part}" for day in DAYS for part in PARTS)
#: Day and part names for explanations.
DAY_NAMES: dict[str, dict[str, str]] = {
    "nl": dict(zip(DAYS, ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                          "zaterdag", "zondag"), strict=True)),
    "en": dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                          "Saturday", "Sunday"), strict=True)),
}  # fmt: skip
PART_NAMES: dict[str, dict[str, str]] = {
    "nl": {"ochtend": "ochtend", "middag": "middag", "avond": "avond"},
    "en": {"ochtend": "morning", "middag": "afternoon", "avond": "evening"},
}
#: A supply unit with this language speaks whatever the child speaks (e.g. an offer with
#: interpreters, or an activity without words).
ANY_LANGUAGE = "any"
#: Urgency of a request: 1 normal, 2 high, 3 acute.
URGENCIES: tuple[int, ...] = (1, 2, 3)

SupplyKind = Literal["volunteer", "offer"]


@dataclass(frozen=True)
class SupportRequest:
    """A request for support for one child (hulpvraag), pseudonymous.

    Attributes
    ----------
    reference : str
        The reference code; never a name.
    age : int
        Age in whole years.
    pc4 : str
        The four-digit postcode area where the child lives.
    needs : frozenset of str
        Support types asked for (codes of :class:`kansen.offers.SupportType`).
    languages : frozenset of str
        Languages the child (or parent) speaks; at least one.
    slots : frozenset of str
        When the child can: codes of :data:`SLOTS`.
    filed : datetime.date
        When the request was filed; waiting time counts from here (a declined proposal keeps it).
    urgency : int
        1 normal, 2 high, 3 acute.
    deprivation : float or None
        Deprivation score of the child's neighbourhood, 0 (least) to 100 (most deprived); None
        takes :attr:`MatchingRules.default_deprivation`.
    """

    reference: str
    age: int
    pc4: str
    needs: frozenset[str]
    languages: frozenset[str]
    slots: frozenset[str]
    filed: date
    urgency: int = 1
    deprivation: float | None = None


@dataclass(frozen=True)
class Supply:
    """A volunteer (maatje) or an offer with places: who can take children, where and when.

    Attributes
    ----------
    id : str
        Unique among the supply.
    kind : {"volunteer", "offer"}
        A volunteer of a provider, or places of an offer.
    provider : str
        The provider (initiative, volunteer organisation).
    support_types : frozenset of str
        What it gives (codes of :class:`kansen.offers.SupportType`).
    languages : frozenset of str
        Languages spoken, or ``{"any"}``.
    slots : frozenset of str
        When available: codes of :data:`SLOTS`.
    pc4 : str
        Where the volunteer lives or the offer takes place.
    max_km : float
        How far the volunteer travels, or the offer's catchment, in km (straight line between
        postcode-area centres).
    capacity : int
        How many children at most in this run (places still free).
    min_age, max_age : int
        Ages served, inclusive.
    available_from, available_until : datetime.date or None
        Availability dates, inclusive; None is open.
    """

    id: str
    kind: SupplyKind
    provider: str
    support_types: frozenset[str]
    languages: frozenset[str]
    slots: frozenset[str]
    pc4: str
    max_km: float
    capacity: int
    min_age: int = 0
    max_age: int = 23
    available_from: date | None = None
    available_until: date | None = None


@dataclass(frozen=True)
class MatchingRules:
    """The rules a coordinator may change, with their source (data, not code).

    Attributes
    ----------
    urgency_weights : mapping of int to int
        Priority factor per urgency (normal 1, high 2, acute 4: an acute request outweighs a
        normal one in the most deprived neighbourhood).
    default_deprivation : float
        The score of a request whose neighbourhood has none (the middle).
    min_needs_covered : int
        A supply unit must give at least this many of the request's needs.
    source : str
        Where these rules come from.
    """

    urgency_weights: Mapping[int, int] = field(default_factory=lambda: {1: 1, 2: 2, 3: 4})
    default_deprivation: float = 50.0
    min_needs_covered: int = 1
    source: str = "kansen defaults (docs/matching.md)"

    def priority(self, request: SupportRequest) -> int:
        """The priority weight of a request: urgency factor x (10 + deprivation in tens).

        >>> MatchingRules().priority(SupportRequest("A", 8, "3511", frozenset({"taal"}),
        ...     frozenset({"nl"}), frozenset({"wo-middag"}), date(2026, 9, 1), urgency=2,
        ...     deprivation=84))
        36
        """
        score = self.default_deprivation if request.deprivation is None else request.deprivation
        tens = int(min(max(score, 0.0), 100.0) + 5) // 10  # 0..10, half up
        return self.urgency_weights[request.urgency] * (10 + tens)


@dataclass(frozen=True)
class Reason:
    """One line of an explanation: a code with parameters, worded at the edge.

    See :func:`kansen.matching.explain` and :data:`kansen.matching.EXPLANATION_TEXTS`.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Proposal:
    """A proposed match of one request to one supply unit, with why it fits.

    Attributes
    ----------
    reference, supply_id : str
        Who with whom.
    needs_covered : tuple of str
        The request's needs this supply gives (sorted).
    distance_km : float
        Between the postcode-area centres, rounded to 0.1 km.
    priority : int
        The request's priority weight (:meth:`MatchingRules.priority`).
    waiting_days : int
        Days since the request was filed, on the date of the run.
    reasons : tuple of Reason
        The constraints it meets and what it costs, for people.
    """

    reference: str
    supply_id: str
    needs_covered: tuple[str, ...]
    distance_km: float
    priority: int
    waiting_days: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Waiting:
    """A request left waiting, with the binding reason.

    Attributes
    ----------
    reference : str
        The request.
    reason : Reason
        Why (code ``waiting.*``), with what the coordinator can act on.
    priority, waiting_days : int
        As for :class:`Proposal`.
    """

    reference: str
    reason: Reason
    priority: int
    waiting_days: int


@dataclass(frozen=True)
class Objective:
    """The value of an assignment at each level of the objective, best first.

    Attributes
    ----------
    priority_served : int
        Level 1 (maximised): the sum of the priority weights of the served requests.
    needs_covered : int
        Level 2 (maximised): the needs covered, summed over the served requests.
    waiting_days_served : int
        Level 3 (maximised): the days the served requests had waited (longest waiting first).
    travel_hm : int
        Level 4 (minimised): the travel of all proposals, in hectometres (100 m) per proposal.
    """

    priority_served: int
    needs_covered: int
    waiting_days_served: int
    travel_hm: int

    def as_tuple(self) -> tuple[int, int, int, int]:
        """The four levels in order, as numbers to compare (travel as is)."""
        return (self.priority_served, self.needs_covered, self.waiting_days_served, self.travel_hm)


@dataclass(frozen=True)
class MatchResult:
    """What a run gives: proposals, the requests left waiting, the objective.

    Attributes
    ----------
    proposals : tuple of Proposal
        In the order of the requests.
    waiting : tuple of Waiting
        In the order of the requests.
    objective : Objective
        The value of the proposals.
    on : datetime.date
        The date of the run (waiting and availability dates are taken on this day).
    stages : int
        How many min-cost-flow solves the lexicographic objective took (docs/matching.md).
    solver_seconds : float
        Time in the solver (OR-Tools and fixing arcs between stages).
    """

    proposals: tuple[Proposal, ...]
    waiting: tuple[Waiting, ...]
    objective: Objective
    on: date
    stages: int = 1
    solver_seconds: float = 0.0

    def waiting_by_reason(self) -> dict[str, int]:
        """How many requests wait, per reason code, in code order."""
        counts: dict[str, int] = {}
        for item in self.waiting:
            counts[item.reason.code] = counts.get(item.reason.code, 0) + 1
        return dict(sorted(counts.items()))
