"""Regulations (regelingen) and their eligibility rules, as data in YAML or JSON.

Schema
------
A file is a mapping with ``municipality`` (the default for every regulation) and
``regulations``, a list of mappings with these fields::

    version: 1
    municipality: {code: GM9999, name: Demostad}
    regulations:
      - id: stadspas                    # required: unique, lowercase letters, digits, - and _
        name: Stadspas                  # required
        description: Korting op ...     # optional text
        municipality: {code: .., name: ..}   # optional: overrides the file's municipality
        income_limit:                   # optional; absent or null: no income test
          percent: 120                  #   the ceiling as a percentage of the social minimum
          holiday_allowance: excluded   #   compare with the norm "included" or "excluded"
        children:                       # optional; absent or null: no child needed
          min_age: 4                    #   at least one child of min_age..max_age (inclusive);
          max_age: 17                   #   either bound may be left out
        residence_required: true        # required: only for residents of the municipality
        savings_limit: 8000             # optional: euros, or per household:
                                        #   {single: 8000, single_parent: 16000, couple: 16000}
        receives_bijstand_qualifies: true   # optional (false): receiving bijstand meets the
                                            #   income and savings tests at once
        check_with_provider: Uw kosten ...  # optional: what this check cannot decide; when
                                            #   nothing else rules it out the answer is
                                            #   "vraag het na bij de aanbieder", with this text
        apply:                          # required: how to apply
          route: self                   #   "self" or "intermediary" (only through one)
          how: Vraag de pas aan ...     #   required text, in Dutch
          url: https://...              #   optional
          phone: 14 0999                #   optional
        source: Beleidsregels ... 2025  # required: where the rule comes from

Unknown fields are refused, so a typo cannot silently switch a rule off. Every problem is
reported by field, e.g. ``regulations[3] (zwemles).children.max_age: expected a whole number
from 0 to 17, got 'twaalf'``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kansen.io import NotYamlOrJson, load_yaml_or_json
from kansen.problems import ProblemText, got

from ._model import Household, RegulationError, RegulationProblem, Where

#: The English wording of every :class:`RegulationProblem` code of the library; ``{name}``
#: placeholders take its parameters (already shown as in the file: ``'twaalf'``, ``str 'ja'``).
#: The platform translates them by code (ADR 0015).
REGULATION_PROBLEM_TEXTS: dict[str, ProblemText] = {
    "regulation.not-yaml-or-json": ProblemText("not valid YAML or JSON: {detail}"),
    "regulation.top-not-a-mapping": ProblemText("expected a mapping at the top, got {got}"),
    "regulation.unknown-top-fields": ProblemText(
        "unknown top-level field(s) {fields}; expected version, municipality, regulations"
    ),
    "regulation.version": ProblemText("expected 1, got {got}"),
    "regulation.regulations-list": ProblemText("expected a non-empty list, got {got}"),
    "regulation.duplicate-id": ProblemText("{id} is used more than once; expected unique ids"),
    "regulation.not-a-mapping": ProblemText("expected a mapping, got {got}"),
    "regulation.unknown-fields": ProblemText(
        "unknown field(s) {fields}; expected some of {expected}"
    ),
    "regulation.apply-unknown-fields": ProblemText(
        "unknown field(s) {fields}; expected route, how, url, phone"
    ),
    "regulation.id-form": ProblemText("expected lowercase letters, digits, - and _, got {got}"),
    "regulation.municipality": ProblemText(
        "expected a mapping with code and name, like {{code: GM9999, name: Demostad}}, got {got}"
    ),
    "regulation.municipality-code": ProblemText(
        "expected a CBS municipality code like GM0546, got {got}"
    ),
    "regulation.municipality-name": ProblemText("expected the municipality's name, got {got}"),
    "regulation.municipality-missing": ProblemText("expected a municipality here or at the top"),
    "regulation.income-limit": ProblemText(
        "expected a mapping with percent and holiday_allowance, like "
        "{{percent: 120, holiday_allowance: excluded}}, got {got}"
    ),
    "regulation.percent": ProblemText("expected a number above 0, got {got}"),
    "regulation.holiday-allowance": ProblemText("expected included or excluded, got {got}"),
    "regulation.children": ProblemText("expected a mapping with min_age and/or max_age, got {got}"),
    "regulation.child-age": ProblemText("expected a whole number from 0 to {max}, got {got}"),
    "regulation.child-ages-order": ProblemText("expected min_age <= max_age, got {low} > {high}"),
    "regulation.savings-limit": ProblemText(
        "expected an amount or a mapping with {keys}, got {got}"
    ),
    "regulation.savings-amounts": ProblemText("expected amounts in euros of 0 or more, got {got}"),
    "regulation.apply": ProblemText("expected a mapping with route and how, got {got}"),
    "regulation.route": ProblemText("expected self or intermediary, got {got}"),
    "regulation.url": ProblemText("expected a web address starting with https://, got {got}"),
    "regulation.text": ProblemText("expected a text, got {got}"),
    "regulation.flag": ProblemText("expected true or false, got {got}"),
}


#: The file as a whole.
_FILE = Where()


def problem(code: str, where: Where = _FILE, /, **params: Any) -> RegulationProblem:
    """A problem of the library by its code of :data:`REGULATION_PROBLEM_TEXTS`."""
    return RegulationProblem.worded(REGULATION_PROBLEM_TEXTS[code], code, where, **params)


Source = str | os.PathLike[str] | Traversable

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
_FIELDS = {
    "id",
    "name",
    "description",
    "municipality",
    "income_limit",
    "children",
    "residence_required",
    "savings_limit",
    "receives_bijstand_qualifies",
    "check_with_provider",
    "apply",
    "source",
}
_MAX_CHILD_AGE = 17


class ApplicationRoute(StrEnum):
    """How a resident applies: themselves, or only through an intermediary."""

    SELF = "self"
    INTERMEDIARY = "intermediary"


@dataclass(frozen=True)
class IncomeLimit:
    """The income ceiling as a percentage of the social minimum.

    Attributes
    ----------
    percent : Decimal
        E.g. ``Decimal("120")``.
    include_holiday_allowance : bool
        Whether the ceiling is taken of the norm with holiday allowance (vakantietoeslag).
    """

    percent: Decimal
    include_holiday_allowance: bool


@dataclass(frozen=True)
class SavingsLimit:
    """The savings limit (vermogensgrens) per household type, in euros."""

    single: Decimal
    single_parent: Decimal
    couple: Decimal

    def for_household(self, household: Household) -> Decimal:
        """The limit for one household type."""
        return {
            Household.SINGLE: self.single,
            Household.SINGLE_PARENT: self.single_parent,
            Household.COUPLE: self.couple,
        }[Household(household)]


@dataclass(frozen=True)
class Application:
    """How to apply for a regulation.

    Attributes
    ----------
    route : ApplicationRoute
        ``SELF`` or ``INTERMEDIARY`` (only through an intermediary).
    how : str
        What to do, in Dutch.
    url, phone : str or None
        Where, when given.
    """

    route: ApplicationRoute
    how: str
    url: str | None = None
    phone: str | None = None

    @property
    def text(self) -> str:
        """One Dutch paragraph, e.g. ``"Alleen via een intermediair. ... Website: ..."``."""
        lead = (
            "Alleen via een intermediair: u kunt dit niet zelf aanvragen."
            if self.route is ApplicationRoute.INTERMEDIARY
            else "Zelf aanvragen."
        )
        parts = [lead, self.how]
        if self.url:
            parts.append(f"Website: {self.url}")
        if self.phone:
            parts.append(f"Telefoon: {self.phone}")
        return " ".join(part if part.endswith(".") else f"{part}." for part in parts)


@dataclass(frozen=True)
class Regulation:
    """One regulation with its eligibility rule; see the module documentation for the fields.

    Attributes
    ----------
    id, name, description : str
        Identity and a short description (may be empty).
    municipality_code, municipality_name : str
        E.g. ``"GM9999"``, ``"Demostad"``.
    income_limit : IncomeLimit or None
        None: no income test.
    min_child_age, max_child_age : int or None
        The ages of the children it is for (inclusive); both None: no child needed.
    residence_required : bool
        Only for residents of the municipality.
    savings_limit : SavingsLimit or None
        None: no savings test.
    receives_bijstand_qualifies : bool
        Receiving bijstand meets the income and savings tests.
    check_with_provider : str or None
        What the check cannot decide, in Dutch; None when it can decide everything.
    application : Application
        How to apply.
    source : str
        Where the rule comes from.
    """

    id: str
    name: str
    description: str
    municipality_code: str
    municipality_name: str
    income_limit: IncomeLimit | None
    min_child_age: int | None
    max_child_age: int | None
    residence_required: bool
    savings_limit: SavingsLimit | None
    receives_bijstand_qualifies: bool
    check_with_provider: str | None
    application: Application
    source: str

    @property
    def needs_child(self) -> bool:
        """Whether the household needs a child of the regulation's ages."""
        return self.min_child_age is not None or self.max_child_age is not None


