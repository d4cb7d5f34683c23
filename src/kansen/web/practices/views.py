"""Pages of the practice register (``/praktijken/``): the public search with cards, a record,
the comparison of two or three; the municipality's own records with their form, publish and
withdraw; the national view with its Excel export. Reads through selectors, writes through
services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality, User
from kansen.web.accounts.permissions import Action, requires
from kansen.web.core.exports import attachment, table_export
from kansen.web.plans.models import Plan

from . import deprivation, export, levels, national, selectors, services
from .constants import PracticeStatus, licence_url
from .forms import PracticeForm, SearchForm, initial_of


def _municipality_choices() -> list[tuple[str, str]]:
    return list(
        Municipality.objects.filter(practices__status=PracticeStatus.PUBLISHED)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, municipalities=_municipality_choices())
    text = request.GET.get("q", "")[:200]
    filters = form.filters()
    peers: list[Municipality] | None = None
    if request.GET.get("zoals"):
        # practices of municipalities like the user's own (analysts and programme leads)
        peers = selectors.peer_municipalities(request.user)
        filters["gemeente"] = [m.slug for m in peers] or ["-"]
    may_compare_peers = getattr(request.user, "municipality_id", None) is not None and (
        permissions.can(request.user, Action.VIEW_AREAS)
    )
    # the user's municipality's tenth of the country, when national figures are held
    tenth = (
        selectors.same_national_tenth(request.user, deprivation.national_deciles())
        if may_compare_peers
        else None
    )
    same_tenth: list[Municipality] | None = None
    if request.GET.get("zelfde_tiende"):
        same_tenth = tenth[1] if tenth else []
        filters["gemeente"] = [m.slug for m in same_tenth] or ["-"]
    page = _page_number(request.GET.get("pagina"))
    found = selectors.search(
        text, filters, limit=selectors.PAGE_SIZE, offset=(page - 1) * selectors.PAGE_SIZE
    )
    pages = max(1, -(-found.total // selectors.PAGE_SIZE))
    if page > pages:  # past the last page: the last page
        page = pages
        found = selectors.search(
            text, filters, limit=selectors.PAGE_SIZE, offset=(page - 1) * selectors.PAGE_SIZE
        )
    facets = [
        (
            form[name],
            [
                (choice, found.facets.get(name, {}).get(choice.data["value"], 0))
                for choice in form[name]
            ],
        )
        for name in form.fields
        # the national reading only when the platform holds one (or to untick it)
        if name != "q" and (name != "achterstand_nl" or found.national or name in filters)
    ]
    return render(
        request,
        "practices/index.html",
        {
            "form": form,
            "facets": facets,
            "found": found,
            "peers": peers,
            "may_compare_peers": may_compare_peers,
            "tenth": tenth[0] if tenth else None,
            "same_tenth": same_tenth,
            "levels_version": levels.evidence_data().version,
            "paging": _paging(request, page, pages),
            "corrected_link": _corrected_link(request, found.corrected),
            "first": (page - 1) * selectors.PAGE_SIZE + 1,
            "last": (page - 1) * selectors.PAGE_SIZE + len(found.practices),
        },
    )


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10_000))
    except ValueError:
        return 1


def _page_link(request: HttpRequest, page: int) -> str:
    """The register's address with the same search and filters, on ``page``."""
    params = request.GET.copy()
    params.pop("pagina", None)
    if page > 1:
        params["pagina"] = str(page)
    return "?" + params.urlencode() if params else "?"


def _corrected_link(request: HttpRequest, corrected: str | None) -> str:
    """The register's address with the corrected words, the same filters, on the first page."""
    if not corrected:
        return ""
    params = request.GET.copy()
    params.pop("pagina", None)
    params["q"] = corrected
    return "?" + params.urlencode()


def _paging(request: HttpRequest, page: int, pages: int) -> dict[str, Any] | None:
    """Links to every page (the register has tens of records, not thousands)."""
    if pages < 2:
        return None
    return {
        "page": page,
        "pages": pages,
        "previous": _page_link(request, page - 1) if page > 1 else "",
        "next": _page_link(request, page + 1) if page < pages else "",
        "links": [(n, _page_link(request, n)) for n in range(1, pages + 1)],
    }


def detail(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    practice = selectors.practice_to_read(request.user, municipality, slug)
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "indicators": selectors.linked_indicators(practice),
            "may_keep": selectors.can_keep(request.user, practice.municipality),
            "licence_url": licence_url(get_language()),
            "cost_source": levels.evidence_data().shown_cost_bands_source,
        },
    )


