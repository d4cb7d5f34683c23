"""Factories for the directory of offers."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from kansen.web.directory.models import (
    DirectorySettings,
    Offer,
    OfferLocation,
    OfferTranslation,
    PostcodeArea,
    Provider,
)
from kansen.web.regulations.models import Regulation

from ..factories import MunicipalityFactory


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"aanbieder-{n}")
    name = factory.Sequence(lambda n: f"Stichting {n}")


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer

    provider = factory.SubFactory(ProviderFactory)
    municipality = factory.LazyAttribute(lambda o: o.provider.municipality)
    slug = factory.Sequence(lambda n: f"aanbod-{n}")
    title = factory.Sequence(lambda n: f"Aanbod {n}")
    summary = "Iets voor kinderen."
    support_types = factory.LazyFunction(lambda: ["huiswerk"])
    audiences = factory.LazyFunction(lambda: ["kind"])
    languages = factory.LazyFunction(lambda: ["nl"])
    last_checked = datetime.date(2026, 6, 1)


class OfferLocationFactory(DjangoModelFactory):
    class Meta:
        model = OfferLocation

    offer = factory.SubFactory(OfferFactory)
    address = "Dorpsstraat 1"
    postcode = "9991 AB"
    city = "Demostad"


class OfferTranslationFactory(DjangoModelFactory):
    class Meta:
        model = OfferTranslation

    offer = factory.SubFactory(OfferFactory)
    language = "en"
    title = factory.LazyAttribute(lambda o: f"{o.offer.title} ({o.language})")


class PostcodeAreaFactory(DjangoModelFactory):
    class Meta:
        model = PostcodeArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{9900 + n % 100:04d}")
    x = 100000.0
    y = 500000.0
    place = "Demostad"


class DirectorySettingsFactory(DjangoModelFactory):
    class Meta:
        model = DirectorySettings

    municipality = factory.SubFactory(MunicipalityFactory)
    review_months = 6
    grace_days = 30


class RegulationFactory(DjangoModelFactory):
    """A published regulation as an administrator enters it (rules named by its code)."""

    class Meta:
        model = Regulation

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"regeling-{n}")
    name = factory.Sequence(lambda n: f"Regeling {n}")
    rules = factory.LazyAttribute(lambda o: {"id": o.code})
    apply_route = "self"
    how_to_apply = "Bel ons."
    source = factory.LazyAttribute(lambda o: o.municipality.name)
