"""Every write to regulations goes through here.

A regulations file (YAML or JSON) or mapping is in the schema of :mod:`kansen.eligibility`
(see ``kansen/eligibility/_regulations.py``), with one addition of the platform: an optional
``provider`` per regulation, the organisation that runs it (default: the municipality).

Loading is all-or-nothing: the whole file is checked first, by the library and against the
municipality loading it, and every problem is reported by field; only then is everything
written, inside one transaction. A regulation is matched on its ``id`` (the code): existing
ones are updated, new ones created; regulations that are not in the file are left alone.

What is stored as ``rules`` is the regulation rebuilt from the validated library object
(:func:`regulation_to_rules`), so it always reads back to the same rule; the columns beside it
are derived from the same object.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from kansen.eligibility import (
    REGULATION_PROBLEM_TEXTS,
    RegulationError,
    RegulationProblem,
    Where,
    demostad_regulations,
    parse_regulations,
)
from kansen.eligibility import Regulation as Rule
from kansen.io import LimitExceeded, NotYamlOrJson, load_yaml_or_json
from kansen.web.accounts.models import Municipality

from .models import Regulation
from .problems import platform_problem

Source = Mapping[str, Any] | str | os.PathLike[str]

#: The platform's addition to the library's schema: who runs the regulation.
PROVIDER_FIELD = "provider"

#: Who runs the demo regulations that the municipality does not run itself.
DEMO_PROVIDERS = {
    "jeugdfonds-sport-cultuur": "Jeugdfonds Sport & Cultuur",
    "stichting-leergeld": "Stichting Leergeld Demostad",
}


class RegulationsRejected(Exception):
    """Regulations that cannot be loaded or saved; :attr:`problems` has every one, by field.

    Parameters
    ----------
    origin : str
        The file name, or ``"<data>"`` for a mapping.
    details : sequence of RegulationProblem
        Every problem by code, at its regulation and field; :attr:`problems` has their English
        lines, e.g. ``"regulations[2] (stadspas).income_limit.percent: expected a number above
        0, got -5"``, and :func:`kansen.web.regulations.problems.worded` words one in the
        reader's language.
    """

    def __init__(self, origin: str, details: Sequence[RegulationProblem]) -> None:
        self.origin = origin
        self.details = tuple(details)
        self.problems = tuple(str(problem) for problem in self.details)
        count = len(self.problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"{origin}: {count} problem{'s' if count != 1 else ''}:\n{lines}")


@dataclass(frozen=True)
class LoadedRegulations:
    """What :func:`load_regulations` did, by code, in the order of the file."""

    created: tuple[str, ...]
    updated: tuple[str, ...]


def load_regulations(
    municipality: Municipality, source: Source, *, publish: bool | None = None
) -> LoadedRegulations:
    """Load a municipality's regulations from a YAML or JSON file, or from a parsed mapping.

    Parameters
    ----------
    municipality : Municipality
        The owner. A ``municipality`` in the file (at the top or per regulation) must have its
        code; the name shown to residents is the platform's.
    source : mapping, str or path
        A mapping in the library's schema (``version``, ``municipality``, ``regulations``), or
        the path of a ``.yaml``/``.yml``/``.json`` file with it.
    publish : bool, optional
        True or False publishes or withdraws every regulation in the file; None (default)
        leaves existing ones as they are and creates new ones unpublished.

    Returns
    -------
    LoadedRegulations
        The codes created and updated.

    Raises
    ------
    RegulationsRejected
        With every problem by field; nothing has been written.
    """
    origin, data = _read(source)
    rules, providers, problems = _validate(municipality, data, origin, allow_provider=True)
    if problems:
        raise RegulationsRejected(origin, problems)
    created: list[str] = []
    updated: list[str] = []
    with transaction.atomic():
        existing = {
            r.code: r
            for r in Regulation.objects.select_for_update().filter(municipality=municipality)
        }
        for position, (rule, provider) in enumerate(zip(rules, providers, strict=True)):
            regulation = existing.get(rule.id)
            if regulation is None:
                regulation = Regulation(municipality=municipality, is_published=bool(publish))
                regulation.provider = provider or f"Gemeente {municipality.name}"
                created.append(rule.id)
            else:
                if provider is not None:
                    regulation.provider = provider
                if publish is not None:
                    regulation.is_published = publish
                updated.append(rule.id)
            regulation.position = position
            _apply(regulation, rule)
            regulation.save()
    return LoadedRegulations(tuple(created), tuple(updated))


def load_demo_regulations(municipality: Municipality) -> LoadedRegulations:
    """Load the library's ten Demostad regulations, published; loading again changes nothing."""
    rules = [
        {
            **regulation_to_rules(rule),
            PROVIDER_FIELD: DEMO_PROVIDERS.get(rule.id, f"Gemeente {municipality.name}"),
        }
        for rule in demostad_regulations()
    ]
    return load_regulations(municipality, {"version": 1, "regulations": rules}, publish=True)


