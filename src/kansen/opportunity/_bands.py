"""The five parental-income bands of the method, plus "all"."""

from __future__ import annotations

from dataclasses import dataclass

#: The centre of parental rank in the engine's sums, and of the "all" band's sums (whose
#: estimate is the plain mean, not a prediction).
SUM_CENTRE = 0.5


@dataclass(frozen=True)
class IncomeBand:
    """A window of parental income rank and the point the regression predicts at.

    A pupil with rank ``r`` is in the band when ``lower < r <= upper``; a band that starts at 0
    also holds ``r = 0`` (a computed rank is always above 0, a given rank may be 0). Bands
    overlap (0.15-0.20 is both "very low" and "low") and leave gaps (0.35-0.40), so they do not
    add up to "all".

    Attributes
    ----------
    name : str
        Identifier used in the results: ``very_low``, ``low``, ``middle``, ``high``,
        ``very_high`` or ``all``.
    label_nl : str
        Dutch label.
    lower, upper : float
        The window of parental rank.
    point : float or None
        Where the band's regression line is read; None for "all", whose estimate is the mean.
    """

    name: str
    label_nl: str
    lower: float
    upper: float
    point: float | None

    @property
    def centre(self) -> float:
        """The value parental rank is centred on in the sums (the point, or 0.5 for "all")."""
        return SUM_CENTRE if self.point is None else self.point

    def contains(self, rank: float) -> bool:
        """Whether a pupil with this parental rank is in the band.

        Examples
        --------
        >>> band = INCOME_BANDS[0]
        >>> band.contains(0.2), band.contains(0.2000001), band.contains(0.0)
        (True, False, True)
        """
        above = rank >= self.lower if self.lower == 0 else rank > self.lower
        return above and rank <= self.upper


INCOME_BANDS: tuple[IncomeBand, ...] = (
    IncomeBand("very_low", "zeer laag inkomen", 0.00, 0.20, 0.10),
    IncomeBand("low", "laag inkomen", 0.15, 0.35, 0.25),
    IncomeBand("middle", "midden inkomen", 0.40, 0.60, 0.50),
    IncomeBand("high", "hoog inkomen", 0.65, 0.85, 0.75),
    IncomeBand("very_high", "zeer hoog inkomen", 0.80, 1.00, 0.90),
    IncomeBand("all", "alle kinderen", 0.00, 1.00, None),
)
#: Band names in their order.
BAND_NAMES: tuple[str, ...] = tuple(band.name for band in INCOME_BANDS)


def _edges() -> tuple[float, ...]:
    inner = {band.lower for band in INCOME_BANDS} | {band.upper for band in INCOME_BANDS}
    return tuple(sorted(inner - {0.0, 1.0}))


#: Inner edges of the segments: every band is a union of consecutive segments.
SEGMENT_EDGES: tuple[float, ...] = _edges()


@dataclass(frozen=True)
class Segment:
    """A piece of the rank scale between two consecutive band edges.

    Segment ``k`` holds ranks ``edges[k - 1] < r <= edges[k]`` (the first from 0, the last up to
    1), so every pupil is in exactly one segment and every band is a union of segments. Sums are
    taken per segment (each pupil once) and added up to bands afterwards.

    Attributes
    ----------
    index : int
        Position on the rank scale.
    lower, upper : float
        The window of parental rank.
    bands : tuple of int
        Indices into :data:`INCOME_BANDS` of the bands that contain the segment.
    """

    index: int
    lower: float
    upper: float
    bands: tuple[int, ...]


def _segments() -> tuple[Segment, ...]:
    bounds = (0.0, *SEGMENT_EDGES, 1.0)
    segments = []
    for k in range(len(bounds) - 1):
        lower, upper = bounds[k], bounds[k + 1]
        inside = tuple(
            i for i, band in enumerate(INCOME_BANDS) if band.lower <= lower and upper <= band.upper
        )
        segments.append(Segment(k, lower, upper, inside))
    return tuple(segments)


#: The segments of the rank scale, in order.
SEGMENTS: tuple[Segment, ...] = _segments()
