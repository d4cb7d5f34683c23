"""Hostile uploads, each through each kind of upload in a fresh process: wall time and peak RSS.

Run: ``.venv/bin/python benchmarks/bench_hostile_uploads.py [--bomb-mb 300] [--big-mb 200]``

The files are generated here (never committed): a billion-laughs YAML, a zip-bomb workbook (a
sheet of ``--bomb-mb`` MB packed about 1000 times), a workbook naming cell XFD1048576, an
oversize CSV (``--big-mb``), a CSV with a bad value in every row (as many rows as fit the values
limit), deeply nested JSON/GeoJSON/YAML, UTF-16, binary garbage and an empty file. The baseline
of each kind is a normal small file (Demostad's) in the same run.

Each file goes through the platform's own path with its default limits (settings.py): the area
imports through ``kansen.web.areas.services`` into a fresh SQLite database (the rejected run is
recorded, problems capped), a plan through the plan page's reader, offers through the offers
reader. Each run is a child process, so its peak RSS (VmHWM, or ``ru_maxrss`` where there is
no /proc) is its own; the interpreter with Django and the readers loaded is the floor every row
shares.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

KINDS = ("values", "facilities", "boundaries", "plan", "offers")


def _peak_rss_mb() -> float:
    """This process's peak resident set: VmHWM, which starts afresh at exec (ru_maxrss keeps
    the peak of the parent that forked us, here the one holding the generated files)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(kind: str, path: Path) -> None:
    """Import one file as the platform does; print one JSON line with the outcome."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
    import django

    django.setup()
    from kansen.io import ImportRejected, LimitExceeded
    from kansen.io._limits import check_size
    from kansen.web.core.uploads import read_limits

    start = time.perf_counter()
    outcome = "imported"
    try:
        limits = read_limits(kind)
        if kind in ("values", "facilities", "boundaries"):
            from kansen.web.areas import services

            do = getattr(services, f"import_{kind}")
            extra = {"year": 2024} if kind != "values" else {}
            try:
                do(path, filename=path.name, municipality=None, **extra)
            except services.ImportFailed as failed:
                total = failed.run.summary.get("problems_total", len(failed.run.problems))
                outcome = f"refused ({total} problems): {failed.run.problems[0]['message']}"
        elif kind == "plan":
            from kansen.plans import PlanFormatError, plan_from_data
            from kansen.plans._documents import format_of, read_plan_text

            try:
                check_size(path.stat().st_size, limits)
                text = path.read_bytes().decode("utf-8-sig")
                plan_from_data(read_plan_text(text, format_of(path), path.name).data)
            except PlanFormatError as error:
                outcome = f"refused: {error.problems[0].message}"
            except (LimitExceeded, UnicodeDecodeError) as error:
                outcome = f"refused: {error}"
        else:
            from kansen.offers import read_offers_table

            try:
                check_size(path.stat().st_size, limits)
                read_offers_table(path, path.name, limits=limits)
            except ImportRejected as rejected:
                outcome = f"refused ({len(rejected.problems)} problems): " + str(
                    rejected.problems[0].message
                )
            except LimitExceeded as error:
                outcome = f"refused: {error}"
    except Exception as error:
        outcome = f"CRASH {type(error).__name__}: {error}"
    wall = time.perf_counter() - start
    peak = _peak_rss_mb()
    print(json.dumps({"wall": wall, "peak_mb": peak, "outcome": outcome[:90]}))


def _files(folder: Path, bomb_mb: int, big_mb: int) -> dict[str, dict[str, Path]]:
    """The files of each kind: baseline first, then the hostile ones."""
    from django.conf import settings

    from hostile import files
    from kansen.demo import build_demostad, write_demostad
    from kansen.offers import demo_directory, write_offers_table

    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    demo = write_demostad(build_demostad(), folder)
    mb = 1024 * 1024
    bomb = write("bomb.xlsx", files.zip_bomb_xlsx(bomb_mb))
    far = write("far.xlsx", files.far_cell_xlsx())
    big = write("big.csv", files.oversize_csv(big_mb * mb))
    # as many bad rows as the values limit lets through (two bad values each)
    bad_size = settings.KANSEN_UPLOAD_MAX_BYTES["values"] - 1024
    bad = write("bad_rows.csv", files.bad_rows_csv(bad_size // 20)[:bad_size].rsplit(b"\n", 1)[0])
    utf16 = write("utf16.csv", files.utf16("Perioden;Regiocode;Inwoners\n2024;GM9001;4\n"))
    garbage = write("garbage.bin", files.garbage(1024 * 1024))
    empty = write("empty.csv", b"")
    table = {
        "baseline": demo.key_figures_csv,
        "zip bomb": bomb,
        "far cell": far,
        "oversize": big,
        "bad rows": bad,
        "UTF-16": utf16,
        "garbage": garbage,
        "empty": empty,
    }
    offers = write("aanbod.csv", write_offers_table(list(demo_directory().offers), "csv"))
    return {
        "values": table,
        "facilities": {**table, "baseline": demo.schools_csv},
        "boundaries": {
            "baseline": demo.areas_geojson,
            "deep JSON": write("deep.geojson", files.deep_geojson()),
            "oversize": write("big.geojson", files.oversize_csv(big_mb * mb)),
            "UTF-16": write("utf16.geojson", files.utf16('{"type": "FeatureCollection"}')),
            "garbage": garbage,
            "empty": empty,
        },
        "plan": {
            "baseline": REPO / "tests" / "plans" / "fixtures" / "leiden_2024_2026.yaml",
            "billion laughs": write("laughs.yaml", files.billion_laughs_yaml()),
            "deep YAML": write("deep.yaml", files.deep_yaml()),
            "deep JSON": write("deep.json", files.deep_json()),
            "oversize": write("big.yaml", files.oversize_csv(big_mb * mb)),
            "UTF-16": write("utf16.yaml", files.utf16("title: x\n")),
            "garbage": write("garbage.yaml", files.garbage(1024 * 1024)),
            "empty": write("empty.yaml", b""),
        },
        "offers": {
            "baseline": offers,
            "zip bomb": write("bomb_offers.xlsx", bomb.read_bytes()),
            "far cell": write("far_offers.xlsx", far.read_bytes()),
            "oversize": big,
            "bad rows": write(
                "bad_offers.csv",
                _bad_offers(offers.read_bytes(), settings.KANSEN_UPLOAD_MAX_BYTES["offers"] - 1024),
            ),
            "UTF-16": utf16,
            "garbage": garbage,
            "empty": empty,
        },
    }


def _bad_offers(table: bytes, size: int) -> bytes:
    """An offers table of ``size`` bytes whose rows all have an unknown support type."""
    header, first = table.split(b"\n")[:2]
    cells = first.split(b";") if b";" in first else first.split(b",")
    row = b";".join([b"x", cells[1], b"X", b"geen", *[b""] * (len(cells) - 4)]) + b"\n"
    sep = b";" if b";" in first else b","
    row = row.replace(b";", sep)
    return header + b"\n" + row * ((size - len(header)) // len(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mb", type=int, default=300, help="unpacked size of the bomb")
    parser.add_argument("--big-mb", type=int, default=200, help="size of the oversize CSV")
    parser.add_argument("--kinds", default=",".join(KINDS), help="e.g. values,offers")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], Path(args.worker[1]))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "KANSEN_DATA_DIR": str(folder / "var")}
        subprocess.run(
            [str(Path(sys.executable).parent / "kansen"), "manage", "migrate", "-v0"],
            env=env,
            check=True,
        )
        print(f"{'kind':<11}{'file':<15}{'wall s':>8}{'peak RSS MB':>13}  outcome")
        wanted = args.kinds.split(",")
        for kind, table in _files(folder, args.bomb_mb, args.big_mb).items():
            if kind not in wanted:
                continue
            for label, path in table.items():
                start = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, __file__, "--worker", kind, str(path)],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
                outer = time.perf_counter() - start
                lines = done.stdout.strip().splitlines()
                if done.returncode or not lines:
                    print(f"{kind:<11}{label:<15}{outer:8.2f}{'':>13}  FAILED {done.stderr[-200:]}")
                    continue
                row = json.loads(lines[-1])
                print(
                    f"{kind:<11}{label:<15}{row['wall']:8.2f}{row['peak_mb']:13.0f}  "
                    f"{row['outcome']}"
                )


if __name__ == "__main__":
    main()
