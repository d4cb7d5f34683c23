"""Placing rows at their four-digit postcode (PC4), and saying why a row cannot be placed."""

from __future__ import annotations

import pandas as pd
import pytest

from kansen.access import (
    NO_POSTCODE,
    NOT_A_POSTCODE,
    UNKNOWN_PC4,
    AccessInputError,
    locate_by_postcode,
)

PC4 = pd.DataFrame({"pc4": ["2311", 2312], "x": [93_000.0, 94_000.0], "y": [464_000.0] * 2})


def test_rows_are_placed_or_told_why_not() -> None:
    rows = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f"],
            "postcode": ["2311 EZ", None, "ab 12", "1114 BD", "2312", " 2311ez "],
        }
    )
    located = locate_by_postcode(rows, PC4)
    assert located.located["id"].tolist() == ["a", "e", "f"]
    assert located.located["pc4"].tolist() == ["2311", "2312", "2311"]
    assert located.located["x"].tolist() == [93_000.0, 94_000.0, 93_000.0]
    assert located.unlocated["id"].tolist() == ["b", "c", "d"]
    assert located.unlocated["reason"].tolist() == [NO_POSTCODE, NOT_A_POSTCODE, UNKNOWN_PC4]
    assert located.reasons() == {NO_POSTCODE: 1, NOT_A_POSTCODE: 1, UNKNOWN_PC4: 1}


def test_a_bad_postcode_table_is_refused() -> None:
    rows = pd.DataFrame({"postcode": ["2311 EZ"]})
    with pytest.raises(AccessInputError, match="must be unique"):
        locate_by_postcode(rows, pd.concat([PC4, PC4]))
    with pytest.raises(AccessInputError, match=r"a PC4 is four digits.*'0231'"):
        locate_by_postcode(rows, PC4.assign(pc4=["0231", "2312"]))
    with pytest.raises(AccessInputError, match=r"must have the column.*'pc'"):
        locate_by_postcode(rows, PC4, postcode_column="pc")
