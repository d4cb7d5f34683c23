"""Figures of several chosen areas combined: counts added, shares and means recomputed from the
numbers of persons they rest on, never an average of shares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kansen.monitoring import AreaFigure, Combined, NotCombinable, combine, is_count


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("aantal", True),
        ("Aantal (personen)", True),
        ("count", True),
        ("%", False),
        ("percentage", False),
        ("euro", False),
        ("", False),
    ],
)
def test_a_count_is_known_by_its_unit(unit, expected):
    assert is_count(unit) is expected


def test_counts_add_up_and_so_do_their_numbers_of_persons():
    figures = {
        "BU99990101": AreaFigure(Decimal("1470"), 1470),
        "BU99990102": AreaFigure(Decimal("830"), 830),
    }
    assert combine(figures, "aantal") == Combined(Decimal("2300"), 2300)
    # a count without its number of persons still adds up; the number is unknown
    figures["BU99990102"] = AreaFigure(Decimal("830"))
    assert combine(figures, "aantal") == Combined(Decimal("2300"), None)


def test_a_share_is_recomputed_from_the_numbers_not_averaged():
    # 12% of 250 pupils (30) and 30% of 50 pupils (15): 45 of 300 = 15%, not (12 + 30) / 2 = 21%
    figures = {
        "BU99990101": AreaFigure(Decimal("12"), 250),
        "BU99990102": AreaFigure(Decimal("30"), 50),
    }
    assert combine(figures, "%") == Combined(Decimal("15.0000"), 300)
    # rounded half to even at four places: 10% of 1 and 20% of 2 is 50/3 = 16.6667%
    thirds = {"BU1": AreaFigure(Decimal("10"), 1), "BU2": AreaFigure(Decimal("20"), 2)}
    assert combine(thirds, "%") == Combined(Decimal("16.6667"), 3)


def test_a_share_without_its_numbers_is_not_combined():
    figures = {
        "BU99990103": AreaFigure(Decimal("12"), None),
        "BU99990101": AreaFigure(Decimal("30"), 50),
        "BU99990102": AreaFigure(Decimal("18"), 0),
    }
    with pytest.raises(NotCombinable) as refused:
        combine(figures, "%")
    assert refused.value.missing == ("BU99990102", "BU99990103")
