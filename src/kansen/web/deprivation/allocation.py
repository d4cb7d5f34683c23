"""Need-based allocation on the platform: index score x population, split to the cent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from kansen.allocation import Allocation, AllocationError, allocate
from kansen.web.accounts.models import Municipality
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.models import Area, Observation

from . import selectors
from .access import POPULATION_CODE
from .layers import DEFAULT_KEY, definition_for, index_name

#: The largest amount the page splits: a trillion euros is more than any municipal budget, and
#: keeps every amount within the 28 digits Decimal computes exactly.
MAX_AMOUNT = Decimal(10) ** 12


@dataclass
class AllocationPage:
    budget: str
    need_key: str
    level: str
    year: int
    max_decile: int | None
    floor: str
    cap: str
    errors: list[str] = field(default_factory=list)
    allocation: Allocation | None = None
    left_out: list[tuple[Area, str]] = field(default_factory=list)
    areas: dict[str, Area] = field(default_factory=dict)
    need_name: str = ""


def _money(raw: str, label: str, errors: list[str]) -> Decimal | None:
    """Euros as typed by a Dutch user: "250.000", "250000,50" or "250000.50"."""
    text = raw.strip().replace("€", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") == 1 and len(text.split(".")[1]) == 3:
        text = text.replace(".", "")  # 250.000 is a quarter million, not 250
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():  # "nan", "inf", "sNaN": Decimal reads them, no amount is one
        errors.append(
            _("%(label)s: expected an amount in euros such as 250.000 or 1250,50, got '%(raw)s'.")
            % {"label": label, "raw": raw[:40]}
        )
        return None
    if value.copy_abs() > MAX_AMOUNT:  # copy_abs: no rounding, so no Overflow for 1e999999999
        errors.append(
            _("%(label)s: expected at most %(max)s euros, got '%(raw)s'.")
            % {"label": label, "max": "1.000.000.000.000", "raw": raw[:40]}
        )
        return None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        errors.append(
            _("%(label)s: expected a positive amount in whole cents, got '%(raw)s'.")
            % {"label": label, "raw": raw}
        )
        return None
    return value


def build_allocation(
    user: Any, municipality: Municipality, params: Mapping[str, str], years: list[int]
) -> AllocationPage:
    year = int(params["year"]) if str(params.get("year", "")).isdigit() else years[0]
    level = params.get("level") or AreaLevel.NEIGHBOURHOOD
    if level not in AreaLevel.values:
        level = AreaLevel.NEIGHBOURHOOD
    raw_decile = str(params.get("max_decile", "")).strip()
    page = AllocationPage(
        budget=params.get("budget", ""),
        need_key=params.get("need") or DEFAULT_KEY,
        level=level,
        year=year,
        max_decile=int(raw_decile) if raw_decile.isdigit() else None,
        floor=params.get("floor", ""),
        cap=params.get("cap", ""),
    )
    if not page.budget:
        return page
    budget = _money(page.budget, _("Budget"), page.errors)
    floor = _money(page.floor, _("Minimum per area"), page.errors)
    cap = _money(page.cap, _("Maximum per area"), page.errors)
    definition = definition_for(page.need_key, municipality, user)
    if definition is None:
        page.errors.append(_("Choose an index to measure need."))
    if page.errors or budget is None or definition is None:
        return page
    page.need_name = index_name(definition)
    outcome = selectors.compute(user, municipality, year, level, definition)
    if outcome.result is None:
        page.errors.append(outcome.error)
        return page
    areas = {a.code: a for a in outcome.inputs.areas}
    page.areas = areas
    population = selectors.resolve_indicators(user, municipality, [POPULATION_CODE]).get(
        POPULATION_CODE
    )
    inhabitants = (
        dict(
            Observation.objects.filter(
                indicator=population, year=year, status="ok", area__in=areas.values()
            ).values_list("area__code", "value")
        )
        if population
        else {}
    )
    frame = outcome.result.frame
    rows = []
    for code, area in areas.items():
        score = frame["score"].get(code)
        if score is None or pd.isna(score):
            page.left_out.append((area, _("no index score: figures are missing")))
        elif code not in inhabitants:
            page.left_out.append((area, _("number of inhabitants unknown or suppressed")))
        else:
            rows.append(
                {
                    "code": code,
                    "name": area.name or code,
                    "need": round(float(score), 3),
                    "population": int(inhabitants[code] or 0),
                    "decile": int(frame["decile"][code]),
                }
            )
    try:
        page.allocation = allocate(
            pd.DataFrame(rows),
            budget,
            max_decile=page.max_decile,
            floor=floor,
            cap=cap,
        )
    except AllocationError as error:
        page.errors.append(str(error))
    return page
