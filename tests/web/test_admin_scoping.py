"""Every registered admin page keeps a municipal administrator of A out of B's objects.

The test walks ``admin.site._registry``: a model a municipal administrator manages
(:data:`~kansen.web.accounts.permissions.ADMIN_MODELS`) needs a row in ``MAKERS`` (how to make
one of B's objects), so a new admin page without one fails here; every other model is for the
platform administrator only and must refuse the municipal administrator everywhere (403).

The administrator of A holds every Django model permission and is staff: what keeps them out is
the role matrix and the municipality, not a missing checkbox.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from kansen.web.accounts import permissions
from kansen.web.accounts.admin_site import MunicipalityScopedAdmin
from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.areas.constants import ImportKind, ImportStatus

from .directory.factories import (
    DirectorySettingsFactory,
    OfferFactory,
    ProviderFactory,
    RegulationFactory,
)
from .factories import (
    AreaFactory,
    ImportRunFactory,
    IndicatorFactory,
    MunicipalityFactory,
    SavedIndexFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

#: How to make one object of municipality ``b``, per model a municipal administrator manages.
MAKERS: dict[str, Callable[[Municipality], Model]] = {
    "accounts.user": lambda b: UserFactory(username="b-analist", municipality=b),
    "areas.area": lambda b: AreaFactory(code=b.code, name="Andersdorp"),
    "areas.indicator": lambda b: IndicatorFactory(municipality=b, name="Wachtlijst Andersdorp"),
    "areas.importrun": lambda b: ImportRunFactory(
        municipality=b,
        kind=ImportKind.VALUES,
        filename="andersdorp.csv",
        status=ImportStatus.SUCCEEDED,
    ),
    "deprivation.savedindex": lambda b: SavedIndexFactory(municipality=b, name="Index Andersdorp"),
    "directory.provider": lambda b: ProviderFactory(municipality=b, slug="b-stichting"),
    "directory.offer": lambda b: OfferFactory(provider=ProviderFactory(municipality=b)),
    "regulations.regulation": lambda b: RegulationFactory(
        municipality=b,
        code="andersdorp-pas",
        name="Andersdorp-pas",
        rules={"id": "andersdorp-pas"},
        apply_route="self",
        how_to_apply="Bel ons.",
        source="Andersdorp",
    ),
    "directory.directorysettings": lambda b: DirectorySettingsFactory(
        municipality=b, review_months=6, grace_days=30
    ),
    "support.matchingsettings": lambda b: _matching_settings(b),
}


def _matching_settings(b: Municipality) -> Model:
    from kansen.web.support.models import MatchingSettings

    return MatchingSettings.objects.create(municipality=b, retention_months=6)


#: What the add form is sent with, per model an administrator may add: B's id wherever a
#: municipality can be named.
ADD_DATA: dict[str, Callable[[Municipality], dict[str, Any]]] = {
    "accounts.user": lambda b: {
        "username": "overname",
        "password1": "een-lang-wachtwoord-42",
        "password2": "een-lang-wachtwoord-42",
        "usable_password": "true",
        "municipality": b.pk,
        "role": Role.ADMINISTRATOR,
    },
    "directory.provider": lambda b: {
        "municipality": b.pk,
        "slug": "overname",
        "name": "Overname",
    },
    "regulations.regulation": lambda b: {
        "municipality": b.pk,
        "provider": "Overname",
        "position": "1",
        "rules": '{"id": "overname"}',
    },
}


def _url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _registered() -> list[tuple[str, type[Model], admin.ModelAdmin]]:
    return sorted(
        ((m._meta.label_lower, m, a) for m, a in admin.site._registry.items()),
        key=lambda row: row[0],
    )


@pytest.fixture
def world() -> dict[str, Any]:
    a = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    b = MunicipalityFactory(code="GM0307", name="Andersdorp", slug="andersdorp")
    administrator = UserFactory(
        username="beheer-a", municipality=a, role=Role.ADMINISTRATOR, is_staff=True
    )
    administrator.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(administrator)
    platform = UserFactory(
        username="platform", municipality=None, role="", is_staff=True, is_superuser=True
    )
    superclient = Client()
    superclient.force_login(platform)
    return {"a": a, "b": b, "client": client, "superclient": superclient}


def test_every_model_an_administrator_manages_has_a_maker():
    managed = {label for label, _m, _a in _registered() if label in permissions.ADMIN_MODELS}
    assert managed == set(MAKERS), "add a row to MAKERS for each model in ADMIN_MODELS"
    assert set(permissions.ADMIN_MODELS) <= {label for label, _m, _a in _registered()}
    for label, _model, model_admin in _registered():
        if label in permissions.ADMIN_MODELS:
            assert isinstance(model_admin, MunicipalityScopedAdmin), label


def _snapshot(model: type[Model], pk: Any) -> list[dict[str, Any]]:
    return list(model._default_manager.filter(pk=pk).values())


def _refused(response: Any) -> bool:
    """No access: 403 or 404, or the admin's redirect to its index for an object that is not
    there."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_an_administrator_of_a_cannot_read_or_take_over_bs_objects(world, label):
    model = next(m for lbl, m, _a in _registered() if lbl == label)
    model_admin = admin.site._registry[model]
    client, b = world["client"], world["b"]
    obj = MAKERS[label](b)
    before = _snapshot(model, obj.pk)
    count_b = model._default_manager.filter(model_admin.municipality_filter(b)).count()

    # The platform administrator finds it: the object is there to be found.
    listed = world["superclient"].get(_url(model, "changelist"))
    assert obj.pk in {o.pk for o in listed.context["cl"].queryset}

    listed = client.get(_url(model, "changelist"))
    assert listed.status_code == 200
    assert obj.pk not in {o.pk for o in listed.context["cl"].queryset}
    assert str(obj) not in listed.text or str(obj) in ("", "-")

    for view in ("change", "history", "delete"):
        assert _refused(client.get(_url(model, view, obj.pk))), view
    if label == "accounts.user":  # and nobody sets the password of B's users
        password = reverse("admin:auth_user_password_change", args=[obj.pk])
        assert _refused(client.get(password))
        new = {"password1": "overgenomen-42!", "password2": "overgenomen-42!"}
        assert _refused(client.post(password, new))
    assert _refused(
        client.post(_url(model, "change", obj.pk), {"municipality": world["a"].pk, "name": "X"})
    )
    assert _refused(client.post(_url(model, "delete", obj.pk), {"post": "yes"}))
    client.post(
        _url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert _snapshot(model, obj.pk) == before

    data = ADD_DATA.get(label, lambda b: {"municipality": b.pk})(b)
    response = client.post(_url(model, "add"), data)
    if label in ADD_DATA:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
    assert model._default_manager.filter(model_admin.municipality_filter(b)).count() == count_b


def test_platform_only_pages_refuse_a_municipal_administrator(world):
    client = world["client"]
    platform_only = [(lbl, m) for lbl, m, _a in _registered() if lbl not in MAKERS]
    assert {lbl for lbl, _m in platform_only} >= {
        "accounts.municipality",
        "auth.group",
        "directory.postcodearea",
    }
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    for label, model in platform_only:
        assert _url(model, "changelist") not in index.text, label
        assert client.get(_url(model, "changelist")).status_code == 403, label
        assert client.get(_url(model, "add")).status_code == 403, label
        assert client.post(_url(model, "add"), {"name": "X"}).status_code == 403, label
    other = world["b"]
    assert client.get(_url(Municipality, "change", other.pk)).status_code in (302, 403)
    response = client.post(_url(Municipality, "change", other.pk), {"name": "Overgenomen"})
    assert _refused(response)
    other.refresh_from_db()
    assert other.name == "Andersdorp"


def test_a_user_added_by_an_administrator_lands_in_its_municipality(world):
    response = world["client"].post(
        _url(User, "add"),
        {
            **ADD_DATA["accounts.user"](world["b"]),
            "role": Role.ANALYST,
        },
    )
    assert response.status_code == 302, response.text
    created = User.objects.get(username="overname")
    assert (created.municipality, created.role, created.is_superuser, created.is_staff) == (
        world["a"],
        Role.ANALYST,
        False,
        False,
    )


def test_an_administrator_cannot_hand_out_the_national_role(world):
    response = world["client"].get(_url(User, "add"))
    choices = [value for value, _label in response.context["adminform"].form.fields["role"].choices]
    assert Role.NATIONAL not in choices
    assert Role.ADMINISTRATOR in choices
