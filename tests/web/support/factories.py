"""Factories for the support app: requests, their supply (volunteers and offers' places), the
matches with their history, the audit log, notices and what is kept of an erased request.

Everything of one match lives in one municipality: the request's. A request is pseudonymous,
as the platform's own (a reference code, an age, a postcode area; nothing that identifies a
child). JSON fields hold what ``kansen.web.support.services`` writes there.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from kansen.web.accounts.constants import Role
from kansen.web.support.constants import (
    ConsentBy,
    MatchStatus,
    NoticeKind,
    RequestSource,
    RequestStatus,
    Urgency,
)
from kansen.web.support.models import (
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

from ..directory.factories import OfferFactory, ProviderFactory
from ..factories import MunicipalityFactory, UserFactory

FILED = datetime.date(2026, 11, 1)
RUN_ON = datetime.date(2026, 12, 1)


class MatchingSettingsFactory(DjangoModelFactory):
    class Meta:
        model = MatchingSettings
        django_get_or_create = ("municipality",)

    municipality = factory.SubFactory(MunicipalityFactory)
    public_form = False
    retention_months = 12
    trial_months = 2
    source = "kansen defaults (docs/matching.md)"


class VolunteerFactory(DjangoModelFactory):
    """A volunteer of a provider in the provider's municipality, in postcode area 3511."""

    class Meta:
        model = Volunteer

    provider = factory.SubFactory(ProviderFactory)
    municipality = factory.LazyAttribute(lambda o: o.provider.municipality)
    name = factory.Sequence(lambda n: f"Maatje {n}")
    support_types = factory.LazyFunction(lambda: ["huiswerk", "taal"])
    languages = factory.LazyFunction(lambda: ["ar", "nl"])
    slots = factory.LazyFunction(lambda: ["wo-middag"])
    pc4 = "3511"
    max_km = Decimal("5.0")
    max_children = 1
    min_age = 4
    max_age = 18


class OfferPlacesFactory(DjangoModelFactory):
    class Meta:
        model = OfferPlaces

    offer = factory.SubFactory(OfferFactory)
    places = 5
    slots = factory.LazyFunction(lambda: ["wo-middag"])
    pc4 = "3511"
    max_km = Decimal("3.0")


class SupportRequestFactory(DjangoModelFactory):
    """A waiting request filed by a professional of its municipality."""

    class Meta:
        model = SupportRequest

    municipality = factory.SubFactory(MunicipalityFactory)
    reference = factory.Sequence(lambda n: f"HV-T{n:05d}")
    source = RequestSource.PROFESSIONAL
    professional = factory.SubFactory(
        UserFactory,
        municipality=factory.SelfAttribute("..municipality"),
        role=Role.PROFESSIONAL,
    )
    age = 9
    pc4 = "3512"
    needs = factory.LazyFunction(lambda: ["taal"])
    languages = factory.LazyFunction(lambda: ["ar"])
    slots = factory.LazyFunction(lambda: ["wo-middag"])
    urgency = Urgency.HIGH
    consent_by = ConsentBy.PARENT
    consent_on = FILED
    consent_for = "delen met coördinator en vrijwilliger"
    filed = FILED
    status = RequestStatus.WAITING


class MatchingRunFactory(DjangoModelFactory):
    """A run over two requests: one proposed a match, one waiting for want of a time slot."""

    class Meta:
        model = MatchingRun

    municipality = factory.SubFactory(MunicipalityFactory)
    run_by = factory.SubFactory(
        UserFactory,
        municipality=factory.SelfAttribute("..municipality"),
        role=Role.MATCHING_COORDINATOR,
    )
    run_on = RUN_ON
    requests = 2
    matched = 1
    waiting_by_reason = factory.LazyFunction(lambda: {"waiting.no_slot": 1})
    objective = factory.LazyFunction(
        lambda: {
            "priority_served": 24,
            "needs_covered": 1,
            "waiting_days_served": 30,
            "travel_hm": 30,
        }
    )
    waiting_reasons = factory.LazyFunction(
        lambda: {"HV-WAIT01": ["waiting.no_slot", {"needs": ["taal"], "pc4": "3513"}]}
    )
    rules_source = "kansen defaults (docs/matching.md)"


class MatchFactory(DjangoModelFactory):
    """A proposal of a run: a request with a volunteer of its municipality, 3 km away."""

    class Meta:
        model = Match

    request = factory.SubFactory(SupportRequestFactory)
    volunteer = factory.SubFactory(
        VolunteerFactory,
        provider__municipality=factory.SelfAttribute("...request.municipality"),
    )
    provider = factory.LazyAttribute(lambda o: o.volunteer.provider)
    run = factory.SubFactory(
        MatchingRunFactory, municipality=factory.SelfAttribute("..request.municipality")
    )
    status = MatchStatus.PROPOSED
    reasons = factory.LazyFunction(
        lambda: [
            ["meets.distance", {"km": 3.0, "max_km": 5.0}],
            ["meets.language", {"languages": ["ar"]}],
            ["meets.slots", {"slots": ["wo-middag"]}],
        ]
    )
    needs_covered = factory.LazyFunction(lambda: ["taal"])
    distance_km = Decimal("3.0")
    priority = 24


class MatchEventFactory(DjangoModelFactory):
    class Meta:
        model = MatchEvent

    match = factory.SubFactory(MatchFactory)
    status = factory.LazyAttribute(lambda o: o.match.status)
    by = factory.SubFactory(
        UserFactory,
        municipality=factory.SelfAttribute("..match.request.municipality"),
        role=Role.MATCHING_COORDINATOR,
    )


class RequestViewFactory(DjangoModelFactory):
    """A coordinator of the request's municipality looked at its page."""

    class Meta:
        model = RequestView

    request = factory.SubFactory(SupportRequestFactory)
    user = factory.SubFactory(
        UserFactory,
        municipality=factory.SelfAttribute("..request.municipality"),
        role=Role.MATCHING_COORDINATOR,
    )
    page = "detail"


class NoticeFactory(DjangoModelFactory):
    """A coordinator's notice of a new proposal."""

    class Meta:
        model = Notice

    match = factory.SubFactory(MatchFactory)
    user = factory.SubFactory(
        UserFactory,
        municipality=factory.SelfAttribute("..match.request.municipality"),
        role=Role.MATCHING_COORDINATOR,
    )
    kind = NoticeKind.NEW_PROPOSAL
    reference = factory.LazyAttribute(lambda o: o.match.request.reference)


class ErasedRequestFactory(DjangoModelFactory):
    """What is kept of a request filed in September, matched in October and closed."""

    class Meta:
        model = ErasedRequest

    municipality = factory.SubFactory(MunicipalityFactory)
    filed_month = datetime.date(2025, 9, 1)
    matched_month = datetime.date(2025, 10, 1)
    days_to_match = 21
    outcome = RequestStatus.CLOSED
    erased_on = RUN_ON
