"""Every model of the platform has a factory, and each factory makes a valid object."""

from __future__ import annotations

import inspect

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

from kansen.web.plans.models import PlanChange

from . import factories
from .directory import factories as offers_factories
from .livepoll import factories as livepoll_factories
from .monitoring import factories as monitoring_factories
from .practices import factories as practices_factories
from .support import factories as support_factories
from .youthpanel import factories as youthpanel_factories

pytestmark = pytest.mark.django_db

#: Models made only as a side effect of a write path, with the reason.
WITHOUT_FACTORY = {
    PlanChange: "every save through kansen.web.plans.services leaves one (PlanFactory saves)",
}


def _factories() -> list[type[DjangoModelFactory]]:
    found = []
    for module in (
        factories,
        offers_factories,
        livepoll_factories,
        monitoring_factories,
        practices_factories,
        support_factories,
        youthpanel_factories,
    ):
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DjangoModelFactory) and value.__module__ == module.__name__:
                found.append(value)
    return sorted(found, key=lambda f: f.__name__)


def test_every_model_of_the_platform_has_a_factory():
    platform = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("kansen.web.") and not model._meta.auto_created
    }
    made = {f._meta.model for f in _factories()}
    assert platform - made - set(WITHOUT_FACTORY) == set()


@pytest.mark.parametrize("factory", _factories(), ids=lambda f: f.__name__)
def test_the_factory_makes_a_valid_object(factory):
    made = factory()
    made.full_clean()
    assert type(made).objects.filter(pk=made.pk).exists()
