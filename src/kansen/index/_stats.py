"""The statistical steps of the method, on numpy arrays: ranks, normal scores, factor weights,
shrinkage, the exponential transformation and deciles (see ``docs/imd-method.md``).

Every function works on whole columns at once and treats NaN as "no value": a NaN gets no rank
and no score, and does not count in N.

Ranks are the same on every machine. A computed score (a shrunk rate, a domain score, the index
score) is rounded to :data:`SCORE_DECIMALS` (9) decimals before it is ranked, and weighted sums
add their terms one column at a time in a fixed order (no matrix product, whose summation order
depends on the CPU and the BLAS library). Scores that are equal in decimal arithmetic therefore
tie, as the tie rule says, instead of being a few units in the last place apart and ranked apart.
Nine decimals is far below any meaningful difference (index scores run from 0 to 100, domain
scores are means of normal scores, rates lie between 0 and 1) and far above floating-point noise
(about 1e-14 at these magnitudes). Raw data values are ranked as given.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtri

FloatArray = NDArray[np.float64]
RankTies = Literal["min", "max", "average"]

#: The constant of the exponential transformation: X = -23 ln(1 - R (1 - exp(-100/23))).
_EXP_SCALE = 23.0
_EXP_TOP = -np.expm1(-100.0 / 23.0)
_LOW_63_BITS = np.int64(0x7FFF_FFFF_FFFF_FFFF)
_NAN_KEY = np.iinfo(np.int64).max
#: Smallest uniqueness (specific variance) in the factor analysis, against Heywood cases.
_MIN_UNIQUENESS = 1e-3
#: Decimals a computed score is rounded to before it is ranked (see the module docstring).
SCORE_DECIMALS = 9


def round_scores(values: ArrayLike) -> FloatArray:
    """Round computed scores to :data:`SCORE_DECIMALS` decimals, so decimal ties stay ties.

    >>> float(round_scores(0.1 + 0.2)) == float(round_scores(0.3))
    True
    """
    array = np.asarray(values, dtype=np.float64)
    rounded: FloatArray = np.empty_like(array)
    np.round(array, SCORE_DECIMALS, out=rounded)
    rounded += 0.0  # -0.0 becomes 0.0
    return rounded


def weighted_sum(values: ArrayLike, weights: ArrayLike) -> FloatArray:
    """``values @ weights`` summed column by column in a fixed order (the same on every machine).

    Parameters
    ----------
    values : array_like, shape (n_rows, k)
        No NaN (the callers replace a missing value by 0 first).
    weights : array_like, shape (k,)

    Returns
    -------
    numpy.ndarray, shape (n_rows,)
    """
    matrix = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    total = np.zeros(matrix.shape[0])
    for j in range(matrix.shape[1]):
        total += matrix[:, j] * w[j]
    return total


def _sort_keys(values: FloatArray) -> NDArray[np.int64]:
    """Integers in the same order as the floats (NaN last): numpy sorts int64 much faster."""
    bits = (values + 0.0).view(np.int64)  # + 0.0 turns -0.0 into 0.0
    keys = bits ^ ((bits >> 63) & _LOW_63_BITS)
    keys[np.isnan(values)] = _NAN_KEY
    return keys


def rank(values: ArrayLike, ties: RankTies = "average", *, descending: bool = False) -> FloatArray:
    """Rank each column: 1 for the lowest value (or the highest with ``descending``).

    Parameters
    ----------
    values : array_like, 1-D or 2-D
        Values; a 2-D array is ranked per column. NaN gets rank NaN and is not counted.
    ties : {"average", "min", "max"}
        Rank of tied values: the mean, lowest or highest rank of their group.
    descending : bool
        Rank 1 for the highest value (the most deprived area).

    Returns
    -------
    numpy.ndarray
        Float ranks of the same shape, as :func:`scipy.stats.rankdata` with ``nan_policy="omit"``.
    """
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 1:
        return _rank_1d(-array if descending else array, ties)
    if array.ndim != 2:
        raise ValueError(f"expected a 1-D or 2-D array, got {array.ndim} dimensions")
    ranks = np.empty(array.shape, order="F")  # columns contiguous
    for j in range(array.shape[1]):
        column = np.ascontiguousarray(array[:, j])
        ranks[:, j] = _rank_1d(-column if descending else column, ties)
    return ranks


def _rank_1d(values: FloatArray, ties: RankTies) -> FloatArray:
    if ties not in ("min", "max", "average"):
        raise ValueError(f"ties: expected 'min', 'max' or 'average', got {ties!r}")
    keys = _sort_keys(values)
    order = np.argsort(keys)
    count = int(np.count_nonzero(~np.isnan(values)))
    sorted_keys = keys[order[:count]]
    starts_group = np.empty(count, dtype=bool)
    starts_group[:1] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=starts_group[1:])
    group = np.cumsum(starts_group) - 1
    first = np.flatnonzero(starts_group) + 1.0
    last = np.append(first[1:] - 1.0, float(count))
    by_group = {"min": first, "max": last, "average": (first + last) / 2.0}[ties]
    ranks = np.full(values.shape, np.nan)
    ranks[order[:count]] = by_group[group]
    return ranks


def normal_scores(values: ArrayLike) -> FloatArray:
    """Normal scores ``Phi^-1((rank - 0.5) / N)`` per column, ranking ties by their average.

    Parameters
    ----------
    values : array_like, 1-D or 2-D
        Aligned values (higher = more deprived); NaN stays NaN and is not counted in N.

    Returns
    -------
    numpy.ndarray
        Scores of the same shape; the highest value gets the highest score.
    """
    scores = rank(values, "average")
    count = np.count_nonzero(~np.isnan(scores), axis=0)
    scores -= 0.5
    with np.errstate(invalid="ignore", divide="ignore"):
        scores /= count
    ndtri(scores, out=scores)
    return scores


def exponential_transform(ranks: ArrayLike, n: ArrayLike) -> FloatArray:
    """The exponential transformation of the English indices.

    ``R = (N - rank + 1) / N`` and ``X = -23 ln(1 - R (1 - exp(-100/23)))``, so rank 1 (the
    most deprived) gives 100 and rank N gives about 0.

    Parameters
    ----------
    ranks : array_like
        Ranks, 1 = most deprived; NaN stays NaN.
    n : int or array_like
        The number of ranked areas (per column for a 2-D ``ranks``).

    Returns
    -------
    numpy.ndarray
        Transformed scores from about 0 (least deprived) to 100 (most deprived).
    """
    ranks = np.asarray(ranks, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    share = (n - ranks + 1.0) / n
    transformed: FloatArray = -_EXP_SCALE * np.log1p(-share * _EXP_TOP)
    return transformed


def deciles(ranks: ArrayLike, n: int) -> FloatArray:
    """``ceil(10 * rank / N)``: decile 1 holds the most deprived tenth. NaN stays NaN."""
    return np.ceil(10.0 * np.asarray(ranks, dtype=np.float64) / n)


def integers(values: FloatArray) -> pd.arrays.IntegerArray:
    """Whole numbers as a nullable integer array (NaN becomes <NA>), e.g. for deciles."""
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


def factor_loadings(
    data: ArrayLike, *, tol: float = 1e-10, max_iter: int = 10_000
) -> tuple[FloatArray, bool]:
    """First-factor loadings of a one-factor maximum-likelihood factor analysis.

    The analysis runs on the correlation matrix of the columns (complete rows only). It iterates
    the maximum-likelihood conditions of the one-factor model ``Sigma = l l' + Psi``: given the
    uniquenesses ``Psi``, ``l = Psi^(1/2) u sqrt(theta - 1)`` with ``(theta, u)`` the largest
    eigenpair of ``Psi^(-1/2) S Psi^(-1/2)``; then ``Psi = diag(S - l l')``. This is the
    fixed point :class:`sklearn.decomposition.FactorAnalysis` iterates on the data.

    Parameters
    ----------
    data : array_like, shape (n_areas, k)
        One column per indicator, k >= 3 (one factor is not identified with two).
    tol : float
        Stop when no uniqueness changes by more than this.
    max_iter : int
        At most this many iterations.

    Returns
    -------
    loadings : numpy.ndarray, shape (k,)
        Loadings on the standardised columns, signed so that they add up to a positive number.
    converged : bool
        Whether the iteration met ``tol``.
    """
    matrix = np.asarray(data, dtype=np.float64)
    matrix = matrix[~np.isnan(matrix).any(axis=1)]
    n, k = matrix.shape
    if k < 3 or n <= k:
        raise ValueError(
            f"a one-factor analysis needs at least 3 indicators and more complete areas than "
            f"indicators; got {k} indicators and {n} complete areas"
        )
    corr = np.corrcoef(matrix, rowvar=False)
    if not np.isfinite(corr).all():
        raise ValueError("a one-factor analysis needs indicators that vary; one is constant")
    uniqueness = np.clip(1.0 / np.diag(np.linalg.pinv(corr)), _MIN_UNIQUENESS, 1.0)
    loadings = np.zeros(k)
    converged = False
    for _ in range(max_iter):
        root = np.sqrt(uniqueness)
        eigenvalues, eigenvectors = np.linalg.eigh(corr / np.outer(root, root))
        loadings = root * eigenvectors[:, -1] * np.sqrt(max(eigenvalues[-1] - 1.0, 0.0))
        updated = np.clip(1.0 - loadings**2, _MIN_UNIQUENESS, None)
        change = float(np.abs(updated - uniqueness).max())
        uniqueness = updated
        if change < tol:
            converged = True
            break
    return (loadings if loadings.sum() >= 0 else -loadings), converged


def factor_weights(data: ArrayLike) -> FloatArray:
    """First-factor loadings (see :func:`factor_loadings`) normalised to sum to 1."""
    loadings, _ = factor_loadings(data)
    weights: FloatArray = loadings / loadings.sum()
    return weights


def _shrink(
    numerator: FloatArray, denominator: FloatArray, groups: NDArray[np.intp]
) -> dict[str, FloatArray]:
    """Empirical-Bayes shrinkage on the empirical logit, per group (see :func:`shrink_rates`)."""
    bad = ~((denominator > 0) & (numerator >= 0) & (numerator <= denominator))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            "shrinkage needs counts with 0 <= numerator <= denominator and denominator > 0; "
            f"got numerator {numerator[first]!r} and denominator {denominator[first]!r} at "
            f"position {first}"
        )
    logit = np.log((numerator + 0.5) / (denominator - numerator + 0.5))
    variance = 1.0 / (numerator + 0.5) + 1.0 / (denominator - numerator + 0.5)
    precision = 1.0 / variance
    size = int(groups.max()) + 1 if groups.size else 0
    count = np.bincount(groups, minlength=size)
    mean = np.bincount(groups, precision * logit, size) / np.bincount(groups, precision, size)
    parent = mean[groups]
    between = np.bincount(groups, (logit - parent) ** 2, size) / count
    t2 = between[groups]
    weight = np.divide(t2, t2 + variance)
    shrunk_logit = weight * logit + (1.0 - weight) * parent
    return {
        "rate": numerator / denominator,
        "logit": logit,
        "variance": variance,
        "parent_logit": parent,
        "between_variance": t2,
        "weight": weight,
        "shrunk_logit": shrunk_logit,
        "shrunk_rate": 1.0 / (1.0 + np.exp(-shrunk_logit)),
    }


def shrink_rates(
    numerator: ArrayLike, denominator: ArrayLike, parents: ArrayLike | None = None
) -> pd.DataFrame:
    """Shrink small-area rates toward their parent area (empirical Bayes, imd-method stage 2).

    For area j with ``y`` events out of ``n``: the empirical logit
    ``z = ln((y + 0.5) / (n - y + 0.5))`` with sampling variance
    ``s^2 = 1/(y + 0.5) + 1/(n - y + 0.5)``; the parent mean ``zbar`` is the precision-weighted
    (``1/s^2``) mean of the areas with the same parent; the between-area variance ``t^2`` is the
    mean squared deviation ``(z - zbar)^2`` over those areas (the Scottish Indices of
    Deprivation 2003, appendix 1); ``w = t^2 / (t^2 + s^2)`` and ``z* = w z + (1 - w) zbar``,
    back-transformed with the inverse logit. A parent with one area leaves it unchanged.

    Parameters
    ----------
    numerator, denominator : array_like
        Counts, ``0 <= numerator <= denominator`` and ``denominator > 0``.
    parents : array_like or None
        Parent-area code per area; None shrinks every area toward the mean of all of them.

    Returns
    -------
    pandas.DataFrame
        One row per area (the index of ``numerator`` if it is a Series) with the columns
        ``rate``, ``logit``, ``variance``, ``parent_logit``, ``between_variance``, ``weight``,
        ``shrunk_logit`` and ``shrunk_rate``.
    """
    index = numerator.index if isinstance(numerator, pd.Series) else None
    y = np.asarray(numerator, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    if y.shape != n.shape or y.ndim != 1:
        raise ValueError(
            f"expected numerator and denominator of the same length, got {y.shape} and {n.shape}"
        )
    groups = (
        np.zeros(y.size, dtype=np.intp)
        if parents is None
        else pd.factorize(np.asarray(parents, dtype=object))[0].astype(np.intp)
    )
    if groups.size != y.size or (groups < 0).any():
        raise ValueError("expected one parent code (not missing) per area")
    return pd.DataFrame(_shrink(y, n, groups), index=index)


def combine(transformed: ArrayLike, weights: ArrayLike) -> FloatArray:
    """The index score: the weighted sum of the transformed domain scores.

    Parameters
    ----------
    transformed : array_like, shape (n_areas, n_domains)
        Exponentially transformed domain scores; NaN for a domain without a value.
    weights : array_like, shape (n_domains,)
        Domain weights in percent (the English 22.5 counts as 0.225), used as they are.

    Returns
    -------
    numpy.ndarray
        ``sum(weight / 100 * X)``, summed in domain order and rounded to :data:`SCORE_DECIMALS`
        decimals, so that scores equal in decimal arithmetic tie on every machine; for a row with
        a missing domain the weights of the other domains are scaled up to the same total. NaN
        when no domain has a value.

    Examples
    --------
    >>> combine([[10.0, 20.0], [20.0, 10.0]], [50.0, 50.0]).tolist()
    [15.0, 15.0]
    """
    scores = np.asarray(transformed, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64) / 100.0
    present = ~np.isnan(scores)
    total = weighted_sum(np.where(present, scores, 0.0), w)
    partial = ~present.all(axis=1)
    if partial.any():
        available = weighted_sum(present[partial], w)
        with np.errstate(invalid="ignore", divide="ignore"):
            total[partial] = np.where(available > 0, total[partial] * w.sum() / available, np.nan)
    return round_scores(total)
