"""Factories for the platform's models."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.areas.models import Area, Indicator, Observation

PASSWORD = "correct-horse-battery"


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
