"""The province of each municipality, for the provincial scope of the area pages.

The CBS files the platform imports (boundaries, key figures) carry no province, so the table is
data with its source: ``data/municipalities_provinces.csv`` (CBS, "Gemeentelijke indeling op
1 januari 2024", and the municipalities of 2022 dissolved since), described by the JSON beside
it. A province is a set of municipality codes; areas follow through ``municipality_code``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = "data/municipalities_provinces"
_COLUMNS = [
    "municipality_code",
    "municipality_name",
    "province_code",
    "province_name",
    "dissolved_on",
]
PROVINCE_CODE = re.compile(r"PV\d{2}")


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    #: CBS codes of its municipalities, those dissolved since 2022 too (their figures of
    #: earlier years belong to the province as well)
    municipality_codes: tuple[str, ...]
    #: how many municipalities it has now (the table's year), without the dissolved ones
    current_count: int


class ProvinceTableError(ValueError):
    """The packaged table is not as expected (a broken edit of the data file)."""


@cache
def provinces() -> dict[str, Province]:
    """Every province by CBS code (PV20 ... PV31), read once from the data file."""
    text = resources.files("kansen.web.areas").joinpath(f"{_DATA}.csv").read_text("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != _COLUMNS:
        raise ProvinceTableError(
            f"{_DATA}.csv: expected the columns {', '.join(_COLUMNS)}, "
            f"found {', '.join(reader.fieldnames or [])}"
        )
    names: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    current: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        code = row["province_code"]
        if not PROVINCE_CODE.fullmatch(code) or not re.fullmatch(
            r"GM\d{4}", row["municipality_code"]
        ):
            raise ProvinceTableError(
                f"{_DATA}.csv row {row_number}: expected a municipality code GM.... and a "
                f"province code PV.., found {row['municipality_code']!r} and {code!r}"
            )
        names.setdefault(code, row["province_name"])
        members.setdefault(code, []).append(row["municipality_code"])
        current[code] = current.get(code, 0) + (0 if row["dissolved_on"] else 1)
    return {
        code: Province(code, names[code], tuple(sorted(members[code])), current[code])
        for code in sorted(names)
    }


def province_of(municipality_code: str) -> Province | None:
    """The province a municipality (CBS code) lies in, or None for a code not in the table."""
    for province in provinces().values():
        if municipality_code in province.municipality_codes:
            return province
    return None


def source() -> dict[str, Any]:
    """The description of the table: its source, version and counts."""
    text = resources.files("kansen.web.areas").joinpath(f"{_DATA}.json").read_text("utf-8")
    described: dict[str, Any] = json.loads(text)
    return described
