"""The regulations' part of the public API, beside the offers (``/api/offers/...``).

A municipality's published regulations, each with its eligibility rule as data. They are listed
under the directory's prefix and tag, where they were before the apps were split (ADR 0019).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router
from pydantic import BaseModel

from kansen.web.accounts.models import Municipality

from .selectors import published_regulations

router = Router(tags=["offers"])


class RegulationOut(BaseModel):
    code: str
    name: str
    provider: str
    description: str
    apply_route: str = Field(description="self, or intermediary (only through a professional).")
    how_to_apply: str
    apply_url: str
    apply_phone: str
    source: str
    rules: dict[str, Any] = Field(
        description="The eligibility rule in the schema of kansen.eligibility: income_limit "
        "(percentage of the social minimum), children's ages, residence, savings limit, ..."
    )


@router.get(
    "/{municipality_code}/regulations",
    response=list[RegulationOut],
    summary="The published regulations of a municipality with their rules",
    url_name="offers_regulations",
    # the id it had before the apps were split (ADR 0019): generated clients keep their names
    operation_id="kansen_web_offers_api_regulations",
)
def regulations(request: HttpRequest, municipality_code: str) -> list[dict[str, Any]]:
    """Published regulations in their order, each with its eligibility rule as data."""
    municipality = get_object_or_404(Municipality, code=municipality_code.upper(), is_active=True)
    return [
        {
            "code": r.regulation.code,
            "name": r.regulation.name,
            "provider": r.regulation.provider,
            "description": r.regulation.description,
            "apply_route": r.regulation.apply_route,
            "how_to_apply": r.regulation.how_to_apply,
            "apply_url": r.regulation.apply_url,
            "apply_phone": r.regulation.apply_phone,
            "source": r.regulation.source,
            "rules": r.regulation.rules,
        }
        for r in published_regulations(municipality)
    ]
