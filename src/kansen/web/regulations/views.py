"""The public eligibility check ("Check uw recht op regelingen"): no login, nothing stored.

The answers live only in the request: they are checked, shown, and posted again by the
result page's buttons (for the PDF, or to change them). Nothing is written to the database or
the session, and the pages are never cached.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kansen.eligibility import EligibilityError, NormNotFound
from kansen.web.accounts.models import Municipality
from kansen.web.core.context_processors import shown_municipality
from kansen.web.directory.languages import content_language, language_links

from . import check as eligibility_check
from .forms import CheckForm
from .pdf import html_to_pdf
from .selectors import published_regulations

logger = logging.getLogger(__name__)


def _form(municipality: Municipality, **kwargs: Any) -> CheckForm:
    return CheckForm(municipality_name=municipality.name, **kwargs)


def _language(request: HttpRequest) -> str | None:
    """The language the resident chose for the regulations' texts (``taal``, in the query on
    the first visit, then posted with the answers); None for Dutch."""
    return content_language(request.POST.get("taal") or request.GET.get("taal"))


def _language_context(request: HttpRequest) -> dict[str, Any]:
    language = _language(request)
    return {
        "content_language": language or "",
        "language_links": language_links(QueryDict(mutable=True), language),
        "languages_label": _("Show the explanation of the regulations also in"),
        "languages_note": _(
            "Where a regulation has no translation, you see only its Dutch text. The questions "
            "and the reasons stay in the language of this site."
        ),
    }


def _form_page(
    request: HttpRequest, municipality: Municipality, form: CheckForm, *, problem: str = ""
) -> HttpResponse:
    context = {
        "municipality": municipality,
        "form": form,
        "regulation_count": len(published_regulations(municipality)),
        "problem": problem,
        **_language_context(request),
    }
    return render(request, "regulations/check.html", context)


def _checked(
    request: HttpRequest, municipality: Municipality
) -> tuple[CheckForm, eligibility_check.CheckResult | None, str]:
    """The posted form and, when it is valid, the result (or why there is none)."""
    form = _form(municipality, data=request.POST)
    if not form.is_valid():
        return form, None, ""
    on = eligibility_check.today()
    try:
        result = eligibility_check.run_check(municipality, form.answers(), on, _language(request))
        return form, result, ""
    except NormNotFound as error:
        logger.error("eligibility check unavailable: %s", error)
        problem = _(
            "The check cannot be done at the moment: the social minimum for %(date)s has not "
            "been entered in the platform yet. Please ask %(name)s."
        ) % {"date": on.isoformat(), "name": municipality.name}
        return form, None, problem
    except EligibilityError as error:  # the form checks what the library checks
        logger.error("answers refused by the eligibility check: %s", error)
        form.add_error(None, _("These answers cannot be checked; please check them."))
        return form, None, ""


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """The questions (GET), or the result for the answers posted."""
    municipality = shown_municipality(request)
    if request.method != "POST":
        return _form_page(request, municipality, _form(municipality))
    if "change" in request.POST:
        # "Change your answers" on the result page: the questions again, filled in as typed
        initial = {name: request.POST.get(name, "") for name in CheckForm.base_fields}
        return _form_page(request, municipality, _form(municipality, initial=initial))
    form, result, problem = _checked(request, municipality)
    if result is None:
        return _form_page(request, municipality, form, problem=problem)
    context = {
        "result": result,
        "answered": form.answered(),
        "form": form,
        **_language_context(request),
    }
    return render(request, "regulations/result.html", context)


@never_cache
@require_POST
def check_pdf(request: HttpRequest) -> HttpResponse:
    """The result for the answers posted, as a PDF to print or save."""
    municipality = shown_municipality(request)
    form, result, problem = _checked(request, municipality)
    if result is None:
        return _form_page(request, municipality, form, problem=problem)
    context = {
        "result": result,
        "form": form,
        "check_url": request.build_absolute_uri(reverse("regulations:check")),
    }
    html = render_to_string("regulations/result_pdf.html", context, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = f"regelingen-{municipality.slug}-{result.on.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response
