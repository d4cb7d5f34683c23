"""Pupils of the youth panel sending their answers at once, on the HTTP server.

Run against a running platform with the demo (``kansen setup-demo``, then ``kansen serve
--port PORT``): ``.venv/bin/python benchmarks/bench_youthpanel_submit.py --url
http://127.0.0.1:PORT [--pupils 200] [--code DEMO26HE1]``

Each pupil is a thread with its own session (cookies, keep-alive connection): it opens the
class page, starts, answers every question page (the demo questionnaire: age, a scale, a
multiple choice, a number, a single choice, an open question), and then waits until every pupil
is there; all send at the same instant, each on a new connection (as a phone does whose
connection the server closed while the pupil read the last page; ``--keep`` sends on the kept
connection, which the server may have closed during a wait over 5 s). Printed: the 50th, 95th
and 99th percentile and the maximum of the time to send (the POST that stores the answers),
and of the question pages answered before (those were not all at once). Target (issue 19):
p95 < 300 ms for 200 pupils. With ``--server-pid PID`` (the gunicorn master of ``kansen serve``)
also the processor time the server spent per send (user + system time of the master and its
workers, from /proc, during the sends only): on a shared machine the wall times depend on the
other work, this does not.

The answers go into the database of the server (a demo's): use a demo you can throw away.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import threading
import time
from pathlib import Path

import requests

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _post(session: requests.Session, url: str, page: str, data: dict[str, object]) -> float:
    token = _TOKEN.search(page)
    assert token, "no form on " + url
    start = time.perf_counter()
    response = session.post(
        url,
        data={"csrfmiddlewaretoken": token.group(1), **data},
        headers={"Referer": url, "Origin": url.split("/jeugdpanel/")[0]},
        allow_redirects=False,
    )
    took = time.perf_counter() - start
    assert response.status_code in (200, 302), (url, response.status_code, response.text[:300])
    return took


def pupil(
    base: str,
    code: str,
    seed: int,
    barrier: threading.Barrier,
    sends: list[float],
    steps: list[float],
    keep: bool = False,
) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    landing = f"{base}/jeugdpanel/k/{code}/"
    steps.append(_post(session, landing, session.get(landing).text, {}))
    answers: list[dict[str, object]] = [
        {"answer": str(rng.randint(12, 16))},
        {"answer": str(rng.randint(1, 5))},
        {"answer": rng.sample(["sport", "muziek", "jongerenwerk"], rng.randint(1, 2))},
        {"answer": str(rng.randint(0, 10))},
        {"answer": rng.choice(["ja", "soms"])},
        {"answer": ""},
    ]
    for number, data in enumerate(answers, start=1):
        url = f"{landing}vraag/{number}/"
        steps.append(_post(session, url, session.get(url).text, {"go": "next", **data}))
    send = f"{landing}versturen/"
    page = session.get(send).text
    if not keep:
        # the wait for the others can outlast the server's keep-alive (5 s): a kept connection
        # may be closed under the pupil's feet; a phone that waited opens a new one too
        session.close()
    barrier.wait()
    sends.append(_post(session, send, page, {}))


def _cpu_seconds(pid: int) -> float:
    """User + system time (s) of process ``pid`` and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended meanwhile
        process = int(stat.parent.name)
        parents[process] = int(fields[1])
        times[process] = int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    tree = {pid}
    while True:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        if not more:
            break
        tree |= more
    return sum(times.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


def _percentiles(label: str, values: list[float]) -> None:
    values = sorted(values)
    q = statistics.quantiles(values, n=100)
    print(
        f"{label:<28} n={len(values):>5}  p50 {q[49] * 1000:7.1f} ms  p95 {q[94] * 1000:7.1f} ms"
        f"  p99 {q[98] * 1000:7.1f} ms  max {values[-1] * 1000:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--pupils", type=int, default=200)
    parser.add_argument("--code", default="DEMO26HE1")
    parser.add_argument("--keep", action="store_true", help="send on the kept connection")
    parser.add_argument("--server-pid", type=int, help="the server's master process (Linux)")
    args = parser.parse_args()
    before: list[float] = []

    def sends_begin() -> None:  # the last pupil at the barrier, before any send
        if args.server_pid:
            before.append(_cpu_seconds(args.server_pid))

    barrier = threading.Barrier(args.pupils, action=sends_begin)
    sends: list[float] = []
    steps: list[float] = []
    threads = [
        threading.Thread(
            target=pupil,
            args=(args.url.rstrip("/"), args.code, i, barrier, sends, steps, args.keep),
        )
        for i in range(args.pupils)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{args.pupils} pupils in {time.perf_counter() - started:.1f} s")
    _percentiles("question pages (POST)", steps)
    _percentiles("send, all at once (POST)", sends)
    if before:
        spent = _cpu_seconds(args.server_pid) - before[0]
        print(f"server processor time per send: {spent / len(sends) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