def load_regulations(source: Source) -> tuple[Regulation, ...]:
    """Read regulations from a YAML (``.yaml``/``.yml``) or JSON (``.json``) file.

    Raises
    ------
    RegulationError
        With every schema problem, by field; also for a file that is not valid YAML or JSON.
    """
    path = Path(source) if isinstance(source, str | os.PathLike) else source
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = load_yaml_or_json(text, is_json=path.name.endswith(".json"), limits=None)
    except NotYamlOrJson as error:
        raise RegulationError(
            path.name, [problem("regulation.not-yaml-or-json", detail=error.detail)]
        ) from None
    return parse_regulations(data, origin=path.name)


def parse_regulations(data: object, *, origin: str = "<data>") -> tuple[Regulation, ...]:
    """Validate parsed YAML or JSON (a mapping) and build the regulations.

    Parameters
    ----------
    data : mapping
        See the module documentation for the schema.
    origin : str
        The name to report in problems.

    Raises
    ------
    RegulationError
        With every problem, by field.
    """
    problems: list[RegulationProblem] = []
    if not isinstance(data, Mapping):
        raise RegulationError(origin, [problem("regulation.top-not-a-mapping", **got(data))])
    unknown = sorted(set(data) - {"version", "municipality", "regulations"})
    if unknown:
        problems.append(
            problem("regulation.unknown-top-fields", fields=", ".join(map(str, unknown)))
        )
    if data.get("version", 1) != 1:
        problems.append(
            problem("regulation.version", Where(field="version"), got=repr(data.get("version")))
        )
    default = _municipality(
        data.get("municipality"), Where(field="municipality"), problems, required=False
    )
    items = data.get("regulations")
    if not isinstance(items, list) or not items:
        problems.append(
            problem("regulation.regulations-list", Where(field="regulations"), **got(items))
        )
        items = []
    regulations: list[Regulation] = []
    for index, item in enumerate(items):
        regulation = _regulation(item, Where.of_item(index, item), default, problems)
        if regulation is not None:
            regulations.append(regulation)
    ids = [r.id for r in regulations]
    problems.extend(
        problem("regulation.duplicate-id", Where(field="id"), id=repr(duplicate))
        for duplicate in sorted({i for i in ids if ids.count(i) > 1})
    )
    if problems:
        raise RegulationError(origin, problems)
    return tuple(regulations)


