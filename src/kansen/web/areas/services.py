"""Every write to areas, indicators and observations goes through here.

An import is all-or-nothing: the library reads and checks the whole file first
(:mod:`kansen.io`), then everything is written inside one transaction. A rejected file leaves
the database as it was and is recorded as a rejected :class:`ImportRun` with every problem.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

import shapely
from django.conf import settings
from django.db import transaction
from shapely.geometry import mapping, shape

from kansen.io import (
    AreaValues,
    Boundaries,
    Facilities,
    ImportRejected,
    Problem,
    area_level,
    cap_problems,
    municipality_code,
    parent_code,
    read_area_values,
    read_boundaries,
    read_facilities,
)
from kansen.web.accounts.models import Municipality, User
from kansen.web.core.uploads import read_limits

from .constants import LEVEL_DEPTH, ImportKind, ImportStatus
from .models import Area, Facility, ImportRun, Indicator, MapOutline, Observation
from .outlines import map_outlines
from .problems import platform_problem
from .versions import keys_of_areas, touch, touch_figures

logger = logging.getLogger(__name__)
#: One building of the country's maps at a time in a process (two imports one after another).
_preparing = threading.Lock()

Source = str | Path | bytes | IO[bytes]
T = TypeVar("T")


class ImportFailed(Exception):
    """A file was rejected; ``run`` records it with every problem."""

    def __init__(self, run: ImportRun, problems: list[Problem]) -> None:
        super().__init__(f"{run.filename}: {len(problems)} problem(s)")
        self.run = run
        self.problems = problems


def _problem_dicts(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(p) for p in problems]


def _capped(
    problems: Iterable[Problem], omitted: Iterable[tuple[Problem, int]] = ()
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The problems a run keeps in full, and a summary of the others (counts per kind).

    A file with a million bad rows would otherwise be stored, and shown, a million times.
    ``omitted`` are the kinds the reader only counted (the first of each, and how many).
    """
    every = list(problems)
    kept, counts = cap_problems(every, settings.KANSEN_IMPORT_PROBLEMS_KEPT)
    rows = [dataclasses.asdict(c) for c in counts]
    more = [(p, n) for p, n in omitted if n]
    for first, count in more:
        text = first.expected or first.message
        same = next((r for r in rows if (r["column"], r["kind"]) == (first.column, text)), None)
        if same is not None:
            same["count"] += count
        else:
            rows.append({"column": first.column, "kind": text, "count": count})
    if not rows:
        return _problem_dicts(kept), {}
    return _problem_dicts(kept), {
        "problems_total": len(every) + sum(n for _, n in more),
        "problems_errors": sum(p.severity == "error" for p in every)
        + sum(n for p, n in more if p.severity == "error"),
        "problem_counts": rows,
    }


def _record(
    *,
    municipality: Municipality | None,
    user: User | None,
    kind: str,
    filename: str,
    status: str,
    summary: Mapping[str, Any],
    problems: Iterable[Problem] = (),
    omitted: Iterable[tuple[Problem, int]] = (),
) -> ImportRun:
    kept, counts = _capped(problems, omitted)
    return ImportRun.objects.create(
        municipality=municipality,
        user=user if user is not None and user.pk else None,
        kind=kind,
        filename=filename[:255],
        status=status,
        summary={**summary, **counts},
        problems=kept,
    )


def _check_territory(
    codes: Iterable[tuple[int | None, str]],
    municipality: Municipality | None,
    user: User | None,
    filename: str,
    column: str,
    *,
    official: bool = False,
) -> list[Problem]:
    """Areas outside the importer's municipality are refused, except for platform admins.

    ``official``: an official CBS table, which a programme lead may load too (the role matrix's
    ``IMPORT_OFFICIAL_FIGURES``); any other file needs ``IMPORT_AREA_DATA``."""
    from kansen.web.accounts.permissions import Action, can

    if user is None or user.is_superuser:
        return []
    action = Action.IMPORT_OFFICIAL_FIGURES if official else Action.IMPORT_AREA_DATA
    if municipality is None or not can(user, action, municipality):
        return [platform_problem("import.not_allowed", filename, None, None)]
    return [
        platform_problem(
            "area.outside_municipality",
            filename,
            row,
            column,
            code=code,
            name=municipality.name,
            municipality=municipality.code,
        )
        for row, code in codes
        if municipality_code(code) != municipality.code
    ]


