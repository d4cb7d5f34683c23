"""A poll's results for afterwards: an Excel workbook (results and actions) and a PDF printed
by WeasyPrint, as the youth panel's summary. Only what the pages show: counts, no person.
Answers are typed by participants: Excel rows go through :func:`kansen.io.append_row`, so an
answer that starts with ``=`` stays text."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kansen.io import append_row

from .constants import QuestionKind
from .models import Poll
from .results import QuestionResult, poll_results

#: The print style, given to WeasyPrint beside the HTML (no style element in templates).
PDF_CSS = """
@page { size: A4; margin: 1.8cm; @bottom-right { content: counter(page); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; line-height: 1.35; }
h1 { font-size: 17pt; color: #1f4e79; margin-bottom: 0.2em; }
h2 { font-size: 11pt; color: #1f4e79; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em; page-break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 2pt 3pt; text-align: left; vertical-align: top;
         font-size: 8pt; overflow-wrap: anywhere; }
th { background: #deeaf6; }
td.num { text-align: right; }
p.note { font-size: 8pt; color: #444; }
"""


def rows(result: QuestionResult) -> list[tuple[str, Any, Any]]:
    """A question's results as (label, count, figure) rows: an open answer with how many gave
    it, an idea with its votes, an option with its count and percentage, a ranked option with
    how many ranked it and its mean place."""
    if result.kind == QuestionKind.OPEN:
        return [(a["text"], a["count"], "") for a in result.answers]
    if result.kind == QuestionKind.VOTE:
        return [(a["text"], a["votes"], "") for a in result.answers]
    if result.kind in (QuestionKind.CHOICE, QuestionKind.SCALE):
        return [(b["label"], b["count"], b["share"]) for b in result.bars]
    return [(r["label"], r["count"], r["mean_position"] or "") for r in result.ranking]


def headings(kind: str) -> tuple[str, str, str]:
    if kind == QuestionKind.OPEN:
        return (_("Answer"), _("Given by"), "")
    if kind == QuestionKind.VOTE:
        return (_("Answer"), _("Votes"), "")
    if kind == QuestionKind.RANKING:
        return (_("Option"), _("Ranked by"), _("Mean place"))
    return (_("Answer"), _("Count"), _("Percentage"))


def results_xlsx(poll: Poll, language: str) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Results")[:31]
    append_row(sheet, [poll.title, poll.meeting_on])
    append_row(
        sheet, [_("Question"), _("Kind"), _("Participants"), _("Answer"), _("Count"), _("Figure")]
    )
    for result in poll_results(poll, language):
        for label, count, figure in rows(result) or [("", "", "")]:
            append_row(
                sheet, [result.text, result.kind_label, result.respondents, label, count, figure]
            )
    actions = book.create_sheet(_("Actions")[:31])
    append_row(actions, [_("Action"), _("Owner"), _("Due date"), _("From the answer")])
    for action in poll.actions.all():
        append_row(actions, [action.description, action.owner, action.due, action.from_answer])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def results_html(poll: Poll, language: str) -> str:
    results = [
        {"result": r, "rows": rows(r), "headings": headings(r.kind)}
        for r in poll_results(poll, language)
    ]
    return render_to_string(
        "livepoll/results_pdf.html",
        {"poll": poll, "results": results, "actions": poll.actions.all(), "language": language},
    )


def results_pdf(poll: Poll, language: str) -> bytes:
    import weasyprint

    html = weasyprint.HTML(string=results_html(poll, language))
    pdf: bytes = html.write_pdf(stylesheets=[weasyprint.CSS(string=PDF_CSS)])
    return pdf
