"""What the user changed in the index builder, as sentences in the user's language.

The library lists every field that differs between two definitions (``IndexDefinition.diff``).
Labels are not the user's changes: the builder shows each indicator under the name it has in the
municipality's data, so the base definition's English labels would all come out as changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kansen.index import IndexDefinition

from .forms import MISSING_LABELS, MISSING_POLICIES, WEIGHTINGS


def _percent(value: Any) -> str:
    number = float(value)
    shown = int(number) if number.is_integer() else round(number, 2)
    return f"{number_format(shown)}%"


def _missing_label(steps: Sequence[str]) -> str:
    for key, policy in MISSING_POLICIES.items():
        if tuple(policy) == tuple(steps):
            return str(MISSING_LABELS[key])
    return ", ".join(steps)


def _domain_name(definition: IndexDefinition, code: str) -> str:
    domain = next((d for d in definition.domains if d.code == code), None)
    return (domain.label or domain.code) if domain is not None else code


def describe_changes(
    base: IndexDefinition, definition: IndexDefinition, names: Mapping[str, str] | None = None
) -> list[str]:
    """One sentence per change from ``base`` to ``definition``; labels are not changes.

    ``names`` gives an indicator's name as the user knows it (code -> name); a change of the
    weighting, which the form sets for every domain at once, is said once.
    """
    known = dict(names or {})

    def _indicator_name(item: Mapping[str, Any] | None) -> str:
        if not item:
            return ""
        code = str(item.get("code") or "")
        return known.get(code) or str(item.get("label") or code)

    sentences: list[str] = []
    weighting_said = False
    for change in base.diff(definition):
        parts = change.path.split(".")
        if parts[-1] == "label":
            continue
        if parts[0] == "missing":
            sentences.append(
                _("Missing values: %(old)s → %(new)s")
                % {"old": _missing_label(change.old), "new": _missing_label(change.new)}
            )
        elif parts[0] == "domains" and len(parts) == 3 and parts[2] == "weight":
            sentences.append(
                _("Weight of the domain %(domain)s: %(old)s → %(new)s")
                % {
                    "domain": _domain_name(definition, parts[1]),
                    "old": _percent(change.old),
                    "new": _percent(change.new),
                }
            )
        elif parts[0] == "domains" and len(parts) == 3 and parts[2] == "weighting":
            if not weighting_said:
                weighting_said = True
                sentences.append(
                    _("Weights within the domains: %(old)s → %(new)s")
                    % {
                        "old": WEIGHTINGS.get(change.old, change.old),
                        "new": WEIGHTINGS.get(change.new, change.new),
                    }
                )
        elif parts[0] == "domains" and len(parts) == 4 and parts[2] == "indicators":
            domain = _domain_name(definition, parts[1])
            if change.kind == "added":
                sentences.append(
                    _("Indicator added to %(domain)s: %(indicator)s")
                    % {"domain": domain, "indicator": _indicator_name(change.new)}
                )
            elif change.kind == "removed":
                sentences.append(
                    _("Indicator left out of %(domain)s: %(indicator)s")
                    % {"domain": domain, "indicator": _indicator_name(change.old)}
                )
        elif parts[0] == "domains" and len(parts) == 2:
            domain = _indicator_name(change.new if change.kind == "added" else change.old)
            sentences.append(
                (_("Domain added: %(domain)s") if change.kind == "added"
                 else _("Domain left out: %(domain)s")) % {"domain": domain}
            )  # fmt: skip
        else:
            sentences.append(
                _("%(setting)s: %(old)s → %(new)s")
                % {"setting": change.path, "old": change.old, "new": change.new}
            )
    return sentences
