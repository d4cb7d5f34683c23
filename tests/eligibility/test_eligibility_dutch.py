"""How the check shows an income as a percentage of the social minimum: one rounding for every
sentence and page, which never contradicts a verdict."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kansen.eligibility import income_percent
from kansen.eligibility._dutch import percent

LIMIT = Decimal(120)


@pytest.mark.parametrize(
    ("ratio", "within", "shown"),
    [
        # single, EUR 1,618.20 of EUR 1,348.49: above the ceiling of EUR 1,618.19, so not "120%"
        ("120.0008", False, "120,01%"),
        ("120.049", False, "120,05%"),  # would round to 120,0%: two decimals, rounded up
        ("120.05", False, "120,1%"),  # rounds above the limit anyway: one decimal
        ("120.0519", False, "120,1%"),  # couple, one euro above
        ("120", True, "120%"),  # exactly at the limit is within it
        ("119.96", True, "120%"),  # rounds to the limit, which is still within it
        ("120.0003", True, "120%"),  # within by the ceiling rounded up to cents
        ("119.94", True, "119,9%"),
        ("114.0", True, "114%"),
    ],
)
def test_a_percentage_never_contradicts_its_verdict(ratio: str, within: bool, shown: str) -> None:
    assert percent(income_percent(Decimal(ratio), [(LIMIT, within)])) == shown


def test_a_within_verdict_is_never_shown_above_its_limit() -> None:
    # a ceiling rounded up to cents can leave the income within while the ratio is a hair above
    assert percent(income_percent(Decimal("120.06"), [(LIMIT, True)])) == "120%"


def test_without_a_limit_one_decimal_half_up() -> None:
    assert percent(income_percent(Decimal("120.0008"))) == "120%"
    assert percent(income_percent(Decimal("115.65"))) == "115,7%"
