"""From a wide data table to a matrix of indicator values, with the missing-value policy applied.

One column of the matrix per *slot*: an indicator of a domain, or the domain itself when its
score is given. Missing values are filled from the parent area, left out (re-weighted), or make
the area drop out or raise, as the definition's ``missing`` steps say; every action is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ._definition import IndexDefinition, Indicator, ReferenceSet

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: How many problems an error message lists before summarising the rest.
_MESSAGE_LIMIT = 10
REPORT_COLUMNS = ("area_code", "domain", "indicator", "action", "detail")


class IndexDataError(ValueError):
    """The data cannot be used with the definition (columns, codes, values, missing values)."""


@dataclass(frozen=True)
class Slot:
    """One column of the value matrix: an indicator (or a given domain score) of a domain."""

    domain: int
    indicator: Indicator | None

    @property
    def code(self) -> str:
        return "" if self.indicator is None else self.indicator.code


def slots_of(definition: IndexDefinition) -> list[Slot]:
    """The slots of a definition, domain by domain."""
    slots: list[Slot] = []
    for index, domain in enumerate(definition.domains):
        if domain.scoring == "given":
            slots.append(Slot(index, None))
        else:
            slots += [Slot(index, indicator) for indicator in domain.indicators]
    return slots


@dataclass
class Prepared:
    """The values of the areas to rank, after the missing-value policy.

    Attributes
    ----------
    reference_codes : numpy.ndarray of str
        Codes of the reference set, in data order (the rows of the result).
    keep : numpy.ndarray of bool
        Per reference area: whether it is ranked (False when dropped).
    values : numpy.ndarray, shape (keep.sum(), len(slots))
        Indicator values of the ranked areas (rates for numerator/denominator indicators); NaN
        where left out.
    counts : dict of int to (numerator, denominator)
        For shrunk indicators: the counts per ranked area (NaN where the value came from the
        parent).
    parents : numpy.ndarray of str
        Parent code per ranked area ("" where none is known).
    report : pandas.DataFrame
        One row per action (columns ``REPORT_COLUMNS``).
    actions : numpy.ndarray of str
        Per reference area the actions taken, e.g. ``"parent, reweight"`` ("" when complete).
    """

    reference_codes: NDArray[np.object_]
    keep: BoolArray
    values: FloatArray
    counts: dict[int, tuple[FloatArray, FloatArray]]
    parents: NDArray[np.object_]
    report: pd.DataFrame
    actions: NDArray[np.object_]

    @property
    def codes(self) -> NDArray[np.object_]:
        """Codes of the ranked areas, in data order."""
        return self.reference_codes[self.keep]

    @cached_property
    def canonical(self) -> NDArray[np.intp]:
        """The ranked areas sorted by code: sums over areas in this order do not depend on
        the order of the rows, to the last bit."""
        return np.argsort(self.codes.astype(str), kind="stable")


def select_reference(index: pd.Index, reference: ReferenceSet) -> NDArray[np.intp]:
    """Positions of the reference set's areas in the data, in data order."""
    selected = np.ones(len(index), dtype=bool)
    if reference.code_prefix is not None:
        selected &= np.asarray(index.str.startswith(reference.code_prefix), dtype=bool)
    if reference.areas is not None:
        absent = sorted(set(reference.areas) - set(index[selected]))
        if absent:
            raise IndexDataError(
                f"reference set {reference.label!r}: expected every area in the data, "
                f"{len(absent)} are not: {absent[:_MESSAGE_LIMIT]}"
            )
        selected &= index.isin(reference.areas)
    if not selected.any():
        raise IndexDataError(
            f"reference set {reference.label!r} selects no areas from the {len(index)} rows; "
            f"expected at least one (code prefix {reference.code_prefix!r})"
        )
    return np.flatnonzero(selected)


def check_table(data: pd.DataFrame, definition: IndexDefinition, what: str = "data") -> None:
    """Raise IndexDataError unless the table has unique codes and every column as numbers."""
    if not isinstance(data, pd.DataFrame):
        raise IndexDataError(f"{what}: expected a pandas DataFrame, got {type(data).__name__}")
    if not data.index.is_unique:
        doubles = data.index[data.index.duplicated()].unique().tolist()
        raise IndexDataError(
            f"{what}: expected one row per area code (the index), got repeated codes "
            f"{doubles[:_MESSAGE_LIMIT]}"
        )
    absent = [column for column in definition.columns if column not in data.columns]
    if absent:
        raise IndexDataError(
            f"{what}: expected the columns {absent} for the definition {definition.name!r}; "
            f"the table has {list(data.columns)[:40]}"
        )
    for column in definition.columns:
        series = data[column]
        if not (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)):
            bad = series[pd.to_numeric(series, errors="coerce").isna() & series.notna()]
            example = repr(bad.iloc[0]) if len(bad) else f"dtype {series.dtype}"
            raise IndexDataError(
                f"{what}, column {column!r}: expected numbers (NaN for missing), got {example}"
            )


