"""Word (.docx) export in the template's structure, with python-docx (an optional package)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ._chart import planning_chart
from ._model import Plan
from ._outline import MISMATCH, Bullets, Heading, Paragraph, PlanningImage, Table, outline


def _docx() -> Any:
    try:
        import docx
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError("Word export needs: pip install python-docx") from error
    return docx


def plan_docx(
    plan: Plan, today: date | None = None, area_names: Mapping[str, str] | None = None
) -> bytes:
    """The plan as a Word document: headings per section, the planning chart, budget tables.

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
        The .docx file.

    Raises
    ------
    ImportError
        When the optional ``python-docx`` package is not installed.
    """
    docx = _docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    document.core_properties.title = plan.title
    document.core_properties.subject = f"{plan.municipality} {plan.period}"
    document.styles["Normal"].font.size = Pt(10)
    for block in outline(plan, today, area_names):
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, PlanningImage):
            image = planning_chart(plan, today, "png", title="")
            document.add_picture(io.BytesIO(image), width=Cm(16))
            document.add_paragraph(block.caption, style="Caption")
        elif isinstance(block, Table):
            _table(document, block, WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: Any, block: Table, right: Any) -> None:
    from docx.shared import RGBColor

    has_header = any(block.header)
    table = document.add_table(rows=0, cols=len(block.header))
    table.style = "Table Grid"
    rows = ([block.header] if has_header else []) + list(block.rows)
    first_total = len(rows) - block.total_rows
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for c, value in enumerate(values):
            bold = (has_header and r == 0) or r >= first_total or (not has_header and c == 0)
            for k, text in enumerate(value.split("\n\n")):
                paragraph = cells[c].paragraphs[0] if k == 0 else cells[c].add_paragraph()
                run = paragraph.add_run(text.replace("\n", " "))
                run.bold = bold
                if text.startswith(MISMATCH):  # a total that does not add up: in red
                    run.bold = False
                    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
                if c in block.numeric and (r > 0 or not has_header):
                    paragraph.alignment = right
    document.add_paragraph()


def write_plan_docx(plan: Plan, path: str | Path, today: date | None = None) -> Path:
    """Write :func:`plan_docx` to a file; returns the path."""
    path = Path(path)
    path.write_bytes(plan_docx(plan, today))
    return path
