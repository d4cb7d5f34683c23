"""The administration (``/beheer/``): who gets in, and one base class that keeps every admin page
to the municipality of the administrator.

Access follows :mod:`kansen.web.accounts.permissions`: the municipal administrator manages the
models of :data:`~kansen.web.accounts.permissions.ADMIN_MODELS`, and only its own municipality's
objects there; everything else is for the platform administrator. A logged-in user without access
gets a "no access" page (403), not a second login form; visitors log in on the site's own page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import permissions
from .permissions import Action

#: Texts of Django's admin templates that Django's own Dutch catalog lacks (hidden table headers
#: a screen reader reads out); named here so that `make messages` keeps their Dutch.
ADMIN_TEXTS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)

# Django's admin and model form classes are generic in django-stubs only: subscripting them at
# run time fails (django_stubs_ext.monkeypatch() would patch Django for it). The bases below are
# what every admin module subclasses; they hold objects of any model.
if TYPE_CHECKING:
    ModelAdmin = admin.ModelAdmin[Any]
    TabularInline = admin.TabularInline[Any, Any]
    StackedInline = admin.StackedInline[Any, Any]
    ModelForm = forms.ModelForm[Any]
else:
    ModelAdmin = admin.ModelAdmin
    TabularInline = admin.TabularInline
    StackedInline = admin.StackedInline
    ModelForm = forms.ModelForm


class KansenAdminSite(admin.AdminSite):
    site_header = _("Administration")
    site_title = _("Administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.can(request.user, Action.USE_ADMIN)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            logout = reverse("admin:logout", current_app=self.name)
            if request.path != logout and not self.has_permission(request):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
                raise PermissionDenied(permissions.refusal(Action.USE_ADMIN))
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One login page for the whole site: visitors go there; users without access get 403."""
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise PermissionDenied(permissions.refusal(Action.USE_ADMIN))
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(target, settings.LOGIN_URL)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Register as usual; an admin that is not municipality-scoped (Django's groups, other
        packages' pages) is kept for the platform administrator."""
        super().register(model_or_iterable, admin_class, **options)
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        for model in models:
            model_admin = self._registry.get(model)  # swapped models are not registered
            if model_admin is not None and not isinstance(model_admin, MunicipalityScopedAdmin):
                _platform_only(model_admin)


def _platform_only(model_admin: ModelAdmin) -> None:
    """Let only platform administrators use ``model_admin`` (on the instance: no subclassing of
    other packages' classes needed)."""
    for name in (
        "has_module_permission",
        "has_view_permission",
        "has_add_permission",
        "has_change_permission",
        "has_delete_permission",
    ):
        original = getattr(model_admin, name)

        def check(request: HttpRequest, *args: Any, _original: Any = original) -> bool:
            return bool(request.user.is_superuser) and bool(_original(request, *args))

        setattr(model_admin, name, check)


class MunicipalityScopedAdmin(ModelAdmin):
    """An admin page limited to the objects of the administrator's own municipality.

    - the list and every object view show only the municipality's objects (others: not there);
    - choices of foreign keys and many-to-many fields offer only the municipality's objects;
    - saving sets the municipality to the administrator's own, whatever the form said;
    - what the page allows (view, add, change, delete) comes from
      :data:`~kansen.web.accounts.permissions.ADMIN_MODELS`.

    Platform administrators see and change everything.
    """

    #: The lookup from the model to its municipality (a foreign key to Municipality); empty
    #: for national data that no municipality owns (the platform administrator's).
    municipality_path: str = "municipality"

    # -- which objects

    def municipality_filter(self, municipality: Any) -> Q:
        """The objects of ``municipality``; override for models that name it otherwise."""
        if not self.municipality_path:
            return Q(pk__in=[])
        return Q(**{self.municipality_path: municipality})

    def scope(self, request: HttpRequest, qs: QuerySet[Any]) -> QuerySet[Any]:
        user = request.user
        if user.is_superuser:
            return qs
        own = permissions.own_municipality_id(user)
        if own is None or not user.is_authenticated:
            return qs.none()
        return qs.filter(self.municipality_filter(user.municipality))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope(request, super().get_queryset(request))

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = super().get_list_filter(request)
        if request.user.is_superuser or not self.municipality_path:
            return filters
        return [f for f in filters if f != self.municipality_path]

    def in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        if obj.pk is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_field_queryset(self, db: Any, db_field: Any, request: HttpRequest) -> Any:
        """Choices of a relation: the municipality's own objects only."""
        qs = super().get_field_queryset(db, db_field, request)
        if request.user.is_superuser:
            return qs
        model = db_field.remote_field.model
        if qs is None:
            qs = model._default_manager.using(db).all()
        return scoped_choices(self.admin_site, request, model, qs)

    # -- what the page allows

    def _allowed(self, request: HttpRequest, action: str) -> bool:
        return permissions.can_admin(request.user, self.model._meta.label, action)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, "view") or self._allowed(request, "change")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = self._allowed(request, "view") or self._allowed(request, "change")
        return allowed and self.in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, "change") and self.in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, "delete") and self.in_scope(request, obj)

    # -- saving

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        obj = super().save_form(request, form, change)
        if not request.user.is_superuser:
            self.force_municipality(request, obj)
        return obj

    def force_municipality(self, request: HttpRequest, obj: Any) -> None:
        """Put ``obj`` in the administrator's municipality (before any save)."""
        if not self.municipality_path or "__" in self.municipality_path:
            return
        own = permissions.own_municipality_id(request.user)
        if own is None:
            raise PermissionDenied(permissions.refusal(Action.USE_ADMIN))
        setattr(obj, f"{self.municipality_path}_id", own)


class TenantFormAdmin(MunicipalityScopedAdmin):
    """A scoped admin whose form checks its input against the administrator's municipality (the
    form's ``tenant``; None for platform administrators) and whose objects are saved through
    their app's write path (:meth:`store`), in the administrator's municipality."""

    #: Why a user without a municipality may not save here.
    refusal: str = "only staff of a municipality manage this"

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser:
            return form
        tenant = getattr(request.user, "municipality", None)
        return type(f"Tenant{form.__name__}", (form,), {"tenant": tenant})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.is_superuser:
            tenant_id: int | None = getattr(request.user, "municipality_id", None)
            if tenant_id is None:
                raise PermissionDenied(self.refusal)
            obj.municipality_id = tenant_id
        self.store(obj)

    def store(self, obj: Any) -> None:
        """Save ``obj`` through its app's write path."""
        raise NotImplementedError


class ScopedInlineMixin:
    """An inline shown to whoever may view its parent's page (the parent is scoped)."""

    #: Set by Django's InlineModelAdmin, which this is mixed into.
    parent_model: type[Model]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_admin(request.user, self.parent_model._meta.label, "view")


def scoped_choices(
    site: admin.AdminSite, request: HttpRequest, model: type[Model], qs: QuerySet[Any]
) -> QuerySet[Any]:
    """``qs`` (objects of ``model``) limited to what the administrator's municipality holds."""
    from .models import Municipality

    own = permissions.own_municipality_id(request.user)
    if model is Municipality:
        return qs.filter(pk=own) if own is not None else qs.none()
    related_admin = site._registry.get(model)
    if isinstance(related_admin, MunicipalityScopedAdmin):
        return related_admin.scope(request, qs)
    return qs
