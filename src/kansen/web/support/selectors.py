"""Every read of the support app: who sees which request (tenant isolation, the provider's
need-to-know), the waiting list, proposals, the provider's work and the shortage signals."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from kansen.web.accounts import permissions
from kansen.web.accounts.permissions import Action

from .constants import ACTIVE_MATCH_STATES, PROVIDER_STATES, MatchStatus, RequestStatus
from .models import (
    ErasedRequest,
    Match,
    MatchingRun,
    Notice,
    OfferPlaces,
    RequestView,
    SupportRequest,
    Volunteer,
)


def is_coordinator(user: Any) -> bool:
    return permissions.can(user, Action.COORDINATE_MATCHING)


def requests_of_professional(user: Any) -> QuerySet[SupportRequest]:
    """The requests a professional filed (in its own municipality)."""
    return SupportRequest.objects.filter(
        professional=user, municipality_id=user.municipality_id
    ).order_by("-filed", "reference")


def request_for(user: Any, reference: str) -> tuple[SupportRequest, str]:
    """The request, and how the user sees it: ``"full"`` (its professional, the municipality's
    coordinators) or ``"provider"`` (the matched provider after the coordinator's acceptance:
    only what it needs). Anyone else gets 404, also another municipality's coordinator."""
    request = SupportRequest.objects.filter(reference=reference).first()
    if request is None:
        raise Http404
    if permissions.can(user, Action.COORDINATE_MATCHING, request.municipality_id):
        return request, "full"
    if (
        permissions.can(user, Action.FILE_REQUESTS, request.municipality_id)
        and request.professional_id == user.pk
    ):
        return request, "full"
    if permissions.can(user, Action.ANSWER_PROPOSALS, request.municipality_id) and (
        provider_matches(user).filter(request=request).exists()
    ):
        return request, "provider"
    raise Http404


def match_for_coordinator(user: Any, pk: int) -> Match:
    match = (
        Match.objects.select_related("request", "provider")
        .filter(pk=pk, request__municipality_id=user.municipality_id)
        .first()
    )
    if match is None or not permissions.can(
        user, Action.COORDINATE_MATCHING, match.request.municipality_id
    ):
        raise Http404
    return match


def provider_matches(user: Any) -> QuerySet[Match]:
    """Matches of the user's providers that the coordinator accepted (and later states)."""
    return (
        Match.objects.filter(
            provider__members=user,
            provider__municipality_id=user.municipality_id,
            status__in=PROVIDER_STATES,
        )
        .select_related("request", "volunteer", "offer_places__offer", "provider")
        .order_by("-created_at", "-pk")
    )


def match_for_provider(user: Any, pk: int) -> Match:
    match = provider_matches(user).filter(pk=pk).first()
    if match is None:
        raise Http404
    return match


def volunteers_of(user: Any) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(
        provider__members=user, municipality_id=user.municipality_id
    ).select_related("provider")


def volunteer_for(user: Any, pk: int) -> Volunteer:
    volunteer = volunteers_of(user).filter(pk=pk).first()
    if volunteer is None:
        raise Http404
    return volunteer


def offers_of(user: Any) -> list[Any]:
    from kansen.web.directory.models import Offer

    return list(
        Offer.objects.filter(
            provider__members=user, municipality_id=user.municipality_id
        ).select_related("provider", "places")
    )


def offer_places_for(user: Any, pk: int) -> tuple[Any, OfferPlaces | None]:
    offer = next((o for o in offers_of(user) if o.pk == pk), None)
    if offer is None:
        raise Http404
    return offer, OfferPlaces.objects.filter(offer=offer).first()


@dataclass(frozen=True)
class WaitingRow:
    request: SupportRequest
    days: int
    reason: list[Any] | None  # [code, params] of the last run


def waiting_list(
    municipality_id: int, *, on: date, need: str = "", pc4: str = ""
) -> list[WaitingRow]:
    """Waiting requests (no match in hand), longest waiting first, with the last run's reason."""
    requests = (
        SupportRequest.objects.filter(municipality_id=municipality_id, status=RequestStatus.WAITING)
        .exclude(matches__status__in=ACTIVE_MATCH_STATES)
        .order_by("filed", "reference")
    )
    if pc4:
        requests = requests.filter(pc4=pc4)
    run = last_run(municipality_id)
    reasons = run.waiting_reasons if run else {}
    return [
        WaitingRow(r, (on - r.filed).days, reasons.get(r.reference))
        for r in requests
        if not need or need in r.needs
    ]


