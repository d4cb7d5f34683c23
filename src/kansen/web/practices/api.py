"""The practices part of the public API: every published practice record, open to everyone,
each with its licence; a withdrawn record answers at its address with ``status: withdrawn``;
a draft answers 404 (drafts are read on the municipality's own pages only).

Wired in ``kansen.web.api`` with ``api.add_router("/practices", router)``.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
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


class PracticeFilters(Schema):
    support_type: str = Field("", description="A kind of support (the directory's codes).")
    evidence_level: str = Field("", description="An evidence level's code.")
    municipality_code: str = Field("", description="A municipality's CBS code, e.g. GM0546.")
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
        "the country)"
    ),
)
def list_practices(request: HttpRequest, filters: Query[PracticeFilters]) -> list[dict[str, Any]]:
    support_type, evidence_level = filters.support_type, filters.evidence_level
    municipality_code, achterstand = filters.municipality_code, filters.achterstand
    records = [
        practice
        for practice in selectors.published().order_by("municipality__code", "slug")
        if (not support_type or support_type in practice.support_types)
        and (not evidence_level or practice.evidence_level == evidence_level)
        and (not municipality_code or practice.municipality.code == municipality_code)
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
    return [_out(practice) for practice in records]


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
