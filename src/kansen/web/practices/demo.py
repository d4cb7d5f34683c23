"""Demostad's practice records for the demo: two from the interventions of its published
GKA-agenda (own levels, cost from the plan's budget lines), one recognised by the NJi databank
(with the entry's name, address and date), and a draft. Made through the services, as a
programme lead would; loading is idempotent (a municipality with records is left alone).

Three of the demo's fictional peer municipalities (the key figures of ``kansen.demo``, codes
GM9901-GM9903) publish two records each, so the register has more than one municipality and
the national view has approaches shared by several.

The records are demo data: the municipalities and their figures are made up. The recognised one
names a real databank entry so the link can be followed; its level is the lowest level of the
NJi scheme ("goed onderbouwd"), so the demo never claims more than the databank says.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from kansen.web.accounts.models import Municipality
from kansen.web.plans.models import Plan, PlanKind, PlanStatus

from . import selectors, services
from .models import Practice

#: The interventions of the demo agenda (kansen/plans/data/demostad_gka_agenda_2021_2024.yaml).
BRUGFUNCTIONARIS = "7d871f0f-03be-5e48-bf4f-0e9d3299c08f"
RIJKE_SCHOOLDAG = "0ad219e7-30c9-59eb-b826-f95350c3336f"


def _from_plan(plan: Plan, item: str, **fields: Any) -> dict[str, Any]:
    data = selectors.initial_from_intervention(plan, item)
    data["neighbourhoods"] = [c.strip() for c in data["neighbourhoods"].split(",") if c.strip()]
    data["schools"] = [c.strip() for c in data["schools"].split(",") if c.strip()]
    return {**data, "plan": plan, "intervention_uuid": item, **fields}


def _records(plan: Plan | None) -> list[tuple[dict[str, Any], bool]]:
    records: list[tuple[dict[str, Any], bool]] = []
    if plan is not None:
        records.append(
            (
                _from_plan(
                    plan,
                    BRUGFUNCTIONARIS,
                    support_types=["opvoeding", "geldzaken"],
                    audiences=["ouder"],
                    age_min=4,
                    age_max=12,
                    province="utrecht",
                    working_elements=(
                        "Een vast gezicht op school; laagdrempelig (geen afspraak, geen "
                        "wachttijd); de brugfunctionaris brengt ouders zelf naar regelingen en "
                        "aanbod in de wijk."
                    ),
                    children_reached=240,
                    result_summary=(
                        "240 gezinnen bereikt in schooljaar 2022-2023; 7 van de 10 vonden een "
                        "regeling die ze nog niet gebruikten (eigen registratie)."
                    ),
                    evidence_level="own-first-results",
                    evidence_basis=(
                        "Registratie van bereikte gezinnen en doorverwijzingen 2022-2023, en een "
                        "evaluatie met ouders en scholen in 2023. Geen vergelijkingsgroep."
                    ),
                ),
                True,
            )
        )
        records.append(
            (
                _from_plan(
                    plan,
                    RIJKE_SCHOOLDAG,
                    support_types=["talentontwikkeling", "sport", "cultuur"],
                    audiences=["kind"],
                    age_min=8,
                    age_max=12,
                    province="utrecht",
                    working_elements=(
                        "Activiteiten op school, direct na de lessen; vakdocenten van "
                        "verenigingen; gratis voor de ouders."
                    ),
                    children_reached=180,
                    evidence_level="own-theory-of-change",
                    evidence_basis=(
                        "Veranderingstheorie opgesteld met scholen en partners (2022): meer "
                        "brede ontwikkeling door een verlengde schooldag."
                    ),
                ),
                True,
            )
        )
    records.append(
        (
            {
                "title": "VoorleesExpress Demostad",
                "aim": "Kinderen met een taalachterstand lezen meer en beter; ouders lezen voor.",
                "target_group": "Gezinnen met kinderen van 2 tot 8 jaar met een taalachterstand",
                "support_types": ["taal"],
                "audiences": ["kind", "ouder"],
                "age_min": 2,
                "age_max": 8,
                "approach": (
                    "Een vrijwilliger leest twintig weken lang wekelijks voor in het gezin en "
                    "helpt de ouders een voorleesroutine op te bouwen."
                ),
                "working_elements": "Thuis, wekelijks, twintig weken; de ouder doet mee.",
                "carried_out_by": "Bibliotheek Demostad met vrijwilligers",
                "province": "utrecht",
                "location_description": "In heel Demostad, bij de gezinnen thuis",
                "children_reached": 60,
                "cost_total": Decimal("27000"),
                "cost_note": "Coördinatie, training en boeken (begroting 2025).",
                "result_summary": "60 gezinnen per jaar; taaltoets voor en na (eigen meting).",
                **VOORLEES_ENTRY,
                "contact_name": "Bibliotheek Demostad",
                "contact_email": "voorlezen@demostad.example",
            },
            True,
        )
    )
    records.append(
        (
            {
                "title": "Huiswerkklas in de bibliotheek",
                "aim": "Leerlingen van groep 7 en 8 maken hun huiswerk met hulp.",
                "target_group": "Leerlingen van groep 7 en 8 in Havenkwartier",
                "support_types": ["huiswerk"],
                "audiences": ["kind"],
                "age_min": 10,
                "age_max": 12,
                "approach": "Twee middagen per week huiswerkbegeleiding door studenten.",
                "province": "utrecht",
                "evidence_level": "own-described",
                "evidence_basis": "Beschrijving van doel, doelgroep en aanpak (2025).",
                "contact_email": "huiswerk@demostad.example",
            },
            False,
        )
    )
    return records


VOORLEES_ENTRY = {
    "evidence_level": "nji-goed-onderbouwd",
    "evidence_entry_name": "VoorleesExpress",
    "evidence_entry_url": "https://www.nji.nl/interventies/voorleesexpress",
    "evidence_date": datetime.date(2023, 3, 1),
}


def _peer_records() -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """(code, name, slug, records) of three peers, by the names of kansen.demo's peers."""
    brug = {
        "title": "Brugfunctionaris op school",
        "aim": "Ouders vinden via school de weg naar hulp, regelingen en aanbod.",
        "target_group": "Ouders van basisschoolleerlingen",
        "support_types": ["opvoeding", "geldzaken"],
        "audiences": ["ouder"],
        "age_min": 4,
        "age_max": 12,
        "approach": "Een brugfunctionaris per school met een vast inloopspreekuur.",
        "contact_email": "brugfunctionaris@{slug}.example",
    }
    voorlees = {
        "aim": "Kinderen met een taalachterstand lezen meer; ouders lezen voor.",
        "target_group": "Gezinnen met kinderen van 2 tot 8 jaar",
        "support_types": ["taal"],
        "audiences": ["kind", "ouder"],
        "age_min": 2,
        "age_max": 8,
        "approach": "Twintig weken lang wekelijks voorlezen in het gezin door een vrijwilliger.",
        "contact_email": "voorlezen@{slug}.example",
        **VOORLEES_ENTRY,
    }
    return [
        ("GM9901", "Oudeveen", "oudeveen", [
            {**brug, "province": "gelderland", "children_reached": 120,
             "cost_total": Decimal("42000"), "evidence_level": "own-first-results",
             "evidence_basis": "Telling van bereikte ouders 2024 en een enquête onder ouders.",
             "result_summary": "120 gezinnen bereikt in 2024 (eigen telling)."},
            {**voorlees, "title": "VoorleesExpress Oudeveen", "province": "gelderland",
             "children_reached": 40, "cost_total": Decimal("20000")},
        ]),
        ("GM9902", "Nieuwkerk aan de Vaart", "nieuwkerk-aan-de-vaart", [
            {**voorlees, "title": "VoorleesExpress Nieuwkerk", "province": "zuid-holland",
             "children_reached": 80, "cost_total": Decimal("36000")},
            {"title": "Taalmaatjes voor ouders", "province": "zuid-holland",
             "aim": "Ouders oefenen Nederlands met een vrijwilliger.",
             "target_group": "Ouders die weinig Nederlands spreken", "support_types": ["taal"],
             "audiences": ["ouder"], "approach": "Een uur per week samen praten en oefenen.",
             "children_reached": 150, "cost_total": Decimal("9000"),
             "evidence_level": "own-described",
             "evidence_basis": "Beschrijving van doel, doelgroep en aanpak (2025).",
             "contact_email": "taalmaatjes@nieuwkerk-aan-de-vaart.example"},
        ]),
        ("GM9903", "Bergeijkhoven", "bergeijkhoven", [
            {**brug, "province": "noord-brabant", "evidence_level": "own-theory-of-change",
             "evidence_basis": "Veranderingstheorie met scholen en wijkteam (2023)."},
            {"title": "Sportbuurtwerk na school", "province": "noord-brabant",
             "aim": "Kinderen bewegen meer en komen bij een vereniging.",
             "target_group": "Kinderen van 6 tot 12 jaar in de wijken met de meeste armoede",
             "support_types": ["sport"], "audiences": ["kind"], "age_min": 6, "age_max": 12,
             "approach": "Drie middagen per week sport op het schoolplein met een buurtsportcoach.",
             "children_reached": 200, "cost_total": Decimal("60000"),
             "result_summary": "Deelname aan een sportvereniging van 31% naar 38% (2022-2024).",
             "evidence_level": "own-effect-study",
             "evidence_basis": "Vergelijking met twee wijken zonder sportbuurtwerk, 2022-2024.",
             "contact_email": "sport@bergeijkhoven.example"},
        ]),
    ]  # fmt: skip


def _load(municipality: Municipality, records: list[tuple[dict[str, Any], bool]]) -> int:
    if Practice.objects.filter(municipality=municipality).exists():
        return 0
    for data, published in records:
        practice = services.save_practice(municipality, None, data)
        if published:
            services.publish(practice, None)
    return len(records)


@transaction.atomic
def load_demo_practices(municipality: Municipality) -> int:
    """Load the demo records of each municipality that has none; return how many."""
    made = 0
    for code, name, slug, records in _peer_records():
        peer, _ = Municipality.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slug}
        )
        filled = [
            ({**r, "contact_email": r["contact_email"].format(slug=peer.slug)}, True)
            for r in records
        ]
        made += _load(peer, filled)
    plan = (
        Plan.objects.filter(
            municipality=municipality, status=PlanStatus.PUBLISHED, kind=PlanKind.AGENDA
        )
        .order_by("-first_year")
        .first()
    )
    return made + _load(municipality, _records(plan))
