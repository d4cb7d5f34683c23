"""The only write path of the support app: filing, matching, the life of a match, notices,
the supply kept by providers, and erasure after the retention period."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kansen.matching import (
    MatchingRules,
    MatchResult,
    Reason,
    Supply,
    fitting_supply,
    solve_matching,
)
from kansen.matching import SupportRequest as LibraryRequest
from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.directory.models import PostcodeArea

from . import deprivation
from .constants import (
    ACTIVE_MATCH_STATES,
    MatchStatus,
    NoticeKind,
    RequestSource,
    RequestStatus,
)
from .models import (
    ErasedRequest,
    Match,
    MatchEvent,
    MatchingRun,
    MatchingSettings,
    Notice,
    OfferPlaces,
    RequestView,
    SupportRequest,
    Volunteer,
)

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clipped to the month's end (a typed door to
    ``relativedelta``)."""
    moved: date = day + relativedelta(months=months)
    return moved


def matching_settings(municipality: Municipality) -> MatchingSettings:
    found, _created = MatchingSettings.objects.get_or_create(municipality=municipality)
    return found


def new_reference() -> str:
    """A reference code like ``HV-7KQ2MX``: random, so it says nothing about the child."""
    while True:
        code = "HV-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
        if not SupportRequest.objects.filter(reference=code).exists():
            return code


def known_pc4(pc4: str) -> bool:
    return PostcodeArea.objects.filter(code=pc4).exists()


# --- Requests ---------------------------------------------------------------------------------


@transaction.atomic
def file_request(
    municipality: Municipality,
    data: dict[str, Any],
    *,
    professional: User | None,
    on: date,
) -> SupportRequest:
    """File a request (the form has checked the fields); a professional files for its own
    municipality only."""
    if professional is not None and professional.municipality_id != municipality.pk:
        raise PermissionDenied
    source = RequestSource.PROFESSIONAL if professional is not None else RequestSource.PUBLIC
    if source == RequestSource.PUBLIC and not matching_settings(municipality).public_form:
        raise PermissionDenied(_("This municipality takes requests from professionals only."))
    fields = {
        name: data[name]
        for name in (
            "age",
            "pc4",
            "needs",
            "languages",
            "slots",
            "urgency",
            "note",
            "consent_by",
            "consent_on",
            "consent_for",
        )
        if name in data
    }
    request = SupportRequest(
        municipality=municipality,
        reference=new_reference(),
        source=source,
        professional=professional,
        withdraw_token=secrets.token_urlsafe(24) if professional is None else "",
        filed=on,
        **fields,
    )
    request.needs = sorted(request.needs)
    request.languages = sorted(request.languages)
    request.slots = sorted(request.slots)
    request.full_clean()
    request.save()
    return request


def _close_active_matches(request: SupportRequest, by: User | None, note: str) -> None:
    for match in request.matches.filter(status__in=ACTIVE_MATCH_STATES):
        match.status = (
            MatchStatus.ENDED if match.status == MatchStatus.RUNNING else MatchStatus.REJECTED
        )
        match.save(update_fields=["status"])
        MatchEvent.objects.create(match=match, status=match.status, by=by, note=note)


@transaction.atomic
def withdraw_request(request: SupportRequest, *, by: User | None, on: date) -> None:
    """The family or the professional withdraws the request; it is erased after the retention
    period like a closed one."""
    if request.status in (RequestStatus.CLOSED, RequestStatus.WITHDRAWN):
        return
    _close_active_matches(request, by, _("request withdrawn"))
    request.status = RequestStatus.WITHDRAWN
    request.closed_on = on
    request.save(update_fields=["status", "closed_on"])


def withdraw_with_token(reference: str, token: str, *, on: date) -> SupportRequest | None:
    """Withdraw a publicly filed request by its link; None when the link is not right."""
    request = SupportRequest.objects.filter(
        reference=reference, source=RequestSource.PUBLIC
    ).first()
    if request is None or not request.withdraw_token:
        return None
    if not secrets.compare_digest(request.withdraw_token, token):
        return None
    withdraw_request(request, by=None, on=on)
    return request


def log_view(request: SupportRequest, user: Any, page: str) -> None:
    """The audit log: who looked at the request, when, on which page."""
    RequestView.objects.create(
        request=request, user=user if getattr(user, "is_authenticated", False) else None, page=page
    )


# --- Supply -----------------------------------------------------------------------------------