def save_regulation(regulation: Regulation) -> Regulation:
    """Save one regulation (e.g. edited in the admin): its rules checked, its columns derived.

    Raises
    ------
    RegulationsRejected
        With every problem of the rules by field (without the ``regulations[0]`` prefix), or
        when another regulation of the municipality has the same id.
    """
    rule = parse_rules(regulation.municipality, regulation.rules)
    clash = Regulation.objects.filter(municipality_id=regulation.municipality_id, code=rule.id)
    if regulation.pk is not None:
        clash = clash.exclude(pk=regulation.pk)
    if clash.exists():
        raise RegulationsRejected("<rules>", [id_taken(rule.id)])
    _apply(regulation, rule)
    with transaction.atomic():
        regulation.save()
    return regulation


def parse_rules(municipality: Municipality, rules: object) -> Rule:
    """The library's regulation for one stored ``rules`` mapping of a municipality.

    Raises
    ------
    RegulationsRejected
        With every problem by field, e.g. ``"income_limit.percent: expected a number above
        0, got -5"``.
    """
    data = {"version": 1, "regulations": [rules]}
    parsed, _providers, problems = _validate(municipality, data, "<rules>", allow_provider=False)
    if problems:
        raise RegulationsRejected("<rules>", [problem.alone() for problem in problems])
    return parsed[0]


def id_taken(ident: str) -> RegulationProblem:
    """The problem of an id that another regulation of the municipality already has."""
    return platform_problem("regulation.id-taken", Where(field="id"), id=repr(ident))


def regulation_to_rules(rule: Rule) -> dict[str, Any]:
    """A library regulation as a mapping in its schema (without the municipality).

    ``parse_regulations`` of the result (with a municipality) gives back an equal regulation;
    amounts are whole numbers where they are whole, so the JSON stays readable.
    """
    rules: dict[str, Any] = {"id": rule.id, "name": rule.name}
    if rule.description:
        rules["description"] = rule.description
    if rule.income_limit is not None:
        rules["income_limit"] = {
            "percent": _number(rule.income_limit.percent),
            "holiday_allowance": (
                "included" if rule.income_limit.include_holiday_allowance else "excluded"
            ),
        }
    if rule.needs_child:
        bounds = {"min_age": rule.min_child_age, "max_age": rule.max_child_age}
        rules["children"] = {key: age for key, age in bounds.items() if age is not None}
    rules["residence_required"] = rule.residence_required
    if rule.savings_limit is not None:
        limit = rule.savings_limit
        rules["savings_limit"] = {
            "single": _number(limit.single),
            "single_parent": _number(limit.single_parent),
            "couple": _number(limit.couple),
        }
    if rule.receives_bijstand_qualifies:
        rules["receives_bijstand_qualifies"] = True
    if rule.check_with_provider:
        rules["check_with_provider"] = rule.check_with_provider
    application: dict[str, Any] = {
        "route": rule.application.route.value,
        "how": rule.application.how,
    }
    if rule.application.url:
        application["url"] = rule.application.url
    if rule.application.phone:
        application["phone"] = rule.application.phone
    rules["apply"] = application
    rules["source"] = rule.source
    return rules


def _read(source: Source) -> tuple[str, object]:
    if isinstance(source, Mapping):
        return "<data>", source
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RegulationsRejected(
            path.name, [platform_problem("regulation.unreadable", detail=str(error))]
        ) from None
    try:
        data = load_yaml_or_json(text, is_json=path.suffix.lower() == ".json")
    except NotYamlOrJson as error:
        raise RegulationsRejected(
            path.name, [_library_problem("regulation.not-yaml-or-json", detail=error.detail)]
        ) from None
    except LimitExceeded as error:  # by the reading limit's code (kansen.io.LIMIT_TEXTS)
        limit = RegulationProblem(error.code, str(error), error.params)
        raise RegulationsRejected(path.name, [limit]) from None
    return path.name, data


