"""Pages of the plans app: the list, a new plan, an import, the plan page with its check,
money and planning, the part editor, the history, publishing and the downloads."""

from __future__ import annotations

import base64
import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansen.io import load_json
from kansen.plans import (
    ITEM_ID,
    FunderKind,
    PlanFormatError,
    Problem,
    budget_xlsx,
    check_plan,
    compute_overview,
    dumps_plan,
    format_of,
    meetings_calendar,
    parse_frequency,
    plan_docx,
    plan_from_data,
    plan_pdf,
    planning_chart,
    planning_items,
    read_plan_text,
    schema_problems,
    summarise_budget,
)
from kansen.plans import Plan as PlanDocument
from kansen.web.accounts import permissions
from kansen.web.accounts.models import User
from kansen.web.accounts.permissions import Action
from kansen.web.core.htmx import varies_by_htmx, wants_fragment

from . import editor, selectors, services
from .constants import PART_TITLES, choice_label, field_label, part_title
from .fields import FieldType, field_type
from .forms import ImportPlanForm, NewPlanForm
from .models import Plan, PlanChange, PlanStatus
from .report import (
    check_items,
    describe_path,
    euros,
    format_message,
    problem_message,
    report_items,
)


def today() -> date:
    """The date the planning is judged by (a function, so tests can fix it)."""
    return timezone.localdate()


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _plan_url(plan: Plan, name: str = "detail") -> str:
    return reverse(f"plans:{name}", args=[plan.municipality.slug, plan.slug])


def _edit_url(plan: Plan, part: str, anchor: str = "") -> str:
    url = _plan_url(plan, "edit") + "?deel=" + part
    return url + ("#" + anchor if anchor else "")


# ---------------------------------------------------------------------------------------------
# The list, a new plan, an import


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


def _own_municipality(request: HttpRequest) -> Any:
    user = _user(request)
    municipality = user.municipality
    if municipality is None:  # plans belong to a municipality: platform admins have none
        raise PermissionDenied(permissions.refusal(Action.EDIT_PLANS))
    permissions.require(user, Action.EDIT_PLANS, municipality)
    return municipality


@login_required
def create(request: HttpRequest) -> HttpResponse:
    municipality = _own_municipality(request)
    form = NewPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        doc = services.new_document(
            municipality,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"].strip(),
            period=form.cleaned_data["period"],
            template=form.cleaned_data["template"],
        )
        plan = services.create_plan(municipality, _user(request), doc)
        messages.success(request, _("The plan has been created."))
        return redirect(_plan_url(plan))
    return render(request, "plans/create.html", {"form": form, "municipality": municipality})


def _import_problem(problem: Problem) -> tuple[str, ...]:
    """A reading problem as the import page lists it: the path, why, and the line (YAML)."""
    line = str(problem.line) if problem.line is not None else ""
    return problem.path, problem_message(problem), line


def _read_upload(upload: Any) -> tuple[Any, list[Problem]]:
    """The data of an uploaded plan file, or every problem with its path."""
    name = Path(upload.name or "").name
    try:
        file_format = format_of(name)
    except ValueError:
        message = f"expected a .yaml, .yml or .json file; got {name}"
        return None, [Problem("", "error", "upload-suffix", message, params={"name": name})]
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem("", "error", "upload-not-utf8", "the file is not UTF-8 text")]
    try:
        read = read_plan_text(text, file_format, name)
    except PlanFormatError as error:
        return None, list(error.problems)
    data = read.data
    try:
        plan_from_data(data, name)
    except PlanFormatError as error:
        return None, list(read.explain(error.problems))
    return (None, problems) if (problems := schema_problems(data)) else (data, [])


def _record_plan_import(
    request: HttpRequest,
    municipality: Any,
    filename: str,
    problems: list[Problem],
    **summary: Any,
) -> None:
    """Keep the attempt in the municipality's list of imports, accepted or refused.

    Each problem is kept by the code of its wording with its parameters (the list shows it in
    the language of whoever reads it), the path as its column and the line (YAML) as its row;
    its words as they were stay beside, for a code the list does not know.
    """
    from kansen.io import Problem as FileProblem
    from kansen.web.areas.constants import ImportKind
    from kansen.web.areas.services import record_import

    record_import(
        kind=ImportKind.PLAN,
        filename=filename,
        municipality=municipality,
        user=_user(request),
        problems=[
            FileProblem(
                filename,
                p.line,
                p.path or None,
                p.message,
                severity=p.severity,
                code=p.text_code,
                params=json.loads(json.dumps(dict(p.params), default=str)),
            )
            for p in problems
        ],
        summary=summary,
    )


