"""Pages of the support app (``/hulpvragen/``): the professional's requests, the public form,
the coordinator's waiting list and proposals, the provider's proposals, volunteers and places,
the shortage signals and the notices. Reads through selectors, writes through services."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansen.matching import Reason, explain
from kansen.web.accounts.models import Municipality, User
from kansen.web.accounts.permissions import Action, requires
from kansen.web.directory.constants import LANGUAGE_CHOICES, SUPPORT_TYPE_CHOICES

from . import selectors, services
from .constants import SLOT_CHOICES, MatchStatus, RequestStatus
from .forms import (
    ChangeForm,
    EndForm,
    OfferPlacesForm,
    PublicRequestForm,
    ReasonForm,
    RequestForm,
    VolunteerForm,
)
from .models import OfferPlaces, Volunteer


def today() -> date:
    """The date of the pages and steps (a function, so tests can fix it)."""
    return timezone.localdate()


def _lang() -> Literal["nl", "en"]:
    return "nl" if (get_language() or "nl").startswith("nl") else "en"


def words(reasons: list[Any]) -> list[str]:
    """A stored explanation ([code, params] per line) in the page's language."""
    lang = _lang()
    return [explain(Reason(code, params), lang) for code, params in reasons]


_NEEDS = dict(SUPPORT_TYPE_CHOICES)
_LANGUAGES = dict(LANGUAGE_CHOICES)
_SLOTS = dict(SLOT_CHOICES)


