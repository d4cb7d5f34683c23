"""Loading Demostad, the demo municipality, through the platform's own import path.

The library (:mod:`kansen.demo`) writes the demo as real-world files (GeoJSON in EPSG:28992,
a CBS StatLine CSV export); they are imported exactly as an analyst's files would be.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction

from kansen.demo import (
    DEMO_MUNICIPALITY_CODE,
    Demostad,
    build_demostad,
    build_pupils,
    write_demostad,
)
from kansen.opportunity import estimate_opportunity
from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.areas import services as area_services
from kansen.web.areas.models import Area
from kansen.web.areas.opportunity import import_opportunity_results
from kansen.web.directory.demo import load_demo_offers
from kansen.web.livepoll.demo import load_demo_livepoll
from kansen.web.monitoring.demo import load_demo_monitoring
from kansen.web.plans.demo import load_demo_plans
from kansen.web.practices.demo import load_demo_practices
from kansen.web.regulations.services import load_demo_regulations
from kansen.web.support.demo import load_demo_support
from kansen.web.youthpanel.demo import load_demo_youthpanel

DEMO_PASSWORD = "demo-kansen"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role | None
    full_name: str
    superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("analist", Role.ANALYST, "Anna Analist"),
    DemoAccount("projectleider", Role.PROGRAMME_LEAD, "Pieter Projectleider"),
    DemoAccount("professional", Role.PROFESSIONAL, "Fatima Brugfunctionaris"),
    DemoAccount("aanbieder", Role.PROVIDER, "Sanne Vrijwilligerswerk"),
    DemoAccount("coordinator", Role.MATCHING_COORDINATOR, "Kees Coördinator"),
    DemoAccount("netwerk", Role.NETWORK_COORDINATOR, "Nina Netwerkcoördinator"),
    DemoAccount("beheerder", Role.ADMINISTRATOR, "Bea Beheerder"),
    DemoAccount("ministerie", Role.NATIONAL, "Noor Netwerk"),
    DemoAccount("admin", None, "Platformbeheer", superuser=True),
)


@dataclass(frozen=True)
class DemoResult:
    municipality: Municipality
    created: bool
    areas: int


def demo_is_loaded() -> bool:
    return Area.objects.filter(municipality_code=DEMO_MUNICIPALITY_CODE).exists()


def load_demo(seed: int = 2026) -> DemoResult:
    """Create Demostad with its accounts, areas and figures, unless it is there already."""
    demo = build_demostad(seed=seed)
    municipality, _ = Municipality.objects.get_or_create(
        code=demo.municipality_code,
        defaults={"name": demo.municipality_name, "slug": "demostad"},
    )
    _ensure_accounts(municipality)
    if demo_is_loaded():
        _load_later_parts(municipality)
        count = Area.objects.filter(municipality_code=municipality.code).count()
        return DemoResult(municipality, created=False, areas=count)
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        files = write_demostad(demo, Path(tmp))
        for year in demo.years:
            area_services.import_boundaries(
                files.areas_geojson,
                filename=files.areas_geojson.name,
                year=year,
                municipality=municipality,
            )
        run = area_services.import_values(
            files.key_figures_csv,
            filename=files.key_figures_csv.name,
            municipality=municipality,
            publish=True,
        )
        _apply_metadata(files.indicators_csv, run.summary["columns"], municipality)
        # National key figures of Demostad and fictional peers, as CBS publishes them.
        national = area_services.import_values(
            files.peers_csv, filename=files.peers_csv.name, municipality=None, publish=True
        )
        _apply_metadata(files.indicators_csv, national.summary["columns"], None)
        _load_opportunity(demo, municipality)
        for year in demo.years:
            area_services.import_facilities(
                files.schools_csv,
                filename=files.schools_csv.name,
                year=year,
                municipality=municipality,
            )
        load_demo_regulations(municipality)
    _load_later_parts(municipality)
    count = Area.objects.filter(municipality_code=municipality.code).count()
    return DemoResult(municipality, created=True, areas=count)


def _load_later_parts(municipality: Municipality) -> None:
    """Parts added after the first demo release: each loads unless it is there, also into an
    older demo database."""
    load_demo_offers(municipality)
    load_demo_plans(municipality)
    load_demo_monitoring(municipality)  # the goals of a demo plan: after the plans
    # Volunteers, places and requests: after the offers; erases expired requests at start-up.
    load_demo_support(municipality)
    load_demo_youthpanel(municipality)  # two waves of the youth panel, about 600 pupils
    load_demo_practices(municipality)  # practice records: after the plans
    load_demo_livepoll(municipality)  # a live poll of a network meeting: after monitoring


def _load_opportunity(demo: Demostad, municipality: Municipality) -> None:
    """Outcomes by parental income: estimated in the library from the demo's pupils, and only
    the disclosed table goes into the platform, as it would from a secure environment."""
    import_opportunity_results(
        _disclosed_opportunity_table(demo.seed),
        filename="kansenkaart_demostad.parquet",
        municipality=municipality,
        publish=True,
        # The table comes from the library's own disclosure method, which
        # tests/opportunity/test_opportunity_intruder.py audits; auditing it again at every
        # demo load would cost about 11 s (the rule checks still run).
        audit=False,
    )


@lru_cache(maxsize=2)
def _disclosed_opportunity_table(seed: int) -> bytes:
    # Deterministic for a seed, so computed once per process (the tests load the demo often).
    result = estimate_opportunity(
        build_pupils(build_demostad(seed=seed)).pupils,
        levels=["buurt", "wijk", "gemeente"],
        engine="duckdb",
    )
    buffer = io.BytesIO()
    result.published.to_parquet(buffer)
    return buffer.getvalue()


def _ensure_accounts(municipality: Municipality) -> None:
    existing = set(User.objects.values_list("username", flat=True))
    if existing.issuperset(a.username for a in DEMO_ACCOUNTS):
        return
    # Hashing is deliberately slow; the demo accounts share one password, so hash it once.
    password_hash = make_password(DEMO_PASSWORD)
    for account in DEMO_ACCOUNTS:
        first, _, last = account.full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": account.role or "",
                "municipality": None if account.role in (None, Role.NATIONAL) else municipality,
                "is_superuser": account.superuser,
                "is_staff": account.superuser or account.role == Role.ADMINISTRATOR,
                "password": password_hash,
            },
        )
        if created and account.role == Role.ADMINISTRATOR:
            user.user_permissions.set(
                Permission.objects.filter(
                    content_type__app_label="accounts", codename__endswith="_user"
                )
            )


def _apply_metadata(
    metadata_file: Path, columns: dict[str, str], municipality: Municipality | None
) -> None:
    """Domain, direction, source and definition of the demo indicators in ``columns``."""
    with metadata_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["column_header"] not in columns:
                continue
            code = columns[row["column_header"]]
            area_services.update_indicator_metadata(
                municipality,
                code,
                code=row["code"],
                name=row["name_nl"],
                name_en=row["name_en"],
                unit=row["unit"],
                domain=row["domain"],
                direction=row["direction"],
                source=row["source"],
                definition=row["definition"],
            )
