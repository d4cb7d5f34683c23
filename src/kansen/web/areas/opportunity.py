"""Loading disclosed outcomes by parental income (the kansenkaart) as indicators.

The platform takes only the disclosed table that ``kansen opportunity run`` writes
(:data:`kansen.opportunity.PUBLISHED_COLUMNS`): never pupil-level data. A file that looks like
microdata, or whose counts are not rounded, or whose suppressed cells carry numbers, is
refused whole. Every (outcome, income band, subgroup) becomes an indicator, in percent, with
its 95% interval and the (rounded) number of pupils; a suppressed cell keeps its reason.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from django.utils.text import slugify

from kansen.io import ImportRejected, Problem, area_level
from kansen.opportunity import INCOME_BANDS, PUBLISHED_COLUMNS, PUPIL_SCHEMA
from kansen.web.accounts.models import Municipality, User

from .constants import Direction, Domain, ImportKind
from .models import ImportRun, Indicator, Observation
from .services import Source, _check_territory, _Checked, _ensure_areas, _readable, _recorded_import

#: What each outcome is called, and which way is better.
OUTCOMES: dict[str, tuple[str, str]] = {
    "under_advice": ("Onderadvisering", Direction.HIGHER_IS_WORSE),
    "over_advice": ("Overadvisering", ""),
    "at_least_havo": ("Minstens havo-advies", Direction.HIGHER_IS_BETTER),
}
BAND_LABELS = {band.name: band.label_nl for band in INCOME_BANDS}
BAND_ORDER = [band.name for band in INCOME_BANDS]
#: Why a cell is suppressed, in the words the public reads.
REASONS_NL: dict[str, str] = {
    "n_below_mean_minimum": "te weinig leerlingen voor een gemiddelde",
    "n_below_regression_minimum": "te weinig leerlingen voor een schatting",
    "few_with_outcome": "te weinig leerlingen met deze uitkomst",
    "few_without_outcome": "te weinig leerlingen zonder deze uitkomst",
    "zero_estimate": "de schatting is precies 0",
    "not_estimable": "niet te schatten",
    "complementary": "afgeschermd zodat een andere afgeschermde cel niet terug te rekenen is",
}
SOURCE = "Kansenkaart-methode op leerlinggegevens (kansen.opportunity), na afscherming"
REQUIRED = (
    "year",
    "level",
    "area_code",
    "band",
    "outcome",
    "published",
    "status",
    "n",
    "estimate",
    "ci_low",
    "ci_high",
    "suppression_reason",
)
_PUPIL_COLUMNS = {c.name for c in PUPIL_SCHEMA} - set(PUBLISHED_COLUMNS)
_SUM_COLUMNS = {"sum_x", "sum_y", "sum_xy", "sum_xx", "sum_yy"}


def _read(data: bytes, filename: str) -> pd.DataFrame:
    if data[:4] == b"PAR1":
        return pd.read_parquet(io.BytesIO(data))
    return pd.read_csv(
        io.BytesIO(data), dtype={"area_code": str, "suppression_reason": str}, keep_default_na=True
    )


def check_disclosed(frame: pd.DataFrame, filename: str) -> list[Problem]:
    """Every reason the table is not a disclosed result the platform may store."""
    problems: list[Problem] = []
    columns = set(frame.columns)
    pupil = sorted((columns & _PUPIL_COLUMNS) | (columns & _SUM_COLUMNS))
    if pupil:
        problems.append(
            Problem(
                filename,
                None,
                ", ".join(pupil),
                "this looks like pupil-level data or raw sums; the platform never stores those",
                "the disclosed table written by `kansen opportunity run` "
                f"(columns {', '.join(PUBLISHED_COLUMNS)})",
            )
        )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(
            Problem(
                filename,
                1,
                ", ".join(missing),
                "columns are missing",
                f"the columns {', '.join(REQUIRED)}",
            )
        )
    if problems:
        return problems
    for number, row in enumerate(frame.to_dict("records"), start=2):
        published = bool(row["published"])
        if published and (pd.isna(row["n"]) or int(row["n"]) % 10):
            problems.append(
                Problem(
                    filename,
                    number,
                    "n",
                    f"count {row['n']} is not rounded to 10",
                    "published counts rounded to the nearest 10",
                )
            )
        if not published and not pd.isna(row["estimate"]):
            problems.append(
                Problem(
                    filename,
                    number,
                    "estimate",
                    "a suppressed cell carries an estimate",
                    "no numbers in suppressed cells",
                )
            )
        if row["outcome"] not in OUTCOMES:
            problems.append(
                Problem(
                    filename,
                    number,
                    "outcome",
                    f"unknown outcome {row['outcome']!r}",
                    f"one of {', '.join(OUTCOMES)}",
                )
            )
        if row["band"] not in BAND_LABELS:
            problems.append(
                Problem(
                    filename,
                    number,
                    "band",
                    f"unknown band {row['band']!r}",
                    f"one of {', '.join(BAND_LABELS)}",
                )
            )
    return problems


def indicator_code(row: Mapping[Any, Any]) -> str:
    code = f"opp_{row['outcome']}_{row['band']}"
    subgroup = row.get("subgroup")
    if subgroup and not pd.isna(subgroup) and subgroup != "all":
        code += "_" + slugify(f"{subgroup}-{row.get('subgroup_value', '')}").replace("-", "_")
    return code


def indicator_name(row: Mapping[Any, Any]) -> str:
    name = f"{OUTCOMES[row['outcome']][0]}, {BAND_LABELS[row['band']]}"
    subgroup = row.get("subgroup")
    if subgroup and not pd.isna(subgroup) and subgroup != "all":
        name += f" ({subgroup}: {row.get('subgroup_value', '')})"
    return name


def _note(row: Mapping[Any, Any]) -> str:
    reasons = [
        r
        for r in str(row.get("suppression_reason") or "").replace(",", ";").split(";")
        if r.strip()
    ]
    text = "; ".join(REASONS_NL.get(r.strip(), r.strip()) for r in reasons)
    return f"onvoldoende waarnemingen: {text}" if text else "onvoldoende waarnemingen"


def import_opportunity_results(
    source: Source,
    *,
    filename: str,
    municipality: Municipality | None,
    user: User | None = None,
    publish: bool = False,
) -> ImportRun:
    """Load a disclosed opportunity table (Parquet or CSV) as indicators. All-or-nothing."""

    def read() -> _Checked[pd.DataFrame]:
        data = _readable(source)
        frame = _read(data if isinstance(data, bytes) else Path(data).read_bytes(), filename)
        problems = check_disclosed(frame, filename)
        if problems:
            raise ImportRejected(problems)
        warnings = []
        other = frame[~frame["level"].isin(["gemeente", "wijk", "buurt"])]
        if len(other):
            warnings.append(
                Problem(
                    filename,
                    None,
                    "level",
                    f"{len(other)} cells of levels "
                    f"{', '.join(sorted(set(other['level'])))} are not areas "
                    "of the platform and were skipped",
                    severity="warning",
                )
            )
        frame = frame[frame["level"].isin(["gemeente", "wijk", "buurt"])].reset_index(drop=True)
        frame["area_code"] = frame["area_code"].astype(str).str.strip()
        territory = _check_territory(
            ((i + 2, c) for i, c in enumerate(frame["area_code"])),
            municipality,
            user,
            filename,
            "area_code",
        )
        if territory:
            raise ImportRejected(territory)
        return _Checked(frame, warnings)

    def write(frame: pd.DataFrame, run: ImportRun) -> dict[str, Any]:
        wanted = {
            (code, int(year)): (None, "")
            for code, year in frame[["area_code", "year"]].drop_duplicates().itertuples(index=False)
        }
        areas, created = _ensure_areas(wanted, filename, run)
        records = frame.to_dict("records")
        indicators: dict[str, Indicator] = {}
        for row in records:
            code = indicator_code(row)
            if code in indicators:
                continue
            indicator, _ = Indicator.objects.update_or_create(
                municipality=municipality,
                code=code,
                defaults={
                    "name": indicator_name(row),
                    "unit": "%",
                    "domain": Domain.EDUCATION,
                    "direction": OUTCOMES[row["outcome"]][1],
                    "source": SOURCE,
                    "definition": "Aandeel leerlingen, geschat met de Kansenkaart-methode; bij "
                    "een inkomensgroep de voorspelling van de regressielijn op het midden van "
                    "de groep, met 95%-betrouwbaarheidsinterval.",
                },
            )
            if publish and not indicator.is_public:
                indicator.is_public = True
                indicator.save(update_fields=["is_public"])
            indicators[code] = indicator
        Observation.objects.filter(
            indicator__in=indicators.values(), area__in=list(areas.values())
        ).delete()
        suppressed = 0
        objects = []
        for row in records:
            published = bool(row["published"])
            suppressed += not published
            objects.append(
                Observation(
                    indicator=indicators[indicator_code(row)],
                    area=areas[(row["area_code"], int(row["year"]))],
                    year=int(row["year"]),
                    value=round(float(row["estimate"]) * 100, 4) if published else None,
                    lower=round(float(row["ci_low"]) * 100, 4) if published else None,
                    upper=round(float(row["ci_high"]) * 100, 4) if published else None,
                    count=int(row["n"]) if published and not pd.isna(row["n"]) else None,
                    status="ok" if published else "suppressed",
                    note="" if published else _note(row),
                    import_run=run,
                )
            )
        Observation.objects.bulk_create(objects, batch_size=1000)
        return {
            "cells": len(records),
            "published": len(records) - suppressed,
            "suppressed": suppressed,
            "indicators": sorted(indicators),
            "areas_created": created,
            "levels": sorted({area_level(c) for c, _ in wanted}),
        }

    return _recorded_import(
        kind=ImportKind.OPPORTUNITY,
        filename=filename,
        municipality=municipality,
        user=user,
        read=read,
        write=write,
    )
