"""A Multi Deprivation Index for all Dutch municipalities from the CBS key figures of 2022.

The file ``nl/gemeenten_2022_kwb_wgs84.geojson`` (CBS/PDOK, CC BY 4.0, compiled and renamed by a
third party) has 346 features: the 345 municipalities of 1 January 2022 (Weesp still apart from
Amsterdam) and ``GM0998`` "Buitenland" (abroad), which :func:`read_kwb_2022` leaves out.
:data:`KWB_2022_MDI` follows source 002's domains and weights with what the file offers.

Indicator choice per domain
---------------------------
income (22.5)
    ``pct_rond_sociaal_min`` (households under or around the social minimum, %; higher is
    worse) and ``mediaan_vermogen`` (median household wealth, x 1,000 euro; higher is better):
    source 002's "poor households" and "household wealth".
work (22.5)
    ``arbeidsparticipatie`` (net labour participation, %; higher is better). The file has no
    long-term unemployment or incapacity-benefit figures.
health (13.5)
    ``zk_kosten_ggz`` (mental-health care costs per insured person) and ``zk_kosten_farmacie``
    (pharmacy costs per insured person), euro, higher is worse: stand-ins for mental-health
    medication and health. Costs are not health and are not age-standardised (older
    municipalities spend more on medicines); missing for 11 municipalities.
education (13.5)
    ``low_education`` = ``opl_laag / (opl_laag + opl_midden + opl_hoog)``: the ``opl_`` columns
    are *counts of persons* (adding up to about 75% of the inhabitants, the population aged
    15-75), not percentages as their neighbours are. No early-school-leaver figure.
housing (9.3)
    ``gem_woz_waarde`` (mean property value, x 1,000 euro; higher is better). No wish to move.
safety (9.3)
    ``violent_crime`` = (``cr_mishandeling`` + ``cr_bedreiging`` + ``cr_straatroof``) and
    ``property_crime`` = (``cr_inbraak_woning`` + ``cr_inbraak_bedrijven`` +
    ``cr_diefstal_fietsen`` + ``cr_diefstal_motor`` + ``cr_winkeldiefstal``) per inhabitant:
    the ``cr_`` columns are counts of registered crimes in 2022. Per inhabitant, municipalities
    with many visitors (city centres, beaches, shopping) look less safe than they are for their
    residents. Missing for Brielle, Hellevoetsluis, Westvoorne and Weesp (merged in 2022-2023).
    No traffic accidents.
living environment (9.3)
    ``vandalism`` = ``cr_vernieling`` per inhabitant (higher is worse) and ``pct_natuur``
    (share of land that is nature, %; higher is better). Land use is of 2017 (``bbg_peiljaar``)
    and missing for the 22 municipalities formed since. No heat stress.

What this index cannot say
--------------------------
Labour participation counts persons aged 15-75, pensioners included, and the health costs are
not age-standardised, so ageing municipalities look more deprived on work and health than they
are. Because the exponential transformation keeps one very deprived domain from being cancelled
by good ones, this one indicator can move a wealthy municipality to the middle: Bloemendaal ranks
342nd of 345 on income but 34th on work, and lands in decile 6. The index compares
municipalities, which hide large differences between their neighbourhoods.

Every domain scores its indicators as normal scores with equal weights. Missing values: the file
has no parent areas, so the remaining indicators of a domain are re-weighted, and where a whole
domain is missing (health for 11, safety for 4 municipalities) the other domains are; every such
area is listed in the result's missing-value report.

Figures that look odd (checked before choosing)
-----------------------------------------------
* ``opl_laag``, ``opl_midden``, ``opl_hoog`` are counts, not shares (see education).
* ``pct_rond_sociaal_min`` and ``arbeidsparticipatie`` are whole percents (13 and 22 distinct
  values), so many municipalities tie within these indicators.
* ``pct_huurcorporatie`` is 0 for Ameland and Renswoude although 33% and 26% of their homes are
  rented: probably suppressed, not zero. Not used.
* ``lbt_totaal_cultuurgrond_ha`` adds up to about 180 million ha against 3.4 million ha of land
  (``opp_land``): not hectares. ``cr_drugs_drank`` is 0 in 267 municipalities. Not used.
* ``zk_aantal_verzekerden`` is 0.75-1.29 times the number of inhabitants (Vaals lowest:
  cross-border insurance); costs are per insured person, so this does not bias them.
* ``bag_*`` columns are filled for 31 municipalities only, ``pct_stadsverwarming`` for 54.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ._definition import Domain, IndexDefinition, Indicator, ReferenceSet
from ._mdi import MDI_SOURCE

#: The feature that is not a municipality.
ABROAD_CODE = "GM0998"
_KWB = "CBS Kerncijfers wijken en buurten 2022 (CC BY 4.0), via PDOK"
_VIOLENT = ("cr_mishandeling", "cr_bedreiging", "cr_straatroof")
_PROPERTY = (
    "cr_inbraak_woning", "cr_inbraak_bedrijven", "cr_diefstal_fietsen", "cr_diefstal_motor",
    "cr_winkeldiefstal",
)  # fmt: skip
_EDUCATION = ("opl_laag", "opl_midden", "opl_hoog")


def _per_inhabitant(code: str, numerator: str, label: str) -> Indicator:
    return Indicator(
        code,
        "higher_is_worse",
        label=label,
        numerator=numerator,
        denominator="aantal_inwoners",
        source=f"{_KWB}; registered crimes 2022 (cr_jaar) per inhabitant",
    )


KWB_2022_MDI = IndexDefinition(
    name="Multi Deprivation Index, Dutch municipalities 2022",
    version="1",
    description=(
        "Source 002's domains and weights with the indicators the CBS key figures 2022 offer "
        "per municipality; see kansen.index._nl_kwb for the choice and its limits."
    ),
    source=f"{MDI_SOURCE}; indicators: {_KWB} (gemeenten_2022_kwb_wgs84.geojson)",
    ties="min",
    missing=("reweight", "error"),
    reference=ReferenceSet("Dutch municipalities on 1 January 2022 (without GM0998 Buitenland)"),
    domains=(
        Domain("income", 22.5, label="Inkomen", indicators=(
            Indicator("pct_rond_sociaal_min", "higher_is_worse", source=_KWB,
                      label="Households under or around the social minimum (%)"),
            Indicator("mediaan_vermogen", "higher_is_better", source=_KWB,
                      label="Median household wealth (x 1,000 euro)"),
        )),
        Domain("work", 22.5, label="Werk", indicators=(
            Indicator("arbeidsparticipatie", "higher_is_better", source=_KWB,
                      label="Net labour participation (%)"),
        )),
        Domain("health", 13.5, label="Gezondheid", indicators=(
            Indicator("zk_kosten_ggz", "higher_is_worse", source=f"{_KWB}; zk_jaar 2022",
                      label="Mental-health care costs per insured person (euro)"),
            Indicator("zk_kosten_farmacie", "higher_is_worse", source=f"{_KWB}; zk_jaar 2022",
                      label="Pharmacy costs per insured person (euro)"),
        )),
        Domain("education", 13.5, label="Opleiding", indicators=(
            Indicator("low_education", "higher_is_worse", numerator="opl_laag",
                      denominator="opl_totaal", source=_KWB,
                      label="Share with a low level of education (of persons 15-75 with a level)"),
        )),
        Domain("housing", 9.3, label="Huisvesting", indicators=(
            Indicator("gem_woz_waarde", "higher_is_better", source=_KWB,
                      label="Mean property value WOZ (x 1,000 euro)"),
        )),
        Domain("safety", 9.3, label="Veiligheid", indicators=(
            _per_inhabitant("violent_crime", "cr_geweld",
                            "Violent crimes (assault, threat, street robbery) per inhabitant"),
            _per_inhabitant("property_crime", "cr_vermogen",
                            "Property crimes (burglary, theft, shoplifting) per inhabitant"),
        )),
        Domain("living_environment", 9.3, label="Woonomgeving", indicators=(
            _per_inhabitant("vandalism", "cr_vernieling", "Vandalism per inhabitant"),
            Indicator("pct_natuur", "higher_is_better",
                      source="CBS Bodemgebruik 2017 (bbg_peiljaar), in the same file",
                      label="Share of land that is nature (%)"),
        )),
    ),
)  # fmt: skip


def read_kwb_2022(path: str | Path) -> pd.DataFrame:
    """Read the municipalities of ``gemeenten_2022_kwb_wgs84.geojson`` as a wide table.

    Parameters
    ----------
    path : str or Path
        The GeoJSON file; only the feature properties are read (with :mod:`json`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``gemeentecode`` in file order, without ``GM0998`` (Buitenland): the column
        ``gemeentenaam``, every numeric property as float, and the derived counts
        ``opl_totaal``, ``cr_geweld`` and ``cr_vermogen`` that :data:`KWB_2022_MDI` uses
        (NaN when any part is missing).
    """
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise ValueError(f"{path}: expected a GeoJSON FeatureCollection with a 'features' list")
    table = pd.DataFrame([feature.get("properties") or {} for feature in features])
    if "gemeentecode" not in table.columns:
        raise ValueError(f"{path}: expected a 'gemeentecode' property, got {list(table.columns)}")
    table = table[table["gemeentecode"] != ABROAD_CODE].set_index("gemeentecode")
    names = table[["gemeentenaam"]] if "gemeentenaam" in table.columns else table.iloc[:, :0]
    numbers = table.drop(columns=names.columns).apply(pd.to_numeric, errors="coerce")
    numbers = numbers.astype(np.float64)
    derived = {
        name: numbers[list(parts)].sum(axis=1, min_count=len(parts))
        for name, parts in (
            ("opl_totaal", _EDUCATION),
            ("cr_geweld", _VIOLENT),
            ("cr_vermogen", _PROPERTY),
        )
    }
    wide: pd.DataFrame = pd.concat([names, numbers, pd.DataFrame(derived)], axis=1)
    return wide
