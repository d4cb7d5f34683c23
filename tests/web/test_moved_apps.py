"""Models moved between apps (ADR 0019): a database made before the move migrates forward and
keeps every row, the permissions given on the moved models and the admin's history; the admin's
old addresses redirect.

``legacy/before_apps_of_one_shape.sql`` is a database migrated and filled by the code of main
before the move (how: ``legacy/README.md``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

LEGACY = Path(__file__).parent / "legacy" / "before_apps_of_one_shape.sql"

# Runs in a fresh process on the legacy database: migrate, then read through the moved models.
_MIGRATE_AND_READ = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.admin.models import LogEntry
from kansen.web.accounts.models import User
from kansen.web.deprivation.models import SavedIndex
from kansen.web.directory.models import DirectorySettings, Offer, PostcodeArea, Provider
from kansen.web.regulations.models import Regulation

user = User.objects.get(username="aanbieder")
saved = SavedIndex.objects.get()
offer = Offer.objects.get()
location = offer.locations.get()
settings = DirectorySettings.objects.get()
print(json.dumps({
    "saved_index": [saved.municipality.code, saved.name, saved.version, saved.created_by.username],
    "regulation": [r.code for r in Regulation.objects.all()],
    "offer": [offer.slug, offer.provider.slug, offer.regulation.code, offer.checked_by.username,
              str(offer.last_checked)],
    "location": [location.name, location.postcode, location.x, location.y],
    "translations": [[t.language, t.title] for t in offer.translations.all()],
    "members": [u.username for u in Provider.objects.get().members.all()],
    "postcodes": [[a.code, a.place] for a in PostcodeArea.objects.all()],
    "settings": [settings.municipality.code, settings.review_months, settings.grace_days],
    "history": [e.get_edited_object().title for e in LogEntry.objects.all()],
    "permissions": sorted(p for p in user.get_all_permissions() if not p.startswith("auth.")),
}))
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("legacy")
    database = folder / "kansen.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.executescript(LEGACY.read_text(encoding="utf-8"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansen.web.settings",
        "KANSEN_DATA_DIR": str(folder),
        "KANSEN_SECRET_KEY": "test-only-" + "x" * 50,
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", _MIGRATE_AND_READ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return database, json.loads(done.stdout.strip().splitlines()[-1])


def _rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def test_the_old_migrations_count_as_the_new_ones(migrated: tuple[Path, dict[str, Any]]) -> None:
    database, _ = migrated
    recorded = _rows(
        database,
        "SELECT app, name FROM django_migrations "
        "WHERE app IN ('deprivation', 'directory', 'regulations') ORDER BY app, name",
    )
    assert recorded == [
        ("deprivation", "0001_initial"),
        ("deprivation", "0002_content_types"),
        ("directory", "0001_initial"),
        ("directory", "0002_offer_choices_from_the_schema"),
        ("directory", "0003_content_types"),
        ("regulations", "0001_initial"),
        ("regulations", "0002_content_types"),
    ]


def test_rows_stay_in_their_tables(migrated: tuple[Path, dict[str, Any]]) -> None:
    database, read = migrated
    assert _rows(database, "SELECT name, version FROM need_savedindex") == [("Eigen index", 1)]
    assert _rows(database, "SELECT slug, title FROM offers_offer") == [("zwemles", "Zwemles")]
    # and the moved models read them, with every relation
    assert read["saved_index"] == ["GM9999", "Eigen index", 1, "aanbieder"]
    assert read["regulation"] == ["kindpakket"]
    assert read["offer"] == ["zwemles", "stichting-a", "kindpakket", "aanbieder", "2026-11-01"]
    assert read["location"] == ["Zwembad", "9999 AA", 1.5, 2.5]
    assert read["translations"] == [["en", "Swimming lessons"]]
    assert read["members"] == ["aanbieder"]
    assert read["postcodes"] == [["9999", "Oudstad"]]
    assert read["settings"] == ["GM9999", 6, 30]


def test_content_types_follow_the_models(migrated: tuple[Path, dict[str, Any]]) -> None:
    database, read = migrated
    labels = _rows(
        database,
        "SELECT app_label, model FROM django_content_type "
        "WHERE app_label IN ('need', 'offers', 'deprivation', 'directory', 'regulations') "
        "ORDER BY model",
    )
    assert labels == [
        ("directory", "directorysettings"),
        ("directory", "offer"),
        ("directory", "offerlocation"),
        ("directory", "offertranslation"),
        ("directory", "postcodearea"),
        ("directory", "provider"),
        ("regulations", "regulation"),
        ("deprivation", "savedindex"),
    ]
    # the permissions a group was given before the move, now named by the new labels
    assert read["permissions"] == [
        "deprivation.view_savedindex",
        "directory.change_offer",
        "regulations.change_regulation",
    ]
    # the admin's history still finds the object it is about
    assert read["history"] == ["Zwemles"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/beheer/need/", "/beheer/deprivation/"),
        ("/beheer/need/savedindex/", "/beheer/deprivation/savedindex/"),
        ("/beheer/need/savedindex/7/change/?a=1", "/beheer/deprivation/savedindex/7/change/?a=1"),
        ("/beheer/offers/", "/beheer/directory/"),
        ("/beheer/offers/offer/", "/beheer/directory/offer/"),
        ("/beheer/offers/regulation/3/change/", "/beheer/regulations/regulation/3/change/"),
        ("/beheer/offers/postcodearea/?q=9999", "/beheer/directory/postcodearea/?q=9999"),
    ],
)
def test_old_admin_addresses_redirect(client: Client, old: str, new: str) -> None:
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)


@pytest.mark.django_db
def test_an_old_address_of_a_model_that_did_not_move_is_not_found(client: Client) -> None:
    assert client.get("/beheer/need/area/").status_code == 404
    assert client.get("/beheer/offers/savedindex/").status_code == 404
