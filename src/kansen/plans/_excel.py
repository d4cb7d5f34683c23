"""Budgets to Excel: budget lines, financing and the yearly overview, with the checks' sums.

Amounts are written as exact numbers (from :class:`~decimal.Decimal`), PM as the text "PM" (so
a spreadsheet SUM leaves it out, as the checks do). The overview shows the figures as the
document states them and, below them, the sums computed from the rows and the difference.
Names and descriptions are written as text, never as formulas (:mod:`kansen.io._sheets`).
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from kansen.io._sheets import append_row

from ._finance import compute_overview, summarise_budget, year_costs
from ._model import Plan
from ._outline import FUNDER_NL

_EUROS = '"€" #,##0.00;[Red]"€" -#,##0.00'
_BOLD = Font(bold=True)


def budget_workbook(plan: Plan) -> Workbook:
    """A workbook with the sheets "Begroting", "Financiering" and "Financieel overzicht".

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    openpyxl.Workbook
        The workbook (save it with ``.save(path)``, or use :func:`write_budget_workbook`).
    """
    book = Workbook()
    budget = book.active
    assert budget is not None  # a new workbook always has a sheet
    budget.title = "Begroting"
    _header(budget, ("Activiteit", "Omschrijving", "Jaren", "Bedrag"))
    for _path, activity in plan.activities():
        for line in activity.budget:
            _row(
                budget,
                (
                    activity.name,
                    line.description,
                    ", ".join(map(str, line.years)),
                    line.amount.value if line.amount.value is not None else "PM",
                ),
            )
        summary = summarise_budget(activity)
        note = (
            f"totaal bekend ({summary.budget_pending} x PM)"
            if summary.budget_pending
            else ("totaal")
        )
        _row(budget, (activity.name, note, "", summary.budget), bold=True)
    financing = book.create_sheet("Financiering")
    _header(financing, ("Activiteit", "Financier", "Soort", "Bedrag", "Toelichting"))
    for _path, activity in plan.activities():
        for source in activity.financing:
            _row(
                financing,
                (
                    activity.name,
                    source.name,
                    FUNDER_NL[source.funder],
                    source.amount.value if source.amount.value is not None else "PM",
                    source.note,
                ),
            )
        summary = summarise_budget(activity)
        _row(financing, (activity.name, "totaal", "", summary.financing, ""), bold=True)
    if plan.financial_overview is not None and plan.financial_overview.years:
        _overview(book.create_sheet("Financieel overzicht"), plan)
    for sheet in book.worksheets:
        for column in sheet.columns:
            letter = column[0].column_letter
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[letter].width = min(max(width + 2, 10), 70)
    return book


def _header(sheet: Worksheet, values: tuple[str, ...]) -> None:
    append_row(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    sheet.freeze_panes = "A2"


def _row(sheet: Worksheet, values: tuple[object, ...], bold: bool = False) -> None:
    append_row(sheet, values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, Decimal | int) and not isinstance(cell.value, bool):
            cell.number_format = _EUROS
        if bold:
            cell.font = _BOLD


def _overview(sheet: Worksheet, plan: Plan) -> None:
    overview = plan.financial_overview
    assert overview is not None
    years = overview.years
    computed = compute_overview(overview)
    _header(sheet, ("", *(str(y.year) for y in years)))
    labels: list[str] = []
    for year in years:
        labels += [line.label for line in year.costs if line.label not in labels]
    for label in labels:
        _row(
            sheet,
            (label, *(next((c.amount for c in y.costs if c.label == label), None) for y in years)),
        )
    _row(sheet, ("Totale kosten (volgens document)", *(y.total_costs for y in years)), True)
    _row(sheet, ("Som van de kostenregels (berekend)", *(year_costs(y) for y in years)))
    _row(
        sheet,
        (
            "Verschil (document - berekend)",
            *(None if y.total_costs is None else y.total_costs - year_costs(y) for y in years),
        ),
    )
    sheet.append([])
    _row(sheet, ("Basisbudget", *(y.base_budget for y in years)))
    extra: list[str] = []
    for year in years:
        extra += [line.label for line in year.extra_means if line.label not in extra]
    for label in extra:
        _row(
            sheet,
            (
                f"+ {label}",
                *(next((m.amount for m in y.extra_means if m.label == label), None) for y in years),
            ),
        )
    _row(
        sheet,
        (
            "+ Restant voorgaand jaar (volgens document)",
            *("n.v.t." if y.carried_over is None else y.carried_over for y in years),
        ),
    )
    _row(sheet, ("= Totale middelen (volgens document)", *(y.total_means for y in years)), True)
    _row(sheet, ("= Restant huidig jaar (volgens document)", *(y.remainder for y in years)), True)
    sheet.append([])
    _row(sheet, ("Berekend uit de regels", *("" for _ in years)), True)
    _row(sheet, ("Restant voorgaand jaar", *(f.carried_over for f in computed)))
    _row(sheet, ("Totale middelen", *(f.means for f in computed)))
    _row(sheet, ("Totale kosten", *(f.costs for f in computed)))
    _row(sheet, ("Restant huidig jaar", *(f.remainder for f in computed)))


def budget_xlsx(plan: Plan) -> bytes:
    """:func:`budget_workbook` as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    budget_workbook(plan).save(buffer)
    return buffer.getvalue()


def write_budget_workbook(plan: Plan, path: str | Path) -> Path:
    """Write :func:`budget_workbook` to an .xlsx file; returns the path."""
    path = Path(path)
    budget_workbook(plan).save(path)
    return path
