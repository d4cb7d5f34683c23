"""Every write of the practice register: save, publish, withdraw.

A record is checked here, not in the form alone: a level of a databank (NJi, Movisie) needs the
databank's entry (name and address) and the date of the recognition, an own level needs its
basis; a record is published only with what a reader needs (an approach and a contact). A
failed check raises :class:`~django.core.exceptions.ValidationError` by field.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kansen.web.accounts.models import Municipality, User

from . import levels
from .constants import PracticeStatus
from .models import Practice

#: The fields :func:`save_practice` takes from its data; anything else is ignored.
EDITABLE = (
    "title", "aim", "target_group", "support_types", "audiences", "age_min", "age_max",
    "approach", "working_elements", "carried_out_by", "province", "neighbourhoods", "schools",
    "location_description", "children_reached", "cost_total", "cost_note", "result_summary",
    "indicator_uuids", "evaluation_findings", "evidence_level", "evidence_date",
    "evidence_entry_name", "evidence_entry_url", "evidence_basis", "contact_name",
    "contact_email", "website", "plan", "intervention_uuid",
)  # fmt: skip


def _on_site(address: str, site: str) -> bool:
    """Whether ``address`` is on the databank's site (``site``'s host or one under it): a
    recognition links the databank's own entry, not a page saying it is recognised."""
    host = (urlsplit(address).hostname or "").lower()
    base = (urlsplit(site).hostname or "").lower().removeprefix("www.")
    return bool(base) and (host == base or host.endswith("." + base))


def recognition_errors(practice: Practice) -> dict[str, list[str]]:
    """What is missing for the record's evidence level (and a wrong age range), by field."""
    errors: dict[str, list[str]] = {}
    found = levels.level(practice.evidence_level)
    if found is None:
        errors["evidence_level"] = [_("Choose an evidence level from the list.")]
    elif found.recognised:
        needed = {
            "evidence_entry_name": _("A level of %(databank)s needs the name of its entry there."),
            "evidence_entry_url": _("A level of %(databank)s needs the address of its entry."),
            "evidence_date": _("A level of %(databank)s needs the date of the recognition."),
        }
        for name, message in needed.items():
            if not getattr(practice, name):
                errors[name] = [message % {"databank": found.scheme.short}]
        databank = {"databank": found.scheme.short}
        if practice.evidence_entry_url and not _on_site(
            practice.evidence_entry_url, found.scheme.url
        ):
            errors["evidence_entry_url"] = [
                _("The address of the entry must be on the site of %(databank)s.") % databank
            ]
        if practice.evidence_date and practice.evidence_date > timezone.localdate():
            errors["evidence_date"] = [
                _("The date of the recognition by %(databank)s cannot be after today.") % databank
            ]
    elif not practice.evidence_basis.strip():
        errors["evidence_basis"] = [
            _("An own level needs its basis: what was described, measured or studied, and when.")
        ]
    if (
        practice.age_min is not None
        and practice.age_max is not None
        and practice.age_min > practice.age_max
    ):
        errors["age_max"] = [_("The highest age is lower than the lowest age.")]
    return errors


def publication_errors(practice: Practice) -> dict[str, list[str]]:
    """What a published record must have besides a valid level, by field."""
    errors = recognition_errors(practice)
    if not practice.approach.strip():
        errors.setdefault("approach", []).append(_("Describe the approach before publishing."))
    if not (practice.contact_email or practice.contact_name):
        errors.setdefault("contact_email", []).append(
            _("Give a contact person or address before publishing.")
        )
    return errors