@cache
def demostad_regulations() -> tuple[Regulation, ...]:
    """The ten example regulations of Demostad (fictional ``GM9999``) shipped with kansen."""
    return load_regulations(files(__package__) / "data" / "demostad_regelingen.yaml")


def _regulation(
    item: object,
    where: Where,
    default: tuple[str, str] | None,
    problems: list[RegulationProblem],
) -> Regulation | None:
    if not isinstance(item, Mapping):
        problems.append(problem("regulation.not-a-mapping", where, **got(item)))
        return None
    before = len(problems)
    unknown = sorted(set(map(str, item)) - _FIELDS)
    if unknown:
        problems.append(
            problem(
                "regulation.unknown-fields",
                where,
                fields=", ".join(unknown),
                expected=", ".join(sorted(_FIELDS)),
            )
        )
    field = _Fields(item, where, problems)
    ident = field.text("id")
    if ident is not None and not _ID.match(ident):
        problems.append(problem("regulation.id-form", where.child("id"), got=repr(ident)))
    municipality = default
    if item.get("municipality") is not None:
        municipality = _municipality(item["municipality"], where.child("municipality"), problems)
    elif default is None:
        problems.append(problem("regulation.municipality-missing", where.child("municipality")))
    income = _income_limit(item.get("income_limit"), where.child("income_limit"), problems)
    ages = _children(item.get("children"), where.child("children"), problems)
    savings = _savings_limit(item.get("savings_limit"), where.child("savings_limit"), problems)
    application = _application(item.get("apply"), where.child("apply"), problems)
    name = field.text("name")
    description = field.text("description", required=False)
    residence = field.flag("residence_required")
    bijstand = field.flag("receives_bijstand_qualifies", required=False)
    check = field.text("check_with_provider", required=False)
    source = field.text("source")
    if (
        len(problems) > before
        or ident is None
        or name is None
        or municipality is None
        or application is None
        or source is None
    ):
        return None
    return Regulation(
        id=ident,
        name=name,
        description=description or "",
        municipality_code=municipality[0],
        municipality_name=municipality[1],
        income_limit=income,
        min_child_age=ages[0],
        max_child_age=ages[1],
        residence_required=bool(residence),
        savings_limit=savings,
        receives_bijstand_qualifies=bool(bijstand),
        check_with_provider=check,
        application=application,
        source=source,
    )


