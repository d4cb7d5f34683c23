"""Loading disclosed outcomes by parental income (the kansenkaart) as indicators.

The platform takes only the disclosed table that ``kansen opportunity run`` writes
(:data:`kansen.opportunity.PUBLISHED_COLUMNS`): never pupil-level data. A file that looks like
microdata, or whose counts are not rounded, or whose suppressed cells carry numbers, is
refused whole. Every (outcome, income band, subgroup) becomes an indicator, in percent, with
its 95% interval and the (rounded) number of pupils; a suppressed cell keeps its reason.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from kansen.io import ImportRejected, Problem, area_level
from kansen.opportunity import (
    INCOME_BANDS,
    PUBLISHED_COLUMNS,
    PUPIL_SCHEMA,
    SUPPRESSED_STATUS,
    DisclosureRules,
    audit_published,
    derive_counts,
    rules_from_metadata,
)
from kansen.web.accounts.models import Municipality, User

from .constants import Direction, Domain, ImportKind
from .models import ImportRun, Indicator, Observation
from .problems import PROBLEM_MESSAGES, platform_problem
from .services import Source, _check_territory, _Checked, _ensure_areas, _readable, _recorded_import
from .versions import touch_figures

PUBLISHED_STATUS = "ok"

#: What each outcome is called, and which way is better.
OUTCOMES: dict[str, tuple[str, str]] = {
    "under_advice": ("Onderadvisering", Direction.HIGHER_IS_WORSE),
    "over_advice": ("Overadvisering", ""),
    "at_least_havo": ("Minstens havo-advies", Direction.HIGHER_IS_BETTER),
}
BAND_LABELS = {band.name: band.label_nl for band in INCOME_BANDS}
BAND_ORDER = [band.name for band in INCOME_BANDS]
#: Why a cell is suppressed, in the words the public reads.
REASONS_NL: dict[str, str] = {
    "n_below_mean_minimum": "te weinig leerlingen voor een gemiddelde",
    "n_below_regression_minimum": "te weinig leerlingen voor een schatting",
    "few_with_outcome": "te weinig leerlingen met deze uitkomst",
    "few_without_outcome": "te weinig leerlingen zonder deze uitkomst",
    "zero_estimate": "de schatting is precies 0",
    "not_estimable": "niet te schatten",
    "complementary": "afgeschermd zodat een andere afgeschermde cel niet terug te rekenen is",
}
SOURCE = "Kansenkaart-methode op leerlinggegevens (kansen.opportunity), na afscherming"
REQUIRED = (
    "year",
    "level",
    "area_code",
    "band",
    "outcome",
    "published",
    "status",
    "n",
    "estimate",
    "ci_low",
    "ci_high",
)
LEVELS = ("buurt", "wijk", "gemeente", "pc4")
_PUPIL_COLUMNS = {c.name for c in PUPIL_SCHEMA} - set(PUBLISHED_COLUMNS)
_SUM_COLUMNS = {"sum_x", "sum_y", "sum_xy", "sum_xx", "sum_yy"}
_NUMBER_COLUMNS = tuple(
    c
    for c in PUBLISHED_COLUMNS
    if c in ("n", "precision", "mean", "estimate", "ci_low", "ci_high", "slope", "estimate_shrunk")
    or c in ("se", "slope_se", "shrinkage_weight")
)
#: Numbers that are multiples of a published row's ``precision``.
_ROUNDED_COLUMNS = ("mean", "estimate", "ci_low", "ci_high", "slope", "estimate_shrunk")
_TRUE = {"true", "1", "1.0", "yes", "ja", "waar"}
_FALSE = {"false", "0", "0.0", "no", "nee", "onwaar"}
#: The steps of ``precision`` (docs/disclosure.md, "Precision").
_STEPS = tuple(m * 10.0**e for e in range(-6, 7) for m in (1, 2, 5))
#: Largest file when the platform's upload limit is not set.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Seconds the intruder audit may take during an import (setting KANSEN_OPPORTUNITY_AUDIT_SECONDS).
AUDIT_SECONDS = 10.0

_ = gettext_lazy
#: Problem code -> (message, expected); English msgids, shown in the reader's language.
MESSAGES: dict[str, tuple[Promise, Promise | None]] = {
    "opportunity.too_large": (
        _("the file is {size} MB; at most {limit} MB is accepted"),
        _("a smaller file (the disclosed table only)"),
    ),
    "opportunity.unreadable_parquet": (
        _("the file starts as Parquet but cannot be read ({error})"),
        _("the Parquet file written by `kansen opportunity run`"),
    ),
    "opportunity.too_big_unpacked": (
        _("the Parquet file unpacks to {cells} cells or {size} MB, more than accepted"),
        _("at most {max_cells} cells and {max_mb} MB unpacked"),
    ),
    "opportunity.nested": (
        _("column {name} holds nested values ({kind})"),
        _("plain numbers, text and true/false"),
    ),
    "opportunity.not_utf8": (
        _("the file is not UTF-8 text (it may be UTF-16 or binary)"),
        _("a UTF-8 CSV file or a Parquet file"),
    ),
    "opportunity.binary": (
        _("the file holds binary data"),
        _("a UTF-8 CSV file or a Parquet file"),
    ),
    "opportunity.unreadable_csv": (
        _("the CSV file cannot be read ({error})"),
        _("comma-separated values with a header row"),
    ),
    "opportunity.empty": (_("the file has no rows"), _("one row per cell")),
    "opportunity.pupil_data": (
        _(
            "this looks like pupil-level data or raw sums ({columns}); the platform never "
            "stores those"
        ),
        _("the disclosed table written by `kansen opportunity run`"),
    ),
    "opportunity.column_not_allowed": (
        _("column {name} is not part of the published table and is refused"),
        _("only the columns {columns}"),
    ),
    "opportunity.columns_missing": (
        _("columns are missing: {columns}"),
        _("the columns {columns}"),
    ),
    "opportunity.empty_value": (_("the value is empty"), _("a value")),
    "opportunity.unknown_value": (_("unknown value '{value}'"), _("one of {allowed}")),
    "opportunity.not_a_number": (_("value '{value}' is not a number"), _("a number")),
    "opportunity.not_a_year": (_("value '{value}' is not a year"), _("a year such as 2024")),
    "opportunity.not_boolean": (
        _("value '{value}' is not true or false"),
        _("true or false"),
    ),
    "opportunity.status": (
        _("status '{value}' does not match the column published"),
        _("'{status}'"),
    ),
    "opportunity.suppressed_number": (
        _("a suppressed cell carries a number ({value})"),
        _("no numbers in suppressed cells"),
    ),
    "opportunity.n_missing": (
        _("a published cell has no number of pupils"),
        _("the number of pupils, rounded to {base}"),
    ),
    "opportunity.n_not_rounded": (
        _("count {value} is not rounded to {base}"),
        _("published counts rounded to the nearest {base}"),
    ),
    "opportunity.n_zero": (
        _("a published cell with {value} pupils"),
        _("at least {minimum} pupils in a published cell"),
    ),
    "opportunity.n_below_minimum": (
        _("count {value} is below what the rules allow for a published cell"),
        _("at least {minimum} pupils (rounded: {rounded})"),
    ),
    "opportunity.value_missing": (
        _("a published cell has no {name}"),
        _("a number"),
    ),
    "opportunity.zero_estimate": (
        _("an estimate of exactly 0 is published"),
        _("a suppressed cell (an estimate of 0 says no pupil has the outcome)"),
    ),
    "opportunity.share_out_of_range": (
        _("{value} is not a share"),
        _("a fraction from 0 to 1"),
    ),
    "opportunity.interval_order": (
        _("the interval {low} to {high} does not hold the estimate {estimate}"),
        _("ci_low <= estimate <= ci_high"),
    ),
    "opportunity.precision_missing": (
        _("a published cell has no precision"),
        _("the step its numbers are rounded to (docs/disclosure.md)"),
    ),
    "opportunity.precision_too_fine": (
        _("precision {value} is finer than the rules allow for {low} pupils"),
        _("at least {required}"),
    ),
    "opportunity.not_rounded": (
        _("{value} is not a multiple of the row's precision {precision}"),
        _("numbers rounded to the row's precision"),
    ),
    "opportunity.n_inconsistent": (
        _(
            "no number of pupils from {low} to {high} gives the share {mean} with at least "
            "{count} pupils with and without the outcome"
        ),
        _("a count, share and precision that fit together"),
    ),
    "opportunity.n_derivable": (
        _("the exact number of pupils ({value}) can be worked out from the published numbers"),
        _("numbers rounded so that no exact count follows from them"),
    ),
    "opportunity.pinned": (
        _(
            "this suppressed cell can be worked out from the rest of the table: "
            "{low} to {high} pupils{share}"
        ),
        _("complementary suppression, so that no suppressed cell can be derived"),
    ),
    "opportunity.contradicts": (
        _("the table contradicts itself: no counts fit all its numbers"),
        _("a table written by `kansen opportunity run`"),
    ),
    "opportunity.audit_unfinished": (
        _(
            "the intruder audit did not finish in {seconds} s: {count} suppressed cells were not "
            "checked for being derivable (run `kansen opportunity audit` on the table)"
        ),
        None,
    ),
    "opportunity.rules_unreadable": (
        _("the disclosure rules in the file cannot be read ({error})"),
        _("the rules as `kansen opportunity run` records them"),
    ),
    "opportunity.rules_weaker": (
        _("the table was made with {name} = {value}, weaker than the platform's {minimum}"),
        _("rules at least as strict as the platform's"),
    ),
}
PROBLEM_MESSAGES.update(MESSAGES)


def _problem(code: str, file: str, row: int | None, column: str | None, **params: Any) -> Problem:
    return platform_problem(code, file, row, column, **params)


def _max_bytes() -> int:
    limits = getattr(settings, "KANSEN_UPLOAD_MAX_BYTES", {})
    return int(limits.get("opportunity", DEFAULT_MAX_BYTES))


def _read(data: bytes, filename: str, max_bytes: int | None = None) -> pd.DataFrame:
    """The file as a table of text (CSV) or typed columns (Parquet); every failure a problem."""
    limit = max_bytes if max_bytes is not None else _max_bytes()
    if len(data) > limit:
        raise ImportRejected(
            [
                _problem(
                    "opportunity.too_large",
                    filename,
                    None,
                    None,
                    size=f"{len(data) / 1048576:.1f}",
                    limit=f"{limit / 1048576:.1f}",
                )
            ]
        )
    if data[:4] == b"PAR1":
        return _read_parquet(data, filename)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        code = "opportunity.not_utf8" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise ImportRejected([_problem(code or "opportunity.binary", filename, None, None)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([_problem("opportunity.not_utf8", filename, None, None)]) from None
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, engine="c"
        )
    except pd.errors.EmptyDataError:
        raise ImportRejected([_problem("opportunity.empty", filename, None, None)]) from None
    except (pd.errors.ParserError, ValueError, csv.Error) as error:
        message = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise ImportRejected(
            [_problem("opportunity.unreadable_csv", filename, None, None, error=message)]
        ) from error
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _read_parquet(data: bytes, filename: str) -> pd.DataFrame:
    max_cells = int(getattr(settings, "KANSEN_UPLOAD_MAX_CELLS", 5_000_000))
    max_unpacked = int(getattr(settings, "KANSEN_UPLOAD_MAX_UNPACKED_BYTES", 250 * 1048576))
    try:
        handle = pq.ParquetFile(pa.BufferReader(data))
        meta = handle.metadata
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        cells = meta.num_rows * max(meta.num_columns, 1)
        if cells > max_cells or unpacked > max_unpacked:
            raise ImportRejected(
                [
                    _problem(
                        "opportunity.too_big_unpacked",
                        filename,
                        None,
                        None,
                        cells=f"{cells:,}",
                        size=f"{unpacked / 1048576:.1f}",
                        max_cells=f"{max_cells:,}",
                        max_mb=f"{max_unpacked / 1048576:.0f}",
                    )
                ]
            )
        nested = [
            _problem("opportunity.nested", filename, 1, f.name, name=f.name, kind=str(f.type))
            for f in handle.schema_arrow
            if pa.types.is_nested(f.type)
        ]
        if nested:
            raise ImportRejected(nested)
        table = handle.read()
        frame: pd.DataFrame = table.to_pandas()
        frame.attrs["metadata"] = dict(table.schema.metadata or {})
        return frame
    except ImportRejected:
        raise
    except Exception as error:  # any failure to read a corrupt file is a problem, never a 500
        message = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise ImportRejected(
            [_problem("opportunity.unreadable_parquet", filename, None, None, error=message)]
        ) from error


def _rules(frame: pd.DataFrame, filename: str) -> tuple[DisclosureRules, list[Problem]]:
    """The rules the table states (Parquet metadata), checked against the platform's minimum."""
    platform = DisclosureRules()
    try:
        stated = rules_from_metadata(frame.attrs.get("metadata"))
    except ValueError as error:
        return platform, [
            _problem("opportunity.rules_unreadable", filename, None, None, error=str(error))
        ]
    if stated is None:
        return platform, []
    problems = []
    for name in ("min_n_mean", "min_n_regression", "min_share_count", "rounding_base"):
        if getattr(stated, name) < getattr(platform, name):
            problems.append(
                _problem(
                    "opportunity.rules_weaker",
                    filename,
                    None,
                    None,
                    name=name,
                    value=getattr(stated, name),
                    minimum=getattr(platform, name),
                )
            )
    for name in ("suppress_zero", "complementary"):
        if not getattr(stated, name):
            problems.append(
                _problem(
                    "opportunity.rules_weaker",
                    filename,
                    None,
                    None,
                    name=name,
                    value=False,
                    minimum=True,
                )
            )
    return stated, problems