def neighbourhood_errors(municipality: Municipality, codes: list[str]) -> list[str]:
    """The codes that are not a CBS neighbourhood or district of the municipality: a code names
    the municipality in its digits (BU + 4 + 4 digits, WK + 4 + 2), and, where the
    municipality's areas are imported, is one of them."""
    from kansen.web.areas.constants import AreaLevel
    from kansen.web.areas.models import Area

    number = municipality.code.removeprefix("GM")
    known = set(
        Area.objects.filter(
            municipality_code=municipality.code,
            level__in=(AreaLevel.NEIGHBOURHOOD, AreaLevel.DISTRICT),
        ).values_list("code", flat=True)
    )
    errors = []
    for code in codes:
        shaped = re.fullmatch(r"(BU\d{8}|WK\d{6})", code) is not None and code[2:6] == number
        if not shaped or (known and code not in known):
            errors.append(
                _(
                    "%(code)s is not a neighbourhood or district of %(municipality)s: give CBS "
                    "codes of its areas, e.g. BU%(number)s0101."
                )
                % {"code": code, "municipality": municipality.name, "number": number}
            )
    return errors


def _duplicate(practice: Practice) -> Practice | None:
    """Another record of the same intervention of the same plan."""
    if practice.plan_id is None or not practice.intervention_uuid:
        return None
    return (
        Practice.objects.filter(
            municipality_id=practice.municipality_id,
            plan_id=practice.plan_id,
            intervention_uuid=practice.intervention_uuid,
        )
        .exclude(pk=practice.pk)
        .first()
    )


def _slug(municipality: Municipality, title: str, exclude: int | None = None) -> str:
    base = slugify(title)[:100] or "praktijk"
    slug, n = base, 2
    taken = Practice.objects.filter(municipality=municipality)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_practice(
    municipality: Municipality,
    user: User | None,
    data: dict[str, Any],
    practice: Practice | None = None,
) -> Practice:
    """Create a draft (``practice`` None) or change a record of ``municipality``.

    A published record stays published only while it still meets :func:`publication_errors`.
    """
    if practice is None:
        practice = Practice(municipality=municipality, created_by=user)
    elif practice.municipality_id != municipality.pk:
        raise ValidationError(_("This record belongs to another municipality."))
    else:
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
    for name in EDITABLE:
        if name in data:
            setattr(practice, name, data[name])
    if practice.plan is not None and practice.plan.municipality_id != municipality.pk:
        raise ValidationError({"plan": [_("The plan belongs to another municipality.")]})
    practice.evidence_levels_version = levels.evidence_data().version
    practice.updated_by = user
    errors = publication_errors(practice) if practice.is_published else recognition_errors(practice)
    wrong_codes = neighbourhood_errors(municipality, list(practice.neighbourhoods or ()))
    if wrong_codes:
        errors["neighbourhoods"] = wrong_codes
    existing = _duplicate(practice)
    if existing is not None:
        errors["intervention_uuid"] = [
            _(
                "This intervention of the plan already has a record, “%(title)s”: change that "
                "record instead of making a second one."
            )
            % {"title": existing.title}
        ]
    if errors:
        raise ValidationError(errors)
    if practice.published_at is None:
        # a record once published keeps its address: others link it, also when withdrawn
        practice.slug = _slug(municipality, practice.title, practice.pk)
    practice.full_clean()
    practice.save()
    return practice


@transaction.atomic
def publish(practice: Practice, user: User | None) -> Practice:
    """Make the record public (also again after a withdrawal)."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    errors = publication_errors(practice)
    if errors:
        raise ValidationError(errors)
    practice.status = PracticeStatus.PUBLISHED
    practice.published_at = timezone.now()
    practice.withdrawn_at = None
    practice.updated_by = user
    practice.save()
    return practice


@transaction.atomic
def withdraw(practice: Practice, user: User | None) -> Practice:
    """Take a published record out of the register; its address keeps showing it, marked as
    withdrawn, so links from elsewhere do not break."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != PracticeStatus.PUBLISHED:
        raise ValidationError(_("Only a published record can be withdrawn."))
    practice.status = PracticeStatus.WITHDRAWN
    practice.withdrawn_at = timezone.now()
    practice.updated_by = user
    practice.save()
    return practice
