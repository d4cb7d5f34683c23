"""Factories for the directory of offers."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from kansen.web.offers.models import Offer, OfferLocation, Provider

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
