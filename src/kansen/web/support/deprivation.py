"""The deprivation score of a child's postcode area, from the municipality's index.

The index (the saved index chosen in the matching settings, else the default MDI) is computed
over the municipality's neighbourhoods (buurten) of the latest year; a postcode area takes the
score of the neighbourhood whose inside point is nearest its centre (both in EPSG:28992). The
score is the neighbourhood's rank as a percentile, 0 least to 100 most deprived:
``100 * (N - rank) / (N - 1)``, to one decimal. No index, no neighbourhoods or an index that
cannot be computed: no scores, and the matching takes its default (docs/matching.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from kansen.index import default_mdi
from kansen.web.accounts.models import Municipality
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.models import Area
from kansen.web.deprivation import selectors as index_selectors

from .models import MatchingSettings


def area_scores(user: Any, municipality: Municipality) -> dict[str, tuple[float, float, float]]:
    """Neighbourhood code -> (x, y, percentile) of the municipality's deprivation index."""
    areas = Area.objects.filter(
        municipality_code=municipality.code, level=AreaLevel.NEIGHBOURHOOD
    ).order_by("-year")
    latest = areas.values_list("year", flat=True).first()
    if latest is None:
        return {}
    settings = MatchingSettings.objects.filter(municipality=municipality).first()
    saved = settings.deprivation_index if settings else None
    definition = saved.to_definition() if saved else default_mdi()
    outcome = index_selectors.compute(
        user, municipality, int(latest), AreaLevel.NEIGHBOURHOOD, definition
    )
    if outcome.result is None:
        return {}
    frame = outcome.result.frame
    n = int(frame["rank"].notna().sum())
    points = {
        a.code: (a.point_x, a.point_y)
        for a in areas.filter(year=latest)
        if a.point_x is not None and a.point_y is not None
    }
    scores: dict[str, tuple[float, float, float]] = {}
    for code, rank in frame["rank"].items():
        if code not in points or rank is None or (isinstance(rank, float) and math.isnan(rank)):
            continue
        percentile = 100.0 if n == 1 else round(100 * (n - float(rank)) / (n - 1), 1)
        x, y = points[str(code)]
        scores[str(code)] = (float(x), float(y), percentile)
    return scores


def pc4_scores(
    pc4s: Iterable[str],
    pc4_points: Mapping[str, tuple[float, float]],
    scores: Mapping[str, tuple[float, float, float]],
) -> dict[str, float]:
    """Postcode area -> the score of the neighbourhood nearest its centre (ties: lowest code)."""
    result: dict[str, float] = {}
    if not scores:
        return result
    ordered = sorted(scores.items())
    for pc4 in set(pc4s):
        if pc4 not in pc4_points:
            continue
        px, py = pc4_points[pc4]
        best = min(ordered, key=lambda item: (item[1][0] - px) ** 2 + (item[1][1] - py) ** 2)
        result[pc4] = best[1][2]
    return result
