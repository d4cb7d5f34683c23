"""Support requests in Demostad: volunteers of several providers, offers with places, and about
150 requests in every state, made with the library's synthetic instance
(:func:`kansen.matching.synthetic_instance`) and moved through their life by the services, as
the coordinator and the providers would.

- every third volunteer belongs to the provider of the demo user ``aanbieder``;
- the oldest requests were matched (back-dated to weeks after filing, so that the time to match
  has several months); a few of those ended, some are past their evaluation date;
- five requests were closed more than a year ago: the erasure at start-up removes them and
  keeps their anonymous counts;
- three were withdrawn; the rest wait, and a matching run today proposes matches for them,
  three of which the coordinator has accepted for ``aanbieder`` to confirm.

Loading is idempotent: a municipality with requests only gets the daily erasure and notices.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from kansen.demo import demo_postcode_areas
from kansen.matching import synthetic_instance
from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.directory.demo import DEMO_PROVIDER_USERNAME
from kansen.web.directory.models import Offer, Provider

from . import services
from .constants import ConsentBy, EndReason, MatchStatus, RequestStatus
from .models import Match, OfferPlaces, SupportRequest, Volunteer

N_REQUESTS = 150
N_SUPPLY = 45
_NAMES = (
    "Amira", "Bas", "Carla", "Daan", "Esra", "Fleur", "Gijs", "Hanna", "Ilias", "Joyce",
    "Karim", "Lotte", "Milan", "Nadia", "Olaf", "Priya", "Quinten", "Rosa", "Said", "Tess",
)  # fmt: skip


def load_demo_support(municipality: Municipality, today: date | None = None) -> int:
    """Load the demo's support requests unless there are some; return how many were made.
    Always runs the daily erasure and evaluation notices (the demo's start-up)."""
    today = today or timezone.localdate()
    created = 0
    if not SupportRequest.objects.filter(municipality=municipality).exists():
        with transaction.atomic():
            created = _load(municipality, today)
    services.erase_closed_requests(on=today)
    services.notify_evaluations_due(on=today)
    return created


def _load(municipality: Municipality, today: date) -> int:
    settings = services.matching_settings(municipality)
    settings.public_form = True
    settings.source = "Demostad: kansen defaults (docs/matching.md), public form open"
    settings.save()
    providers = list(Provider.objects.filter(municipality=municipality).order_by("name"))
    if not providers:
        return 0
    own = next(
        (p for p in providers if p.members.filter(username=DEMO_PROVIDER_USERNAME).exists()),
        providers[0],
    )
    others = [p for p in providers if p != own] or [own]
    pc4s = sorted(demo_postcode_areas())
    requests, supply = synthetic_instance(N_REQUESTS, N_SUPPLY, pc4s, on=today, seed=2026)
    offers = [
        o
        for o in Offer.objects.filter(municipality=municipality, is_published=True).order_by("slug")
        if o.support_types
    ]
    for i, unit in enumerate(supply):
        if unit.kind == "offer" and offers:
            offer = offers.pop(0)
            OfferPlaces.objects.create(
                offer=offer,
                places=unit.capacity,
                slots=sorted(unit.slots),
                pc4=unit.pc4,
                max_km=round(unit.max_km, 1),
            )
            continue
        provider = own if i % 3 == 0 else others[i % len(others)]
        Volunteer.objects.create(
            municipality=municipality,
            provider=provider,
            name=f"{_NAMES[i % len(_NAMES)]} ({i + 1})",
            support_types=sorted(unit.support_types),
            languages=sorted(unit.languages - {"any"} or {"nl"}),
            slots=sorted(unit.slots),
            pc4=unit.pc4,
            max_km=round(unit.max_km, 1),
            max_children=min(unit.capacity, 3),
            min_age=unit.min_age,
            max_age=unit.max_age,
        )
    professional = User.objects.filter(municipality=municipality, role=Role.PROFESSIONAL).first()
    coordinator = User.objects.filter(
        municipality=municipality, role=Role.MATCHING_COORDINATOR
    ).first()
    filed: list[SupportRequest] = []
    for i, item in enumerate(sorted(requests, key=lambda r: (r.filed, r.reference))):
        data = {
            "age": item.age,
            "pc4": item.pc4,
            "needs": sorted(item.needs),
            "languages": sorted(item.languages),
            "slots": sorted(item.slots),
            "urgency": item.urgency,
            "note": "",
            "consent_by": ConsentBy.PARENT if item.age < 16 else ConsentBy.YOUNG_PERSON,
            "consent_on": item.filed,
            "consent_for": "delen met coördinator en gekoppelde vrijwilliger of aanbod",
        }
        public = i % 10 == 9  # one in ten through the public form
        filed.append(
            services.file_request(
                municipality,
                data,
                professional=None if public or professional is None else professional,
                on=item.filed,
            )
        )
    # Five requests of more than a year ago, closed: erased at start-up.
    for k, old in enumerate(filed[:5]):
        old.filed = today - timedelta(days=480 + 7 * k)
        old.matched_on = old.filed + timedelta(days=20 + 5 * k)
        old.status = RequestStatus.CLOSED
        old.closed_on = today - timedelta(days=400)
        old.save()
    for old in filed[-3:]:
        services.withdraw_request(old, by=professional, on=today)
    # The older half of the rest: matched in earlier runs, back-dated.
    history = filed[5 : N_REQUESTS // 2]
    if coordinator is not None:
        run = services.run_matching(municipality, by=coordinator, on=today)
        handled = {r.pk for r in history}
        for match in Match.objects.filter(run=run, request_id__in=handled).select_related(
            "request"
        ):
            services.accept_match(match, by=coordinator)
            services.confirm_match(match, by=None, on=today)
            request = match.request
            days = 10 + (request.pk * 7) % 50
            request.matched_on = min(today, request.filed + timedelta(days=days))
            request.save(update_fields=["matched_on"])
            match.evaluation_on = services.add_months(request.matched_on, 2)
            match.save(update_fields=["evaluation_on"])
            if request.pk % 6 == 0:
                services.end_match(
                    match, by=None, reason=EndReason.GOAL_REACHED, on=today - timedelta(days=3)
                )
        # Today's run for those still waiting; three proposals for aanbieder to confirm.
        run = services.run_matching(municipality, by=coordinator, on=today)
        for match in Match.objects.filter(
            run=run, provider=own, status=MatchStatus.PROPOSED
        ).order_by("request__filed", "request__reference")[:3]:
            services.accept_match(match, by=coordinator)
    return len(filed)