def _round_coordinates(geometry: shapely.Geometry) -> dict[str, Any]:
    # Six decimals of a degree is about 0.1 m: plenty for maps, a third of the size. The
    # precision reducer keeps the geometry valid where plain rounding could make it cross itself.
    return dict(mapping(shapely.set_precision(geometry, 1e-6)))


def _bbox(geometry: shapely.Geometry) -> list[float]:
    return [round(v, 6) for v in geometry.bounds]


def earlier_year_parents(codes: Iterable[str], year: int) -> dict[str, Area]:
    """The area of each code in the nearest year before ``year``, for codes that have one.

    Only the same code counts: a municipality that merged or was renumbered has a new code,
    and no area is ever made up for it.
    """
    found: dict[str, Area] = {}
    wanted = sorted(set(codes))
    if not wanted:
        return found
    # geometry is not needed to be a parent (and a country's outlines are large)
    for area in (
        Area.objects.filter(code__in=wanted, year__lt=year).defer("geometry").order_by("year")
    ):
        found[area.code] = area  # later years overwrite earlier ones: the nearest wins
    return found


class _AreaWriter:
    """Creates or updates the areas of one year, parents before children."""

    def __init__(
        self, year: int, filename: str, run: ImportRun | None, *, national: bool = False
    ) -> None:
        #: A national file (the platform administrator's): an area whose parent is not known in
        #: any year up to ``year`` (a municipality formed since the last municipality file) is
        #: kept without a parent, in its municipality by its code, and reported; never made up.
        self.national = national
        #: Parent code -> how many areas of the file were kept without it.
        self.without_parent: dict[str, int] = {}
        self.year = year
        self.filename = filename
        self.run = run
        self.by_code: dict[str, Area] = {}
        #: Parents not known for ``year`` but for an earlier year under the same code (CBS
        #: publishes wijken for years whose municipality file the user may not have loaded).
        self.earlier: dict[str, Area] = {}
        #: Parent code -> how many areas of the file were placed under its earlier-year area.
        self.earlier_used: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.created = 0
        self.updated = 0

    def load_existing(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        wanted |= {p for c in list(wanted) if (p := parent_code(c))}
        wanted |= {p for c in list(wanted) if (p := parent_code(c))}
        for area in Area.objects.filter(year=self.year, code__in=wanted):
            self.by_code[area.code] = area
        self.earlier = earlier_year_parents(wanted - self.by_code.keys(), self.year)

    def orphan_summary(self) -> list[dict[str, Any]]:
        """For the import report: each unknown parent, and how many areas were kept without it."""
        return [
            {"parent": code, "year": self.year, "children": n}
            for code, n in sorted(self.without_parent.items())
        ]

    def earlier_summary(self) -> list[dict[str, Any]]:
        """For the import report: each parent taken from an earlier year, and for how many."""
        return [
            {"parent": code, "year": self.earlier[code].year, "children": n}
            for code, n in sorted(self.earlier_used.items())
        ]

    def write(self, rows: list[tuple[int | None, str, dict[str, Any]]], column: str) -> None:
        """Write ``(row, code, fields)``; ``fields`` are the Area fields to set."""
        ordered = sorted(rows, key=lambda r: LEVEL_DEPTH[area_level(r[1])])
        for depth in sorted({LEVEL_DEPTH[area_level(code)] for _, code, _ in ordered}):
            new: list[Area] = []
            changed: list[Area] = []
            for row, code, fields in ordered:
                if LEVEL_DEPTH[area_level(code)] != depth:
                    continue
                parent = None
                if (pcode := parent_code(code)) is not None:
                    parent = self.by_code.get(pcode)
                    if parent is None and pcode in self.earlier:
                        parent = self.earlier[pcode]
                        self.earlier_used[pcode] = self.earlier_used.get(pcode, 0) + 1
                    if parent is None and self.national:
                        self.without_parent[pcode] = self.without_parent.get(pcode, 0) + 1
                    elif parent is None:
                        self.problems.append(
                            platform_problem(
                                "area.parent_unknown",
                                self.filename,
                                row,
                                column,
                                parent=pcode,
                                code=code,
                                year=self.year,
                            )
                        )
                        continue
                area = self.by_code.get(code)
                if area is None:
                    area = Area(code=code, year=self.year, level=area_level(code))
                    new.append(area)
                else:
                    changed.append(area)
                area.parent = parent
                area.municipality_code = municipality_code(code)
                area.updated_by = self.run
                for name, value in fields.items():
                    setattr(area, name, value)
                self.by_code[code] = area
            Area.objects.bulk_create(new, batch_size=500)
            if changed:
                Area.objects.bulk_update(
                    changed,
                    ["parent", "municipality_code", "updated_by", *self._field_names(rows)],
                    batch_size=500,
                )
            self.created += len(new)
            self.updated += len(changed)
            written = new + changed
            touch(keys_of_areas({a.municipality_code for a in written}, {a.level for a in written}))

    @staticmethod
    def _field_names(rows: list[tuple[int | None, str, dict[str, Any]]]) -> list[str]:
        names: set[str] = set()
        for _, _, fields in rows:
            names |= fields.keys()
        return sorted(names)


@dataclass(frozen=True)
class _Checked(Generic[T]):
    """What a reader made of a file, after the territory check: ready to be written."""

    data: T
    warnings: list[Problem]


def _recorded_import(
    *,
    kind: str,
    filename: str,
    municipality: Municipality | None,
    user: User | None,
    read: Callable[[], _Checked[T]],
    write: Callable[[T, ImportRun], dict[str, Any]],
) -> ImportRun:
    """Read and check, then write in one transaction; record the attempt either way.

    ``read`` and ``write`` raise :class:`ImportRejected` for problems in the file; the
    transaction is then rolled back and a rejected run is recorded with every problem.
    """
    try:
        checked = read()
        with transaction.atomic():
            run = _record(
                municipality=municipality,
                user=user,
                kind=kind,
                filename=filename,
                status=ImportStatus.SUCCEEDED,
                summary={},
                problems=checked.warnings,
            )
            run.summary = {**run.summary, **write(checked.data, run)}
            run.save(update_fields=["summary"])
            year = run.summary.get("year")
            owner = [municipality.code] if municipality is not None else []
            transaction.on_commit(
                lambda: prepare_maps(
                    [year] if isinstance(year, int) else [], owner, background=True
                )
            )
            return run
    except ImportRejected as rejected:
        run = _record(
            municipality=municipality,
            user=user,
            kind=kind,
            filename=filename,
            status=ImportStatus.REJECTED,
            summary={},
            problems=rejected.problems,
            omitted=getattr(rejected, "omitted", ()),
        )
        raise ImportFailed(run, list(rejected.problems)) from rejected


def prepare_maps(
    years: Iterable[int] = (), municipalities: Iterable[str] = (), *, background: bool = False
) -> None:
    """After a write of area data is committed: build the country's maps before anyone asks
    for them (:func:`.mapcache.prepare_national`), and those of ``municipalities`` (the
    import's owner: :func:`.mapcache.prepare_municipality`). A failure is logged, never the
    import's.

    ``background``: in a thread of its own (one at a time per process), so that the import's
    page or command answers first; the ``KANSEN_MAPS_IN_BACKGROUND`` setting (the tests) can
    keep it in the caller's thread. The thread is not a daemon: a command waits for it before
    its process ends. ``KANSEN_PREPARE_MAPS = False`` (the tests) builds nothing."""
    from django.db import connection

    from . import mapcache

    if not getattr(settings, "KANSEN_PREPARE_MAPS", True):
        return
    years, owners = list(years), list(municipalities)

    def prepare() -> None:
        with _preparing:
            try:
                for code in owners:
                    mapcache.prepare_municipality(code, years)
                mapcache.prepare_national(years)
            except Exception:  # an optimisation: the first request builds what is missing
                logger.warning("the maps were not built after the import", exc_info=True)
            finally:
                if background:
                    connection.close()  # this thread's own connection

    if background and getattr(settings, "KANSEN_MAPS_IN_BACKGROUND", True):
        threading.Thread(target=prepare, name="kansen-maps").start()
    else:
        background = False
        prepare()


def record_import(
    *,
    kind: str,
    filename: str,
    municipality: Municipality | None,
    user: User | None,
    problems: Iterable[Problem] = (),
    summary: Mapping[str, Any] | None = None,
) -> ImportRun:
    """Record an import done elsewhere (offers, plans): rejected when ``problems`` has an
    error, else succeeded; the problems are kept as for area files (capped, counted)."""
    every = list(problems)
    failed = any(p.severity == "error" for p in every)
    return _record(
        municipality=municipality,
        user=user,
        kind=kind,
        filename=filename,
        status=ImportStatus.REJECTED if failed else ImportStatus.SUCCEEDED,
        summary=summary or {},
        problems=every,
    )


def record_refused(
    *,
    kind: str,
    filename: str,
    municipality: Municipality | None,
    user: User | None,
    message: str,
    expected: str | None = None,
) -> ImportRun:
    """Record a file refused before it was read (too large): the list of imports shows it."""
    problem = Problem(filename, None, None, message, expected)
    return _record(
        municipality=municipality,
        user=user,
        kind=kind,
        filename=filename,
        status=ImportStatus.REJECTED,
        summary={},
        problems=[problem],
    )


def import_boundaries(
    source: Source,
    *,
    filename: str,
    year: int,
    municipality: Municipality | None,
    user: User | None = None,
    crs: str | None = None,
) -> ImportRun:
    """Import area boundaries from a GeoJSON file for ``year``.

    Raises :class:`ImportFailed` (with the rejected run) when anything is wrong; nothing is
    then written but the record of the attempt.
    """

    def read() -> _Checked[Boundaries]:
        boundaries = read_boundaries(
            _readable(source), filename=filename, crs=crs, limits=read_limits("boundaries")
        )
        problems = _check_territory(
            ((i + 1, f.code) for i, f in enumerate(boundaries.features)),
            municipality,
            user,
            filename,
            "code",
        )
        if problems:
            raise ImportRejected(problems)
        return _Checked(boundaries, [*boundaries.repairs, *boundaries.warnings])

    def write(boundaries: Boundaries, run: ImportRun) -> dict[str, Any]:
        writer = _AreaWriter(year, filename, run, national=municipality is None)
        writer.load_existing(f.code for f in boundaries.features)
        writer.write(
            [(i + 1, f.code, _boundary_fields(f)) for i, f in enumerate(boundaries.features)],
            column="code",
        )
        if writer.problems:
            raise ImportRejected(writer.problems)
        store_map_outlines([writer.by_code[f.code] for f in boundaries.features])
        return _boundary_summary(boundaries, writer)

    return _recorded_import(
        kind=ImportKind.BOUNDARIES,
        filename=filename,
        municipality=municipality,
        user=user,
        read=read,
        write=write,
    )


def store_map_outlines(areas: list[Area]) -> None:
    """Simplify the areas' outlines once for the maps of many areas and keep them (replacing
    those they had): the map data then reads them as they are (ADR 0030). Part of the write of
    the areas' boundaries, inside its transaction."""
    for start in range(0, len(areas), 1000):
        chunk = areas[start : start + 1000]
        MapOutline.objects.filter(area__in=chunk).delete()
        MapOutline.objects.bulk_create(
            (
                MapOutline(area=area, detail=detail, geojson=text)
                for area, outlines in zip(
                    chunk, map_outlines([a.geometry for a in chunk]), strict=True
                )
                for detail, text in outlines.items()
            ),
            batch_size=1000,
        )


def _boundary_fields(feature: Any) -> dict[str, Any]:
    point = feature.geometry_rd.representative_point()
    return {
        "name": feature.name,
        "geometry": _round_coordinates(feature.geometry_wgs84),
        "bbox": _bbox(feature.geometry_wgs84),
        "area_m2": float(feature.geometry_rd.area),
        "point_x": float(point.x),
        "point_y": float(point.y),
    }


def _boundary_summary(boundaries: Boundaries, writer: _AreaWriter) -> dict[str, Any]:
    levels: dict[str, int] = {}
    for feature in boundaries.features:
        levels[feature.level] = levels.get(feature.level, 0) + 1
    return {
        "year": writer.year,
        "areas": len(boundaries.features),
        "levels": levels,
        "created": writer.created,
        "updated": writer.updated,
        "crs": boundaries.source_crs,
        "crs_detected": boundaries.crs_detected,
        "crs_message": boundaries.crs_message,
        "repaired": len(boundaries.repairs),
        "parents_from_earlier_year": writer.earlier_summary(),
        "without_parent": writer.orphan_summary(),
    }


def import_values(
    source: Source,
    *,
    filename: str,
    municipality: Municipality | None,
    user: User | None = None,
    year: int | None = None,
    publish: bool = False,
    official: bool = False,
) -> ImportRun:
    """Import indicator values from a CBS StatLine CSV export or an Excel sheet.

    ``official``: the file is a table fetched from CBS open data (``kansen import cbs``), which
    a programme lead may load as well as an analyst (the role matrix).

    Areas that are not known yet are created (without boundaries) when their parent is in
    the file or known. Indicators belong to ``municipality`` (national when ``None``) and
    are published when ``publish``. All-or-nothing, like :func:`import_boundaries`.
    """

    def read() -> _Checked[AreaValues]:
        found: list[Problem] = []
        try:
            values = read_area_values(
                _readable(source), filename=filename, year=year, limits=read_limits("values")
            )
        except ImportRejected as rejected:
            # a file with more problems than the reader keeps is not worth the platform's checks
            # too (and a million area codes are more than one database query can take)
            if not isinstance(rejected.partial, AreaValues) or rejected.omitted:
                raise
            # The rows that could be read get the platform's checks too: one report with
            # every problem of the file.
            values, found = rejected.partial, list(rejected.problems)
        code_column = values.code_column or "code"
        outside = _check_territory(
            # the first rows once: per code it was a groupby per area (minutes for 10,000 areas)
            ((first[c], c) for first in [_first_rows(values)] for c in values.areas["code"]),
            municipality,
            user,
            filename,
            code_column,
            official=official,
        )
        found += outside
        if not outside:
            found += _unknown_parents(values, filename, code_column)
        if any(p.severity == "error" for p in found):
            raise ImportRejected(found)
        return _Checked(values, values.warnings)

    def write(values: AreaValues, run: ImportRun) -> dict[str, Any]:
        earlier: list[dict[str, Any]] = []
        areas, created_areas = _ensure_value_areas(values, filename, run, earlier)
        obs = values.observations
        indicators = _upsert_indicators(values.indicators, municipality, publish)
        Observation.objects.filter(
            indicator__in=indicators.values(), area__in=list(areas.values())
        ).delete()
        Observation.objects.bulk_create(
            [
                Observation(
                    indicator=indicators[rec["indicator_code"]],
                    area=areas[(rec["area_code"], int(rec["year"]))],
                    year=int(rec["year"]),
                    value=None if rec["status"] != "ok" else float(rec["value"]),
                    status=rec["status"],
                    import_run=run,
                )
                for rec in obs.to_dict("records")
            ],
            batch_size=1000,
        )
        touch_figures(areas.values(), national=municipality is None)
        status_counts = obs["status"].value_counts().to_dict()
        return {
            "areas": len(values.areas),
            "areas_created": created_areas,
            "years": sorted(int(y) for y in obs["year"].unique()),
            "indicators": [i.code for i in values.indicators],
            "columns": {i.column: i.code for i in values.indicators},
            "observations": len(obs),
            "ok": int(status_counts.get("ok", 0)),
            "suppressed": int(status_counts.get("suppressed", 0)),
            "missing": int(status_counts.get("missing", 0)),
            "published": publish,
            "parents_from_earlier_year": earlier,
        }

    return _recorded_import(
        kind=ImportKind.VALUES,
        filename=filename,
        municipality=municipality,
        user=user,
        read=read,
        write=write,
    )


def _unknown_parents(values: AreaValues, filename: str, column: str) -> list[Problem]:
    """New areas whose parent is neither in the file nor known (the writer checks it again)."""
    first_rows = _first_rows(values)
    pairs = values.observations[["area_code", "year"]].drop_duplicates()
    problems: list[Problem] = []
    for year in sorted(int(y) for y in pairs["year"].unique()):
        codes = {str(c) for c in pairs.loc[pairs["year"] == year, "area_code"]}
        parents = {p for c in codes if (p := parent_code(c))}
        existing = set(
            Area.objects.filter(year=year, code__in=codes | parents).values_list("code", flat=True)
        )
        existing |= earlier_year_parents(parents - existing - codes, year).keys()
        for code in sorted(codes - existing, key=lambda c: (first_rows.get(c, 0), c)):
            parent = parent_code(code)
            if parent is not None and parent not in codes and parent not in existing:
                problems.append(
                    platform_problem(
                        "area.parent_unknown",
                        filename,
                        first_rows.get(code),
                        column,
                        parent=parent,
                        code=code,
                        year=year,
                    )
                )
    return problems


def _first_rows(values: AreaValues) -> dict[str, int]:
    """The first row of the file on which each area appears, for problem reports."""
    rows = values.observations.groupby("area_code")["row"].min()
    return {str(code): int(row) for code, row in rows.items()}


def _ensure_value_areas(
    values: AreaValues,
    filename: str,
    run: ImportRun,
    earlier: list[dict[str, Any]] | None = None,
) -> tuple[dict[tuple[str, int], Area], int]:
    """The areas of every (code, year) in the file, creating those not known yet."""
    obs = values.observations
    names = dict(zip(values.areas["code"], values.areas["name"], strict=True))
    first_rows = _first_rows(values)
    wanted = {
        (str(code), int(year)): (first_rows[str(code)], names.get(str(code), ""))
        for code, year in obs[["area_code", "year"]].drop_duplicates().itertuples(index=False)
    }
    return _ensure_areas(wanted, filename, run, earlier)


def _ensure_areas(
    wanted: Mapping[tuple[str, int], tuple[int | None, str]],
    filename: str,
    run: ImportRun,
    earlier: list[dict[str, Any]] | None = None,
) -> tuple[dict[tuple[str, int], Area], int]:
    """The areas of every (code, year) in ``wanted`` (-> (row, name)), creating new ones.

    A new area needs its parent in ``wanted`` or known, for its year or under the same code in
    the nearest earlier year (added to ``earlier`` for the report); otherwise the file is
    rejected.
    """
    areas: dict[tuple[str, int], Area] = {}
    created = 0
    problems: list[Problem] = []
    for year in sorted({y for _, y in wanted}):
        writer = _AreaWriter(year, filename, run)
        codes = sorted(c for c, y in wanted if y == year)
        writer.load_existing(codes)
        missing: list[tuple[int | None, str, dict[str, Any]]] = [
            (wanted[(c, year)][0], c, {"name": wanted[(c, year)][1]})
            for c in codes
            if c not in writer.by_code
        ]
        writer.write(missing, column="code")
        problems += writer.problems
        if earlier is not None:
            earlier += writer.earlier_summary()
        created += writer.created
        areas.update({(c, year): writer.by_code[c] for c in codes if c in writer.by_code})
    if problems:
        raise ImportRejected(problems)
    return areas, created


def import_facilities(
    source: Source,
    *,
    filename: str,
    year: int,
    municipality: Municipality | None,
    user: User | None = None,
) -> ImportRun:
    """Import school locations for ``year``; each is placed in the buurt that contains it.

    Locations outside the importer's municipality are refused, except for platform
    administrators (who load national files). All-or-nothing.
    """

    def read() -> _Checked[Facilities]:
        facilities = read_facilities(
            _readable(source), filename=filename, limits=read_limits("facilities")
        )
        return _Checked(facilities, facilities.warnings)

    def write(facilities: Facilities, run: ImportRun) -> dict[str, Any]:
        containing = _containing_neighbourhoods(facilities.facilities, year)
        if user is not None and not user.is_superuser:
            outside = [
                Problem(
                    filename,
                    f.row,
                    "code",
                    f"{f.name} lies outside {municipality}",
                    "locations within the municipality",
                )
                for f in facilities.facilities
                if municipality is None
                or (
                    containing.get(f.code) is None
                    or containing[f.code].municipality_code != municipality.code
                )
            ]
            if outside:
                raise ImportRejected(outside)
        codes = [f.code for f in facilities.facilities]
        Facility.objects.filter(year=year, code__in=codes).delete()
        Facility.objects.bulk_create(
            Facility(
                code=f.code,
                year=year,
                name=f.name,
                levels=f.levels,
                offers_havo_vwo=f.offers_havo_vwo,
                x=f.x,
                y=f.y,
                lon=f.lon,
                lat=f.lat,
                postcode=f.postcode,
                area=containing.get(f.code),
                municipality_code=(
                    containing[f.code].municipality_code if containing.get(f.code) else ""
                ),
                import_run=run,
            )
            for f in facilities.facilities
        )
        return {
            "year": year,
            "locations": len(codes),
            "havo_vwo": sum(f.offers_havo_vwo for f in facilities.facilities),
            "placed": sum(1 for c in codes if containing.get(c)),
        }

    return _recorded_import(
        kind=ImportKind.FACILITIES,
        filename=filename,
        municipality=municipality,
        user=user,
        read=read,
        write=write,
    )


def _containing_neighbourhoods(facilities: list[Any], year: int) -> dict[str, Area]:
    """The buurt of ``year`` containing each facility (by code), using a spatial index."""
    buurten = [a for a in Area.objects.filter(year=year, level="buurt").exclude(geometry=None)]
    if not buurten or not facilities:
        return {}
    tree = shapely.STRtree([shape(a.geometry) for a in buurten])
    points = [shapely.Point(f.lon, f.lat) for f in facilities]
    found: dict[str, Area] = {}
    for point_index, area_index in zip(*tree.query(points, predicate="within"), strict=True):
        found.setdefault(facilities[point_index].code, buurten[area_index])
    return found


def _upsert_indicators(
    columns: Iterable[Any], municipality: Municipality | None, publish: bool
) -> dict[str, Indicator]:
    result: dict[str, Indicator] = {}
    for column in columns:
        indicator, created = Indicator.objects.get_or_create(
            municipality=municipality,
            code=column.code,
            # the columns' limits (a header of a few hundred characters is a mistake, not a
            # reason to fail on PostgreSQL, which enforces them)
            defaults={
                "name": column.name[:300],
                "unit": (column.unit or "")[:60],
                "is_public": publish,
            },
        )
        if not created and publish and not indicator.is_public:
            indicator.is_public = True
            indicator.save(update_fields=["is_public"])
        result[column.code] = indicator
    return result


def update_indicator_metadata(
    municipality: Municipality | None, indicator_code: str, **fields: Any
) -> Indicator:
    """Set descriptive fields of an indicator (name, unit, direction, domain, source ...)."""
    allowed = {"code", "name", "name_en", "unit", "direction", "domain", "source", "definition"}
    unknown = set(fields) - allowed - {"is_public"}
    if unknown:
        raise ValueError(f"unknown indicator fields: {sorted(unknown)}; expected {sorted(allowed)}")
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(
            municipality=municipality, code=indicator_code
        )
        for name, value in fields.items():
            setattr(indicator, name, "" if value is None else value)
        indicator.full_clean()
        indicator.save()
        return indicator


def set_published(indicator: Indicator, published: bool) -> Indicator:
    indicator.is_public = published
    indicator.save(update_fields=["is_public"])
    return indicator


def _readable(source: Source) -> Any:
    if isinstance(source, str | Path | bytes):
        return source
    if hasattr(source, "read"):
        data = source.read()
        return data if isinstance(data, bytes) else str(data).encode()
    return source


__all__ = [
    "ImportFailed",
    "import_boundaries",
    "import_facilities",
    "import_values",
    "record_refused",
    "set_published",
    "update_indicator_metadata",
]
