"""Pages of the areas app: the map and table, the area profile, and imports."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from shapely.geometry import shape

from kansen.index import deciles, rank
from kansen.maps import CLASS_METHODS, MapFeature, classify, render_intervals, render_map
from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality, User
from kansen.web.accounts.permissions import Action
from kansen.web.core import exports
from kansen.web.core.context_processors import shown_municipality
from kansen.web.core.paging import page_of

from . import mapcache, outlines, selectors, services
from .constants import AreaLevel, Direction, ImportKind
from .forms import ImportForm
from .layers import (
    CLASS_METHOD_LABELS,
    Explorer,
    LayerValue,
    ScopeSummary,
    build_explorer,
    summarise,
)
from .models import Area, Facility, ImportRun, Indicator, Observation
from .opportunity import BAND_LABELS, BAND_ORDER, OUTCOMES, import_opportunity_results
from .peers import build_peer_page
from .problems import translated
from .scope import (
    NATIONAL,
    in_scope,
    is_national,
    is_province,
    national,
    scope_context,
    scoped_municipality,
    shows_scope,
)
from .templatetags.area_values import number


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views below all need one: ``permissions.requires``)."""
    assert isinstance(request.user, User)
    return request.user


#: Rows of the ranking per page, and the most areas listed in the table of all areas: a
#: country's 14,000 buurten made a page of 13 MB (the full lists are downloads).
RANKING_PAGE_SIZE = 100
AREA_TABLE_LIMIT = 500


def _layer_indicator(explorer: Explorer) -> Indicator | None:
    layer = explorer.layer
    if layer is None or not layer.key.startswith("indicator:"):
        return None
    return Indicator.objects.filter(pk=int(layer.key.split(":", 1)[1])).first()


def _beside_the_country(explorer: Explorer, indicator: Indicator | None) -> bool:
    """A province's layer, or a municipality's national figure (every municipality has it), is
    shown beside the country's."""
    if indicator is None or is_national(explorer.municipality):
        return False
    return is_province(explorer.municipality) or indicator.municipality_id is None


def _summaries(explorer: Explorer) -> list[ScopeSummary]:
    """The layer over the scope's areas on the map; a province's, or a municipality's national
    figure, beside the country's (the country's figures of the same level, year and
    indicator)."""
    own = explorer.summary()
    if own is None:
        return []
    found = [own]
    indicator = _layer_indicator(explorer)
    if indicator is not None and _beside_the_country(explorer, indicator):
        count, values = selectors.level_values(indicator, explorer.year, explorer.level)
        found.append(summarise(str(national().name), count, values))
    return found


def _with_national_deciles(explorer: Explorer) -> None:
    """A municipality's or province's areas among all areas of the country: for a national
    figure, the ranking gets each area's decile among the areas of the same level in the
    country with a figure (ranked as the ranking is, least favourable first; ties share the
    best rank; ``ceil(10 * rank / N)`` as the index's deciles)."""
    indicator = _layer_indicator(explorer)
    layer = explorer.layer
    if layer is None or indicator is None or indicator.municipality_id is not None:
        return
    if not _beside_the_country(explorer, indicator):
        return
    rows = [
        (pk, float(value))
        for pk, value in Observation.objects.filter(
            indicator=indicator,
            year=explorer.year,
            area__year=explorer.year,
            area__level=explorer.level,
            status="ok",
            value__isnull=False,
        ).values_list("area_id", "value")
        if value is not None
    ]
    if not rows:
        return
    ranks = rank(
        [value for _pk, value in rows],
        "min",
        descending=indicator.direction != Direction.HIGHER_IS_BETTER,
    )
    found = dict(
        zip((pk for pk, _value in rows), deciles(ranks, len(rows)).astype(int), strict=True)
    )
    layer.extra_columns = [
        *layer.extra_columns,
        _("Decile in the country (of %(n)s areas; 1: least favourable)") % {"n": len(rows)},
    ]
    for area in explorer.areas:
        decile = found.get(area.pk)
        layer.extra[area.pk] = [
            *layer.extra.get(area.pk, []),
            str(decile) if decile is not None else "–",
        ]


