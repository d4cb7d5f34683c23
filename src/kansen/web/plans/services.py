"""The only write path of plans: create, import, edit a part, publish, with history.

Every edit names the version it started from. :func:`update_part` locks the row
(``select_for_update``) and writes with a conditional ``UPDATE ... WHERE version = expected``,
so of two saves started from the same version exactly one wins, on PostgreSQL and on SQLite
alike; the other gets :class:`StaleEdit` with who changed what in between, and nothing of it
is written. The document is always rebuilt and validated by :mod:`kansen.plans` before it is
stored, and stored in its canonical form (``plan_to_data``), with an id on every list item (a
new item gets one here when its form did not give it one): history and merges follow items by
their id (ADR 0012).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kansen.plans import (
    ITEM_ID,
    SCHEMA_VERSION,
    PlanFormatError,
    Problem,
    check_plan,
    diff,
    load_templates,
    new_item_id,
    plan_from_data,
    plan_to_data,
    schema_problems,
    upgrade_plan_data,
    with_item_ids,
)
from kansen.plans import (
    Plan as PlanDocument,
)
from kansen.web.accounts.models import Municipality, User

from . import editor
from .models import Plan, PlanChange, PlanStatus, Stakeholder


class PlanError(Exception):
    """Something a user asked for that cannot be done; the message says why."""


class InvalidPlan(PlanError):
    """The document would not be a valid plan; carries every problem with its path."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(_("The plan is not valid: %(n)d problem(s).") % {"n": len(self.problems)})


class StaleEdit(PlanError):
    """Someone saved the plan after the edit started; carries what they changed."""

    def __init__(self, plan: Plan, expected_version: int, changes: list[PlanChange]) -> None:
        self.plan = plan
        self.expected_version = expected_version
        self.changes = changes
        last = changes[0] if changes else None
        who = (last.user.get_full_name() or last.user.username) if last and last.user else "?"
        when = timezone.localtime(last.at).strftime("%d-%m-%Y %H:%M") if last else "?"
        super().__init__(
            _(
                "%(who)s saved this plan on %(when)s (version %(version)d), after you started "
                "editing version %(expected)d. Nothing of yours has been saved."
            )
            % {"who": who, "when": when, "version": plan.version, "expected": expected_version}
        )


