"""How long reading area data takes, against plain pandas parsing in the same run.

Run: ``.venv/bin/python benchmarks/bench_import.py [--areas 15000] [--indicators 20]``

The checked reader (``kansen.io.read_area_values``) validates every cell, detects the
decimal separator per column and keeps suppressed values apart; the baseline is
``pandas.read_csv`` with the separator and decimal known in advance, which checks nothing.
The ratio says what the checks cost. Also timed: the demo boundaries, and the real wijken
file of 2024 when ``../shared/data`` is beside the repository.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import numpy as np
import pandas as pd
from _measure import measure  # the benchmarks folder is on sys.path when run as a script

from kansen.io import read_area_values, read_boundaries

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "nl"


def statline_csv(areas: int, indicators: int, seed: int = 1) -> bytes:
    """A StatLine-shaped export: BOM, ';', quoted, padded codes, decimal commas, '.'."""
    rng = np.random.default_rng(seed)
    header = ['"Perioden"', '"Wijken en buurten"', '"Regiocode (gemeente, wijk, buurt) (code)"']
    header += [f'"Indicator {i} (%)"' for i in range(indicators)]
    lines = [";".join(header)]
    values = rng.uniform(0, 100, size=(areas, indicators)).round(1)
    suppressed = rng.random((areas, indicators)) < 0.03
    for a in range(areas):
        code = f"BU{a // 10000:04d}{(a // 100) % 100:02d}{a % 100:02d}"
        cells = [
            '"       ."' if suppressed[a, i] else f'"{values[a, i]:8.1f}"'.replace(".", ",")
            for i in range(indicators)
        ]
        lines.append(";".join(['"2024"', f'"Buurt {a}"', f'"{code}"', *cells]))
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--areas", type=int, default=15_000)
    parser.add_argument("--indicators", type=int, default=20)
    args = parser.parse_args()

    data = statline_csv(args.areas, args.indicators)
    cells = args.areas * args.indicators
    print(f"StatLine CSV: {args.areas:,} areas x {args.indicators} indicators = {cells:,} cells")
    checked, _ = measure(
        "kansen.io.read_area_values (checked)",
        lambda: read_area_values(data, filename="bench.csv"),
    )
    baseline, _ = measure(
        "pandas.read_csv (baseline, no checks)",
        lambda: pd.read_csv(
            io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", na_values=["."]
        ),
    )
    print(f"ratio checked / baseline: {checked / baseline:.1f}x; {cells / checked:,.0f} cells/s")

    import tempfile

    from kansen.demo import build_demostad, write_demostad

    with tempfile.TemporaryDirectory() as tmp:
        files = write_demostad(build_demostad(), Path(tmp))
        measure(
            "read_boundaries: Demostad (47 areas, EPSG:28992)",
            lambda: read_boundaries(files.areas_geojson),
        )
    wijken = SHARED / "wijken_2024_wgs84.geojson"
    if wijken.exists():
        measure("read_boundaries: wijken 2024 (3,475 districts)", lambda: read_boundaries(wijken))
    else:
        print(f"(skipped the real wijken file: {wijken} is absent)")


if __name__ == "__main__":
    main()
