"""Reads of the regulations: the published ones, with their rules read by the library."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kansen.eligibility import Regulation as Rule
from kansen.web.accounts.models import Municipality

from .models import Regulation
from .services import RegulationsRejected, parse_rules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishedRegulation:
    """A published regulation with its rule as the library reads it."""

    regulation: Regulation
    rule: Rule


def published_regulations(municipality: Municipality) -> list[PublishedRegulation]:
    """The municipality's published regulations, in their order, each with its rule.

    Rules are checked when they are saved; one that no longer reads (after a change of the
    library's schema) is left out of the public check and logged, never shown half-checked.
    """
    published = []
    for regulation in Regulation.objects.filter(municipality=municipality, is_published=True):
        try:
            rule = parse_rules(municipality, regulation.rules)
        except RegulationsRejected as error:
            logger.error(
                "regulation %s of %s is left out of the check: %s",
                regulation.code,
                municipality.code,
                error,
            )
            continue
        published.append(PublishedRegulation(regulation, rule))
    return published
