"""Reading practice records with permissions, searching the register, and what a record reads
from plans and monitoring. Nothing here writes.

Drafts are the municipality's own (its programme leads and administrators); published and
withdrawn records are public (a withdrawn one only at its address, marked as such). Search goes
through :mod:`kansen.search` (Dutch stemming, compounds, typo correction, disjunctive facets).
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kansen.plans import Amount
from kansen.search import Document, DutchAnalyzer, SearchIndex
from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality
from kansen.web.accounts.permissions import Action
from kansen.web.monitoring.models import EvaluationSession, Indicator
from kansen.web.plans.models import Plan

from .constants import AGE_BANDS, PracticeStatus
from .deprivation import DEPRIVATION_DECILES, NationalDeciles, readings
from .models import Practice


def can_keep(user: Any, municipality: Municipality | None = None) -> bool:
    return permissions.can(user, Action.KEEP_PRACTICES, municipality)


def own_practices(user: Any) -> QuerySet[Practice]:
    """The records of the user's municipality, drafts included, for those who keep them."""
    municipality = getattr(user, "municipality", None)
    if municipality is None or not can_keep(user, municipality):
        return Practice.objects.none()
    return Practice.objects.filter(municipality=municipality).select_related("municipality")


def published() -> QuerySet[Practice]:
    return Practice.objects.filter(status=PracticeStatus.PUBLISHED).select_related("municipality")


def practice_to_read(user: Any, municipality_slug: str, slug: str) -> Practice:
    """A published or withdrawn record for anyone; a draft only for its own municipality's
    keepers (404 for everyone else: it is not there for them)."""
    query = Q(status__in=[PracticeStatus.PUBLISHED, PracticeStatus.WITHDRAWN])
    if permissions.matrix_role(user) == permissions.PLATFORM_ADMIN:
        query = Q()
    else:
        municipality = getattr(user, "municipality", None)
        if municipality is not None and can_keep(user, municipality):
            query |= Q(municipality=municipality)
    try:
        return Practice.objects.select_related("municipality", "plan").get(
            query, municipality__slug=municipality_slug, slug=slug
        )
    except Practice.DoesNotExist as error:
        raise Http404("No such practice.") from error


def practice_to_edit(user: Any, municipality_slug: str, slug: str) -> Practice:
    practice = practice_to_read(user, municipality_slug, slug)
    if not can_keep(user, practice.municipality):
        raise Http404("No such practice.")
    return practice


# --- Search ----------------------------------------------------------------------------------

#: The facets of the register, by their query parameter.
FACETS = (
    "soort",
    "voor",
    "leeftijd",
    "niveau",
    "kosten",
    "gemeente",
    "provincie",
    "achterstand",
    "achterstand_nl",
)


def deprivation_options(practice: Practice, deciles: Mapping[str, int]) -> frozenset[str]:
    """The options of the filter ``achterstand`` (``10``, ``20``) the record is in, given the
    MDI deciles of its municipality's areas."""
    found = [deciles[code] for code in practice.neighbourhoods or () if code in deciles]
    return frozenset(
        option for option, top in DEPRIVATION_DECILES.items() if any(d <= top for d in found)
    )


def national_options(practice: Practice, national: NationalDeciles | None) -> frozenset[str]:
    """The options of the filter ``achterstand_nl`` (``10``, ``20``) the record is in: its
    municipality's decile among the country's municipalities (none without a national
    reading)."""
    decile = national.deciles.get(practice.municipality.code) if national else None
    if decile is None:
        return frozenset()
    return frozenset(option for option, top in DEPRIVATION_DECILES.items() if decile <= top)


def _age_bands(practice: Practice) -> frozenset[str]:
    low = practice.age_min if practice.age_min is not None else 0
    high = practice.age_max if practice.age_max is not None else 99
    return frozenset(code for code, a, b in AGE_BANDS if low <= b and a <= high)


