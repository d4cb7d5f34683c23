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
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from shapely.geometry import shape

from kansen.index import IndexDefinition, default_mdi
from kansen.io import LimitExceeded, load_json
from kansen.maps import MapFeature, classify, render_map
from kansen.web.accounts import permissions
from kansen.web.accounts.models import User
from kansen.web.accounts.permissions import Action
from kansen.web.areas import mapcache
from kansen.web.areas import selectors as area_selectors
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.models import Indicator
from kansen.web.areas.problems import translated
from kansen.web.areas.scope import (
    in_scope,
    is_national,
    national,
    scope_context,
    scoped_municipality,
    shows_scope,
)
from kansen.web.areas.templatetags.area_values import number
from kansen.web.core import exports
from kansen.web.core.context_processors import shown_municipality
from kansen.web.core.paging import page_of

from . import selectors, services
from .allocation import build_allocation
from .forms import (
    MISSING_LABELS,
    WEIGHTINGS,
    candidate_indicators,
    definition_from_params,
    policy_key,
)
from .layers import (
    DEFAULT_KEY,
    definition_for,
    index_name,
    index_source,
    packaged_indices,
    saved_indices,
)
from .summary import describe_changes


def _downloads(request: HttpRequest) -> dict[str, list[tuple[str, str]]]:
    """Links to this page's map and table as files, with the same settings."""
    query = urlencode(
        [(k, v) for k, v in request.GET.items() if k not in ("export", "what", "page")]
    )
    return {
        "map_downloads": exports.links(f"?{query}&what=map&export={{fmt}}", exports.MAP_FORMATS),
        "changes_downloads": exports.links(
            f"?{query}&what=changes&export={{fmt}}", exports.TABLE_FORMATS
        ),
        "sensitivity_downloads": exports.links(
            f"?{query}&what=sensitivity&export={{fmt}}", exports.TABLE_FORMATS
        ),
        "table_downloads": exports.links(
            f"?{query}&what=table&export={{fmt}}", exports.TABLE_FORMATS
        ),
    }


def _base(request: HttpRequest, municipality: Any) -> tuple[str, IndexDefinition]:
    key = request.GET.get("base") or "index:default"
    return key, definition_for(key, municipality, request.user) or default_mdi()


def _decile_properties(outcome: selectors.IndexOutcome) -> list[tuple[int, dict[str, Any]]]:
    """Each area's key and properties on the builder's map: coloured by decile pairs (1-2
    darkest)."""
    result = outcome.result
    deciles = result.frame["decile"] if result is not None else pd.Series(dtype="Int64")
    scale = classify([float(d) for d in deciles.dropna()], "equal_interval", 5)
    found = deciles.dropna().astype(int).to_dict()
    parts = []
    for area in outcome.inputs.areas:
        decile = found.get(area.code)
        has = decile is not None
        parts.append(
            (
                area.pk,
                {
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
            )
        )
    return parts


def _decile_features(outcome: selectors.IndexOutcome) -> dict[str, Any]:
    """The areas coloured by decile pairs (1-2 darkest), for the builder's map as an image."""
    outlines = area_selectors.geometries(outcome.inputs.areas)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": outlines[pk], "properties": props}
            for pk, props in _decile_properties(outcome)
            if pk in outlines
        ],
    }


def decile_map_json(outcome: selectors.IndexOutcome, within: dict[str, Any]) -> str:
    """:func:`_decile_features` as GeoJSON text, the outlines written as they are stored (not
    decoded and encoded again: ADR 0030). ``within``: the filter that selects the areas."""
    outlines = area_selectors.geometry_texts(outcome.inputs.areas, within=within)
    return area_selectors.feature_collection_json(outlines, _decile_properties(outcome))


def builder_map_key(
    request: HttpRequest, municipality: Any, year: int, level: str, definition: IndexDefinition
) -> str:
    """The key the builder's map is kept under (:mod:`kansen.web.areas.mapcache`: what was
    asked, who asks, the versions of the data; and the index definition)."""
    return mapcache.key(
        request, in_scope(municipality.code), year, level, "index\x1f" + definition.to_json()
    )


