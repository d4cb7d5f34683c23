"""Factories for the youth panel: a questionnaire (Demostad's demo document), its version, a
wave in 2026, a class code and a row of answers.

A response row is what :func:`kansen.web.youthpanel.services.submit` writes: identical answers
of one class in one row with a count, a random key, no time.
"""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from kansen.surveys import demo_questionnaire_document
from kansen.web.youthpanel.models import (
    ClassCode,
    IndicatorLink,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Wave,
)
from kansen.web.youthpanel.services import fingerprint

from ..factories import MunicipalityFactory
from ..monitoring.factories import GoalIndicatorFactory

ON = datetime.date(2026, 9, 1)


class QuestionnaireFactory(DjangoModelFactory):
    class Meta:
        model = Questionnaire

    municipality = factory.SubFactory(MunicipalityFactory)
    identifier = factory.Sequence(lambda n: f"jeugdpanel_{n}")
    draft = factory.LazyAttribute(lambda o: {**demo_questionnaire_document(), "id": o.identifier})
    created_on = ON


class QuestionnaireVersionFactory(DjangoModelFactory):
    class Meta:
        model = QuestionnaireVersion

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    number = 1
    document = factory.LazyAttribute(lambda o: o.questionnaire.draft)
    saved_on = ON


class WaveFactory(DjangoModelFactory):
    class Meta:
        model = Wave

    version = factory.SubFactory(QuestionnaireVersionFactory)
    questionnaire = factory.LazyAttribute(lambda o: o.version.questionnaire)
    label = "2026"
    opens = datetime.date(2026, 9, 1)
    closes = datetime.date(2026, 12, 31)


class ClassCodeFactory(DjangoModelFactory):
    class Meta:
        model = ClassCode

    wave = factory.SubFactory(WaveFactory)
    code = factory.Sequence(lambda n: f"K{n:05d}")
    name = "2B"
    school_level = "vmbo"
    school = "Het Lyceum"
    year_of_study = "2"
    neighbourhood = "Centrum"
    pupils = 25


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Response

    class_code = factory.SubFactory(ClassCodeFactory)
    wave = factory.LazyAttribute(lambda o: o.class_code.wave)
    age = "13"
    answers = factory.LazyFunction(lambda: {"veilig": 4, "hulp_huiswerk": "ja"})
    fingerprint = factory.LazyAttribute(lambda o: fingerprint(o.class_code, o.age, o.answers))
    count = 1


class IndicatorLinkFactory(DjangoModelFactory):
    """A monitoring indicator measured by the mean of the questionnaire's scale "veilig"."""

    class Meta:
        model = IndicatorLink

    indicator = factory.SubFactory(GoalIndicatorFactory, source_kind="youth", unit="")
    questionnaire = factory.SubFactory(
        QuestionnaireFactory,
        municipality=factory.SelfAttribute("..indicator.goal.plan.municipality"),
    )
    question = "veilig"
    answer = ""