def document(
    practice: Practice,
    deciles: Mapping[str, int] | None = None,
    national: NationalDeciles | None = None,
) -> Document:
    """A record as a document of the search index (``deciles``: the MDI deciles of its
    municipality's areas, ``national``: the national reading, for the deprivation facets)."""
    band = practice.cost_band
    facets = {
        "soort": frozenset(practice.support_types),
        "voor": frozenset(practice.audiences),
        "leeftijd": _age_bands(practice),
        "niveau": frozenset({practice.evidence_level}),
        "kosten": frozenset({band.code} if band else ()),
        "gemeente": frozenset({practice.municipality.slug}),
        "provincie": frozenset({practice.province}),
        "achterstand": deprivation_options(practice, deciles or {}),
        "achterstand_nl": national_options(practice, national),
    }
    return Document(
        str(practice.pk),
        {
            "title": practice.title,
            "summary": f"{practice.aim}\n{practice.result_summary}",
            "tags": practice.target_group,
            "provider": f"{practice.municipality.name}\n{practice.carried_out_by}",
            "description": f"{practice.approach}\n{practice.working_elements}",
        },
        facets=facets,
    )


@dataclass(frozen=True)
class Found:
    practices: list[Practice]
    total: int
    facets: dict[str, dict[str, int]]
    corrected: str | None
    #: The national reading of deprivation, when the platform holds one (the page's filter).
    national: NationalDeciles | None = None


#: Cards on one page of the register.
PAGE_SIZE = 24


@dataclass(frozen=True)
class _Snapshot:
    """The documents of the published records and the index built from them. Never changed
    once made: a search reads the module's snapshot once, and a newer one replaces it by one
    assignment, so searches in other threads keep the one they started with."""

    documents: list[Document]
    index: SearchIndex


#: The snapshot of the last search. Building an index (the Dutch analysis of every record's
#: texts) took most of a search once the deciles were kept; the documents are read on every
#: search and the index is built again only when they differ, so a changed record, facet or
#: decile is found by the very next search.
_kept: _Snapshot | None = None
#: Each thread's own analyzer: its Dutch stemmer (snowballstemmer) keeps state while it works,
#: so threads must not share one; everything else an index reads while searching is read-only.
_analyzers = threading.local()


def _snapshot(documents: list[Document]) -> _Snapshot:
    global _kept
    kept = _kept
    if kept is not None and kept.documents == documents:
        return kept
    kept = _kept = _Snapshot(documents, SearchIndex(documents))
    return kept


def _searcher(snapshot: _Snapshot) -> SearchIndex:
    """The snapshot's index with this thread's analyzer: a shallow copy sharing the index's
    read-only tables, so threads search one snapshot at once without a lock."""
    analyzer = getattr(_analyzers, "analyzer", None)
    if analyzer is None:
        analyzer = _analyzers.analyzer = DutchAnalyzer()
    searcher = copy.copy(snapshot.index)
    searcher.analyzer = analyzer
    return searcher


def forget_index() -> None:
    """Forget the kept index (benchmarks; the next search builds it)."""
    global _kept
    _kept = None


