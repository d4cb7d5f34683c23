"""Showing figures: numbers in the reader's locale, suppressed never shown as a number."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..constants import ObservationStatus
from ..models import Observation

register = template.Library()


def _decimals(value: float) -> int:
    magnitude = abs(value)
    if magnitude >= 1000 or float(value).is_integer():
        return 0
    if magnitude >= 10:
        return 1
    return 2 if magnitude >= 0.1 else 3


@register.filter
def number(value: float | None) -> str:
    if value is None:
        return ""
    return number_format(value, decimal_pos=_decimals(value), use_l10n=True, force_grouping=True)


@register.filter
def observation(obs: Observation | None) -> SafeString:
    """A value, or why there is none (suppressed is not zero, unknown is not zero)."""
    if obs is None:
        return format_html('<span class="value value--none">{}</span>', "–")
    note = getattr(obs, "note", "")
    if obs.status == ObservationStatus.SUPPRESSED:
        return format_html(
            '<span class="value value--suppressed" title="{}">{}</span>',
            _("Suppressed: too few observations or confidential"),
            note or _("suppressed"),
        )
    if obs.status == ObservationStatus.MISSING or obs.value is None:
        return format_html('<span class="value value--missing">{}</span>', note or _("unknown"))
    lower, upper = getattr(obs, "lower", None), getattr(obs, "upper", None)
    if lower is not None and upper is not None:
        return format_html(
            '<span class="value">{}</span> <span class="interval" title="{}">({} – {})</span>',
            number(obs.value),
            # xgettext:no-python-format
            _("95% confidence interval"),
            number(lower),
            number(upper),
        )
    return format_html('<span class="value">{}</span>', number(obs.value))