def save_volunteer(volunteer: Volunteer, *, by: User) -> Volunteer:
    """Add or change a volunteer of one of the user's providers."""
    if not by.is_superuser and not by.providers.filter(pk=volunteer.provider_id).exists():
        raise PermissionDenied
    volunteer.municipality_id = volunteer.provider.municipality_id
    volunteer.support_types = sorted(volunteer.support_types)
    volunteer.languages = sorted(volunteer.languages)
    volunteer.slots = sorted(volunteer.slots)
    volunteer.full_clean()
    volunteer.save()
    return volunteer


def save_offer_places(places: OfferPlaces, *, by: User) -> OfferPlaces:
    """Set the places of an offer of one of the user's providers."""
    provider_id = places.offer.provider_id
    if not by.is_superuser and not by.providers.filter(pk=provider_id).exists():
        raise PermissionDenied
    places.slots = sorted(places.slots)
    places.full_clean()
    places.save()
    return places


# --- Matching ---------------------------------------------------------------------------------


def rules_for(municipality: Municipality) -> MatchingRules:
    settings = matching_settings(municipality)
    return MatchingRules(source=settings.source)


def pc4_points() -> dict[str, tuple[float, float]]:
    return {code: (x, y) for code, x, y in PostcodeArea.objects.values_list("code", "x", "y")}


def _waiting_requests(municipality: Municipality) -> list[SupportRequest]:
    """Waiting requests without a match beyond a proposal: a run reconsiders open proposals."""
    held = [s for s in ACTIVE_MATCH_STATES if s != MatchStatus.PROPOSED]
    return list(
        SupportRequest.objects.filter(municipality=municipality, status=RequestStatus.WAITING)
        .exclude(matches__status__in=held)
        .order_by("filed", "reference")
    )


def _taken(kind: str, *, excluding: Iterable[int] = ()) -> dict[int, int]:
    field = "volunteer" if kind == "volunteer" else "offer_places"
    rows = (
        Match.objects.filter(status__in=ACTIVE_MATCH_STATES, **{f"{field}__isnull": False})
        .exclude(pk__in=list(excluding))
        .values(field)
        .annotate(n=Count("pk"))
    )
    return {row[field]: row["n"] for row in rows}


def supply_units(municipality: Municipality, *, on: date) -> dict[str, Volunteer | OfferPlaces]:
    """The supply of the municipality by the matching's id (``v12``, ``o3``)."""
    units: dict[str, Volunteer | OfferPlaces] = {}
    for volunteer in Volunteer.objects.filter(municipality=municipality).select_related("provider"):
        units[f"v{volunteer.pk}"] = volunteer
    for places in OfferPlaces.objects.filter(offer__municipality=municipality).select_related(
        "offer__provider"
    ):
        units[f"o{places.pk}"] = places
    return units


def library_supply(
    units: dict[str, Volunteer | OfferPlaces], *, released: Iterable[int] = ()
) -> list[Supply]:
    """The units with their places still free; ``released``: matches whose places count as
    free (the open proposals a new run reconsiders)."""
    released = list(released)
    taken_v = _taken("volunteer", excluding=released)
    taken_o = _taken("offer", excluding=released)
    supply = []
    for key, unit in units.items():
        if isinstance(unit, Volunteer):
            free = unit.max_children - taken_v.get(unit.pk, 0)
            supply.append(
                Supply(
                    id=key,
                    kind="volunteer",
                    provider=unit.provider.name,
                    support_types=frozenset(unit.support_types),
                    languages=frozenset(unit.languages),
                    slots=frozenset(unit.slots),
                    pc4=unit.pc4,
                    max_km=float(unit.max_km),
                    capacity=max(free, 0),
                    min_age=unit.min_age,
                    max_age=unit.max_age,
                    available_from=unit.available_from,
                    available_until=unit.available_until,
                )
            )
        else:
            offer = unit.offer
            free = unit.places - taken_o.get(unit.pk, 0)
            supply.append(
                Supply(
                    id=key,
                    kind="offer",
                    provider=offer.provider.name,
                    support_types=frozenset(offer.support_types),
                    languages=frozenset(offer.languages or ["any"]),
                    slots=frozenset(unit.slots),
                    pc4=unit.pc4,
                    max_km=float(unit.max_km),
                    capacity=max(free, 0),
                    min_age=offer.age_min if offer.age_min is not None else 0,
                    max_age=min(offer.age_max if offer.age_max is not None else 23, 23),
                )
            )
    return supply


def library_requests(
    requests: Sequence[SupportRequest], scores: dict[str, float]
) -> list[LibraryRequest]:
    return [
        LibraryRequest(
            reference=r.reference,
            age=r.age,
            pc4=r.pc4,
            needs=frozenset(r.needs),
            languages=frozenset(r.languages),
            slots=frozenset(r.slots),
            filed=r.filed,
            urgency=r.urgency,
            deprivation=scores.get(r.pc4),
        )
        for r in requests
    ]


