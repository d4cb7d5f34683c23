"""The import of a plan file (YAML or JSON): read all or nothing, every problem listed and kept
in the municipality's list of imports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kansen.plans import (
    PlanFormatError,
    Problem,
    format_of,
    plan_from_data,
    read_plan_text,
    schema_problems,
)

from .. import services
from ..forms import ImportPlanForm
from ..report import problem_message
from ._common import current_user, own_municipality, plan_url


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
        user=current_user(request),
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
    municipality = own_municipality(request)
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
                    current_user(request),
                    data,
                    summary=_("Imported from %(file)s") % {"file": filename},
                )
            except services.InvalidPlan as error:
                problems = list(error.problems)
            else:
                _record_plan_import(request, municipality, filename, [], plan=plan.pk)
                messages.success(request, _("The plan has been imported."))
                return redirect(plan_url(plan))
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
