"""The practice register's search on the demo, with and without the kept deciles and index.

Run: ``.venv/bin/python benchmarks/bench_practices_search.py [--rounds 30] [--data DIR]``

Loads Demostad (``kansen.web.core.demo.load_demo``: 30 published records of eleven
municipalities) into a fresh SQLite database in a temporary folder, or uses the demo already
in ``--data`` (a ``KANSEN_DATA_DIR`` after ``kansen setup-demo``). Then, interleaved round by
round so that both meet the same load on the machine, it times one search of the register
(``kansen.web.practices.selectors.search``, the work of one request to ``/praktijken/``)
without text, with and without the filter ``achterstand=20``:

* **computed**: the deciles and the search index forgotten before every search, so each
  search computes the MDI of Demostad's buurten and wijken and builds the index of the records
  (what every search did before they were kept);
* **kept**: both kept; each search reads the deciles' version (the stored tokens of
  :mod:`kansen.web.areas.versions`: one query) and the records, and uses them;
* **kept, digest version (before)**: as kept, but the version read as it was until session 7,
  a digest of every row the computation reads (the municipality's areas, the MDI's indicators
  and their observations of the latest year: three queries, every observation row), kept
  here to compare.

And, apart: computing the deciles once, and reading their version once each way. Printed:
median, 95th percentile and maximum in milliseconds. Only prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _setup_django(folder: Path, fresh: bool) -> None:
    os.environ["KANSEN_DATA_DIR"] = str(folder)
    os.environ.setdefault("KANSEN_SECRET_KEY", os.urandom(32).hex())  # this run only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
    import django

    django.setup()
    if fresh:
        from django.core.management import call_command

        from kansen.web.core.demo import load_demo

        call_command("migrate", verbosity=0)
        load_demo()


def _times(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def _line(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label:<44} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   "
        f"max {ordered[-1]:7.1f} ms"
    )


def digest_version(municipality: Any) -> str:
    """The deciles' version as it was read before the stored tokens: a digest of every row the
    computation reads."""
    import hashlib

    from django.db import connection
    from django.db.models import Max

    from kansen.index import default_mdi
    from kansen.web.areas.models import Area, Indicator, Observation

    def rows(queryset: Any) -> list[tuple[Any, ...]]:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    definition = default_mdi()
    digest = hashlib.blake2b(digest_size=16)
    year = Area.objects.filter(municipality_code=municipality.code).aggregate(y=Max("year"))["y"]
    digest.update(repr((municipality.pk, municipality.code, year)).encode())
    digest.update(definition.to_json(sort_keys=True).encode())
    indicators = (
        Indicator.objects.filter(code__in=definition.columns)
        .order_by("id")
        .values_list("id", "code", "municipality_id", "is_public", "direction")
    )
    areas = (
        Area.objects.filter(municipality_code=municipality.code, year=year)
        .order_by("id")
        .values_list("id", "code", "level", "parent_id")
    )
    observations = (
        Observation.objects.filter(
            indicator__in=indicators.values("id"), area__in=areas.values("id"), year=year
        )
        .order_by("id")
        .values_list("id", "indicator_id", "area_id", "value", "status")
    )
    for queryset in (indicators, areas, observations):
        digest.update(repr(rows(queryset)).encode())
    return digest.hexdigest()


def run(rounds: int) -> None:
    from kansen.web.accounts.models import Municipality
    from kansen.web.practices import deprivation, selectors

    demostad = Municipality.objects.get(code="GM9999")
    queries = {"no filter": {}, "achterstand=20": {"achterstand": ["20"]}}
    found = {label: selectors.search("", filters).total for label, filters in queries.items()}
    print(
        f"published records: {found['no filter']}, with achterstand=20: {found['achterstand=20']}"
    )
    times: dict[str, list[float]] = {}
    for _ in range(rounds):
        for label, filters in queries.items():

            def search(filters: dict[str, list[str]] = filters) -> None:
                selectors.search("", filters)

            deprivation.clear()
            selectors.forget_index()
            times.setdefault(f"computed, {label}", []).append(_times(search))
            times.setdefault(f"kept, {label}", []).append(_times(search))

            def before(filters: dict[str, list[str]] = filters) -> None:
                digest_version(demostad)  # what each search read before, besides the rest
                selectors.search("", filters)

            times.setdefault(f"kept, digest version (before), {label}", []).append(_times(before))
        deprivation.clear()
        times.setdefault("computing the deciles", []).append(
            _times(lambda: deprivation.compute_deciles(demostad))
        )
        times.setdefault("reading their version: tokens", []).append(
            _times(lambda: deprivation.deciles_version(demostad))
        )
        times.setdefault("reading their version: digest (before)", []).append(
            _times(lambda: digest_version(demostad))
        )
    for label, found_times in sorted(times.items()):
        _line(label, found_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--data", type=Path, help="a data folder with the demo loaded")
    args = parser.parse_args()
    if args.data is not None:
        _setup_django(args.data, fresh=False)
        run(args.rounds)
        return
    with tempfile.TemporaryDirectory() as folder:
        _setup_django(Path(folder), fresh=True)
        run(args.rounds)


if __name__ == "__main__":
    main()