def _column(table: pd.DataFrame, name: str, rows: NDArray[np.intp]) -> FloatArray:
    values: FloatArray = table[name].to_numpy(np.float64)
    return values if len(rows) == len(values) else values[rows]


def slot_values(
    table: pd.DataFrame, rows: NDArray[np.intp], slots: list[Slot], definition: IndexDefinition
) -> FloatArray:
    """The value matrix of some rows (positions); a rate over 0, or a non-finite value, is NaN."""
    matrix = np.empty((len(rows), len(slots)), order="F")
    for j, slot in enumerate(slots):
        indicator = slot.indicator
        if indicator is None:
            column = _column(table, definition.domains[slot.domain].code, rows)
        elif indicator.numerator is not None and indicator.denominator is not None:
            numerator = _column(table, indicator.numerator, rows)
            with np.errstate(divide="ignore", invalid="ignore"):
                column = numerator / _column(table, indicator.denominator, rows)
        else:
            column = _column(table, indicator.code, rows)
        matrix[:, j] = np.where(np.isfinite(column), column, np.nan)
    return matrix


def _counts(
    table: pd.DataFrame, rows: NDArray[np.intp], indicator: Indicator
) -> tuple[FloatArray, FloatArray]:
    numerator, denominator = indicator.columns
    return _column(table, numerator, rows).copy(), _column(table, denominator, rows)


class _Reporter:
    """Collects the missing-value report, one row per action."""

    def __init__(self, codes: NDArray[np.object_], definition: IndexDefinition, slots: list[Slot]):
        self.codes = codes
        self.definition = definition
        self.domains = np.array([definition.domains[s.domain].code for s in slots], dtype=object)
        self.indicators = np.array([slot.code for slot in slots], dtype=object)
        self.parts: list[pd.DataFrame] = []

    def cells(self, mask: BoolArray, action: str, detail: pd.Series | str) -> None:
        """Report every True cell of an (area x slot) mask."""
        rows, slots = np.nonzero(mask)
        self.add(rows, self.domains[slots], self.indicators[slots], action, detail)

    def add(
        self,
        rows: NDArray[np.intp],
        domains: NDArray[np.object_],
        indicators: NDArray[np.object_],
        action: str,
        detail: pd.Series | str,
    ) -> None:
        self.parts.append(pd.DataFrame({
            "area_code": self.codes[rows], "domain": domains, "indicator": indicators,
            "action": action, "detail": detail,
        }))  # fmt: skip

    def labels(self, mask: BoolArray) -> list[str]:
        """``area/indicator`` (or ``area/domain``) of the True cells, for error messages."""
        rows, slots = np.nonzero(mask)
        return [
            f"{self.codes[i]}/{self.indicators[j] or self.domains[j]}"
            for i, j in zip(rows, slots, strict=True)
        ]

    def frame(self) -> pd.DataFrame:
        """The report sorted by area, domain (definition order) and indicator."""
        if not self.parts:
            return pd.DataFrame({column: pd.Series(dtype=object) for column in REPORT_COLUMNS})
        report = pd.concat(self.parts, ignore_index=True)
        order = {code: i for i, code in enumerate(self.definition.weights)}
        report["_order"] = report["domain"].map(order)
        report = report.sort_values(["area_code", "_order", "indicator"], kind="stable")
        return report.drop(columns="_order").reset_index(drop=True)


def _fill_from_parents(
    values: FloatArray,
    parent_codes: NDArray[np.object_],
    source: pd.DataFrame,
    slots: list[Slot],
    definition: IndexDefinition,
    reporter: _Reporter,
) -> BoolArray:
    """Fill missing values with the parent's values, in place; return the filled cells."""
    filled = np.zeros(values.shape, dtype=bool)
    missing = np.isnan(values)
    where = source.index.get_indexer(pd.Index(parent_codes))
    rows = missing.any(axis=1) & (where >= 0)
    if not rows.any():
        return filled
    parent_values = slot_values(source, where[rows], slots, definition)
    fill = missing[rows] & ~np.isnan(parent_values)
    block = values[rows]
    block[fill] = parent_values[fill]
    values[rows] = block
    filled[rows] = fill
    parent = pd.Series(parent_codes[np.nonzero(filled)[0]], dtype=object)
    reporter.cells(filled, "parent", "value of parent area " + parent + " used")
    return filled


