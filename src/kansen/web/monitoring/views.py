"""Pages of the monitoring app: a plan's dashboard, the forms for goals, indicators and
measurements, the learning evaluations with their actions, and the yearly report."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansen.web.accounts import permissions
from kansen.web.accounts.permissions import Action
from kansen.web.plans.models import Plan, PlanStatus
from kansen.web.plans.report import euros

from . import report as yearly
from . import selectors, services
from .forms import (
    ActionForm,
    GoalForm,
    IndicatorForm,
    MeasurementForm,
    ReportTemplateForm,
    SessionForm,
    YearReportForm,
)
from .models import Goal, Indicator
from .progress import goal_views, plain


def today() -> date:
    """The date overdue actions are judged by (a function, so tests can fix it)."""
    return timezone.localdate()


def _url(plan: Plan, name: str = "dashboard", *args: Any) -> str:
    return reverse(f"monitoring:{name}", args=[plan.municipality.slug, plan.slug, *args])


def _plan_url(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.municipality.slug, plan.slug])


def _years(plan: Plan) -> list[int]:
    return list(range(plan.first_year, plan.last_year + 1))


def dashboard(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_to_read(request.user, municipality, slug)
    insider = selectors.is_insider(request.user, plan)
    labels = selectors.item_labels(plan)
    when = today()
    reports = list(selectors.year_reports(plan) if insider else selectors.public_reports(plan))
    context = {
        "plan": plan,
        "insider": insider,
        "can_edit": selectors.can_edit(request.user, plan),
        "can_load_figures": permissions.can(
            request.user, Action.IMPORT_OFFICIAL_FIGURES, plan.municipality
        ),
        "goals": goal_views(selectors.goals(plan), labels),
        "actions": list(selectors.open_actions(plan)) if insider else [],
        "today": when,
        "dashboard_public": selectors.dashboard_is_public(plan),
        "plan_published": plan.status == PlanStatus.PUBLISHED,
        "years": _years(plan) if insider else [r.year for r in reports],
        "public_years": {r.year for r in reports if r.is_public},
    }
    return render(request, "monitoring/dashboard.html", context)


# ---------------------------------------------------------------------------------------------
# Goals, indicators, measurements


@login_required
def goal_form(
    request: HttpRequest, municipality: str, slug: str, goal: str | None = None
) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    existing: Goal | None = selectors.goal(plan, goal) if goal else None
    labels = selectors.item_labels(plan)
    initial = {}
    if existing is not None:
        initial = {
            "title": existing.title,
            "description": existing.description,
            "items": existing.items,
        }
    form = GoalForm(request.POST or None, initial=initial, items=labels)
    if request.method == "POST" and form.is_valid():
        # two goals of one name cannot be told apart (on the dashboard, in the report)
        others = selectors.goals(plan)
        if existing is not None:
            others = others.exclude(pk=existing.pk)
        title = " ".join(form.cleaned_data["title"].split())
        if any(" ".join(g.title.split()).casefold() == title.casefold() for g in others):
            form.add_error(
                "title", _("The plan has a goal “%(title)s” already.") % {"title": title}
            )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if existing is None:
            existing = services.create_goal(
                plan, title=data["title"], description=data["description"], items=data["items"]
            )
            messages.success(request, _("The goal has been added. Add an indicator to it."))
        else:
            services.update_goal(
                existing, title=data["title"], description=data["description"], items=data["items"]
            )
            messages.success(request, _("The goal has been saved."))
        return redirect(_url(plan) + f"#doel-{existing.uuid}")
    return render(
        request,
        "monitoring/form.html",
        {
            "plan": plan,
            "form": form,
            "title": _("Change the goal") if existing else _("New goal"),
            "submit": _("Save the goal"),
            "delete_url": _url(plan, "goal_delete", existing.uuid) if existing else "",
            "back": _url(plan),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, municipality: str, slug: str, goal: str) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    services.delete_goal(selectors.goal(plan, goal))
    messages.success(request, _("The goal has been removed, with its indicators."))
    return redirect(_url(plan))


def _initial(instance: Any, names: Any) -> dict[str, Any]:
    """The stored values as a form shows them: a figure as typed, without the zeros its column
    adds (``38,5``, not ``38,5000``)."""
    values = {name: getattr(instance, name) for name in names}
    return {k: plain(v) if isinstance(v, Decimal) else v for k, v in values.items()}


def _indicator_initial(indicator: Indicator) -> dict[str, Any]:
    return _initial(indicator, [*IndicatorForm.base_fields, "items"])


@login_required
def indicator_form(
    request: HttpRequest,
    municipality: str,
    slug: str,
    goal: str | None = None,
    indicator: str | None = None,
) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    existing = selectors.indicator(plan, indicator) if indicator else None
    owner = existing.goal if existing is not None else selectors.goal(plan, goal)
    labels = selectors.item_labels(plan)
    initial: dict[str, Any] = {
        "direction": "higher",
        "source_kind": "manual",
        "target_kind": "absolute",
    }
    if existing is not None:
        initial = _indicator_initial(existing)
    form = IndicatorForm(
        request.POST or None, initial=initial, plan=plan, user=request.user, items=labels
    )
    if request.method == "POST" and form.is_valid():
        if existing is None:
            existing = services.create_indicator(owner, form.cleaned_data, request.user)
            messages.success(request, _("The indicator has been added."))
        else:
            services.update_indicator(existing, form.cleaned_data, request.user)
            messages.success(request, _("The indicator has been saved."))
        return redirect(_url(plan) + f"#indicator-{existing.uuid}")
    return render(
        request,
        "monitoring/form.html",
        {
            "plan": plan,
            "form": form,
            "title": _("Change the indicator") if existing else _("New indicator"),
            "intro": _("Goal: %(goal)s") % {"goal": owner.title},
            "submit": _("Save the indicator"),
            "delete_url": _url(plan, "indicator_delete", existing.uuid) if existing else "",
            "back": _url(plan) + f"#doel-{owner.uuid}",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def indicator_delete(
    request: HttpRequest, municipality: str, slug: str, indicator: str
) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    services.delete_indicator(selectors.indicator(plan, indicator))
    messages.success(request, _("The indicator has been removed, with its measurements."))
    return redirect(_url(plan))


_MEASUREMENT_FIELDS = ("year", "date", "value", "source", "count", "lower", "upper", "note")


@login_required
def measurement_form(
    request: HttpRequest,
    municipality: str,
    slug: str,
    indicator: str,
    measurement: int | None = None,
) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    owner = selectors.indicator(plan, indicator)
    existing = selectors.measurement(owner, measurement) if measurement is not None else None
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = _initial(existing, _MEASUREMENT_FIELDS)
    form = MeasurementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if existing is None:
                services.add_measurement(owner, user=request.user, **form.cleaned_data)
            else:
                services.update_measurement(existing, user=request.user, **form.cleaned_data)
        except services.DuplicateMeasurement as error:
            form.add_error(
                "date" if error.date else "year",
                _("There is a measurement of %(when)s already; change that one instead.")
                % {"when": error.when},
            )
        else:
            messages.success(
                request,
                _("The measurement has been added.")
                if existing is None
                else _("The measurement has been saved."),
            )
            return redirect(_url(plan) + f"#indicator-{owner.uuid}")
    return render(
        request,
        "monitoring/form.html",
        {
            "plan": plan,
            "form": form,
            "title": _("Change the measurement") if existing else _("New measurement"),
            "intro": _("Indicator: %(name)s") % {"name": owner.name},
            "submit": _("Save the measurement"),
            "delete_url": _url(plan, "measurement_delete", owner.uuid, existing.pk)
            if existing
            else "",
            "back": _url(plan) + f"#indicator-{owner.uuid}",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def measurement_delete(
    request: HttpRequest, municipality: str, slug: str, indicator: str, measurement: int
) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    owner = selectors.indicator(plan, indicator)
    services.delete_measurement(selectors.measurement(owner, measurement))
    messages.success(request, _("The measurement has been removed."))
    return redirect(_url(plan) + f"#indicator-{owner.uuid}")


@login_required
@require_POST
def publish(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    public = request.POST.get("action") == "publish"
    services.publish_dashboard(plan, public)
    if public and plan.status != PlanStatus.PUBLISHED:
        messages.success(
            request,
            _("The dashboard will be public as soon as the plan is published."),
        )
    elif public:
        messages.success(request, _("The dashboard is public now."))
    else:
        messages.success(request, _("The dashboard is no longer public."))
    return redirect(_url(plan))


# ---------------------------------------------------------------------------------------------
# Learning evaluations


@login_required
def evaluations(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_for_insider(request.user, municipality, slug)
    can_edit = selectors.can_edit(request.user, plan)
    labels = selectors.item_labels(plan)
    form = SessionForm(request.POST or None, items=labels)
    if request.method == "POST":
        if not can_edit:
            raise Http404(_("No such plan."))
        if form.is_valid():
            session = services.record_session(plan, **form.cleaned_data)
            messages.success(request, _("The session has been recorded. Add its actions."))
            return redirect(_url(plan, "session", session.uuid))
    return render(
        request,
        "monitoring/evaluations.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "sessions": _session_rows(plan, labels),
            "form": form,
            "today": today(),
        },
        status=400 if form.errors else 200,
    )


def _session_rows(plan: Plan, labels: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "session": s,
            "items": [labels[i] for i in s.items if i in labels],
            "actions": list(s.actions.all()),
        }
        for s in selectors.sessions(plan)
    ]


@login_required
def session(request: HttpRequest, municipality: str, slug: str, session: str) -> HttpResponse:
    plan = selectors.plan_for_insider(request.user, municipality, slug)
    can_edit = selectors.can_edit(request.user, plan)
    found = selectors.session(plan, session)
    form = ActionForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise Http404(_("No such plan."))
        if form.is_valid():
            services.add_action(found, **form.cleaned_data)
            messages.success(request, _("The action has been added."))
            return redirect(_url(plan, "session", found.uuid) + "#acties")
    labels = selectors.item_labels(plan)
    return render(
        request,
        "monitoring/session.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "session": found,
            "items": [labels[i] for i in found.items if i in labels],
            "actions": list(found.actions.all()),
            "form": form,
            "today": today(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def session_edit(request: HttpRequest, municipality: str, slug: str, session: str) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    found = selectors.session(plan, session)
    initial = {
        "date": found.date,
        "title": found.title,
        "organisations": "\n".join(found.organisations),
        "experts_by_experience": found.experts_by_experience,
        "professionals": "\n".join(f"{p['name']}, {p['role']}" for p in found.professionals),
        "findings": found.findings,
        "items": found.items,
    }
    form = SessionForm(request.POST or None, initial=initial, items=selectors.item_labels(plan))
    if request.method == "POST" and form.is_valid():
        services.update_session(found, **form.cleaned_data)
        messages.success(request, _("The session has been saved."))
        return redirect(_url(plan, "session", found.uuid))
    return render(
        request,
        "monitoring/form.html",
        {
            "plan": plan,
            "form": form,
            "title": _("Change the session"),
            "submit": _("Save the session"),
            "back": _url(plan, "session", found.uuid),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def action_done(request: HttpRequest, municipality: str, slug: str, action: int) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    found = selectors.action(plan, action)
    done = request.POST.get("done") == "1"
    services.set_action_done(found, today() if done else None)
    messages.success(
        request, _("The action is marked as done.") if done else _("The action is open again.")
    )
    return redirect(_url(plan, "session", found.session.uuid) + "#acties")


# ---------------------------------------------------------------------------------------------
# The yearly report


def _year(plan: Plan, year: int) -> int:
    if year not in _years(plan):
        raise Http404(_("This plan has no such year."))
    return year


@login_required
def report_settings(request: HttpRequest, municipality: str, slug: str, year: int) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    _year(plan, year)
    saved = selectors.year_report(plan, year)
    rows = yearly.cost_lines(plan, year)
    initial: dict[str, Any] = (
        {"next_year": saved.next_year, "is_public": saved.is_public} if saved else {}
    )
    for number, row in enumerate(rows):
        initial[f"spent_{number}"] = None if row.spent is None else plain(row.spent)
    form = YearReportForm(
        request.POST or None,
        initial=initial,
        lines=[(row.line, row.label, euros(row.budget)) for row in rows],
    )
    if request.method == "POST" and form.is_valid():
        services.save_year_report(
            plan,
            year,
            next_year=form.cleaned_data["next_year"],
            is_public=form.cleaned_data["is_public"],
        )
        services.set_spending(plan, year, form.spending())
        messages.success(request, _("The yearly report has been saved."))
        return redirect(_url(plan) + "#rapportage")
    return render(
        request,
        "monitoring/form.html",
        {
            "plan": plan,
            "form": form,
            "title": _("Yearly report %(year)s") % {"year": year},
            "intro": _(
                "The report is made from the goals, measurements, money and evaluation "
                "sessions each time it is downloaded; here you record the money spent per cost "
                "line of the financial overview, what changes next year, and whether the "
                "report is public on the plan page."
            ),
            "submit": _("Save"),
            "back": _url(plan) + "#rapportage",
        },
        status=400 if form.errors else 200,
    )


@login_required
def report_template(request: HttpRequest) -> HttpResponse:
    """The structure of the yearly reports of the user's municipality (all its plans)."""
    user = request.user
    municipality = getattr(user, "municipality", None)
    if municipality is None:  # a platform administrator has no municipality to set it for
        raise PermissionDenied(permissions.refusal(Action.EDIT_PLANS))
    permissions.require(user, Action.EDIT_PLANS, municipality)
    sections = yearly.template_sections_of(municipality)
    defaults = [(key, yearly.SECTIONS[key]) for key in yearly.SECTIONS]
    initial: dict[str, Any] = {}
    for place, section in enumerate(sections, 1):
        key = section["key"]
        initial.update(
            {
                f"{key}_include": section["include"],
                f"{key}_position": place,
                f"{key}_title": section["title"],
                f"{key}_intro": section["intro"],
            }
        )
    form = ReportTemplateForm(request.POST or None, initial=initial, sections=defaults)
    if request.method == "POST" and form.is_valid():
        services.save_report_template(municipality, form.chosen())
        messages.success(request, _("The structure of the yearly reports has been saved."))
        return redirect(reverse("monitoring:template"))
    return render(
        request,
        "monitoring/template.html",
        {"form": form, "municipality": municipality, "sections": defaults},
        status=400 if form.errors else 200,
    )


