"""Index definitions as data: validation, JSON round trip, diff, and the default MDI."""

from __future__ import annotations

import json

import pytest

from kansen.demo import Demostad
from kansen.index import (
    MDI_SOURCE,
    SCHEMA_VERSION,
    DefinitionChange,
    Domain,
    IndexDefinition,
    IndexDefinitionError,
    Indicator,
    ReferenceSet,
    default_mdi,
)


def custom() -> IndexDefinition:
    """A definition that uses every option once."""
    return IndexDefinition(
        name="Custom",
        version="2024-1",
        description="every option",
        source="tests",
        ties="average",
        missing=("parent", "reweight", "drop"),
        reference=ReferenceSet("buurten of Amsterdam", code_prefix="BU0363"),
        domains=(
            Domain("income", 50, label="Inkomen", weighting="given", indicators=(
                Indicator("poor", "higher_is_worse", weight=2.0, numerator="n_poor",
                          denominator="households", shrink=True, source="CBS"),
                Indicator("wealth", "higher_is_better", weight=1.0),
            )),
            Domain("health", 30, weighting="factor", indicators=(
                Indicator("h1", "higher_is_worse"), Indicator("h2", "higher_is_worse"),
                Indicator("h3", "higher_is_better"),
            )),
            Domain("given_domain", 20, scoring="given"),
        ),
    )  # fmt: skip


def test_round_trip_through_json_is_lossless() -> None:
    for definition in (custom(), default_mdi()):
        text = definition.to_json(indent=2)
        data = json.loads(text)
        assert data["schema_version"] == SCHEMA_VERSION
        assert data["kind"] == "kansen.index.definition"
        assert IndexDefinition.from_json(text) == definition
        assert IndexDefinition.from_dict(definition.to_dict()) == definition


def test_a_dict_of_an_unknown_schema_version_is_refused() -> None:
    data = custom().to_dict() | {"schema_version": 99}
    with pytest.raises(IndexDefinitionError, match="schema_version: expected 1, got 99"):
        IndexDefinition.from_dict(data)
    with pytest.raises(IndexDefinitionError, match="not an index definition"):
        IndexDefinition.from_dict({"kind": "kansen.index.definition", "schema_version": 1})


def test_diff_lists_weights_indicators_and_options() -> None:
    old = custom()
    health = old.domain("health")
    new_health = Domain(health.code, health.weight, weighting="equal", indicators=(
        health.indicators[0], Indicator("h3", "higher_is_worse"),
        Indicator("h4", "higher_is_worse"),
    ))  # fmt: skip
    new = IndexDefinition(
        name=old.name, version="2024-2", description=old.description, source=old.source,
        ties="min", missing=old.missing, reference=old.reference,
        domains=(old.with_weight("income", 55).domain("income"), new_health, old.domains[2]),
    )  # fmt: skip
    changes = old.diff(new)
    assert [str(change) for change in changes] == [
        "version: '2024-1' -> '2024-2'",
        "ties: 'average' -> 'min'",
        "domains.income.weight: 50.0 -> 55.0",
        "domains.health.weighting: 'factor' -> 'equal'",
        "domains.health.indicators.h2: removed",
        "domains.health.indicators.h3.direction: 'higher_is_better' -> 'higher_is_worse'",
        "domains.health.indicators.h4: added",
    ]
    assert changes[2] == DefinitionChange("domains.income.weight", "changed", 50.0, 55.0)
    assert old.diff(old) == []
    assert new.diff(old)[0] == DefinitionChange("version", "changed", "2024-2", "2024-1")


def test_diff_sees_added_and_removed_domains_but_not_their_order() -> None:
    mdi = default_mdi()
    reordered = IndexDefinition(mdi.name, tuple(reversed(mdi.domains)), missing=mdi.missing,
                                description=mdi.description, source=mdi.source)  # fmt: skip
    assert mdi.diff(reordered) == []
    smaller = IndexDefinition(mdi.name, mdi.domains[:-1], missing=mdi.missing,
                              description=mdi.description, source=mdi.source)  # fmt: skip
    [change] = mdi.diff(smaller)
    assert (change.path, change.kind) == ("domains.living_environment", "removed")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        # A direction that is not one of the two.
        (lambda: Indicator("x", "up"), "direction: expected one of .*got 'up'"),  # type: ignore[arg-type]
        # A numerator without a denominator.
        (lambda: Indicator("x", "higher_is_worse", numerator="n"),
         "both numerator and denominator"),
        # Shrinkage needs counts.
        (lambda: Indicator("x", "higher_is_worse", shrink=True), "shrinkage needs a numerator"),
        # A negative domain weight.
        (lambda: Domain("d", -1, (Indicator("x", "higher_is_worse"),)), "weight >= 0, got -1"),
        # A domain without indicators.
        (lambda: Domain("d", 10), "at least one indicator"),
        # Given weights on some indicators only.
        (lambda: Domain("d", 10, (Indicator("x", "higher_is_worse", weight=1),
                                  Indicator("y", "higher_is_worse")), weighting="given"),
         r"missing for \['y'\]"),
        # The same indicator in two domains.
        (lambda: IndexDefinition("i", (Domain("a", 1, (Indicator("x", "higher_is_worse"),)),
                                       Domain("b", 1, (Indicator("x", "higher_is_worse"),)))),
         r"one domain only; repeated: \['x'\]"),
        # 'error' before another step.
        (lambda: IndexDefinition("i", (Domain("a", 1, (Indicator("x", "higher_is_worse"),)),),
                                 missing=("error", "parent")), "only as the last one"),
        # An unknown tie rule.
        (lambda: IndexDefinition("i", (Domain("a", 1, (Indicator("x", "higher_is_worse"),)),),
                                 ties="dense"), "ties: expected one of"),  # type: ignore[arg-type]
    ],
)  # fmt: skip
def test_inconsistent_definitions_say_what_was_expected(build: object, message: str) -> None:
    with pytest.raises(IndexDefinitionError, match=message):
        build()  # type: ignore[operator]


def test_default_mdi_has_source_002_weights_and_the_demostad_indicators(demo: Demostad) -> None:
    mdi = default_mdi()
    assert mdi.weights == {
        "income": 22.5, "work": 22.5, "health": 13.5, "education": 13.5, "housing": 9.3,
        "safety": 9.3, "living_environment": 9.3,
    }  # fmt: skip
    assert sum(mdi.weights.values()) == pytest.approx(99.9)
    assert (
        mdi.source
        == MDI_SOURCE
        == "Source 002: Multi Deprivation Index, weights of the English IMD"
    )
    ours = {(i.code, d.code, i.direction) for d in mdi.domains for i in d.indicators}
    demo_indicators = {(i.code, i.domain, i.direction) for i in demo.indicators if i.domain}
    assert ours == demo_indicators
    assert mdi.ties == "min"
    assert mdi.missing == ("parent", "reweight", "error")


def test_with_weight_changes_one_domain_only() -> None:
    mdi = default_mdi()
    heavier = mdi.with_weight("health", 18.5)
    assert heavier.weights["health"] == 18.5
    assert [str(c) for c in mdi.diff(heavier)] == ["domains.health.weight: 13.5 -> 18.5"]
    with pytest.raises(KeyError, match="no domain 'wealth'"):
        mdi.with_weight("wealth", 10)