def _reweight(
    missing: BoolArray, slots: list[Slot], definition: IndexDefinition, reporter: _Reporter
) -> BoolArray:
    """Report what re-weighting does; return which areas can still be scored."""
    slot_domain = np.array([slot.domain for slot in slots])
    weights = np.array([domain.weight for domain in definition.domains])
    present = np.column_stack([
        (~missing[:, slot_domain == d]).any(axis=1) for d in range(len(definition.domains))
    ])  # fmt: skip
    scorable: BoolArray = present.astype(np.float64) @ weights > 0
    whole = ~present[:, slot_domain]  # the slot's domain has no value at all
    if missing.any():
        reporter.cells(missing & ~whole & scorable[:, None], "reweight",
                       "left out; the other indicators of the domain re-weighted")  # fmt: skip
    if not present.all():
        rows, domains = np.nonzero(~present & scorable[:, None])
        codes = np.array([d.code for d in definition.domains], dtype=object)[domains]
        detail = "no indicator of the domain has a value; the other domains re-weighted"
        reporter.add(rows, codes, np.full(len(rows), "", dtype=object), "reweight", detail)
    return scorable


def prepare(
    data: pd.DataFrame,
    definition: IndexDefinition,
    reference: ReferenceSet,
    parents: Mapping[str, str] | pd.Series | None,
    parent_data: pd.DataFrame | None,
) -> Prepared:
    """Select the reference set, read the values and apply the missing-value policy."""
    check_table(data, definition)
    frame = data.set_axis(data.index.astype(str), axis=0)
    rows = select_reference(frame.index, reference)
    codes = frame.index.to_numpy(object)[rows]
    slots = slots_of(definition)
    values = slot_values(frame, rows, slots, definition)
    parent_codes = np.full(len(codes), "", dtype=object)
    if parents is not None:
        parent_of = pd.Series(parents, dtype=object)
        parent_of.index = parent_of.index.astype(str)
        parent_codes = parent_of.reindex(codes).fillna("").astype(str).to_numpy(object)
    steps = definition.missing
    reporter = _Reporter(codes, definition, slots)

    filled = np.zeros(values.shape, dtype=bool)
    if "parent" in steps and np.isnan(values).any():
        source = frame
        if parent_data is not None:
            check_table(parent_data, definition, "parent_data")
            source = parent_data.set_axis(parent_data.index.astype(str), axis=0)
        filled = _fill_from_parents(values, parent_codes, source, slots, definition, reporter)
    missing = np.isnan(values)
    scorable: BoolArray = np.logical_not(missing.any(axis=1))
    if "reweight" in steps:
        scorable = _reweight(missing, slots, definition, reporter)
    if not scorable.all():
        cells = missing & ~scorable[:, None]
        if steps[-1] != "drop":
            labels = reporter.labels(cells)
            areas = int((~scorable).sum())
            raise IndexDataError(
                f"{len(labels)} missing values in {areas} area{'s' * (areas != 1)} that the "
                f"missing-value policy {steps} cannot handle; expected a value, or 'parent', "
                f"'reweight' or 'drop' in the policy; first (area/indicator): "
                f"{labels[:_MESSAGE_LIMIT]}"
            )
        reporter.cells(cells, "drop", "missing; the area is left out of the ranking")

    counts: dict[int, tuple[FloatArray, FloatArray]] = {}
    for j, slot in enumerate(slots):
        if slot.indicator is not None and slot.indicator.shrink:
            numerator, denominator = _counts(frame, rows, slot.indicator)
            numerator[filled[:, j]] = np.nan  # the parent's rate is used as it is
            counts[j] = (numerator[scorable], denominator[scorable])
    complete = bool(scorable.all())
    incomplete: BoolArray = np.asarray(missing.any(axis=1) & scorable, dtype=bool)
    actions = _actions(np.asarray(filled.any(axis=1), dtype=bool), incomplete, ~scorable)
    return Prepared(
        reference_codes=codes,
        keep=scorable,
        values=values if complete else values[scorable],
        counts=counts,
        parents=parent_codes if complete else parent_codes[scorable],
        report=reporter.frame(),
        actions=actions,
    )


def _actions(parent: BoolArray, reweight: BoolArray, drop: BoolArray) -> NDArray[np.object_]:
    """Per area the actions taken, e.g. ``"parent, reweight"``; "" for a complete area."""
    text = np.full(parent.size, "", dtype=object)
    for action, hit in (("parent", parent), ("reweight", reweight), ("drop", drop)):
        if hit.any():
            text[hit] = np.where(text[hit] == "", action, text[hit] + ", " + action)
    return text
