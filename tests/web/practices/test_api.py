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


def test_the_list_comes_a_page_at_a_time():
    # the list gave every record at once
    from kansen.web.practices.api import PAGE_DEFAULT, PAGE_MAX

    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    for n in range(5):
        PracticeFactory(municipality=demostad, slug=f"p{n}", published=True)
    client = Client()
    response = client.get("/api/practices/?limit=2&offset=1")
    assert [r["address"] for r in response.json()] == [
        "/praktijken/demostad/p1/",
        "/praktijken/demostad/p2/",
    ]
    assert response["X-Total-Count"] == "5"
    assert (PAGE_DEFAULT, PAGE_MAX) == (100, 500)
    assert len(client.get("/api/practices/").json()) == 5  # within the default of 100
    too_many = client.get(f"/api/practices/?limit={PAGE_MAX + 1}")
    assert too_many.status_code == 422
    assert [e["loc"] for e in too_many.json()["detail"]] == [["query", "limit"]]
    assert client.get("/api/practices/?offset=-1").status_code == 422


def test_a_repeated_filter_keeps_each_value():
    # a repeated municipality_code silently used the last value
    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    elders = MunicipalityFactory(name="Elders", slug="elders", code="GM9998")
    derde = MunicipalityFactory(name="Derde", slug="derde", code="GM9997")
    PracticeFactory(municipality=demostad, slug="taal", support_types=["taal"], published=True)
    PracticeFactory(municipality=elders, slug="sport", support_types=["sport"], published=True)
    PracticeFactory(municipality=derde, slug="cultuur", support_types=["cultuur"], published=True)
    client = Client()

    def addresses(query: str) -> list[str]:
        return [r["address"] for r in client.get(f"/api/practices/?{query}").json()]

    assert addresses("municipality_code=GM9999&municipality_code=GM9998") == [
        "/praktijken/elders/sport/",
        "/praktijken/demostad/taal/",
    ]
    assert addresses("support_type=taal&support_type=cultuur") == [
        "/praktijken/derde/cultuur/",
        "/praktijken/demostad/taal/",
    ]