@permissions.requires(Action.VIEW_AREAS)
@shows_scope
def index(request: HttpRequest) -> HttpResponse:
    """The area explorer: a layer on the map and in a ranking, and the hierarchy of areas."""
    municipality = scoped_municipality(request)
    explorer = build_explorer(
        request.user, municipality, request.GET, all_levels_up_to=AREA_TABLE_LIMIT
    )
    _with_national_deciles(explorer)
    listed = explorer.area_count <= AREA_TABLE_LIMIT
    context = {
        "explorer": explorer,
        "municipality": municipality,
        "levels": AreaLevel.choices,
        "methods": [(m, _(CLASS_METHOD_LABELS[m])) for m in CLASS_METHODS],
        "method_label": _(CLASS_METHOD_LABELS[explorer.method]),
        "tree": selectors.area_tree(
            explorer.all_areas, explorer.layer.values if explorer.layer else None
        )
        if listed
        else None,
        "area_count": explorer.area_count,
        "summaries": _summaries(explorer),
        **page_of(request, explorer.ranking(), RANKING_PAGE_SIZE, "ranking"),
        "query": urlencode(explorer.params),
        "map_downloads": exports.links(
            reverse("areas:export", args=["map", "FMT"]).replace("FMT", "{fmt}")
            + "?"
            + urlencode(explorer.params),
            exports.MAP_FORMATS,
        ),
        "areas_downloads": exports.links(
            reverse("areas:export", args=["areas", "FMT"]).replace("FMT", "{fmt}")
            + "?"
            + urlencode(explorer.params),
            exports.TABLE_FORMATS,
        ),
        "table_downloads": exports.links(
            reverse("areas:export", args=["ranking", "FMT"]).replace("FMT", "{fmt}")
            + "?"
            + urlencode(explorer.params),
            exports.TABLE_FORMATS,
        ),
        "can_import": permissions.can(request.user, Action.IMPORT_AREA_DATA, municipality),
        **scope_context(request, municipality),
    }
    return render(request, "areas/index.html", context)


