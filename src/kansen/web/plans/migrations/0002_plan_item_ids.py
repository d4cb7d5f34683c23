"""Give every list item of every stored plan its id (plan layout version 1 -> 2, ADR 0012).

The ids are derived from the plan's key and the item's path (``uuid5``), so running the
upgrade again gives the same ids; items that have an id keep it. The history (``PlanChange``)
holds changed values, not documents, and stays as it is. Backwards, the ids are taken out again.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from kansen.plans import ITEM_ID, upgrade_plan_data


def seed_of(plan: Any) -> str:
    return f"kansen-plan:{plan.pk}"


def add_ids(apps: Any, schema_editor: Any) -> None:
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.all().iterator():
        document = upgrade_plan_data(plan.document, seed=seed_of(plan))
        if document != plan.document:
            plan.document = document
            plan.schema_version = str(document.get("schema_version", plan.schema_version))
            plan.save(update_fields=["document", "schema_version"])


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != ITEM_ID}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def remove_ids(apps: Any, schema_editor: Any) -> None:
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.all().iterator():
        if isinstance(plan.document, dict) and plan.document.get("schema_version") == 2:
            plan.document = {**_without_ids(plan.document), "schema_version": 1}
            plan.schema_version = "1"
            plan.save(update_fields=["document", "schema_version"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(add_ids, remove_ids, elidable=True)]
