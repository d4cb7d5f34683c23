"""The province of each municipality, for the provincial scope of the area pages.

The CBS files the platform imports (boundaries, key figures) carry no province, so the table is
data with its source: ``data/municipalities_provinces.csv`` (CBS, "Gemeentelijke indeling op
1 januari 2024", and the municipalities of 2022 dissolved since), described by the JSON beside
it. A province is a set of municipality codes; areas follow through ``municipality_code``. The
demo's fictional municipalities have fictional provinces of their own (:data:`DEMO_DATA`).
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
#: The demo's fictional municipalities (``kansen.demo``: Demostad GM9999 and its peers
#: GM9901-GM9924) in two fictional provinces, "Demoprovincie Noord" (PV98) and "Demoprovincie
#: Zuid" (PV99): not CBS data, so the national network of the demo can choose a province. No
#: CBS municipality has a code GM99.., so these provinces have no areas (and are not offered)
#: on a platform without the demo.
DEMO_DATA = "data/demo_provinces"
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
    """Every province by code, read once from the data files: the twelve of CBS (PV20 ...
    PV31), then the demo's two fictional ones (PV98, PV99: :data:`DEMO_DATA`)."""
    return {**_read(_DATA), **_read(DEMO_DATA)}


def _read(name: str) -> dict[str, Province]:
    text = resources.files("kansen.web.areas").joinpath(f"{name}.csv").read_text("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != _COLUMNS:
        raise ProvinceTableError(
            f"{name}.csv: expected the columns {', '.join(_COLUMNS)}, "
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
                f"{name}.csv row {row_number}: expected a municipality code GM.... and a "
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
