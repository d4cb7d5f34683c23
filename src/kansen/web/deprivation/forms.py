"""The index builder's form: weights, indicators and options on top of a base definition."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from kansen.index import Direction, IndexDefinition, MissingStep
from kansen.index import Indicator as IndexIndicator
from kansen.web.areas.models import Indicator

MISSING_POLICIES: dict[str, tuple[MissingStep, ...]] = {
    "parent-reweight-error": ("parent", "reweight", "error"),
    "parent-reweight-drop": ("parent", "reweight", "drop"),
    "reweight-drop": ("reweight", "drop"),
    "drop": ("drop",),
    "error": ("error",),
}
MISSING_LABELS = {
    "parent-reweight-error": _("use the parent area's value, else re-weight, else stop"),
    "parent-reweight-drop": _("use the parent area's value, else re-weight, else leave out"),
    "reweight-drop": _("re-weight the other indicators, else leave the area out"),
    "drop": _("leave areas with a missing value out"),
    "error": _("stop and report the missing value"),
}
WEIGHTINGS = {
    "equal": _("equal weights"),
    "factor": _("factor analysis (maximum likelihood)"),
}


def policy_key(definition: IndexDefinition) -> str:
    for key, steps in MISSING_POLICIES.items():
        if steps == tuple(definition.missing):
            return key
    return "parent-reweight-error"


# An indicator one may choose for a domain: (code, label, direction).
Candidate = tuple[str, str, Direction]


# The index's direction of an indicator's stored one (a context figure has none).
_INDEX_DIRECTIONS: dict[str, Direction] = {
    "higher_is_worse": "higher_is_worse",
    "higher_is_better": "higher_is_better",
}


def candidate_indicators(
    visible: list[Indicator], definition: IndexDefinition
) -> dict[str, list[Candidate]]:
    """Per domain: the indicators one may choose (visible ones with that domain, and those in
    the definition), as (code, label, direction) tuples."""
    options: dict[str, dict[str, Candidate]] = {d.code: {} for d in definition.domains}
    for domain in definition.domains:
        for ind in domain.indicators:
            options[domain.code][ind.code] = (ind.code, ind.label or ind.code, ind.direction)
    for indicator in visible:
        direction = _INDEX_DIRECTIONS.get(indicator.direction)
        if indicator.domain in options and direction:
            options[indicator.domain].setdefault(
                indicator.code, (indicator.code, indicator.name, direction)
            )
        if indicator.domain in options and indicator.code in options[indicator.domain]:
            code, _label, direction = options[indicator.domain][indicator.code]
            options[indicator.domain][indicator.code] = (code, indicator.name, direction)
    return {domain: list(choices.values()) for domain, choices in options.items()}


def definition_from_params(
    base: IndexDefinition, params: Mapping[str, Any], candidates: dict[str, list[Candidate]]
) -> tuple[IndexDefinition, list[str]]:
    """The base definition changed by the form; errors say which field is wrong."""
    if not params.get("submitted"):
        return base, []
    errors: list[str] = []
    weighting = params.get("weighting", "equal")
    if weighting not in WEIGHTINGS:
        weighting = "equal"
    domains = []
    for domain in base.domains:
        raw = str(params.get(f"weight_{domain.code}", domain.weight)).replace(",", ".")
        try:
            weight = float(raw)
            if weight < 0 or weight > 100:
                raise ValueError
        except ValueError:
            errors.append(
                str(_("Enter a weight from 0 to 100 for %(domain)s. You entered “%(raw)s”."))
                % {"domain": domain.label or domain.code, "raw": raw}
            )
            weight = domain.weight
        chosen = [
            IndexIndicator(code=code, direction=direction, label=label)
            for code, label, direction in candidates.get(domain.code, [])
            if params.get(f"ind_{domain.code}__{code}")
        ]
        if not chosen:
            errors.append(
                str(_("Choose at least one indicator for %(domain)s."))
                % {"domain": domain.label or domain.code}
            )
            chosen = list(domain.indicators)
        domains.append(
            replace(domain, weight=weight, indicators=tuple(chosen), weighting=weighting)
        )
    missing = MISSING_POLICIES.get(str(params.get("missing")), tuple(base.missing))
    try:
        definition = replace(base, domains=tuple(domains), missing=missing)
    except ValueError as error:
        return base, [*errors, str(error)]
    return definition, errors
