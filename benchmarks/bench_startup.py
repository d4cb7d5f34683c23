"""How long ``kansen --help`` takes, against a Python that does nothing, in the same run.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--runs 5] [--other CHECKOUT]``

Each round starts, one after the other, ``python -c pass`` (the baseline: the interpreter and
the virtual environment's site packages), ``kansen --help`` (the installed entry point, as a
user types it) and ``kansen check --help``; the rounds alternate them so that a busier moment of
a shared machine weighs on all alike. Prints the median and the range of each in seconds, and
each minus the baseline: the command's own start. Goal (issue 21): ``kansen --help`` under
0.4 s. The load average is printed with it: the figures mean little without it.
``--other`` adds ``kansen --help`` from another checkout's ``src`` (e.g. a clone at an older
commit, through ``PYTHONPATH``) to the same rounds: a before and after in one series.

``python -X importtime -m kansen --help`` shows where the time that is left goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

KANSEN = str(Path(sys.executable).with_name("kansen"))

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "kansen --help": [KANSEN, "--help"],
    "kansen check --help": [KANSEN, "check", "--help"],
}


def once(command: list[str], env: dict[str, str] | None = None) -> float:
    began = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--other", type=Path, help="another checkout, for a before and after")
    args = parser.parse_args()
    runs: dict[str, tuple[list[str], dict[str, str] | None]] = {
        label: (command, None) for label, command in COMMANDS.items()
    }
    if args.other is not None:
        other_env = {**os.environ, "PYTHONPATH": str(args.other.resolve() / "src")}
        runs["kansen --help (other)"] = ([KANSEN, "--help"], other_env)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for command, env in runs.values():  # the first start reads the files from disk: not counted
        once(command, env)
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(args.runs):
        for label, (command, env) in runs.items():
            times[label].append(once(command, env))
    baseline = statistics.median(times["python -c pass"])
    for label, values in times.items():
        median = statistics.median(values)
        print(
            f"{label:<22} median {median:5.3f} s  ({min(values):5.3f}-{max(values):5.3f})"
            f"  minus baseline {median - baseline:5.3f} s"
        )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