def _numbers(frame: pd.DataFrame, filename: str, problems: list[Problem]) -> dict[str, np.ndarray]:
    """Every number column as floats (NaN for empty); text that is no number is a problem."""
    numbers: dict[str, np.ndarray] = {}
    for column in _NUMBER_COLUMNS:
        if column not in frame.columns:
            continue
        raw = frame[column]
        if raw.dtype == object:
            text = raw.astype(str).str.strip()
            empty = raw.isna() | text.isin(["", "nan", "NaN", "None", "<NA>"])
            values = pd.to_numeric(text.where(~empty, None), errors="coerce")
            bad = np.flatnonzero(values.isna().to_numpy() & ~empty.to_numpy())
            for i in bad:
                problems.append(
                    _problem(
                        "opportunity.not_a_number",
                        filename,
                        int(i) + 2,
                        column,
                        value=str(raw.iloc[i])[:40],
                    )
                )
            numbers[column] = values.to_numpy(dtype=np.float64)
        else:
            try:
                numbers[column] = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64)
            except (TypeError, ValueError):
                numbers[column] = np.full(len(frame), np.nan)
                problems.append(
                    _problem("opportunity.not_a_number", filename, 2, column, value=str(raw.dtype))
                )
    return numbers


def _flags(frame: pd.DataFrame, filename: str, problems: list[Problem]) -> np.ndarray:
    raw = frame["published"]
    if raw.dtype == bool:
        return raw.to_numpy()
    text = raw.astype(str).str.strip().str.lower()
    published = text.isin(_TRUE).to_numpy()
    for i in np.flatnonzero(~published & ~text.isin(_FALSE).to_numpy()):
        problems.append(
            _problem(
                "opportunity.not_boolean",
                filename,
                int(i) + 2,
                "published",
                value=str(raw.iloc[i])[:40],
            )
        )
    return published


