"""Every rule of matching as a table (docs/matching.md): hard constraints, the order of the
objective, the priority weight, and the binding reason of a request left waiting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kansen.matching import MatchingRules, Reason, explain, solve_matching

from .factories import ON, POINTS, request, supply

# --- hard constraints: one request, one supply unit; does it match? ---------------------------
HARD = [
    # (request changes, supply changes, matched, why)
    ({}, {}, True, "the base case fits"),
    # needs
    ({"needs": ["huiswerk"]}, {}, False, "no need covered"),
    ({"needs": ["huiswerk", "taal"]}, {}, True, "one of two needs is enough"),
    # ages, inclusive
    ({"age": 4}, {}, True, "youngest age served"),
    ({"age": 3}, {}, False, "younger than the youngest"),
    ({"age": 18}, {}, True, "oldest age served"),
    ({"age": 19}, {}, False, "older than the oldest"),
    # availability dates, inclusive, on the date of the run
    ({}, {"available_from": ON}, True, "starts on the day of the run"),
    ({}, {"available_from": date(2026, 12, 2)}, False, "starts the day after"),
    ({}, {"available_until": ON}, True, "ends on the day of the run"),
    ({}, {"available_until": date(2026, 11, 30)}, False, "ended the day before"),
    ({}, {"capacity": 0}, False, "no places left"),
    # travel: 1 km per postcode area on the line, in whole hectometres
    ({"pc4": "1005"}, {"max_km": 5.0}, True, "5.0 km within 5 km"),
    ({"pc4": "1006"}, {"max_km": 5.0}, False, "6.0 km beyond 5 km"),
    ({"pc4": "1003"}, {"max_km": 2.9}, False, "3.0 km beyond 2.9 km"),
    ({"pc4": "1003"}, {"max_km": 2.95}, True, "travel distance rounds half up to 3.0 km"),
    # language
    ({"languages": ["ar"]}, {}, False, "no common language"),
    ({"languages": ["ar", "nl"]}, {}, True, "one common language is enough"),
    ({"languages": ["ti"]}, {"languages": ["any"]}, True, "supply in any language"),
    # time slots
    ({"slots": ["wo-ochtend"]}, {}, False, "no common slot (other part of the day)"),
    ({"slots": ["do-middag"]}, {}, False, "no common slot (other day)"),
    (
        {"slots": ["do-middag", "wo-middag"]},
        {"slots": ["wo-middag", "za-ochtend"]},
        True,
        "one slot",
    ),
]


@pytest.mark.parametrize(
    ("request_changes", "supply_changes", "matched"),
    [row[:3] for row in HARD],
    ids=[row[3] for row in HARD],
)
def test_hard_constraints(
    request_changes: dict[str, Any], supply_changes: dict[str, Any], matched: bool
) -> None:
    result = solve_matching([request(**request_changes)], [supply(**supply_changes)], POINTS, on=ON)
    assert len(result.proposals) == (1 if matched else 0)


def test_min_needs_covered_is_a_rule() -> None:
    two = MatchingRules(min_needs_covered=2)
    asked = request(needs=["taal", "huiswerk"])
    assert not solve_matching([asked], [supply()], POINTS, on=ON, rules=two).proposals
    both = supply(support_types=["taal", "huiswerk"])
    assert solve_matching([asked], [both], POINTS, on=ON, rules=two).proposals


def test_capacity() -> None:
    requests = [request(f"R{i}") for i in range(5)]
    result = solve_matching(requests, [supply(capacity=3)], POINTS, on=ON)
    assert len(result.proposals) == 3
    assert [w.reason.code for w in result.waiting] == ["waiting.all_full"] * 2


# --- the priority weight: urgency factor x (10 + deprivation in tens) ------------------------
PRIORITY = [
    (1, 50.0, 15, "normal, middle"),
    (1, 0.0, 10, "normal, least deprived"),
    (1, 100.0, 20, "normal, most deprived"),
    (1, 44.9, 14, "deprivation rounds to tens"),
    (1, 45.0, 15, "half up"),
    (2, 84.0, 36, "high urgency doubles"),
    (3, 0.0, 40, "acute quadruples: above normal in the most deprived area"),
    (1, None, 15, "no score: the default 50"),
]


@pytest.mark.parametrize(
    ("urgency", "deprivation", "weight"),
    [row[:3] for row in PRIORITY],
    ids=[row[3] for row in PRIORITY],
)
def test_priority(urgency: int, deprivation: float | None, weight: int) -> None:
    rules = MatchingRules()
    assert rules.priority(request(urgency=urgency, deprivation=deprivation)) == weight


# --- the order of the objective: two requests compete for one place -------------------------
ORDER = [
    # (changes of A, changes of B, supply changes, who is served, why)
    ({"urgency": 2}, {}, {}, "A", "level 1: higher urgency"),
    ({"deprivation": 90.0}, {"deprivation": 10.0}, {}, "A", "level 1: more deprived"),
    (
        {"urgency": 2, "needs": ["taal"]},
        {"needs": ["taal", "huiswerk"]},
        {"support_types": ["taal", "huiswerk"]},
        "A",
        "level 1 before level 2: priority beats needs covered",
    ),
    (
        {"needs": ["taal"], "filed": date(2026, 1, 1)},
        {"needs": ["taal", "huiswerk"]},
        {"support_types": ["taal", "huiswerk"]},
        "B",
        "level 2 before level 3: more needs covered beats longer waiting",
    ),
    (
        {"filed": date(2026, 10, 1)},
        {"filed": date(2026, 10, 2)},
        {},
        "A",
        "level 3: longest waiting",
    ),
    (
        {"filed": date(2026, 10, 1), "pc4": "1004"},
        {"filed": date(2026, 10, 2)},
        {},
        "A",
        "level 3 before level 4: waiting beats travel",
    ),
    ({"pc4": "1002"}, {"pc4": "1001"}, {}, "B", "level 4: shorter travel"),
]


@pytest.mark.parametrize(
    ("a", "b", "unit", "served"), [row[:4] for row in ORDER], ids=[row[4] for row in ORDER]
)
def test_objective_order(
    a: dict[str, Any], b: dict[str, Any], unit: dict[str, Any], served: str
) -> None:
    result = solve_matching([request("A", **a), request("B", **b)], [supply(**unit)], POINTS, on=ON)
    assert [p.reference for p in result.proposals] == [served]


def test_needs_covered_choose_the_supply() -> None:
    # One request, two volunteers: the one giving both needs, although farther away.
    asked = request(needs=["taal", "huiswerk"])
    near = supply("V-near", pc4="1000")
    both = supply("V-both", pc4="1003", support_types=["taal", "huiswerk"])
    result = solve_matching([asked], [near, both], POINTS, on=ON)
    assert [(p.supply_id, p.needs_covered) for p in result.proposals] == [
        ("V-both", ("huiswerk", "taal"))
    ]


def test_serving_more_beats_a_better_fit() -> None:
    # A fits V1 and V2, B only V1: both are served (A with V2), not A with its nearer V1.
    a = request("A", pc4="1000")
    b = request("B", pc4="1004")
    v1 = supply("V1", pc4="1001")
    v2 = supply("V2", pc4="1000", max_km=1.0)
    result = solve_matching([a, b], [v1, v2], POINTS, on=ON)
    assert [(p.reference, p.supply_id) for p in result.proposals] == [("A", "V2"), ("B", "V1")]


# --- why a request waits: the first constraint that leaves nothing ---------------------------
WAITING = [
    ({"needs": ["sport"]}, {}, Reason("waiting.no_need", {"needs": ("sport",)})),
    ({"age": 20}, {}, Reason("waiting.no_age", {"needs": ("taal",), "age": 20})),
    (
        {},
        {"available_until": date(2026, 11, 1)},
        Reason("waiting.not_available", {"needs": ("taal",), "age": 9, "on": "2026-12-01"}),
    ),
    (
        {"pc4": "1007"},
        {},
        Reason("waiting.too_far", {"needs": ("taal",), "pc4": "1007", "km": 7.0, "max_km": 5.0}),
    ),
    (
        {"languages": ["ar"]},
        {},
        Reason("waiting.no_language", {"needs": ("taal",), "pc4": "1000", "languages": ("ar",)}),
    ),
    (
        {"slots": ["wo-ochtend", "ma-middag"]},
        {},
        Reason(
            "waiting.no_slot",
            {
                "needs": ("taal",),
                "pc4": "1000",
                "languages": ("nl",),
                "slots": ("ma-middag", "wo-ochtend"),
            },
        ),
    ),
]


@pytest.mark.parametrize(
    ("request_changes", "supply_changes", "reason"),
    WAITING,
    ids=[row[2].code for row in WAITING],
)
def test_waiting_reason(
    request_changes: dict[str, Any], supply_changes: dict[str, Any], reason: Reason
) -> None:
    result = solve_matching([request(**request_changes)], [supply(**supply_changes)], POINTS, on=ON)
    assert [(w.reason.code, dict(w.reason.params)) for w in result.waiting] == [
        (reason.code, dict(reason.params))
    ]


def test_waiting_reason_all_full() -> None:
    # Two fitting volunteers of one place each, taken by two more urgent requests.
    urgent = [request(f"U{i}", urgency=3) for i in range(2)]
    units = [supply("V1"), supply("V2", pc4="1001")]
    result = solve_matching([*urgent, request("R1")], units, POINTS, on=ON)
    assert [(w.reference, w.reason.code, dict(w.reason.params)) for w in result.waiting] == [
        ("R1", "waiting.all_full", {"count": 2, "places": 2})
    ]


def test_waiting_reason_takes_the_order_needs_age_dates_distance_language_slot() -> None:
    # Everything wrong at once: the first in the order is the reason given.
    wrong = request(needs=["sport"], age=30, languages=["ar"], slots=["zo-avond"], pc4="1011")
    result = solve_matching([wrong], [supply()], POINTS, on=ON)
    assert result.waiting[0].reason.code == "waiting.no_need"


def test_too_far_names_the_unit_closest_to_reaching() -> None:
    # V1 is nearer (6 km, travels 1 km); V2 farther (8 km) but travels 7: V2 comes closest.
    units = [supply("V1", pc4="1006", max_km=1.0), supply("V2", pc4="1008", max_km=7.0)]
    result = solve_matching([request()], units, POINTS, on=ON)
    assert dict(result.waiting[0].reason.params) == {
        "needs": ("taal",),
        "pc4": "1000",
        "km": 8.0,
        "max_km": 7.0,
    }


# --- a proposal explains itself ---------------------------------------------------------------
def test_proposal_reasons_in_dutch_and_english() -> None:
    asked = request(needs=["taal", "huiswerk"], languages=["nl", "ar"], pc4="1003", urgency=2)
    unit = supply(
        support_types=["taal"], languages=["ar", "en"], slots=["wo-middag", "vr-avond"], capacity=2
    )
    (proposal,) = solve_matching([asked], [unit], POINTS, on=ON).proposals
    assert [explain(reason, "nl") for reason in proposal.reasons] == [
        "biedt taal (1 van de 2 gevraagde soorten hulp)",
        "neemt kinderen van 4 tot en met 18 jaar; het kind is 9",
        "beschikbaar op 2026-12-01",
        "3,0 km tussen de postcodegebieden, binnen de reisafstand van 5,0 km",
        "spreekt Arabisch",
        "beiden kunnen op woensdagmiddag",
        "plaats 1 van 2",
        "prioriteit 30 (urgentie 2, achterstandsscore 50), 30 dagen gewacht, reisafstand 3,0 km",
    ]
    assert [explain(reason, "en") for reason in proposal.reasons] == [
        "gives language (1 of the 2 needs asked)",
        "takes children of 4 to 18; the child is 9",
        "available on 2026-12-01",
        "3.0 km between the postcode areas, within the 5.0 km of travel",
        "speaks Arabic",
        "both can on Wednesday afternoon",
        "place 1 of 2",
        "priority 30 (urgency 2, deprivation 50), waited 30 days, travel 3.0 km",
    ]


def test_any_language_is_said() -> None:
    (proposal,) = solve_matching([request()], [supply(languages=["any"])], POINTS, on=ON).proposals
    assert explain(proposal.reasons[4]) == "werkt in elke taal"


def test_waiting_reasons_in_words() -> None:
    reason = Reason(
        "waiting.no_slot",
        {
            "needs": ("taal", "huiswerk"),
            "pc4": "3511",
            "languages": ("ar", "so"),
            "slots": ("wo-middag", "za-ochtend"),
        },
    )
    assert explain(reason) == (
        "geen vrijwilliger of aanbod voor taal of huiswerk binnen bereik van 3511 dat Arabisch "
        "of Somalisch spreekt, is vrij op woensdagmiddag of zaterdagochtend"
    )
    assert explain(reason, "en") == (
        "no volunteer or offer for language or homework within reach of 3511 that speaks "
        "Arabic or Somali is free on Wednesday afternoon or Saturday morning"
    )


# --- the greedy baseline ------------------------------------------------------------------------
def test_greedy_takes_the_most_urgent_first_and_the_nearest_unit() -> None:
    from kansen.matching import greedy_matching

    a = request("A", urgency=1, pc4="1000")
    b = request("B", urgency=3, pc4="1002")
    units = [supply("V-far", pc4="1004"), supply("V-near", pc4="1001", capacity=1)]
    result = greedy_matching([a, b], units, POINTS, on=ON)
    assert [(p.reference, p.supply_id) for p in result.proposals] == [
        ("A", "V-far"),
        ("B", "V-near"),
    ]


def test_greedy_is_not_optimal_where_the_solver_is() -> None:
    # A (urgent) fits the near V1 and the far V2, B only V1: greedy gives V1 to A and B waits.
    from kansen.matching import greedy_matching

    a = request("A", urgency=3, pc4="1002")
    b = request("B", pc4="1000")
    units = [supply("V1", pc4="1001", max_km=1.0), supply("V2", pc4="1006")]
    greedy = greedy_matching([a, b], units, POINTS, on=ON)
    optimal = solve_matching([a, b], units, POINTS, on=ON)
    assert [(p.reference, p.supply_id) for p in greedy.proposals] == [("A", "V1")]
    assert [(p.reference, p.supply_id) for p in optimal.proposals] == [("A", "V2"), ("B", "V1")]


def test_a_neighbourhood_without_a_score_says_the_default_is_used() -> None:
    (proposal,) = solve_matching([request(deprivation=None)], [supply()], POINTS, on=ON).proposals
    assert explain(proposal.reasons[-1]) == (
        "prioriteit 15 (urgentie 1, achterstandsscore 50: de standaardwaarde, de buurt heeft geen "
        "score), 30 dagen gewacht, reisafstand 0,0 km"
    )


def test_half_hectometres_round_up_for_distance_and_reach_alike() -> None:
    # 2,250 m is 23 hm; a reach of 2.25 km is 23 hm too (half up, not to even), so it fits.
    points = {"2000": (150000.0, 450000.0), "2001": (152250.0, 450000.0)}
    result = solve_matching([request(pc4="2000")], [supply(pc4="2001", max_km=2.25)], points, on=ON)
    assert [p.distance_km for p in result.proposals] == [2.3]


def test_fitting_supply_lists_every_unit_that_meets_the_hard_constraints_best_first():
    from kansen.matching import Supply, SupportRequest, fitting_supply

    child = SupportRequest(
        "R-1", 9, "3511", frozenset({"taal", "huiswerk"}), frozenset({"ar"}),
        frozenset({"wo-middag"}), filed=date(2026, 11, 1),
    )  # fmt: skip

    def unit(id_, pc4, types=("taal",), capacity=1, languages=("ar",)):
        return Supply(
            id_, "volunteer", "P", frozenset(types), frozenset(languages),
            frozenset({"wo-middag"}), pc4, 5.0, capacity,
        )  # fmt: skip

    points = {"3511": (150000.0, 450000.0), "3512": (153000.0, 450000.0)}
    supply = [
        unit("near-one-need", "3511"),
        unit("far-two-needs", "3512", types=("taal", "huiswerk")),
        unit("near-full", "3511", capacity=0),  # no place left
        unit("near-other-language", "3511", languages=("tr",)),
        unit("also-near-one-need", "3511"),
    ]
    assert fitting_supply(child, supply, points, on=date(2026, 12, 1)) == [
        ("far-two-needs", 2, 3.0),  # more needs first, then travel
        ("also-near-one-need", 1, 0.0),  # equal: by id
        ("near-one-need", 1, 0.0),
    ]


def test_a_deprivation_score_with_a_decimal_is_written_in_the_readers_language() -> None:
    asked = request(urgency=2, deprivation=48.7)
    (proposal,) = solve_matching([asked], [supply()], POINTS, on=ON).proposals
    cost = proposal.reasons[-1]
    assert cost.code == "cost"
    assert explain(cost, "nl").startswith("prioriteit 30 (urgentie 2, achterstandsscore 48,7)")
    assert explain(cost, "en").startswith("priority 30 (urgency 2, deprivation 48.7)")


def test_a_pair_turned_down_before_is_not_proposed_again_and_says_so_when_nothing_else_fits():
    # the coordinator rejected V1 for R1 (or the provider declined): the next run gives R1
    # the other fitting unit; when none is left, R1 waits with that reason, not "all full"
    units = [supply("V1", pc4="1000"), supply("V2", pc4="1003")]
    result = solve_matching([request("R1")], units, POINTS, on=ON, excluded={("R1", "V1")})
    assert [(p.reference, p.supply_id) for p in result.proposals] == [("R1", "V2")]
    result = solve_matching(
        [request("R1")], units, POINTS, on=ON, excluded={("R1", "V1"), ("R1", "V2"), ("R9", "V1")}
    )
    assert result.proposals == ()
    (waiting,) = result.waiting
    assert (waiting.reason.code, dict(waiting.reason.params)) == ("waiting.refused", {"count": 2})
    assert explain(waiting.reason, "nl") == (
        "de 2 passende vrijwilligers en aanbiedingen met een vrije plaats zijn eerder voor deze "
        "hulpvraag afgewezen (door de coördinator of de aanbieder)"
    )
    # another request may still have V1
    both = solve_matching(
        [request("R1"), request("R2")], units[:1], POINTS, on=ON, excluded={("R1", "V1")}
    )
    assert [(p.reference, p.supply_id) for p in both.proposals] == [("R2", "V1")]
    assert [w.reason.code for w in both.waiting] == ["waiting.refused"]
