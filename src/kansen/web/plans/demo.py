"""The demo plans of Demostad: a published GKA-agenda and a draft execution plan.

Both are plan files in ``kansen/plans/data/`` read with :func:`kansen.plans.read_plan`, so the
demo goes through the same validation as an import. Loading is idempotent: a plan whose slug
is already there is left alone (with whatever the demo users changed in it).
"""

from __future__ import annotations

from importlib import resources

from django.db import transaction
from django.utils import timezone

from kansen.plans import plan_to_data, read_plan
from kansen.web.accounts.models import Municipality

from . import services
from .models import Plan

#: The demo files, and whether each is published.
DEMO_PLANS = (
    ("demostad_gka_agenda_2021_2024.yaml", True),
    ("demostad_uitvoeringsplan_2024_2026.yaml", False),
)


@transaction.atomic
def load_demo_plans(municipality: Municipality) -> int:
    """Load the demo plans unless they are there; return how many were created."""
    created = 0
    data_dir = resources.files("kansen.plans").joinpath("data")
    for filename, published in DEMO_PLANS:
        with resources.as_file(data_dir.joinpath(filename)) as path:
            document = read_plan(path)
        doc = plan_to_data(document)
        doc["municipality"] = municipality.name
        doc["municipality_code"] = municipality.code
        slug = services.slug_for(document.title)
        if Plan.objects.filter(municipality=municipality, slug=slug).exists():
            continue
        plan = services.create_plan(municipality, None, doc, summary="Demo")
        if published:
            services.publish(plan, None, today=timezone.localdate())
        created += 1
    return created
