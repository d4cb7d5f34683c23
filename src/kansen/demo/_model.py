"""The data model of the synthetic municipality: areas, indicators, schools and the whole town."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import pandas as pd
import shapely
from pyproj import Transformer
from shapely import Polygon
from shapely.geometry.base import BaseGeometry

AreaLevel = Literal["gemeente", "wijk", "buurt"]
Domain = Literal["income", "work", "health", "education", "housing", "safety", "living_environment"]
Direction = Literal["higher_is_worse", "higher_is_better"]
Status = Literal["ok", "suppressed", "missing"]

#: Observation columns, in order.
OBSERVATION_COLUMNS = ("area_code", "year", "indicator_code", "value", "status")


@cache
def _rd_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    """Transform a geometry from the Dutch grid (EPSG:28992) to longitude/latitude (EPSG:4326).

    Parameters
    ----------
    geometry : shapely geometry
        Coordinates in metres in Rijksdriehoeksstelsel / Amersfoort RD New.

    Returns
    -------
    shapely geometry
        The same geometry with (longitude, latitude) coordinates.
    """
    return shapely.transform(geometry, _rd_to_wgs84().transform, interleaved=False)


@dataclass(frozen=True)
class DemoArea:
    """A gemeente (municipality), wijk (district) or buurt (neighbourhood) of Demostad.

    Attributes
    ----------
    code : str
        CBS-style code: ``GM9999``, ``WK9999NN`` or ``BU9999NNMM``.
    name : str
        Dutch name.
    level : {"gemeente", "wijk", "buurt"}
        Level in the CBS hierarchy.
    parent_code : str or None
        Code of the wijk (for a buurt) or gemeente (for a wijk); None for the gemeente.
    geometry_rd : shapely.Polygon
        Boundary in EPSG:28992 (metres), on a 0.01 m grid.
    population : int
        Number of inhabitants in the latest year.
    """

    code: str
    name: str
    level: AreaLevel
    parent_code: str | None
    geometry_rd: Polygon
    population: int

    @property
    def geometry_wgs84(self) -> BaseGeometry:
        """The boundary in EPSG:4326 (longitude, latitude), for web maps."""
        return to_wgs84(self.geometry_rd)


@dataclass(frozen=True)
class DemoIndicator:
    """An indicator with its metadata, as the platform stores it.

    Attributes
    ----------
    code : str
        Snake-case English identifier, e.g. ``"low_income_households"``.
    name_nl, name_en : str
        Dutch and English label.
    unit : str
        ``"%"``, ``"per 1,000 inhabitants"``, ``"euro"``, ``"count"``, ``"index"``, ...
    domain : str or None
        Multi Deprivation Index domain; None for context figures such as population.
    direction : {"higher_is_worse", "higher_is_better"} or None
        None for context figures.
    source : str
        Where the figure comes from.
    definition : str
        One sentence defining the figure.
    decimals : int
        Number of decimals the figure is published with.
    """

    code: str
    name_nl: str
    name_en: str
    unit: str
    domain: Domain | None
    direction: Direction | None
    source: str
    definition: str
    decimals: int = 1

    @property
    def column_header(self) -> str:
        """The column header in the StatLine-style CSV: ``"<name_nl> (<unit>)"``."""
        return f"{self.name_nl} ({self.unit})"

    @property
    def aggregation(self) -> Literal["sum", "population_weighted_mean"]:
        """How wijk and gemeente values follow from buurt values."""
        return "sum" if self.unit == "aantal" else "population_weighted_mean"


@dataclass(frozen=True)
class DemoSchool:
    """A secondary-school location (vestiging) in Demostad.

    Attributes
    ----------
    brin : str
        Fictional BRIN number of the school board's school, e.g. ``"99AA"``.
    location_code : str
        BRIN plus a two-digit location number, e.g. ``"99AA00"``.
    name : str
        Name of the location.
    levels : str
        ``"havo/vwo"``, ``"vmbo"`` or ``"vmbo/havo/vwo"``.
    offers_havo_vwo : bool
        Whether pupils can follow havo or vwo at this location.
    x, y : float
        Location in EPSG:28992, whole metres.
    area_code : str
        Code of the buurt containing the location.
    postcode : str
        Fictional postcode, ``"9912 AB"``.
    """

    brin: str
    location_code: str
    name: str
    levels: str
    offers_havo_vwo: bool
    x: float
    y: float
    area_code: str
    postcode: str

    @property
    def lon_lat(self) -> tuple[float, float]:
        """The location as (longitude, latitude) in EPSG:4326, for web maps."""
        lon, lat = _rd_to_wgs84().transform(self.x, self.y)
        return float(lon), float(lat)


@dataclass
class Demostad:
    """The synthetic municipality: areas, indicator metadata, observations and schools.

    Attributes
    ----------
    municipality_code, municipality_name : str
        ``"GM9999"`` and ``"Demostad"``.
    areas : list of DemoArea
        The gemeente, then each wijk followed by its buurten, in code order.
    indicators : list of DemoIndicator
        Context figures first, then the indicators of each deprivation domain.
    observations : pandas.DataFrame
        Long table with columns ``area_code``, ``year``, ``indicator_code``, ``value`` (float,
        NaN unless status is ``"ok"``) and ``status`` (``"ok"``, ``"suppressed"``, ``"missing"``);
        one row per area, year and indicator.
    schools : list of DemoSchool
        Secondary-school locations.
    years : tuple of int
        The years with observations.
    seed : int
        The seed the town was built from.
    """

    municipality_code: str
    municipality_name: str
    areas: list[DemoArea]
    indicators: list[DemoIndicator]
    observations: pd.DataFrame
    schools: list[DemoSchool]
    years: tuple[int, ...]
    seed: int

    def area(self, code: str) -> DemoArea:
        """Return the area with this code (KeyError if there is none)."""
        for area in self.areas:
            if area.code == code:
                return area
        raise KeyError(f"no Demostad area with code {code!r}")

    def children(self, code: str) -> list[DemoArea]:
        """Return the areas whose parent is ``code`` (wijken of the gemeente, buurten of a wijk)."""
        return [area for area in self.areas if area.parent_code == code]

    def indicator(self, code: str) -> DemoIndicator:
        """Return the indicator with this code."""
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(f"no Demostad indicator with code {code!r}")

    @property
    def gemeente(self) -> DemoArea:
        """The municipality itself."""
        return self.area(self.municipality_code)

    @property
    def wijken(self) -> list[DemoArea]:
        """The districts, in code order."""
        return [area for area in self.areas if area.level == "wijk"]

    @property
    def buurten(self) -> list[DemoArea]:
        """The neighbourhoods, in code order."""
        return [area for area in self.areas if area.level == "buurt"]

    def values(self, indicator_code: str, year: int) -> pd.Series:
        """Values of one indicator in one year, indexed by area code (NaN unless status ok)."""
        obs = self.observations
        rows = obs[(obs["indicator_code"] == indicator_code) & (obs["year"] == year)]
        if rows.empty:
            raise KeyError(f"no observations for {indicator_code!r} in {year}")
        return rows.set_index("area_code")["value"]
