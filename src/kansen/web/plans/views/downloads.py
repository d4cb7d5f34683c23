"""The plan as a file: PDF, Word, Excel (budget), iCalendar (meetings), YAML and JSON."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from kansen.plans import Plan as PlanDocument
from kansen.plans import (
    budget_xlsx,
    dumps_plan,
    meetings_calendar,
    parse_frequency,
    plan_docx,
    plan_pdf,
)

from .. import selectors, views
from ._common import document_of

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


def has_calendar(document: PlanDocument) -> bool:
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
    document = document_of(plan)
    when = views.today()
    content: bytes
    if fmt == "pdf":
        content = plan_pdf(document, when, selectors.neighbourhood_names(plan.municipality))
    elif fmt == "docx":
        content = plan_docx(document, when, selectors.neighbourhood_names(plan.municipality))
    elif fmt == "xlsx":
        content = budget_xlsx(document)
    elif fmt == "ics":
        if not has_calendar(document):
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
