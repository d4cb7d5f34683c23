"""A municipality's analyst sees its areas' deciles in the national index: the same index over
every area of the level in the country, by the national figures only."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pandas as pd
import pytest

from kansen.index import Indicator as IndexIndicator
from kansen.index import compute_index, default_mdi
from kansen.web.accounts.constants import Role
from kansen.web.areas import services
from kansen.web.areas.models import Indicator

from ..factories import SavedIndexFactory
from ..html import parse, text
from .test_provinces import _client, country  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _definition(code: str):
    mdi = default_mdi()
    income = replace(
        mdi.domains[0],
        weight=100.0,
        indicators=(IndexIndicator(code=code, direction="higher_is_worse", label="Laag inkomen"),),
    )
    return replace(mdi, name="Laag inkomen", domains=(income,), missing=("drop",))


def test_the_analyst_sees_its_decile_in_the_national_index(country):  # noqa: F811
    national = Indicator.objects.get(municipality=None)
    definition = _definition(national.code)
    saved = SavedIndexFactory(
        municipality=country, name="Laag inkomen", definition=json.loads(definition.to_json())
    )
    client = _client(municipality=country, role=Role.ANALYST)
    query = f"level=gemeente&base=index:{saved.pk}"
    plain = client.get(f"/gebieden/index/?{query}")
    assert plain.context["in_country"] is None
    link = parse(plain).xpath("//a[text()='Toon het deciel van elk gebied in het land']/@href")
    assert link == [f"?level=gemeente&base=index%3A{saved.pk}&in_country=1"]
    response = client.get(f"/gebieden/index/?{query}&in_country=1")
    # the library's own computation over the national figures of the five municipalities
    frame = pd.DataFrame(
        {national.code: [14.0, 8.0, 12.5, float("nan"), 20.0]},
        index=["GM0014", "GM0307", "GM0344", "GM0345", "GM0363"],
    )
    expected = compute_index(frame, definition, year=2024)
    assert response.context["in_country"] == {"n": expected.n, "error": ""}
    [row] = response.context["ranking"]
    assert row["code"] == "GM0344"
    # 12.5 is the third worst of 20.0, 14.0, 12.5 and 8.0
    assert row["country_rank"] == int(expected.frame["rank"]["GM0344"]) == 3
    assert row["country_decile"] == math.ceil(10 * 3 / expected.n)
    table = parse(response).xpath("//table[contains(@class, 'index-ranking')]")[0]
    headers = [text(th) for th in table.xpath(".//th[@scope='col']")]
    assert headers[4:6] == ["Rang in het land", "Deciel in het land"]


def test_the_country_reads_national_figures_only(country):  # noqa: F811
    """A figure of Utrecht's own, without a national one of its code, has values for Utrecht
    alone: the national index does not rank the country on it (it would rank Utrecht against
    areas without figures), and says which figure it lacks."""
    services.import_values(
        b'"Perioden";"Regiocode";"Eigen meting (%)"\n"2024";"GM0344";"99"\n',
        filename="eigen.csv",
        municipality=country,
    )
    own = Indicator.objects.get(municipality=country, name="Eigen meting")
    saved = SavedIndexFactory(
        municipality=country,
        name="Eigen meting",
        definition=json.loads(_definition(own.code).to_json()),
    )
    client = _client(municipality=country, role=Role.ANALYST)
    response = client.get(f"/gebieden/index/?level=gemeente&base=index:{saved.pk}&in_country=1")
    assert response.context["ranking"][0]["code"] == "GM0344"
    assert response.context["in_country"] == {
        "n": 0,
        "error": f"Van deze indicatoren zijn geen cijfers die u mag zien: {own.code}",
    }
    assert "country_rank" not in response.context["ranking"][0]
