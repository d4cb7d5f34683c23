"""The national reading of deprivation on the real CBS key figures of the 345 municipalities of
2022 (``../shared/data/nl``), imported as the platform administrator imports national figures:
the register ranks them as the library ranks the file (skipped where the file is absent; not
run in CI: the ``shared_data`` marker)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kansen.index import KWB_2022_MDI, compute_index, read_kwb_2022
from kansen.web.areas import services
from kansen.web.practices import deprivation, selectors

from ..factories import MunicipalityFactory
from .factories import PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def shared_data_dir() -> Path:
    configured = os.environ.get("KANSEN_SHARED_DATA")
    return Path(configured) if configured else Path(__file__).resolve().parents[4] / "shared/data"


def test_the_real_key_figures_of_2022_rank_the_country():
    path = shared_data_dir() / "nl" / "gemeenten_2022_kwb_wgs84.geojson"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the real public data is not beside this clone")
    table = read_kwb_2022(path)[list(KWB_2022_MDI.columns)]
    lines = [";".join(f'"{c}"' for c in ["Perioden", "Regiocode", *table.columns])]
    for code, row in table.iterrows():
        cells = ["." if row[c] != row[c] else f"{row[c]:.6f}".replace(".", ",") for c in table]
        lines.append(";".join(f'"{v}"' for v in ["2022", code, *cells]))
    services.import_values(
        "\n".join(lines).encode(), filename="kwb_2022.csv", municipality=None, publish=True
    )
    deprivation.clear()
    national = deprivation.national_deciles()
    assert national is not None
    expected = compute_index(table, KWB_2022_MDI, year=2022).frame["decile"]
    assert (national.year, national.ranked, national.country) == (2022, 345, 342)
    assert national.deciles == {str(c): int(d) for c, d in expected.items()}
    # Bloemendaal: 342nd of 345 on income, 34th on work, decile 6 (kansen.index._nl_kwb)
    assert national.deciles["GM0377"] == 6
    most = sorted(c for c, d in national.deciles.items() if d == 1)
    municipality = MunicipalityFactory(code=most[0], slug="eerste", name="Eerste")
    PracticeFactory(municipality=municipality, title="In de eerste tiende", published=True)
    PracticeFactory(municipality=MunicipalityFactory(code="GM0377"), published=True)
    found = selectors.search("", {"achterstand_nl": ["10"]})
    assert [p.title for p in found.practices] == ["In de eerste tiende"]
    deprivation.clear()