def search(
    text: str = "",
    filters: Mapping[str, Sequence[str]] | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> Found:
    """Published records matching ``text`` and every chosen facet (any value within one), the
    ``limit`` from ``offset`` on (``total`` counts them all)."""
    records = {str(p.pk): p for p in published()}
    municipalities = {
        p.municipality_id: p.municipality for p in records.values() if p.neighbourhoods
    }
    deciles, national = readings(municipalities.values())
    snapshot = _snapshot(
        [document(p, deciles.get(p.municipality_id), national) for p in records.values()]
    )
    chosen = {k: list(v) for k, v in (filters or {}).items() if k in FACETS and v}
    result = _searcher(snapshot).search(text, filters=chosen, limit=limit, offset=offset)
    return Found(
        [records[hit.id] for hit in result.hits],
        result.total,
        result.facets,
        result.corrected,
        national,
    )


def peer_municipalities(user: Any, k: int = 10) -> list[Municipality]:
    """The municipalities most like the user's own by the national key figures (the area
    pages' peer comparison, its first four figures), nearest first, those on the platform only;
    empty for a user without area pages or a municipality."""
    from kansen.web.areas.peers import build_peer_page

    municipality = getattr(user, "municipality", None)
    if municipality is None or not permissions.can(user, Action.VIEW_AREAS):
        return []
    page = build_peer_page(user, municipality, {"k": str(k)}, [])
    codes = [row.code for row in page.rows() if not row.is_target]
    found = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def same_national_tenth(
    user: Any, national: NationalDeciles | None
) -> tuple[int, list[Municipality]] | None:
    """The national decile of the user's municipality and the other municipalities on the
    platform in the same tenth of the country, by name. None when there is no national
    reading, when the user's municipality has no decile in it, or for a user without a
    municipality or the area pages (those who may compare peers)."""
    municipality = getattr(user, "municipality", None)
    if municipality is None or national is None or not permissions.can(user, Action.VIEW_AREAS):
        return None
    decile = national.deciles.get(municipality.code)
    if decile is None:
        return None
    codes = [c for c, d in national.deciles.items() if d == decile and c != municipality.code]
    return decile, list(Municipality.objects.filter(code__in=codes).order_by("name", "code"))


def _uuids(keys: Sequence[str]) -> list[str]:
    valid = []
    for key in keys:
        try:
            valid.append(str(uuid.UUID(str(key))))
        except ValueError:
            continue
    return valid


def compared(keys: Sequence[str]) -> list[Practice]:
    """Up to three published records by uuid, in the order asked (unknown ones left out)."""
    wanted = list(dict.fromkeys(_uuids(keys)))
    found = {str(p.uuid): p for p in published().filter(uuid__in=wanted)}
    return [found[k] for k in wanted if k in found][:3]


# --- What a record reads from plans and monitoring -------------------------------------------


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def interventions(plan: Plan) -> list[dict[str, Any]]:
    """The interventions and experiments of a plan's document."""
    return _dicts(plan.document.get("interventions")) + _dicts(plan.document.get("experiments"))


def intervention(plan: Plan, item_uuid: str) -> dict[str, Any] | None:
    return next((i for i in interventions(plan) if str(i.get("uuid")) == item_uuid), None)


def plans_with_interventions(user: Any) -> list[tuple[Plan, list[dict[str, Any]]]]:
    """The user's municipality's plans (drafts too) with their interventions."""
    municipality = getattr(user, "municipality", None)
    if municipality is None or not can_keep(user, municipality):
        return []
    plans = Plan.objects.filter(municipality=municipality).order_by("-first_year", "title")
    return [(plan, found) for plan in plans if (found := interventions(plan))]


def amount(value: Any) -> Decimal | None:
    """Euros of a plan's amount; None for PM (not known yet) or what is not an amount."""
    try:
        return Amount.parse(value).value
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True)
class BudgetFromPlan:
    """An intervention's budget: the known lines, the years they cover, the PM lines."""

    known: Decimal
    years: tuple[int, ...]
    pending_lines: int

    @property
    def per_year(self) -> Decimal | None:
        if not self.years:
            return None
        return (self.known / len(self.years)).quantize(Decimal("0.01"))


def budget_from_plan(item: Mapping[str, Any]) -> BudgetFromPlan:
    known = Decimal(0)
    years: set[int] = set()
    pending = 0
    for line in _dicts(item.get("budget")):
        euros = amount(line.get("amount"))
        if euros is None:
            pending += 1
            continue
        known += euros
        years.update(int(y) for y in line.get("years") or () if str(y).isdigit())
    return BudgetFromPlan(known, tuple(sorted(years)), pending)


