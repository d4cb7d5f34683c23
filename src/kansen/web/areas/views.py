"""Pages of the areas app: the map and table, the area profile, and imports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kansen.web.accounts.models import Municipality, User
from kansen.web.core.context_processors import portal_municipality

from . import selectors, services
from .constants import AreaLevel, ImportKind
from .forms import ImportForm
from .models import Area, ImportRun, Indicator


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views below are all behind ``login_required``)."""
    assert isinstance(request.user, User)
    return request.user


def _current_municipality(request: HttpRequest) -> Municipality:
    municipality = portal_municipality(request)
    if municipality is None:
        raise Http404(_("No municipality has been set up yet."))
    return municipality


def _selection(request: HttpRequest, municipality: Municipality) -> dict[str, Any]:
    """Year, level and indicator chosen on the page, with sensible defaults."""
    years = selectors.municipality_years(municipality.code)
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    level = request.GET.get("level") or AreaLevel.NEIGHBOURHOOD
    if level not in AreaLevel.values:
        level = AreaLevel.NEIGHBOURHOOD
    indicators = list(selectors.visible_indicators(request.user, municipality.code, year))
    indicator = None
    wanted = request.GET.get("indicator")
    if wanted:
        indicator = next((i for i in indicators if str(i.pk) == wanted), None)
    if indicator is None and indicators:
        indicator = indicators[0]
    return {
        "years": years,
        "year": year,
        "level": level,
        "levels": AreaLevel.choices,
        "indicators": indicators,
        "indicator": indicator,
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    municipality = _current_municipality(request)
    sel = _selection(request, municipality)
    areas = list(selectors.municipality_areas(municipality.code, sel["year"]))
    values = (
        selectors.observations_by_area(sel["indicator"], areas, sel["year"])
        if sel["indicator"]
        else {}
    )
    map_values = [
        o.value for o in values.values() if o.value is not None and o.area.level == sel["level"]
    ]
    legend = selectors.quantile_legend(map_values) if sel["indicator"] else None
    context = {
        **sel,
        "municipality": municipality,
        "tree": selectors.area_tree(areas, values),
        "area_count": len(areas),
        "legend": legend,
        "legend_rows": _legend_rows(legend),
        "can_import": _user(request).can_edit_area_data(municipality),
    }
    return render(request, "areas/index.html", context)


def _legend_rows(legend: selectors.Legend | None) -> list[dict[str, Any]]:
    if legend is None or not legend.breaks:
        return []
    lowers = [legend.minimum, *legend.breaks[:-1]]
    return [
        {"colour": c, "lower": lo, "upper": up}
        for c, lo, up in zip(legend.colours, lowers, legend.breaks, strict=True)
    ]


@login_required
@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the municipality's areas of one level and year, coloured by an indicator."""
    municipality = _current_municipality(request)
    sel = _selection(request, municipality)
    areas = list(selectors.municipality_areas(municipality.code, sel["year"], sel["level"]))
    legend = None
    values = {}
    if sel["indicator"]:
        values = selectors.observations_by_area(sel["indicator"], areas, sel["year"])
        legend = selectors.quantile_legend(
            [o.value for o in values.values() if o.value is not None]
        )
    return JsonResponse(selectors.map_features(areas, values, legend))


@login_required
def profile(request: HttpRequest, year: int, code: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("parent"), year=year, code=code)
    domains = selectors.area_profile(area, request.user)
    municipality_area = Area.objects.filter(code=area.municipality_code, year=area.year).first()
    context = {
        "area": area,
        "domains": domains,
        "sources": sorted(
            {r.indicator.source for d in domains for r in d.rows if r.indicator.source}
        ),
        "children": area.children.order_by("code"),
        "municipality_area": municipality_area if municipality_area != area else None,
        "other_years": Area.objects.filter(code=area.code).exclude(pk=area.pk).order_by("-year"),
        "feature": selectors.map_features([area], {}, None),
    }
    return render(request, "areas/profile.html", context)


@login_required
def import_data(request: HttpRequest) -> HttpResponse:
    municipality = _current_municipality(request)
    user = _user(request)
    if not user.can_edit_area_data(municipality):
        raise PermissionDenied(_("Only analysts and administrators may import area data."))
    problems: list[dict[str, Any]] = []
    rejected: ImportRun | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
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
                problems = failed.run.problems
            else:
                messages.success(request, _("%(file)s was imported.") % {"file": run.filename})
                return redirect("areas:import_detail", pk=run.pk)
    else:
        form = ImportForm(initial={"year": ImportForm.default_year()})
    context = {
        "form": form,
        "municipality": municipality,
        "rejected": rejected,
        "problems": problems,
        "history": ImportRun.objects.filter(municipality=municipality)[:20],
    }
    status = 400 if rejected else 200
    return render(request, "areas/import.html", context, status=status)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _current_municipality(request)
    run = get_object_or_404(ImportRun, pk=pk, municipality=municipality)
    return render(request, "areas/import_detail.html", {"run": run})


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    """The indicators the user can see for the municipality, with unit, source and status."""
    municipality = _current_municipality(request)
    qs = (
        Indicator.objects.visible_to(request.user)
        .filter(observations__area__municipality_code=municipality.code)
        .distinct()
    )
    return render(
        request,
        "areas/indicators.html",
        {"indicators": qs.order_by("domain", "name"), "municipality": municipality},
    )