def build_builder_map(
    request: HttpRequest, municipality: Any, year: int, level: str, definition: IndexDefinition
) -> bytes | None:
    """The builder's map as the page fetches it (GeoJSON, compressed): the index alone,
    without the comparison with the starting point and the sensitivity, kept per version of
    the data like the explorer's map. None when the index cannot be made (the page then says
    why)."""
    within = {"year": year, "level": level, **in_scope(municipality.code)}

    class NoIndex(Exception):
        pass

    def build() -> str:
        outcome = selectors.compute(request.user, municipality, year, level, definition)
        if outcome.result is None:
            raise NoIndex
        return decile_map_json(outcome, within)

    try:
        return mapcache.build_once(
            builder_map_key(request, municipality, year, level, definition), build
        )
    except NoIndex:
        return None


def _builder_map(
    request: HttpRequest, municipality: Any, year: int, level: str, definition: IndexDefinition
) -> HttpResponse | None:
    """The response of :func:`build_builder_map` (None when the index cannot be made)."""
    body = build_builder_map(request, municipality, year, level, definition)
    if body is None:
        return None
    found_key = builder_map_key(request, municipality, year, level, definition)
    response = mapcache.response(request, found_key, body)
    name = f"{municipality.name} {index_name(definition)} {year}"
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "export"}.geojson"'
    return response


def _no_areas(request: HttpRequest, municipality: Any, heading: str) -> HttpResponse:
    """A municipality without areas yet: say so, and where to import them."""
    return render(
        request,
        "deprivation/no_areas.html",
        {
            "heading": heading,
            "can_import": permissions.can(request.user, Action.IMPORT_AREA_DATA, municipality),
        },
    )


@permissions.requires(Action.VIEW_AREAS)
@shows_scope
def builder(request: HttpRequest) -> HttpResponse:
    """Start from the default MDI (or a saved index), change weights and indicators, compare."""
    municipality = scoped_municipality(request)
    years = area_selectors.municipality_years(municipality.code)
    if not years:
        return _no_areas(request, municipality, _("Index builder"))
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else years[0]
    level = request.GET.get("level") or AreaLevel.NEIGHBOURHOOD
    if level not in AreaLevel.values:
        level = AreaLevel.NEIGHBOURHOOD
    base_key, base = _base(request, municipality)
    visible = list(Indicator.objects.visible_to(request.user).exclude(domain=""))
    candidates = candidate_indicators(visible, base)
    definition, errors = definition_from_params(base, request.GET, candidates)
    if _wants_map_data(request):  # the page's map fetches this (ADR 0030)
        found = _builder_map(request, municipality, year, level, definition)
        if found is not None:
            return found
    outcome = selectors.compute(request.user, municipality, year, level, definition)
    if base == definition:  # the page as first opened: the starting point itself
        base_outcome = outcome
    else:  # the same figures when only weights or options changed
        same = set(base.columns) == set(definition.columns)
        base_outcome = selectors.compute(
            request.user, municipality, year, level, base, outcome.inputs if same else None
        )
    changes = _decile_changes(base_outcome, outcome)
    step = 5.0
    moved = (
        selectors.sensitivity(outcome, definition, step)
        if outcome.result is not None
        else pd.DataFrame()
    )
    names = {a.code: a.name for a in outcome.inputs.areas}
    export = _builder_export(
        request, municipality, definition, outcome, names, year, level, changes, moved
    )
    if export is not None:
        return export
    chosen = {i.code for d in definition.domains for i in d.indicators}
    ranking = page_of(request, _ranking(outcome, names), RANKING_PAGE_SIZE, "ranking")
    in_country = _in_the_country(request, municipality, year, level, definition, ranking["ranking"])
    sensitivity_rows = moved.head(ROWS_SHOWN).to_dict("records")
    context = {
        "municipality": municipality,
        "years": years,
        "year": year,
        "level": level,
        "levels": AreaLevel.choices,
        "base_key": base_key,
        "bases": [("index:default", _("Multi Deprivation Index (source 002)"))]
        + packaged_indices()
        + [(f"index:{s.pk}", str(s)) for s in saved_indices(request.user, municipality)],
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
        **ranking,
        "in_country": in_country,
        "in_country_query": urlencode(
            [(k, v) for k, v in request.GET.items() if k not in ("export", "what", "in_country")]
        ),
        "changes": changes[:ROWS_SHOWN],
        "changes_total": len(changes),
        "changed_from": index_name(base) if base_key == "index:default" else str(base_key),
        "diff": describe_changes(
            base,
            definition,
            {c: label for pairs in candidates.values() for c, label, _dir in pairs},
        ),
        "sensitivity": [
            {**row, "name": names.get(row["area_code"], row["area_code"])}
            for row in sensitivity_rows
        ],
        "sensitivity_total": len(moved),
        "step": step,
        "definition_json": definition.to_json(),
        "query": urlencode(
            [(k, v) for k, v in request.GET.items() if k not in ("export", "what", "page")]
        ),
        **_downloads(request),
        "weight_total": round(sum(d.weight for d in definition.domains), 1),
        "can_save": municipality.pk is not None
        and permissions.can(request.user, Action.SAVE_INDEX, municipality),
        **scope_context(request, municipality),
    }
    return render(request, "deprivation/builder.html", context)