class PublishedPlanBroken(InvalidPlan):
    """A change to a published plan that its check would report as an error: the public page
    would show a plan that could not be published, so it is not saved."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__(problems)
        self.args = (
            _(
                "This plan is published, and with this change its check would find an error "
                "that stops publishing. Nothing has been saved: correct the value, or withdraw "
                "the publication first to work on the plan as a draft."
            ),
        )


class PublishRefused(PlanError):
    """Publishing a plan whose check reports errors."""

    def __init__(self, errors: Iterable[Problem]) -> None:
        self.errors = tuple(errors)
        super().__init__(
            ngettext(
                "The plan has %(n)d error: correct it before publishing. Warnings do not "
                "stop publishing.",
                "The plan has %(n)d errors: correct them before publishing. Warnings do not "
                "stop publishing.",
                len(self.errors),
            )
            % {"n": len(self.errors)}
        )


@dataclass(frozen=True)
class Derived:
    kind: str
    title: str
    first_year: int
    last_year: int
    schema_version: str


def validate(doc: dict[str, Any]) -> PlanDocument:
    """The plan a document describes, or :class:`InvalidPlan` with every problem."""
    try:
        plan = plan_from_data(doc)
    except PlanFormatError as error:
        raise InvalidPlan(error.problems) from error
    problems = schema_problems(doc)
    if problems:
        raise InvalidPlan(problems)
    return plan


def _plain_name(name: str) -> str:
    return " ".join(name.casefold().removeprefix("gemeente ").split())


def of_municipality(doc: dict[str, Any], municipality: Municipality) -> dict[str, Any]:
    """The document as a plan of ``municipality``: its name and CBS code filled in where absent;
    :class:`InvalidPlan` when it names another municipality (a plan of Leiden is never stored,
    and so never published, as Demostad's)."""
    code = str(doc.get("municipality_code") or "").strip()
    name = str(doc.get("municipality") or "").strip()
    problems = []
    if code and code.upper() != municipality.code.upper():
        problems.append(
            Problem(
                "municipality_code",
                "error",
                "other-municipality",
                _("this plan is of %(name)s (%(code)s); you write plans for %(own)s (%(own_code)s)")
                % {
                    "name": name,
                    "code": code,
                    "own": municipality.name,
                    "own_code": municipality.code,
                },
            )
        )
    if name and _plain_name(name) != _plain_name(municipality.name):
        problems.append(
            Problem(
                "municipality",
                "error",
                "other-municipality",
                _("this plan names %(name)s; it is stored for %(own)s")
                % {"name": name, "own": municipality.name},
            )
        )
    if problems:
        raise InvalidPlan(problems)
    return {
        **doc,
        "municipality": name or municipality.name,
        "municipality_code": code or municipality.code,
    }


def _derived(document: PlanDocument) -> Derived:
    return Derived(
        kind=str(document.kind),
        title=document.title[:300],
        first_year=document.period.start,
        last_year=document.period.end,
        schema_version=str(plan_to_data(document)["schema_version"]),
    )


def slug_for(title: str) -> str:
    """The slug a plan of this title starts from (a number is added when it is taken)."""
    return slugify(title)[:100] or "plan"


def _slug(municipality: Municipality, title: str, exclude: int | None = None) -> str:
    base = slug_for(title)
    slug, n = base, 2
    taken = Plan.objects.filter(municipality=municipality)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def remember_organisations(municipality: Municipality, names: Iterable[str]) -> int:
    """Add organisations to the municipality's list (reused in its other plans)."""
    created = 0
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        if len(name) > 300:
            continue
        _row, was_created = Stakeholder.objects.get_or_create(municipality=municipality, name=name)
        created += was_created
    return created


def _organisations_in(document: PlanDocument) -> list[str]:
    names = [s.name for s in document.stakeholders]
    for _path, activity in document.activities():
        names += activity.parties
    for community in document.communities:
        names += community.parties
    if document.agreements is not None:
        names += document.agreements.analysis.parties
    return names


@transaction.atomic
def create_plan(
    municipality: Municipality, user: User | None, doc: dict[str, Any], *, summary: str = ""
) -> Plan:
    """Store a new plan of a municipality from a document (a form's or an imported file's).

    A document of layout version 1 is upgraded; its items, new to the platform, get new ids."""
    doc = upgrade_plan_data(with_item_ids(doc))
    document = validate(of_municipality(doc, municipality))
    derived = _derived(document)
    plan = Plan.objects.create(
        municipality=municipality,
        slug=_slug(municipality, derived.title),
        kind=derived.kind,
        title=derived.title,
        first_year=derived.first_year,
        last_year=derived.last_year,
        document=plan_to_data(document),
        schema_version=derived.schema_version,
        created_by=user,
        updated_by=user,
    )
    PlanChange.objects.create(
        plan=plan, version=1, user=user, part="", summary=summary or _("Created"), changes=[]
    )
    remember_organisations(municipality, _organisations_in(document))
    return plan


def new_document(
    municipality: Municipality, *, kind: str, title: str, period: str, template: str = ""
) -> dict[str, Any]:
    """The document of a new, empty plan; a template's explanation sections are laid out."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "municipality": municipality.name,
        "title": title,
        "period": period,
        "municipality_code": municipality.code,
    }
    if template:
        doc["template"] = template
        known = load_templates().get(template)
        if known is not None and known.sections:
            doc["sections"] = [{ITEM_ID: new_item_id(), "title": title} for title in known.sections]
    return doc


def changes_since(plan: Plan, version: int) -> list[PlanChange]:
    return list(
        PlanChange.objects.filter(plan=plan, version__gt=version)
        .select_related("user")
        .order_by("-version")
    )


def _locked(plan: Plan) -> Plan:
    """The plan's row as stored now, locked until the transaction ends."""
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def update_part(
    plan: Plan,
    path: str,
    data: Any,
    *,
    expected_version: int,
    user: User | None,
    new_stakeholders: Iterable[tuple[str, str]] = (),
    new_organisations: Iterable[str] = (),
) -> Plan:
    """Replace one part of a plan (``path`` as in ``interventions[0]``; "" is the general part,
    whose data holds only the general fields; an index one past the end adds an item;
    :data:`editor.DELETE` removes one).

    Raises
    ------
    StaleEdit
        When the plan was saved after ``expected_version``; nothing is written.
    InvalidPlan
        When the result would not be a valid plan; nothing is written.
    """
    current = _locked(plan)
    if current.version != expected_version:
        raise StaleEdit(current, expected_version, changes_since(current, expected_version))
    before = current.document
    tokens = editor.parse_path(path)
    if not tokens:
        general = set(editor.general_fields())
        kept = {k: v for k, v in before.items() if k not in general}
        doc = {**kept, **data}
    else:
        if isinstance(tokens[-1], int) and isinstance(data, dict) and not data.get(ITEM_ID):
            # The item at the path, replaced: still the same item.
            there = editor.data_at(before, tokens)
            if isinstance(there, dict) and there.get(ITEM_ID):
                data = {ITEM_ID: there[ITEM_ID], **data}
        doc = editor.set_at(before, tokens, data)
    extra = [{"id": sid, "name": name} for sid, name in new_stakeholders]
    if extra:
        doc["stakeholders"] = [*doc.get("stakeholders", []), *extra]
    doc = with_item_ids(doc)
    owner = ("municipality", "municipality_code")
    if any(doc.get(key) != before.get(key) for key in owner):
        # Only a change of the owner is checked: a plan stored before the check with another
        # spelling of the name stays editable.
        doc = of_municipality(doc, current.municipality)
    document = validate(doc)
    after = plan_to_data(document)
    changes = diff(before, after)
    if not changes:
        return current
    if current.status == PlanStatus.PUBLISHED:
        when = timezone.localdate()
        # Compared by what they say, not where: removing an item moves the errors after it.
        known = Counter(
            (p.code, p.message) for p in check_plan(plan_from_data(before), today=when).errors
        )
        found = check_plan(document, today=when).errors
        added = Counter((p.code, p.message) for p in found) - known
        if added:
            raise PublishedPlanBroken([p for p in found if (p.code, p.message) in added])
    derived = _derived(document)
    updated = Plan.objects.filter(pk=current.pk, version=expected_version).update(
        document=after,
        version=F("version") + 1,
        kind=derived.kind,
        title=derived.title,
        first_year=derived.first_year,
        last_year=derived.last_year,
        schema_version=derived.schema_version,
        updated_by=user,
        updated_at=timezone.now(),
    )
    if updated != 1:
        # Another save won between the read and the write (where the lock is not enforced).
        fresh = Plan.objects.get(pk=current.pk)
        raise StaleEdit(fresh, expected_version, changes_since(fresh, expected_version))
    summary = _("Removed") if data is editor.DELETE else ""
    PlanChange.objects.create(
        plan=current,
        version=expected_version + 1,
        user=user,
        part=path,
        summary=summary,
        changes=changes,
    )
    remember_organisations(current.municipality, [*_organisations_in(document), *new_organisations])
    current.refresh_from_db()
    return current


def _set_status(current: Plan, user: User | None, status: str) -> Plan:
    before = current.status
    current.status = status
    current.published_at = timezone.now() if status == PlanStatus.PUBLISHED else None
    current.version += 1
    current.updated_by = user
    current.save(update_fields=["status", "published_at", "version", "updated_by", "updated_at"])
    PlanChange.objects.create(
        plan=current,
        version=current.version,
        user=user,
        part="",
        summary=_("Published") if status == PlanStatus.PUBLISHED else _("Withdrawn"),
        changes=[{"path": "status", "before": before, "after": status}],
    )
    return current


@transaction.atomic
def publish(plan: Plan, user: User | None, *, today: Any) -> Plan:
    """Publish a plan: allowed with warnings, refused with errors (:class:`PublishRefused`)."""
    current = _locked(plan)
    report = check_plan(plan_from_data(current.document), today=today)
    if report.errors:
        raise PublishRefused(report.errors)
    if current.status == PlanStatus.PUBLISHED:
        return current
    return _set_status(current, user, PlanStatus.PUBLISHED)


@transaction.atomic
def unpublish(plan: Plan, user: User | None) -> Plan:
    """Take a plan back to draft: the public page answers 404 again."""
    current = _locked(plan)
    if current.status != PlanStatus.PUBLISHED:
        return current
    return _set_status(current, user, PlanStatus.DRAFT)


__all__ = [
    "InvalidPlan",
    "PlanError",
    "PublishRefused",
    "PublishedPlanBroken",
    "StaleEdit",
    "create_plan",
    "new_document",
    "of_municipality",
    "publish",
    "remember_organisations",
    "slug_for",
    "unpublish",
    "update_part",
]