def _refusal(form: ImportPlanForm) -> Problem:
    """Why the form refused a file, as the list of imports keeps it: a file too large by code
    with its limit (listed in the reader's language), anything else in its words."""
    from kansen.web.core.uploads import megabytes, upload_limit

    refused = form.errors.as_data().get("file", [])
    if refused and refused[0].code == "file_too_large":
        limit = megabytes(upload_limit("plan"))
        message = (
            f"The file is larger than {limit}, the most accepted for this kind of file. Split "
            "it, or leave out what is not needed."
        )
        return Problem("", "error", "upload-too-large", message, params={"limit": limit})
    message = " ".join(refused[0].messages) if refused else _("The file was refused.")
    return Problem("", "error", "upload-refused", message)


@login_required
def import_plan(request: HttpRequest) -> HttpResponse:
    municipality = _own_municipality(request)
    form = ImportPlanForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    filename = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = Path(upload.name or "").name
        data, problems = _read_upload(upload)
        if not problems:
            try:
                plan = services.create_plan(
                    municipality,
                    _user(request),
                    data,
                    summary=_("Imported from %(file)s") % {"file": filename},
                )
            except services.InvalidPlan as error:
                problems = list(error.problems)
            else:
                _record_plan_import(request, municipality, filename, [], plan=plan.pk)
                messages.success(request, _("The plan has been imported."))
                return redirect(_plan_url(plan))
        _record_plan_import(request, municipality, filename, problems)
    elif request.method == "POST" and (posted := request.FILES.get("file")) and posted.size:
        # refused by the form (too large); an empty file is only a form error
        _record_plan_import(request, municipality, Path(posted.name or "").name, [_refusal(form)])
    kept = settings.KANSEN_IMPORT_PROBLEMS_KEPT
    more = len(problems) - kept
    counts = [{"column": None, "kind": _("other problems"), "count": more}] if more > 0 else []
    return render(
        request,
        "plans/import.html",
        {
            "form": form,
            "problems": [_import_problem(p) for p in problems[:kept]],
            "problems_total": len(problems),
            "problem_counts": counts,
            "filename": filename,
            "municipality": municipality,
        },
    )


# ---------------------------------------------------------------------------------------------
# The plan page


def _document(plan: Plan) -> PlanDocument:
    return plan_from_data(plan.document)


def _display(node: editor.Node, names: dict[str, str]) -> None:
    """Set ``node.text`` of every field: the value as a reader sees it."""
    for child in node.walk():
        if child.field is not None:
            child.text = child.field.text(child, names)


def _mark_tables(node: editor.Node) -> None:
    """A list whose items have only fields is shown as a table."""
    for child in node.walk():
        if child.kind == "array-objects" and child.children:
            flat = all(all(g.is_field for g in item.children) for item in child.children)
            child.table = flat
            if flat:
                columns = [
                    i
                    for i, _field in enumerate(child.children[0].children)
                    if any(getattr(item.children[i], "text", "") for item in child.children)
                ]
                child.columns = [child.children[0].children[i].label for i in columns]
                child.rows = [
                    (item, [item.children[i] for i in columns]) for item in child.children
                ]
        elif child.kind == "array-objects":
            child.table = False


def _parts(plan: Plan, doc: dict[str, Any]) -> list[dict[str, Any]]:
    names = {
        str(s.get("id")): str(s.get("name"))
        for s in doc.get("stakeholders", [])
        if isinstance(s, dict)
    }
    # The municipality's neighbourhoods, so locations read as names rather than CBS codes.
    options = editor.Options(neighbourhoods=selectors.editor_options(plan).neighbourhoods)
    parts = []
    for part in PART_TITLES:
        tree = editor.build_tree(doc, part, options)
        tree.label = part_title(part)
        _display(tree, names)
        _mark_tables(tree)
        data = editor.data_at(doc, editor.parse_path(part)) if part else doc
        empty = data is editor.MISSING or data in ({}, [], None)
        length = len(data) if isinstance(data, list) else 0
        parts.append(
            {
                "part": part,
                "title": part_title(part),
                "tree": tree,
                "empty": empty,
                "anchor": "deel-" + (part or "algemeen"),
                "add_path": f"{part}[{length}]" if tree.kind == "array-objects" else "",
            }
        )
    return parts


