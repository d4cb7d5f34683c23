"""The index builder at a country's scale: the ranking paged, the tables of changes shown in
part (the whole tables are downloads), the index computed once for the page, and its map kept
per version of the data like the explorer's (ADR 0030)."""

from __future__ import annotations

import gzip
import json
import random

import pandas as pd
import pytest
from django.test import Client

from kansen.index import compute_index, default_mdi, sensitivity
from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Indicator, Observation
from kansen.web.deprivation import views

from ..factories import UserFactory
from .synthetic import country

pytestmark = pytest.mark.django_db

URL = "/gebieden/index/?scope=NL&level=buurt"


@pytest.fixture
def country_with_mdi():
    """250 buurten in 5 municipalities (one wijk each), with a published national figure of
    every indicator of the MDI for every buurt and wijk (random, seeded)."""
    rng = random.Random(7)
    wijken, buurten = country(5, 50, points=24)
    for domain in default_mdi().domains:
        for item in domain.indicators:
            indicator = Indicator.objects.create(
                code=item.code,
                name=item.label,
                is_public=True,
                domain=domain.code,
                direction=item.direction,
            )
            Observation.objects.bulk_create(
                Observation(indicator=indicator, area=a, year=2024, value=rng.uniform(0, 100))
                for a in [*wijken, *buurten]
            )
    client = Client(headers={"accept-language": "nl"})
    client.force_login(UserFactory(municipality=None, role=Role.NATIONAL))
    return client


def _figures() -> pd.DataFrame:
    """The buurten's figures as the library takes them (a column per indicator)."""
    rows = Observation.objects.filter(area__level="buurt").values_list(
        "area__code", "indicator__code", "value"
    )
    return (
        pd.DataFrame(list(rows), columns=["area", "indicator", "value"])
        .pivot_table(index="area", columns="indicator", values="value")
        .astype(float)
    )


def _library_index() -> pd.DataFrame:
    """The MDI over the 250 buurten as the library computes it from the same figures."""
    return compute_index(_figures(), default_mdi()).frame


def test_the_ranking_is_paged_and_the_changes_shown_in_part(country_with_mdi, monkeypatch):
    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 100)
    monkeypatch.setattr(views, "ROWS_SHOWN", 20)
    expected = _library_index().sort_values("rank")
    page = country_with_mdi.get(URL)
    assert page.status_code == 200
    assert page.context["ranking_total"] == 250
    assert [r["code"] for r in page.context["ranking"]] == list(expected.index[:100])
    assert [r["decile"] for r in page.context["ranking"]] == [
        int(d) for d in expected["decile"][:100]
    ]
    assert "1 tot en met 100 van 250 getoond" in page.text
    assert "pagina 1 van 3" in page.text
    last = country_with_mdi.get(URL + "&page=3")
    assert [r["rank"] for r in last.context["ranking"]] == list(range(201, 251))
    assert "Vorige" in last.text
    # the page as first opened is its own starting point: no area changed decile
    assert page.context["changes_total"] == 0
    # the sensitivity: all its changes counted, the first 20 shown
    moved = sensitivity(_figures(), default_mdi(), 5.0)
    assert page.context["sensitivity_total"] == len(moved) > 20
    assert [s["area_code"] for s in page.context["sensitivity"]] == list(moved["area_code"][:20])
    assert f"De eerste 20 van {len(moved)} veranderingen worden getoond" in page.text
    # a weight changed: every area that changed decile counted, the first 20 shown
    changed = country_with_mdi.get(URL + "&submitted=1&weight_income=60")
    assert changed.context["changes_total"] > 20
    assert len(changed.context["changes"]) == 20
    assert (
        f"De eerste 20 van {changed.context['changes_total']} gebieden die van deciel "
        "veranderden worden getoond" in changed.text
    )


def test_the_builders_map_is_kept_until_the_data_changes(
    country_with_mdi, django_assert_max_num_queries
):
    url = URL + "&what=map&export=geojson"
    first = country_with_mdi.get(url, headers={"accept-encoding": "gzip"})
    assert first.status_code == 200
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.headers["Content-Disposition"].endswith('.geojson"')
    data = gzip.decompress(first.content)
    deciles = {
        f["properties"]["code"]: f["properties"]["value"] for f in json.loads(data)["features"]
    }
    expected = _library_index()["decile"]
    assert deciles == {code: int(d) for code, d in expected.items()}
    # kept: neither the figures nor the outlines are read again
    with django_assert_max_num_queries(8):
        again = country_with_mdi.get(url, headers={"accept-encoding": "gzip"})
    assert again.content == first.content
    etag = again.headers["ETag"]
    assert country_with_mdi.get(url, headers={"if-none-match": etag}).status_code == 304
    # a figure changed through a save: the map is computed again
    observation = Observation.objects.get(
        area__code="BU90000100", indicator__code="low_income_households"
    )
    observation.value = 1000.0
    observation.save()
    changed = country_with_mdi.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    # another weight is another map
    other = country_with_mdi.get(url + "&submitted=1&weight_income=60")
    assert other.headers["ETag"] != changed.headers["ETag"]


def test_the_sensitivity_takes_a_result_computed_already():
    rng = random.Random(3)
    definition = default_mdi()
    data = pd.DataFrame(
        {c: [rng.uniform(0, 100) for _ in range(120)] for c in definition.columns},
        index=[f"BU{i:04d}" for i in range(120)],
    )
    result = compute_index(data, definition)
    pd.testing.assert_frame_equal(
        sensitivity(data, definition, 5.0, result=result), sensitivity(data, definition, 5.0)
    )


def test_the_builders_map_of_the_country_is_built_with_the_countrys_maps(
    country_with_mdi, monkeypatch
):
    from kansen.web.areas import mapcache
    from kansen.web.deprivation import selectors

    built = mapcache.prepare_national()
    assert len(built) == 3 * 2 * 2 + 2 * 2  # the explorer's 3 levels, the builder's buurten
    assert mapcache.prepare_national() == []  # built once per version of the data

    def no_computing(*args, **kwargs):
        raise AssertionError("the index was computed on the request")

    monkeypatch.setattr(selectors, "compute", no_computing)
    for query in ("", "scope=NL"):  # the page as the menu opens it, and at the country's scope
        for language in ("nl", "en"):
            response = country_with_mdi.get(
                f"/gebieden/index/?{query}&what=map&export=geojson",
                headers={"accept-language": language},
            )
            assert response.status_code == 200
            assert len(response.json()["features"]) == 250
