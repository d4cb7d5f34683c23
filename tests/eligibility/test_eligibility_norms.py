"""The social-assistance norms: complete versioned data with sources, the norm valid on a date,
the age band of a household, and clear errors for dates and files the table cannot serve."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from kansen.eligibility import (
    AgeBand,
    DataFileError,
    EligibilityError,
    Household,
    NormNotFound,
    NormTable,
    load_norms,
)

NORMS = load_norms()
SINGLE, SINGLE_PARENT, COUPLE = Household.SINGLE, Household.SINGLE_PARENT, Household.COUPLE
YOUNG, ADULT = AgeBand.AGE_18_TO_20, AgeBand.AGE_21_TO_STATE_PENSION
PENSION, MIXED = AgeBand.STATE_PENSION_OR_OLDER, AgeBand.AGE_18_TO_20_WITH_PARTNER_21_PLUS

#: Every date the norms changed from 2024 on: the issue asks for 2024-01-01 to 2026-01-01.
PERIODS = [date(y, m, 1) for y in (2024, 2025, 2026) for m in (1, 7)]
#: Every situation a household can be in; None: the same amount with and without children.
SITUATIONS = [
    (SINGLE, YOUNG, None),
    (SINGLE, ADULT, None),
    (SINGLE, PENSION, None),
    (COUPLE, YOUNG, True),
    (COUPLE, YOUNG, False),
    (COUPLE, MIXED, True),
    (COUPLE, MIXED, False),
    (COUPLE, ADULT, None),
    (COUPLE, PENSION, None),
]


@pytest.mark.parametrize("day", PERIODS, ids=str)
def test_every_household_and_age_band_has_a_norm_with_a_source(day: date) -> None:
    for household, band, children in SITUATIONS:
        rows = [
            n
            for n in NORMS.norms
            if (n.valid_from, n.household, n.age_band, n.with_children)
            == (day, household, band, children)
        ]
        assert len(rows) == 1, (day, household, band, children)
        assert rows[0].source.strip()
        assert rows[0].excl_source.strip()


def test_the_table_holds_exactly_those_rows() -> None:
    assert len(NORMS.norms) == len(PERIODS) * len(SITUATIONS)
    assert NORMS.earliest == date(2024, 1, 1)
    assert NORMS.covered_until == date(2026, 12, 31)


def test_excl_is_95_percent_of_incl_on_every_row() -> None:
    # The rule of every published table checked; it also catches a typo in either column.
    for norm in NORMS.norms:
        expected = (norm.incl_holiday_allowance * Decimal("0.95")).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        assert norm.excl_holiday_allowance == expected, norm


NORM_ON = [
    # (day, household, band, incl. holiday allowance, with children, expected)
    # the last day of the January 2025 norms
    (date(2025, 6, 30), COUPLE, ADULT, True, None, "1922.07"),
    # a norm valid from 1 July applies on 1 July itself
    (date(2025, 7, 1), COUPLE, ADULT, True, None, "1955.80"),
    # the same norm without holiday allowance
    (date(2025, 7, 1), COUPLE, ADULT, False, None, "1858.01"),
    # the first day of the table
    (date(2024, 1, 1), SINGLE, YOUNG, True, None, "316.94"),
    # a single parent gets the single norm (Participatiewet art. 21 a)
    (date(2024, 12, 31), SINGLE_PARENT, ADULT, True, None, "1308.45"),
    # both partners 18-20 with children (art. 20 lid 2 b, 2026)
    (date(2026, 1, 1), COUPLE, YOUNG, True, True, "1092.41"),
    # both partners 18-20 without children (art. 20 lid 1 b, 2026)
    (date(2026, 1, 1), COUPLE, YOUNG, True, False, "691.98"),
    # one partner 18-20, the other 21 or older, with children (art. 20 lid 2 c)
    (date(2026, 3, 15), COUPLE, MIXED, True, True, "1747.49"),
    # a single pensioner, the last day of the January 2026 norms
    (date(2026, 6, 30), SINGLE, PENSION, True, None, "1564.69"),
    # the last day the table covers
    (date(2026, 12, 31), COUPLE, PENSION, False, None, "2067.30"),
    # children are ignored where the norm does not depend on them
    (date(2025, 3, 1), COUPLE, ADULT, True, False, "1922.07"),
]


@pytest.mark.parametrize(("day", "household", "band", "incl", "children", "expected"), NORM_ON)
def test_norm_on_picks_the_norm_valid_on_the_date(
    day: date,
    household: Household,
    band: AgeBand,
    incl: bool,
    children: bool | None,
    expected: str,
) -> None:
    assert NORMS.norm_on(day, household, band, incl, with_children=children) == Decimal(expected)


NOT_FOUND = [
    # before the earliest norm
    (date(2023, 12, 31), "the earliest norms in this table are valid from 2024-01-01"),
    # after the last day the table is known to be current
    (date(2027, 1, 1), "this table is current until 2026-12-31"),
]


@pytest.mark.parametrize(("day", "message"), NOT_FOUND, ids=str)
def test_dates_outside_the_table_raise_a_clear_error(day: date, message: str) -> None:
    with pytest.raises(NormNotFound, match=message):
        NORMS.norm_on(day, SINGLE, ADULT, True)


def test_a_norm_that_depends_on_children_needs_to_be_told() -> None:
    with pytest.raises(EligibilityError, match="pass with_children=True or False"):
        NORMS.norm_on(date(2025, 1, 1), COUPLE, YOUNG, True)


def test_the_row_carries_its_source() -> None:
    row = NORMS.row_on(date(2026, 2, 1), COUPLE, ADULT)
    assert row.valid_from == date(2026, 1, 1)
    assert "wetten.overheid.nl/BWBR0015703/2026-01-01" in row.source


AGE_BANDS = [
    # (household, adult ages, expected band); on 2026-01-01 the state pension age is 67
    # 18 is the youngest adult
    (SINGLE, (18,), YOUNG),
    # 20 is still the youth norm
    (SINGLE, (20,), YOUNG),
    # 21 is the first adult age
    (SINGLE, (21,), ADULT),
    # 66 is below the state pension age
    (SINGLE_PARENT, (66,), ADULT),
    # 67 is the state pension age in 2024-2027
    (SINGLE, (67,), PENSION),
    # one partner at pension age, the other 21 or older: the oldest counts (art. 22 c)
    (COUPLE, (67, 60), PENSION),
    # both partners 18-20 (art. 20 b)
    (COUPLE, (19, 20), YOUNG),
    # one partner 18-20, the other 21 or older: the youngest counts (art. 20 c)
    (COUPLE, (35, 19), MIXED),
    # both 21 or older and under pension age (art. 21 b)
    (COUPLE, (21, 66), ADULT),
]


@pytest.mark.parametrize(("household", "ages", "expected"), AGE_BANDS)
def test_age_band_of_a_household(
    household: Household, ages: tuple[int, ...], expected: AgeBand
) -> None:
    assert NORMS.age_band(household, ages, date(2026, 1, 1)) is expected


UNDECIDED = [
    # the law has no norm for a pensioner with a partner of 18-20
    (COUPLE, (70, 19), date(2026, 1, 1), "no norm for a couple"),
    # from 2028 the pension age is 67 years and 3 months: a 67-year-old cannot be placed
    (SINGLE, (67,), date(2028, 3, 1), "cannot tell whether it has been reached"),
]


@pytest.mark.parametrize(("household", "ages", "day", "message"), UNDECIDED)
def test_age_band_refuses_what_it_cannot_decide(
    household: Household, ages: tuple[int, ...], day: date, message: str
) -> None:
    with pytest.raises(NormNotFound, match=message) as caught:
        NORMS.age_band(household, ages, day)
    assert caught.value.dutch  # a reason a resident can read


def test_the_state_pension_age_comes_from_data() -> None:
    assert str(NORMS.state_pension_age(date(2027, 12, 31))) == "67 jaar"
    assert str(NORMS.state_pension_age(date(2028, 1, 1))) == "67 jaar en 3 maanden"


BAD_AGES = [
    # a minor is not an adult
    (SINGLE, (17,), "18 or more"),
    # a couple has two adults
    (COUPLE, (30,), "has 2 adult"),
]


@pytest.mark.parametrize(("household", "ages", "message"), BAD_AGES)
def test_age_band_refuses_wrong_ages(
    household: Household, ages: tuple[int, ...], message: str
) -> None:
    with pytest.raises(EligibilityError, match=message):
        NORMS.age_band(household, ages, date(2026, 1, 1))


HEADER = (
    "valid_from,household,age_band,children,incl_holiday_allowance,excl_holiday_allowance,"
    "source,excl_source,note\n"
)
PENSION_AGES = "valid_from,years,months,source\n2024-01-01,67,0,AOW art. 7a\n"


def _files(tmp_path: Path, rows: str) -> tuple[Path, Path]:
    norms, ages = tmp_path / "normen.csv", tmp_path / "pensioen.csv"
    norms.write_text(HEADER + rows, encoding="utf-8")
    ages.write_text(PENSION_AGES, encoding="utf-8")
    return norms, ages


def test_a_bad_norms_file_lists_every_problem_by_row_and_column(tmp_path: Path) -> None:
    rows = (
        "2024-01-01,single,21_to_state_pension,any,1283.83,1219.64,law,derived,\n"
        "2024-13-01,single,18_to_20,any,316.94,301.09,law,derived,\n"
        "2024-01-01,family,18_to_20,any,316.94,301.09,law,derived,\n"
        "2024-01-01,couple,21_to_state_pension,any,1834.04,1742.34,,derived,\n"
        "2024-01-01,couple,state_pension_or_older,any,1800.00,1900.00,law,derived,\n"
        "2024-01-01,couple,18_to_20,some,633.88,602.19,law,derived,\n"
    )
    with pytest.raises(DataFileError) as caught:
        NormTable.from_csv(*_files(tmp_path, rows))
    assert caught.value.problems == (
        "row 3, column 'valid_from': expected a date like 2025-07-01, got '2024-13-01'",
        "row 4, column 'household': expected one of single, couple, got 'family'",
        "row 5, column 'source': expected a text (every norm needs its source), got an empty cell",
        "row 6: excl_holiday_allowance 1900.00 is more than incl_holiday_allowance 1800.00; "
        "expected excl <= incl",
        "row 7, column 'children': expected one of any, with, without, got 'some'",
    )
    assert str(caught.value).startswith("normen.csv: 5 problems:")


def test_a_norms_file_without_a_column_says_which(tmp_path: Path) -> None:
    norms, ages = _files(tmp_path, "")
    norms.write_text("valid_from,household\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"missing column\(s\) age_band, children"):
        NormTable.from_csv(norms, ages)


def test_two_amounts_for_one_situation_are_refused(tmp_path: Path) -> None:
    rows = (
        "2024-01-01,single,21_to_state_pension,any,1283.83,1219.64,law,derived,\n"
        "2024-01-01,single,21_to_state_pension,any,1283.84,1219.65,law,derived,\n"
    )
    with pytest.raises(EligibilityError, match="more than one norm for household single"):
        NormTable.from_csv(*_files(tmp_path, rows))
