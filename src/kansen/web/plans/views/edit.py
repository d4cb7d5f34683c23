"""The part editor: the form of one part (GET) and its actions (POST), each its own function:
remove the item (asking first when it holds others), add or remove a row, or save."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kansen.io import load_json
from kansen.web.core.htmx import varies_by_htmx, wants_fragment

from .. import editor, selectors, services
from ..models import Plan
from ..report import describe_path, format_message, report_items
from ._common import current_user, edit_url, plan_url
from .history import history_names, history_row


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
        if node is not None and node.field is not None and problem.code == "format":
            field = node.field
            message = field.message if field.has_message else format_message(problem)
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
            "action": edit_url(plan, part),
            "back": plan_url(plan) + "#deel-" + str(state.tokens[0]),
        },
    )


def _remove(state: _Edit) -> HttpResponse | None:
    """Remove the item; None when someone saved in between (the form shows it as it is now)."""
    request, plan, part = state.request, state.plan, state.part
    try:
        services.update_part(
            plan, part, editor.DELETE, expected_version=state.version, user=current_user(request)
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
        return redirect(edit_url(plan, part))
    messages.success(request, _("The item has been removed."))
    return redirect(plan_url(plan) + "#deel-" + str(state.tokens[0]))


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
        {"node": node, "action": edit_url(state.plan, state.part), "focus": focus},
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
            user=current_user(state.request),
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
    return HttpResponseRedirect(plan_url(plan) + "#" + state.anchor)


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
        names = history_names(plan)
        stale_changes = [history_row(change, plan.document, names) for change in stale.changes]
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
            "action": edit_url(plan, part),
            "organisations": state.options.organisations,
            "action_lines": state.options.action_lines,
            "back": plan_url(plan) + "#" + state.anchor,
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