@permissions.requires(Action.VIEW_AREAS)
@require_GET
def map_data(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the explorer's map: areas of one level and year, coloured by a layer; kept
    per version of the data and sent compressed (:mod:`.mapcache`)."""
    if "tile" in request.GET:
        return _outline_tile(request)
    found_key, body = mapcache.map_body(request, scoped_municipality(request))
    return mapcache.response(request, found_key, body)


def _outline_tile(request: HttpRequest) -> HttpResponse:
    """``?year=&level=&detail=&tile=X,Y`` (and the scope): the finer outlines a map zoomed in
    draws instead of those it has (ADR 0033): a FeatureCollection of the areas' outlines with
    their codes only, kept per version of the data like the map."""
    detail = request.GET.get("detail", "")
    year, level = request.GET.get("year", ""), request.GET.get("level", "")
    try:
        x, y = (int(part) for part in request.GET.get("tile", "").split(","))
    except ValueError:
        raise Http404("tile: expected two whole numbers, X,Y") from None
    if (
        detail not in outlines.TILE_DEGREES
        or not year.isdigit()
        or level not in AreaLevel.values
        or max(abs(x), abs(y)) > outlines.MAX_TILE_INDEX
    ):
        raise Http404("detail, year, level or tile not known")
    municipality = scoped_municipality(request)
    found_key = mapcache.key(request, in_scope(municipality.code), int(year), level, "tile")

    def build() -> str:
        tile = selectors.outline_tile(municipality.code, int(year), level, detail, x, y)
        text = ",".join(
            '{"type":"Feature","geometry":'
            + geojson
            + ',"properties":{"code":'
            + json.dumps(code)
            + "}}"
            for code, geojson in tile
        )
        return (
            '{"type":"FeatureCollection","detail":' + json.dumps(detail) + ',"features":['
            + text + "]}"
        )  # fmt: skip

    body = mapcache.build_once(found_key, build)
    return mapcache.response(request, found_key, body)


@permissions.requires(Action.VIEW_AREAS)
@require_GET
def export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    """The explorer's map or ranking as a file: CSV, Excel, GeoJSON, PNG or SVG."""
    municipality = scoped_municipality(request)
    # the table of all areas has every level; the map and the ranking the level on the map
    explorer = build_explorer(
        request.user, municipality, request.GET, all_levels_up_to=None if what == "areas" else 0
    )
    if explorer.layer is None:
        raise Http404(_("There is nothing to export."))
    layer = explorer.layer
    level = AreaLevel(explorer.level).label
    name = f"{municipality.name} {layer.name} {level} {explorer.year}"
    source = _("Source: %(source)s. Made with kansen.") % {"source": layer.source or "–"}
    title = f"{layer.label}, {level}, {explorer.year}"
    if what == "map" and fmt == "geojson":
        return exports.geojson_export(explorer.features(), name=name)
    image_fmt = exports.image_format(fmt)
    if what == "map" and image_fmt is not None:
        outlines = selectors.geometries(explorer.areas)
        features = [
            MapFeature(shape(outlines[a.pk]), explorer.value(a).value)
            for a in explorer.areas
            if a.pk in outlines
        ]
        image = render_map(
            features,
            explorer.classification or classify([]),
            title=f"{municipality.name}: {title}",
            legend_title=layer.unit or layer.name,
            no_value_label=_("no value (suppressed or unknown)"),
            source=source,
            fmt=image_fmt,
            number=number,
        )
        return exports.attachment(image, fmt, name)
    if what == "ranking" and fmt in exports.TABLE_FORMATS:
        _with_national_deciles(explorer)
        columns = [_("Rank"), _("Area"), _("Code"), layer.label, _("Note"), *layer.extra_columns]
        rows = [
            [
                r.rank,
                r.area.name or r.area.code,
                r.area.code,
                r.value.value,
                r.value.reason,
                *r.extra,
            ]
            for r in explorer.ranking()
        ]
        return exports.table_export(
            fmt,
            name=name,
            title=f"{municipality.name}: {title}",
            columns=columns,
            rows=rows,
            source=source,
        )
    if what == "areas" and fmt in exports.TABLE_FORMATS:
        # The hierarchy of all areas of the year, each with the layer's value where it has one.
        columns = [_("Area"), _("Code"), _("Level"), _("Part of"), layer.label, _("Note")]
        rows = [
            [
                a.name or a.code,
                a.code,
                a.get_level_display(),
                a.parent_code or "",  # type: ignore[attr-defined]  # selectors.municipality_areas
                explorer.value(a).value,
                explorer.value(a).reason,
            ]
            for a in _depth_first(selectors.area_tree(explorer.all_areas))
        ]
        return exports.table_export(
            fmt,
            name=f"{municipality.name} gebieden {explorer.year}",
            title=f"{municipality.name}: {layer.label}, {explorer.year}",
            columns=columns,
            rows=rows,
            source=source,
        )
    raise Http404(_("Unknown export."))


def _depth_first(nodes: list[selectors.TreeNode]) -> list[Area]:
    """The areas in the order of the table on the page: each followed by those within it."""
    return [a for node in nodes for a in [node.area, *_depth_first(node.children)]]


@permissions.requires(Action.VIEW_AREAS)
def profile(request: HttpRequest, year: int, code: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("parent"), year=year, code=code)
    domains = selectors.area_profile(area, request.user)
    fmt = request.GET.get("export", "")
    if fmt in exports.TABLE_FORMATS:
        return _profile_export(area, domains, fmt)
    municipality_area = Area.objects.filter(code=area.municipality_code, year=area.year).first()
    context = {
        "area": area,
        "opportunity": _opportunity_charts(area, request.user),
        "domains": domains,
        "sources": sorted(
            {r.indicator.source for d in domains for r in d.rows if r.indicator.source}
        ),
        "children": area.children.order_by("code"),
        "municipality_area": municipality_area if municipality_area != area else None,
        "other_years": Area.objects.filter(code=area.code).exclude(pk=area.pk).order_by("-year"),
        "facilities": area.facilities.order_by("name")
        if area.level == AreaLevel.NEIGHBOURHOOD
        else Facility.objects.filter(
            year=area.year, area__code__startswith=_child_prefix(area)
        ).order_by("name"),
        "feature": selectors.outline_feature(area),
        "table_downloads": exports.links("?export={fmt}", exports.TABLE_FORMATS),
    }
    return render(request, "areas/profile.html", context)


def _child_prefix(area: Area) -> str:
    """The code prefix of the buurten within a gemeente or wijk: GM0546 -> BU0546."""
    return "BU" + area.code[2:]


def _opportunity_charts(area: Area, user: Any) -> list[dict[str, str]]:
    """One chart per outcome: the estimate by parental income band, latest year, with intervals.

    Only the disclosed cells the platform holds are drawn; a suppressed band says so.
    """
    opportunity = list(
        Indicator.objects.visible_to(user)
        .filter(code__startswith="opp_")
        .values_list("pk", flat=True)
    )
    observations = (
        Observation.objects.filter(
            area_id__in=list(Area.objects.filter(code=area.code).values_list("pk", flat=True)),
            indicator_id__in=opportunity,
        )
        .select_related("indicator")
        .order_by("-year")
    )
    latest: dict[tuple[str, str], Observation] = {}
    year: dict[str, int] = {}
    for obs in observations:
        rest = obs.indicator.code.removeprefix("opp_")
        outcome = next((o for o in OUTCOMES if rest.startswith(o + "_")), None)
        band = rest.removeprefix(f"{outcome}_") if outcome else ""
        if outcome is None or band not in BAND_LABELS or band == "all":
            continue
        year.setdefault(outcome, obs.year)
        if obs.year == year[outcome]:
            latest.setdefault((outcome, band), obs)
    charts = []
    bands = [b for b in BAND_ORDER if b != "all"]
    for outcome, (label, _direction) in OUTCOMES.items():
        if outcome not in year:
            continue
        cells = [latest.get((outcome, b)) for b in bands]
        values = [c.value if c and c.status == "ok" else None for c in cells]
        image = render_intervals(
            [BAND_LABELS[b].removesuffix(" inkomen") for b in bands],
            values,
            [c.lower if c and c.status == "ok" else None for c in cells],
            [c.upper if c and c.status == "ok" else None for c in cells],
            title=f"{label}, {year[outcome]}",
            unit="%",
            no_value_label=_("insufficient observations"),
        )
        described = "; ".join(
            f"{BAND_LABELS[b]}: "
            + (
                f"{number(c.value)}% ({number(c.lower)}–{number(c.upper)})"
                if c and c.status == "ok" and c.value is not None
                else _("insufficient observations")
            )
            for b, c in zip(bands, cells, strict=True)
        )
        charts.append(
            {
                "title": f"{label}, {year[outcome]}",
                "src": "data:image/svg+xml;base64," + base64.b64encode(image).decode(),
                "alt": _("%(outcome)s by parental income in %(year)s: %(values)s")
                % {"outcome": label, "year": year[outcome], "values": described},
            }
        )
    return charts


def _profile_export(area: Area, domains: list[selectors.ProfileDomain], fmt: str) -> HttpResponse:
    """Every figure of the profile as one table: per indicator and year, with comparisons."""

    def cell(obs: Any) -> float | str | None:
        if obs is None:
            return None
        return obs.value if obs.status == "ok" else LayerValue(None, obs.status, obs.note).reason

    parent = area.parent.name if area.parent else ""
    columns = [
        _("Domain"),
        _("Indicator"),
        _("Unit"),
        _("Year"),
        area.name or area.code,
        parent or _("Parent area"),
        _("Municipality"),
    ]
    rows = [
        [
            d.label,
            r.indicator.name,
            r.indicator.unit,
            y.year,
            cell(y.area),
            cell(y.parent),
            cell(y.municipality),
        ]
        for d in domains
        for r in d.rows
        for y in r.years
    ]
    sources = sorted({r.indicator.source for d in domains for r in d.rows if r.indicator.source})
    return exports.table_export(
        fmt,
        name=f"{area.name or area.code} {area.code} {area.year}",
        title=f"{area.name or area.code} ({area.code}), {area.year}",
        columns=columns,
        rows=rows,
        source="; ".join(sources),
    )


@permissions.requires(Action.IMPORT_AREA_DATA)
def import_data(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    # ?scope=NL: the platform administrator loads national data (owned by no municipality)
    is_national = (
        str(request.GET.get("scope", "")).upper() == NATIONAL
        and permissions.matrix_role(user) == permissions.PLATFORM_ADMIN
    )
    municipality = None if is_national else shown_municipality(request)
    permissions.require(user, Action.IMPORT_AREA_DATA, municipality)
    problems: list[dict[str, Any]] = []
    rejected: ImportRun | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid() and form.has_error("file", "file_too_large"):
            refused: Any = form.files["file"]
            rejected = services.record_refused(
                kind=form.cleaned_data["kind"],
                filename=Path(refused.name or "").name,
                municipality=municipality,
                user=user,
                message=str(form.errors["file"][0]),
            )
            problems = rejected.problems
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if form.cleaned_data["kind"] == ImportKind.BOUNDARIES:
                    run = services.import_boundaries(
                        upload.read(),
                        filename=upload.name,
                        year=form.cleaned_data["year"],
                        municipality=municipality,
                        user=user,
                        crs=form.cleaned_data["crs"] or None,
                    )
                elif form.cleaned_data["kind"] == ImportKind.OPPORTUNITY:
                    run = import_opportunity_results(
                        upload.read(),
                        filename=upload.name,
                        municipality=municipality,
                        user=user,
                        publish=form.cleaned_data["publish"],
                    )
                elif form.cleaned_data["kind"] == ImportKind.FACILITIES:
                    run = services.import_facilities(
                        upload.read(),
                        filename=upload.name,
                        year=form.cleaned_data["year"],
                        municipality=municipality,
                        user=user,
                    )
                else:
                    run = services.import_values(
                        upload.read(),
                        filename=upload.name,
                        year=form.cleaned_data["year"],
                        municipality=municipality,
                        user=user,
                        publish=form.cleaned_data["publish"],
                    )
            except services.ImportFailed as failed:
                rejected = failed.run
                problems = [translated(p) for p in failed.run.problems]
            else:
                messages.success(request, _("%(file)s was imported.") % {"file": run.filename})
                return redirect("areas:import_detail", pk=run.pk)
    else:
        form = ImportForm(initial={"year": ImportForm.default_year()})
    context = {
        "form": form,
        "municipality": municipality or national(),
        "is_national": is_national,
        "may_import_national": permissions.matrix_role(user) == permissions.PLATFORM_ADMIN,
        "rejected": rejected,
        "problems": problems,
        "problems_total": rejected.summary.get("problems_total", len(problems)) if rejected else 0,
        "history": ImportRun.objects.filter(municipality=municipality).defer("problems")[:20],
    }
    status = 400 if rejected else 200
    return render(request, "areas/import.html", context, status=status)


@permissions.requires(Action.IMPORT_AREA_DATA)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if permissions.matrix_role(request.user) == permissions.PLATFORM_ADMIN:
        # every import, national ones (no municipality) too
        run = get_object_or_404(ImportRun, pk=pk)
    else:
        municipality = shown_municipality(request)
        permissions.require(request.user, Action.IMPORT_AREA_DATA, municipality)
        run = get_object_or_404(ImportRun, pk=pk, municipality=municipality)
    problems = [translated(p) for p in run.problems]
    return render(request, "areas/import_detail.html", {"run": run, "problems": problems})


@permissions.requires(Action.VIEW_AREAS)
@shows_scope
def indicators(request: HttpRequest) -> HttpResponse:
    """The indicators the user can see for the municipality, with unit, source and status."""
    municipality = scoped_municipality(request)
    qs = (
        Indicator.objects.visible_to(request.user)
        .filter(**in_scope(municipality.code, "observations__area__"))
        .distinct()
    )
    return render(
        request,
        "areas/indicators.html",
        {"indicators": qs.order_by("domain", "name"), "municipality": municipality},
    )


def _peer_target(
    request: HttpRequest, scope: Municipality
) -> tuple[Municipality | None, list[str] | None, list[tuple[str, str]]]:
    """Whose peers, among which municipalities, and the municipalities to choose from.

    A municipality's scope (everybody's default) compares it with every municipality; the
    country or a province (the national network) compares the municipality chosen with
    ``?target=`` with those of the scope (a province's, or all)."""
    if not (scope.code == NATIONAL or is_province(scope)):
        return scope, None, []
    names = dict(
        Area.objects.filter(level=AreaLevel.MUNICIPALITY, **in_scope(scope.code))
        .order_by("year")
        .values_list("code", "name")
    )
    choices = sorted(((c, f"{n or c} ({c})") for c, n in names.items()), key=lambda p: p[1])
    asked = str(request.GET.get("target") or "").strip().upper()
    pool = list(names) if is_province(scope) else None
    if asked not in names:
        return None, pool, choices
    return Municipality(code=asked, name=names[asked] or asked), pool, choices


@permissions.requires(Action.VIEW_AREAS)
@shows_scope
def peers(request: HttpRequest) -> HttpResponse:
    """The municipalities most like this one, by key figures the user chooses; at the scope of
    the country or a province, the municipality chosen among those of the scope."""
    scope = scoped_municipality(request)
    target, pool, targets = _peer_target(request, scope)
    if target is None:
        return render(
            request,
            "areas/peers.html",
            {
                "page": None,
                "municipality": scope,
                "targets": targets,
                **scope_context(request, scope),
            },
        )
    municipality = target
    page = build_peer_page(
        request.user, municipality, request.GET, request.GET.getlist("figure"), pool=pool
    )
    fmt = request.GET.get("export")
    if fmt in exports.TABLE_FORMATS and page.result is not None:
        columns = [_("Municipality"), _("Code"), _("Distance"), *(i.name for i in page.chosen)]
        rows = [[r.name, r.code, r.distance, *r.values] for r in page.rows()]
        return exports.table_export(
            fmt,
            name=f"{municipality.name} vergelijkbare gemeenten {page.year}",
            title=_("Municipalities most like %(name)s, %(year)s")
            % {"name": municipality.name, "year": page.year},
            columns=columns,
            rows=rows,
            source=_("Distance: standardised key figures (z-scores), Euclidean."),
        )
    kept = [(k, request.GET[k]) for k in ("scope", "target") if request.GET.get(k)]
    query = urlencode(
        [*kept, ("year", page.year or ""), ("k", page.k)] + [("figure", i.pk) for i in page.chosen]
    )
    return render(
        request,
        "areas/peers.html",
        {
            "page": page,
            "municipality": municipality,
            "scope_municipality": scope,
            "pool": pool,
            "targets": targets,
            "target": request.GET.get("target", "").upper(),
            "table_downloads": exports.links(f"?{query}&export={{fmt}}", exports.TABLE_FORMATS),
            **scope_context(request, scope),
        },
    )