def reason_json(reason: Reason) -> list[Any]:
    """A Reason as JSON ([code, params]); tuples become lists."""
    return [
        reason.code,
        {
            k: list(v) if isinstance(v, tuple | frozenset | set) else v
            for k, v in reason.params.items()
        },
    ]


def _solve(
    municipality: Municipality,
    requests: Sequence[SupportRequest],
    units: dict[str, Volunteer | OfferPlaces],
    *,
    user: Any,
    on: date,
    released: Iterable[int] = (),
    excluded: Iterable[tuple[str, str]] = (),
) -> MatchResult:
    points = pc4_points()
    requests = [r for r in requests if r.pc4 in points]
    scores = deprivation.pc4_scores(
        [r.pc4 for r in requests], points, deprivation.area_scores(user, municipality)
    )
    supply = [s for s in library_supply(units, released=released) if s.pc4 in points]
    return solve_matching(
        library_requests(requests, scores),
        supply,
        points,
        on=on,
        rules=rules_for(municipality),
        excluded=set(excluded),
    )


def refused_pairs(requests: Sequence[SupportRequest]) -> set[tuple[str, str]]:
    """(reference, unit key) of the matches the coordinator rejected or the provider declined:
    a run does not propose them again (a superseded proposal was only replaced, not refused)."""
    rows = Match.objects.filter(
        request__in=list(requests), status__in=(MatchStatus.REJECTED, MatchStatus.DECLINED)
    ).values_list("request__reference", "volunteer_id", "offer_places_id")
    return {
        (reference, f"v{volunteer}" if volunteer else f"o{places}")
        for reference, volunteer, places in rows
        if volunteer or places
    }


def _match_for(
    request: SupportRequest,
    unit: Volunteer | OfferPlaces,
    *,
    status: MatchStatus,
    run: MatchingRun | None,
    reasons: list[Any],
    needs: Iterable[str],
    distance_km: float,
    priority: int,
    by: User | None,
) -> Match:
    match = Match.objects.create(
        request=request,
        volunteer=unit if isinstance(unit, Volunteer) else None,
        offer_places=unit if isinstance(unit, OfferPlaces) else None,
        provider=unit.provider if isinstance(unit, Volunteer) else unit.offer.provider,
        run=run,
        status=status,
        reasons=reasons,
        needs_covered=sorted(needs),
        distance_km=Decimal(str(distance_km)),
        priority=priority,
    )
    MatchEvent.objects.create(match=match, status=status, by=by)
    return match


def _unit_key(match: Match) -> str:
    return f"v{match.volunteer_id}" if match.volunteer_id else f"o{match.offer_places_id}"


@transaction.atomic
def run_matching(municipality: Municipality, *, by: User, on: date) -> MatchingRun:
    """Propose matches for every waiting request with ``kansen.matching.solve_matching``.

    Open proposals of an earlier run (not yet accepted or rejected) are reconsidered with
    today's requests and supply, never deleted: a proposal the new run makes again stays as it
    is (with today's reasons), one it does not make is closed as *superseded*, a step in the
    request's history (who ran, when). Accepted matches keep their places.
    """
    previous = list(
        Match.objects.filter(request__municipality=municipality, status=MatchStatus.PROPOSED)
    )
    requests = _waiting_requests(municipality)
    units = supply_units(municipality, on=on)
    result = _solve(
        municipality,
        requests,
        units,
        user=by,
        on=on,
        released=[m.pk for m in previous],
        excluded=refused_pairs(requests),
    )
    run = MatchingRun.objects.create(
        municipality=municipality,
        run_by=by,
        run_on=on,
        requests=len(requests),
        matched=len(result.proposals),
        waiting_by_reason=dict(sorted(result.waiting_by_reason().items())),
        objective={
            "priority_served": result.objective.priority_served,
            "needs_covered": result.objective.needs_covered,
            "waiting_days_served": result.objective.waiting_days_served,
            "travel_hm": result.objective.travel_hm,
        },
        waiting_reasons={w.reference: reason_json(w.reason) for w in result.waiting},
        rules_source=rules_for(municipality).source,
    )
    by_reference = {r.reference: r for r in requests}
    open_proposals = {(m.request_id, _unit_key(m)): m for m in previous}
    for proposal in result.proposals:
        request = by_reference[proposal.reference]
        same = open_proposals.pop((request.pk, proposal.supply_id), None)
        if same is not None:  # proposed again: the coordinator's list does not change under it
            same.run = run
            same.reasons = [reason_json(r) for r in proposal.reasons]
            same.needs_covered = sorted(proposal.needs_covered)
            same.distance_km = Decimal(str(proposal.distance_km))
            same.priority = proposal.priority
            same.save()
            continue
        _match_for(
            request,
            units[proposal.supply_id],
            status=MatchStatus.PROPOSED,
            run=run,
            reasons=[reason_json(r) for r in proposal.reasons],
            needs=proposal.needs_covered,
            distance_km=proposal.distance_km,
            priority=proposal.priority,
            by=by,
        )
    note = _("replaced by the matching run of %(date)s") % {"date": on.isoformat()}
    for old in open_proposals.values():
        _step(old, MatchStatus.SUPERSEDED, by, note)
    return run