#: Rows of the builder's ranking per page, and the most rows of the areas that changed decile
#: and of the sensitivity shown: with the whole ranking, a country's 14,000 buurten made a page
#: of 23 MB that took 7 s of processor time to render (the whole tables are downloads).
RANKING_PAGE_SIZE = 100
ROWS_SHOWN = 100


def _in_the_country(
    request: HttpRequest,
    municipality: Any,
    year: int,
    level: str,
    definition: IndexDefinition,
    ranking: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """With ``?in_country=1`` at the scope of a municipality or province: the same index over
    every area of the level in the country (the national figures: the country has no figures
    of its own), and each of the scope's areas' rank and decile in it, added to ``ranking``.
    None when not asked (it reads the whole country) or at the country's own scope."""
    if request.GET.get("in_country") != "1" or is_national(municipality) or not ranking:
        return None
    country = selectors.compute(request.user, national(), year, level, definition)
    if country.result is None:
        return {"n": 0, "error": country.error}
    frame = country.result.frame
    for row in ranking:
        rank_ = frame["rank"].get(row["code"])
        decile = frame["decile"].get(row["code"])
        row["country_rank"] = None if rank_ is None or pd.isna(rank_) else int(rank_)
        row["country_decile"] = None if decile is None or pd.isna(decile) else int(decile)
    return {"n": int(country.result.n), "error": ""}


def _wants_map_data(request: HttpRequest) -> bool:
    return request.GET.get("what") == "map" and request.GET.get("export") == "geojson"


def _builder_export(
    request: HttpRequest,
    municipality: Any,
    definition: IndexDefinition,
    outcome: selectors.IndexOutcome,
    names: dict[str, str],
    year: int,
    level: str,
    changes: list[dict[str, Any]],
    moved: pd.DataFrame,
) -> HttpResponse | None:
    """The builder's tables (CSV, Excel, PNG, SVG) or map (GeoJSON, PNG, SVG) as a file."""
    fmt, what = request.GET.get("export", ""), request.GET.get("what", "table")
    if not fmt or outcome.result is None:
        return None
    title = f"{municipality.name}: {index_name(definition)}, {AreaLevel(level).label}, {year}"
    name = f"{municipality.name} {index_name(definition)} {year}"
    source = index_source(definition)
    if what == "table" and fmt in exports.TABLE_FORMATS:
        domains = [d.label or d.code for d in definition.domains]
        columns = [
            _("Rank"),
            _("Area"),
            _("Code"),
            _("Score"),
            _("Decile"),
            *domains,
            _("Missing values"),
        ]
        domain_ranks = {
            str(code): [None if pd.isna(v) else int(v) for v in ranks]
            for code, ranks in outcome.result.domains("rank").iterrows()
        }
        rows = [
            [
                r["rank"],
                r["name"],
                r["code"],
                r["score"],
                r["decile"],
                *domain_ranks[r["code"]],
                r["missing"],
            ]
            for r in _ranking(outcome, names)
        ]
        return exports.table_export(
            fmt, name=name, title=title, columns=columns, rows=rows, source=source
        )
    if what == "changes" and fmt in exports.TABLE_FORMATS:
        return exports.table_export(
            fmt,
            name=f"{name} decielen",
            title=_("Areas that changed decile") + f": {title}",
            columns=[_("Area"), _("Code"), _("Decile before"), _("Decile now")],
            rows=[[c["name"], c["code"], c["before"], c["after"]] for c in changes],
            source=source,
        )
    if what == "sensitivity" and fmt in exports.TABLE_FORMATS:
        return exports.table_export(
            fmt,
            name=f"{name} gevoeligheid",
            title=_("Sensitivity") + f": {title}",
            columns=[
                _("Area"),
                _("Code"),
                _("Domain"),
                _("Weight before"),
                _("Weight now"),
                _("Decile before"),
                _("Decile now"),
            ],
            rows=[
                [
                    names.get(r["area_code"], r["area_code"]),
                    r["area_code"],
                    r["domain"],
                    r["old_weight"],
                    r["new_weight"],
                    r["old_decile"],
                    r["new_decile"],
                ]
                for r in moved.to_dict("records")
            ],
            source=source,
        )
    features = _decile_features(outcome)  # GeoJSON: _wants_map_data, before the comparison
    image_fmt = exports.image_format(fmt)
    if what == "map" and image_fmt is not None:
        deciles = [f["properties"]["value"] for f in features["features"]]
        image = render_map(
            [
                MapFeature(shape(f["geometry"]), f["properties"]["value"])
                for f in features["features"]
            ],
            classify([d for d in deciles if d is not None], "equal_interval", 5),
            title=title,
            legend_title=_("Decile (1 = most deprived)"),
            no_value_label=_("left out: figures are missing"),
            source=source,
            fmt=image_fmt,
            number=number,
        )
        return exports.attachment(image, fmt, name)
    return None


def _ranking(outcome: selectors.IndexOutcome, names: dict[str, str]) -> list[dict[str, Any]]:
    if outcome.result is None:
        return []
    frame = outcome.result.frame.sort_values(["rank"], na_position="last")
    # column by column (a country's 14,000 buurten row by row through pandas took 0.3 s)
    scores = frame["score"].astype(float).tolist()
    ranks = frame["rank"].astype(float).tolist()
    deciles = frame["decile"].astype(float).tolist()
    return [
        {
            "code": str(code),
            "name": names.get(str(code), str(code)),
            # NaN is the one value not equal to itself: no score, rank or decile
            "score": None if score != score else score,
            "rank": None if rank != rank else int(rank),
            "decile": None if decile != decile else int(decile),
            "missing": missing,
        }
        for code, score, rank, decile, missing in zip(
            frame.index, scores, ranks, deciles, frame["missing"].tolist(), strict=True
        )
    ]


def _decile_changes(
    before: selectors.IndexOutcome, after: selectors.IndexOutcome
) -> list[dict[str, Any]]:
    if before.result is None or after.result is None or before.result is after.result:
        return []
    new = after.result.frame["decile"].astype("Float64")
    old = before.result.frame["decile"].astype("Float64").reindex(new.index)
    # changed: the deciles differ, or there is one on one side only (NA: no decile)
    changed = ((old != new).fillna(False) | (old.isna() != new.isna())).to_numpy(bool)
    names = {a.code: a.name for a in after.inputs.areas}
    in_order = list(new.index[changed])
    return [
        {
            "code": code,
            "name": names.get(code, code),
            "before": None if pd.isna(old[code]) else int(old[code]),
            "after": None if pd.isna(new[code]) else int(new[code]),
        }
        for code in in_order
    ]


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    municipality = shown_municipality(request)
    user = request.user
    assert isinstance(user, User)  # login_required
    permissions.require(user, Action.SAVE_INDEX, municipality)
    try:
        # load_json: a definition nested a thousand levels deep is a message, not a 500
        definition = IndexDefinition.from_dict(load_json(request.POST.get("definition", "")))
        saved = services.save_index(
            municipality=municipality,
            user=user,
            name=request.POST.get("name", ""),
            definition=definition,
            note=request.POST.get("note", ""),
        )
    except LimitExceeded as error:  # by its code, in the reader's language
        text = translated({"code": error.code, "params": error.params, "message": str(error)})
        messages.error(
            request, _("The index was not saved: %(error)s") % {"error": text["message"]}
        )
        return redirect(f"/gebieden/index/?{request.POST.get('query', '')}")
    except (ValueError, json.JSONDecodeError) as error:
        messages.error(request, _("The index was not saved: %(error)s") % {"error": error})
        return redirect(f"/gebieden/index/?{request.POST.get('query', '')}")
    messages.success(request, _("Saved as %(name)s.") % {"name": saved})
    return redirect(f"/gebieden/?layer=index:{saved.pk}&level={request.POST.get('level', '')}")


@permissions.requires(Action.VIEW_AREAS)
@shows_scope
def allocation(request: HttpRequest) -> HttpResponse:
    """Split a budget over areas by need x inhabitants; every share explains itself."""
    municipality = scoped_municipality(request)
    years = area_selectors.municipality_years(municipality.code)
    if not years:
        return _no_areas(request, municipality, _("Allocation by need"))
    page = build_allocation(request.user, municipality, request.GET, years)
    shares = page.allocation.shares if page.allocation else ()
    amounts = {s.code: float(s.amount) for s in shares}
    scale = classify(list(amounts.values()), "quantiles", 5)
    fmt = request.GET.get("export", "")
    what = request.GET.get("what", "table")
    title = _("Allocation of EUR %(budget)s over %(level)s, %(year)s") % {
        "budget": page.budget,
        "level": AreaLevel(page.level).label,
        "year": page.year,
    }
    name = f"{municipality.name} verdeling {page.year}"
    if page.allocation is not None and what == "table" and fmt in exports.TABLE_FORMATS:
        columns = [
            _("Area"),
            _("Code"),
            _("Decile"),
            _("Need"),
            _("Inhabitants"),
            _("Amount (EUR)"),
            _("Explanation"),
        ]
        rows = [
            [s.name, s.code, s.decile, float(s.need), s.population, float(s.amount), s.explanation]
            for s in shares
        ]
        return exports.table_export(
            fmt,
            name=name,
            title=f"{municipality.name}: {title}",
            columns=columns,
            rows=rows,
            source=_("Need: %(index)s") % {"index": page.need_name},
        )
    wants_map = what == "map" and (fmt == "geojson" or exports.image_format(fmt) is not None)
    if page.allocation is None or not wants_map:
        return _allocation_page(request, municipality, page, years)
    outlines = area_selectors.geometries(list(page.areas.values()))
    features: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": outlines[area.pk],
                "properties": {
                    "code": code,
                    "name": area.name or code,
                    "url": f"/gebieden/{area.year}/{code}/",
                    "value": amounts.get(code),
                    "status": "ok" if code in amounts else "missing",
                    "reason": f"EUR {number(amounts[code])}" if code in amounts else "",
                    "fill": scale.colour(amounts.get(code)),
                },
            }
            for code, area in page.areas.items()
            if area.pk in outlines
        ],
    }
    if fmt == "geojson":  # the page's map fetches this (ADR 0030), as the builder's does
        return exports.geojson_export(features, name=name)
    image_fmt = exports.image_format(fmt)
    if image_fmt is not None:
        image = render_map(
            [
                MapFeature(shape(f["geometry"]), f["properties"]["value"])
                for f in features["features"]
            ],
            scale,
            title=f"{municipality.name}: {title}",
            legend_title="EUR",
            no_value_label=_("no share"),
            source=_("Need: %(index)s") % {"index": page.need_name},
            fmt=image_fmt,
            number=number,
        )
        return exports.attachment(image, fmt, name)
    return _allocation_page(request, municipality, page, years)


