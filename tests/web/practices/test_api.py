"""The practices in the public API: published records for everyone with their licence, a
withdrawn one at its address marked so, a draft not there."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.web.practices.constants import PracticeStatus

from ..factories import MunicipalityFactory
from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_the_api_gives_published_records_and_hides_drafts():
    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    elders = MunicipalityFactory(name="Elders", slug="elders", code="GM9998")
    PracticeFactory(municipality=demostad, slug="taal", support_types=["taal"], published=True)
    PracticeFactory(municipality=elders, slug="sport", support_types=["sport"], published=True)
    PracticeFactory(municipality=demostad, slug="concept")
    PracticeFactory(municipality=elders, slug="oud", status=PracticeStatus.WITHDRAWN)
    client = Client()
    every = client.get("/api/practices/").json()
    assert [(r["municipality_code"], r["address"], r["licence"]) for r in every] == [
        ("GM9998", "/praktijken/elders/sport/", "CC BY 4.0"),
        ("GM9999", "/praktijken/demostad/taal/", "CC BY 4.0"),
    ]
    assert [r["address"] for r in client.get("/api/practices/?support_type=taal").json()] == [
        "/praktijken/demostad/taal/"
    ]
    assert client.get("/api/practices/?municipality_code=GM9998").json()[0]["title"]
    assert client.get("/api/practices/?evidence_level=nji-effectief-sterke").json() == []
    assert client.get("/api/practices/elders/oud").json()["status"] == "withdrawn"
    assert client.get("/api/practices/demostad/concept").status_code == 404
