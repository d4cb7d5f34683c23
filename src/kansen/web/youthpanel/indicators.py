"""The youth panel's results as indicators of goals (monitoring): a monitoring indicator
linked to a question of a questionnaire takes the whole municipality's figure per wave (the
share of an answer, or a mean) with its 95% interval and number of respondents, from the
waves whose results are published, and never from a cell under the wave's threshold."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kansen.web.accounts import permissions
from kansen.web.accounts.permissions import Action
from kansen.web.monitoring.models import Indicator, Measurement, SourceKind

from . import pupil, results
from .models import IndicatorLink, Questionnaire


@dataclass(frozen=True)
class Figure:
    """A figure a question gives: ``answer`` for a share, empty for a mean."""

    question: str
    answer: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.question}:{self.answer}"


def figures(questionnaire: Questionnaire, language: str) -> list[Figure]:
    """The figures of the latest version's questions: the share of each answer of a choice,
    the mean of a scale or a number (open text gives none)."""
    version = questionnaire.versions.order_by("-number").first()
    if version is None:
        return []
    found = []
    for section in version.document.get("sections", []):
        for question in section.get("questions", []):
            text = pupil.text(question.get("text"), language)
            kind = question.get("type")
            if kind in ("single", "multiple"):
                for option in question.get("options", []):
                    found.append(
                        Figure(
                            question["id"],
                            str(option["code"]),
                            _("%(question)s: share answering “%(answer)s” (%%)")
                            % {
                                "question": text,
                                "answer": pupil.text(option.get("label"), language),
                            },
                        )
                    )
            elif kind in ("likert", "number"):
                found.append(
                    Figure(question["id"], "", _("%(question)s: mean") % {"question": text})
                )
    return found


def indicators(user: Any, questionnaire: Questionnaire) -> QuerySet[Indicator]:
    """The monitoring indicators of the questionnaire's municipality's plans that the user may
    change (none without the right to edit plans)."""
    if not permissions.can(user, Action.EDIT_PLANS, questionnaire.municipality_id):
        return Indicator.objects.none()
    return (
        Indicator.objects.filter(goal__plan__municipality_id=questionnaire.municipality_id)
        .select_related("goal", "goal__plan")
        .order_by("goal__plan__pk", "goal__position", "goal__pk", "position", "pk")
    )


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


@transaction.atomic
def link(indicator: Indicator, questionnaire: Questionnaire, figure: Figure, user: Any) -> int:
    """Measure ``indicator`` by ``figure`` of ``questionnaire`` and read its measurements:
    the first published wave is the baseline when none was given, the later ones replace the
    indicator's measurements (one per year: a second wave of a year is left out). Returns how
    many measurements it has."""
    IndicatorLink.objects.update_or_create(
        indicator=indicator,
        defaults={
            "questionnaire": questionnaire,
            "question": figure.question,
            "answer": figure.answer,
        },
    )
    indicator.source_kind = SourceKind.YOUTH
    indicator.save(update_fields=["source_kind"])
    return read(indicator, user)


@transaction.atomic
def read(indicator: Indicator, user: Any = None) -> int:
    """(Re)read a linked indicator's measurements from the published waves."""
    found = IndicatorLink.objects.select_related("questionnaire").get(indicator=indicator)
    series = results.indicator_series(
        found.questionnaire, found.question, found.answer, published_waves=True
    )
    points = [p for p in series if p.year is not None]
    name = str(found.questionnaire)
    by = user if getattr(user, "is_authenticated", False) else None
    if indicator.baseline_value is None and points:
        first = points[0]
        indicator.baseline_value = _decimal(first.value)
        indicator.baseline_year = first.year
        indicator.baseline_source = _("Youth panel “%(name)s”, wave %(wave)s") % {
            "name": name,
            "wave": first.wave,
        }
        indicator.baseline_count = first.n
        indicator.baseline_lower = _decimal(first.lower)
        indicator.baseline_upper = _decimal(first.upper)
        indicator.save()
    indicator.measurements.all().delete()
    years: set[int] = set()
    for point in points:
        assert point.year is not None
        if point.year <= (indicator.baseline_year or 0) or point.year in years:
            continue
        years.add(point.year)
        Measurement.objects.create(
            indicator=indicator,
            year=point.year,
            value=_decimal(point.value),
            source=_("Youth panel “%(name)s”, wave %(wave)s") % {"name": name, "wave": point.wave},
            count=point.n,
            lower=_decimal(point.lower),
            upper=_decimal(point.upper),
            created_by=by,
            updated_by=by,
        )
    return len(years)
