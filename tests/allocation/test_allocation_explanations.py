"""The plain Dutch sentence each share explains itself with."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from kansen.allocation import allocate


def test_sentences_for_free_capped_floored_and_excluded_units() -> None:
    units = pd.DataFrame(
        {
            "code": ["BU03630101", "BU03630102", "BU03630103", "BU03630104"],
            "name": ["Oost", None, "Haven", "Villapark"],
            "need": [Decimal("61.3"), Decimal("20.0"), Decimal("0.5"), Decimal("10")],
            "population": [2_140, 1_000, 400, 3_000],
            "decile": [1, 2, 3, 9],
        }
    )
    result = allocate(units, "50000.00", max_decile=3, cap="30000", floor="5000")
    oost, second, haven, villapark = (s.explanation for s in result.shares)
    # Oost: 131,182 of 151,382 weight (86.7%), 43,327.30 in proportion: capped at 30,000.
    assert oost == (
        "Buurt Oost (BU03630101) krijgt EUR 30.000,00: 86,7% van het gewicht "
        "(behoefte 61,3 x 2.140 inwoners); begrensd op het maximum van EUR 30.000,00."
    )
    # Haven: 200 weight (0.1%), 66.06 in proportion: raised to the floor of 5,000.
    assert haven == (
        "Buurt Haven (BU03630103) krijgt EUR 5.000,00: 0,1% van het gewicht "
        "(behoefte 0,5 x 400 inwoners); opgehoogd tot het minimum van EUR 5.000,00."
    )
    # The second buurt gets the rest: 50,000 - 30,000 - 5,000 = 15,000 instead of
    # 50,000 x 20,000 / 151,382 = 6,605.81.
    assert second == (
        "Buurt BU03630102 krijgt EUR 15.000,00: 13,2% van het gewicht "
        "(behoefte 20,0 x 1.000 inwoners); door herverdeling rond minima en maxima "
        "EUR 8.394,19 meer dan het evenredige deel van EUR 6.605,81."
    )
    assert villapark == (
        "Buurt Villapark (BU03630104) krijgt niets: deciel 9 valt buiten de drempel "
        "(alleen deciel 1 tot en met 3)."
    )


def test_schools_and_pupils() -> None:
    units = pd.DataFrame(
        {"code": ["00AH00", "00AH07"], "need": [3, 1], "population": [878, 845], "decile": [1, 1]}
    )
    result = allocate(units, "1000", people="leerlingen", unit_noun="School", max_decile=1)
    # 3 x 878 = 2,634 of 3,479: 757.114...; 845 of 3,479: 242.885... gets the cent.
    assert result.shares[0].explanation == (
        "School 00AH00 krijgt EUR 757,11: 75,7% van het gewicht (behoefte 3 x 878 leerlingen)."
    )
    assert result.share("00AH07").amount == Decimal("242.89")


def test_tiny_shares_are_not_shown_as_zero() -> None:
    units = pd.DataFrame({"code": ["WK01", "WK02"], "need": [1, 10_000], "population": [1, 1]})
    sentence = allocate(units, "1000").shares[0].explanation
    assert sentence == (
        "Wijk WK01 krijgt EUR 0,10: <0,1% van het gewicht (behoefte 1 x 1 inwoners)."
    )