def cost_note(budget: BudgetFromPlan) -> str:
    if not budget.years:
        return ""
    note = _("From the plan's budget lines: € %(known)s over %(first)s–%(last)s (%(n)s years).") % {
        "known": f"{budget.known:,.0f}".replace(",", "."),
        "first": budget.years[0],
        "last": budget.years[-1],
        "n": len(budget.years),
    }
    if budget.pending_lines:
        note += " " + _("Lines PM (not known yet), not counted: %(n)s.") % {
            "n": budget.pending_lines
        }
    return note


def evaluation_sessions(plan: Plan, item_uuid: str) -> list[EvaluationSession]:
    """The plan's learning evaluations that discussed the item (by its id)."""
    return [s for s in EvaluationSession.objects.filter(plan=plan) if item_uuid in (s.items or [])]


def initial_from_intervention(plan: Plan, item_uuid: str) -> dict[str, Any]:
    """A new record's fields read from a plan's intervention (the lead completes them)."""
    item = intervention(plan, item_uuid)
    if item is None:
        raise Http404("No such intervention.")
    found = item.get("location")
    location: dict[str, Any] = found if isinstance(found, dict) else {}
    budget = budget_from_plan(item)
    findings = "\n\n".join(
        f"{s.date:%d-%m-%Y} {s.title}: {s.findings}"
        for s in evaluation_sessions(plan, item_uuid)
        if s.findings
    )
    contact = str(item.get("contact", ""))
    indicators = [
        str(i.uuid)
        for i in Indicator.objects.filter(goal__plan=plan).select_related("goal")
        if item_uuid in (i.items or []) or item_uuid in (i.goal.items or [])
    ]
    return {
        "title": str(item.get("name", ""))[:200],
        "aim": str(item.get("goal", "")),
        "target_group": str(item.get("target_group", ""))[:300],
        "approach": str(item.get("activities", "")),
        "carried_out_by": ", ".join(str(p) for p in item.get("parties") or ())[:500],
        "neighbourhoods": ", ".join(str(c) for c in location.get("neighbourhoods") or ()),
        "schools": ", ".join(str(c) for c in location.get("schools") or ()),
        "location_description": str(location.get("description", ""))[:300],
        "cost_total": budget.per_year,
        "cost_note": cost_note(budget)[:500],
        "evaluation_findings": findings,
        "indicator_uuids": indicators,
        "contact_email": contact if "@" in contact else "",
        "contact_name": "" if "@" in contact else contact[:200],
        "website": str(item.get("website", ""))[:500],
    }


def indicator_choices(plan: Plan | None) -> list[tuple[str, str]]:
    if plan is None:
        return []
    return [
        (str(i.uuid), f"{i.name} ({i.goal.title})")
        for i in Indicator.objects.filter(goal__plan=plan).select_related("goal")
    ]


@dataclass(frozen=True)
class LinkedIndicator:
    name: str
    unit: str
    baseline: Decimal | None
    baseline_year: int | None
    latest: Decimal | None
    latest_year: int | None
    source: str


def linked_indicators(practice: Practice) -> list[LinkedIndicator]:
    """The monitoring indicators the record links, with baseline and latest measurement, read
    from the record's own plan only (an id of another plan is not followed)."""
    if practice.plan is None or not practice.indicator_uuids:
        return []
    found = []
    for indicator in (
        Indicator.objects.filter(
            goal__plan=practice.plan, uuid__in=_uuids(practice.indicator_uuids)
        )
        .order_by("name", "pk")
        .prefetch_related("measurements")
    ):
        measurements = sorted(indicator.measurements.all(), key=lambda m: (m.year, str(m.date)))
        latest = measurements[-1] if measurements else None
        found.append(
            LinkedIndicator(
                indicator.name,
                indicator.unit,
                indicator.baseline_value,
                indicator.baseline_year,
                latest.value if latest else None,
                latest.year if latest else None,
                latest.source if latest else indicator.baseline_source,
            )
        )
    return found
