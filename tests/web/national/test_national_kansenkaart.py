"""The national kansenkaart: a disclosed kansenkaart table loaded from the import page as
national data (the platform administrator, ``?scope=NL``) becomes national indicators, owned by
no municipality, and shows on the national map."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kansen.demo import build_pupils
from kansen.opportunity import estimate_opportunity
from kansen.web.accounts.constants import Role
from kansen.web.areas.models import ImportRun, Indicator

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_disclosed_kansenkaart_table_loads_as_national_figures_on_the_national_map(
    shared_demo,
):
    published = estimate_opportunity(build_pupils().pupils, levels=["buurt", "wijk"]).published
    buffer = io.BytesIO()
    published.to_parquet(buffer)
    admin = Client(headers={"accept-language": "nl"})
    UserFactory(username="beheer", municipality=None, role="", is_staff=True, is_superuser=True)
    admin.login(username="beheer", password=PASSWORD)
    response = admin.post(
        "/gebieden/importeren/?scope=NL",
        {
            "kind": "opportunity",
            "publish": "on",
            "file": SimpleUploadedFile("kansenkaart.parquet", buffer.getvalue()),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    run = ImportRun.objects.get(filename="kansenkaart.parquet")
    assert run.municipality is None
    row = published[published["published"] & (published["level"] == "wijk")].iloc[0]
    national = Indicator.objects.get(municipality=None, code=f"opp_{row['outcome']}_{row['band']}")
    assert national.is_public

    ministry = Client(headers={"accept-language": "nl"})
    UserFactory(username="min", municipality=None, role=Role.NATIONAL)
    ministry.login(username="min", password=PASSWORD)
    query = f"scope=NL&level=wijk&year={int(row['year'])}&layer=indicator:{national.pk}"
    page = ministry.get(f"/gebieden/?{query}")
    assert page.status_code == 200
    assert page.context["explorer"].layer.name == national.name
    data = ministry.get(f"/gebieden/kaart.geojson?{query}").json()
    values = {
        f["properties"]["code"]: f["properties"]["value"]
        for f in data["features"]
        if f["properties"].get("kind") != "facility"
    }
    assert values[row["area_code"]] == pytest.approx(row["estimate"] * 100, abs=1e-4)
