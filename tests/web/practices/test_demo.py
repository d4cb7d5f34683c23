"""The demo's practice records: Demostad's from its agenda and three peers', published through
the services, loaded once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kansen.web.practices import national
from kansen.web.practices.demo import load_demo_practices
from kansen.web.practices.models import Practice

from ..factories import MunicipalityFactory
from .factories import BRUGFUNCTIONARIS, demo_agenda

pytestmark = pytest.mark.django_db


def test_the_demo_records_and_what_the_national_view_makes_of_them():
    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    plan = demo_agenda(demostad)
    assert load_demo_practices(demostad) == 31
    assert load_demo_practices(demostad) == 0  # loaded once
    own = {p.title: p for p in Practice.objects.filter(municipality=demostad)}
    assert sorted((t, p.status) for t, p in own.items()) == [
        ("Brugfunctionarissen in De Gaarden", "published"),
        ("Huiswerkklas in de bibliotheek", "draft"),
        ("Rijke schooldag Havenkwartier", "published"),
        ("VoorleesExpress", "published"),
    ]
    brug = own["Brugfunctionarissen in De Gaarden"]
    assert (brug.plan, brug.intervention_uuid) == (plan, BRUGFUNCTIONARIS)
    # 90,000 a year from the plan's budget lines for 410 children (in 240 families): the
    # children reached are children, so the cost per child is per child
    assert (brug.cost_total, brug.cost_per_child) == (Decimal("90000.00"), Decimal("220"))
    voorlees = own["VoorleesExpress"]
    assert (voorlees.children_reached, voorlees.cost_per_child) == (95, Decimal("284"))
    oudeveen = Practice.objects.get(municipality__name="Oudeveen", title__startswith="Brug")
    assert (oudeveen.children_reached, oudeveen.cost_per_child) == (200, Decimal("210"))
    assert [(s.title, s.municipalities) for s in national.shared_most(limit=2)] == [
        ("VoorleesExpress", ["Demostad", "Nieuwkerk aan de Vaart", "Oudeveen"]),
        ("Brugfunctionaris op school", ["Bergeijkhoven", "Oudeveen"]),
    ]
    published = Practice.objects.filter(status="published")
    assert published.count() == 30
    assert published.values("municipality").distinct().count() == 11  # Demostad and ten peers
    # the levels and cost bands vary; every one is an own level with its basis (the demo claims
    # no databank's level it could not check)
    levels = sorted({p.evidence_level for p in published})
    assert levels == [
        "own-described",
        "own-effect-study",
        "own-first-results",
        "own-theory-of-change",
    ]
    assert sorted({p.cost_band.code if p.cost_band else "" for p in published}) == [
        "",
        "high",
        "low",
        "moderate",
        "very-high",
    ]
    for p in published:
        assert p.evidence_basis, p.title
        assert (p.evidence_entry_url, p.evidence_entry_name, p.evidence_date) == ("", "", None)


def test_the_published_agendas_of_the_demo_municipalities_fill_the_national_view():
    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    demo_agenda(demostad)
    load_demo_practices(demostad)
    load_demo_practices(demostad)  # loaded once: no second agenda
    assert national.municipalities_with_plans() == [
        ("Bergeijkhoven", 1),
        ("Demostad", 1),
        ("Nieuwkerk aan de Vaart", 1),
        ("Oudeveen", 1),
    ]
    summaries = {s.plan.municipality.name: s for s in national.plan_summaries()}
    oudeveen = summaries["Oudeveen"]
    assert oudeveen.action_lines == [
        ("1 Ouders en school", ["1.1 Brugfunctionaris op school", "1.2 Voorlezen thuis"]),
        ("2 Meedoen na school", ["2.1 Sport en cultuur in de wijk"]),
    ]
    assert oudeveen.interventions == ["Brugfunctionaris op school", "VoorleesExpress"]
    assert (oudeveen.gka, oudeveen.ceiling, oudeveen.above_ceiling) == (
        Decimal(40000),
        Decimal(100000),
        False,
    )
    # the Excel export's Interventions sheet has every municipality's interventions
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(national.workbook(national.plan_summaries(), [])))
    rows = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert sorted({row[0] for row in rows}) == [
        "Bergeijkhoven",
        "Demostad",
        "Nieuwkerk aan de Vaart",
        "Oudeveen",
    ]
    assert len(rows) == 8