def _municipality(
    value: object, where: Where, problems: list[RegulationProblem], *, required: bool = True
) -> tuple[str, str] | None:
    if value is None and not required:
        return None
    if not isinstance(value, Mapping) or set(value) != {"code", "name"}:
        problems.append(problem("regulation.municipality", where, got=repr(value)))
        return None
    code, name = value["code"], value["name"]
    if not isinstance(code, str) or not _MUNICIPALITY_CODE.match(code):
        problems.append(
            problem("regulation.municipality-code", where.child("code"), got=repr(code))
        )
        return None
    if not isinstance(name, str) or not name.strip():
        problems.append(
            problem("regulation.municipality-name", where.child("name"), got=repr(name))
        )
        return None
    return code, name.strip()


def _income_limit(
    value: object, where: Where, problems: list[RegulationProblem]
) -> IncomeLimit | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) != {"percent", "holiday_allowance"}:
        problems.append(problem("regulation.income-limit", where, got=repr(value)))
        return None
    percent = _amount(value["percent"])
    if percent is None or percent <= 0:
        problems.append(
            problem("regulation.percent", where.child("percent"), got=repr(value["percent"]))
        )
    allowance = value["holiday_allowance"]
    if allowance not in ("included", "excluded"):
        problems.append(
            problem(
                "regulation.holiday-allowance",
                where.child("holiday_allowance"),
                got=repr(allowance),
            )
        )
    if percent is None or percent <= 0 or allowance not in ("included", "excluded"):
        return None
    return IncomeLimit(percent, allowance == "included")


def _children(
    value: object, where: Where, problems: list[RegulationProblem]
) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    if not isinstance(value, Mapping) or not value or set(value) - {"min_age", "max_age"}:
        problems.append(problem("regulation.children", where, got=repr(value)))
        return None, None
    bounds: list[int | None] = []
    for key in ("min_age", "max_age"):
        age = value.get(key)
        if age is not None and (
            isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= _MAX_CHILD_AGE
        ):
            problems.append(
                problem("regulation.child-age", where.child(key), max=_MAX_CHILD_AGE, got=repr(age))
            )
            age = None
        bounds.append(age)
    low, high = bounds
    if low is not None and high is not None and low > high:
        problems.append(problem("regulation.child-ages-order", where, low=low, high=high))
    return low, high


def _savings_limit(
    value: object, where: Where, problems: list[RegulationProblem]
) -> SavingsLimit | None:
    if value is None:
        return None
    keys = [h.value for h in Household]
    if isinstance(value, Mapping):
        if set(value) != set(keys):
            problems.append(
                problem("regulation.savings-limit", where, keys=", ".join(keys), got=repr(value))
            )
            return None
        raw = {key: value[key] for key in keys}
    else:
        raw = dict.fromkeys(keys, value)
    amounts = {key: _amount(amount) for key, amount in raw.items()}
    bad = [key for key, amount in amounts.items() if amount is None or amount < 0]
    if bad:
        shown = value if not isinstance(value, Mapping) else {k: raw[k] for k in bad}
        problems.append(problem("regulation.savings-amounts", where, got=repr(shown)))
        return None
    single, single_parent, couple = (amounts[key] for key in keys)
    if single is None or single_parent is None or couple is None:  # reported above
        return None
    return SavingsLimit(single, single_parent, couple)


def _application(
    value: object, where: Where, problems: list[RegulationProblem]
) -> Application | None:
    if not isinstance(value, Mapping):
        problems.append(problem("regulation.apply", where, **got(value)))
        return None
    before = len(problems)
    unknown = sorted(set(map(str, value)) - {"route", "how", "url", "phone"})
    if unknown:
        problems.append(
            problem("regulation.apply-unknown-fields", where, fields=", ".join(unknown))
        )
    route = value.get("route")
    if route not in [r.value for r in ApplicationRoute]:
        problems.append(problem("regulation.route", where.child("route"), got=repr(route)))
    field = _Fields(value, where, problems)
    how, url, phone = field.text("how"), field.text("url", False), field.text("phone", False)
    if url is not None and not url.startswith(("https://", "http://")):
        problems.append(problem("regulation.url", where.child("url"), got=repr(url)))
    if len(problems) > before:
        return None
    return Application(ApplicationRoute(str(route)), str(how), url, phone)


@dataclass
class _Fields:
    """Reads typed fields of one mapping, noting a problem (and returning None) for a bad one."""

    mapping: Mapping[Any, Any]
    where: Where
    problems: list[RegulationProblem]

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.mapping.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.append(problem("regulation.text", self.where.child(key), **got(value)))
            return None
        return " ".join(value.split())

    def flag(self, key: str, required: bool = True) -> bool | None:
        value = self.mapping.get(key)
        if value is None and not required:
            return False
        if not isinstance(value, bool):
            self.problems.append(problem("regulation.flag", self.where.child(key), **got(value)))
            return None
        return value


def _amount(value: object) -> Decimal | None:
    """A YAML/JSON number or numeric text as an exact Decimal (floats by their shortest text)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None