def _overview_rows(document: PlanDocument, reported: set[str]) -> list[dict[str, Any]]:
    """The financial overview computed from its rows beside the totals the document states.

    ``reported``: the paths of the check's errors. A stated figure that differs is plain when
    the check reports it (it disagrees with the figures it is made of as stated); otherwise the
    difference only follows from one reported above it, such as a remainder computed from wrong
    total costs and carried on, and the page says so: the table and the check list never seem
    to disagree."""
    overview = document.financial_overview
    if overview is None or not overview.years:
        return []
    rows = []
    for i, (year, figures) in enumerate(
        zip(overview.years, compute_overview(overview), strict=True)
    ):
        pairs = [
            (_("Total costs"), "total_costs", figures.costs, year.total_costs),
            (_("Carried over"), "carried_over", figures.carried_over, year.carried_over),
            (_("Total means"), "total_means", figures.means, year.total_means),
            (_("Remainder"), "remainder", figures.remainder, year.remainder),
        ]
        lines = []
        for label, field, computed, stated in pairs:
            differs = stated is not None and stated != computed
            lines.append(
                {
                    "label": label,
                    "computed": euros(computed),
                    "stated": euros(stated) if stated is not None else "–",
                    "differs": differs,
                    "difference": euros(abs(stated - computed))
                    if stated is not None and differs
                    else "",
                    "follows": differs and f"financial_overview.years[{i}].{field}" not in reported,
                }
            )
        rows.append({"year": year.year, "lines": lines})
    return rows


def _money_rows(document: PlanDocument) -> list[dict[str, Any]]:
    """Budget and financing of every intervention and experiment, computed from the lines."""
    rows = []
    for path, activity in document.activities():
        summary = summarise_budget(activity)
        if not (activity.budget or activity.financing):
            continue
        rows.append(
            {
                "name": activity.name,
                "part": path,
                "budget": euros(summary.budget),
                "budget_pm": summary.budget_pending,
                "financing": euros(summary.financing),
                "financing_pm": summary.financing_pending,
                "gka": euros(summary.by_funder.get(FunderKind.GKA, Decimal(0))),
                "short": euros(summary.shortfall) if summary.shortfall else "",
            }
        )
    return rows


@lru_cache(maxsize=32)
def _chart(document_json: str, when: date) -> str:
    """The planning chart of a document on a day, drawn once (drawing takes most of a second;
    keyed by the document itself, so an edit or another plan never gets a stale chart)."""
    document = plan_from_data(json.loads(document_json))
    return planning_chart(document, today=when, format="svg").decode("utf-8")


def _chart_image(plan: Plan, document: PlanDocument, when: date) -> dict[str, str]:
    """The planning chart as an image (a data: address) with its text alternative.

    An image rather than SVG in the page: the chart's inline styles stay inside the image
    (the Content-Security-Policy forbids them in the page) and nothing in it can run.
    """
    svg = _chart(json.dumps(plan.document, sort_keys=True), when)
    label = _("Planning by quarter of %(title)s; the table below gives the same information.") % {
        "title": document.title
    }
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return {"src": f"data:image/svg+xml;base64,{encoded}", "alt": label}


def _planning_rows(document: PlanDocument, when: date) -> list[dict[str, Any]]:
    rows = []
    for item in planning_items(document):
        rows.append(
            {
                "item": item,
                "kind": {
                    "theme": _("Theme"),
                    "effort": _("Effort"),
                    "intervention": _("Intervention"),
                    "experiment": _("Experiment"),
                    "phase": _("Phase"),
                }.get(item.kind, item.kind),
                "start": str(item.start) if item.start else "",
                "end": item.end.to_data() if item.end else "",
                "status": choice_label(str(item.status)) if item.status else "",
                "behind": item.is_behind(when),
                "part": editor.part_of(item.path),
            }
        )
    return rows


