"""The short PDF summary of a wave: the total and the chosen breakdown of every question, with
the suppression of the page (printed by WeasyPrint, as the monitoring report)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import pupil
from .results import Results

#: The print style, given to WeasyPrint beside the HTML (no style element in templates).
SUMMARY_CSS = """
@page { size: A4; margin: 1.8cm; @bottom-right { content: counter(page); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; line-height: 1.35; }
h1 { font-size: 17pt; color: #1f4e79; margin-bottom: 0.2em; }
h2 { font-size: 11pt; color: #1f4e79; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em; page-break-inside: avoid;
        table-layout: fixed; }
th, td { border: 0.5pt solid #999; padding: 2pt 3pt; text-align: left; vertical-align: top;
         font-size: 8pt; overflow-wrap: anywhere; }
th { background: #deeaf6; }
td.num { text-align: right; }
tr.total td, tr.total th { font-weight: bold; }
.interval { color: #555; font-size: 6.5pt; display: block; }
p.note { font-size: 8pt; color: #444; }
"""


def summary_html(results: Results) -> str:
    document = results.wave.version.document
    language = (get_language() or "nl")[:2]
    return render_to_string(
        "youthpanel/summary_pdf.html",
        {
            "results": results,
            "wave": results.wave,
            "title": pupil.text(document.get("title"), language),
            "language": language,
        },
    )


def summary_pdf(results: Results) -> bytes:
    import weasyprint

    html = weasyprint.HTML(string=summary_html(results))
    pdf: bytes = html.write_pdf(stylesheets=[weasyprint.CSS(string=SUMMARY_CSS)])
    return pdf
