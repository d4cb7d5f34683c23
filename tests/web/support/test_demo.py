"""Demostad's support requests: volunteers of several providers, offers with places, 150
requests in every state, erasure at start-up, and proposals for the demo provider."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kansen.demo import build_demostad
from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Area
from kansen.web.directory.demo import load_demo_offers
from kansen.web.regulations.services import load_demo_regulations
from kansen.web.support.demo import load_demo_support
from kansen.web.support.models import (
    ErasedRequest,
    Match,
    OfferPlaces,
    SupportRequest,
    Volunteer,
)

from ..factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


@pytest.fixture
def demostad(db):
    municipality = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    for username, role in (
        ("professional", Role.PROFESSIONAL),
        ("coordinator", Role.MATCHING_COORDINATOR),
        ("aanbieder", Role.PROVIDER),
    ):
        UserFactory(username=username, municipality=municipality, role=role)
    Area.objects.bulk_create(
        Area(
            code=b.code,
            year=2024,
            level="buurt",
            name=b.name,
            municipality_code="GM9999",
            point_x=round(b.geometry_rd.representative_point().x, 2),
            point_y=round(b.geometry_rd.representative_point().y, 2),
        )
        for b in build_demostad().buurten
    )
    load_demo_regulations(municipality)
    load_demo_offers(municipality, today=TODAY)
    return municipality


def test_the_demo_has_requests_in_every_state_and_erases_the_old_ones(demostad):
    assert load_demo_support(demostad, today=TODAY) == 150
    # five requests closed more than a year ago are erased at start-up, counted anonymously
    assert SupportRequest.objects.count() == 145
    assert ErasedRequest.objects.filter(municipality=demostad).count() == 5
    states = Counter(SupportRequest.objects.values_list("status", flat=True))
    assert set(states) == {"waiting", "matched", "closed", "withdrawn"}
    assert states["withdrawn"] == 3
    providers = set(Volunteer.objects.values_list("provider__name", flat=True))
    assert len(providers) >= 3
    assert OfferPlaces.objects.filter(offer__municipality=demostad).exists()
    matches = Counter(Match.objects.values_list("status", flat=True))
    assert matches["proposed"] > 0
    assert matches["running"] > 0
    assert matches["ended"] > 0
    accepted = Match.objects.filter(status="accepted", provider__members__username="aanbieder")
    assert accepted.count() == 3
    # some wait for weeks
    waiting = SupportRequest.objects.filter(status="waiting", filed__lte=date(2026, 11, 3))
    assert waiting.exists()
    # a second start-up adds nothing
    assert load_demo_support(demostad, today=TODAY) == 0
    assert SupportRequest.objects.count() == 145
