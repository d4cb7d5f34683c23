"""The deprivation index on the platform: the explorer layer, the builder, saved versions."""

from __future__ import annotations

import pytest
from django.test import Client

from kansen.demo import build_demostad
from kansen.index import IndexDefinition, compute_index, default_mdi
from kansen.web.core.demo import DEMO_PASSWORD
from kansen.web.deprivation.models import SavedIndex

from ..factories import MunicipalityFactory, SavedIndexFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(shared_demo):
    client = Client()
    client.login(username="analist", password=DEMO_PASSWORD)
    return client


def _library_result(definition: IndexDefinition):
    """The same index computed straight from the generated demo data, without the platform."""
    demo = build_demostad()
    obs = demo.observations
    obs = obs[(obs["year"] == 2024) & (obs["status"] == "ok")]
    wide = obs.pivot_table(index="area_code", columns="indicator_code", values="value")
    buurten = [a.code for a in demo.buurten]
    parents = {a.code: a.parent_code for a in demo.buurten}
    parent_data = wide.loc[[a.code for a in demo.wijken]]
    return compute_index(
        wide.reindex(buurten)[list(definition.columns)],
        definition,
        parents=parents,
        parent_data=parent_data[list(definition.columns)],
        year=2024,
    )


def _form(definition: IndexDefinition, **weights: float) -> dict[str, str]:
    params = {
        "submitted": "1",
        "year": "2024",
        "level": "buurt",
        "weighting": "equal",
        "missing": "parent-reweight-error",
    }
    for domain in definition.domains:
        params[f"weight_{domain.code}"] = str(weights.get(domain.code, domain.weight))
        for indicator in domain.indicators:
            params[f"ind_{domain.code}__{indicator.code}"] = "1"
    return params


def test_the_explorer_shows_the_mdi_as_computed_by_the_library(client):
    expected = _library_result(default_mdi()).frame
    response = client.get("/gebieden/?layer=index:default&level=buurt&year=2024")
    ranking = response.context["ranking"]
    assert len(ranking) == 40
    for row in ranking:
        assert row.value.value == pytest.approx(expected.loc[row.area.code, "score"], abs=1e-3)
        assert row.extra == [
            str(int(expected.loc[row.area.code, "rank"])),
            str(int(expected.loc[row.area.code, "decile"])),
        ]
    assert ranking[0].extra[0] == "1"


def test_moving_a_weight_lists_the_areas_that_change_decile(client):
    mdi = default_mdi()
    response = client.get("/gebieden/index/", _form(mdi, income=45.0, work=0.0))
    assert response.status_code == 200
    assert response.context["errors"] == []
    before = _library_result(mdi).frame["decile"]
    after = _library_result(mdi.with_weight("income", 45.0).with_weight("work", 0.0)).frame[
        "decile"
    ]
    expected = sorted(code for code in after.index if int(after[code]) != int(before[code]))
    assert expected  # such a large move changes some deciles
    assert sorted(c["code"] for c in response.context["changes"]) == expected
    assert response.context["diff"] == [
        "Gewicht van het domein Inkomen: 22,5% → 45%",
        "Gewicht van het domein Werk: 22,5% → 0%",
    ]


def test_a_weight_that_is_not_a_number_is_reported(client):
    params = _form(default_mdi())
    params["weight_health"] = "veel"
    response = client.get("/gebieden/index/", params)
    assert any("veel" in e for e in response.context["errors"])


def test_saving_adds_a_version_and_the_map_can_show_it(client):
    mdi = default_mdi().with_weight("safety", 20.0)
    for _ in range(2):
        response = client.post(
            "/gebieden/index/opslaan/",
            {
                "definition": mdi.to_json(),
                "name": "MDI veiligheid zwaarder",
                "note": "raad",
                "level": "buurt",
            },
        )
        assert response.status_code == 302
    versions = list(SavedIndex.objects.values_list("name", "version"))
    assert sorted(versions) == [("MDI veiligheid zwaarder", 1), ("MDI veiligheid zwaarder", 2)]
    saved = SavedIndex.objects.get(version=2)
    assert saved.to_definition().weights["safety"] == 20.0
    assert saved.created_by.username == "analist"
    page = client.get(f"/gebieden/?layer=index:{saved.pk}&level=buurt")
    assert page.context["explorer"].layer.name == "MDI veiligheid zwaarder (v2)"
    expected = _library_result(mdi).frame
    top = page.context["ranking"][0]
    assert int(top.extra[0]) == 1
    assert expected.loc[top.area.code, "rank"] == 1


def test_saved_indices_are_the_municipalitys_own(client):
    other = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    foreign = SavedIndexFactory(municipality=other, name="Leids", version=1)
    response = client.get(f"/gebieden/?layer=index:{foreign.pk}")
    assert response.context["explorer"].layer.key != f"index:{foreign.pk}"
    assert "Leids" not in response.text
    # the page falls back to the first layer the user may see
    explorer = response.context["explorer"]
    assert explorer.layer.key == explorer.choices[0][0]


def test_builder_exports_the_ranking_with_domain_ranks_and_the_map(client):
    import csv
    import io
    import json

    expected = _library_result(default_mdi()).frame
    text = client.get("/gebieden/index/?what=table&export=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["Rang", "Gebied", "Code", "Score", "Deciel"]
    assert rows[0][5] == "Inkomen"
    first = rows[1]
    assert int(first[0]) == 1
    assert expected.loc[first[2], "rank"] == 1
    assert int(first[5]) == int(expected.loc[first[2], "income_rank"])
    geo = json.loads(client.get("/gebieden/index/?what=map&export=geojson").content)
    assert len(geo["features"]) == 40
    svg = client.get("/gebieden/index/?what=map&export=svg").content.decode()
    assert "Achterstandsindex (MDI)" in svg  # the title and the source in Dutch
    assert "Bron 002: achterstandsindex (MDI), gewichten van de Engelse IMD" in svg
    assert "Multi Deprivation Index" not in svg


def test_the_changed_deciles_and_sensitivity_tables_export(client):
    import csv
    import io

    params = _form(default_mdi(), income=45.0, work=0.0)
    page = client.get("/gebieden/index/", params)
    for what, expected_rows in (
        ("changes", len(page.context["changes"])),
        ("sensitivity", len(page.context["sensitivity"])),
    ):
        response = client.get("/gebieden/index/", {**params, "what": what, "export": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) - 1 == expected_rows > 0
    assert rows[0][:3] == ["Gebied", "Code", "Domein"]


def test_the_change_summary_says_what_the_user_changed_in_dutch(client):
    mdi = default_mdi()
    params = _form(mdi, income=60.0)
    params["weighting"] = "factor"
    params["missing"] = "drop"
    del params["ind_health__overweight"]
    response = client.get("/gebieden/index/", params)
    assert response.context["errors"] == []
    # No label is listed: the builder names indicators as the municipality's data does.
    assert response.context["diff"] == [
        "Ontbrekende waarden: waarde van het bovenliggende gebied, anders herwegen, anders "
        "stoppen → gebieden met een ontbrekende waarde weglaten",
        "Gewicht van het domein Inkomen: 22,5% → 60%",
        "Weging binnen de domeinen: gelijke gewichten → factoranalyse (maximum likelihood)",
        "Indicator weggelaten uit Gezondheid: Volwassenen met overgewicht",
    ]
    assert "Gewicht van het domein Inkomen: 22,5% → 60%" in response.text
    assert "domains." not in response.text