def labels(request: Any) -> dict[str, str]:
    """The request's codes in words, for the page."""
    return {
        "needs": ", ".join(str(_NEEDS.get(c, c)) for c in request.needs),
        "languages": ", ".join(str(_LANGUAGES.get(c, c)) for c in request.languages),
        "slots": ", ".join(str(_SLOTS.get(c, c)) for c in request.slots),
    }


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views that write are for logged-in users only)."""
    return cast(User, request.user)


def _own_municipality(request: HttpRequest) -> Municipality:
    """The user's municipality: these pages work inside one. A platform administrator has
    none, and gets what the other apps give it (plans, the providers' back office): a "no
    access" page saying why and where to go, not a "not found"."""
    municipality: Municipality | None = getattr(request.user, "municipality", None)
    if municipality is None:
        raise PermissionDenied(
            _(
                "These pages work inside one municipality, and a platform administrator "
                "belongs to none: log in with an account of the municipality. The matching "
                "settings of every municipality are in the administration."
            )
        )
    return municipality


# --- The professional --------------------------------------------------------------------------


@requires(Action.FILE_REQUESTS)
def requests_list(request: HttpRequest) -> HttpResponse:
    _own_municipality(request)
    rows = [
        {"request": r, "labels": labels(r), "days": (today() - r.filed).days}
        for r in selectors.requests_of_professional(request.user)
    ]
    return render(request, "support/requests.html", {"rows": rows, "today": today()})


@requires(Action.FILE_REQUESTS)
def request_new(request: HttpRequest) -> HttpResponse:
    municipality = _own_municipality(request)
    form = RequestForm(request.POST or None, today=today())
    if request.method == "POST" and form.is_valid():
        filed = services.file_request(
            municipality, form.cleaned_data, professional=_user(request), on=today()
        )
        messages.success(
            request, _("The request is filed with reference %(ref)s.") % {"ref": filed.reference}
        )
        return redirect("support:detail", filed.reference)
    return render(request, "support/request_form.html", {"form": form})


def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    support_request, view = selectors.request_for(request.user, reference)
    services.log_view(support_request, request.user, "detail")
    context: dict[str, Any] = {
        "req": support_request,
        "view": view,
        "labels": labels(support_request),
        "days": (today() - support_request.filed).days,
    }
    if view == "full":
        run = selectors.last_run(support_request.municipality_id)
        waiting = run.waiting_reasons.get(reference) if run else None
        context.update(
            history=[
                (m, words(m.reasons), events) for m, events in selectors.history(support_request)
            ],
            waiting_reason=words([waiting])[0] if waiting else "",
            audit=selectors.views_of(support_request),
            can_withdraw=support_request.status in (RequestStatus.WAITING, RequestStatus.MATCHED),
            erase_on=services.erase_date(support_request),
        )
    else:
        # what the provider needs to decide: the constraints met, not the cost line, which
        # tells the urgency and the neighbourhood's deprivation (ADR 0024)
        context["matches"] = [
            (m, words([r for r in m.reasons if not r[0].startswith("cost")]))
            for m in selectors.provider_matches(request.user).filter(request=support_request)
        ]
    return render(request, "support/request_detail.html", context)


@require_POST
def request_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(reverse("support:detail", args=[reference]))
    support_request, view = selectors.request_for(request.user, reference)
    if view != "full":
        raise Http404
    services.withdraw_request(support_request, by=_user(request), on=today())
    messages.success(request, _("The request is withdrawn."))
    return redirect("support:detail", reference)


# --- The public form ---------------------------------------------------------------------------


def public_form(request: HttpRequest, municipality: str) -> HttpResponse:
    place = get_object_or_404(Municipality, slug=municipality, is_active=True)
    if not services.matching_settings(place).public_form:
        raise Http404
    form = PublicRequestForm(request.POST or None, today=today())
    if request.method == "POST" and form.is_valid():
        filed = services.file_request(place, form.cleaned_data, professional=None, on=today())
        link = request.build_absolute_uri(
            reverse("support:public_withdraw", args=[filed.reference, filed.withdraw_token])
        )
        return render(
            request, "support/public_done.html", {"req": filed, "link": link, "place": place}
        )
    return render(request, "support/public_form.html", {"form": form, "place": place})


def public_withdraw(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    if request.method == "POST":
        withdrawn = services.withdraw_with_token(reference, token, on=today())
        if withdrawn is None:
            raise Http404
        return render(request, "support/public_withdraw.html", {"done": True, "ref": reference})
    return render(request, "support/public_withdraw.html", {"done": False, "ref": reference})


# --- The coordinator ---------------------------------------------------------------------------


@requires(Action.COORDINATE_MATCHING)
def coordination(request: HttpRequest) -> HttpResponse:
    municipality = _own_municipality(request)
    need = request.GET.get("behoefte", "")
    pc4 = request.GET.get("pc4", "")
    need = need if need in _NEEDS else ""
    pc4 = pc4 if len(pc4) == 4 and pc4.isdigit() else ""
    rows = selectors.waiting_list(municipality.pk, on=today(), need=need, pc4=pc4)
    _year, areas = selectors.neighbourhoods_of(municipality)
    nearest = selectors.pc4_neighbourhoods(areas, {row.request.pc4 for row in rows})
    buurt = request.GET.get("buurt", "")
    buurt = buurt if any(a.code == buurt for a in areas) else ""
    if buurt:
        rows = [r for r in rows if getattr(nearest.get(r.request.pc4), "code", "") == buurt]
    proposals = [
        (m, labels(m.request), words(m.reasons)) for m in selectors.proposals(municipality.pk)
    ]
    context = {
        "waiting": [
            (
                row,
                labels(row.request),
                words([row.reason])[0] if row.reason else "",
                getattr(nearest.get(row.request.pc4), "name", "") or "",
            )
            for row in rows
        ],
        "buurt": buurt,
        "buurt_choices": sorted(((a.name or a.code), a.code) for a in areas),
        "proposals": proposals,
        "in_progress": list(selectors.in_progress(municipality.pk)),
        "run": selectors.last_run(municipality.pk),
        "need": need,
        "pc4": pc4,
        "need_choices": SUPPORT_TYPE_CHOICES,
        "today": today(),
    }
    last = selectors.last_run(municipality.pk)
    if last is not None:
        context["run_reasons"] = sorted(
            (_waiting_label(code), count) for code, count in last.waiting_by_reason.items()
        )
    return render(request, "support/coordination.html", context)


def _waiting_label(code: str) -> str:
    from kansen.matching import waiting_label

    return waiting_label(code, "nl" if _lang() == "nl" else "en")


@require_POST
@requires(Action.COORDINATE_MATCHING)
def run(request: HttpRequest) -> HttpResponse:
    municipality = _own_municipality(request)
    done = services.run_matching(municipality, by=_user(request), on=today())
    messages.success(
        request,
        _("The matching proposes %(matched)s of %(total)s waiting requests.")
        % {"matched": done.matched, "total": done.requests},
    )
    return redirect("support:coordination")


@require_POST
@requires(Action.COORDINATE_MATCHING)
def match_accept(request: HttpRequest, pk: int) -> HttpResponse:
    _own_municipality(request)
    match = selectors.match_for_coordinator(request.user, pk)
    try:
        services.accept_match(match, by=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Match for %(ref)s accepted; the provider is asked to confirm.")
            % {"ref": match.request.reference},
        )
    return redirect("support:coordination")


@requires(Action.COORDINATE_MATCHING)
def match_reject(request: HttpRequest, pk: int) -> HttpResponse:
    _own_municipality(request)
    match = selectors.match_for_coordinator(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject_match(match, by=_user(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Proposal for %(ref)s rejected; the request waits on.")
                % {"ref": match.request.reference},
            )
            return redirect("support:coordination")
    return render(
        request,
        "support/match_form.html",
        {
            "form": form,
            "match": match,
            "title": _("Reject the proposal"),
            "submit": _("Reject"),
            "back": reverse("support:coordination"),
        },
    )


@requires(Action.COORDINATE_MATCHING)
def match_change(request: HttpRequest, pk: int) -> HttpResponse:
    _own_municipality(request)
    match = selectors.match_for_coordinator(request.user, pk)
    choices = [
        (
            key,
            _("%(unit)s (%(provider)s): %(needs)s of %(asked)s needs, %(km)s km")
            % {
                "unit": unit,
                "provider": unit.provider if isinstance(unit, Volunteer) else unit.offer.provider,
                "needs": covered,
                "asked": len(match.request.needs),
                "km": number_format(km, 1),
            },
        )
        for key, unit, covered, km in services.fitting_units(match, on=today())
    ]
    form = ChangeForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_match(
                match,
                form.cleaned_data["supply"],
                by=_user(request),
                on=today(),
            )
        except services.ChangeRefused as refused:
            form.add_error("supply", words([services.reason_json(refused.reason)])[0])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Match changed and accepted."))
            return redirect("support:coordination")
    return render(
        request,
        "support/match_form.html",
        {
            "form": form,
            "match": match,
            "title": _("Change the match"),
            "submit": _("Change"),
            "intro": _(
                "Only volunteers and offers that meet every rule for this request and have a "
                "place left are listed, the best first: most of the asked needs, then nearest."
            )
            if choices
            else _("No other volunteer or offer meets every rule for this request now."),
            "can_submit": bool(choices),
            "back": reverse("support:coordination"),
        },
    )


# --- The provider ------------------------------------------------------------------------------


@requires(Action.ANSWER_PROPOSALS)
def provider(request: HttpRequest) -> HttpResponse:
    _own_municipality(request)
    matches = [(m, labels(m.request)) for m in selectors.provider_matches(request.user)]
    context = {
        "open": [row for row in matches if row[0].status == MatchStatus.ACCEPTED],
        "running": [row for row in matches if row[0].status == MatchStatus.RUNNING],
        "volunteers": list(selectors.volunteers_of(request.user)),
        "offers": selectors.offers_of(request.user),
        "today": today(),
    }
    return render(request, "support/provider.html", context)


@require_POST
@requires(Action.ANSWER_PROPOSALS)
def match_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _own_municipality(request)
    match = selectors.match_for_provider(request.user, pk)
    try:
        services.confirm_match(match, by=_user(request), on=today())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Match for %(ref)s confirmed; evaluation on %(date)s.")
            % {"ref": match.request.reference, "date": match.evaluation_on},
        )
    return redirect("support:provider")


def _provider_answer(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    _own_municipality(request)
    match = selectors.match_for_provider(request.user, pk)
    form: ReasonForm | EndForm = (
        ReasonForm(request.POST or None) if kind == "decline" else EndForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if kind == "decline":
                services.decline_match(match, by=_user(request), reason=form.cleaned_data["reason"])
            else:
                services.end_match(
                    match,
                    by=_user(request),
                    reason=form.cleaned_data["reason"],
                    on=today(),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("support:provider")
    title = _("Decline the proposal") if kind == "decline" else _("End the match")
    submit = _("Decline") if kind == "decline" else _("End the match")
    return render(
        request,
        "support/match_form.html",
        {
            "form": form,
            "match": match,
            "title": title,
            "submit": submit,
            "back": reverse("support:provider"),
        },
    )


@requires(Action.ANSWER_PROPOSALS)
def match_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _provider_answer(request, pk, "decline")


@requires(Action.ANSWER_PROPOSALS)
def match_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _provider_answer(request, pk, "end")


@requires(Action.ANSWER_PROPOSALS)
def volunteer_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _own_municipality(request)
    instance = selectors.volunteer_for(request.user, pk) if pk else None
    user = _user(request)
    providers = user.providers.filter(municipality=user.municipality)
    form = VolunteerForm(request.POST or None, instance=instance, providers=providers)
    if request.method == "POST" and form.is_valid():
        volunteer = form.save(commit=False)
        try:
            services.save_volunteer(volunteer, by=_user(request))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The volunteer is saved."))
            return redirect("support:provider")
    title = _("Change volunteer") if instance else _("Add a volunteer")
    return render(request, "support/supply_form.html", {"form": form, "title": title})


@requires(Action.ANSWER_PROPOSALS)
def places_form(request: HttpRequest, offer: int) -> HttpResponse:
    _own_municipality(request)
    found, places = selectors.offer_places_for(request.user, offer)
    form = OfferPlacesForm(request.POST or None, instance=places or OfferPlaces(offer=found))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_offer_places(form.save(commit=False), by=_user(request))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The places are saved."))
            return redirect("support:provider")
    title = _("Places of %(offer)s") % {"offer": found.title}
    return render(request, "support/supply_form.html", {"form": form, "title": title})


# --- Signals and notices -----------------------------------------------------------------------


@requires(Action.READ_SHORTAGE)
def signals(request: HttpRequest) -> HttpResponse:
    municipality = _own_municipality(request)
    found = selectors.shortage(municipality.pk, on=today())
    context = {
        "shortage": found,
        "waiting": [
            (str(_NEEDS.get(n, n)), pc4, count, days) for n, pc4, count, days in found.waiting
        ],
        "unused": [(str(_NEEDS.get(k, k)), units, places) for k, units, places in found.unused],
    }
    context.update(_shortage_map(municipality))
    return render(request, "support/signals.html", context)


def _reason_label(code: str) -> str:
    if code == selectors.NOT_RUN:
        return _("filed after the last matching run")
    return _waiting_label(code)


def _shortage_map(municipality: Municipality) -> dict[str, Any]:
    """The map layer of the signals page (GeoJSON for ``kansen/map.js``, as the areas map) and
    the same figures as a table, the accessible alternative."""
    found = selectors.shortage_map(municipality, on=today())
    rows = []
    features = []
    for place in found.neighbourhoods:
        why = "; ".join(f"{_reason_label(code)}: {count}" for code, count in place.reasons)
        if place.waiting:
            summary = ngettext(
                "%(n)s request waits, median %(days)s days",
                "%(n)s requests wait, median %(days)s days",
                place.waiting,
            ) % {"n": place.waiting, "days": place.median_days}
            rows.append((place, why))
        else:
            summary = _("nobody waits")
        if place.geometry:
            features.append(
                {
                    "type": "Feature",
                    "geometry": place.geometry,
                    "properties": {
                        "code": place.code,
                        "name": place.name,
                        "value": place.waiting,
                        "reason": f"{summary}. {why}" if why else summary,
                        "fill": selectors.waiting_colour(place.waiting),
                    },
                }
            )
    legend = [
        (lower, upper - 1 if upper is not None else None, colour)
        for (lower, colour), upper in zip(
            selectors.WAITING_CLASSES,
            [c[0] for c in selectors.WAITING_CLASSES[1:]] + [None],
            strict=True,
        )
    ]
    return {
        "map": found,
        "map_rows": rows,
        "map_features": {"type": "FeatureCollection", "features": features},
        "map_legend": legend,
        "quiet": len(found.neighbourhoods) - len(rows),
    }


def notices(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    rows = list(selectors.notices(request.user))
    services.mark_notices_read(_user(request))
    return render(request, "support/notices.html", {"rows": rows})
