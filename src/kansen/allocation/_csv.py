"""CSV files for the command line: the units to allocate over, and the allocation itself."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

import pandas as pd

from ._model import ALLOCATION_COLUMNS, Allocation, AllocationError

Source = str | Path | IO[str]

_DELIMITERS = (";", "\t", ",")
_UNIT_COLUMNS = ("code", "need", "population")
_OPTIONAL_UNIT_COLUMNS = ("name", "decile")
#: Dutch headers a municipality's own file may use.
_ALIASES = {
    "naam": "name",
    "behoefte": "need",
    "inwoners": "population",
    "leerlingen": "population",
    "deciel": "decile",
}
_MONEY_COLUMNS = (
    "need",
    "weight",
    "proportional_amount",
    "raw_amount",
    "amount",
    "rounding_adjustment",
)
_FLAG_COLUMNS = ("floor_applied", "cap_applied", "excluded_by_threshold", "extra_cent")


def read_units_csv(source: Source) -> pd.DataFrame:
    """Read the units to allocate over from a CSV file.

    The file has a header with ``code``, ``need`` and ``population`` and optionally ``name``
    and ``decile``, in any order and case; other columns are ignored, and the Dutch headers
    ``behoefte``, ``inwoners`` or ``leerlingen``, ``naam`` and ``deciel`` are understood too.
    The delimiter is ``;``, tab or ``,``; with ``;`` or tab a decimal comma is allowed
    (``61,3``). Thousands separators are not: ``2.140`` inhabitants is refused as not a whole
    number rather than read as 2,140. UTF-8 (with or without BOM), else Windows-1252.

    Parameters
    ----------
    source : str, pathlib.Path or text file
        A path or an open text file.

    Returns
    -------
    pandas.DataFrame
        ``code`` (str), ``need`` (Decimal, exact), ``population`` (int), and ``name`` (str)
        and ``decile`` (int or None) when present, ready for :func:`allocate`.

    Raises
    ------
    AllocationError
        For a missing column or a value that is not a number, naming the line (the header is
        line 1).
    """
    text = _read_text(source)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise AllocationError(
            "the units file is empty; expected a header with code;need;population"
        )
    delimiter = max(_DELIMITERS, key=lambda d: lines[0].count(d))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    header = [_ALIASES.get(cell, cell) for cell in header]
    missing = [c for c in _UNIT_COLUMNS if c not in header]
    if missing:
        raise AllocationError(
            f"the units file must have the column(s) {', '.join(missing)}; "
            f"found {', '.join(header)}"
        )
    wanted = [c for c in (*_UNIT_COLUMNS, *_OPTIONAL_UNIT_COLUMNS) if c in header]
    position = {column: header.index(column) for column in wanted}
    records: list[dict[str, object]] = []
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: row[i].strip() if i < len(row) else "" for c, i in position.items()}
        record: dict[str, object] = {"code": cells["code"], "name": cells.get("name") or None}
        for column in ("need", "population", "decile"):
            if column in cells:
                record[column], problem = _parse(column, cells[column], delimiter != ",")
                if problem:
                    problems.append(f"line {line}, column {column}: {problem}")
        records.append(record)
    if problems:
        raise AllocationError(
            "the units file has values that are not usable: " + "; ".join(problems)
        )
    frame = pd.DataFrame(records, columns=wanted)
    if "decile" in frame.columns:  # int or None, not floats with NaN
        frame["decile"] = pd.Series([r.get("decile") for r in records], dtype=object)
    return frame


def write_allocation_csv(allocation: Allocation, target: str | Path | IO[str]) -> None:
    """Write an allocation as CSV: one row per unit, the columns of :data:`ALLOCATION_COLUMNS`.

    Comma-separated UTF-8 with a decimal point, so any tool reads it back exactly; amounts in
    euros with two decimals, the exact amounts with six, flags as ``true``/``false``, and the
    Dutch explanation as the last column.

    Parameters
    ----------
    allocation : Allocation
        The result of :func:`allocate`.
    target : str, pathlib.Path or text file
        Where to write.
    """
    frame = allocation.to_frame()
    for column in _FLAG_COLUMNS:
        frame[column] = frame[column].map(lambda v: "true" if v else "false")
    frame["weight_share"] = frame["weight_share"].map(repr)
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="") as file:
            frame.to_csv(file, index=False)
    else:
        frame.to_csv(target, index=False)


def read_allocation_csv(source: Source) -> pd.DataFrame:
    """Read an allocation written by :func:`write_allocation_csv`.

    Returns
    -------
    pandas.DataFrame
        The same columns and values as :meth:`Allocation.to_frame`: Decimals for money,
        booleans for flags, int or None for deciles.
    """
    frame = pd.read_csv(io.StringIO(_read_text(source)), dtype=str, keep_default_na=False)
    missing = [c for c in ALLOCATION_COLUMNS if c not in frame.columns]
    if missing:
        raise AllocationError(f"not an allocation file: missing column(s) {', '.join(missing)}")
    frame = frame[list(ALLOCATION_COLUMNS)].copy()
    for column in _MONEY_COLUMNS:
        frame[column] = frame[column].map(Decimal)
    for column in _FLAG_COLUMNS:
        frame[column] = frame[column].map({"true": True, "false": False})
    frame["population"] = frame["population"].map(int)
    frame["weight_share"] = frame["weight_share"].map(float)
    frame["decile"] = frame["decile"].map(lambda v: int(v) if v else None).astype(object)
    frame["name"] = frame["name"].map(lambda v: v or None)
    return frame


def _read_text(source: Source) -> str:
    if not isinstance(source, str | Path):
        return source.read()
    data = Path(source).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _parse(column: str, text: str, decimal_comma: bool) -> tuple[object, str | None]:
    """A cell as a Decimal need, an int population or decile (None when empty): (value, problem)."""
    if column == "decile" and text == "":
        return None, None
    number = _number(text, decimal_comma=decimal_comma)
    if number is None:
        return None, f"{text!r} is not a number"
    if column == "need":
        return number, None
    if number != number.to_integral_value():
        return None, f"{text!r} is not a whole number"
    return int(number), None


def _number(text: str, *, decimal_comma: bool) -> Decimal | None:
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
