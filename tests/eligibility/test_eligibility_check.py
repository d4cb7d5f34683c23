"""The eligibility check, table-driven at its boundaries: the income ceiling to the cent, the
norm change on 1 July, the norm with or without holiday allowance, savings limits, children's
ages, bijstand, residence, what only the provider can decide, and how to apply."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kansen.eligibility import (
    Answers,
    EligibilityError,
    NormNotFound,
    Outcome,
    Regulation,
    RegulationResult,
    check_eligibility,
    demostad_regulations,
    load_norms,
    parse_regulations,
)

NORMS = load_norms()
ELIGIBLE, NOT_ELIGIBLE = Outcome.ELIGIBLE, Outcome.NOT_ELIGIBLE
CHECK = Outcome.CHECK_WITH_PROVIDER


def regulation(**fields: Any) -> Regulation:
    """A Demostad regulation: 120% of the norm without holiday allowance, unless changed."""
    rule: dict[str, Any] = {
        "id": "test",
        "name": "Testregeling",
        "income_limit": {"percent": 120, "holiday_allowance": "excluded"},
        "residence_required": True,
        "apply": {"route": "self", "how": "Vul het formulier in.", "phone": "14 0999"},
        "source": "test",
    }
    rule.update(fields)
    data: Mapping[str, Any] = {
        "municipality": {"code": "GM9999", "name": "Demostad"},
        "regulations": [{k: v for k, v in rule.items() if v is not None}],
    }
    return parse_regulations(data)[0]


def answers(**fields: Any) -> Answers:
    """A single parent of 35 with a child of 8 in Demostad, unless changed."""
    values: dict[str, Any] = {
        "household": "single_parent",
        "adult_ages": (35,),
        "child_ages": (8,),
        "net_monthly_income": "1000.00",
        "savings": "0",
        "lives_in_municipality": True,
        "receives_bijstand": None,
    }
    values.update(fields)
    return Answers(**values)


def check(household: Answers, rule: Regulation, on: date) -> RegulationResult:
    return check_eligibility(household, [rule], NORMS, on=on)[0]


SEPT_2025, MAY_2025 = date(2025, 9, 1), date(2025, 5, 1)
INCLUDED = {"percent": 120, "holiday_allowance": "included"}
COUPLE = {"household": "couple", "adult_ages": (40, 38), "child_ages": (10,)}
BY_HOUSEHOLD = {"single": 8000, "single_parent": 16000, "couple": 16000}
PLAIN = regulation()  # 120% of the norm without holiday allowance
WITH_VT = regulation(income_limit=INCLUDED)  # 120% of the norm with holiday allowance
SAVINGS = regulation(savings_limit=BY_HOUSEHOLD)
AGES_4_17 = regulation(children={"min_age": 4, "max_age": 17})
AGES_5_12 = regulation(children={"min_age": 5, "max_age": 12})
PROVIDER = regulation(check_with_provider="De gemeente kijkt naar uw kosten.")


def couple(income: str, ages: tuple[int, int] = (40, 38)) -> Answers:
    """A couple with a child of 10 (or 1 when the partners are 18-20)."""
    child = (1,) if max(ages) < 21 else (10,)
    return answers(household="couple", adult_ages=ages, child_ages=child, net_monthly_income=income)


CASES = [
    # (answers, regulation, date, expected outcome)
    # couple norm incl. from 1 July 2025 is 1955.80; 120% is exactly 2346.96: eligible
    (couple("2346.96"), WITH_VT, SEPT_2025, ELIGIBLE),
    # one cent above exactly 120%: not eligible
    (couple("2346.97"), WITH_VT, SEPT_2025, NOT_ELIGIBLE),
    # single norm excl. 1300.61; 120% = 1560.732, published rounded: 1560.73 is within
    (answers(net_monthly_income="1560.73"), PLAIN, SEPT_2025, ELIGIBLE),
    # one cent above the rounded ceiling
    (answers(net_monthly_income="1560.74"), PLAIN, SEPT_2025, NOT_ELIGIBLE),
    # 30 June 2025: couple norm incl. 1922.07, ceiling 2306.48, so 2320 is above it
    (couple("2320.00"), WITH_VT, date(2025, 6, 30), NOT_ELIGIBLE),
    # 1 July 2025: the new norm 1955.80 applies from that day, ceiling 2346.96
    (couple("2320.00"), WITH_VT, date(2025, 7, 1), ELIGIBLE),
    # 1600 against the norm with holiday allowance (1369.06; ceiling 1642.87): eligible
    (answers(net_monthly_income="1600.00"), WITH_VT, SEPT_2025, ELIGIBLE),
    # the same income against the norm without it (1300.61; ceiling 1560.73): not eligible
    (answers(net_monthly_income="1600.00"), PLAIN, SEPT_2025, NOT_ELIGIBLE),
    # savings exactly at a single parent's limit of 16000
    (answers(savings="16000"), SAVINGS, SEPT_2025, ELIGIBLE),
    # one cent above it
    (answers(savings="16000.01"), SAVINGS, SEPT_2025, NOT_ELIGIBLE),
    # 9000 is within a single parent's limit of 16000 ...
    (answers(savings="9000"), SAVINGS, SEPT_2025, ELIGIBLE),
    # ... but above a single adult's limit of 8000
    (answers(household="single", child_ages=(), savings="9000"), SAVINGS, SEPT_2025, NOT_ELIGIBLE),
    # a child of exactly the minimum age 4
    (answers(child_ages=(4,)), AGES_4_17, SEPT_2025, ELIGIBLE),
    # a child one year younger
    (answers(child_ages=(3,)), AGES_4_17, SEPT_2025, NOT_ELIGIBLE),
    # a child of exactly the maximum age 12
    (answers(child_ages=(12,)), AGES_5_12, SEPT_2025, ELIGIBLE),
    # a child one year older; a second child of 13 does not help either
    (answers(child_ages=(13, 13)), AGES_5_12, SEPT_2025, NOT_ELIGIBLE),
    # receiving bijstand meets the income and savings tests where the rule says so
    (
        answers(net_monthly_income="5000", savings="50000", receives_bijstand=True),
        regulation(receives_bijstand_qualifies=True, savings_limit=8000),
        SEPT_2025,
        ELIGIBLE,
    ),
    # but not where it does not
    (answers(net_monthly_income="5000", receives_bijstand=True), PLAIN, SEPT_2025, NOT_ELIGIBLE),
    # residence required and living elsewhere
    (answers(lives_in_municipality=False), PLAIN, SEPT_2025, NOT_ELIGIBLE),
    # residence not required
    (
        answers(lives_in_municipality=False),
        regulation(residence_required=False),
        SEPT_2025,
        ELIGIBLE,
    ),
    # everything met, but part of the rule only the provider can judge
    (answers(), PROVIDER, SEPT_2025, CHECK),
    # a condition not met rules it out even when the provider would judge the rest
    (answers(net_monthly_income="3000"), PROVIDER, SEPT_2025, NOT_ELIGIBLE),
    # no norm in the law for a pensioner with a partner of 19: the provider decides
    (answers(household="couple", adult_ages=(70, 19), child_ages=()), PLAIN, SEPT_2025, CHECK),
    # both partners 19 with a child: youth norm with children, excl. 1013.76, ceiling 1216.51
    (couple("1216.51", ages=(19, 19)), PLAIN, SEPT_2025, ELIGIBLE),
    # the same couple one cent above it
    (couple("1216.52", ages=(19, 19)), PLAIN, SEPT_2025, NOT_ELIGIBLE),
    # a 19-year-old with a partner of 25: art. 20 c norm excl. 1621.69, ceiling 1946.03
    (couple("1946.03", ages=(19, 25)), PLAIN, SEPT_2025, ELIGIBLE),
    # no income test at all: any income will do
    (answers(net_monthly_income="9000"), regulation(income_limit=None), MAY_2025, ELIGIBLE),
]


@pytest.mark.parametrize(("household", "rule", "day", "expected"), CASES)
def test_outcome(household: Answers, rule: Regulation, day: date, expected: Outcome) -> None:
    assert check(household, rule, day).outcome is expected


REASONS = [
    # (answers, regulation, date, the reasons in plain Dutch)
    # the example sentence of the issue: income 118% of the couple norm incl. (1955.80)
    (
        answers(**COUPLE, net_monthly_income="2307.84"),
        regulation(income_limit=INCLUDED),
        SEPT_2025,
        (
            "U woont in Demostad.",
            "Uw inkomen is 118% van het sociaal minimum; de grens is 120%.",
            "Het sociaal minimum voor uw huishouden is € 1.955,80 per maand met vakantiegeld "
            "(norm vanaf 1 juli 2025); 120% daarvan is € 2.346,96.",
        ),
    ),
    # just above the ceiling: two decimals rounded up, so it never reads "120%" (nor "120,1%")
    (
        answers(net_monthly_income="1560.74"),
        regulation(),
        SEPT_2025,
        (
            "Uw inkomen is 120,01% van het sociaal minimum; de grens is 120%.",
            "Het sociaal minimum voor uw huishouden is € 1.300,61 per maand zonder vakantiegeld "
            "(norm vanaf 1 juli 2025); 120% daarvan is € 1.560,73.",
        ),
    ),
    # only the conditions not met are given when it is ruled out
    (
        answers(child_ages=(2,), savings="20000", lives_in_municipality=False),
        regulation(children={"min_age": 4, "max_age": 17}, savings_limit=16000),
        SEPT_2025,
        (
            "Deze regeling is alleen voor inwoners van Demostad.",
            "Deze regeling is voor kinderen van 4 tot en met 17 jaar; in uw huishouden is geen "
            "kind van die leeftijd.",
            "Uw spaargeld (€ 20.000) is meer dan de vermogensgrens van € 16.000.",
        ),
    ),
    # bijstand, children and the provider's part, all said
    (
        answers(child_ages=(6, 9), receives_bijstand=True),
        regulation(
            children={"max_age": 12},
            receives_bijstand_qualifies=True,
            check_with_provider="De gemeente kijkt naar uw kosten.",
        ),
        SEPT_2025,
        (
            "U woont in Demostad.",
            "In uw huishouden zijn 2 kinderen tot en met 12 jaar.",
            "U ontvangt bijstand; daarmee voldoet u aan de eisen voor inkomen en vermogen.",
            "De gemeente kijkt naar uw kosten.",
        ),
    ),
    # a household the law has no norm for
    (
        answers(household="couple", adult_ages=(70, 19), child_ages=()),
        regulation(),
        SEPT_2025,
        (
            "U woont in Demostad.",
            "Deze check kan het sociaal minimum voor uw huishouden niet bepalen: de "
            "Participatiewet heeft geen norm voor een stel van wie de een de AOW-leeftijd heeft "
            "bereikt en de ander 18, 19 of 20 jaar is.",
        ),
    ),
]


@pytest.mark.parametrize(("household", "rule", "day", "expected"), REASONS)
def test_reasons_in_plain_dutch(
    household: Answers, rule: Regulation, day: date, expected: tuple[str, ...]
) -> None:
    assert check(household, rule, day).reasons == expected


def test_the_result_keeps_the_figures_behind_the_reason() -> None:
    result = check(
        answers(**COUPLE, net_monthly_income="2307.84"),
        regulation(income_limit=INCLUDED),
        SEPT_2025,
    )
    assert result.income_percent == Decimal("118.00")
    assert result.income_limit == Decimal("2346.96")
    assert result.norm is not None
    assert result.norm.valid_from == date(2025, 7, 1)


DEMOSTAD = {r.id: r for r in demostad_regulations()}


@pytest.mark.parametrize("regulation_id", ["jeugdfonds-sport-cultuur", "stichting-leergeld"])
def test_intermediary_only_regulations_say_so(regulation_id: str) -> None:
    result = check(answers(), DEMOSTAD[regulation_id], SEPT_2025)
    assert result.outcome is ELIGIBLE
    assert result.how_to_apply.startswith(
        "Alleen via een intermediair: u kunt dit niet zelf aanvragen."
    )


def test_self_service_regulations_say_where() -> None:
    text = check(answers(), DEMOSTAD["stadspas"], SEPT_2025).how_to_apply
    assert text.startswith("Zelf aanvragen.")
    assert "Website: https://www.demostad.example/stadspas." in text
    assert "Telefoon: 14 0999." in text


def test_all_demostad_regulations_for_one_household() -> None:
    # A couple of 38 and 36 with children of 7 and 12, 2200 a month, on 1 March 2026:
    # 115.7% of the couple norm without holiday allowance (1902.02).
    household = answers(
        **{**COUPLE, "adult_ages": (38, 36), "child_ages": (7, 12)},
        net_monthly_income="2200.00",
        savings="1000",
    )
    results = check_eligibility(household, demostad_regulations(), NORMS, on=date(2026, 3, 1))
    outcomes = {r.regulation.id: r.outcome for r in results}
    assert outcomes == {
        "stadspas": ELIGIBLE,
        "meedoenregeling": ELIGIBLE,
        "kindpakket": ELIGIBLE,
        "jeugdfonds-sport-cultuur": ELIGIBLE,
        "stichting-leergeld": ELIGIBLE,
        "computerregeling": ELIGIBLE,
        "zwemles": ELIGIBLE,
        "bijzondere-bijstand": CHECK,
        "individuele-inkomenstoeslag": NOT_ELIGIBLE,
        "kwijtschelding": NOT_ELIGIBLE,
    }
    # a pure function: the same answers give the same results
    again = check_eligibility(household, demostad_regulations(), NORMS, on=date(2026, 3, 1))
    assert again == results


@pytest.mark.parametrize(
    ("day", "message"),
    [
        # after the last day the table is current
        (date(2027, 1, 1), "current until 2026-12-31"),
        # before the first recorded data
        (date(2023, 12, 31), "first is valid from 2024-01-01"),
    ],
    ids=str,
)
def test_a_date_without_norms_is_an_error_not_an_answer(day: date, message: str) -> None:
    with pytest.raises(NormNotFound, match=message):
        check(answers(), PLAIN, day)


BAD_ANSWERS = [
    # (fields, message)
    # money as float is refused: it cannot hold cents exactly
    (
        {"net_monthly_income": 1500.5},
        "net_monthly_income: expected an amount in euros as "
        "Decimal, int or text like '1234.56', got float 1500.5",
    ),
    # negative savings
    ({"savings": "-10"}, "savings: expected an amount of 0 or more, got '-10'"),
    # text that is not an amount
    (
        {"net_monthly_income": "veel"},
        "net_monthly_income: expected an amount in euros like '1234.56', got 'veel'",
    ),
    # an unknown household type
    (
        {"household": "family"},
        "household: expected one of single, single_parent, couple, got 'family'",
    ),
    # a single adult with children is a single parent
    (
        {"household": "single"},
        "household: a single adult with children [8] is a single parent; expected single_parent",
    ),
    # a single parent without children
    ({"child_ages": ()}, "child_ages: a single parent has at least one child, got none"),
    # a couple with one age
    ({"household": "couple"}, "adult_ages: a couple household has 2 adult(s), got 1: [35]"),
    # a child of 18 counts as an adult
    ({"child_ages": (18,)}, "child_ages: expected whole numbers from 0 to 17, got 18"),
    # an adult under 18
    ({"adult_ages": (16,)}, "adult_ages: expected whole numbers from 18 to 130, got 16"),
    # residence must be answered
    ({"lives_in_municipality": None}, "lives_in_municipality: expected true or false, got None"),
]


@pytest.mark.parametrize(("fields", "message"), BAD_ANSWERS)
def test_wrong_answers_say_what_was_expected(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(EligibilityError, match=re.escape(message)):
        answers(**fields)
