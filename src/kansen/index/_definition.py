"""An index as data: domains with weights, indicators with directions, and the options.

A definition is frozen and serialises to a plain dict (and JSON) with a schema version, so the
platform can store it beside every computed index, show what a municipality changed and compare
two versions with :meth:`IndexDefinition.diff`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, cast, get_args

Direction = Literal["higher_is_worse", "higher_is_better"]
Scoring = Literal["normal", "rate", "given"]
Weighting = Literal["equal", "given", "factor"]
Ties = Literal["min", "max", "average"]
MissingStep = Literal["parent", "reweight", "drop", "error"]

#: Version of the dict layout written by :meth:`IndexDefinition.to_dict`.
SCHEMA_VERSION = 1
_KIND = "kansen.index.definition"
_TERMINAL_STEPS = ("drop", "error")


class IndexDefinitionError(ValueError):
    """A definition is inconsistent, or a dict does not describe a definition."""


def _check_choice(value: object, allowed: Iterable[str], what: str) -> None:
    options = tuple(allowed)
    if value not in options:
        raise IndexDefinitionError(f"{what}: expected one of {options}, got {value!r}")


def _check_weight(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise IndexDefinitionError(f"{what}: expected a finite number, got {value!r}")
    if value < 0:
        raise IndexDefinitionError(f"{what}: expected a weight >= 0, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Indicator:
    """One indicator of a domain.

    Attributes
    ----------
    code : str
        Identifier; the data column with the values unless ``numerator`` is given.
    direction : {"higher_is_worse", "higher_is_better"}
        After alignment higher always means more deprived.
    label : str
        Human-readable name.
    weight : float or None
        Weight within the domain when the domain's weighting is ``"given"`` (normalised to sum 1
        over the domain's indicators); ignored otherwise.
    numerator, denominator : str or None
        Data columns of a rate: the value is ``numerator / denominator``. Both or neither.
    shrink : bool
        Shrink the rate toward the parent area (empirical Bayes on the empirical logit); needs
        ``numerator`` and ``denominator`` as counts (0 <= numerator <= denominator).
    source : str
        Where the figure comes from.
    """

    code: str
    direction: Direction
    label: str = ""
    weight: float | None = None
    numerator: str | None = None
    denominator: str | None = None
    shrink: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise IndexDefinitionError(
                f"indicator code: expected a non-empty string, got {self.code!r}"
            )
        what = f"indicator {self.code!r}"
        _check_choice(self.direction, get_args(Direction), f"{what} direction")
        if self.weight is not None:
            object.__setattr__(self, "weight", _check_weight(self.weight, f"{what} weight"))
        if (self.numerator is None) != (self.denominator is None):
            raise IndexDefinitionError(
                f"{what}: expected both numerator and denominator or neither, got "
                f"numerator={self.numerator!r}, denominator={self.denominator!r}"
            )
        if self.shrink and self.numerator is None:
            raise IndexDefinitionError(
                f"{what}: shrinkage needs a numerator and a denominator (counts), got neither"
            )

    @property
    def columns(self) -> tuple[str, ...]:
        """The data columns this indicator reads."""
        if self.numerator is not None and self.denominator is not None:
            return (self.numerator, self.denominator)
        return (self.code,)


@dataclass(frozen=True)
class Domain:
    """A domain: a weight in the index and the indicators that make its score.

    Attributes
    ----------
    code : str
        Identifier, e.g. ``"income"``. With ``scoring="given"`` also the data column holding
        the domain score (higher = more deprived).
    weight : float
        Weight of the domain in the index, in percent; weights are used as they are (the English
        weights add up to 99.9).
    indicators : tuple of Indicator
        At least one unless ``scoring="given"``.
    label : str
        Human-readable name.
    scoring : {"normal", "rate", "given"}
        ``"normal"``: each indicator is ranked and turned into a normal score
        ``Phi^-1((rank - 0.5) / N)``, and the normal scores are combined with the weights;
        ``"rate"``: the aligned values are combined as they are (rates used directly);
        ``"given"``: the data holds the domain score in the column ``code``.
    weighting : {"equal", "given", "factor"}
        Weights within the domain: equal, the indicators' own ``weight``, or the first-factor
        loadings of a maximum-likelihood factor analysis normalised to sum to 1.
    """

    code: str
    weight: float
    indicators: tuple[Indicator, ...] = ()
    label: str = ""
    scoring: Scoring = "normal"
    weighting: Weighting = "equal"

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise IndexDefinitionError(
                f"domain code: expected a non-empty string, got {self.code!r}"
            )
        what = f"domain {self.code!r}"
        object.__setattr__(self, "weight", _check_weight(self.weight, f"{what} weight"))
        object.__setattr__(self, "indicators", tuple(self.indicators))
        _check_choice(self.scoring, get_args(Scoring), f"{what} scoring")
        _check_choice(self.weighting, get_args(Weighting), f"{what} weighting")
        codes = [indicator.code for indicator in self.indicators]
        if self.scoring != "given" and not codes:
            raise IndexDefinitionError(
                f"{what}: expected at least one indicator (scoring {self.scoring!r}), got none"
            )
        if len(set(codes)) != len(codes):
            raise IndexDefinitionError(f"{what}: indicator codes must be unique, got {codes}")
        if self.weighting == "given" and self.scoring != "given":
            unweighted = [i.code for i in self.indicators if i.weight is None]
            if unweighted:
                raise IndexDefinitionError(
                    f"{what}: weighting 'given' needs a weight on every indicator; "
                    f"missing for {unweighted}"
                )
            if sum(cast(float, i.weight) for i in self.indicators) <= 0:
                raise IndexDefinitionError(f"{what}: the given indicator weights add up to 0")

    @property
    def columns(self) -> tuple[str, ...]:
        """The data columns this domain reads."""
        if self.scoring == "given":
            return (self.code,)
        return tuple(column for indicator in self.indicators for column in indicator.columns)


@dataclass(frozen=True)
class ReferenceSet:
    """Which areas are ranked together, and a label that says so.

    Attributes
    ----------
    label : str
        E.g. ``"all buurten of Demostad"``; stored with every result.
    areas : tuple of str or None
        Explicit area codes; None for every area in the data (after ``code_prefix``).
    code_prefix : str or None
        Only areas whose code starts with this, e.g. ``"BU0363"`` (buurten of Amsterdam).
    """

    label: str = "all areas in the data"
    areas: tuple[str, ...] | None = None
    code_prefix: str | None = None

    def __post_init__(self) -> None:
        if self.areas is not None:
            object.__setattr__(self, "areas", tuple(str(code) for code in self.areas))


@dataclass(frozen=True)
class DefinitionChange:
    """One difference between two definitions.

    Attributes
    ----------
    path : str
        Where, e.g. ``"domains.income.weight"`` or ``"domains.safety.indicators.violent_crime"``.
    kind : {"changed", "added", "removed"}
        What happened.
    old, new : object
        The values before and after (None for an added or removed item).
    """

    path: str
    kind: Literal["changed", "added", "removed"]
    old: Any = None
    new: Any = None

    def __str__(self) -> str:
        if self.kind == "changed":
            return f"{self.path}: {self.old!r} -> {self.new!r}"
        return f"{self.path}: {self.kind}"


@dataclass(frozen=True)
class IndexDefinition:
    """A deprivation index: domains, indicators, weights and options, as data.

    Attributes
    ----------
    name : str
        E.g. ``"Multi Deprivation Index"``.
    domains : tuple of Domain
        In display order.
    version : str
        The user's version label of this definition.
    description, source : str
        What it is and where the method and weights come from.
    ties : {"min", "max", "average"}
        Tie rule for ranking domain and index scores; ``"min"`` (the default) gives tied areas
        the lowest (most deprived) rank of their group, as the published English ranks do.
        Normal scores always rank ties by their average, so tied values get equal scores.
    missing : tuple of {"parent", "reweight", "drop", "error"}
        What to do with missing values, tried in order: ``"parent"`` uses the parent area's
        value, ``"reweight"`` leaves the indicator out and re-weights the remaining indicators of
        the domain (and, if a whole domain is missing, the remaining domains), then ``"drop"``
        leaves the area out of the ranking or ``"error"`` raises. A missing value is never zero.
    reference : ReferenceSet
        Which areas are ranked together.
    """

    name: str
    domains: tuple[Domain, ...]
    version: str = "1"
    description: str = ""
    source: str = ""
    ties: Ties = "min"
    missing: tuple[MissingStep, ...] = ("error",)
    reference: ReferenceSet = field(default_factory=ReferenceSet)

    def __post_init__(self) -> None:
        object.__setattr__(self, "domains", tuple(self.domains))
        missing = (self.missing,) if isinstance(self.missing, str) else tuple(self.missing)
        object.__setattr__(self, "missing", missing)
        if not self.domains:
            raise IndexDefinitionError("an index needs at least one domain, got none")
        codes = [domain.code for domain in self.domains]
        if len(set(codes)) != len(codes):
            raise IndexDefinitionError(f"domain codes must be unique, got {codes}")
        if sum(domain.weight for domain in self.domains) <= 0:
            raise IndexDefinitionError("the domain weights add up to 0; expected a positive sum")
        indicator_codes = [i.code for domain in self.domains for i in domain.indicators]
        doubles = sorted({code for code in indicator_codes if indicator_codes.count(code) > 1})
        if doubles:
            raise IndexDefinitionError(
                f"an indicator may be in one domain only; repeated: {doubles}"
            )
        _check_choice(self.ties, get_args(Ties), "ties")
        if not missing:
            raise IndexDefinitionError("missing: expected at least one step, e.g. ('error',)")
        for step in missing:
            _check_choice(step, get_args(MissingStep), "missing step")
        if len(set(missing)) != len(missing) or any(s in _TERMINAL_STEPS for s in missing[:-1]):
            raise IndexDefinitionError(
                "missing: expected distinct steps with 'drop' or 'error' only as the last one, "
                f"got {missing}"
            )

    # -- access -------------------------------------------------------------------------------

    def domain(self, code: str) -> Domain:
        """Return the domain with this code (KeyError if there is none)."""
        for domain in self.domains:
            if domain.code == code:
                return domain
        raise KeyError(f"no domain {code!r}; the domains are {[d.code for d in self.domains]}")

    @property
    def weights(self) -> dict[str, float]:
        """Domain code -> weight (percent)."""
        return {domain.code: domain.weight for domain in self.domains}

    @property
    def columns(self) -> tuple[str, ...]:
        """Every data column the definition reads, without duplicates, in definition order."""
        columns = (column for domain in self.domains for column in domain.columns)
        return tuple(dict.fromkeys(columns))

    def with_weight(self, domain: str, weight: float) -> IndexDefinition:
        """Return a copy with one domain's weight changed (the other weights unchanged)."""
        self.domain(domain)
        domains = tuple(replace(d, weight=weight) if d.code == domain else d for d in self.domains)
        return replace(self, domains=domains)

    # -- serialisation ------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return plain data (str, float, bool, None, lists and dicts), ready for JSON."""
        return {
            "kind": _KIND,
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "source": self.source,
            "ties": self.ties,
            "missing": list(self.missing),
            "reference": {
                "label": self.reference.label,
                "areas": None if self.reference.areas is None else list(self.reference.areas),
                "code_prefix": self.reference.code_prefix,
            },
            "domains": [_domain_dict(domain) for domain in self.domains],
        }

    def to_json(self, **kwargs: Any) -> str:
        """Return :meth:`to_dict` as JSON; keyword arguments go to :func:`json.dumps`."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IndexDefinition:
        """Build a definition from :meth:`to_dict` output (raises IndexDefinitionError)."""
        if not isinstance(data, Mapping):
            raise IndexDefinitionError(f"expected a dict, got {type(data).__name__}")
        if data.get("kind", _KIND) != _KIND:
            raise IndexDefinitionError(f"kind: expected {_KIND!r}, got {data.get('kind')!r}")
        schema = data.get("schema_version")
        if schema != SCHEMA_VERSION:
            raise IndexDefinitionError(f"schema_version: expected {SCHEMA_VERSION}, got {schema!r}")
        try:
            reference = dict(data.get("reference") or {})
            return cls(
                name=data["name"],
                domains=tuple(_domain_from_dict(d) for d in data["domains"]),
                version=str(data.get("version", "1")),
                description=data.get("description", ""),
                source=data.get("source", ""),
                ties=data.get("ties", "min"),
                missing=tuple(data.get("missing", ("error",))),
                reference=ReferenceSet(**reference),
            )
        except (KeyError, TypeError) as error:
            raise IndexDefinitionError(f"not an index definition: {error}") from error

    @classmethod
    def from_json(cls, text: str | bytes) -> IndexDefinition:
        """Build a definition from :meth:`to_json` output."""
        return cls.from_dict(json.loads(text))

    # -- comparison ---------------------------------------------------------------------------

    def diff(self, other: IndexDefinition) -> list[DefinitionChange]:
        """List what changed from this definition to ``other``.

        Parameters
        ----------
        other : IndexDefinition
            The newer definition.

        Returns
        -------
        list of DefinitionChange
            Options first, then domains (weights, settings, indicators) in definition order;
            empty when the two are equal. The order of domains or indicators is not a change.
        """
        changes: list[DefinitionChange] = []
        mine, theirs = self.to_dict(), other.to_dict()
        for key in ("name", "version", "description", "source", "ties", "missing", "reference"):
            if mine[key] != theirs[key]:
                changes.append(DefinitionChange(key, "changed", mine[key], theirs[key]))
        changes += _diff_items("domains", mine["domains"], theirs["domains"])
        return changes


def _domain_dict(domain: Domain) -> dict[str, Any]:
    return {
        "code": domain.code,
        "label": domain.label,
        "weight": domain.weight,
        "scoring": domain.scoring,
        "weighting": domain.weighting,
        "indicators": [
            {f.name: getattr(indicator, f.name) for f in fields(Indicator)}
            for indicator in domain.indicators
        ],
    }


def _domain_from_dict(data: Mapping[str, Any]) -> Domain:
    values = dict(data)
    indicators = tuple(Indicator(**dict(i)) for i in values.pop("indicators", ()))
    return Domain(indicators=indicators, **values)


def _diff_items(
    path: str, old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[DefinitionChange]:
    """Compare two lists of dicts keyed by ``code``; nested ``indicators`` lists recursively."""
    before = {item["code"]: item for item in old}
    after = {item["code"]: item for item in new}
    changes: list[DefinitionChange] = []
    for code, item in before.items():
        where = f"{path}.{code}"
        if code not in after:
            changes.append(DefinitionChange(where, "removed", old=item))
            continue
        for key, value in item.items():
            if key == "indicators":
                changes += _diff_items(f"{where}.indicators", value, after[code][key])
            elif after[code].get(key) != value:
                changes.append(
                    DefinitionChange(f"{where}.{key}", "changed", value, after[code][key])
                )
    changes += [
        DefinitionChange(f"{path}.{code}", "added", new=item)
        for code, item in after.items()
        if code not in before
    ]
    return changes
