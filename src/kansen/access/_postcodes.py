"""Place rows (e.g. school locations) at the centroid of their four-digit postcode (PC4)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._checks import (
    AccessInputError,
    check_rd_extent,
    describe_rows,
    join_rows,
    numeric,
    require_columns,
    require_unique,
)

_POSTCODE = re.compile(r"\s*([1-9]\d{3})\s*(?:[A-Za-z]{2})?\s*")

#: Why a row could not be located.
NO_POSTCODE = "no postcode"
NOT_A_POSTCODE = "not a Dutch postcode"
UNKNOWN_PC4 = "PC4 not in the postcode table"


@dataclass(frozen=True)
class PostcodeLocations:
    """Rows placed at their PC4 centroid, and the rows that could not be placed.

    Attributes
    ----------
    located : pandas.DataFrame
        The located rows with their original columns plus ``pc4``, ``x`` and ``y`` (EPSG:28992
        metres; any ``x``/``y`` columns given are replaced).
    unlocated : pandas.DataFrame
        The other rows with their original columns plus ``pc4`` (None when there is none) and
        ``reason``: :data:`NO_POSTCODE`, :data:`NOT_A_POSTCODE` or :data:`UNKNOWN_PC4`.
    """

    located: pd.DataFrame
    unlocated: pd.DataFrame

    def reasons(self) -> dict[str, int]:
        """How many rows could not be located, per reason."""
        counts = self.unlocated["reason"].value_counts(sort=False)
        return {str(reason): int(count) for reason, count in counts.items()}


def locate_by_postcode(
    rows: pd.DataFrame,
    pc4_points: pd.DataFrame,
    *,
    postcode_column: str = "postcode",
) -> PostcodeLocations:
    """Place each row at the point of its four-digit postcode area (PC4).

    A PC4 area holds a few thousand addresses; in a town its centroid is within a kilometre
    of any address in it, in the countryside it can be several kilometres off. Use it when
    nothing better (an address point) is known, and say so.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows with a postcode column: ``"2311 EZ"``, ``"2311EZ"`` or ``"2311"``.
    pc4_points : pandas.DataFrame
        Columns ``pc4`` (four digits, as text or number, unique), ``x`` and ``y`` (EPSG:28992
        metres; convert longitude/latitude with :func:`lonlat_to_rd` first).
    postcode_column : str, default "postcode"
        The column of ``rows`` holding the postcode.

    Returns
    -------
    PostcodeLocations
        The located and the unlocated rows (each in input order, original index kept).

    Raises
    ------
    AccessInputError
        For a missing column, a repeated or missing PC4 in ``pc4_points``, or PC4 points
        without coordinates or outside the Netherlands.
    """
    require_columns(rows, [postcode_column], "rows")
    require_columns(pc4_points, ["pc4", "x", "y"], "pc4_points")
    table = pc4_points.assign(pc4=pc4_points["pc4"].map(_pc4_text))
    require_unique(table, "pc4", "pc4_points")
    malformed = ~table["pc4"].str.fullmatch(r"[1-9]\d{3}").to_numpy(dtype=bool)
    if malformed.any():
        bad = describe_rows(table, malformed, "pc4")
        raise AccessInputError(
            f"pc4_points: a PC4 is four digits, the first not 0; got {join_rows(bad)}", bad
        )
    px, py = numeric(table, "x", "pc4_points"), numeric(table, "y", "pc4_points")
    if not (np.isfinite(px) & np.isfinite(py)).all():
        raise AccessInputError("pc4_points: every PC4 needs x and y")
    check_rd_extent(table, px, py, "pc4", "pc4_points")
    lookup = pd.DataFrame({"x": px, "y": py}, index=table["pc4"].to_numpy())

    raw = rows[postcode_column]
    parsed = raw.map(_parse_postcode)
    pc4 = parsed.where(parsed != "", None).to_numpy(dtype=object)
    empty = (raw.isna() | (raw.astype(str).str.strip() == "")).to_numpy()
    reason = np.select(
        [empty, pd.isna(pc4), ~pd.Series(pc4).isin(lookup.index).to_numpy()],
        [NO_POSTCODE, NOT_A_POSTCODE, UNKNOWN_PC4],
        default="",
    )
    found = reason == ""

    located = rows[found].drop(columns=["x", "y"], errors="ignore").assign(pc4=pc4[found])
    coordinates = lookup.loc[pc4[found]]
    located = located.assign(x=coordinates["x"].to_numpy(), y=coordinates["y"].to_numpy())
    unlocated = rows[~found].assign(pc4=pc4[~found], reason=reason[~found])
    return PostcodeLocations(located=located, unlocated=unlocated)


def _pc4_text(value: object) -> str | None:
    """A PC4 as text: 2311 and "2311" both become "2311"; empty cells become None."""
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float):
        return None if np.isnan(value) else str(int(value)) if value.is_integer() else str(value)
    return None if value is None else str(value).strip() or None


def _parse_postcode(value: object) -> str:
    """The four digits of a postcode, or "" when the value is not one."""
    if not isinstance(value, str):
        return ""
    match = _POSTCODE.fullmatch(value)
    return match.group(1) if match else ""
