"""A wave's results for the pages, the CSV and the PDF: the library's disclosure-controlled table
(:func:`kansen.surveys.tabulate`) turned into one table per question, with its chart.

Only the *published* table reaches a page: a suppressed cell has no number here at all.
Open text is never tabulated; it is listed for the whole wave only (never per school), sorted,
and only when the wave has at least ``min_n`` respondents.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kansen.io import append_row, write_csv
from kansen.surveys import PUBLISHED, RESPONDENTS, SurveyTable, tabulate

from . import pupil, selectors
from .constants import Background
from .models import Response, Wave

TOTAL = "(total)"


@dataclass(frozen=True)
class Cell:
    text: str
    interval: str = ""
    suppressed: bool = False
    flag: str = ""


@dataclass(frozen=True)
class Row:
    label: str
    n: str
    cells: list[Cell]
    low_response: bool = False
    total: bool = False


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: float
    low: float
    high: float
    text: str


@dataclass
class QuestionTable:
    id: str
    text: str
    type: str
    columns: list[str]
    rows: list[Row]
    bars: list[Bar] = field(default_factory=list)
    chart_height: int = 0


@dataclass
class Results:
    wave: Wave
    breakdown: str
    respondents: int
    tables: list[QuestionTable]
    open_texts: list[tuple[str, list[str]]]
    previous: str
    table: SurveyTable | None


def _lang() -> str:
    return "nl" if (get_language() or "nl").startswith("nl") else "en"


def percent(value: float) -> str:
    return number_format(round(value * 100, 1), 1) + "%"


def _flag(row: Any, previous: str) -> str:
    if not bool(row.get("change_flag")) or not previous:
        return ""
    change = float(row["change"])
    if row["statistic"] == "share":
        amount = number_format(round(change * 100, 1), 1) + " " + _("points")
    else:
        amount = number_format(round(change, 2), 2)
    sign = "+" if change > 0 else ""
    return _("%(change)s since %(wave)s") % {"change": sign + amount, "wave": previous}


def breakdowns(wave: Wave) -> list[tuple[str, str]]:
    """The breakdowns the wave's questionnaire allows: its background."""
    labels = dict(Background.choices)
    return [
        (b, str(labels[b])) for b in wave.version.document.get("background") or [] if b in labels
    ]


def compute(wave: Wave, breakdown: str = "") -> Results:
    """The wave's published results, in total and by ``breakdown`` (a background column)."""
    document = wave.version.document
    if breakdown not in dict(breakdowns(wave)):
        breakdown = ""
    waves = selectors.comparable_waves(wave)
    earlier = [w.label for w in waves if w.label < wave.label]
    previous = earlier[-1] if earlier else ""
    answers = selectors.answers(waves, wave)
    if answers is None or wave.label not in set(answers.frame["wave"]):
        return Results(wave, breakdown, 0, [], [], previous, None)
    table = tabulate(
        answers,
        [(breakdown,)] if breakdown else [],
        min_n=wave.min_n,
        classes=selectors.class_sizes(waves),
        min_response_rate=float(wave.min_response_rate),
    )
    published = table.published
    mine = published[published["wave"] == wave.label]
    lang = _lang()
    total_n = mine[(mine["breakdown"] == TOTAL) & (mine["question"] == RESPONDENTS)]
    respondents = (
        int(total_n["n"].iloc[0]) if len(total_n) and total_n["status"].iloc[0] == PUBLISHED else 0
    )
    tables = []
    for _section, question in pupil.questions(document):
        if question["type"] == "text":
            continue
        rows_of = mine[mine["question"] == question["id"]]
        if rows_of.empty:
            continue
        tables.append(_question_table(question, rows_of, breakdown, lang, previous))
    open_texts = _open_texts(wave, document, respondents)
    return Results(wave, breakdown, respondents, tables, open_texts, previous, table)


def _group_label(row: Any, breakdown: str) -> str:
    if row["breakdown"] == TOTAL:
        return _("All pupils")
    return str(row[breakdown]) or _("(not given)")


def _question_table(
    question: dict[str, Any], rows: pd.DataFrame, breakdown: str, lang: str, previous: str
) -> QuestionTable:
    kind = question["type"]
    if kind in ("single", "multiple"):
        answers = [(str(o["code"]), pupil.text(o.get("label"), lang)) for o in question["options"]]
    elif kind == "likert":
        points = int(question["points"])
        anchors = question.get("anchors") or [{}, {}]
        answers = [(str(p), str(p)) for p in range(1, points + 1)]
        answers[0] = ("1", f"1 ({pupil.text(anchors[0], lang)})")
        answers[-1] = (str(points), f"{points} ({pupil.text(anchors[-1], lang)})")
    else:
        answers = []
    columns = [label for _s, label in answers]
    has_mean = kind in ("likert", "number")
    if has_mean:
        columns.append(_("mean"))
    groups = rows.drop_duplicates(["breakdown", *([breakdown] if breakdown else [])])
    keys = []
    for _s, g in groups.iterrows():
        keys.append((g["breakdown"] != TOTAL, "" if g["breakdown"] == TOTAL else str(g[breakdown])))
    keys.sort()
    result_rows = []
    bars: list[Bar] = []
    for is_group, value in keys:
        if is_group:
            part = rows[(rows["breakdown"] != TOTAL) & (rows[breakdown].astype(str) == value)]
        else:
            part = rows[rows["breakdown"] == TOTAL]
        first = part.iloc[0]
        suppressed_group = (part["status"] != PUBLISHED).all()
        n_values = part["n"].dropna()
        n_text = str(int(n_values.max())) if len(n_values) and not suppressed_group else "–"
        cells = []
        for code, label in answers:
            cell = part[(part["answer"] == code) & (part["statistic"] == "share")]
            cells.append(_cell(cell, previous, share=True))
            if not is_group and len(cell) and cell.iloc[0]["status"] == PUBLISHED:
                r = cell.iloc[0]
                bars.append(
                    Bar(
                        label=label,
                        y=len(bars) * 28,
                        width=round(float(r["value"]) * 200, 1),
                        low=round(150 + float(r["low"]) * 200, 1),
                        high=round(150 + float(r["high"]) * 200, 1),
                        text=percent(float(r["value"])),
                    )
                )
        if has_mean:
            cell = part[part["statistic"] == "mean"]
            cells.append(_cell(cell, previous, share=False))
        result_rows.append(
            Row(
                label=_group_label(first, breakdown),
                n=n_text,
                cells=cells,
                low_response=bool(first.get("low_response")) and not suppressed_group,
                total=not is_group,
            )
        )
    return QuestionTable(
        id=question["id"],
        text=pupil.text(question.get("text"), lang),
        type=kind,
        columns=columns,
        rows=result_rows,
        bars=bars,
        chart_height=len(bars) * 28 + 8,
    )


