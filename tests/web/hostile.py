"""Demostad with hostile names, loaded through the platform's own importers.

Every text a user can bring in a file (area names in the GeoJSON, indicator names and units in
the values CSV and its metadata, school names, offer titles and texts in the offers import, the
title and names of a plan import, provider names) carries a script payload, and starts with a
character that a spreadsheet runs as a formula. The browser test (tests/browser/test_xss.py)
opens every page that shows them; the export test (tests/web/test_export_injection.py) opens
every export.
"""

from __future__ import annotations

import dataclasses
import io
import json
from typing import Any
from unittest import mock

from django.test import Client

from kansen.demo import build_demostad
from kansen.demo._model import Demostad
from kansen.offers import demo_directory, write_offers_table
from kansen.web.accounts.models import User
from kansen.web.core import demo as core_demo
from kansen.web.directory.models import Provider
from kansen.web.plans.models import Plan

#: Script payloads, each behind a formula start (=, @, +, -): names are shown in pages, map
#: tooltips and popups, and written to CSV and Excel.
PAYLOADS = (
    '=HYPERLINK("http://evil.example/","<img src=x onerror=window.__xss=1>")',
    '@SUM(1)"><script>window.__xss=1</script>',
    "+<svg onload=window.__xss=1>",
    '-"><img src=x onerror=window.__xss=1>',
)
#: A unit cannot hold parentheses (the values CSV reads "name (unit)").
UNIT_PAYLOAD = "<img src=x onerror=window.__xss=1>"
FORMULA_STARTS = ("=", "+", "-", "@")


def hostile(text: str, index: int) -> str:
    return f"{PAYLOADS[index % len(PAYLOADS)]} {text}"


def hostile_demostad(seed: int = 2026) -> Demostad:
    demo = build_demostad(seed=seed)
    areas = [
        dataclasses.replace(area, name=hostile(area.name, i)) for i, area in enumerate(demo.areas)
    ]
    indicators = [
        dataclasses.replace(
            indicator,
            name_nl=hostile(indicator.name_nl, i),
            unit=f"{indicator.unit} {UNIT_PAYLOAD}" if i % 2 else indicator.unit,
        )
        for i, indicator in enumerate(demo.indicators)
    ]
    schools = [
        dataclasses.replace(school, name=hostile(school.name, i))
        for i, school in enumerate(demo.schools)
    ]
    return dataclasses.replace(demo, areas=areas, indicators=indicators, schools=schools)


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def load_hostile_demo() -> dict[str, Any]:
    """Load Demostad with hostile names; returns what a test needs to find them again."""
    # The kansenkaart table carries area codes and figures, no names: left out here.
    with (
        mock.patch.object(core_demo, "build_demostad", hostile_demostad),
        mock.patch.object(core_demo, "_load_opportunity", return_value=None),
    ):
        result = core_demo.load_demo()
    municipality = result.municipality

    # Providers are named in the admin; their offers come in through the offers import.
    for i, provider in enumerate(Provider.objects.filter(municipality=municipality)):
        provider.name = hostile(provider.name, i)
        provider.save()
    offers = [
        dataclasses.replace(
            offer,
            title=hostile(offer.title, i),
            summary=hostile(offer.summary, i + 1) if offer.summary else offer.summary,
            description=hostile(offer.description, i + 2)
            if offer.description
            else offer.description,
        )
        for i, offer in enumerate(demo_directory().offers)
    ]
    upload = io.BytesIO(write_offers_table(offers, "csv"))
    upload.name = "aanbod.csv"
    response = login("beheerder").post("/aanbieders/gemeente/import/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]

    # A plan import with a hostile title and names of its parts.
    source = Plan.objects.filter(municipality=municipality).order_by("pk").first()
    assert source is not None
    document = json.loads(json.dumps(source.document))
    document["title"] = hostile("Plan", 0)
    _rename_parts(document)
    upload = io.BytesIO(json.dumps(document).encode("utf-8"))
    upload.name = "plan.json"
    response = login("projectleider").post("/plannen/importeren/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get(municipality=municipality, document__title=document["title"])
    return {"municipality": municipality, "plan": plan, "offers": offers}


def _rename_parts(node: Any, depth: int = 0) -> None:
    """Every "name" in the plan document (action lines, themes, interventions ...) hostile."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "name" and isinstance(value, str) and value:
                node[key] = hostile(value, depth)
            else:
                _rename_parts(value, depth + 1)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _rename_parts(item, depth + i)