def last_run(municipality_id: int) -> MatchingRun | None:
    return MatchingRun.objects.filter(municipality_id=municipality_id).first()


def proposals(municipality_id: int) -> QuerySet[Match]:
    return (
        Match.objects.filter(request__municipality_id=municipality_id, status=MatchStatus.PROPOSED)
        .select_related("request", "volunteer", "offer_places__offer", "provider")
        .order_by("-priority", "request__filed", "request__reference")
    )


def in_progress(municipality_id: int) -> QuerySet[Match]:
    """Accepted, confirmed and running matches, for the coordinator."""
    return (
        Match.objects.filter(
            request__municipality_id=municipality_id,
            status__in=(MatchStatus.ACCEPTED, MatchStatus.CONFIRMED, MatchStatus.RUNNING),
        )
        .select_related("request", "volunteer", "offer_places__offer", "provider")
        .order_by("evaluation_on", "request__reference")
    )


def history(request: SupportRequest) -> list[Any]:
    return [
        (match, list(match.events.select_related("by")))
        for match in request.matches.select_related(
            "volunteer", "offer_places__offer", "provider"
        ).order_by("created_at", "pk")
    ]


def views_of(request: SupportRequest) -> QuerySet[RequestView]:
    return request.views.select_related("user")[:50]


def notices(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user)[:100]


def unread_notices(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read=False).count()


# --- Shortage signals -------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortage:
    waiting: list[tuple[str, str, int, int]]  # need, pc4, requests waiting, median days
    unused: list[tuple[str, int, int]]  # support type, units with places left, places left
    months: list[tuple[date, int, float]]  # month matched, requests matched, median days
    waiting_total: int


