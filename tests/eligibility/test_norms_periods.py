"""Norm periods as data: reading a CSV of norms, complete periods, status and warnings dates.

The packaged norms end with the period from 1 July 2026, so they are current until
31 December 2026; the warning starts eight weeks (56 days) before: on 6 November 2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib.resources import files

import pytest

from kansen.eligibility import (
    DERIVED_EXCL_SOURCE,
    SITUATIONS,
    AgeBand,
    EligibilityError,
    Household,
    NormFileError,
    derived_excl,
    load_norms,
    norm_status,
    read_norms_text,
    with_periods,
)

HEADER = (
    "valid_from,household,age_band,children,incl_holiday_allowance,excl_holiday_allowance,"
    "source,excl_source,note\n"
)
SOURCE = "Staatscourant 2026 nr. 99999 (test)"


def period_csv(day: str = "2027-01-01", amount: str = "1500.00", skip: int | None = None) -> str:
    rows = []
    for number, (household, band, children) in enumerate(SITUATIONS):
        if number == skip:
            continue
        kind = {None: "any", True: "with", False: "without"}[children]
        rows.append(f"{day},{household.value},{band.value},{kind},{amount},,{SOURCE},,\n")
    return HEADER + "".join(rows)


def test_the_packaged_file_reads_the_same_through_the_text_reader():
    text = (files("kansen.eligibility") / "data" / "bijstandsnormen.csv").read_text("utf-8")
    assert read_norms_text(text) == list(load_norms().norms)


def test_a_complete_period_with_derived_amounts_without_holiday_allowance():
    norms = read_norms_text(period_csv().encode("utf-8-sig"), "normen-2027.csv")
    assert len(norms) == len(SITUATIONS) == 9
    assert {n.excl_holiday_allowance for n in norms} == {Decimal("1425.00")}
    assert {n.excl_source for n in norms} == {DERIVED_EXCL_SOURCE}


@pytest.mark.parametrize(
    ("incl", "excl"),
    [
        ("1419.46", "1348.49"),  # the packaged 2026-07-01 single norm
        ("2027.79", "1926.40"),  # couple; 1926.4005 rounds down
        ("350.42", "332.90"),  # 332.899 rounds up
        ("0.01", "0.01"),
    ],
)
def test_derived_amount_is_95_percent_rounded_half_up_to_cents(incl, excl):
    assert derived_excl(Decimal(incl)) == Decimal(excl)


def test_every_problem_by_row_and_column():
    text = period_csv().splitlines(keepends=True)
    text[2] = text[2].replace("2027-01-01", "2027-13-01")
    text[3] = text[3].replace("1500.00", "1e999999")
    text[4] = text[4].replace(SOURCE, "")
    with pytest.raises(NormFileError) as caught:
        read_norms_text("".join(text), "normen.csv")
    found = [(p.code, p.row, p.column) for p in caught.value.details]
    assert found == [
        ("not-a-date", 3, "valid_from"),
        ("not-an-amount", 4, "incl_holiday_allowance"),  # once: nothing to derive from it
        ("text-required", 5, "source"),
    ]


def test_a_period_without_every_situation_is_refused():
    with pytest.raises(NormFileError) as caught:
        read_norms_text(period_csv(skip=4))
    assert [(p.code, p.value) for p in caught.value.details] == [
        ("incomplete-period", "2027-01-01: couple/18_to_20/with")
    ]


def test_a_situation_twice_is_refused():
    text = period_csv() + period_csv().splitlines(keepends=True)[1]
    with pytest.raises(NormFileError) as caught:
        read_norms_text(text)
    assert [p.code for p in caught.value.details] == ["duplicate"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("\ufeffvalid_from;household\n2027-01-01;single\n".encode(), "missing-columns"),
        (period_csv().encode("utf-16"), "not-utf8"),
        (b"\x00\xff\xfe garbage \x89PNG", "not-utf8"),
    ],
)
def test_files_that_are_not_a_norms_csv(data, code):
    with pytest.raises(NormFileError) as caught:
        read_norms_text(data)
    assert [p.code for p in caught.value.details] == [code]


def test_added_periods_extend_the_table_and_replace_a_packaged_date():
    added = read_norms_text(period_csv("2027-01-01") + period_csv("2026-07-01").split("\n", 1)[1])
    table = with_periods(load_norms(), added)
    assert table.covered_until == date(2027, 6, 30)
    single = (Household.SINGLE, AgeBand.AGE_21_TO_STATE_PENSION)
    assert table.norm_on(date(2026, 9, 1), *single, True) == Decimal("1500.00")
    assert table.norm_on(date(2027, 1, 1), *single, True) == Decimal("1500.00")
    assert table.norm_on(date(2026, 3, 1), *single, True) == Decimal(
        "1401.50"
    )  # packaged, 2026-01-01


def test_added_norms_must_be_complete():
    with pytest.raises(EligibilityError, match="missing couple/18_to_20/with"):
        with_periods(
            load_norms(),
            read_norms_text(period_csv(skip=None))[:4] + read_norms_text(period_csv())[5:],
        )


@pytest.mark.parametrize(
    ("today", "state", "days_left"),
    [
        (date(2026, 11, 5), "current", 57),  # the day before the eight weeks
        (date(2026, 11, 6), "expiring", 56),  # eight weeks before the end
        (date(2026, 12, 31), "expiring", 1),  # the last day
        (date(2027, 1, 1), "expired", 0),
    ],
)
def test_status_warns_from_eight_weeks_before_the_norms_run_out(today, state, days_left):
    status = norm_status(load_norms(), today)
    assert (status.state, status.days_left, status.covered_until) == (
        state,
        days_left,
        date(2026, 12, 31),
    )
