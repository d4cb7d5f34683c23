"""Class breaks for choropleth maps."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

ClassMethod = Literal["quantiles", "equal_interval", "natural_breaks"]
CLASS_METHODS: tuple[ClassMethod, ...] = ("quantiles", "equal_interval", "natural_breaks")

#: ColorBrewer "Purples" (sequential, colour-blind safe, prints in grey), light to dark.
PALETTE: dict[int, tuple[str, ...]] = {
    1: ("#756bb1",),
    2: ("#cbc9e2", "#54278f"),
    3: ("#efedf5", "#bcbddc", "#756bb1"),
    4: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"),
    5: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"),
    6: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"),
    7: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"),
}
NO_VALUE = "#ffffff"


@dataclass(frozen=True)
class Classification:
    """Classes of a set of values: each class is (lower, upper], the first [minimum, upper]."""

    method: ClassMethod
    minimum: float | None
    uppers: tuple[float, ...]
    counts: tuple[int, ...]

    @property
    def k(self) -> int:
        return len(self.uppers)

    @property
    def colours(self) -> tuple[str, ...]:
        return PALETTE[self.k] if self.k else ()

    def class_of(self, value: float | None) -> int | None:
        """The class index of a value, ``None`` for no value."""
        if value is None or (isinstance(value, float) and math.isnan(value)) or not self.k:
            return None
        index = int(np.searchsorted(np.asarray(self.uppers), value, side="left"))
        return min(index, self.k - 1)

    def colour(self, value: float | None) -> str:
        index = self.class_of(value)
        return NO_VALUE if index is None else self.colours[index]

    def ranges(self) -> list[tuple[float, float]]:
        """(lower, upper) of each class, for legends."""
        if not self.k or self.minimum is None:
            return []
        lowers = (self.minimum, *self.uppers[:-1])
        return list(zip(lowers, self.uppers, strict=True))


def classify(
    values: Sequence[float | None], method: ClassMethod = "quantiles", k: int = 5
) -> Classification:
    """Cut the values (``None``/NaN ignored) into at most ``k`` classes.

    Fewer classes are made when there are fewer distinct values than ``k``.

    Examples
    --------
    >>> c = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "equal_interval", k=3)
    >>> c.uppers, c.counts
    ((4.0, 7.0, 10.0), (4, 3, 3))
    """
    if method not in CLASS_METHODS:
        raise ValueError(f"unknown class method {method!r}; expected one of {CLASS_METHODS}")
    if not 1 <= k <= max(PALETTE):
        raise ValueError(f"k must be between 1 and {max(PALETTE)}, got {k}")
    arr = np.asarray([v for v in values if v is not None], dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        return Classification(method, None, (), ())
    k = min(k, int(np.unique(arr).size))
    if k == 1:
        return Classification(method, float(arr.min()), (float(arr.max()),), (int(arr.size),))
    import mapclassify  # imported when needed: it brings scikit-learn, slow to import

    with warnings.catch_warnings():
        # mapclassify warns when it makes fewer classes than asked; the legend shows them.
        warnings.simplefilter("ignore", UserWarning)
        if method == "quantiles":
            scheme = mapclassify.Quantiles(arr, k=k)
        elif method == "equal_interval":
            scheme = mapclassify.EqualInterval(arr, k=k)
        else:
            scheme = mapclassify.NaturalBreaks(arr, k=k, initial=10)
    uppers = [float(b) for b in scheme.bins]
    # Quantiles of tied values can repeat a break; keep each class non-empty and distinct.
    uppers = sorted(set(uppers))
    counts = np.bincount(
        np.minimum(np.searchsorted(np.asarray(uppers), arr, side="left"), len(uppers) - 1),
        minlength=len(uppers),
    )
    return Classification(method, float(arr.min()), tuple(uppers), tuple(int(c) for c in counts))