#: Rows of the allocation's table per page, and the most areas left out named on the page: a
#: country's 14,000 buurten made a page of megabytes (the whole table is a download).
SHARES_PAGE_SIZE = 100
LEFT_OUT_SHOWN = 100


def _allocation_page(
    request: HttpRequest, municipality: Any, page: Any, years: list[int]
) -> HttpResponse:
    shares = list(page.allocation.shares) if page.allocation else []
    context = {
        "municipality": municipality,
        "page": page,
        "years": years,
        "levels": AreaLevel.choices,
        "needs": [(DEFAULT_KEY, _("Multi Deprivation Index (source 002)"))]
        + packaged_indices()
        + [(f"index:{s.pk}", str(s)) for s in saved_indices(request.user, municipality)],
        "deciles": range(1, 11),
        "total": page.allocation.total if page.allocation else None,
        **page_of(request, shares, SHARES_PAGE_SIZE, "shares"),
        "left_out": page.left_out[:LEFT_OUT_SHOWN],
        "left_out_more": max(0, len(page.left_out) - LEFT_OUT_SHOWN),
        "query": urlencode(
            [(k, v) for k, v in request.GET.items() if k not in ("export", "what", "page")]
        ),
        **_downloads(request),
        **scope_context(request, municipality),
    }
    return render(request, "deprivation/allocation.html", context)
