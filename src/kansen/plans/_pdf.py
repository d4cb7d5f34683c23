"""HTML and PDF export: the same blocks as the Word document, printed with WeasyPrint.

WeasyPrint is optional; without it :func:`plan_html` still works.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date
from html import escape
from pathlib import Path

from ._chart import planning_chart
from ._model import Plan
from ._outline import MISMATCH, Bullets, Heading, Paragraph, PlanningImage, Table, outline

_CSS = """
@page { size: A4; margin: 2cm 1.8cm; @bottom-right { content: counter(page); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.4; }
h1.title { font-size: 20pt; color: #1f4e79; margin-bottom: 0.2em; }
h1 { font-size: 15pt; color: #1f4e79; margin-top: 1.4em; }
h2 { font-size: 12pt; color: #1f4e79; }
h3 { font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
th, td { border: 0.5pt solid #999; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #deeaf6; }
td.key { font-weight: bold; width: 28%; }
td.num, th.num { text-align: right; white-space: nowrap; }
.mismatch { display: block; white-space: normal; color: #b00000; font-size: 8pt; }
tr.total td { font-weight: bold; }
figure { margin: 0.5em 0; }
figure img { width: 100%; }
figcaption { font-size: 8pt; color: #555; }
"""


def plan_html(
    plan: Plan, today: date | None = None, area_names: Mapping[str, str] | None = None
) -> str:
    """The plan as a standalone HTML page (chart embedded), in the template's structure.

    Parameters
    ----------
    plan : Plan
        The plan.
    today : date or None
        The date the planning chart marks.
    area_names : mapping of str to str, optional
        Neighbourhood names by CBS code, shown with the codes.

    Returns
    -------
    str
        The HTML document.
    """
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{escape(plan.title)}</title><style>{_CSS}</style></head><body>",
    ]
    for block in outline(plan, today, area_names):
        if isinstance(block, Heading):
            level = max(block.level, 1)
            css = ' class="title"' if block.level == 0 else ""
            parts.append(f"<h{level}{css}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        elif isinstance(block, PlanningImage):
            image = base64.b64encode(planning_chart(plan, today, "png", title="")).decode()
            parts.append(
                f'<figure><img src="data:image/png;base64,{image}" alt="Planning">'
                f"<figcaption>{escape(block.caption)}</figcaption></figure>"
            )
        elif isinstance(block, Table):
            parts.append(_table(block))
    parts.append("</body></html>")
    return "\n".join(parts)


def _table(block: Table) -> str:
    rows = []
    if any(block.header):
        cells = "".join(
            f"<th{' class=num' if c in block.numeric else ''}>{escape(h)}</th>"
            for c, h in enumerate(block.header)
        )
        rows.append(f"<thead><tr>{cells}</tr></thead>")
    body = []
    key_value = not any(block.header)
    for r, values in enumerate(block.rows):
        css = ' class="total"' if r >= len(block.rows) - block.total_rows else ""
        cells = "".join(
            f"<td{_cell_class(c, block, key_value)}>{_cell_text(v)}</td>"
            for c, v in enumerate(values)
        )
        body.append(f"<tr{css}>{cells}</tr>")
    rows.append("<tbody>" + "".join(body) + "</tbody>")
    return "<table>" + "".join(rows) + "</table>"


def _cell_text(text: str) -> str:
    """Paragraphs (separated by a blank line) stay paragraphs inside a cell; the mark of a
    total that does not add up is a red line of its own that may wrap."""
    html = ""
    for p in text.split("\n\n"):
        words = escape(p.replace("\n", " "))
        if p.startswith(MISMATCH):  # an amount in it does not break after its euro sign
            words = words.replace("€ ", "€\u00a0")
            html += f'<span class="mismatch">{words}</span>'
        else:
            html += ("<br><br>" if html else "") + words
    return html


def _cell_class(column: int, block: Table, key_value: bool) -> str:
    if column in block.numeric:
        return ' class="num"'
    if key_value and column == 0:
        return ' class="key"'
    return ""


def plan_pdf(
    plan: Plan, today: date | None = None, area_names: Mapping[str, str] | None = None
) -> bytes:
    """The plan as a PDF, printed from :func:`plan_html` by WeasyPrint.

    Parameters
    ----------
    plan : Plan
        The plan.
    today : date or None
        The date the planning chart marks.
    area_names : mapping of str to str, optional
        Neighbourhood names by CBS code, shown with the codes.

    Returns
    -------
    bytes
        The PDF file.

    Raises
    ------
    ImportError
        When the optional ``weasyprint`` package is not installed.
    """
    try:
        import weasyprint
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError("PDF export needs: pip install weasyprint") from error
    pdf: bytes = weasyprint.HTML(string=plan_html(plan, today, area_names)).write_pdf()
    return pdf


def write_plan_pdf(plan: Plan, path: str | Path, today: date | None = None) -> Path:
    """Write :func:`plan_pdf` to a file; returns the path."""
    path = Path(path)
    path.write_bytes(plan_pdf(plan, today))
    return path