def detail(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_for(request.user, municipality, slug)
    insider = selectors.can_read_drafts(request.user, plan.municipality)
    can_edit = selectors.can_edit(request.user, plan.municipality)
    doc = plan.document
    document = _document(plan)
    when = today()
    report = check_plan(document, today=when)
    items = check_items(document, doc, when, report) if insider else []
    errors = [item for item in items if item.is_error]
    warnings = [item for item in items if not item.is_error]
    context = {
        "plan": plan,
        "document": document,
        "insider": insider,
        "can_edit": can_edit,
        "errors": errors,
        "warnings": warnings,
        "parts": _parts(plan, doc),
        "overview": _overview_rows(document, {p.path for p in report.errors}),
        "money": _money_rows(document),
        "chart": _chart_image(plan, document, when) if planning_items(document) else None,
        "planning": _planning_rows(document, when),
        "today": when,
        "downloads": DOWNLOADS,
        "has_meetings": _has_calendar(document),
        "edit_base": _plan_url(plan, "edit") if can_edit else "",
    }
    return render(request, "plans/detail.html", context)


# ---------------------------------------------------------------------------------------------
# The part editor


def _typed_doc(doc: dict[str, Any], part: str, data: Any) -> dict[str, Any]:
    tokens = editor.parse_path(part)
    if not tokens:
        return {**doc, **(data if isinstance(data, dict) else {})}
    try:
        changed: dict[str, Any] = editor.set_at(doc, tokens, data)
    except editor.PathError:
        return doc
    return changed


def _summary(tree: editor.Node, typed: dict[str, Any], left: list[str]) -> list[tuple[str, str]]:
    items = [("", message) for message in left]
    for node in tree.walk():
        for message in node.errors:
            where = describe_path(typed, node.abspath) if node.abspath else node.label
            items.append((node.id, f"{where}: {message}"))
    return items


def _problem_errors(tree: editor.Node, part: str, problems: Any) -> dict[str, list[str]]:
    nodes = {node.abspath: node for node in tree.walk()}
    errors: dict[str, list[str]] = {}
    for problem in problems:
        path = problem.path
        node = nodes.get(path)
        if node is not None and node.is_field and problem.code == "format":
            message = editor.kind_message(node.kind)
            if message == editor.kind_message("text"):
                message = format_message(problem)
        elif problem.code == "format":
            message = format_message(problem)
        else:  # a check's problem (a published plan would get it): its sentence in words
            message = report_items({}, [problem])[0].sentence
        rel = path[len(part) :].lstrip(".") if part and path.startswith(part) else path
        if part and not path.startswith(part):
            rel = ""
        errors.setdefault(rel, []).append(message)
    return errors


_NO_BASE: Any = object()


def _read_base(post: Any) -> tuple[Any, list[str] | None]:
    """The part as it was when the form was opened (hidden field ``base``): what a save after
    someone else's is merged against. :data:`editor.MISSING` for a new item; ``_NO_BASE`` when
    the form did not carry it. With it the ids of the items the part lay in (``within``), by
    which the edit follows its part; None when the form did not carry them."""
    try:
        read = load_json(post.get("base", ""))
    except ValueError:  # also LimitExceeded: a crafted base nested too deeply
        return _NO_BASE, None
    if not isinstance(read, dict) or ("new" not in read and "data" not in read):
        return _NO_BASE, None
    within = read.get("within")
    if not isinstance(within, list) or not all(isinstance(i, str) for i in within):
        within = None
    return (editor.MISSING if read.get("new") else read.get("data")), within


def _write_base(base: Any, within: list[str]) -> str:
    written: dict[str, Any] = {"new": True} if base is editor.MISSING else {"data": base}
    return json.dumps({**written, "within": within})


@dataclass
class _Edit:
    """One request to the part editor: the part, what the form holds, and what happened."""

    request: HttpRequest
    plan: Plan
    part: str
    tokens: list[editor.Token]
    is_new: bool
    options: editor.Options
    version: int
    data: Any
    base: Any
    within: list[str]
    errors: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    stale: services.StaleEdit | None = None
    rebased: editor.Rebased | None = None
    #: The list a row was added to (``added``) or removed from: what htmx swaps in (ADR 0018).
    rows_of: str | None = None
    added: bool = False
    #: The position of the row removed from ``rows_of``: the focus goes to the row there now.
    removed_at: int | None = None

    @property
    def is_item(self) -> bool:
        return bool(self.tokens) and isinstance(self.tokens[-1], int)

    @property
    def anchor(self) -> str:
        return "deel-" + (str(self.tokens[0]) if self.tokens else "algemeen")


def _open_edit(request: HttpRequest, plan: Plan) -> _Edit:
    """The part the editor is asked for, as stored; 404 for a path that is not a part."""
    part = request.GET.get("deel", "")
    try:
        tokens = editor.parse_path(part)
        if tokens and not editor.is_part(part):
            raise editor.PathError(part)
        current = editor.data_at(plan.document, tokens) if tokens else plan.document
        is_new = bool(tokens) and isinstance(tokens[-1], int) and current is editor.MISSING
        if is_new:
            parent = editor.data_at(plan.document, tokens[:-1])
            length = len(parent) if isinstance(parent, list) else 0
            if tokens[-1] != length:
                raise editor.PathError(part)
    except editor.PathError as error:
        raise Http404(_("This plan has no such part.")) from error
    base: Any = current
    if not tokens:
        base = {k: plan.document[k] for k in editor.general_fields() if k in plan.document}
    return _Edit(
        request=request,
        plan=plan,
        part=part,
        tokens=tokens,
        is_new=is_new,
        options=selectors.editor_options(plan),
        version=plan.version,
        data={} if is_new else editor.MISSING,
        base=base,
        within=editor.ancestor_ids(plan.document, part),
    )


@login_required
def edit(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    """The editor of one part: the form (GET), or one of its actions (POST): remove the item
    (asking first when it holds others), add or remove a row, or save."""
    state = _open_edit(request, selectors.plan_to_edit(request.user, municipality, slug))
    if request.method == "POST":
        response = _post(state)
        if response is not None:
            return response
    return _form(state)


def _post(state: _Edit) -> HttpResponse | None:
    """Dispatch a submitted form to its action; None to show the form again."""
    post = state.request.POST
    state.base, posted_within = _read_base(post)
    if posted_within is not None:
        state.within = posted_within
    try:
        state.version = int(post.get("version", ""))
    except ValueError:
        # Without the version the edit started from, a save could not tell that someone
        # else saved in between, and would overwrite their changes: refused.
        return HttpResponse(
            _("This save does not say which version of the plan it started from."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if "_delete" in post and state.is_item and not state.is_new:
        if "_confirm" not in post and _held_items(state.plan.document, state.part):
            return _confirm_removal(state)
        response = _remove(state)
        if response is not None:
            return response
    parsed = editor.parse_form(post, state.part, state.plan.document)
    # Shown again unsaved (a row added, an error, a stale edit): organisations chosen or
    # typed as new are still new, or they would be lost on the next save.
    state.options.pending_stakeholders = parsed.new_stakeholders
    if state.stale is not None:  # a stale removal: the item as it is now
        return None
    state.data = parsed.data
    if "_add" in post or "_remove" in post:
        return _change_rows(state)
    if parsed.errors:
        _show_errors(state, parsed)
        return None
    return _save(state, parsed)


def _confirm_removal(state: _Edit) -> HttpResponse:
    """Removing an item removes what it holds: ask first, listing it."""
    plan, part = state.plan, state.part
    return render(
        state.request,
        "plans/confirm_remove.html",
        {
            "plan": plan,
            "title": describe_path(plan.document, part),
            "held": _held_items(plan.document, part),
            "version": state.version,
            "action": _edit_url(plan, part),
            "back": _plan_url(plan) + "#deel-" + str(state.tokens[0]),
        },
    )


def _remove(state: _Edit) -> HttpResponse | None:
    """Remove the item; None when someone saved in between (the form shows it as it is now)."""
    request, plan, part = state.request, state.plan, state.part
    try:
        services.update_part(
            plan, part, editor.DELETE, expected_version=state.version, user=_user(request)
        )
    except services.StaleEdit as error:
        # Nothing was typed: show the item as it is now, with what changed.
        state.stale = error
        state.version = error.plan.version
        plan.refresh_from_db()
        return None
    except services.InvalidPlan as error:
        # Refused (a published plan would get an error): the item stays, and says why.
        why = " ".join(i.sentence for i in report_items(plan.document, error.problems[:5]))
        messages.error(
            request,
            _("%(item)s has not been removed. %(reason)s %(problems)s")
            % {"item": describe_path(plan.document, part), "reason": str(error), "problems": why},
        )
        return redirect(_edit_url(plan, part))
    messages.success(request, _("The item has been removed."))
    return redirect(_plan_url(plan) + "#deel-" + str(state.tokens[0]))


def _change_rows(state: _Edit) -> HttpResponse | None:
    """Add or remove a row of the form (nothing is saved)."""
    post = state.request.POST
    try:
        state.data = editor.change_rows(post, state.data, state.part)
        state.added = "_add" in post
        row = post["_add"] if state.added else post["_remove"]
        if not state.added:
            tokens = editor.parse_path(row)
            state.rows_of = editor.format_path(tokens[:-1])
            state.removed_at = tokens[-1] if isinstance(tokens[-1], int) else None
        else:
            state.rows_of = row
    except editor.PathError:  # not a row of this part: not from our form
        return HttpResponse(_("This part has no such row."), status=400, content_type="text/plain")
    return None


def _rows_fragment(state: _Edit, tree: editor.Node) -> HttpResponse:
    """The list whose row was added or removed, for htmx to put in place of the one on the page
    (ADR 0018): the rest of the form keeps what was typed. The focus goes to the new row's first
    field; after a removal to the first field of the row that took its place, or of the row
    before it when the last was removed (the list itself when none is left: its top may be far
    above the screen, where a reader would lose their place)."""
    lists = {node.rel: node for node in tree.walk() if node.kind == "array-objects"}
    node = lists.get(state.rows_of or "")
    if node is None:  # a row of a list this form does not show: not from our form
        return HttpResponse(_("This part has no such row."), status=400, content_type="text/plain")
    focus = node.id
    if node.children:
        at = len(node.children) - 1
        if not state.added and state.removed_at is not None:
            at = min(state.removed_at, at)
        focus = next((n.id for n in node.children[at].walk() if n.is_field), focus)
    response = render(
        state.request,
        "plans/_edit_node.html",
        {"node": node, "action": _edit_url(state.plan, state.part), "focus": focus},
    )
    return varies_by_htmx(response)


def _show_errors(state: _Edit, parsed: editor.Parsed) -> None:
    """Fields that could not be read, and what the plan's own validation finds in the other
    fields, so that one round shows every problem (a field that could not be read keeps only
    its own message)."""
    state.errors = errors = dict(parsed.errors)
    typed = _typed_doc(state.plan.document, state.part, state.data)
    try:
        services.validate(services.of_municipality(typed, state.plan.municipality))
    except services.InvalidPlan as error:
        tree = editor.build_tree(typed, state.part, state.options, data=state.data)
        for rel, found in _problem_errors(tree, state.part, error.problems).items():
            if not any(rel == k or rel.startswith((k + ".", k + "[")) for k in errors):
                errors.setdefault(rel, []).extend(found)


def _save(state: _Edit, parsed: editor.Parsed) -> HttpResponse | None:
    """Save the part; None to show the form again (someone saved in between, or the plan would
    not be valid)."""
    plan = state.plan
    try:
        services.update_part(
            plan,
            state.part,
            state.data,
            expected_version=state.version,
            user=_user(state.request),
            new_stakeholders=parsed.new_stakeholders,
            new_organisations=parsed.new_organisations,
        )
    except services.StaleEdit as error:
        state.stale = error
        state.version = error.plan.version
        plan.refresh_from_db()
        if state.base is not _NO_BASE:
            _rebase(state, error)
        return None
    except services.InvalidPlan as error:
        typed = _typed_doc(plan.document, state.part, state.data)
        tree = editor.build_tree(typed, state.part, state.options, data=state.data)
        state.errors = _problem_errors(tree, state.part, error.problems)
        if isinstance(error, services.PublishedPlanBroken):
            state.errors.setdefault("", []).insert(0, str(error))
        return None
    messages.success(state.request, _("Saved."))
    return HttpResponseRedirect(_plan_url(plan) + "#" + state.anchor)


def _rebase(state: _Edit, error: services.StaleEdit) -> None:
    """Their changes go into the form, and the edit follows its item."""
    plan = state.plan
    rebased = editor.rebase(plan.document, state.part, state.base, state.data, state.within)
    state.rebased = rebased
    state.part, state.data, state.base = rebased.part, rebased.data, rebased.base
    state.tokens = editor.parse_path(state.part)
    state.is_new = state.base is editor.MISSING
    if rebased.gone:  # a second save is stale again, never saved elsewhere
        state.version = error.expected_version
    else:
        state.within = editor.ancestor_ids(plan.document, state.part)


def _form(state: _Edit) -> HttpResponse:
    """The editor's form: as stored, or as typed with its errors, conflicts and what changed."""
    plan, part, data = state.plan, state.part, state.data
    stale, rebased = state.stale, state.rebased
    typed = _typed_doc(plan.document, part, data) if data is not editor.MISSING else plan.document
    tree = editor.build_tree(typed, part, state.options, data=data)
    if state.rows_of is not None and wants_fragment(state.request):
        return _rows_fragment(state, tree)
    left = editor.apply_errors(tree, state.errors)
    summary = _summary(tree, typed, left)
    stale_changes = []
    conflicts: list[str] = []
    if stale is not None:
        names = _history_names(plan)
        stale_changes = [_history_row(change, plan.document, names) for change in stale.changes]
    if rebased is not None and not rebased.gone:
        conflicts = [describe_path(typed, editor.join(part, rel)) for rel in rebased.conflicts]
    return render(
        state.request,
        "plans/edit.html",
        {
            "plan": plan,
            "part": part,
            "tree": tree,
            "version": state.version,
            "summary": summary,
            "title": describe_path(typed, part) if part else _("General"),
            "is_new": state.is_new,
            "can_delete": state.is_item and not state.is_new,
            "stale": stale,
            "stale_changes": stale_changes,
            "rebased": rebased,
            "conflicts": conflicts,
            "base": "" if state.base is _NO_BASE else _write_base(state.base, state.within),
            "action": _edit_url(plan, part),
            "organisations": state.options.organisations,
            "action_lines": state.options.action_lines,
            "back": _plan_url(plan) + "#" + state.anchor,
        },
        status=409 if stale else (400 if summary else 200),
    )


def _held_items(doc: dict[str, Any], part: str) -> list[str]:
    """The items inside the item at ``part`` (themes and efforts of an action line, budget
    lines of an intervention), in words, depth first."""
    held: list[str] = []

    def walk(value: Any, path: str) -> None:
        if not isinstance(value, dict):
            return
        for key, child in value.items():
            if not isinstance(child, list):
                continue
            for i, item in enumerate(child):
                if isinstance(item, dict):
                    where = f"{editor.join(path, key)}[{i}]"
                    held.append(describe_path(doc, where).split(" › ")[-1])
                    walk(item, where)

    walk(editor.data_at(doc, editor.parse_path(part)), part)
    return held


# ---------------------------------------------------------------------------------------------
# History


def _value_text(path: str, value: Any, names: dict[str, dict[str, str]] | None = None) -> str:
    """A value as the history shows it; ``names`` gives the names of organisations (by id) and
    neighbourhoods (by CBS code), so a change reads as names rather than identifiers."""
    if value is None:
        return "–"
    if path == "status":  # publishing: a status of the plan, not a field of the document
        return str(capfirst(PlanStatus(value).label)) if value in PlanStatus.values else str(value)
    return _field_of(path).history_text(value, names or {})


def _field_of(path: str) -> FieldType:
    """The type of the field at a path (plain text where the path leads nowhere now)."""
    try:
        spec, owner, name = editor.spec_at(editor.parse_path(path))
    except editor.PathError:
        return field_type("")
    return field_type(editor.widget(spec.kind, owner, name))


def _item_text(path: str, value: Any, names: dict[str, dict[str, str]] | None) -> str:
    """A whole item of a list as the history shows it: its filled-in fields in words, or
    "removed"/"not there yet" where it is absent."""
    if not isinstance(value, dict):
        return "–"
    parts = []
    for key, leaf_value in value.items():  # its own fields; what it holds in turn is left out
        if key == ITEM_ID or leaf_value in (None, "", []) or isinstance(leaf_value, dict):
            continue
        if isinstance(leaf_value, list) and any(isinstance(v, dict | list) for v in leaf_value):
            continue
        leaf = editor.join(path, key)
        try:
            _spec, owner, name = editor.spec_at(editor.parse_path(leaf))
        except editor.PathError:
            continue
        parts.append(f"{field_label(owner, name)}: {_value_text(leaf, leaf_value, names)}")
    return "; ".join(parts) or _("(empty)")


def _history_names(plan: Plan) -> dict[str, dict[str, str]]:
    return {
        "stakeholder-ids": {
            str(s.get("id")): str(s.get("name"))
            for s in plan.document.get("stakeholders", [])
            if isinstance(s, dict)
        },
        "neighbourhoods": dict(selectors.editor_options(plan).neighbourhoods),
    }


def _history_row(
    change: PlanChange, doc: dict[str, Any], names: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    rows = []
    for item in change.changes:
        path = item.get("path", "")
        whole = next(
            (v for v in (item.get("before"), item.get("after")) if isinstance(v, dict)), None
        )
        if whole is not None:  # an item added or removed as a whole
            rows.append(
                {
                    "where": describe_path(doc, path, whole),
                    "before": _item_text(path, item.get("before"), names),
                    "after": _item_text(path, item.get("after"), names),
                    "money": False,
                }
            )
            continue
        rows.append(
            {
                "where": describe_path(doc, path) if path != "status" else _("Status"),
                "before": _value_text(path, item.get("before"), names),
                "after": _value_text(path, item.get("after"), names),
                "money": _field_of(path).money,
            }
        )
    return {
        "change": change,
        "who": (change.user.get_full_name() or change.user.username) if change.user else "–",
        "part": (describe_path(doc, change.part) if change.part else _("General")),
        "rows": rows,
    }


@login_required
def history(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_for(request.user, municipality, slug)
    if not selectors.can_read_drafts(request.user, plan.municipality):
        raise Http404(_("No such plan."))
    changes = plan.changes.select_related("user").order_by("-version")
    names = _history_names(plan)
    rows = [_history_row(change, plan.document, names) for change in changes]
    return render(request, "plans/history.html", {"plan": plan, "rows": rows})


# ---------------------------------------------------------------------------------------------
# Publishing


@login_required
@require_POST
def publish(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    plan = selectors.plan_to_edit(request.user, municipality, slug)
    if request.POST.get("action") == "unpublish":
        services.unpublish(plan, _user(request))
        messages.success(request, _("The plan is a draft again; its public page is gone."))
        return redirect(_plan_url(plan))
    try:
        services.publish(plan, _user(request), today=today())
    except services.PublishRefused as error:
        messages.error(request, str(error))
        return redirect(_plan_url(plan) + "#check")
    messages.success(request, _("The plan has been published: anyone can read it now."))
    return redirect(_plan_url(plan))


# ---------------------------------------------------------------------------------------------
# Downloads

DOWNLOADS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel",
    ),
    "ics": ("text/calendar; charset=utf-8", "iCalendar"),
    "yaml": ("application/yaml; charset=utf-8", "YAML"),
    "json": ("application/json; charset=utf-8", "JSON"),
}


def _has_calendar(document: PlanDocument) -> bool:
    """Whether some agreed meeting has a frequency that gives calendar entries."""
    meetings = document.agreements.meetings if document.agreements else ()
    return any(_readable(meeting.frequency) for meeting in meetings)


def _readable(frequency: str) -> bool:
    try:
        parse_frequency(frequency)
    except ValueError:
        return False
    return True


def download(request: HttpRequest, municipality: str, slug: str, fmt: str) -> HttpResponse:
    plan = selectors.plan_for(request.user, municipality, slug)
    if fmt not in DOWNLOADS:
        raise Http404(_("Unknown download."))
    document = _document(plan)
    when = today()
    content: bytes
    if fmt == "pdf":
        content = plan_pdf(document, when, selectors.neighbourhood_names(plan.municipality))
    elif fmt == "docx":
        content = plan_docx(document, when, selectors.neighbourhood_names(plan.municipality))
    elif fmt == "xlsx":
        content = budget_xlsx(document)
    elif fmt == "ics":
        if not _has_calendar(document):
            raise Http404(_("This plan has no agreed meetings."))
        # Meetings whose frequency cannot be read are left out: the check warns about them.
        content = meetings_calendar(document, key=f"plan{plan.pk}", skip_unreadable=True)
    elif fmt == "yaml":
        content = dumps_plan(document, "yaml").encode("utf-8")
    else:
        content = dumps_plan(document, "json").encode("utf-8")
    response = HttpResponse(content, content_type=DOWNLOADS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.{fmt}"'
    return response
