"""The real national files of ../shared/data/nl through the web import page as the platform
administrator, and the national map for the ministry (skipped where the files are absent; not
run in CI: the ``shared_data`` marker)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kansen.index import KWB_2022_MDI, compute_index, read_kwb_2022
from kansen.web.accounts.constants import Role
from kansen.web.areas.models import Area, ImportRun, Indicator

from ..factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


@pytest.fixture
def nl_data() -> Path:
    configured = os.environ.get("KANSEN_SHARED_DATA")
    root = Path(configured) if configured else Path(__file__).resolve().parents[4] / "shared/data"
    if not (root / "nl" / "wijken_2024_wgs84.geojson").is_file():
        pytest.skip(f"{root / 'nl'} is absent: the real public data is not beside this clone")
    return root / "nl"


def _upload(client: Client, kind: str, path: Path | None, year: int, content: bytes = b"") -> int:
    name = path.name if path else "kerncijfers_2022.csv"
    data = {
        "kind": kind,
        "year": year,
        "publish": "on",
        "file": SimpleUploadedFile(name, path.read_bytes() if path else content),
    }
    response = client.post("/gebieden/importeren/?scope=NL", data)
    assert response.status_code == 302, response.content[:3000]
    return ImportRun.objects.get(filename=name).pk


def test_the_country_imported_from_the_web_and_shown_to_the_ministry(nl_data):
    admin = Client(headers={"accept-language": "nl"})
    UserFactory(username="beheer", municipality=None, role="", is_staff=True, is_superuser=True)
    admin.login(username="beheer", password=PASSWORD)
    municipalities = nl_data / "gemeenten_2022_kwb_wgs84.geojson"
    _upload(admin, "boundaries", municipalities, 2022)
    assert Area.objects.filter(year=2022, level="gemeente").count() == 345
    # two of the key figures in the file, as a table of national figures
    features = json.loads(municipalities.read_text(encoding="utf-8"))["features"]
    rows = ['"Perioden";"Regiocode";"Huishoudens rond sociaal minimum (%)"']
    rows += [
        f'"2022";"{p["gemeentecode"]}";"{p["pct_rond_sociaal_min"]}"'
        for p in (f["properties"] for f in features)
        if p["gemeentecode"] != "GM0998" and p.get("pct_rond_sociaal_min") is not None
    ]
    _upload(admin, "values", None, 2022, "\n".join(rows).encode())
    indicator = Indicator.objects.get()
    assert (indicator.municipality, indicator.is_public) == (None, True)

    wijken = _upload(admin, "boundaries", nl_data / "wijken_2024_wgs84.geojson", 2024)
    run = ImportRun.objects.get(pk=wijken)
    assert Area.objects.filter(year=2024, level="wijk").count() == 3474
    placed = sum(e["children"] for e in run.summary["parents_from_earlier_year"])
    # Voorne aan Zee (GM1992) was formed in 2023: its 18 wijken have no municipality of 2022
    assert run.summary["without_parent"] == [{"parent": "GM1992", "year": 2024, "children": 18}]
    assert placed == 3474 - 18
    assert {e["year"] for e in run.summary["parents_from_earlier_year"]} == {2022}
    report = admin.get(f"/gebieden/importeren/{wijken}/").text
    assert "18 gebieden hebben geen bovenliggend gebied: GM1992" in report

    ministry = Client(headers={"accept-language": "nl"})
    UserFactory(username="ministerie", municipality=None, role=Role.NATIONAL)
    ministry.login(username="ministerie", password=PASSWORD)
    page = ministry.get("/gebieden/?scope=NL&level=gemeente&year=2022")
    assert page.status_code == 200
    assert len(page.content) < 1_000_000
    assert page.context["ranking_total"] == 345
    assert len(page.context["ranking"]) == 100
    data = ministry.get(f"/gebieden/kaart.geojson?{page.context['query']}").json()
    assert len(data["features"]) == 345
    wijk_map = ministry.get("/gebieden/kaart.geojson?scope=NL&level=wijk&year=2024").json()
    assert len(wijk_map["features"]) == 3474


def test_the_countrys_index_and_allocation_for_the_ministry(nl_data):
    """The CBS key figures of the 345 municipalities imported from the web page as national
    figures: the ministry's index builder offers the key-figure MDI, ranks all 345 in deciles
    of 34-35 as the library ranks the file, and the allocation splits a budget over all 345."""
    admin = Client(headers={"accept-language": "nl"})
    UserFactory(username="beheer", municipality=None, role="", is_staff=True, is_superuser=True)
    admin.login(username="beheer", password=PASSWORD)
    municipalities = nl_data / "gemeenten_2022_kwb_wgs84.geojson"
    _upload(admin, "boundaries", municipalities, 2022)
    table = read_kwb_2022(municipalities)[list(KWB_2022_MDI.columns)]
    table = table.assign(population=table["aantal_inwoners"])
    lines = [";".join(f'"{c}"' for c in ["Perioden", "Regiocode", *table.columns])]
    for code, row in table.iterrows():
        cells = ["." if row[c] != row[c] else f"{row[c]:.6f}".replace(".", ",") for c in table]
        lines.append(";".join(f'"{v}"' for v in ["2022", code, *cells]))
    _upload(admin, "values", None, 2022, "\n".join(lines).encode())

    ministry = Client(headers={"accept-language": "nl"})
    UserFactory(username="ministerie", municipality=None, role=Role.NATIONAL)
    ministry.login(username="ministerie", password=PASSWORD)
    query = "scope=NL&level=gemeente&year=2022&base=index:nl-kwb-2022"
    builder = ministry.get(f"/gebieden/index/?{query}")
    assert builder.status_code == 200
    assert len(builder.content) < 1_000_000
    assert (
        "index:nl-kwb-2022",
        "MDI van de CBS-kerncijfers van gemeenten, 2022",
    ) in builder.context["bases"]
    frame = builder.context["outcome"].result.frame
    expected = compute_index(table[list(KWB_2022_MDI.columns)], KWB_2022_MDI, year=2022).frame
    assert frame["decile"].to_dict() == expected["decile"].to_dict()
    sizes = frame["decile"].value_counts().to_dict()
    assert sorted(sizes) == list(range(1, 11))
    assert set(sizes.values()) <= {34, 35}
    assert sum(sizes.values()) == 345
    allocation = ministry.get(
        "/gebieden/verdelen/?scope=NL&level=gemeente&year=2022&need=index:nl-kwb-2022"
        "&budget=100000000"
    )
    assert allocation.status_code == 200
    assert allocation.context["page"].errors == []
    assert len(allocation.content) < 1_000_000
    shares = allocation.context["page"].allocation.shares
    assert len(shares) == 345
    assert sum(s.amount for s in shares) == Decimal("100000000.00")
    assert len(allocation.context["shares"]) == 100
