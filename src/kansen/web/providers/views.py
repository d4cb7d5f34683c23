"""The back office of the directory (``/aanbieders/``): providers keep their offers current,
the municipality sets the review period, imports and exports offers and sees who to chase.

Who sees what: a provider's members see that provider's offers; the municipal administrator
and the programme lead see every provider of their municipality; anyone else gets 403. An offer
outside what a user sees is a 404, whether it is another municipality's or another provider's.
Only the administrator changes the settings and imports files.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kansen.io import ImportRejected, cap_problems
from kansen.offers import TEXT_FIELDS
from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality, User
from kansen.web.accounts.permissions import Action
from kansen.web.areas.constants import ImportKind
from kansen.web.areas.services import record_import, record_refused
from kansen.web.directory import selectors
from kansen.web.directory import services as directory
from kansen.web.directory.freshness import (
    Freshness,
    directory_settings,
    flagged_filter,
    freshness,
)
from kansen.web.directory.models import Offer, Provider
from kansen.web.directory.problems import in_language

from .forms import (
    ImportOffersForm,
    OfferForms,
    SettingsForm,
    form_error_summary,
    link_errors,
)

_STATE_ORDER = {"hidden": 0, "flagged": 1, "current": 2}


@dataclass(frozen=True)
class Access:
    """What the user asking may see and change."""

    user: User
    municipality: Municipality
    providers: QuerySet[Provider]
    municipal: bool
    manages_settings: bool

    def offers(self) -> QuerySet[Offer]:
        return Offer.objects.filter(
            municipality=self.municipality, provider__in=self.providers
        ).select_related("provider", "checked_by")


def _access(request: HttpRequest) -> Access:
    """What the user may do here, by the role matrix (:mod:`kansen.web.accounts.permissions`)."""
    user = request.user
    assert isinstance(user, User)
    municipality = user.municipality
    refused = permissions.refusal(Action.KEEP_OWN_OFFERS)
    if municipality is None:
        raise PermissionDenied(refused)
    if permissions.can(user, Action.KEEP_ALL_OFFERS, municipality):
        return Access(
            user,
            municipality,
            Provider.objects.filter(municipality=municipality),
            municipal=True,
            manages_settings=permissions.can(user, Action.MANAGE_DIRECTORY, municipality),
        )
    if permissions.can(user, Action.KEEP_OWN_OFFERS, municipality):
        return Access(
            user,
            municipality,
            user.providers.filter(municipality=municipality),
            municipal=False,
            manages_settings=False,
        )
    raise PermissionDenied(refused)


def _settings_access(request: HttpRequest) -> Access:
    access = _access(request)
    if not access.manages_settings:
        raise PermissionDenied(permissions.refusal(Action.MANAGE_DIRECTORY))
    return access


def _municipal_access(request: HttpRequest) -> Access:
    access = _access(request)
    if not access.municipal:
        raise PermissionDenied(permissions.refusal(Action.KEEP_ALL_OFFERS))
    return access


@dataclass(frozen=True)
class OfferRow:
    offer: Offer
    freshness: Freshness


def _rows(access: Access, offers: QuerySet[Offer], today: datetime.date) -> list[OfferRow]:
    settings = directory_settings(access.municipality)
    rows = [OfferRow(o, freshness(o, settings, today)) for o in offers]
    # Flagged and hidden first, the longest unchecked on top: that is the work to do.
    rows.sort(key=lambda r: (_STATE_ORDER[r.freshness.state], r.offer.last_checked, r.offer.title))
    return rows


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Mijn aanbod: the offers the user keeps current, flagged ones first."""
    access = _access(request)
    today = timezone.localdate()
    rows = _rows(access, access.offers(), today)
    context = {
        "access": access,
        "rows": rows,
        "settings": directory_settings(access.municipality),
        "to_check": sum(1 for r in rows if r.freshness.state != "current"),
        "providers": list(access.providers),
    }
    return render(request, "providers/index.html", context)


@login_required
@require_POST
def mark_checked(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Nog actueel": the user confirms the offer is current today."""
    access = _access(request)
    offer = get_object_or_404(access.offers(), slug=slug)
    directory.mark_checked([offer], user=access.user)
    messages.success(request, _("%(title)s is marked as current.") % {"title": offer.title})
    return redirect("providers:index")


@login_required
@require_POST
def mark_all_checked(request: HttpRequest) -> HttpResponse:
    """ "Alles nog actueel": the user confirms every offer they keep is current today."""
    access = _access(request)
    count = directory.mark_checked(access.offers(), user=access.user)
    messages.success(
        request,
        ngettext("%(n)d offer is marked as current.", "%(n)d offers are marked as current.", count)
        % {"n": count},
    )
    return redirect("providers:index")


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    access = _access(request)
    if not access.providers.exists():
        raise PermissionDenied(_("You are not a member of any provider yet."))
    return _offer_page(request, access, None)


@login_required
def offer_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request)
    offer = get_object_or_404(access.offers(), slug=slug)
    return _offer_page(request, access, offer)


def _offer_page(request: HttpRequest, access: Access, offer: Offer | None) -> HttpResponse:
    initial, locations, translations = _initial(access, offer)
    data = request.POST if request.method == "POST" else None
    forms = OfferForms(
        data,
        providers=access.providers,
        municipality=access.municipality,
        initial=initial,
        locations=locations,
        translations=translations,
    )
    if data is not None and forms.is_valid():
        cleaned = forms.offer.cleaned_data
        try:
            saved = directory.save_offer(
                access.municipality,
                provider=cleaned["provider"],
                fields=forms.offer.offer_fields(),
                regulation=cleaned["regulation"],
                locations=forms.locations_input(),
                translations=forms.translations_input(),
                offer=offer,
                user=access.user,
            )
        except directory.OfferRejected as rejected:
            # The form checks everything the service does; this is a last line of defence.
            for name, problems in rejected.problems.items():
                field = name if name in forms.offer.fields else None
                for problem in problems:
                    forms.offer.add_error(field, problem)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.title})
            return redirect("providers:index")
    context = {
        "access": access,
        "offer": offer,
        "forms": forms,
        "form": forms.offer,
        "state_row": (
            OfferRow(offer, freshness(offer, directory_settings(access.municipality)))
            if offer
            else None
        ),
    }
    return render(
        request,
        "providers/offer_form.html",
        context,
        status=400 if data is not None else 200,
    )


