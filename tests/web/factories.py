"""Factories for the platform's models (the directory's and regulations' in
``directory/factories.py``).

A plan and its changes are made through :mod:`kansen.web.plans.services`, their only write
path: :class:`PlanFactory` calls it, and every save there leaves its ``PlanChange``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.test import Client
from factory.django import DjangoModelFactory

from kansen.eligibility import AgeBand, Household
from kansen.index import default_mdi
from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.areas.constants import ImportKind, ImportStatus
from kansen.web.areas.models import (
    Area,
    AreaDataVersion,
    Facility,
    ImportRun,
    Indicator,
    MapOutline,
    Observation,
)
from kansen.web.deprivation.models import SavedIndex
from kansen.web.norms.constants import Children, Origin
from kansen.web.norms.models import NormAmount, NormPeriod, NormWarning
from kansen.web.plans.models import Plan, Stakeholder

PASSWORD = "correct-horse-battery"


def client_for(user: User) -> Client:
    """A test client logged in as ``user`` (made by :class:`UserFactory`)."""
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.ANALYST
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N805
        if create:
            obj.save()


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    code = "GM9000"
    year = 2024
    level = factory.LazyAttribute(
        lambda o: {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[o.code[:2]]
    )
    name = factory.LazyAttribute(lambda o: f"Gebied {o.code}")
    municipality_code = factory.LazyAttribute(lambda o: "GM" + o.code[2:6])


class MapOutlineFactory(DjangoModelFactory):
    class Meta:
        model = MapOutline

    area = factory.SubFactory(AreaFactory)
    detail = "country"
    geojson = '{"type":"Polygon","coordinates":[[[4.0,52.0],[4.1,52.0],[4.1,52.1],[4.0,52.0]]]}'


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"indicator_{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.SubFactory(AreaFactory)
    year = factory.LazyAttribute(lambda o: o.area.year)
    value = 12.5
    status = "ok"


class AreaDataVersionFactory(DjangoModelFactory):
    """Written by kansen.web.areas.versions.touch in every write of area data."""

    class Meta:
        model = AreaDataVersion

    key = factory.Sequence(lambda n: f"GM{n % 10000:04d}")
    token = factory.Sequence(lambda n: f"{n:032x}")


class ImportRunFactory(DjangoModelFactory):
    class Meta:
        model = ImportRun

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = ImportKind.VALUES
    filename = factory.Sequence(lambda n: f"kerncijfers_{n}.csv")
    status = ImportStatus.SUCCEEDED


class FacilityFactory(DjangoModelFactory):
    """A school location in the middle of Demostad (RD New and WGS84)."""

    class Meta:
        model = Facility

    code = factory.Sequence(lambda n: f"99XX{n:02d}")
    year = 2024
    name = factory.Sequence(lambda n: f"School {n}")
    x = 155000.0
    y = 463000.0
    lon = 5.387
    lat = 52.156


class SavedIndexFactory(DjangoModelFactory):
    class Meta:
        model = SavedIndex

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Index {n}")
    version = 1
    definition = factory.LazyFunction(lambda: default_mdi().to_dict())


class StakeholderFactory(DjangoModelFactory):
    class Meta:
        model = Stakeholder

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")


class PlanFactory(DjangoModelFactory):
    """A new agenda from the GKA template, made by the plans' services as a user would."""

    class Meta:
        model = Plan

    municipality = factory.SubFactory(MunicipalityFactory)
    created_by = factory.SubFactory(
        UserFactory,
        municipality=factory.SelfAttribute("..municipality"),
        role=Role.PROGRAMME_LEAD,
    )
    kind = "agenda"
    title = factory.Sequence(lambda n: f"GKA-agenda {n}")
    period = "2025-2028"
    template = "gka-agenda-2021-2024"

    @classmethod
    def _create(cls, model_class: type[Plan], **kwargs: Any) -> Plan:
        from kansen.web.plans import services

        municipality, user = kwargs.pop("municipality"), kwargs.pop("created_by")
        document = services.new_document(municipality, **kwargs)
        return services.create_plan(municipality, user, document)


class NormPeriodFactory(DjangoModelFactory):
    class Meta:
        model = NormPeriod

    valid_from = datetime.date(2026, 1, 1)
    source = "Normbedragen voor de tests (geen echte bedragen)"
    origin = Origin.FORM


class NormAmountFactory(DjangoModelFactory):
    class Meta:
        model = NormAmount

    period = factory.SubFactory(NormPeriodFactory)
    household = Household.SINGLE.value
    age_band = AgeBand.AGE_21_TO_STATE_PENSION.value
    children = Children.ANY
    incl_holiday_allowance = Decimal("1401.61")
    excl_holiday_allowance = Decimal("1317.52")
    source = factory.LazyAttribute(lambda o: o.period.source)
    excl_source = factory.LazyAttribute(lambda o: o.period.source)


class NormWarningFactory(DjangoModelFactory):
    class Meta:
        model = NormWarning

    covered_until = datetime.date(2026, 12, 31)
    state = "expiring"
