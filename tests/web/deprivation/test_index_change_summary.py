"""The index builder's change summary: the user's changes as sentences, labels not included."""

from __future__ import annotations

from dataclasses import replace

from django.utils import translation

from kansen.index import default_mdi
from kansen.web.deprivation.summary import describe_changes

DUTCH_NAMES = {"overweight": "Volwassenen met overgewicht"}


def _relabelled():
    """The MDI as the builder shows it: every indicator under its Dutch name."""
    mdi = default_mdi()
    domains = tuple(
        replace(d, indicators=tuple(replace(i, label=f"NL {i.label}") for i in d.indicators))
        for d in mdi.domains
    )
    return replace(mdi, domains=domains)


def test_a_weight_change_is_one_dutch_sentence_and_labels_are_no_change():
    changed = _relabelled().with_weight("income", 60.0)
    with translation.override("nl"):
        assert describe_changes(default_mdi(), changed) == [
            "Gewicht van het domein Inkomen: 22,5% → 60%"
        ]
    with translation.override("en"):
        assert describe_changes(default_mdi(), changed) == [
            "Weight of the domain Inkomen: 22.5% → 60%"
        ]


def test_indicators_weighting_and_missing_values_are_said_once_each():
    mdi = default_mdi()
    domains = tuple(
        replace(
            d,
            weighting="factor",
            indicators=tuple(i for i in d.indicators if i.code != "overweight"),
        )
        for d in mdi.domains
    )
    changed = replace(mdi, domains=domains, missing=("drop",))
    with translation.override("nl"):
        assert describe_changes(mdi, changed, DUTCH_NAMES) == [
            "Ontbrekende waarden: waarde van het bovenliggende gebied, anders herwegen, anders "
            "stoppen → gebieden met een ontbrekende waarde weglaten",
            "Weging binnen de domeinen: gelijke gewichten → factoranalyse (maximum likelihood)",
            "Indicator weggelaten uit Gezondheid: Volwassenen met overgewicht",
        ]
    assert describe_changes(mdi, mdi) == []


def test_builder_errors_say_what_to_do_in_dutch():
    from kansen.web.deprivation.forms import definition_from_params

    mdi = default_mdi()
    candidates = {
        d.code: [(i.code, i.label, i.direction) for i in d.indicators] for d in mdi.domains
    }
    params = {"submitted": "1", "weight_health": "veel"}
    params |= {f"ind_{d.code}__{i.code}": "1" for d in mdi.domains for i in d.indicators}
    params = {k: v for k, v in params.items() if not k.startswith("ind_safety__")}
    with translation.override("nl"):
        _definition, errors = definition_from_params(mdi, params, candidates)
    assert errors == [
        "Vul voor Gezondheid een gewicht in van 0 tot en met 100. U vulde “veel” in.",
        "Kies minstens één indicator voor Veiligheid.",
    ]
