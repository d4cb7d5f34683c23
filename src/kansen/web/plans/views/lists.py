"""The list of plans and a new plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import NewPlanForm
from ._common import current_user, own_municipality, plan_url


def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = list(selectors.own_plans(user))
    municipality = getattr(user, "municipality", None)
    published = [p for p in selectors.published_plans() if p.municipality != municipality]
    return render(
        request,
        "plans/list.html",
        {
            "own": own,
            "published": published,
            "municipality": municipality,
            "can_create": municipality is not None and selectors.can_edit(user, municipality),
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    municipality = own_municipality(request)
    form = NewPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        doc = services.new_document(
            municipality,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"].strip(),
            period=form.cleaned_data["period"],
            template=form.cleaned_data["template"],
        )
        plan = services.create_plan(municipality, current_user(request), doc)
        messages.success(request, _("The plan has been created."))
        return redirect(plan_url(plan))
    return render(request, "plans/create.html", {"form": form, "municipality": municipality})
