"""Quarters, planning ends, periods and amounts: what users write, and what is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kansen.plans import Amount, Period, PlanningEnd, Quarter, quarter_range

QUARTERS = [
    # The plan's own form.
    ("Q1 2024", Quarter(2024, 1)),
    # As OCR writes it in Leiden's plan ("Q12024").
    ("Q12024", Quarter(2024, 1)),
    # Lower case.
    ("q4 2026", Quarter(2026, 4)),
]


@pytest.mark.parametrize(("text", "quarter"), QUARTERS)
def test_quarter_parse(text: str, quarter: Quarter) -> None:
    assert Quarter.parse(text) == quarter


@pytest.mark.parametrize("text", ["Q5 2024", "2024 Q1", "Q1 24", "", "Lopend"])
def test_quarter_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expected a quarter such as 'Q1 2024'; got"):
        Quarter.parse(text)


def test_quarter_arithmetic() -> None:
    q = Quarter(2024, 4)
    assert (q.first_day, q.last_day) == (date(2024, 10, 1), date(2024, 12, 31))
    assert q.shift(1) == Quarter(2025, 1)
    assert Quarter.of(date(2025, 7, 1)) == Quarter(2025, 3)
    assert [str(x) for x in quarter_range(Quarter(2024, 3), Quarter(2025, 1))] == [
        "Q3 2024",
        "Q4 2024",
        "Q1 2025",
    ]
    assert Quarter(2024, 4) < Quarter(2025, 1)


ENDS = [
    # A plain end quarter.
    ("Q4 2026", PlanningEnd(Quarter(2026, 4)), "Q4 2026"),
    # Ongoing, open-ended.
    ("Lopend", PlanningEnd(None, True), "Lopend"),
    # Leiden 1.1B: "Q3 2024/ Lopend" (written back without the space).
    ("Q3 2024/ Lopend", PlanningEnd(Quarter(2024, 3), True), "Q3 2024/Lopend"),
]


@pytest.mark.parametrize(("text", "value", "written"), ENDS)
def test_planning_end(text: str, value: PlanningEnd, written: str) -> None:
    assert PlanningEnd.parse(text) == value
    assert str(value) == written


@pytest.mark.parametrize("text", ["Q3 2024/Q4 2024", "/", "binnenkort", "Lopend/Q1 2024"])
def test_planning_end_refused(text: str) -> None:
    with pytest.raises(ValueError, match="'Lopend' \\(ongoing\\)"):
        PlanningEnd.parse(text)


def test_period() -> None:
    period = Period.parse("2021-2024")
    assert period.years == (2021, 2022, 2023, 2024)
    assert 2024 in period
    assert 2025 not in period
    assert Period.parse("2019–2021") == Period(2019, 2021)  # an en dash, as in documents
    with pytest.raises(ValueError, match="ends in or after"):
        Period(2024, 2021)


def test_a_period_of_one_year() -> None:
    period = Period.parse("2027")
    assert (period.start, period.end, period.years) == (2027, 2027, (2027,))
    assert str(period) == period.to_data() == "2027"
    assert Period.parse(str(period)) == period
    assert str(Period.parse("2027-2027")) == "2027"
    for text in ("27", "2027-", "2027 2028", "twee"):
        with pytest.raises(ValueError, match="or one year such as '2027'"):
            Period.parse(text)


AMOUNTS = [
    # An integer from YAML or JSON.
    (210000, Decimal(210000)),
    # A string with cents, exactly (Leiden's "173.00").
    ("173.00", Decimal("173.00")),
    # Pending.
    ("PM", None),
    # Negative amounts are allowed (a correction line).
    ("-5.5", Decimal("-5.5")),
]


@pytest.mark.parametrize(("data", "value"), AMOUNTS)
def test_amount_parse(data: object, value: Decimal | None) -> None:
    amount = Amount.parse(data)
    assert amount.value == value
    assert Amount.parse(amount.to_data()) == amount


REFUSED_AMOUNTS = [
    # A float is not exact.
    (173.0, "a float is not exact"),
    # A Dutch thousands separator would silently become 317 euros.
    ("317.000", "thousands separators are not allowed"),
    # A decimal comma.
    ("173,50", "decimal point"),
    # A currency sign.
    ("€ 100", "decimal point"),
    # Lower-case pm is not PM.
    ("pm", "or 'PM'"),
    # A yes/no value from YAML.
    (True, "yes/no"),
]


@pytest.mark.parametrize(("data", "message"), REFUSED_AMOUNTS)
def test_amount_refused(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Amount.parse(data)