def _texts(frame: pd.DataFrame, filename: str, problems: list[Problem]) -> None:
    """Year, level, band, outcome and area code: present and among the allowed values."""
    allowed = {
        "level": LEVELS,
        "band": tuple(BAND_LABELS),
        "outcome": tuple(OUTCOMES),
    }
    for column in ("year", "level", "area_code", "band", "outcome"):
        values = frame[column].astype(str).str.strip()
        empty = frame[column].isna().to_numpy() | values.isin(["", "nan", "None"]).to_numpy()
        for i in np.flatnonzero(empty):
            problems.append(_problem("opportunity.empty_value", filename, int(i) + 2, column))
        if column == "year":
            years = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64)
            bad = ~empty & ~(np.isfinite(years) & (years == np.round(years)))
            bad &= ~empty
            for i in np.flatnonzero(bad):
                problems.append(
                    _problem(
                        "opportunity.not_a_year",
                        filename,
                        int(i) + 2,
                        column,
                        value=values.iloc[i][:40],
                    )
                )
        elif column in allowed:
            unknown = ~empty & ~values.isin(allowed[column]).to_numpy()
            for i in np.flatnonzero(unknown):
                problems.append(
                    _problem(
                        "opportunity.unknown_value",
                        filename,
                        int(i) + 2,
                        column,
                        value=values.iloc[i][:40],
                        allowed=", ".join(allowed[column]),
                    )
                )