def shortage(municipality_id: int, *, on: date) -> Shortage:
    """Demand that waits per need and neighbourhood (PC4), supply that sits unused, and the
    median days from filing to match per month (erased requests included, anonymously)."""
    days: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    rows = waiting_list(municipality_id, on=on)
    for row in rows:
        for need in row.request.needs:
            days[(need, row.request.pc4)].append(row.days)
    waiting = [
        (need, pc4, len(values), int(statistics.median_low(values)))
        for (need, pc4), values in sorted(days.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    taken: Counter[tuple[str, int]] = Counter()
    for match in Match.objects.filter(
        request__municipality_id=municipality_id, status__in=ACTIVE_MATCH_STATES
    ).values_list("volunteer_id", "offer_places_id"):
        if match[0]:
            taken[("v", match[0])] += 1
        elif match[1]:
            taken[("o", match[1])] += 1
    units: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for volunteer in Volunteer.objects.filter(municipality_id=municipality_id):
        free = volunteer.max_children - taken[("v", volunteer.pk)]
        if free > 0 and (volunteer.available_until is None or volunteer.available_until >= on):
            for kind in volunteer.support_types:
                units[kind] += 1
                places[kind] += free
    for unit in OfferPlaces.objects.filter(offer__municipality_id=municipality_id).select_related(
        "offer"
    ):
        free = unit.places - taken[("o", unit.pk)]
        if free > 0:
            for kind in unit.offer.support_types:
                units[kind] += 1
                places[kind] += free
    unused = [(kind, units[kind], places[kind]) for kind in sorted(units)]
    per_month: defaultdict[date, list[int]] = defaultdict(list)
    for filed, matched in SupportRequest.objects.filter(
        municipality_id=municipality_id, matched_on__isnull=False
    ).values_list("filed", "matched_on"):
        if matched is not None:
            per_month[matched.replace(day=1)].append((matched - filed).days)
    for month, value in ErasedRequest.objects.filter(
        municipality_id=municipality_id, matched_month__isnull=False
    ).values_list("matched_month", "days_to_match"):
        if month is not None and value is not None:
            per_month[month].append(int(value))
    months = [
        (month, len(values), float(statistics.median(values)))
        for month, values in sorted(per_month.items())
    ]
    return Shortage(waiting, unused, months, len(rows))


# --- Shortage per neighbourhood (the map layer) -----------------------------------------------

#: Classes of the map: requests waiting in a neighbourhood (lower bound, colour); fixed, so the
#: colours mean the same from month to month. A sequential palette readable in grey and by the
#: colour-blind (ColorBrewer YlOrRd); no waiting at all is a light grey.
WAITING_CLASSES: tuple[tuple[int, str], ...] = (
    (0, "#f4f4f5"),
    (1, "#fed976"),
    (3, "#fd8d3c"),
    (6, "#e31a1c"),
    (11, "#800026"),
)
#: The reason code of a request filed after the last run (no binding reason yet).
NOT_RUN = "waiting.not_run"


def waiting_colour(count: int) -> str:
    colour = WAITING_CLASSES[0][1]
    for lower, fill in WAITING_CLASSES:
        if count >= lower:
            colour = fill
    return colour


@dataclass(frozen=True)
class NeighbourhoodShortage:
    code: str
    name: str
    geometry: Any  # GeoJSON in EPSG:4326, or None
    waiting: int
    median_days: int | None
    reasons: list[tuple[str, int]]  # waiting reason code, requests; most first


@dataclass(frozen=True)
class ShortageMap:
    year: int | None
    neighbourhoods: list[NeighbourhoodShortage]  # every neighbourhood, most waiting first
    unplaced: int  # waiting requests whose postcode area has no centre or no neighbourhood


def neighbourhoods_of(municipality: Any) -> tuple[int | None, list[Any]]:
    """The municipality's neighbourhoods (buurten) of the latest year, by code."""
    from kansen.web.areas.constants import AreaLevel
    from kansen.web.areas.models import Area

    areas = Area.objects.filter(
        municipality_code=municipality.code, level=AreaLevel.NEIGHBOURHOOD
    ).order_by("-year")
    year = areas.values_list("year", flat=True).first()
    found = list(areas.filter(year=year).order_by("code")) if year is not None else []
    return (int(year) if year is not None else None), found


def pc4_neighbourhoods(areas: list[Any], pc4s: Iterable[str]) -> dict[str, Any]:
    """Postcode area -> the neighbourhood whose inside point is nearest its centre (both
    EPSG:28992; ties: the lowest code), as for the deprivation score. A PC4 without a centre,
    or no neighbourhoods with a point: not in the result."""
    from kansen.web.directory.models import PostcodeArea

    points = [
        (a, float(a.point_x), float(a.point_y))
        for a in areas
        if a.point_x is not None and a.point_y is not None
    ]
    if not points:
        return {}
    found: dict[str, Any] = {}
    for code, x, y in PostcodeArea.objects.filter(code__in=set(pc4s)).values_list("code", "x", "y"):
        best = min(points, key=lambda p: ((p[1] - x) ** 2 + (p[2] - y) ** 2, p[0].code))
        found[code] = best[0]
    return found


def shortage_map(municipality: Any, *, on: date) -> ShortageMap:
    """Where requests wait and why, per neighbourhood (buurt) of the latest year.

    A request's postcode area (PC4) belongs to the neighbourhood whose inside point is nearest
    the PC4 centre (:func:`pc4_neighbourhoods`); the reason is the binding reason of the last
    matching run (``waiting.not_run`` for a request filed since). For the municipality's own
    staff only (``read_shortage``): counts, never references, so no group is hidden below a
    threshold (ADR 0024).
    """
    year, found = neighbourhoods_of(municipality)
    rows = waiting_list(municipality.pk, on=on)
    nearest = pc4_neighbourhoods(found, {r.request.pc4 for r in rows})
    days: defaultdict[str, list[int]] = defaultdict(list)
    reasons: defaultdict[str, Counter[str]] = defaultdict(Counter)
    unplaced = 0
    for row in rows:
        place = nearest.get(row.request.pc4)
        if place is None:
            unplaced += 1
            continue
        days[place.code].append(row.days)
        reasons[place.code][row.reason[0] if row.reason else NOT_RUN] += 1
    neighbourhoods = [
        NeighbourhoodShortage(
            code=a.code,
            name=a.name or a.code,
            geometry=a.geometry,
            waiting=len(days[a.code]),
            median_days=int(statistics.median_low(days[a.code])) if days[a.code] else None,
            reasons=sorted(reasons[a.code].items(), key=lambda kv: (-kv[1], kv[0])),
        )
        for a in found
    ]
    neighbourhoods.sort(key=lambda n: (-n.waiting, n.name, n.code))
    return ShortageMap(year, neighbourhoods, unplaced)