def _require_state(match: Match, *states: MatchStatus) -> None:
    if match.status not in states:
        raise ValidationError(
            _("This match is %(status)s; that step is not possible now.")
            % {"status": match.get_status_display()}
        )


def _step(match: Match, status: MatchStatus, by: User | None, note: str = "") -> None:
    match.status = status
    match.save()
    MatchEvent.objects.create(match=match, status=status, by=by, note=note)


@transaction.atomic
def accept_match(match: Match, *, by: User | None) -> None:
    """The coordinator accepts a proposal: the provider gets it to confirm."""
    _require_state(match, MatchStatus.PROPOSED)
    _step(match, MatchStatus.ACCEPTED, by)
    notify(provider_users(match), NoticeKind.NEW_PROPOSAL, match)


@transaction.atomic
def reject_match(match: Match, *, by: User, reason: str) -> None:
    """The coordinator rejects a proposal; the request stays on the list as it was."""
    _require_state(match, MatchStatus.PROPOSED, MatchStatus.ACCEPTED)
    _step(match, MatchStatus.REJECTED, by, reason)


@dataclass(frozen=True)
class ChangeRefused(Exception):
    """The chosen supply does not fit the request: the reason (a waiting reason)."""

    reason: Reason


def fitting_units(
    match: Match, *, on: date
) -> list[tuple[str, Volunteer | OfferPlaces, int, float]]:
    """The other units that could take the match's request instead, best first (most needs
    covered, then nearest): every hard constraint met, with a place left (the match's own
    place counts free). Each as (key, unit, needs covered, km)."""
    request = match.request
    units = supply_units(request.municipality, on=on)
    points = pc4_points()
    if request.pc4 not in points:
        return []
    supply = [
        s
        for s in library_supply(units, released=[match.pk])
        if s.pc4 in points and units[s.id] not in (match.volunteer, match.offer_places)
    ]
    found = fitting_supply(
        library_requests([request], {})[0],
        supply,
        points,
        on=on,
        rules=rules_for(request.municipality),
    )
    return [(key, units[key], covered, km) for key, covered, km in found]


@transaction.atomic
def change_match(match: Match, unit_key: str, *, by: User, on: date) -> Match:
    """The coordinator gives the request to another supply unit instead: only one that meets
    every hard constraint (checked by the matching itself); accepted at once."""
    _require_state(match, MatchStatus.PROPOSED)
    municipality = match.request.municipality
    units = supply_units(municipality, on=on)
    if unit_key not in units:
        raise ValidationError(_("Choose a volunteer or offer of this municipality."))
    result = _solve(municipality, [match.request], {unit_key: units[unit_key]}, user=by, on=on)
    if not result.proposals:
        raise ChangeRefused(result.waiting[0].reason)
    proposal = result.proposals[0]
    _step(match, MatchStatus.REJECTED, by, _("changed by the coordinator"))
    new = _match_for(
        match.request,
        units[unit_key],
        status=MatchStatus.PROPOSED,
        run=match.run,
        reasons=[reason_json(r) for r in proposal.reasons],
        needs=proposal.needs_covered,
        distance_km=proposal.distance_km,
        priority=proposal.priority,
        by=by,
    )
    accept_match(new, by=by)
    return new


def _provider_may(match: Match, by: User | None) -> None:
    """Only a member of the match's provider answers it (None: the demo's loader)."""
    if by is None:
        return
    if not by.is_superuser and not by.providers.filter(pk=match.provider_id).exists():
        raise PermissionDenied


