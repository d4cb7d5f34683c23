"""Publishing a plan and taking it back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services, views
from ._common import current_user, plan_url


@login_required
@require_POST
def publish(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    if request.POST.get("action") == "unpublish":
        services.unpublish(plan, current_user(request))
        messages.success(request, _("The plan is a draft again; its public page is gone."))
        return redirect(plan_url(plan))
    try:
        services.publish(plan, current_user(request), today=views.today())
    except services.PublishRefused as error:
        messages.error(request, str(error))
        return redirect(plan_url(plan) + "#check")
    messages.success(request, _("The plan has been published: anyone can read it now."))
    return redirect(plan_url(plan))
