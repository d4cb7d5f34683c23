"""Reading the register: who sees a draft, search and facets with exact results, comparison,
and what a record reads from a plan's intervention (budget lines, PM) and from monitoring."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import translation

from kansen.web.accounts.constants import Role
from kansen.web.practices import selectors
from kansen.web.practices.constants import PracticeStatus
from kansen.web.practices.models import Practice

from ..factories import MunicipalityFactory, UserFactory
from ..monitoring.factories import GoalFactory, GoalIndicatorFactory, MeasurementFactory
from .factories import BRUGFUNCTIONARIS, PracticeFactory, demo_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    """Five published records in two municipalities and provinces, a draft and a withdrawn
    record (neither is ever found)."""
    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    elders = MunicipalityFactory(name="Elders", slug="elders", code="GM9998")
    on = {"published": True}
    return {
        "voorlezen": PracticeFactory(
            municipality=demostad, title="Voorlezen thuis", support_types=["taal"],
            audiences=["kind", "ouder"], age_min=2, age_max=8, children_reached=60,
            cost_total=Decimal("27000"), evidence_level="nji-goed-onderbouwd",
            evidence_entry_name="VoorleesExpress", evidence_basis="",
            evidence_entry_url="https://www.nji.nl/interventies/voorleesexpress", **on,
        ),  # 450 a child: moderate
        "huiswerk": PracticeFactory(
            municipality=demostad, title="Huiswerkklas", support_types=["huiswerk", "taal"],
            audiences=["kind"], age_min=10, age_max=12, children_reached=100,
            cost_total=Decimal("5000"), **on,
        ),  # 50 a child: low
        "brug": PracticeFactory(
            municipality=demostad, title="Brugfunctionaris op school",
            support_types=["opvoeding"], audiences=["ouder"], age_min=4, age_max=12,
            evidence_level="own-first-results", **on,
        ),  # cost not known
        "sport": PracticeFactory(
            municipality=elders, title="Sportbuurtwerk", province="gelderland",
            support_types=["sport"], audiences=["kind", "jongere"], age_min=6, age_max=17,
            children_reached=10, cost_total=Decimal("20000"), **on,
        ),  # 2000 a child: very high
        "mentor": PracticeFactory(
            municipality=elders, title="Mentoren voor jongeren", province="gelderland",
            support_types=["sociaal-emotioneel"], audiences=["jongere"], age_min=12,
            age_max=18, children_reached=40, cost_total=Decimal("40000"), **on,
        ),  # 1000 a child: high
        "draft": PracticeFactory(municipality=demostad, title="Voorlezen concept"),
        "withdrawn": PracticeFactory(
            municipality=elders, title="Voorlezen oud", status=PracticeStatus.WITHDRAWN
        ),
    }  # fmt: skip


def _titles(found):
    return sorted(p.title for p in found.practices)


@pytest.mark.parametrize(
    ("text", "filters", "expected"),
    [
        # everything published, no draft, no withdrawn record
        ("", {}, ["Brugfunctionaris op school", "Huiswerkklas", "Mentoren voor jongeren",
                  "Sportbuurtwerk", "Voorlezen thuis"]),
        # a Dutch word finds its inflection ("voorlezen" -> "voorlees..." is not needed)
        ("voorlezen", {}, ["Voorlezen thuis"]),
        # one support type; two support types are either
        ("", {"soort": ["taal"]}, ["Huiswerkklas", "Voorlezen thuis"]),
        ("", {"soort": ["sport", "opvoeding"]}, ["Brugfunctionaris op school", "Sportbuurtwerk"]),
        # for whom
        ("", {"voor": ["jongere"]}, ["Mentoren voor jongeren", "Sportbuurtwerk"]),
        # age band 12-17: ranges that overlap it
        ("", {"leeftijd": ["12-17"]}, ["Brugfunctionaris op school", "Huiswerkklas",
                                      "Mentoren voor jongeren", "Sportbuurtwerk"]),
        # evidence level: the NJi level only
        ("", {"niveau": ["nji-goed-onderbouwd"]}, ["Voorlezen thuis"]),
        # cost bands by cost per child (unknown cost is in no band)
        ("", {"kosten": ["low"]}, ["Huiswerkklas"]),
        ("", {"kosten": ["moderate", "high"]}, ["Mentoren voor jongeren", "Voorlezen thuis"]),
        ("", {"kosten": ["very-high"]}, ["Sportbuurtwerk"]),
        # municipality and province
        ("", {"gemeente": ["elders"]}, ["Mentoren voor jongeren", "Sportbuurtwerk"]),
        ("", {"provincie": ["utrecht"]}, ["Brugfunctionaris op school", "Huiswerkklas",
                                         "Voorlezen thuis"]),
        # facets combine: Demostad and taal
        ("", {"gemeente": ["demostad"], "soort": ["taal"]}, ["Huiswerkklas", "Voorlezen thuis"]),
        # an unknown facet is ignored
        ("", {"kleur": ["rood"], "kosten": ["low"]}, ["Huiswerkklas"]),
    ],
)  # fmt: skip
def test_search_and_facets_find_exactly_the_published_records(register, text, filters, expected):
    assert _titles(selectors.search(text, filters)) == expected


def test_facet_counts_are_what_choosing_each_value_would_give(register):
    found = selectors.search("", {"gemeente": ["demostad"]})
    assert found.total == 3
    # other municipalities' counts as if chosen instead (disjunctive within a facet)
    assert found.facets["gemeente"] == {"demostad": 3, "elders": 2}
    assert found.facets["kosten"] == {"high": 0, "low": 1, "moderate": 1, "very-high": 0}


def test_a_draft_is_read_only_by_its_own_keepers(register):
    draft = register["draft"]
    demostad = draft.municipality
    lead = UserFactory(municipality=demostad, role=Role.PROGRAMME_LEAD)
    analyst = UserFactory(municipality=demostad, role=Role.ANALYST)
    other_lead = UserFactory(municipality=register["sport"].municipality, role=Role.PROGRAMME_LEAD)
    national = UserFactory(municipality=None, role=Role.NATIONAL)
    assert selectors.practice_to_read(lead, "demostad", draft.slug) == draft
    for user in (analyst, other_lead, national, None):
        with pytest.raises(Http404):
            selectors.practice_to_read(user, "demostad", draft.slug)
    # a withdrawn record stays readable at its address
    withdrawn = register["withdrawn"]
    assert selectors.practice_to_read(None, "elders", withdrawn.slug) == withdrawn
    # only the own keepers edit
    with pytest.raises(Http404):
        selectors.practice_to_edit(lead, "elders", withdrawn.slug)
    assert list(selectors.own_practices(other_lead).order_by("title")) == [
        register["mentor"],
        register["sport"],
        withdrawn,
    ]


def test_compare_takes_up_to_three_published_records_in_order(register):
    keys = [str(register[k].uuid) for k in ("sport", "draft", "voorlezen", "huiswerk", "brug")]
    chosen = selectors.compared([*keys, "not-a-uuid", keys[0]])
    assert [p.title for p in chosen] == ["Sportbuurtwerk", "Voorlezen thuis", "Huiswerkklas"]


def test_a_record_from_an_intervention_reads_the_plan():
    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    plan = demo_agenda(demostad)
    with translation.override("nl"):
        initial = selectors.initial_from_intervention(plan, BRUGFUNCTIONARIS)
    assert initial["title"] == "Brugfunctionarissen in De Gaarden"
    assert initial["aim"] == "Ouders vinden via school de weg naar regelingen en aanbod."
    assert initial["neighbourhoods"] == "BU99990101, BU99990102"
    assert initial["carried_out_by"] == (
        "Stichting Primair Onderwijs Demostad, Stichting Welzijn Demostad"
    )
    # 90,000 in 2022 and in 2023, and a PM line: 90,000 a year, the PM line named
    assert initial["cost_total"] == Decimal("90000.00")
    assert initial["cost_note"] == (
        "Uit de begrotingsregels van het plan: € 180.000 over 2022–2023 (2 jaar). "
        "Regels PM (nog niet bekend), niet meegeteld: 1."
    )
    assert initial["contact_email"] == "brugfunctionaris@demostad.example"
    with pytest.raises(Http404):
        selectors.initial_from_intervention(plan, "no-such-item")


def test_linked_indicators_show_baseline_and_latest_measurement_of_the_own_plan():
    demostad = MunicipalityFactory(name="Demostad", slug="demostad", code="GM9999")
    plan = demo_agenda(demostad)
    goal = GoalFactory(plan=plan)
    indicator = GoalIndicatorFactory(
        goal=goal, name="Bereikte gezinnen", unit="aantal", baseline_value=Decimal("120"),
        baseline_year=2021, items=[BRUGFUNCTIONARIS],
    )  # fmt: skip
    MeasurementFactory(indicator=indicator, year=2022, value=Decimal("180"), source="Registratie")
    MeasurementFactory(indicator=indicator, year=2023, value=Decimal("240"), source="Registratie")
    other = GoalIndicatorFactory(goal=GoalFactory(plan=demo_agenda(demostad, published=False)))
    practice = PracticeFactory(
        municipality=demostad, plan=plan, indicator_uuids=[str(indicator.uuid), str(other.uuid)]
    )
    assert selectors.initial_from_intervention(plan, BRUGFUNCTIONARIS)["indicator_uuids"] == [
        str(indicator.uuid)
    ]
    [linked] = selectors.linked_indicators(practice)
    assert (linked.name, linked.baseline, linked.baseline_year) == (
        "Bereikte gezinnen", Decimal("120"), 2021
    )  # fmt: skip
    assert (linked.latest, linked.latest_year, linked.source) == (
        Decimal("240"), 2023, "Registratie"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected", "corrected"),
    [
        # a compound is found by its first part ("huiswerk" in "Huiswerkklas")
        ("huiswerk", ["Huiswerkklas"], None),
        # a Dutch inflection: "mentor" finds "Mentoren"
        ("mentor", ["Mentoren voor jongeren"], None),
        # a typo is corrected to the nearest known word
        ("sportbuurtwerl", ["Sportbuurtwerk"], "sportbuurtwerk"),
        # a stop word alone finds everything, as an empty query
        ("de", ["Brugfunctionaris op school", "Huiswerkklas", "Mentoren voor jongeren",
                "Sportbuurtwerk", "Voorlezen thuis"], None),
        # the municipality's name is searched too
        ("elders", ["Mentoren voor jongeren", "Sportbuurtwerk"], None),
        # a word in no record cannot narrow: "taal" is a kind of support here, in no text
        ("huiswerk taal", ["Huiswerkklas"], None),
        # no record has both words: those with one of them
        ("voorlezen huiswerk", ["Huiswerkklas", "Voorlezen thuis"], None),
    ],
)  # fmt: skip
def test_dutch_search_quality(register, text, expected, corrected):
    found = selectors.search(text)
    assert _titles(found) == expected
    assert found.corrected == corrected


def test_the_search_index_is_kept_until_a_record_changes(register, monkeypatch):
    built: list[int] = []
    index_class = selectors.SearchIndex

    def counting(documents):
        built.append(len(documents))
        return index_class(documents)

    monkeypatch.setattr(selectors, "_kept", None)
    monkeypatch.setattr(selectors, "SearchIndex", counting)

    def titles(text: str) -> list[str]:
        return sorted(p.title for p in selectors.search(text).practices)

    assert titles("voorlezen") == ["Voorlezen thuis"]
    assert titles("sport") == ["Sportbuurtwerk"]
    assert built == [5]  # one index for both searches
    # a change that moves no updated_at (a queryset update) is found at the next search
    Practice.objects.filter(title="Sportbuurtwerk").update(title="Beweegbuurtwerk")
    assert titles("sport") == []
    assert titles("beweeg") == ["Beweegbuurtwerk"]
    assert built == [5, 5]
