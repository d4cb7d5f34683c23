"""Read the centres of four-digit postcode areas (PC4) for sorting offers by distance.

The file is a CSV with one row per PC4 and its centre in WGS 84, as the public PC4 lists have
it (``postcode``, ``latitude``, ``longitude``, optionally ``woonplaats``; other columns are
ignored). Coordinates are converted to RD New (EPSG:28992), in which the platform measures
distances. The reader collects every problem with its row and column and rejects the file if
there is any: a partial table of postcodes would silently sort some residents wrongly.

This module imports nothing from Django; it lives in the directory app because nothing else
needs it (a generic CSV reader in :mod:`kansen.io` would be the place if another one does).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from pyproj import Transformer

from kansen.io import ImportRejected, Problem

#: The columns the file must have.
REQUIRED_COLUMNS = ("postcode", "latitude", "longitude")
#: Column with the place name, used when present.
PLACE_COLUMN = "woonplaats"
#: A generous box around the Netherlands (WGS 84 degrees): a point outside is a mistake,
#: such as swapped latitude and longitude.
LAT_RANGE = (50.6, 53.7)
LON_RANGE = (3.2, 7.3)


@dataclass(frozen=True)
class PostcodeCentroid:
    """The centre of a PC4 area in RD New (EPSG:28992) metres."""

    code: str
    x: float
    y: float
    place: str = ""


def read_pc4_centroids(data: bytes | Path, filename: str) -> list[PostcodeCentroid]:
    """Read a CSV of PC4 centres in WGS 84 and return them in RD New, in file order.

    Parameters
    ----------
    data : bytes or Path
        The file's content, or its path. UTF-8 with or without BOM; ``,`` or ``;``.
    filename : str
        The name used in problems.

    Returns
    -------
    list of PostcodeCentroid
        One per row.

    Raises
    ------
    kansen.io.ImportRejected
        With every problem (row as in a spreadsheet, header = row 1, and column).

    Examples
    --------
    >>> text = b"postcode,woonplaats,latitude,longitude\\n3511,Utrecht,52.0907,5.1214\\n"
    >>> [(c.code, round(c.x), round(c.y), c.place) for c in read_pc4_centroids(text, "pc4.csv")]
    [('3511', 136784, 455860, 'Utrecht')]
    """
    raw = data.read_bytes() if isinstance(data, Path) else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            [Problem(filename, None, None, "the file is not UTF-8 text", "a UTF-8 CSV file")]
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRejected(
            [
                Problem(
                    filename,
                    1,
                    column,
                    f"the column {column!r} is missing",
                    ", ".join(REQUIRED_COLUMNS),
                )
                for column in missing
            ]
        )
    reader.fieldnames = header
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    problems: list[Problem] = []
    found: list[PostcodeCentroid] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        code = (row.get("postcode") or "").strip()
        if len(code) != 4 or not code.isdigit() or code.startswith("0"):
            problems.append(
                Problem(
                    filename,
                    row_number,
                    "postcode",
                    f"{code!r} is not a four-digit postcode",
                    "four digits from 1000 to 9999, e.g. 3511",
                )
            )
            code = ""
        elif code in seen:
            problems.append(
                Problem(
                    filename,
                    row_number,
                    "postcode",
                    f"postcode {code} is also in row {seen[code]}",
                    "each postcode once",
                )
            )
        else:
            seen[code] = row_number
        lat = _degrees(row.get("latitude"), LAT_RANGE)
        lon = _degrees(row.get("longitude"), LON_RANGE)
        for column, value, (low, high) in (
            ("latitude", lat, LAT_RANGE),
            ("longitude", lon, LON_RANGE),
        ):
            if value is None:
                problems.append(
                    Problem(
                        filename,
                        row_number,
                        column,
                        f"{(row.get(column) or '').strip()!r} is not a {column} in the Netherlands",
                        f"degrees (WGS 84) between {low} and {high}, with a decimal point",
                    )
                )
        if code and lat is not None and lon is not None:
            x, y = to_rd.transform(lon, lat)
            place = (row.get(PLACE_COLUMN) or "").strip()
            found.append(PostcodeCentroid(code, round(x, 1), round(y, 1), place[:100]))
    if not problems and not found:
        problems.append(Problem(filename, None, None, "the file has no rows", "one row per PC4"))
    if problems:
        raise ImportRejected(problems)
    return found


def _degrees(text: str | None, bounds: tuple[float, float]) -> float | None:
    try:
        value = float((text or "").strip())
    except ValueError:
        return None
    if not math.isfinite(value) or not bounds[0] <= value <= bounds[1]:
        return None
    return value
