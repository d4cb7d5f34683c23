"""Peer comparison: which imported municipalities are most like this one.

Compares gemeente figures that exist for several municipalities (in practice the national
key figures CBS publishes for all of them) with :func:`kansen.peers.nearest_peers`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db.models import Count

from kansen.peers import PeerComparison, nearest_peers
from kansen.web.accounts.models import Municipality

from .models import Area, Indicator, Observation

#: A figure must exist for at least this many municipalities to compare on it.
MIN_MUNICIPALITIES = 3


@dataclass
class PeerRow:
    code: str
    name: str
    distance: float | None
    values: list[float | None]
    is_target: bool


@dataclass
class PeerPage:
    year: int | None
    years: list[int]
    figures: list[Indicator]
    chosen: list[Indicator]
    k: int
    names: dict[str, str]
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    result: PeerComparison | None = None
    error: str = ""

    def rows(self) -> list[PeerRow]:
        """The municipality itself first, then its peers, nearest first."""
        if self.result is None:
            return []

        def values(code: str) -> list[float | None]:
            row = self.frame.loc[code].to_dict()
            return [float(row[str(i.pk)]) for i in self.chosen]

        target = self.result.target
        distances = {str(code): float(d) for code, d in self.result.peers["distance"].items()}
        return [
            PeerRow(target, self.names.get(target, target), None, values(target), True),
            *[
                PeerRow(code, self.names.get(code, code), distance, values(code), False)
                for code, distance in distances.items()
            ],
        ]


def comparable_figures(user: Any, year: int) -> list[Indicator]:
    """Visible gemeente figures of ``year`` that exist for several municipalities."""
    return list(
        Indicator.objects.visible_to(user)
        .filter(
            observations__year=year,
            observations__area__level="gemeente",
            observations__status="ok",
        )
        .annotate(n=Count("observations__area", distinct=True))
        .filter(n__gte=MIN_MUNICIPALITIES)
        .order_by("name")
    )


def build_peer_page(
    user: Any,
    municipality: Municipality,
    params: Mapping[str, Any],
    chosen_ids: Sequence[str],
    pool: Sequence[str] | None = None,
) -> PeerPage:
    """The comparison for the chosen figures (the first four when none are chosen).

    ``pool``: the municipalities (CBS codes) the peers are sought among, those of a province
    (all municipalities with figures when None); figures are standardised over the pool too.
    """
    years = sorted(
        set(
            Observation.objects.filter(
                area__level="gemeente", area__municipality_code=municipality.code
            ).values_list("year", flat=True)
        ),
        reverse=True,
    )
    year: int | None = years[0] if years else None
    if params.get("year") and str(params["year"]).isdigit() and int(params["year"]) in years:
        year = int(params["year"])
    k = int(params["k"]) if str(params.get("k", "")).isdigit() else 5
    k = min(20, max(1, k))
    if year is None:
        return PeerPage(None, years, [], [], k, {})
    figures = comparable_figures(user, year)
    by_id = {str(i.pk): i for i in figures}
    chosen = [by_id[c] for c in chosen_ids if c in by_id] or figures[:4]
    names = dict(Area.objects.filter(level="gemeente", year=year).values_list("code", "name"))
    page = PeerPage(year, years, figures, chosen, k, names)
    if not chosen:
        return page
    observations = Observation.objects.filter(
        indicator__in=chosen, year=year, area__level="gemeente", status="ok"
    )
    if pool is not None:
        observations = observations.filter(area__code__in=[*pool, municipality.code])
    rows = observations.values_list("area__code", "indicator_id", "value")
    page.frame = (
        pd.DataFrame(list(rows), columns=["code", "indicator", "value"])
        .assign(indicator=lambda f: f["indicator"].astype(str))
        .pivot_table(index="code", columns="indicator", values="value", aggfunc="first")
    )
    try:
        page.result = nearest_peers(page.frame, municipality.code, [str(i.pk) for i in chosen], k=k)
    except ValueError as error:
        page.error = str(error)
    return page