def _required_precision(low: np.ndarray, decimals: int | None) -> np.ndarray:
    """The coarsest-needed step for shares (docs/disclosure.md): >= 10**-decimals and 1/low."""
    floor = 10.0 ** -(3 if decimals is None else decimals)
    with np.errstate(divide="ignore"):
        need = np.maximum(floor, 1.0 / np.maximum(low, 1))
    steps = np.array(_STEPS)
    index = np.searchsorted(steps, need * (1 - 1e-9))
    precision: np.ndarray = steps[np.minimum(index, len(steps) - 1)]
    return precision


def _multiple(values: np.ndarray, step: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = values / step
    whole: np.ndarray = np.abs(ratio - np.round(ratio)) <= 1e-6 * np.maximum(1, np.abs(ratio))
    return whole


def check_disclosed(
    frame: pd.DataFrame, filename: str, rules: DisclosureRules | None = None
) -> list[Problem]:
    """Every reason the table is not a disclosed result the platform may store.

    The disclosure rules are checked again on what arrives (docs/disclosure.md, "Published
    table"): only the documented columns, counts rounded and above the minimum, no number in a
    suppressed cell, numbers rounded to the row's precision and consistent with its count, no
    published estimate of 0, and no exact count that follows from a published row. The
    intruder audit (:func:`audit_table`) runs after these pass.
    """
    rules = rules or DisclosureRules()
    problems: list[Problem] = []
    columns = [str(c) for c in frame.columns]
    pupil = sorted((set(columns) & _PUPIL_COLUMNS) | (set(columns) & _SUM_COLUMNS))
    if pupil:
        problems.append(
            _problem("opportunity.pupil_data", filename, None, None, columns=", ".join(pupil))
        )
    for name in columns:
        if name not in PUBLISHED_COLUMNS and name not in pupil:
            problems.append(
                _problem(
                    "opportunity.column_not_allowed",
                    filename,
                    1,
                    name[:60],
                    name=name[:60],
                    columns=", ".join(PUBLISHED_COLUMNS),
                )
            )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(
            _problem(
                "opportunity.columns_missing",
                filename,
                1,
                ", ".join(missing),
                columns=", ".join(REQUIRED),
            )
        )
    if problems:
        return problems
    if frame.empty:
        return [_problem("opportunity.empty", filename, None, None)]
    _texts(frame, filename, problems)
    published = _flags(frame, filename, problems)
    numbers = _numbers(frame, filename, problems)
    if problems:
        return problems
    rows = np.arange(len(frame)) + 2
    base = rules.rounding_base
    is_all = (frame["band"].astype(str).str.strip() == "all").to_numpy()
    if "outcome_kind" in frame.columns:
        share = (frame["outcome_kind"].astype(str).str.strip() == "share").to_numpy()
    else:
        share = np.ones(len(frame), dtype=bool)
    status = frame["status"].astype(str).str.strip().to_numpy()
    wrong_status = np.where(published, status != PUBLISHED_STATUS, status != SUPPRESSED_STATUS)
    for i in np.flatnonzero(wrong_status):
        expected = PUBLISHED_STATUS if published[i] else SUPPRESSED_STATUS
        problems.append(
            _problem(
                "opportunity.status",
                filename,
                int(rows[i]),
                "status",
                value=str(status[i])[:40],
                status=expected,
            )
        )
    for column, values in numbers.items():
        for i in np.flatnonzero(~published & np.isfinite(values)):
            problems.append(
                _problem(
                    "opportunity.suppressed_number",
                    filename,
                    int(rows[i]),
                    column,
                    value=f"{values[i]:g}",
                )
            )
    n = numbers["n"]
    minimum = np.where(is_all, rules.min_n_mean, rules.min_n_regression)
    minimum = np.where(share, np.maximum(minimum, 2 * math.ceil(rules.min_share_count)), minimum)
    lowest_rounded = (minimum + base // 2) // base * base
    for i in np.flatnonzero(published):
        row = int(rows[i])
        if not np.isfinite(n[i]):
            problems.append(_problem("opportunity.n_missing", filename, row, "n", base=base))
        elif n[i] <= 0:
            problems.append(
                _problem(
                    "opportunity.n_zero",
                    filename,
                    row,
                    "n",
                    value=f"{n[i]:g}",
                    minimum=int(minimum[i]),
                )
            )
        elif n[i] % base:
            problems.append(
                _problem(
                    "opportunity.n_not_rounded", filename, row, "n", value=f"{n[i]:g}", base=base
                )
            )
        elif n[i] + base - base // 2 - 1 < minimum[i]:
            problems.append(
                _problem(
                    "opportunity.n_below_minimum",
                    filename,
                    row,
                    "n",
                    value=f"{n[i]:g}",
                    minimum=int(minimum[i]),
                    rounded=int(lowest_rounded[i]),
                )
            )
        for column in ("estimate", "ci_low", "ci_high"):
            if not np.isfinite(numbers[column][i]):
                problems.append(
                    _problem("opportunity.value_missing", filename, row, column, name=column)
                )
    estimate = numbers["estimate"]
    mean = numbers.get("mean", np.where(is_all, estimate, np.nan))
    low, high = numbers["ci_low"], numbers["ci_high"]
    for column, values in (("estimate", estimate), ("mean", mean)):
        zero = published & (values == 0) & rules.suppress_zero
        for i in np.flatnonzero(zero):
            problems.append(_problem("opportunity.zero_estimate", filename, int(rows[i]), column))
        outside = published & share & np.isfinite(values) & ((values < 0) | (values > 1))
        for i in np.flatnonzero(outside):
            problems.append(
                _problem(
                    "opportunity.share_out_of_range",
                    filename,
                    int(rows[i]),
                    column,
                    value=f"{values[i]:g}",
                )
            )
    disorder = published & np.isfinite(estimate) & ((low > estimate) | (estimate > high))
    for i in np.flatnonzero(disorder):
        problems.append(
            _problem(
                "opportunity.interval_order",
                filename,
                int(rows[i]),
                "ci_low",
                low=f"{low[i]:g}",
                high=f"{high[i]:g}",
                estimate=f"{estimate[i]:g}",
            )
        )
    if problems:
        return problems
    n_low = np.maximum(n - base // 2, minimum)
    n_high = n - base // 2 + base - 1
    precision = numbers.get("precision")
    if precision is not None:
        for i in np.flatnonzero(published & ~(np.isfinite(precision) & (precision > 0))):
            problems.append(
                _problem("opportunity.precision_missing", filename, int(rows[i]), "precision")
            )
        required = _required_precision(n_low, rules.decimals)
        too_fine = published & share & (precision < required * (1 - 1e-9))
        for i in np.flatnonzero(too_fine):
            problems.append(
                _problem(
                    "opportunity.precision_too_fine",
                    filename,
                    int(rows[i]),
                    "precision",
                    value=f"{precision[i]:g}",
                    low=int(n_low[i]),
                    required=f"{required[i]:g}",
                )
            )
        for column in _ROUNDED_COLUMNS:
            if column not in numbers:
                continue
            values = numbers[column]
            loose = published & np.isfinite(values) & (precision > 0)
            loose &= ~_multiple(values, np.where(precision > 0, precision, 1.0))
            for i in np.flatnonzero(loose):
                problems.append(
                    _problem(
                        "opportunity.not_rounded",
                        filename,
                        int(rows[i]),
                        column,
                        value=f"{values[i]:g}",
                        precision=f"{precision[i]:g}",
                    )
                )
        half = np.where(np.isfinite(precision), precision / 2, 0.0)
    else:
        half = np.zeros(len(frame))
    # a whole number of pupils with the outcome for some count the rounded n allows
    count = math.ceil(rules.min_share_count - 1e-9)
    fits = np.zeros(len(frame), dtype=bool)
    for offset in range(base):
        candidate = n - base // 2 + offset
        with np.errstate(invalid="ignore"):
            k_low = np.maximum(np.ceil((mean - half) * candidate - 1e-7), count)
            k_high = np.minimum(np.floor((mean + half) * candidate + 1e-7), candidate - count)
            fits |= (candidate >= minimum) & (k_low <= k_high)
    checkable = published & share & np.isfinite(mean) & np.isfinite(n) & (n > 0)
    for i in np.flatnonzero(checkable & ~fits):
        problems.append(
            _problem(
                "opportunity.n_inconsistent",
                filename,
                int(rows[i]),
                "n",
                low=int(n_low[i]),
                high=int(n_high[i]),
                mean=f"{mean[i]:g}",
                count=count,
            )
        )
    if problems:
        return problems
    for position, value in derivable_counts(frame, rules):
        problems.append(
            _problem("opportunity.n_derivable", filename, position + 2, "n", value=value)
        )
    return problems


def derivable_counts(frame: pd.DataFrame, rules: DisclosureRules) -> list[tuple[int, int]]:
    """Published rows whose exact n follows from their own numbers: (position, n)."""
    table = frame.assign(published=_as_flags(frame["published"]))
    for column in _NUMBER_COLUMNS:
        if column in table.columns:
            table[column] = pd.to_numeric(table[column], errors="coerce")
    counts = derive_counts(table, rules=rules)
    exact = counts[counts["exact_n"]]
    return [(int(r), int(v)) for r, v in zip(exact["row"], exact["n_low"], strict=True)]


def _as_flags(values: pd.Series) -> np.ndarray:
    if values.dtype == bool:
        return values.to_numpy()
    return values.astype(str).str.strip().str.lower().isin(_TRUE).to_numpy()


def audit_table(
    frame: pd.DataFrame, filename: str, rules: DisclosureRules
) -> tuple[list[Problem], dict[str, Any]]:
    """The intruder audit on a table that passed :func:`check_disclosed`: a pinned suppressed
    cell is a problem in its row."""
    table = frame.assign(published=_as_flags(frame["published"]))
    for column in _NUMBER_COLUMNS:
        if column in table.columns:
            table[column] = pd.to_numeric(table[column], errors="coerce")
    seconds = float(getattr(settings, "KANSEN_OPPORTUNITY_AUDIT_SECONDS", AUDIT_SECONDS))
    try:
        audit = audit_published(table, rules=rules, time_limit=seconds, budget=seconds)
    except ValueError:
        return [_problem("opportunity.contradicts", filename, None, None)], {}
    problems = []
    pinned = audit.suppressed[audit.suppressed["n_pinned"] | audit.suppressed["k_pinned"]]
    for cell in pinned.to_dict("records"):
        share = ""
        low_k, high_k = float(cell["k_min"]), float(cell["k_max"])
        if cell["k_pinned"] and math.isfinite(low_k):
            share = f", {low_k:g}-{high_k:g} {_('with the outcome')}"
        problems.append(
            _problem(
                "opportunity.pinned",
                filename,
                int(cell["row"]) + 2,
                "published",
                low=f"{float(cell['n_min']):g}",
                high=f"{float(cell['n_max']):g}",
                share=share,
            )
        )
    return problems, audit.summary()


def indicator_code(row: Mapping[Any, Any]) -> str:
    code = f"opp_{row['outcome']}_{row['band']}"
    subgroup = row.get("subgroup")
    if subgroup and not pd.isna(subgroup) and subgroup != "all":
        code += "_" + slugify(f"{subgroup}-{row.get('subgroup_value', '')}").replace("-", "_")
    return code


def indicator_name(row: Mapping[Any, Any]) -> str:
    name = f"{OUTCOMES[row['outcome']][0]}, {BAND_LABELS[row['band']]}"
    subgroup = row.get("subgroup")
    if subgroup and not pd.isna(subgroup) and subgroup != "all":
        name += f" ({subgroup}: {row.get('subgroup_value', '')})"
    return name


def _note(row: Mapping[Any, Any]) -> str:
    reasons = [
        r
        for r in str(row.get("suppression_reason") or "").replace(",", ";").split(";")
        if r.strip()
    ]
    text = "; ".join(REASONS_NL.get(r.strip(), r.strip()) for r in reasons)
    return f"onvoldoende waarnemingen: {text}" if text else "onvoldoende waarnemingen"


def import_opportunity_results(
    source: Source,
    *,
    filename: str,
    municipality: Municipality | None,
    user: User | None = None,
    publish: bool = False,
    max_bytes: int | None = None,
    audit: bool = True,
) -> ImportRun:
    """Load a disclosed opportunity table (Parquet or CSV) as indicators. All-or-nothing.

    ``audit=False`` skips the intruder audit (not the rule checks): only for a table the
    platform made itself with the library's disclosure method (the demo), whose guarantee the
    library's intruder tests prove; the run's summary says it was skipped.

    The rules are checked again (:func:`check_disclosed`) and the intruder audit run
    (:func:`audit_table`); a table that breaks them is refused with every problem by row and
    column. The rules used and the audit's figures are recorded in the run's summary.
    ``max_bytes`` defaults to the platform's upload limit for this kind of file.
    """

    checked: dict[str, Any] = {}

    def read() -> _Checked[pd.DataFrame]:
        data = _readable(source)
        if not isinstance(data, bytes):
            path = Path(data)
            if path.stat().st_size > (max_bytes if max_bytes is not None else _max_bytes()):
                data = path.open("rb").read((max_bytes or _max_bytes()) + 1)
            else:
                data = path.read_bytes()
        frame = _read(data, filename, max_bytes)
        rules, problems = _rules(frame, filename)
        problems += check_disclosed(frame, filename, rules)
        if problems:
            raise ImportRejected(problems)
        if audit:
            problems, figures = audit_table(frame, filename, rules)
        else:
            problems, figures = [], {"skipped": True}
        if problems:
            raise ImportRejected(problems)
        checked["rules"] = rules.as_dict()
        checked["audit"] = figures
        warnings = []
        if figures.get("unchecked"):
            problem = _problem(
                "opportunity.audit_unfinished",
                filename,
                None,
                None,
                seconds=f"{figures['seconds']:.0f}",
                count=figures["unchecked"],
            )
            warnings.append(dataclasses.replace(problem, severity="warning"))
        frame["published"] = _as_flags(frame["published"])
        for column in _NUMBER_COLUMNS:
            if column in frame.columns:
                frame[column] = pd.to_numeric(frame[column], errors="coerce")
        frame["year"] = pd.to_numeric(frame["year"]).astype(int)
        frame["level"] = frame["level"].astype(str).str.strip()
        other = frame[~frame["level"].isin(["gemeente", "wijk", "buurt"])]
        if len(other):
            warnings.append(
                Problem(
                    filename,
                    None,
                    "level",
                    f"{len(other)} cells of levels "
                    f"{', '.join(sorted(set(other['level'])))} are not areas "
                    "of the platform and were skipped",
                    severity="warning",
                )
            )
        frame = frame[frame["level"].isin(["gemeente", "wijk", "buurt"])].reset_index(drop=True)
        frame["area_code"] = frame["area_code"].astype(str).str.strip()
        territory = _check_territory(
            ((i + 2, c) for i, c in enumerate(frame["area_code"])),
            municipality,
            user,
            filename,
            "area_code",
        )
        if territory:
            raise ImportRejected(territory)
        return _Checked(frame, warnings)

    def write(frame: pd.DataFrame, run: ImportRun) -> dict[str, Any]:
        wanted = {
            (code, int(year)): (None, "")
            for code, year in frame[["area_code", "year"]].drop_duplicates().itertuples(index=False)
        }
        areas, created = _ensure_areas(wanted, filename, run)
        records = frame.to_dict("records")
        indicators: dict[str, Indicator] = {}
        for row in records:
            code = indicator_code(row)
            if code in indicators:
                continue
            indicator, _ = Indicator.objects.update_or_create(
                municipality=municipality,
                code=code,
                defaults={
                    "name": indicator_name(row),
                    "unit": "%",
                    "domain": Domain.EDUCATION,
                    "direction": OUTCOMES[row["outcome"]][1],
                    "source": SOURCE,
                    "definition": "Aandeel leerlingen, geschat met de Kansenkaart-methode; bij "
                    "een inkomensgroep de voorspelling van de regressielijn op het midden van "
                    "de groep, met 95%-betrouwbaarheidsinterval.",
                },
            )
            if publish and not indicator.is_public:
                indicator.is_public = True
                indicator.save(update_fields=["is_public"])
            indicators[code] = indicator
        Observation.objects.filter(
            indicator__in=indicators.values(), area__in=list(areas.values())
        ).delete()
        suppressed = 0
        objects = []
        for row in records:
            published = bool(row["published"])
            suppressed += not published
            objects.append(
                Observation(
                    indicator=indicators[indicator_code(row)],
                    area=areas[(row["area_code"], int(row["year"]))],
                    year=int(row["year"]),
                    value=round(float(row["estimate"]) * 100, 4) if published else None,
                    lower=round(float(row["ci_low"]) * 100, 4) if published else None,
                    upper=round(float(row["ci_high"]) * 100, 4) if published else None,
                    count=int(row["n"]) if published and not pd.isna(row["n"]) else None,
                    status="ok" if published else "suppressed",
                    note="" if published else _note(row),
                    import_run=run,
                )
            )
        Observation.objects.bulk_create(objects, batch_size=1000)
        touch_figures(areas.values(), national=municipality is None)
        return {
            "cells": len(records),
            "published": len(records) - suppressed,
            "suppressed": suppressed,
            "indicators": sorted(indicators),
            "areas_created": created,
            "levels": sorted({area_level(c) for c, _ in wanted}),
            "rules": checked.get("rules", {}),
            "audit": checked.get("audit", {}),
        }

    return _recorded_import(
        kind=ImportKind.OPPORTUNITY,
        filename=filename,
        municipality=municipality,
        user=user,
        read=read,
        write=write,
    )
