"""The norms page of the platform administrator: status, history, a new period, CSV import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from kansen.eligibility import EligibilityError, NormFileError, NormProblem
from kansen.web.accounts import permissions
from kansen.web.accounts.permissions import Action

from . import selectors, services
from .constants import CHILDREN_VALUE, situation_key
from .forms import ImportForm, PeriodForm


def _platform_admin(request: HttpRequest) -> None:
    permissions.require(request.user, Action.KEEP_NORMS)


def _previous() -> dict[str, tuple[Decimal, Decimal]]:
    """The amounts of the newest period in use, as hints beside the fields."""
    table = selectors.platform_norms()
    latest = table.norms[-1].valid_from
    return {
        situation_key((n.household, n.age_band, n.with_children)): (
            n.incl_holiday_allowance,
            n.excl_holiday_allowance,
        )
        for n in table.norms
        if n.valid_from == latest
    }


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    _platform_admin(request)
    previous = _previous()
    form = PeriodForm(previous=previous)
    import_form = ImportForm()
    problems: list[dict[str, Any]] = []
    rejected = ""
    if request.method == "POST" and request.POST.get("action") == "add":
        form = PeriodForm(request.POST, previous=previous)
        if form.is_valid():
            try:
                period = services.add_period(
                    request.user,
                    form.cleaned_data["valid_from"],
                    form.cleaned_data["source"],
                    form.amounts(),
                    form.cleaned_data["note"],
                )
            except EligibilityError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("The norms from %(date)s have been added.")
                    % {"date": formats.date_format(period.valid_from, "j F Y")},
                )
                return redirect("norms:index")
    elif request.method == "POST" and request.POST.get("action") == "import":
        import_form = ImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            try:
                periods = services.import_csv(request.user, upload.name, upload.read())
            except NormFileError as error:
                problems = [problem_text(p) for p in error.details] or [
                    {"row": None, "column": None, "message": line} for line in error.problems
                ]
                rejected = upload.name
            except EligibilityError as error:
                problems = [{"row": None, "column": None, "message": str(error)}]
                rejected = upload.name
            else:
                messages.success(
                    request,
                    _("Imported the norms from %(dates)s.")
                    % {
                        "dates": ", ".join(
                            formats.date_format(p.valid_from, "j F Y") for p in periods
                        )
                    },
                )
                return redirect("norms:index")
    status = selectors.status()
    return render(
        request,
        "norms/index.html",
        {
            "status": status,
            "history": selectors.history(),
            "form": form,
            "import_form": import_form,
            "problems": problems,
            "rejected_file": rejected,
            "children_value": CHILDREN_VALUE,
        },
        status=400 if problems or form.errors or import_form.errors else 200,
    )


#: Every code of :data:`kansen.eligibility.NORM_PROBLEM_TEXTS` as a gettext message (the same
#: English: a test compares the two).
PROBLEM_MESSAGES: dict[str, Promise] = {
    "not-a-date": _lazy("Enter a date as 2027-01-01."),
    "not-a-choice": _lazy("Use one of the values of the packaged file."),
    "not-an-amount": _lazy("Enter an amount in euros above 0 and below 100000, like 1419.46."),
    "text-required": _lazy("Enter where the amount comes from."),
    "not-a-whole-number": _lazy("Enter a whole number."),
    "source-form": _lazy(
        "Write a law as 'Participatiewet art. <articles> as in force from <YYYY-MM-DD> (<url>)'."
    ),
    "excl-above-incl": _lazy("The amount without holiday allowance cannot be more than with it."),
    "missing-columns": _lazy("The file misses these columns:"),
    "not-utf8": _lazy("Save the file as UTF-8 (CSV UTF-8)."),
    "duplicate": _lazy("A situation appears more than once on this date:"),
    "incomplete-period": _lazy("A date needs all nine situations; missing:"),
}


def problem_text(problem: NormProblem) -> dict[str, Any]:
    """A problem of a norms file in the interface language, with its row and column."""
    message = str(PROBLEM_MESSAGES.get(problem.text_code, problem.code))
    return {
        "row": problem.row or None,
        "column": problem.column or None,
        "message": message,
        "value": problem.value,
    }
