"""Errors and input checks shared by the access modules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

#: Generous bounds of the Netherlands in EPSG:28992 metres: (x_min, y_min, x_max, y_max).
RD_EXTENT = (-50_000.0, 250_000.0, 350_000.0, 700_000.0)
#: How many offending rows an error message lists before summarising the rest.
_LIST_LIMIT = 10


class AccessInputError(ValueError):
    """Input to :mod:`kansen.access` that cannot be used, with the rows concerned.

    Attributes
    ----------
    rows : list of str
        The offending rows as described in the message, e.g. ``"row 3 (code 'BU01')"``.
    """

    def __init__(self, message: str, rows: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.rows = list(rows)


class MissingCoordinates(AccessInputError):
    """Areas, sub-areas or facilities without the coordinates needed to place them."""


def describe_rows(frame: pd.DataFrame, mask: NDArray[np.bool_], key: str) -> list[str]:
    """Describe the rows selected by ``mask`` as ``"row 3 (code 'BU01')"``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The input table.
    mask : numpy.ndarray of bool
        Which rows to describe.
    key : str
        The column that identifies a row (e.g. ``"code"`` or ``"id"``).

    Returns
    -------
    list of str
        One description per selected row; rows are 1-based positions in the table.
    """
    keys = frame[key].to_numpy() if key in frame.columns else np.full(len(frame), None)
    return [f"row {i + 1} ({key} {keys[i]!r})" for i in np.flatnonzero(mask)]


def join_rows(rows: Sequence[str]) -> str:
    """Join row descriptions, listing at most ten and counting the rest."""
    shown = ", ".join(rows[:_LIST_LIMIT])
    rest = len(rows) - _LIST_LIMIT
    return f"{shown} and {rest} more" if rest > 0 else shown


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise :class:`AccessInputError` when ``frame`` lacks one of ``columns``."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise AccessInputError(
            f"{what} must have the column(s) {', '.join(map(repr, missing))}; "
            f"the columns given are {', '.join(map(repr, map(str, frame.columns))) or 'none'}"
        )


def require_unique(frame: pd.DataFrame, column: str, what: str) -> None:
    """Raise :class:`AccessInputError` for empty or repeated values in ``column``."""
    values = frame[column]
    empty = values.isna().to_numpy()
    if empty.any():
        rows = describe_rows(frame, empty, column)
        raise AccessInputError(f"{what} need a {column!r} in every row: {join_rows(rows)}", rows)
    repeated = values.duplicated(keep=False).to_numpy()
    if repeated.any():
        rows = describe_rows(frame, repeated, column)
        raise AccessInputError(
            f"every {column!r} of the {what} must be unique; repeated: {join_rows(rows)}", rows
        )


def numeric(frame: pd.DataFrame, column: str, what: str) -> NDArray[np.float64]:
    """Return a column as float64 (NaN for empty cells); raise for text that is not a number."""
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = (values.isna() & frame[column].notna()).to_numpy()
    if bad.any():
        rows = describe_rows(frame, bad, column)
        raise AccessInputError(
            f"{what}: column {column!r} must hold numbers; not a number in {join_rows(rows)}",
            rows,
        )
    return np.asarray(values, dtype=np.float64)


def check_rd_extent(
    frame: pd.DataFrame,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    key: str,
    what: str,
    only: NDArray[np.bool_] | None = None,
) -> None:
    """Raise :class:`AccessInputError` for points outside the Netherlands in EPSG:28992.

    Points in longitude/latitude by mistake (x around 5, y around 52) fall outside and get a hint.
    ``only`` restricts the check to some rows (row numbers stay those of ``frame``).
    """
    x_min, y_min, x_max, y_max = RD_EXTENT
    outside = ~((x >= x_min) & (x <= x_max) & (y >= y_min) & (y <= y_max))
    if only is not None:
        outside &= only
    if outside.any():
        rows = describe_rows(frame, outside, key)
        first = int(np.flatnonzero(outside)[0])
        raise AccessInputError(
            f"{what}: points must be in EPSG:28992 (RD New, metres) within the Netherlands "
            f"(x {x_min:,.0f} to {x_max:,.0f}, y {y_min:,.0f} to {y_max:,.0f}); outside: "
            f"{join_rows(rows)}, e.g. ({x[first]}, {y[first]}). Longitude/latitude must first "
            "be converted with lonlat_to_rd",
            rows,
        )
