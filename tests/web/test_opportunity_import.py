"""Disclosed kansenkaart results load as indicators; pupil-level data is refused."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.test import Client

from kansen.demo import build_pupils
from kansen.opportunity import estimate_opportunity
from kansen.web.areas import services
from kansen.web.areas.models import Indicator, Observation
from kansen.web.areas.opportunity import import_opportunity_results
from kansen.web.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def estimated():
    return estimate_opportunity(build_pupils().pupils, levels=["buurt", "wijk", "gemeente"])


@pytest.fixture
def demo(shared_demo):
    return shared_demo


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    return buffer.getvalue()


def test_published_cells_load_with_intervals_and_suppressed_with_their_reason(demo, estimated):
    # by id: PostgreSQL plans a join on a table without statistics (a fresh test database)
    # as nested loops, which takes minutes
    opp = list(Indicator.objects.filter(code__startswith="opp_").values_list("pk", flat=True))
    Observation.objects.filter(indicator_id__in=opp).delete()
    run = import_opportunity_results(
        _parquet(estimated.published), filename="kansen.parquet", municipality=demo.municipality
    )
    published = estimated.published
    assert run.summary["cells"] == len(published)
    assert run.summary["suppressed"] == int((~published["published"]).sum())
    row = published[published["published"]].iloc[0]
    stored = Observation.objects.get(
        indicator__code=f"opp_{row['outcome']}_{row['band']}",
        area__code=row["area_code"],
        year=row["year"],
    )
    assert stored.value == pytest.approx(row["estimate"] * 100, abs=1e-4)
    assert (stored.lower, stored.upper) == pytest.approx(
        (row["ci_low"] * 100, row["ci_high"] * 100), abs=1e-4
    )
    assert stored.count == row["n"]
    assert stored.count % 10 == 0
    hidden = published[~published["published"]].iloc[0]
    suppressed = Observation.objects.get(
        indicator__code=f"opp_{hidden['outcome']}_{hidden['band']}",
        area__code=hidden["area_code"],
        year=hidden["year"],
    )
    assert suppressed.value is None
    assert suppressed.status == "suppressed"
    assert suppressed.note.startswith("onvoldoende waarnemingen")
    assert (
        Indicator.objects.get(municipality=demo.municipality, code="opp_under_advice_low").name
        == "Onderadvisering, laag inkomen"
    )


def test_pupil_level_data_is_refused_whole(demo):
    pupils = build_pupils().pupils
    with pytest.raises(services.ImportFailed) as failed:
        import_opportunity_results(
            _parquet(pupils), filename="leerlingen.parquet", municipality=demo.municipality
        )
    assert "pupil-level" in failed.value.problems[0].message
    assert not Observation.objects.filter(import_run=failed.value.run).exists()


def test_unrounded_counts_are_refused(demo, estimated):
    tampered = estimated.published.copy()
    first = tampered.index[tampered["published"]][0]
    tampered.loc[first, "n"] = 37
    with pytest.raises(services.ImportFailed) as failed:
        import_opportunity_results(
            _parquet(tampered), filename="x.parquet", municipality=demo.municipality
        )
    assert [(p.column, p.message) for p in failed.value.problems] == [
        ("n", "count 37 is not rounded to 10")
    ]


def test_profile_and_map_show_estimates_and_onvoldoende_waarnemingen(demo):
    client = Client()
    client.login(username="analist", password=DEMO_PASSWORD)
    profile = client.get("/gebieden/2024/GM9999/")
    charts = profile.context["opportunity"]
    assert [c["title"] for c in charts][:1] == ["Onderadvisering, 2024"]
    assert charts[0]["src"].startswith("data:image/svg+xml;base64,")
    indicator = Indicator.objects.get(municipality=demo.municipality, code="opp_under_advice_low")
    page = client.get(f"/gebieden/?layer=indicator:{indicator.pk}&level=buurt&year=2024")
    reasons = {r.value.reason for r in page.context["ranking"] if r.value.value is None}
    assert any(reason.startswith("onvoldoende waarnemingen") for reason in reasons)
