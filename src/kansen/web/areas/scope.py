"""The scope of the area pages: one municipality, a province, or the whole country.

The national network and platform administrators choose it with ``?scope=`` on the map, the
index builder and the allocation (``NL`` for the country, a CBS province code such as ``PV27``
for a province, a CBS code such as ``GM0363`` for one municipality); everybody else sees the
portal's municipality, as before. A scope only narrows
what is *shown*: which figures a user may read is still :meth:`IndicatorQuerySet.visible_to`
(published figures of every municipality and the national ones, and one's own drafts), and a
scope never gives a right to write.

The country and a province are unsaved :class:`Municipality` objects with the code ``NL`` or
``PV..``: the pages, layers and exports take a municipality for its name and code, and
:func:`in_scope` turns its code into the filter on areas (none for the country; a province's
municipalities from :mod:`.provinces`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, ParamSpec

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kansen.web.accounts import permissions
from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality
from kansen.web.accounts.permissions import Action
from kansen.web.core.context_processors import shown_municipality

from .constants import AreaLevel
from .models import Area
from .provinces import PROVINCE_CODE, provinces

#: The scope code of the whole country.
NATIONAL = "NL"
_MUNICIPALITY_CODE = re.compile(r"GM\d{4}")


class EmptyScope(Http404):
    """A scope one may choose that has no areas: a municipality or province of which nothing
    has been imported. Views wrapped in :func:`shows_scope` answer 404 with the scope chooser;
    elsewhere it is an ordinary 404."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def may_choose_scope(user: Any) -> bool:
    """The national network and platform administrators look at any municipality or all."""
    return permissions.can(user, Action.READ_NATIONAL_VIEW)


def national() -> Municipality:
    """The country as the pages' "municipality" (never saved: nothing is written for it)."""
    return Municipality(code=NATIONAL, name=_("the Netherlands"), slug="nederland")


def is_national(municipality: Municipality) -> bool:
    return municipality.code == NATIONAL


def is_province(municipality: Municipality) -> bool:
    return bool(PROVINCE_CODE.fullmatch(municipality.code))


def province(code: str) -> Municipality:
    """A province (CBS code ``PV..``) as the pages' "municipality" (never saved)."""
    found = provinces().get(code)
    if found is None:
        raise Http404(_("Unknown province %(code)s: expected PV20 to PV31.") % {"code": code})
    return Municipality(
        code=code, name=_("%(name)s (province)") % {"name": found.name}, slug=code.lower()
    )


def in_scope(code: str, prefix: str = "") -> dict[str, Any]:
    """The filter on ``municipality_code`` for a scope code (none for the country)."""
    if code == NATIONAL:
        return {}
    if PROVINCE_CODE.fullmatch(code):
        found = provinces().get(code)
        members = list(found.municipality_codes) if found else []
        return {f"{prefix}municipality_code__in": members}
    return {f"{prefix}municipality_code": code}


def scoped_municipality(request: HttpRequest) -> Municipality:
    """What the area pages show: the scope chosen with ``?scope=``, else the default: the
    country for the national network (it has no municipality of its own, and the portal's is
    not what it looks at: ADR 0030), the portal's municipality for everybody else.

    A code the user may not choose is ignored (the portal's municipality is shown); a code
    without any area is not found.
    """
    user = getattr(request, "user", None)
    asked = str(request.GET.get("scope") or "").strip().upper()
    if not asked and permissions.matrix_role(user) == Role.NATIONAL:
        return national()
    if not asked or not may_choose_scope(user):
        return shown_municipality(request)
    if asked == NATIONAL:
        return national()
    if PROVINCE_CODE.fullmatch(asked):
        found_province = province(asked)
        if not Area.objects.filter(**in_scope(asked)).exists():
            raise EmptyScope(
                asked,
                _("No areas of %(name)s have been imported.") % {"name": found_province.name},
            )
        return found_province
    if not _MUNICIPALITY_CODE.fullmatch(asked):
        raise Http404(
            _(
                "Unknown scope: expected NL, a province code such as PV27 or a municipality "
                "code such as GM0363."
            )
        )
    found = Municipality.objects.filter(code=asked).first()
    if found is not None:
        return found
    area = (
        Area.objects.filter(code=asked, level=AreaLevel.MUNICIPALITY)
        .order_by("-year")
        .only("name")
        .first()
    )
    if area is None:
        raise EmptyScope(asked, _("No areas of %(code)s have been imported.") % {"code": asked})
    # a municipality that is not a tenant of the platform: shown by its published figures
    return Municipality(code=asked, name=area.name or asked, slug=asked.lower())


def scope_choices() -> list[tuple[str, str]]:
    """The country, the provinces with areas (by name), then every municipality with areas
    (its newest name), by name."""
    names: dict[str, str] = {}
    for code, name in (
        Area.objects.filter(level=AreaLevel.MUNICIPALITY)
        .order_by("year")
        .values_list("code", "name")
    ):
        names[code] = name or code
    for code, name in Municipality.objects.values_list("code", "name"):
        names.setdefault(code, name)
    with_areas = [
        p for p in provinces().values() if not names.keys().isdisjoint(p.municipality_codes)
    ]
    return [
        (NATIONAL, _("the Netherlands")),
        *sorted(
            ((p.code, _("%(name)s (province)") % {"name": p.name}) for p in with_areas),
            key=lambda pair: pair[1].casefold(),
        ),
        *sorted(((c, f"{n} ({c})") for c, n in names.items()), key=lambda pair: pair[1].casefold()),
    ]


def scope_context(request: HttpRequest, municipality: Municipality) -> dict[str, Any]:
    """For ``areas/_scope.html``: the choices and the current scope, for those who choose."""
    if not may_choose_scope(getattr(request, "user", None)):
        return {"scope": None}
    return {
        "scope": {
            "current": municipality.code,
            "chosen": bool(request.GET.get("scope")),
            "choices": scope_choices(),
        }
    }


_P = ParamSpec("_P")


def shows_scope(view: Callable[_P, HttpResponse]) -> Callable[_P, HttpResponse]:
    """A page with a scope: a chosen scope without areas answers 404 with what is missing and
    the scope chooser, the same for a municipality and a province (and a link back to the page
    without a scope)."""

    @functools.wraps(view)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except EmptyScope as empty:
            request = args[0]
            assert isinstance(request, HttpRequest)
            shown = Municipality(code=empty.code, name=empty.code)
            return render(
                request,
                "areas/empty_scope.html",
                {"message": empty.message, **scope_context(request, shown)},
                status=404,
            )

    return wrapped
