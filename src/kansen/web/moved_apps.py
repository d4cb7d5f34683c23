"""Models that moved to another app when the apps were named for what they hold (ADR 0019).

Their tables keep their names (``db_table``), and the first migrations of each new app replace
the old app's migrations one for one (Django's ``replaces``): a database made before the move is
recorded as up to date without touching a row, a new one gets the same tables. Two other things
name an app label, and follow the move here: the content types, which the permissions given to
groups and users and the admin's history point to (renamed by each new app's migration
``rename_content_types``), and the admin's addresses (an old one redirects to the new one).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse

#: model name -> (the app label it had, the app label it has)
MOVED: dict[str, tuple[str, str]] = {
    "savedindex": ("need", "deprivation"),
    "regulation": ("offers", "regulations"),
    "provider": ("offers", "directory"),
    "offer": ("offers", "directory"),
    "offerlocation": ("offers", "directory"),
    "offertranslation": ("offers", "directory"),
    "postcodearea": ("offers", "directory"),
    "directorysettings": ("offers", "directory"),
}

#: an old app's page in the admin -> the page of the app that holds most of its models
MOVED_APPS: dict[str, str] = {"need": "deprivation", "offers": "directory"}


def _rename(apps: Any, schema_editor: Any, *, to_new: bool, label: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    stored = content_type.objects.using(schema_editor.connection.alias)
    for model, (old, new) in MOVED.items():
        if new != label:
            continue
        source, target = (old, new) if to_new else (new, old)
        if stored.filter(app_label=target, model=model).exists():
            continue  # already there: the migration ran before, or a migrate created it
        stored.filter(app_label=source, model=model).update(app_label=target)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def rename_content_types(label: str) -> migrations.RunPython:
    """The migration step that gives the content types of ``label``'s moved models its label."""

    def forward(apps: Any, schema_editor: Any) -> None:
        _rename(apps, schema_editor, to_new=True, label=label)

    def backward(apps: Any, schema_editor: Any) -> None:
        _rename(apps, schema_editor, to_new=False, label=label)

    return migrations.RunPython(forward, backward)


def old_admin_address(
    request: HttpRequest, label: str, rest: str = ""
) -> HttpResponsePermanentRedirect:
    """``/beheer/offers/offer/3/change/`` -> ``/beheer/directory/offer/3/change/``."""
    model = rest.partition("/")[0]
    if not model:
        new_label = MOVED_APPS.get(label)
    else:
        old, new_label = MOVED.get(model, ("", None))
        if old != label:
            new_label = None
    if new_label is None:
        raise Http404
    address = f"{reverse('admin:index')}{new_label}/{rest}"
    if request.META.get("QUERY_STRING"):
        address += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(address)