def _initial(
    access: Access, offer: Offer | None
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, dict[str, Any]]]:
    if offer is None:
        first = access.providers.first()
        return (
            {
                "provider": first,
                "languages": ["nl"],
                "cost": "free",
                "apply_route": "self",
                "is_published": True,
            },
            [],
            {},
        )
    initial = {
        "provider": offer.provider,
        "regulation": offer.regulation,
        **{name: getattr(offer, name) for name in selectors.OFFER_FIELDS},
    }
    locations = [
        {name: getattr(loc, name) for name in directory.LOCATION_INPUTS}
        for loc in offer.locations.all()
    ]
    translations = {
        t.language: {name: getattr(t, name) for name in TEXT_FIELDS}
        for t in offer.translations.all()
    }
    return initial, locations, translations


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The review period and the grace period of the municipality's directory."""
    access = _settings_access(request)
    current = directory_settings(access.municipality)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        valid = form.is_valid()
        link_errors(form)
        if valid:
            directory.save_settings(access.municipality, **form.cleaned_data)
            messages.success(request, _("The settings are saved."))
            return redirect("providers:settings")
    else:
        form = SettingsForm(
            initial={"review_months": current.review_months, "grace_days": current.grace_days}
        )
    return render(
        request,
        "providers/settings.html",
        {"access": access, "form": form, "form_summary": form_error_summary(form)},
        status=400 if form.errors else 200,
    )


def _account(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Import offers from CSV or Excel: every row, or nothing, with every problem listed."""
    access = _settings_access(request)
    problems: list[Any] = []
    problem_counts: list[Any] = []
    problems_total = 0
    rejected_file = ""
    if request.method == "POST":
        form = ImportOffersForm(request.POST, request.FILES)
        valid = form.is_valid()
        link_errors(form)
        posted = request.FILES.get("file")
        # a file refused by the form (too large) is recorded; an empty one is only a form error
        if not valid and posted is not None and posted.size and form.errors.get("file"):
            record_refused(
                kind=ImportKind.OFFERS,
                filename=posted.name or "",
                municipality=access.municipality,
                user=_account(request),
                message=str(form.errors["file"][0]),
            )
        if valid:
            upload = form.cleaned_data["file"]
            try:
                result = directory.import_offers(
                    upload.read(), upload.name, municipality=access.municipality
                )
            except ImportRejected as rejected:
                record_import(
                    kind=ImportKind.OFFERS,
                    filename=upload.name,
                    municipality=access.municipality,
                    user=_account(request),
                    problems=rejected.problems,
                )
                problems_total = len(rejected.problems)
                problems, problem_counts = cap_problems(
                    rejected.problems, settings.KANSEN_IMPORT_PROBLEMS_KEPT
                )
                problems = [in_language(problem) for problem in problems]
                rejected_file = upload.name
            else:
                record_import(
                    kind=ImportKind.OFFERS,
                    filename=upload.name,
                    municipality=access.municipality,
                    user=_account(request),
                    summary={"created": len(result.created), "updated": len(result.updated)},
                )
                messages.success(
                    request,
                    _("%(file)s is imported: %(created)d offers added, %(updated)d updated.")
                    % {
                        "file": result.filename,
                        "created": len(result.created),
                        "updated": len(result.updated),
                    },
                )
                return redirect("providers:index")
    else:
        form = ImportOffersForm()
    context = {
        "access": access,
        "form": form,
        "form_summary": form_error_summary(form),
        "problems": problems,
        "problem_counts": problem_counts,
        "problems_total": problems_total,
        "rejected_file": rejected_file,
        "providers": access.providers.order_by("slug"),
    }
    status = 400 if problems or form.errors else 200
    return render(request, "providers/import.html", context, status=status)


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every offer of the municipality as CSV or Excel, in the layout the import reads."""
    access = _municipal_access(request)
    if fmt not in EXPORT_TYPES:
        raise Http404(_("Unknown export."))
    content = selectors.export_offers(access.municipality, "csv" if fmt == "csv" else "xlsx")
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    name = f"aanbod-{access.municipality.slug}-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@dataclass(frozen=True)
class ProviderToChase:
    provider: Provider
    rows: list[OfferRow]
    members: list[User]


@login_required
def flagged(request: HttpRequest) -> HttpResponse:
    """Offers not checked in time, per provider, with who to ask: the providers to chase."""
    access = _municipal_access(request)
    today = timezone.localdate()
    settings = directory_settings(access.municipality)
    offers = access.offers().filter(**flagged_filter(settings, today))
    by_provider: dict[int, list[OfferRow]] = {}
    for row in _rows(access, offers.order_by("provider__name"), today):
        by_provider.setdefault(row.offer.provider_id, []).append(row)
    providers = Provider.objects.filter(pk__in=by_provider).prefetch_related("members")
    chase = sorted(
        (ProviderToChase(p, by_provider[p.pk], list(p.members.all())) for p in providers),
        key=lambda c: (-len(c.rows), c.provider.name),
    )
    context = {"access": access, "chase": chase, "settings": settings, "today": today}
    return render(request, "providers/flagged.html", context)
