"""Compute an index from a definition and a wide data table (stages 2-7 of imd-method.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._data import (
    FloatArray,
    IndexDataError,
    Prepared,
    Slot,
    prepare,
    slots_of,
)
from ._definition import Domain, IndexDefinition, ReferenceSet
from ._stats import (
    _shrink,
    combine,
    deciles,
    exponential_transform,
    factor_loadings,
    integers,
    normal_scores,
    rank,
    round_scores,
    weighted_sum,
)

DomainPart = Literal["score", "rank", "transformed"]


@dataclass
class IndexResult:
    """A computed index: per area scores, ranks and deciles, and how they were made.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per area of the reference set (in data order), indexed by area code, with per
        domain ``<domain>_score``, ``<domain>_rank`` (1 = most deprived) and
        ``<domain>_transformed`` (exponential transformation, 0-100), then ``score`` (rounded,
        like the domain scores, to ``SCORE_DECIMALS`` decimals before ranking), ``rank``,
        ``decile`` (``ceil(10 * rank / N)``, 1 = most deprived tenth; nullable integer) and
        ``missing`` (the missing-value actions for the area, e.g. ``"parent, reweight"``; empty
        when complete). Areas left out by the ``"drop"`` policy have NaN scores and ranks.
    definition : IndexDefinition
        The definition used.
    reference : ReferenceSet
        The reference set used (its label says what the ranks mean).
    year : int or None
        The data year.
    n : int
        Number of ranked areas.
    missing : pandas.DataFrame
        The missing-value report: one row per action, columns ``area_code``, ``domain``,
        ``indicator`` ("" for a whole domain), ``action`` ("parent", "reweight" or "drop") and
        ``detail``.
    indicator_weights : dict of str to dict of str to float
        The within-domain weights used (sum 1), e.g. the normalised factor loadings.
    notes : list of str
        Anything else a reader must know, e.g. a factor analysis that did not converge.
    """

    frame: pd.DataFrame
    definition: IndexDefinition
    reference: ReferenceSet
    year: int | None
    n: int
    missing: pd.DataFrame
    indicator_weights: dict[str, dict[str, float]]
    notes: list[str] = field(default_factory=list)

    @property
    def scores(self) -> pd.Series:
        """The index score per area (higher = more deprived)."""
        return self.frame["score"]

    @property
    def ranks(self) -> pd.Series:
        """The index rank per area (1 = most deprived)."""
        return self.frame["rank"]

    @property
    def deciles(self) -> pd.Series:
        """The index decile per area (1 = most deprived tenth)."""
        return self.frame["decile"]

    @property
    def dropped(self) -> list[str]:
        """Areas of the reference set left out of the ranking."""
        return self.frame.index[self.frame["rank"].isna()].tolist()

    def domains(self, part: DomainPart = "score") -> pd.DataFrame:
        """One column per domain: its ``"score"``, ``"rank"`` or ``"transformed"`` score."""
        codes = [domain.code for domain in self.definition.domains]
        table = self.frame[[f"{code}_{part}" for code in codes]]
        return table.set_axis(codes, axis=1)

    def metadata(self) -> dict[str, Any]:
        """What the platform stores beside the frame: definition, reference set, year, report."""
        return {
            "definition": self.definition.to_dict(),
            "reference": self.reference.label,
            "year": self.year,
            "n": self.n,
            "dropped": self.dropped,
            "indicator_weights": self.indicator_weights,
            "notes": list(self.notes),
            "missing": self.missing.to_dict(orient="records"),
        }


def compute_index(
    data: pd.DataFrame,
    definition: IndexDefinition,
    *,
    parents: Mapping[str, str] | pd.Series | None = None,
    parent_data: pd.DataFrame | None = None,
    reference: ReferenceSet | None = None,
    year: int | None = None,
) -> IndexResult:
    """Compute a deprivation index.

    Parameters
    ----------
    data : pandas.DataFrame
        Wide table indexed by area code with a numeric column per indicator (or numerator and
        denominator, or given domain score); NaN is a missing value. Rows outside the reference
        set are ignored, except as parent areas.
    definition : IndexDefinition
        Domains, indicators, weights and options.
    parents : mapping or pandas.Series, optional
        Area code -> parent area code: where the ``"parent"`` policy takes values from, and the
        groups that shrinkage shrinks toward (without it, toward the mean of all areas).
    parent_data : pandas.DataFrame, optional
        The parent areas' values (same columns); by default the rows of ``data``.
    reference : ReferenceSet, optional
        Overrides the definition's reference set.
    year : int, optional
        The data year, recorded in the result.

    Returns
    -------
    IndexResult

    Raises
    ------
    IndexDataError
        When a column is absent or not numeric, codes repeat, the reference set is empty, or a
        value is missing and the policy ends in ``"error"``.
    """
    reference = reference or definition.reference
    prepared = prepare(data, definition, reference, parents, parent_data)
    if prepared.codes.size == 0:
        raise IndexDataError(
            f"every area of {reference.label!r} was dropped for missing values; expected at "
            "least one area with values"
        )
    notes: list[str] = []
    domain_scores, indicator_weights = _domain_scores(prepared, definition, notes)
    domain_ranks = rank(domain_scores, definition.ties, descending=True)
    transformed = exponential_transform(domain_ranks, np.count_nonzero(~np.isnan(domain_ranks), 0))
    score = combine(transformed, [domain.weight for domain in definition.domains])
    index_rank = rank(score, definition.ties, descending=True)
    n = int(np.count_nonzero(~np.isnan(index_rank)))

    def full(values: FloatArray) -> FloatArray:
        """Per reference area, NaN for the dropped ones."""
        if prepared.keep.all():
            return values
        spread = np.full(prepared.keep.size, np.nan)
        spread[prepared.keep] = values
        return spread

    parts: dict[str, Any] = {}
    for d, domain in enumerate(definition.domains):
        parts[f"{domain.code}_score"] = full(domain_scores[:, d])
        parts[f"{domain.code}_rank"] = full(domain_ranks[:, d])
        parts[f"{domain.code}_transformed"] = full(transformed[:, d])
    parts["score"] = full(score)
    parts["rank"] = full(index_rank)
    parts["decile"] = integers(full(deciles(index_rank, n)))
    parts["missing"] = prepared.actions
    frame = pd.DataFrame(parts, index=pd.Index(prepared.reference_codes, name="area_code"))
    return IndexResult(
        frame=frame,
        definition=definition,
        reference=reference,
        year=year,
        n=n,
        missing=prepared.report,
        indicator_weights=indicator_weights,
        notes=notes,
    )


def _domain_scores(
    prepared: Prepared, definition: IndexDefinition, notes: list[str]
) -> tuple[FloatArray, dict[str, dict[str, float]]]:
    """Domain scores (higher = more deprived) and the within-domain weights used."""
    slots = slots_of(definition)
    sign = np.array([
        -1.0 if slot.indicator is not None and slot.indicator.direction == "higher_is_better"
        else 1.0
        for slot in slots
    ])  # fmt: skip
    aligned = _shrunk(prepared, slots)
    for column in np.flatnonzero(sign < 0):
        aligned[:, column] *= -1.0
    normal = [j for j, s in enumerate(slots) if definition.domains[s.domain].scoring == "normal"]
    if len(normal) == len(slots):
        aligned = normal_scores(aligned)
    elif normal:
        for j, column in zip(normal, normal_scores(aligned[:, normal]).T, strict=True):
            aligned[:, j] = column

    scores = np.full((prepared.codes.size, len(definition.domains)), np.nan)
    indicator_weights: dict[str, dict[str, float]] = {}
    for d, domain in enumerate(definition.domains):
        block = aligned[:, [j for j, slot in enumerate(slots) if slot.domain == d]]
        if domain.scoring == "given":
            scores[:, d] = block[:, 0]
            continue
        weights = _within_weights(domain, block, prepared, notes)
        indicator_weights[domain.code] = {
            i.code: float(w) for i, w in zip(domain.indicators, weights, strict=True)
        }
        available = weighted_sum(~np.isnan(block), weights)
        with np.errstate(invalid="ignore", divide="ignore"):
            sums = weighted_sum(np.where(np.isnan(block), 0.0, block), weights)
            mean = np.where(available > 0, sums / available, np.nan)
        # A mean of several indicators is ranked next: rounded so that equal means tie on every
        # machine (see _stats). One indicator's value is used exactly as it is.
        scores[:, d] = round_scores(mean) if block.shape[1] > 1 else mean
    return scores, indicator_weights


def _shrunk(prepared: Prepared, slots: list[Slot]) -> FloatArray:
    """The values with each shrunk indicator replaced by its shrunken rate.

    Without shrinkage this is ``prepared.values`` itself, which the caller may change.
    """
    values = prepared.values.copy(order="F") if prepared.counts else prepared.values
    for j, (numerator, denominator) in prepared.counts.items():
        order = prepared.canonical  # sums over areas independent of the row order
        rows = order[~(np.isnan(numerator) | np.isnan(denominator))[order]]
        if not rows.size:
            continue
        groups = pd.factorize(prepared.parents[rows])[0].astype(np.intp)
        try:
            shrunk = _shrink(numerator[rows], denominator[rows], groups)["shrunk_rate"]
            values[rows, j] = round_scores(shrunk)  # ranked next (normal scores)
        except ValueError as error:
            raise IndexDataError(f"indicator {slots[j].code!r}: {error}") from error
    return values


def _within_weights(
    domain: Domain, block: FloatArray, prepared: Prepared, notes: list[str]
) -> FloatArray:
    """The weights of the domain's indicators (sum 1)."""
    k = block.shape[1]
    if domain.weighting == "given":
        given = np.array([indicator.weight for indicator in domain.indicators], dtype=np.float64)
        normalised: FloatArray = given / given.sum()
        return normalised
    if domain.weighting == "equal" or k == 1:
        return np.full(k, 1.0 / k)
    if k == 2:
        notes.append(
            f"domain {domain.code!r}: one factor is not identified with two indicators; "
            "equal weights used"
        )
        return np.full(k, 0.5)
    try:
        loadings, converged = factor_loadings(block[prepared.canonical])
    except ValueError as error:
        raise IndexDataError(f"domain {domain.code!r}: {error}") from error
    if not converged:
        notes.append(f"domain {domain.code!r}: the factor analysis did not fully converge")
    if (loadings <= 0).any():
        notes.append(
            f"domain {domain.code!r}: an indicator loads negatively or not at all on the first "
            "factor; check its direction"
        )
    weights: FloatArray = loadings / loadings.sum()
    return weights
