"""The published records as open data: one record as plain data (stable English keys, the
licence named in every record), and the register as JSON or a table (CSV, Excel)."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from . import levels, selectors
from .constants import LICENCE_URL
from .models import Practice

#: The columns of the CSV and Excel download, in order (the keys of :func:`record`).
COLUMNS = (
    "id", "municipality", "municipality_code", "title", "aim", "target_group",
    "support_types", "audiences", "age_min", "age_max", "approach", "working_elements",
    "carried_out_by", "province", "neighbourhoods", "schools", "children_reached",
    "cost_total", "cost_per_child", "cost_band", "result_summary", "evaluation_findings",
    "evidence_scheme", "evidence_level", "evidence_level_name", "evidence_recognised",
    "evidence_date", "evidence_entry_name", "evidence_entry_url", "evidence_basis",
    "contact_name", "contact_email", "website", "published_at", "address", "licence",
)  # fmt: skip


def record(practice: Practice) -> dict[str, Any]:
    level = practice.level
    band = practice.cost_band
    cost = practice.cost_per_child
    return {
        "id": str(practice.uuid),
        "municipality": practice.municipality.name,
        "municipality_code": practice.municipality.code,
        "title": practice.title,
        "aim": practice.aim,
        "target_group": practice.target_group,
        "support_types": list(practice.support_types),
        "audiences": list(practice.audiences),
        "age_min": practice.age_min,
        "age_max": practice.age_max,
        "approach": practice.approach,
        "working_elements": practice.working_elements,
        "carried_out_by": practice.carried_out_by,
        "province": practice.province,
        "neighbourhoods": list(practice.neighbourhoods),
        "schools": list(practice.schools),
        "children_reached": practice.children_reached,
        "cost_total": None if practice.cost_total is None else str(practice.cost_total),
        "cost_per_child": None if cost is None else str(cost),
        "cost_band": band.code if band else None,
        "result_summary": practice.result_summary,
        "evaluation_findings": practice.evaluation_findings,
        "evidence_scheme": level.scheme.code if level else None,
        "evidence_level": practice.evidence_level,
        "evidence_level_name": level.name_nl if level else None,
        "evidence_recognised": bool(level and level.recognised),
        "evidence_date": practice.evidence_date.isoformat() if practice.evidence_date else None,
        "evidence_entry_name": practice.evidence_entry_name,
        "evidence_entry_url": practice.evidence_entry_url,
        "evidence_basis": practice.evidence_basis,
        "contact_name": practice.contact_name,
        "contact_email": practice.contact_email,
        "website": practice.website,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "address": reverse("practices:detail", args=[practice.municipality.slug, practice.slug]),
        "licence": practice.licence,
    }


def records() -> list[dict[str, Any]]:
    return [record(p) for p in selectors.published().order_by("municipality__code", "slug")]


def as_json() -> str:
    data = levels.evidence_data()
    return json.dumps(
        {
            "licence_url": LICENCE_URL,
            "evidence_levels_version": data.version,
            "evidence_sources": {code: s.source for code, s in data.schemes.items()},
            "practices": records(),
        },
        ensure_ascii=False,
        indent=2,
    )


def as_rows() -> list[list[Any]]:
    def cell(value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        if isinstance(value, bool):
            return "ja" if value else "nee"
        return value

    return [[cell(r[c]) for c in COLUMNS] for r in records()]
