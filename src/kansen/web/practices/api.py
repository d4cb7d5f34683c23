"""The practices part of the public API: every published practice record, open to everyone,
each with its licence; a withdrawn record answers at its address with ``status: withdrawn``;
a draft answers 404 (drafts are read on the municipality's own pages only).

Wired in ``kansen.web.api`` with ``api.add_router("/practices", router)``.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from . import export, selectors
from .constants import PracticeStatus
from .deprivation import readings
from .models import Practice

router = Router(tags=["practices"])


class PracticeOut(Schema):
    """A practice record as :func:`kansen.web.practices.export.record` gives it."""

    id: str
    status: str
    municipality: str
    municipality_code: str
    title: str
    aim: str
    target_group: str
    support_types: list[str]
    audiences: list[str]
    age_min: int | None
    age_max: int | None
    approach: str
    working_elements: str
    carried_out_by: str
    province: str
    neighbourhoods: list[str]
    schools: list[str]
    children_reached: int | None
    cost_total: str | None
    cost_per_child: str | None
    cost_band: str | None
    result_summary: str
    evaluation_findings: str
    evidence_scheme: str | None
    evidence_level: str
    evidence_level_name: str | None
    evidence_recognised: bool
    evidence_date: str | None
    evidence_entry_name: str
    evidence_entry_url: str
    evidence_basis: str
    contact_name: str
    contact_email: str
    website: str
    published_at: str | None
    address: str
    licence: str


def _out(practice: Practice) -> dict[str, Any]:
    return {**export.record(practice), "status": practice.status}


#: Records a page of the list gives unless asked otherwise, and at most.
PAGE_DEFAULT = 100
PAGE_MAX = 500


class PracticeFilters(Schema):
    support_type: list[str] = Field(
        [], description="A kind of support (the directory's codes). Repeated: any of them."
    )
    evidence_level: list[str] = Field(
        [], description="An evidence level's code. Repeated: any of them."
    )
    municipality_code: list[str] = Field(
        [], description="A municipality's CBS code, e.g. GM0546. Repeated: any of them."
    )
    limit: int = Field(
        PAGE_DEFAULT,
        ge=1,
        le=PAGE_MAX,
        description=(
            f"How many records to give (default {PAGE_DEFAULT}, at most {PAGE_MAX}); the "
            "header X-Total-Count gives how many match."
        ),
    )
    offset: int = Field(
        0, ge=0, description="How many matching records to skip (in the list's order)."
    )
    achterstand: list[Literal["10", "20"]] = Field(
        [],
        description=(
            "Deprivation of the areas where it works, as on the register's page (the same "
            "name and values): 10 for a record naming a buurt or wijk among the most deprived "
            "10% of its own municipality's buurten or wijken by the MDI (source 002) over the "
            "published figures of the latest year, 20 for the most deprived 20%. The ranking "
            "is within each municipality, not national. Repeated: any of them."
        ),
    )
    achterstand_nl: list[Literal["10", "20"]] = Field(
        [],
        description=(
            "Deprivation of the record's municipality in the country, as on the register's "
            "page: 10 for a municipality among the most deprived 10% of the Netherlands' "
            "municipalities by the MDI of the CBS key figures of municipalities "
            "(kansen.index.KWB_2022_MDI, source 002's domains) over the national figures the "
            "platform holds, 20 for the most deprived 20%. Only when those figures rank at "
            "least nine in ten of the country's municipalities; otherwise no record is in "
            "it. Repeated: any of them."
        ),
    )


@router.get(
    "/",
    response=list[PracticeOut],
    summary=(
        "Published practice records (filters: kind of support, evidence level, municipality, "
        "deprivation of the areas within the municipality, deprivation of the municipality in "
        "the country), by municipality code and address, a page at a time (limit, offset)"
    ),
)
def list_practices(
    request: HttpRequest, response: HttpResponse, filters: Query[PracticeFilters]
) -> list[dict[str, Any]]:
    support_types, evidence_levels = set(filters.support_type), set(filters.evidence_level)
    codes, achterstand = set(filters.municipality_code), filters.achterstand
    records = [
        practice
        for practice in selectors.published().order_by("municipality__code", "slug")
        if (not support_types or support_types.intersection(practice.support_types))
        and (not evidence_levels or practice.evidence_level in evidence_levels)
        and (not codes or practice.municipality.code in codes)
    ]
    if achterstand or filters.achterstand_nl:
        deciles, national = readings(
            {p.municipality_id: p.municipality for p in records if p.neighbourhoods}.values()
        )
        records = [
            practice
            for practice in records
            if (
                not achterstand
                or selectors.deprivation_options(
                    practice, deciles.get(practice.municipality_id, {})
                ).intersection(achterstand)
            )
            and (
                not filters.achterstand_nl
                or selectors.national_options(practice, national).intersection(
                    filters.achterstand_nl
                )
            )
        ]
    response["X-Total-Count"] = str(len(records))
    return [_out(practice) for practice in records[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/{municipality}/{slug}",
    response=PracticeOut,
    summary="One published (or withdrawn) practice record",
)
def get_practice(request: HttpRequest, municipality: str, slug: str) -> dict[str, Any]:
    practice = (
        Practice.objects.select_related("municipality")
        .filter(
            status__in=[PracticeStatus.PUBLISHED, PracticeStatus.WITHDRAWN],
            municipality__slug=municipality,
            slug=slug,
        )
        .first()
    )
    if practice is None:
        raise Http404("No such practice.")
    return _out(practice)