def compare(request: HttpRequest) -> HttpResponse:
    chosen = selectors.compared(request.GET.getlist("p"))
    return render(request, "practices/compare.html", {"practices": chosen})


@requires(Action.KEEP_PRACTICES)
def mine(request: HttpRequest) -> HttpResponse:
    practices = selectors.own_practices(request.user).order_by("status", "title")
    made = {(p.plan_id, p.intervention_uuid): p for p in practices if p.plan_id is not None}
    # an intervention with a record links its record: a second one would be a duplicate
    plans = [
        (plan, [(item, made.get((plan.pk, str(item.get("uuid", ""))))) for item in items])
        for plan, items in selectors.plans_with_interventions(request.user)
    ]
    return render(request, "practices/mine.html", {"practices": practices, "plans": plans})


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _form_errors(form: PracticeForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@requires(Action.KEEP_PRACTICES)
def create(request: HttpRequest) -> HttpResponse:
    municipality = getattr(request.user, "municipality", None)
    if municipality is None:
        raise Http404
    plan: Plan | None = None
    item_uuid = request.GET.get("interventie", "")
    initial: dict[str, Any] = {}
    if request.GET.get("plan", "").isdigit():
        plan = get_object_or_404(Plan, pk=request.GET["plan"], municipality=municipality)
        existing = selectors.own_practices(request.user).filter(
            plan=plan, intervention_uuid=item_uuid
        )
        if request.method != "POST" and (found := existing.first()) is not None:
            messages.info(request, _("This intervention already has a record: here it is."))
            return redirect("practices:detail", found.municipality.slug, found.slug)
        initial = selectors.initial_from_intervention(plan, item_uuid)
    form = PracticeForm(
        request.POST or None, initial=initial, indicators=selectors.indicator_choices(plan)
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        if plan is not None:
            data.update(plan=plan, intervention_uuid=item_uuid)
        try:
            made = services.save_practice(municipality, _user(request), data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The record is saved as a draft."))
            return redirect("practices:detail", municipality.slug, made.slug)
    return render(request, "practices/form.html", {"form": form, "plan": plan})


@requires(Action.KEEP_PRACTICES)
def edit(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    practice = selectors.practice_to_edit(request.user, municipality, slug)
    form = PracticeForm(
        request.POST or None,
        initial=initial_of(practice),
        indicators=selectors.indicator_choices(practice.plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_practice(
                practice.municipality, _user(request), form.data_for_service(), practice
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The record is saved."))
            return redirect("practices:detail", saved.municipality.slug, saved.slug)
    return render(
        request, "practices/form.html", {"form": form, "practice": practice, "plan": None}
    )


def _status_change(
    request: HttpRequest, municipality: str, slug: str, change: Any, done: str
) -> HttpResponse:
    practice = selectors.practice_to_edit(request.user, municipality, slug)
    try:
        practice = change(practice, _user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("practices:edit", practice.municipality.slug, practice.slug)
    messages.success(request, done)
    return redirect("practices:detail", practice.municipality.slug, practice.slug)


@require_POST
@requires(Action.KEEP_PRACTICES)
def publish(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    return _status_change(
        request, municipality, slug, services.publish, _("The record is published.")
    )


@require_POST
@requires(Action.KEEP_PRACTICES)
def withdraw(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    return _status_change(
        request, municipality, slug, services.withdraw, _("The record is withdrawn.")
    )


@requires(Action.READ_NATIONAL_VIEW)
def national_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "practices/national.html",
        {
            "summaries": national.plan_summaries(),
            "municipalities": national.municipalities_with_plans(),
            "shared": national.shared_most(),
            "practice_count": selectors.published().count(),
        },
    )


@requires(Action.READ_NATIONAL_VIEW)
def national_export(request: HttpRequest) -> HttpResponse:
    content = national.workbook(national.plan_summaries(), national.shared_most(limit=1000))
    return attachment(content, "xlsx", f"landelijk-overzicht-{timezone.localdate():%Y-%m-%d}")


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every published record as open data (JSON, CSV or Excel), each with its licence."""
    if fmt == "json":
        response = HttpResponse(export.as_json(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="praktijken.json"'
        return response
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return table_export(
        fmt,
        name="praktijken",
        title=_("Practices"),
        columns=export.COLUMNS,
        rows=export.as_rows(),
        source=levels.evidence_data().cost_bands_source,
    )
