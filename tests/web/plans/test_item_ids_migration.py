"""The data migration that gives every stored plan's items their ids (ADR 0012)."""

from __future__ import annotations

import copy
import importlib
import uuid

import pytest
from django.apps import apps

from kansen.plans import ITEM_ID, plan_from_data, without_item_ids
from kansen.plans._items import list_items
from kansen.web.plans.models import Plan

pytestmark = pytest.mark.django_db

migration = importlib.import_module("kansen.web.plans.migrations.0002_plan_item_ids")


@pytest.fixture
def stored_v1(agenda):
    """The agenda as a plan stored before the ids: layout version 1, no ids."""
    v1 = {**without_item_ids(agenda.document), "schema_version": 1}
    Plan.objects.filter(pk=agenda.pk).update(document=v1, schema_version="1")
    return Plan.objects.get(pk=agenda.pk)


def test_the_migration_gives_every_item_of_a_stored_plan_an_id(stored_v1):
    before = copy.deepcopy(stored_v1.document)
    migration.add_ids(apps, None)
    plan = Plan.objects.get(pk=stored_v1.pk)
    assert (plan.schema_version, plan.document["schema_version"]) == ("2", 2)
    ids = [item[ITEM_ID] for _path, item in list_items(plan.document)]
    assert len(ids) == 9  # six sections, the intervention, its budget line and its financing
    assert len(set(ids)) == len(ids)
    assert {uuid.UUID(i).version for i in ids} == {5}
    assert without_item_ids(plan.document) == {**before, "schema_version": 2}
    assert plan_from_data(plan.document) == plan_from_data(before)


def test_the_migration_run_again_changes_nothing_and_goes_back(stored_v1):
    migration.add_ids(apps, None)
    once = Plan.objects.get(pk=stored_v1.pk).document
    migration.add_ids(apps, None)
    assert Plan.objects.get(pk=stored_v1.pk).document == once
    # From the same version 1 document, the same ids.
    Plan.objects.filter(pk=stored_v1.pk).update(document=stored_v1.document)
    migration.add_ids(apps, None)
    assert Plan.objects.get(pk=stored_v1.pk).document == once
    migration.remove_ids(apps, None)
    back = Plan.objects.get(pk=stored_v1.pk)
    assert (back.document, back.schema_version) == (stored_v1.document, "1")
