"""Evidence levels and cost bands of practice records: data with their sources.

The levels of the NJi and Movisie databanks and the municipality's own levels are read from
``data/evidence_levels.json`` (versioned; each scheme names its source), never written in code.
A level of a databank is a recognition: a record carries one only with the databank's entry
(name and address) and the date. An own level is the municipality's own account and is always
shown as such. Ranks order levels within one scheme only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from django.utils import translation


def _dutch() -> bool:
    return (translation.get_language() or "nl").startswith("nl")


@dataclass(frozen=True)
class Scheme:
    """Who assigns the levels: a databank (``recognised``) or the municipality itself."""

    code: str
    short: str
    recognised: bool
    name_nl: str
    name_en: str
    source: str
    url: str
    #: The source in Dutch, for the pages; ``source`` (English) where none is given.
    source_nl: str = ""

    @property
    def name(self) -> str:
        return self.name_nl if _dutch() else self.name_en

    @property
    def shown_source(self) -> str:
        return self.source_nl if _dutch() and self.source_nl else self.source


@dataclass(frozen=True)
class Level:
    """One evidence level of a scheme, with what it means."""

    code: str
    scheme: Scheme
    rank: int
    name_nl: str
    name_en: str
    meaning_nl: str
    meaning_en: str

    @property
    def name(self) -> str:
        return self.name_nl if _dutch() else self.name_en

    @property
    def meaning(self) -> str:
        return self.meaning_nl if _dutch() else self.meaning_en

    @property
    def recognised(self) -> bool:
        return self.scheme.recognised


@dataclass(frozen=True)
class CostBand:
    """A band of the cost per child per year; ``up_to`` None is the open top band."""

    code: str
    up_to: Decimal | None
    name_nl: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_nl if _dutch() else self.name_en


@dataclass(frozen=True)
class EvidenceData:
    version: str
    schemes: dict[str, Scheme]
    levels: dict[str, Level]
    cost_bands: tuple[CostBand, ...]
    cost_bands_source: str
    cost_bands_source_nl: str = ""

    @property
    def shown_cost_bands_source(self) -> str:
        """The cost bands' source in the language of the page."""
        return (
            self.cost_bands_source_nl
            if _dutch() and self.cost_bands_source_nl
            else (self.cost_bands_source)
        )


@cache
def evidence_data() -> EvidenceData:
    """The levels and bands of the data file (read once)."""
    text = resources.files("kansen.web.practices").joinpath("data/evidence_levels.json")
    raw = json.loads(text.read_text(encoding="utf-8"))
    schemes = {s["code"]: Scheme(**s) for s in raw["schemes"]}
    levels = {}
    for item in raw["levels"]:
        fields = dict(item)
        scheme = schemes[fields.pop("scheme")]
        levels[fields["code"]] = Level(scheme=scheme, **fields)
    bands = tuple(
        CostBand(
            b["code"],
            None if b["up_to"] is None else Decimal(str(b["up_to"])),
            b["name_nl"],
            b["name_en"],
        )
        for b in raw["cost_bands"]["bands"]
    )
    return EvidenceData(
        raw["version"],
        schemes,
        levels,
        bands,
        raw["cost_bands"]["source"],
        raw["cost_bands"].get("source_nl", ""),
    )


def level(code: str) -> Level | None:
    return evidence_data().levels.get(code)


def level_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The levels grouped by scheme, for a select with option groups."""
    data = evidence_data()
    return [
        (
            scheme.name,
            [(lv.code, lv.name) for lv in data.levels.values() if lv.scheme.code == scheme.code],
        )
        for scheme in data.schemes.values()
    ]


def cost_band(cost_per_child: Decimal | None) -> CostBand | None:
    """The band of a cost per child per year; None when the cost is not known."""
    if cost_per_child is None:
        return None
    for band in evidence_data().cost_bands:
        if band.up_to is None or cost_per_child <= band.up_to:
            return band
    return None