def _cell(cell: pd.DataFrame, previous: str, share: bool) -> Cell:
    if cell.empty:
        return Cell("")
    row = cell.iloc[0]
    if row["status"] != PUBLISHED:
        return Cell("", suppressed=True)
    value = float(row["value"])
    if math.isnan(value):
        return Cell("–")
    if share:
        text = percent(value)
        interval = f"{percent(float(row['low']))} – {percent(float(row['high']))}"
    else:
        text = number_format(round(value, 2), 2)
        low, high = (number_format(round(float(row[b]), 2), 2) for b in ("low", "high"))
        interval = f"{low} – {high}"
    return Cell(text, interval, flag=_flag(row, previous))


def _open_texts(
    wave: Wave, document: dict[str, Any], respondents: int
) -> list[tuple[str, list[str]]]:
    """Open answers of the whole wave, sorted (never per class or school), when the wave has at
    least ``min_n`` respondents."""
    texts = [q for _s, q in pupil.questions(document) if q["type"] == "text"]
    if not texts or respondents < wave.min_n:
        return []
    lang = _lang()
    found: dict[str, list[str]] = {q["id"]: [] for q in texts}
    for response in Response.objects.filter(wave=wave).only("answers", "count"):
        for question in texts:
            value = response.answers.get(question["id"])
            if isinstance(value, str) and value.strip():
                found[question["id"]].extend([value.strip()] * response.count)
    return [
        (pupil.text(q.get("text"), lang), sorted(found[q["id"]])) for q in texts if found[q["id"]]
    ]


def _export_rows(results: Results) -> tuple[list[str], list[list[Any]]]:
    if results.table is None:
        return [], []
    published = results.table.published
    rows = published[published["wave"] == results.wave.label]
    header = [str(c) for c in rows.columns]
    values = [
        [None if (isinstance(v, float) and math.isnan(v)) else _plain(v) for v in row]
        for row in rows.itertuples(index=False)
    ]
    return header, values


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return value


def published_csv(results: Results) -> str:
    """The wave's published table (suppression applied) as CSV; text cells never formulas."""
    header, rows = _export_rows(results)
    return write_csv(header, rows, number=lambda v: f"{v:g}" if isinstance(v, float) else str(v))


def published_xlsx(results: Results) -> bytes:
    """The same table as an Excel workbook."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = results.wave.label[:31]
    header, rows = _export_rows(results)
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class IndicatorPoint:
    """One wave's published figure of an answer: for monitoring a goal."""

    wave: str
    year: int | None
    value: float
    lower: float
    upper: float
    n: int


def indicator_series(
    questionnaire: Any, question: str, answer: str = "", *, published_waves: bool = False
) -> list[IndicatorPoint]:
    """The share (in percent) of ``answer`` to ``question`` of all pupils per wave, with its
    95% interval, or the mean of a scale or number without ``answer``: what the monitoring of
    a goal can take as measurements. Only published cells (a wave of fewer than ``min_n``
    respondents has none), of the waves whose results are published with ``published_waves``;
    ``year`` is the wave label's year when it starts with one."""
    points = []
    waves = questionnaire.waves.select_related("version").order_by("label")
    if published_waves:
        waves = waves.filter(published=True)
    for wave in waves:
        computed = compute(wave, "")
        if computed.table is None:
            continue
        table = computed.table.published
        rows = table[
            (table["wave"] == wave.label)
            & (table["breakdown"] == TOTAL)
            & (table["question"] == question)
            & (table["answer"] == answer)
            & (table["status"] == PUBLISHED)
        ]
        if rows.empty:
            continue
        row = rows.iloc[0]
        scale = 100.0 if row["statistic"] == "share" else 1.0
        year = int(wave.label[:4]) if wave.label[:4].isdigit() else None
        points.append(
            IndicatorPoint(
                wave=wave.label,
                year=year,
                value=round(float(row["value"]) * scale, 1),
                lower=round(float(row["low"]) * scale, 1),
                upper=round(float(row["high"]) * scale, 1),
                n=int(row["n"]),
            )
        )
    return points
