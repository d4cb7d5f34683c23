"""The plans router of the API (the platform's API is to mount it at /api/plans/)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from ninja.testing import TestClient

from kansen.web.accounts.constants import Role
from kansen.web.plans import services
from kansen.web.plans.api import router

from ..factories import UserFactory
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_published_plans_for_everyone_drafts_only_for_their_municipality(agenda, lead, elders):
    client = TestClient(router)
    nobody = AnonymousUser()
    assert client.get("/", user=nobody).json() == []
    assert client.get(f"/demostad/{agenda.slug}", user=nobody).status_code == 404
    own = client.get("/", user=lead).json()
    assert [(p["slug"], p["status"]) for p in own] == [("gka-agenda-demostad", "draft")]
    stranger = UserFactory(username="x", municipality=elders, role=Role.PROGRAMME_LEAD)
    assert client.get(f"/demostad/{agenda.slug}", user=stranger).status_code == 404
    services.publish(agenda, lead, today=TODAY)
    detail = client.get(f"/demostad/{agenda.slug}", user=nobody).json()
    assert detail["status"] == "published"
    assert detail["document"]["interventions"][0]["budget"][0]["amount"] == 60000
    assert {p["code"] for p in detail["problems"]} == {"required-empty"}


def test_a_problem_in_the_api_gives_where_what_and_its_figures_only(agenda, lead):
    client = TestClient(router)
    problems = client.get(f"/demostad/{agenda.slug}", user=lead).json()["problems"]
    assert problems
    # the wording's key and parameters (kansen plan check --json) are not part of the API
    assert {tuple(p) for p in problems} == {
        ("path", "severity", "code", "message", "expected", "found")
    }