REPORT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def report_download(
    request: HttpRequest, municipality: str, slug: str, year: int, fmt: str
) -> HttpResponse:
    if fmt not in REPORT_TYPES:
        raise Http404(_("Unknown download."))
    plan = selectors.report_to_read(request.user, municipality, slug, year)
    _year(plan, year)
    started = time.perf_counter()
    content = yearly.yearly_report(plan, year, fmt, today=today())
    response = HttpResponse(content, content_type=REPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-rapportage-{year}.{fmt}"'
    response["Server-Timing"] = f"report;dur={(time.perf_counter() - started) * 1000:.0f}"
    return response


# ---------------------------------------------------------------------------------------------
# Official figures from CBS


@login_required
def cbs_import(request: HttpRequest) -> HttpResponse:
    """``kansen import cbs TABLE`` from a page: a CBS table into the municipality's area
    figures, through the area-values import (all or nothing, recorded among its imports).

    For analysts and programme leads (official figures for monitoring); the import log it leads
    to afterwards is the area import's, which a programme lead does not keep: they stay here."""
    from kansen.web.accounts.models import User
    from kansen.web.areas import services as area_services
    from kansen.web.areas.models import ImportRun
    from kansen.web.areas.problems import translated
    from kansen.web.core.context_processors import shown_municipality

    from . import cbs

    municipality = shown_municipality(request)
    permissions.require(request.user, Action.IMPORT_OFFICIAL_FIGURES, municipality)
    keeps_imports = permissions.can(request.user, Action.IMPORT_AREA_DATA, municipality)
    form = cbs.CbsImportForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, Any]] = []
    rejected: ImportRun | None = None
    unreachable: cbs.Fetched | None = None
    if request.method == "POST" and form.is_valid():
        fetched = cbs.fetch(form.columns(), municipality.code)
        if fetched.data is None:
            unreachable = fetched
        else:
            try:
                run = area_services.import_values(
                    fetched.data,
                    filename=fetched.filename,
                    municipality=municipality,
                    user=request.user if isinstance(request.user, User) else None,
                    publish=form.cleaned_data["publish"],
                    official=True,
                )
            except area_services.ImportFailed as failed:
                rejected = failed.run
                problems = [translated(p) for p in failed.run.problems]
            else:
                if keeps_imports:
                    messages.success(request, _("%(file)s was imported.") % {"file": run.filename})
                    return redirect("areas:import_detail", pk=run.pk)
                summary = run.summary or {}
                messages.success(
                    request,
                    _("%(file)s was imported: %(n)s figures for %(areas)s areas.")
                    % {
                        "file": run.filename,
                        "n": summary.get("observations", 0),
                        "areas": summary.get("areas", 0),
                    },
                )
                return redirect("monitoring:cbs_import")
    refused = bool(form.errors) or rejected is not None or unreachable is not None
    return render(
        request,
        "monitoring/cbs_import.html",
        {
            "form": form,
            "municipality": municipality,
            "keeps_imports": keeps_imports,
            "tables": cbs.TABLES,
            "unreachable": unreachable,
            "rejected": rejected,
            "problems": problems,
            "problems_total": rejected.summary.get("problems_total", len(problems))
            if rejected
            else 0,
        },
        status=(503 if unreachable and unreachable.unreachable else 400) if refused else 200,
    )
