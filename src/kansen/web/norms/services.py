"""Every write of the norms app: adding a period (form or CSV) and sending warnings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from kansen.eligibility import (
    DERIVED_EXCL_SOURCE,
    SITUATIONS,
    AgeBand,
    EligibilityError,
    Household,
    Norm,
    NormStatus,
    NormTable,
    derived_excl,
    load_norms,
    read_norms_text,
    situation_of,
)
from kansen.web.accounts.models import User

from .constants import CHILDREN_VALUE, Origin
from .models import NormAmount, NormPeriod, NormWarning
from .selectors import status

Situation = tuple[Household, AgeBand, bool | None]


def _require_platform_admin(user: object) -> None:
    if not getattr(user, "is_superuser", False):
        raise PermissionDenied(_("Only platform administrators keep the norms."))


@transaction.atomic
def add_period(
    user: object,
    valid_from: date,
    source: str,
    amounts: Mapping[Situation, tuple[Decimal, Decimal | None]],
    note: str = "",
) -> NormPeriod:
    """Enter the norms of every situation from ``valid_from`` on; an amount without holiday
    allowance left out is derived (:func:`kansen.eligibility.derived_excl`).

    Raises
    ------
    EligibilityError
        When a situation is missing or the norms are not valid.
    """
    _require_platform_admin(user)
    norms = []
    for situation in SITUATIONS:
        if situation not in amounts:
            raise EligibilityError(f"no amount for {situation}")
        incl, excl = amounts[situation]
        household, band, children = situation
        norms.append(
            Norm(
                valid_from,
                household,
                band,
                children,
                incl,
                excl if excl is not None else derived_excl(incl),
                source,
                source if excl is not None else DERIVED_EXCL_SOURCE,
                note,
            )
        )
    return _store(user, valid_from, source, note, Origin.FORM, "", norms)


@transaction.atomic
def import_csv(user: object, filename: str, data: bytes) -> list[NormPeriod]:
    """Enter every date of a norms CSV (columns of the packaged ``bijstandsnormen.csv``),
    all or nothing.

    Raises
    ------
    kansen.eligibility.NormFileError
        With every problem by row and column; nothing is stored.
    """
    _require_platform_admin(user)
    norms = read_norms_text(data, filename)
    by_date: dict[date, list[Norm]] = {}
    for norm in norms:
        by_date.setdefault(norm.valid_from, []).append(norm)
    periods = []
    for day, group in sorted(by_date.items()):
        sources = sorted({n.source for n in group})
        source = sources[0] if len(sources) == 1 else f"{filename} ({len(sources)} sources)"
        periods.append(_store(user, day, source[:500], "", Origin.CSV, filename, group))
    return periods


def _store(
    user: object,
    valid_from: date,
    source: str,
    note: str,
    origin: Origin,
    filename: str,
    norms: list[Norm],
) -> NormPeriod:
    if not source.strip():
        raise EligibilityError("every norm period needs its source")
    # The table must accept them: one per situation, excl <= incl, valid situations.
    NormTable(norms, load_norms().pension_ages)
    for norm in norms:
        if norm.excl_holiday_allowance > norm.incl_holiday_allowance:
            raise EligibilityError(
                f"{situation_of(norm)}: without holiday allowance is more than with it"
            )
    period = NormPeriod.objects.create(
        valid_from=valid_from,
        source=source.strip(),
        note=note.strip(),
        origin=origin,
        filename=filename[:255],
        created_by=user if isinstance(user, User) and user.pk else None,
    )
    NormAmount.objects.bulk_create(
        NormAmount(
            period=period,
            household=norm.household.value,
            age_band=norm.age_band.value,
            children=CHILDREN_VALUE[norm.with_children].value,
            incl_holiday_allowance=norm.incl_holiday_allowance,
            excl_holiday_allowance=norm.excl_holiday_allowance,
            source=norm.source[:500],
            excl_source=norm.excl_source[:500],
            note=norm.note,
        )
        for norm in norms
    )
    return period


def send_warnings(on: date | None = None) -> tuple[NormStatus, int]:
    """E-mail the platform administrators once per stage ("expiring" from eight weeks before
    the norms run out, "expired" after) for the current last period; returns the status and
    how many people were mailed (0 when nothing was due or it was sent before)."""
    from kansen.web.accounts.models import User

    current = status(on)
    if current.state == "current":
        return current, 0
    recipients = sorted(
        User.objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    try:
        with transaction.atomic():
            NormWarning.objects.create(
                covered_until=current.covered_until,
                state=current.state,
                recipients=len(recipients),
            )
    except IntegrityError:
        return current, 0
    if recipients:
        send_mail(
            warning_subject(current),
            warning_text(current),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    return current, len(recipients)


def warning_subject(current: NormStatus) -> str:
    if current.state == "expired":
        return _("kansen: the social-minimum norms have run out")
    return _("kansen: the social-minimum norms run out on %(date)s") % {
        "date": formats.date_format(current.covered_until, "j F Y")
    }


def warning_text(current: NormStatus) -> str:
    values = {
        "until": formats.date_format(current.covered_until, "j F Y"),
        "next": formats.date_format(current.next_period, "j F Y"),
    }
    if current.state == "expired":
        text = _(
            "The platform has no social-minimum norms after %(until)s. Until the norms from "
            "%(next)s are added, the eligibility check cannot answer anyone."
        )
    else:
        text = _(
            "The platform's social-minimum norms run out on %(until)s. Add the norms from "
            "%(next)s before then, or the eligibility check will stop answering."
        )
    return (text % values) + "\n\n" + _("Add them under Norms (/normen/) with their source.")
