"""Every table and map exports: CSV, Excel, GeoJSON, PNG and SVG (for council documents).

CSV follows the Dutch spreadsheet convention (UTF-8 with BOM, ``;``, decimal comma), so it
opens correctly in Excel here and goes back through the platform's own importer. Names and
titles come from imported files: CSV and Excel cells are written by :func:`kansen.io.write_csv`
and :func:`~kansen.io.append_row`, so a name that starts with ``=`` or ``@`` stays text and
never runs as a formula.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from kansen.io import append_row, write_csv
from kansen.maps import IMAGE_FORMATS, ImageFormat, render_table

TABLE_FORMATS = ("csv", "xlsx", "png", "svg")
MAP_FORMATS = ("geojson", "png", "svg")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "png": "image/png",
    "svg": "image/svg+xml",
}

Cell = str | int | float | None


def attachment(content: bytes | str, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "export"}.{fmt}"'
    return response


def format_cell(value: Cell) -> str:
    """A cell as text for CSV and images: numbers in Dutch notation, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, float):
        return number_format(
            value,
            decimal_pos=None if not value.is_integer() else 0,
            use_l10n=True,
            force_grouping=False,
        )
    return str(value)


def table_export(
    fmt: str,
    *,
    name: str,
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    source: str = "",
) -> HttpResponse:
    """A table as CSV, Excel, PNG or SVG."""
    if fmt == "csv":
        return attachment("\ufeff" + write_csv(columns, rows, number=format_cell), fmt, name)
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        # Excel forbids : \ / ? * [ ] in sheet names and allows 31 characters.
        sheet.title = re.sub(r"[:\\/?*\[\]]", "-", title or "export")[:31]
        append_row(sheet, columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(sheet, row)
        if source:
            sheet.append([])
            append_row(sheet, [source])
        buffer_b = io.BytesIO()
        book.save(buffer_b)
        return attachment(buffer_b.getvalue(), fmt, name)
    image_fmt = image_format(fmt)
    if image_fmt is not None:
        image = render_table(
            columns,
            [[format_cell(c) for c in row] for row in rows],
            title=title,
            source=source,
            fmt=image_fmt,
        )
        return attachment(image, fmt, name)
    raise ValueError(f"unknown table format {fmt!r}; expected one of {TABLE_FORMATS}")


def image_format(fmt: str) -> ImageFormat | None:
    """``fmt`` as one of the image formats maps and tables render to, None when it is not one."""
    return next((known for known in IMAGE_FORMATS if known == fmt), None)


def geojson_export(collection: dict[str, Any], *, name: str) -> HttpResponse:
    return attachment(json.dumps(collection, ensure_ascii=False), "geojson", name)


FORMAT_LABELS = {"csv": "CSV", "xlsx": "Excel", "geojson": "GeoJSON", "png": "PNG", "svg": "SVG"}


def links(pattern: str, formats: Sequence[str]) -> list[tuple[str, str]]:
    """Download links for a template: ``pattern`` holds ``{fmt}`` where the format goes."""
    return [(FORMAT_LABELS[fmt], pattern.replace("{fmt}", fmt)) for fmt in formats]