@transaction.atomic
def confirm_match(match: Match, *, by: User | None, on: date) -> None:
    """The provider confirms: the match runs, with an evaluation after the trial period."""
    _provider_may(match, by)
    _require_state(match, MatchStatus.ACCEPTED)
    _step(match, MatchStatus.CONFIRMED, by)
    trial = matching_settings(match.request.municipality).trial_months
    match.evaluation_on = add_months(on, trial)
    _step(match, MatchStatus.RUNNING, by)
    request = match.request
    request.status = RequestStatus.MATCHED
    request.matched_on = on
    request.save(update_fields=["status", "matched_on"])
    notify(coordinators(match) + professional_of(match), NoticeKind.ACCEPTED, match)


@transaction.atomic
def decline_match(match: Match, *, by: User, reason: str) -> None:
    """The provider declines with a reason: the request goes back on the list, with its
    original date (its waiting time is kept)."""
    _provider_may(match, by)
    _require_state(match, MatchStatus.ACCEPTED)
    match.decline_reason = reason
    _step(match, MatchStatus.DECLINED, by, reason)
    notify(coordinators(match) + professional_of(match), NoticeKind.DECLINED, match)


@transaction.atomic
def end_match(match: Match, *, by: User | None, reason: str, on: date) -> None:
    """A running match ends with a reason (provider or coordinator); the request is closed."""
    _require_state(match, MatchStatus.RUNNING)
    match.end_reason = reason
    _step(match, MatchStatus.ENDED, by, reason)
    request = match.request
    request.status = RequestStatus.CLOSED
    request.closed_on = on
    request.save(update_fields=["status", "closed_on"])


# --- Notices ----------------------------------------------------------------------------------


def provider_users(match: Match) -> list[User]:
    return list(match.provider.members.filter(is_active=True))


def coordinators(match: Match) -> list[User]:
    return list(
        User.objects.filter(
            municipality_id=match.request.municipality_id,
            role=Role.MATCHING_COORDINATOR,
            is_active=True,
        )
    )


def professional_of(match: Match) -> list[User]:
    professional = match.request.professional
    return [professional] if professional is not None and professional.is_active else []


def notify(users: Iterable[User], kind: NoticeKind, match: Match) -> None:
    """A notice in the platform and an e-mail (Django's mail backend) to each user, once."""
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        Notice.objects.create(user=user, kind=kind, match=match, reference=match.request.reference)
        if not user.email:
            continue
        with translation.override("nl"):
            subject = f"{NoticeKind(kind).label}: {match.request.reference}"
            body = render_to_string(
                "support/notice_email.txt", {"kind": kind, "match": match, "user": user}
            )
        send_mail(
            subject,
            body,
            getattr(django_settings, "DEFAULT_FROM_EMAIL", None),
            [user.email],
        )


def notify_evaluations_due(*, on: date) -> int:
    """Notices for running matches whose evaluation date has come (once per match)."""
    due = Match.objects.filter(
        status=MatchStatus.RUNNING, evaluation_on__lte=on, evaluation_notified=False
    ).select_related("request", "provider")
    count = 0
    for match in due:
        notify(
            coordinators(match) + provider_users(match) + professional_of(match),
            NoticeKind.EVALUATION_DUE,
            match,
        )
        match.evaluation_notified = True
        match.save(update_fields=["evaluation_notified"])
        count += 1
    return count


# --- Retention --------------------------------------------------------------------------------


def _month(day: date | None) -> date | None:
    return day.replace(day=1) if day else None


def erase_date(request: SupportRequest) -> date | None:
    """The day a closed or withdrawn request is erased (None while it is open)."""
    if request.closed_on is None:
        return None
    return add_months(request.closed_on, matching_settings(request.municipality).retention_months)


@transaction.atomic
def erase_closed_requests(*, on: date) -> int:
    """Erase closed and withdrawn requests whose retention period has passed (per
    municipality, default 12 months after closing), with their matches, history and view log;
    an anonymous row per request stays for the statistics."""
    erased = 0
    closed = SupportRequest.objects.filter(
        status__in=(RequestStatus.CLOSED, RequestStatus.WITHDRAWN), closed_on__isnull=False
    ).select_related("municipality")
    months: dict[int, int] = {}
    for request in closed:
        if request.municipality_id not in months:
            months[request.municipality_id] = matching_settings(
                request.municipality
            ).retention_months
        assert request.closed_on is not None
        if add_months(request.closed_on, months[request.municipality_id]) > on:
            continue
        ErasedRequest.objects.create(
            municipality_id=request.municipality_id,
            filed_month=request.filed.replace(day=1),
            matched_month=_month(request.matched_on),
            days_to_match=(request.matched_on - request.filed).days if request.matched_on else None,
            outcome=request.status,
            erased_on=on,
        )
        request.delete()
        erased += 1
    return erased


def mark_notices_read(user: User) -> None:
    Notice.objects.filter(user=user, read=False).update(read=True)
