"""Pages: the index builder and need-based allocation."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansen.index import IndexDefinition, default_mdi
from kansen.maps import classify
from kansen.web.areas import selectors as area_selectors
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.models import Indicator
from kansen.web.areas.views import _current_municipality, _user

from . import selectors, services
from .forms import (
    MISSING_LABELS,
    WEIGHTINGS,
    candidate_indicators,
    definition_from_params,
    policy_key,
)
from .layers import definition_for
from .models import SavedIndex


def _base(request: HttpRequest, municipality: Any) -> tuple[str, IndexDefinition]:
    key = request.GET.get("base") or "index:default"
    return key, definition_for(key, municipality) or default_mdi()


def _decile_features(outcome: selectors.IndexOutcome) -> dict[str, Any]:
    """The areas coloured by decile pairs (1-2 darkest), for the builder's map."""
    result = outcome.result
    deciles = result.frame["decile"] if result is not None else pd.Series(dtype="Int64")
    scale = classify([float(d) for d in deciles.dropna()], "equal_interval", 5)
    features = []
    for area in outcome.inputs.areas:
        if area.geometry is None:
            continue
        raw = deciles.get(area.code)
        decile = None if raw is None or pd.isna(raw) else int(raw)
        has = decile is not None
        features.append(
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {
                    "code": area.code,
                    "name": area.name or area.code,
                    "url": f"/gebieden/{area.year}/{area.code}/",
                    "value": decile,
                    "status": "ok" if has else "missing",
                    "reason": _("decile %(d)s") % {"d": decile}
                    if has
                    else _("left out: figures are missing"),
                    # decile 1 is the most deprived: darkest
                    "fill": scale.colours[::-1][scale.class_of(float(decile)) or 0]
                    if decile is not None and scale.k
                    else "#ffffff",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@login_required
def builder(request: HttpRequest) -> HttpResponse:
    """Start from the default MDI (or a saved index), change weights and indicators, compare."""
    municipality = _current_municipality(request)
    years = area_selectors.municipality_years(municipality.code)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else years[0]
    level = request.GET.get("level") or AreaLevel.NEIGHBOURHOOD
    if level not in AreaLevel.values:
        level = AreaLevel.NEIGHBOURHOOD
    base_key, base = _base(request, municipality)
    visible = list(Indicator.objects.visible_to(request.user).exclude(domain=""))
    candidates = candidate_indicators(visible, base)
    definition, errors = definition_from_params(base, request.GET, candidates)
    base_outcome = selectors.compute(request.user, municipality, year, level, base)
    outcome = selectors.compute(request.user, municipality, year, level, definition)
    changes = _decile_changes(base_outcome, outcome)
    step = 5.0
    moved = (
        selectors.sensitivity(outcome, definition, step)
        if outcome.result is not None
        else pd.DataFrame()
    )
    names = {a.code: a.name for a in outcome.inputs.areas}
    chosen = {i.code for d in definition.domains for i in d.indicators}
    context = {
        "municipality": municipality,
        "years": years,
        "year": year,
        "level": level,
        "levels": AreaLevel.choices,
        "base_key": base_key,
        "bases": [("index:default", _("Multi Deprivation Index (source 002)"))]
        + [(f"index:{s.pk}", str(s)) for s in SavedIndex.objects.filter(municipality=municipality)],
        "definition": definition,
        "domains": [
            {
                "domain": d,
                "candidates": [
                    {"code": c, "label": label, "checked": c in chosen}
                    for c, label, _direction in candidates[d.code]
                ],
            }
            for d in definition.domains
        ],
        "missing_key": policy_key(definition),
        "missing_labels": MISSING_LABELS,
        "weightings": WEIGHTINGS,
        "weighting": definition.domains[0].weighting,
        "errors": errors,
        "outcome": outcome,
        "ranking": _ranking(outcome, names),
        "changes": changes,
        "changed_from": base.name if base_key == "index:default" else str(base_key),
        "diff": [str(c) for c in base.diff(definition)],
        "sensitivity": [
            {**row, "name": names.get(row["area_code"], row["area_code"])}
            for row in moved.to_dict("records")
        ],
        "step": step,
        "features": _decile_features(outcome),
        "definition_json": definition.to_json(),
        "query": urlencode(list(request.GET.items())),
        "weight_total": round(sum(d.weight for d in definition.domains), 1),
    }
    return render(request, "need/builder.html", context)


def _ranking(outcome: selectors.IndexOutcome, names: dict[str, str]) -> list[dict[str, Any]]:
    if outcome.result is None:
        return []
    frame = outcome.result.frame.sort_values(["rank"], na_position="last")
    records = {str(code): row for code, row in frame.to_dict("index").items()}
    return [
        {
            "code": code,
            "name": names.get(code, code),
            "score": None if pd.isna(row["score"]) else float(row["score"]),
            "rank": None if pd.isna(row["rank"]) else int(row["rank"]),
            "decile": None if pd.isna(row["decile"]) else int(row["decile"]),
            "missing": row["missing"],
        }
        for code, row in records.items()
    ]


def _decile_changes(
    before: selectors.IndexOutcome, after: selectors.IndexOutcome
) -> list[dict[str, Any]]:
    if before.result is None or after.result is None:
        return []
    old = before.result.frame["decile"]
    new = after.result.frame["decile"]
    names = {a.code: a.name for a in after.inputs.areas}
    rows = []
    for code in new.index:
        a, b = old.get(code), new.get(code)
        if pd.isna(a) and pd.isna(b):
            continue
        if pd.isna(a) or pd.isna(b) or int(a) != int(b):
            rows.append(
                {
                    "code": code,
                    "name": names.get(code, code),
                    "before": None if pd.isna(a) else int(a),
                    "after": None if pd.isna(b) else int(b),
                }
            )
    return rows


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    municipality = _current_municipality(request)
    user = _user(request)
    try:
        definition = IndexDefinition.from_json(request.POST.get("definition", ""))
        saved = services.save_index(
            municipality=municipality,
            user=user,
            name=request.POST.get("name", ""),
            definition=definition,
            note=request.POST.get("note", ""),
        )
    except (ValueError, json.JSONDecodeError) as error:
        messages.error(request, _("The index was not saved: %(error)s") % {"error": error})
        return redirect(f"/gebieden/index/?{request.POST.get('query', '')}")
    messages.success(request, _("Saved as %(name)s.") % {"name": saved})
    return redirect(f"/gebieden/?layer=index:{saved.pk}&level={request.POST.get('level', '')}")
