"""Amounts the check cannot use raise EligibilityError with what was expected, never a raw
``decimal`` error (issue 14: 1e28 raised InvalidOperation, 1e999999 Overflow)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kansen.eligibility import (
    Answers,
    EligibilityError,
    Outcome,
    check_eligibility,
    demostad_regulations,
    load_norms,
)

ON = date(2026, 3, 1)


def _answers(income: object = "1500", savings: object = "0") -> Answers:
    return Answers(
        household="single",
        adult_ages=(30,),
        child_ages=(),
        net_monthly_income=income,
        savings=savings,
        lives_in_municipality=True,
    )


TOO_LARGE = "expected an amount below 1000000000000 euros (a trillion), got "
NOT_ZERO_OR_MORE = "expected an amount of 0 or more, got "


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e28", TOO_LARGE + "'1e28'"),
        ("1E+28", TOO_LARGE + "'1E+28'"),
        ("1e999999", TOO_LARGE + "'1e999999'"),
        ("99999999999999999999999999999", TOO_LARGE + "'99999999999999999999999999999'"),
        ("1000000000000", TOO_LARGE + "'1000000000000'"),
        (Decimal("1e28"), TOO_LARGE + "Decimal('1E+28')"),
        (10**30, TOO_LARGE + "1000000000000000000000000000000"),
        ("NaN", NOT_ZERO_OR_MORE + "'NaN'"),
        ("sNaN", NOT_ZERO_OR_MORE + "'sNaN'"),
        ("Infinity", NOT_ZERO_OR_MORE + "'Infinity'"),
        ("-Infinity", NOT_ZERO_OR_MORE + "'-Infinity'"),
        ("1e9999999999", TOO_LARGE + "'1e9999999999'"),
        ("12,50", "expected an amount in euros like '1234.56', got '12,50'"),
        (
            "9" * 41,
            "expected an amount in euros like '1234.56', got '9999999999999999999999999999999999999"
            "99... (41 characters)",
        ),
    ],
)
@pytest.mark.parametrize("field", ["net_monthly_income", "savings"])
def test_an_unusable_amount_is_an_eligibility_error(field, value, message):
    with pytest.raises(EligibilityError) as raised:
        _answers(**{"income" if field == "net_monthly_income" else "savings": value})
    assert str(raised.value) == f"{field}: {message}"


def test_the_largest_amount_accepted_is_checked_to_the_end():
    answers = _answers(income="999999999999.99", savings="999999999999.99")
    results = check_eligibility(answers, demostad_regulations(), load_norms(), on=ON)
    assert {r.outcome for r in results if r.regulation.income_limit is not None} == {
        Outcome.NOT_ELIGIBLE
    }
