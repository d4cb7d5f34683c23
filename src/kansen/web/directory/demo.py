"""The demo directory of Demostad: providers, offers, postcode centres and settings.

Runs on every ``make demo`` (:mod:`kansen.web.core.demo`): it adds what is missing and leaves
what is there alone, so it is idempotent and also fills an older demo database. The offers
come from :func:`kansen.offers.demo_directory` and go through the same write path as an
import (:func:`kansen.web.directory.services.save_record`).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from kansen.demo import demo_postcode_areas
from kansen.offers import demo_directory
from kansen.web.accounts.models import Municipality, User
from kansen.web.regulations.models import Regulation

from . import services
from .freshness import DEFAULT_GRACE_DAYS, DEFAULT_REVIEW_MONTHS, last_checked_threshold
from .models import DirectorySettings, Offer, PostcodeArea, Provider

#: The demo account that keeps one provider's offers current.
DEMO_PROVIDER_USERNAME = "aanbieder"
#: The demo administrator, who manages providers and their members in the admin.
DEMO_ADMINISTRATOR_USERNAME = "beheerder"
#: What the municipal administrator may do in the admin of the directory (offers themselves
#: are changed in the back office).
ADMINISTRATOR_PERMISSIONS = (
    "add_provider",
    "change_provider",
    "view_provider",
    "view_offer",
    "view_directorysettings",
)


def load_demo_offers(municipality: Municipality, today: datetime.date | None = None) -> int:
    """Load the demo providers and offers unless they are there; return how many were created.

    Also stores the directory settings (12 months, 60 days), the centres of Demostad's fictional
    postcodes, and makes the demo user ``aanbieder`` a member of the provider with the most
    offers among those with an offer flagged on ``today``.
    """
    with transaction.atomic():
        DirectorySettings.objects.get_or_create(
            municipality=municipality,
            defaults={"review_months": DEFAULT_REVIEW_MONTHS, "grace_days": DEFAULT_GRACE_DAYS},
        )
        _load_postcodes()
        data = demo_directory()
        providers = {p.slug: p for p in Provider.objects.filter(municipality=municipality)}
        for record in data.providers:
            if record.id not in providers:
                providers[record.id] = services.save_provider(municipality, record)
        regulations = {r.code: r for r in Regulation.objects.filter(municipality=municipality)}
        existing = set(
            Offer.objects.filter(municipality=municipality).values_list("slug", flat=True)
        )
        created = 0
        for offer in data.offers:
            if offer.id in existing:
                continue
            services.save_record(
                municipality,
                offer,
                provider=providers[offer.provider],
                regulation=regulations.get(offer.regulation),
            )
            created += 1
        _add_demo_member(municipality, today or timezone.localdate())
        _grant_admin_permissions(municipality)
    return created


def _load_postcodes() -> None:
    """The fictional PC4 centres of Demostad; they replace real ones with the same code."""
    stored = {p.code: p for p in PostcodeArea.objects.filter(code__in=demo_postcode_areas())}
    for code, (x, y) in demo_postcode_areas().items():
        found = stored.get(code)
        if found is None:
            PostcodeArea.objects.create(code=code, x=x, y=y, place="Demostad")
        elif (found.x, found.y) != (x, y):
            found.x, found.y, found.place = x, y, "Demostad"
            found.save()


def _add_demo_member(municipality: Municipality, today: datetime.date) -> None:
    user = User.objects.filter(username=DEMO_PROVIDER_USERNAME).first()
    if user is None or user.providers.filter(municipality=municipality).exists():
        return
    settings = DirectorySettings.objects.get(municipality=municipality)
    threshold = last_checked_threshold(today, settings.review_months)
    best: tuple[int, int, str] | None = None
    chosen: Provider | None = None
    for provider in Provider.objects.filter(municipality=municipality):
        dates = list(provider.offers.values_list("last_checked", flat=True))
        flagged = sum(1 for d in dates if d <= threshold)
        key = (int(flagged > 0), len(dates), provider.slug)
        if best is None or key > best:
            best, chosen = key, provider
    if chosen is not None:
        chosen.members.add(user)


def _grant_admin_permissions(municipality: Municipality) -> None:
    user = User.objects.filter(
        username=DEMO_ADMINISTRATOR_USERNAME, municipality=municipality
    ).first()
    if user is not None:
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="directory", codename__in=ADMINISTRATOR_PERMISSIONS
            )
        )
