"""Write Demostad to files in the formats the platform imports from the real world.

* ``demostad_gebieden_2024.geojson``: boundaries of the gemeente, wijken and buurten in
  EPSG:28992 with a declared ``crs`` member, as municipalities receive them from PDOK/CBS.
* ``demostad_kerncijfers.csv``: a CBS StatLine-style export (UTF-8 with BOM, ``;``, every field
  quoted, codes right-padded to 10 characters, numbers left-padded, decimal comma, ``.`` for
  suppressed and an empty field for missing values).
* ``demostad_indicatoren.csv``: the indicator metadata (plain CSV).
* ``demostad_scholen.csv``: secondary-school locations (plain CSV).

Files are byte-identical for the same Demostad: no timestamps, fixed ordering and formatting.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from shapely import Polygon
from shapely.geometry.polygon import orient

from kansen.demo._model import DemoIndicator, Demostad
from kansen.demo._peers import PEER_INDICATORS, build_peer_figures

GEOJSON_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
STATLINE_KEY_COLUMNS = ("Perioden", "Wijken en buurten", "Regiocode (gemeente, wijk, buurt) (code)")
#: Minimum width of a number field in the StatLine export (numbers are right-aligned).
STATLINE_NUMBER_WIDTH = 8
INDICATOR_COLUMNS = (
    "code",
    "column_header",
    "name_nl",
    "name_en",
    "unit",
    "domain",
    "direction",
    "source",
    "definition",
)
SCHOOL_COLUMNS = (
    "location_code",
    "brin",
    "name",
    "levels",
    "offers_havo_vwo",
    "x",
    "y",
    "postcode",
    "area_code",
)


@dataclass(frozen=True)
class DemoFiles:
    """Paths of the files written by :func:`write_demostad`.

    Attributes
    ----------
    areas_geojson : Path
        Boundaries of all areas (EPSG:28992).
    key_figures_csv : Path
        The indicator values in the shape of a CBS StatLine export.
    indicators_csv : Path
        The indicator metadata.
    schools_csv : Path
        The secondary-school locations.
    peers_csv : Path
        Gemeente key figures of Demostad and fictional municipalities (StatLine shape).
    """

    areas_geojson: Path
    key_figures_csv: Path
    indicators_csv: Path
    schools_csv: Path
    peers_csv: Path

    @property
    def all(self) -> tuple[Path, ...]:
        """All paths, in a fixed order."""
        return (
            self.areas_geojson,
            self.key_figures_csv,
            self.indicators_csv,
            self.schools_csv,
            self.peers_csv,
        )


def _rings(polygon: Polygon) -> list[list[list[float]]]:
    polygon = orient(polygon, sign=1.0)  # exterior counter-clockwise, as RFC 7946 asks
    rings = [polygon.exterior, *polygon.interiors]
    return [[[round(x, 2), round(y, 2)] for x, y in ring.coords] for ring in rings]


def _write_geojson(demo: Demostad, path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {
                "code": area.code,
                "naam": area.name,
                "niveau": area.level,
                "bevolking": area.population,
            },
            "geometry": {"type": "Polygon", "coordinates": _rings(area.geometry_rd)},
        }
        for area in demo.areas
    ]
    head = {"type": "FeatureCollection", "name": path.stem, "crs": GEOJSON_CRS}
    lines = [json.dumps(feature, ensure_ascii=False) for feature in features]
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n'
    text += ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def _statline_number(value: float, status: str, indicator: DemoIndicator) -> str:
    if status == "missing":
        return ""
    if status == "suppressed" or np.isnan(value):
        return "."
    return f"{value:.{indicator.decimals}f}".replace(".", ",")


def _write_key_figures(demo: Demostad, path: Path) -> None:
    obs = demo.observations
    columns = [obs[name] for name in ("year", "area_code", "indicator_code", "value", "status")]
    cell = {
        (year, area, ind): (value, status)
        for year, area, ind, value, status in zip(*columns, strict=True)
    }
    header = [*STATLINE_KEY_COLUMNS, *(ind.column_header for ind in demo.indicators)]
    rows = []
    for year in demo.years:
        for area in demo.areas:
            cells = [
                _statline_number(*cell[(year, area.code, ind.code)], ind) for ind in demo.indicators
            ]
            rows.append([str(year), area.name, area.code.ljust(10), *cells])
    _write_statline(path, header, rows)


def _write_statline(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write cells as CBS StatLine exports them: BOM, ';', all quoted, numbers padded."""
    # Numbers are right-aligned in a column of fixed width; missing stays empty.
    for column in range(len(STATLINE_KEY_COLUMNS), len(header)):
        width = max(STATLINE_NUMBER_WIDTH, *(len(row[column]) for row in rows))
        for row in rows:
            if row[column]:
                row[column] = row[column].rjust(width)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_indicators(demo: Demostad, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(INDICATOR_COLUMNS)
        for ind in demo.indicators:
            writer.writerow(
                [
                    ind.code,
                    ind.column_header,
                    ind.name_nl,
                    ind.name_en,
                    ind.unit,
                    ind.domain or "",
                    ind.direction or "",
                    ind.source,
                    ind.definition,
                ]
            )


def _write_schools(demo: Demostad, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SCHOOL_COLUMNS)
        for school in demo.schools:
            writer.writerow(
                [
                    school.location_code,
                    school.brin,
                    school.name,
                    school.levels,
                    "true" if school.offers_havo_vwo else "false",
                    f"{school.x:.0f}",
                    f"{school.y:.0f}",
                    school.postcode,
                    school.area_code,
                ]
            )


def _write_peers(demo: Demostad, path: Path) -> None:
    figures = build_peer_figures(demo)
    indicators = [demo.indicator(code) for code in PEER_INDICATORS]
    header = [*STATLINE_KEY_COLUMNS, *(ind.column_header for ind in indicators)]
    year = str(demo.years[-1])
    rows = [
        [year, str(row["name"]), str(code).ljust(10)]
        + [_statline_number(float(row[ind.code]), "ok", ind) for ind in indicators]
        for code, row in figures.iterrows()
    ]
    _write_statline(path, header, rows)


def write_demostad(demo: Demostad, folder: Path) -> DemoFiles:
    """Write Demostad as the real-world files the platform's importers read.

    Parameters
    ----------
    demo : Demostad
        The town, from :func:`build_demostad`.
    folder : Path
        Where to write; created if it does not exist. Existing files are overwritten.

    Returns
    -------
    DemoFiles
        The paths written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kansen.demo import build_demostad, write_demostad
    >>> files = write_demostad(build_demostad(), Path(tempfile.mkdtemp()))
    >>> [path.name for path in files.all]  # doctest: +NORMALIZE_WHITESPACE
    ['demostad_gebieden_2024.geojson', 'demostad_kerncijfers.csv', 'demostad_indicatoren.csv',
     'demostad_scholen.csv', 'kerncijfers_gemeenten.csv']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = DemoFiles(
        areas_geojson=folder / f"demostad_gebieden_{demo.years[-1]}.geojson",
        key_figures_csv=folder / "demostad_kerncijfers.csv",
        indicators_csv=folder / "demostad_indicatoren.csv",
        schools_csv=folder / "demostad_scholen.csv",
        peers_csv=folder / "kerncijfers_gemeenten.csv",
    )
    _write_geojson(demo, files.areas_geojson)
    _write_key_figures(demo, files.key_figures_csv)
    _write_indicators(demo, files.indicators_csv)
    _write_schools(demo, files.schools_csv)
    _write_peers(demo, files.peers_csv)
    return files
