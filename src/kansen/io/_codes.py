"""CBS area codes: municipality (GM), district (WK) and neighbourhood (BU).

A code is a prefix and digits: ``GM0546`` (Leiden), ``WK054601`` (a district of Leiden),
``BU05460101`` (a neighbourhood in it). The code of a child starts with the digits of its parent.
CBS allows letters in the district and neighbourhood parts when a municipality has 100 or more
districts (or a district 100 or more neighbourhoods): Amsterdam has used ``WK0363AA`` and
``BU0363AA01`` since 2022, so those two-character parts are digits or capital letters.
"""

from __future__ import annotations

import re
from typing import Literal

AreaLevel = Literal["gemeente", "wijk", "buurt"]

_LEVELS: dict[str, AreaLevel] = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
_LENGTHS = {"GM": 4, "WK": 6, "BU": 8}
_CODE = re.compile(r"GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4}")

#: What a valid code looks like, for problem reports.
CODE_EXPECTED = (
    "a CBS area code: GM and 4 digits (municipality, e.g. GM0546), WK and 6 (district, "
    "e.g. WK054601) or BU and 8 (neighbourhood, e.g. BU05460101)"
)


def normalise_area_code(raw: str) -> str:
    """Strip padding, uppercase and validate a CBS area code.

    Parameters
    ----------
    raw : str
        The code as found in a file, e.g. ``"GM0363    "`` or ``"bu03630000"``.
        GM is followed by 4 digits, WK by 6 and BU by 8 characters, of which the first 4 are
        the municipality's digits and the others digits or (rarely) letters.

    Returns
    -------
    str
        The normalised code, e.g. ``"GM0363"``.

    Raises
    ------
    ValueError
        When the text is not a CBS area code.
    """
    code = str(raw).strip().upper()
    if _CODE.fullmatch(code):
        return code
    prefix, rest = code[:2], code[2:]
    if prefix in _LENGTHS and rest.isalnum() and len(rest) != _LENGTHS[prefix]:
        unit = "digits" if prefix == "GM" else "characters"
        raise ValueError(
            f"{raw!r} is not a CBS area code: {prefix} must be followed by "
            f"{_LENGTHS[prefix]} {unit}, not {len(rest)}"
        )
    raise ValueError(f"{raw!r} is not a CBS area code; expected {CODE_EXPECTED}")


def area_level(code: str) -> AreaLevel:
    """Return the level of an area from the prefix of its code.

    Parameters
    ----------
    code : str
        A CBS area code.

    Returns
    -------
    {"gemeente", "wijk", "buurt"}
        The level: GM is a municipality, WK a district, BU a neighbourhood.

    Raises
    ------
    ValueError
        When ``code`` is not a valid CBS area code.
    """
    return _LEVELS[normalise_area_code(code)[:2]]


def municipality_code(code: str) -> str:
    """Return the code of the municipality an area belongs to.

    Parameters
    ----------
    code : str
        A CBS area code of any level.

    Returns
    -------
    str
        ``GM`` and the first four digits, e.g. ``"GM0363"`` for ``"BU03630000"``.

    Raises
    ------
    ValueError
        When ``code`` is not a valid CBS area code.
    """
    return "GM" + normalise_area_code(code)[2:6]


def parent_code(code: str) -> str | None:
    """Return the code of the parent area.

    Parameters
    ----------
    code : str
        A CBS area code of any level.

    Returns
    -------
    str or None
        The district of a neighbourhood, the municipality of a district, None for a
        municipality.

    Raises
    ------
    ValueError
        When ``code`` is not a valid CBS area code.
    """
    normal = normalise_area_code(code)
    prefix = normal[:2]
    if prefix == "BU":
        return "WK" + normal[2:8]
    if prefix == "WK":
        return "GM" + normal[2:6]
    return None


def try_area_code(raw: object) -> str | None:
    """Return the normalised code, or None when ``raw`` is not a CBS area code.

    Parameters
    ----------
    raw : object
        A cell value or GeoJSON property.

    Returns
    -------
    str or None
        The normalised code, or None.
    """
    if not isinstance(raw, str):
        return None
    code = raw.strip().upper()
    return code if _CODE.fullmatch(code) else None
