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

from ._model import Household, RegulationError

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
        raise RegulationError(path.name, [f"not valid YAML or JSON: {error.detail}"]) from None
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
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise RegulationError(origin, [f"expected a mapping at the top, got {_kind(data)}"])
    unknown = sorted(set(data) - {"version", "municipality", "regulations"})
    if unknown:
        problems.append(
            f"unknown top-level field(s) {', '.join(map(str, unknown))}; expected version, "
            "municipality, regulations"
        )
    if data.get("version", 1) != 1:
        problems.append(f"version: expected 1, got {data.get('version')!r}")
    default = _municipality(data.get("municipality"), "municipality", problems, required=False)
    items = data.get("regulations")
    if not isinstance(items, list) or not items:
        problems.append(f"regulations: expected a non-empty list, got {_kind(items)}")
        items = []
    regulations: list[Regulation] = []
    for index, item in enumerate(items):
        name = item.get("id") if isinstance(item, Mapping) else None
        where = f"regulations[{index}]" + (f" ({name})" if isinstance(name, str) else "")
        regulation = _regulation(item, where, default, problems)
        if regulation is not None:
            regulations.append(regulation)
    ids = [r.id for r in regulations]
    problems.extend(
        f"id: {duplicate!r} is used more than once; expected unique ids"
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
    where: str,
    default: tuple[str, str] | None,
    problems: list[str],
) -> Regulation | None:
    if not isinstance(item, Mapping):
        problems.append(f"{where}: expected a mapping, got {_kind(item)}")
        return None
    before = len(problems)
    unknown = sorted(set(map(str, item)) - _FIELDS)
    if unknown:
        problems.append(
            f"{where}: unknown field(s) {', '.join(unknown)}; expected some of "
            + ", ".join(sorted(_FIELDS))
        )
    field = _Fields(item, where, problems)
    ident = field.text("id")
    if ident is not None and not _ID.match(ident):
        problems.append(f"{where}.id: expected lowercase letters, digits, - and _, got {ident!r}")
    municipality = default
    if item.get("municipality") is not None:
        municipality = _municipality(item["municipality"], f"{where}.municipality", problems)
    elif default is None:
        problems.append(f"{where}.municipality: expected a municipality here or at the top")
    income = _income_limit(item.get("income_limit"), f"{where}.income_limit", problems)
    ages = _children(item.get("children"), f"{where}.children", problems)
    savings = _savings_limit(item.get("savings_limit"), f"{where}.savings_limit", problems)
    application = _application(item.get("apply"), f"{where}.apply", problems)
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
    value: object, where: str, problems: list[str], *, required: bool = True
) -> tuple[str, str] | None:
    if value is None and not required:
        return None
    if not isinstance(value, Mapping) or set(value) != {"code", "name"}:
        problems.append(
            f"{where}: expected a mapping with code and name, like "
            f"{{code: GM9999, name: Demostad}}, got {value!r}"
        )
        return None
    code, name = value["code"], value["name"]
    if not isinstance(code, str) or not _MUNICIPALITY_CODE.match(code):
        problems.append(f"{where}.code: expected a CBS municipality code like GM0546, got {code!r}")
        return None
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}.name: expected the municipality's name, got {name!r}")
        return None
    return code, name.strip()


def _income_limit(value: object, where: str, problems: list[str]) -> IncomeLimit | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) != {"percent", "holiday_allowance"}:
        problems.append(
            f"{where}: expected a mapping with percent and holiday_allowance, like "
            f"{{percent: 120, holiday_allowance: excluded}}, got {value!r}"
        )
        return None
    percent = _amount(value["percent"])
    if percent is None or percent <= 0:
        problems.append(f"{where}.percent: expected a number above 0, got {value['percent']!r}")
    allowance = value["holiday_allowance"]
    if allowance not in ("included", "excluded"):
        problems.append(
            f"{where}.holiday_allowance: expected included or excluded, got {allowance!r}"
        )
    if percent is None or percent <= 0 or allowance not in ("included", "excluded"):
        return None
    return IncomeLimit(percent, allowance == "included")


def _children(value: object, where: str, problems: list[str]) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    if not isinstance(value, Mapping) or not value or set(value) - {"min_age", "max_age"}:
        problems.append(f"{where}: expected a mapping with min_age and/or max_age, got {value!r}")
        return None, None
    bounds: list[int | None] = []
    for key in ("min_age", "max_age"):
        age = value.get(key)
        if age is not None and (
            isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= _MAX_CHILD_AGE
        ):
            problems.append(
                f"{where}.{key}: expected a whole number from 0 to {_MAX_CHILD_AGE}, got {age!r}"
            )
            age = None
        bounds.append(age)
    low, high = bounds
    if low is not None and high is not None and low > high:
        problems.append(f"{where}: expected min_age <= max_age, got {low} > {high}")
    return low, high


def _savings_limit(value: object, where: str, problems: list[str]) -> SavingsLimit | None:
    if value is None:
        return None
    keys = [h.value for h in Household]
    if isinstance(value, Mapping):
        if set(value) != set(keys):
            problems.append(
                f"{where}: expected an amount or a mapping with {', '.join(keys)}, got {value!r}"
            )
            return None
        raw = {key: value[key] for key in keys}
    else:
        raw = dict.fromkeys(keys, value)
    amounts = {key: _amount(amount) for key, amount in raw.items()}
    bad = [key for key, amount in amounts.items() if amount is None or amount < 0]
    if bad:
        shown = value if not isinstance(value, Mapping) else {k: raw[k] for k in bad}
        problems.append(f"{where}: expected amounts in euros of 0 or more, got {shown!r}")
        return None
    single, single_parent, couple = (amounts[key] for key in keys)
    if single is None or single_parent is None or couple is None:  # reported above
        return None
    return SavingsLimit(single, single_parent, couple)


def _application(value: object, where: str, problems: list[str]) -> Application | None:
    if not isinstance(value, Mapping):
        problems.append(f"{where}: expected a mapping with route and how, got {_kind(value)}")
        return None
    before = len(problems)
    unknown = sorted(set(map(str, value)) - {"route", "how", "url", "phone"})
    if unknown:
        problems.append(
            f"{where}: unknown field(s) {', '.join(unknown)}; expected route, how, url, phone"
        )
    route = value.get("route")
    if route not in [r.value for r in ApplicationRoute]:
        problems.append(f"{where}.route: expected self or intermediary, got {route!r}")
    field = _Fields(value, where, problems)
    how, url, phone = field.text("how"), field.text("url", False), field.text("phone", False)
    if url is not None and not url.startswith(("https://", "http://")):
        problems.append(f"{where}.url: expected a web address starting with https://, got {url!r}")
    if len(problems) > before:
        return None
    return Application(ApplicationRoute(str(route)), str(how), url, phone)


@dataclass
class _Fields:
    """Reads typed fields of one mapping, noting a problem (and returning None) for a bad one."""

    mapping: Mapping[Any, Any]
    where: str
    problems: list[str]

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.mapping.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{self.where}.{key}: expected a text, got {_kind(value)}")
            return None
        return " ".join(value.split())

    def flag(self, key: str, required: bool = True) -> bool | None:
        value = self.mapping.get(key)
        if value is None and not required:
            return False
        if not isinstance(value, bool):
            self.problems.append(f"{self.where}.{key}: expected true or false, got {_kind(value)}")
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


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str | int | float | bool):
        return f"{type(value).__name__} {value!r}"
    return type(value).__name__
