"""Factories for the monitoring of plans (:mod:`kansen.web.monitoring.models`).

Everything hangs off a plan made by :class:`~tests.web.factories.PlanFactory` (through the
plans' services, their only write path).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from kansen.web.monitoring.models import (
    Direction,
    EvaluationAction,
    EvaluationSession,
    Goal,
    Indicator,
    Measurement,
    Publication,
    ReportTemplate,
    SourceKind,
    Spending,
    TargetKind,
    YearReport,
)

from ..factories import MunicipalityFactory, PlanFactory


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Minder kinderen in armoede {n}")
    description = "Het aandeel kinderen in een huishouden met een laag inkomen daalt."
    position = factory.Sequence(lambda n: n)


class GoalIndicatorFactory(DjangoModelFactory):
    """A hand-measured indicator with a baseline and an absolute target."""

    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Kinderen in een huishouden met laag inkomen {n}")
    unit = "%"
    direction = Direction.LOWER
    source_kind = SourceKind.MANUAL
    baseline_value = Decimal("8.4000")
    baseline_year = 2024
    baseline_source = "CBS Kerncijfers wijken en buurten 2024"
    target_kind = TargetKind.ABSOLUTE
    target_value = Decimal("7.0000")
    target_year = 2028
    position = factory.Sequence(lambda n: n)


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(GoalIndicatorFactory)
    year = factory.Sequence(lambda n: 2025 + n)
    value = Decimal("8.1000")
    source = "CBS Kerncijfers wijken en buurten"


class EvaluationSessionFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationSession

    plan = factory.SubFactory(PlanFactory)
    date = datetime.date(2026, 2, 12)
    title = factory.Sequence(lambda n: f"Lerend evalueren schoolmaaltijden {n}")
    organisations = factory.LazyFunction(lambda: ["Stichting Leergeld", "Wijkteam Noord"])
    experts_by_experience = 3
    professionals = factory.LazyFunction(
        lambda: [{"name": "J. de Vries", "role": "beleidsmedewerker"}]
    )
    findings = "De maaltijden bereiken de kinderen; ouders willen eerder geïnformeerd worden."


class EvaluationActionFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationAction

    session = factory.SubFactory(EvaluationSessionFactory)
    description = factory.Sequence(lambda n: f"Ouders informeren via de school {n}")
    owner = "Wijkteam Noord"
    due = datetime.date(2026, 6, 1)


class PublicationFactory(DjangoModelFactory):
    class Meta:
        model = Publication
        django_get_or_create = ("plan",)

    plan = factory.SubFactory(PlanFactory)
    dashboard_public = False


class YearReportFactory(DjangoModelFactory):
    class Meta:
        model = YearReport

    plan = factory.SubFactory(PlanFactory)
    year = factory.Sequence(lambda n: 2025 + n)
    next_year = "Volgend jaar meer aandacht voor bereik in Noord."
    is_public = False


class SpendingFactory(DjangoModelFactory):
    class Meta:
        model = Spending

    plan = factory.SubFactory(PlanFactory)
    year = 2025
    cost_line = factory.Sequence(lambda n: f"kostenregel-{n}")
    amount = Decimal("12500.00")


class ReportTemplateFactory(DjangoModelFactory):
    """Every section in the default order, the last one left out."""

    class Meta:
        model = ReportTemplate
        django_get_or_create = ("municipality",)

    municipality = factory.SubFactory(MunicipalityFactory)
    sections = factory.LazyFunction(
        lambda: [
            {"key": "goals", "include": True, "title": "", "intro": ""},
            {"key": "activities", "include": True, "title": "", "intro": ""},
            {"key": "money", "include": True, "title": "", "intro": ""},
            {"key": "evaluations", "include": True, "title": "", "intro": ""},
            {"key": "next_year", "include": False, "title": "", "intro": ""},
        ]
    )