def _validate(
    municipality: Municipality, data: object, origin: str, *, allow_provider: bool
) -> tuple[tuple[Rule, ...], list[str | None], list[RegulationProblem]]:
    """The library's regulations, the providers and every problem (empty when all is well).

    The municipality of the file must be the one loading it; the library then sees the
    platform's code and name, so the reasons name the municipality as the platform knows it.
    """
    problems: list[RegulationProblem] = []
    providers: list[str | None] = []
    if not isinstance(data, Mapping):
        prepared: object = data  # the library says what was expected
    else:
        prepared = dict(data)
        _check_municipality(
            data.get("municipality"), Where(field="municipality"), municipality, problems
        )
        prepared["municipality"] = {"code": municipality.code, "name": municipality.name}
        items = data.get("regulations")
        if isinstance(items, list):
            prepared["regulations"] = [
                _prepare_item(item, index, municipality, allow_provider, problems, providers)
                for index, item in enumerate(items)
            ]
    try:
        rules = parse_regulations(prepared, origin=origin)
    except RegulationError as error:
        return (), [], problems + list(error.details)
    problems.extend(_column_problems(rules, providers))
    return rules, providers, problems


def _prepare_item(
    item: object,
    index: int,
    municipality: Municipality,
    allow_provider: bool,
    problems: list[RegulationProblem],
    providers: list[str | None],
) -> object:
    if not isinstance(item, Mapping):
        providers.append(None)
        return item
    where = Where.of_item(index, item)
    prepared = dict(item)
    if "municipality" in prepared:
        _check_municipality(
            prepared.pop("municipality"), where.child("municipality"), municipality, problems
        )
    provider = prepared.pop(PROVIDER_FIELD, None) if allow_provider else None
    if provider is not None and (not isinstance(provider, str) or not provider.strip()):
        problems.append(
            platform_problem("regulation.provider", where.child(PROVIDER_FIELD), got=repr(provider))
        )
        provider = None
    providers.append(" ".join(provider.split()) if isinstance(provider, str) else None)
    return prepared


def _check_municipality(
    value: object, where: Where, municipality: Municipality, problems: list[RegulationProblem]
) -> None:
    if value is None:
        return
    code = value.get("code") if isinstance(value, Mapping) else None
    if code != municipality.code:
        problems.append(
            platform_problem(
                "regulation.wrong-municipality",
                where.child("code"),
                code=municipality.code,
                name=municipality.name,
                got=repr(code),
            )
        )


_LIMITS: tuple[tuple[str, int, Callable[[Rule], str]], ...] = (
    ("id", 100, lambda r: r.id),
    ("name", 300, lambda r: r.name),
    ("apply.url", 500, lambda r: r.application.url or ""),
    ("apply.phone", 50, lambda r: r.application.phone or ""),
)


def _column_problems(
    rules: Sequence[Rule], providers: Sequence[str | None]
) -> list[RegulationProblem]:
    problems = []
    for index, rule in enumerate(rules):
        where = Where(index, rule.id)
        for field, limit, value in _LIMITS:
            if len(value(rule)) > limit:
                problems.append(
                    platform_problem(
                        "regulation.too-long",
                        where.child(field),
                        limit=limit,
                        length=len(value(rule)),
                    )
                )
        provider = providers[index] if index < len(providers) else None
        if provider is not None and len(provider) > 300:
            problems.append(
                platform_problem(
                    "regulation.too-long",
                    where.child(PROVIDER_FIELD),
                    limit=300,
                    length=len(provider),
                )
            )
    return problems


def _library_problem(code: str, /, **params: Any) -> RegulationProblem:
    return RegulationProblem.worded(REGULATION_PROBLEM_TEXTS[code], code, None, **params)


def _apply(regulation: Regulation, rule: Rule) -> None:
    """Set the stored rules and the columns derived from them."""
    regulation.rules = regulation_to_rules(rule)
    regulation.code = rule.id
    regulation.name = rule.name
    regulation.description = rule.description
    regulation.apply_route = rule.application.route.value
    regulation.how_to_apply = rule.application.how
    regulation.apply_url = rule.application.url or ""
    regulation.apply_phone = rule.application.phone or ""
    regulation.source = rule.source


def _number(amount: Decimal) -> int | float | str:
    if amount == amount.to_integral_value():
        return int(amount)
    as_float = float(amount)
    return as_float if Decimal(str(as_float)) == amount else str(amount)
