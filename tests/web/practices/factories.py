"""Factories for the practice register: a draft record with an own level (its basis given),
and the published agenda of Demostad with its interventions (the demo's plan file, through the
plans' services)."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kansen.web.practices.constants import PracticeStatus
from kansen.web.practices.models import Practice

from ..factories import MunicipalityFactory

#: The ids of the demo agenda's interventions (kansen/plans/data/demostad_gka_agenda_2021_2024).
BRUGFUNCTIONARIS = "7d871f0f-03be-5e48-bf4f-0e9d3299c08f"
RIJKE_SCHOOLDAG = "0ad219e7-30c9-59eb-b826-f95350c3336f"


class PracticeFactory(DjangoModelFactory):
    class Meta:
        model = Practice

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"praktijk-{n}")
    title = factory.Sequence(lambda n: f"Praktijk {n}")
    aim = "Kinderen doen mee en ontwikkelen zich."
    target_group = "Kinderen van 4 tot 12 jaar en hun ouders"
    province = "utrecht"
    approach = "Wekelijkse bijeenkomsten met een vaste begeleider."
    evidence_level = "own-described"
    evidence_basis = "Beschrijving van doel en aanpak, 2025."
    contact_email = "praktijk@demostad.example"

    class Params:
        published = factory.Trait(
            status=PracticeStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )


def demo_agenda(municipality: Any, *, published: bool = True) -> Any:
    """Demostad's GKA-agenda 2021-2024 from the demo plan file, for ``municipality``."""
    from importlib import resources

    from kansen.plans import plan_to_data, read_plan
    from kansen.web.plans import services

    data_dir = resources.files("kansen.plans").joinpath("data")
    with resources.as_file(data_dir.joinpath("demostad_gka_agenda_2021_2024.yaml")) as path:
        doc = plan_to_data(read_plan(path))
    doc["municipality"] = municipality.name
    doc["municipality_code"] = municipality.code
    plan = services.create_plan(municipality, None, doc, summary="test")
    if published:
        plan = services.publish(plan, None, today=timezone.localdate())
    return plan
