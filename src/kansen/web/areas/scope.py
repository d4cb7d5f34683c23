"""The scope of the area pages: one municipality, or the whole country.

The national network and platform administrators choose it with ``?scope=`` on the map, the
index builder and the allocation (``NL`` for the country, a CBS code such as ``GM0363`` for one
municipality); everybody else sees the portal's municipality, as before. A scope only narrows
what is *shown*: which figures a user may read is still :meth:`IndicatorQuerySet.visible_to`
(published figures of every municipality and the national ones, and one's own drafts), and a
scope never gives a right to write.

The country is an unsaved :class:`Municipality` with the code ``NL``: the pages, layers and
exports take a municipality for its name and code, and :func:`in_scope` turns its code into the
filter on areas (none for the country).
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality
from kansen.web.accounts.permissions import Action
from kansen.web.core.context_processors import shown_municipality

from .constants import AreaLevel
from .models import Area

#: The scope code of the whole country.
NATIONAL = "NL"
_MUNICIPALITY_CODE = re.compile(r"GM\d{4}")


def may_choose_scope(user: Any) -> bool:
    """The national network and platform administrators look at any municipality or all."""
    return permissions.can(user, Action.READ_NATIONAL_VIEW)


def national() -> Municipality:
    """The country as the pages' "municipality" (never saved: nothing is written for it)."""
    return Municipality(code=NATIONAL, name=_("the Netherlands"), slug="nederland")


def is_national(municipality: Municipality) -> bool:
    return municipality.code == NATIONAL


def in_scope(code: str, prefix: str = "") -> dict[str, str]:
    """The filter on ``municipality_code`` for a scope code (none for the country)."""
    return {} if code == NATIONAL else {f"{prefix}municipality_code": code}


def scoped_municipality(request: HttpRequest) -> Municipality:
    """What the area pages show: the scope chosen with ``?scope=``, else the portal's.

    A code the user may not choose is ignored (the portal's municipality is shown); a code
    without any area is not found.
    """
    asked = str(request.GET.get("scope") or "").strip().upper()
    if not asked or not may_choose_scope(getattr(request, "user", None)):
        return shown_municipality(request)
    if asked == NATIONAL:
        return national()
    if not _MUNICIPALITY_CODE.fullmatch(asked):
        raise Http404(_("Unknown scope: expected NL or a municipality code such as GM0363."))
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
        raise Http404(_("No areas of %(code)s have been imported.") % {"code": asked})
    # a municipality that is not a tenant of the platform: shown by its published figures
    return Municipality(code=asked, name=area.name or asked, slug=asked.lower())


def scope_choices() -> list[tuple[str, str]]:
    """The country, then every municipality with areas (its newest name), by name."""
    names: dict[str, str] = {}
    for code, name in (
        Area.objects.filter(level=AreaLevel.MUNICIPALITY)
        .order_by("year")
        .values_list("code", "name")
    ):
        names[code] = name or code
    for code, name in Municipality.objects.values_list("code", "name"):
        names.setdefault(code, name)
    return [
        (NATIONAL, _("the Netherlands")),
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
