"""Pupils of the youth panel sending their answers at once, on the HTTP server.

Run against a running platform with the demo (``kansen setup-demo``, then ``kansen serve
--port PORT``): ``.venv/bin/python benchmarks/bench_youthpanel_submit.py --url
http://127.0.0.1:PORT [--pupils 200] [--code DEMO26HE1] [--server-pid PID]``

The clients are cheap, so that the figure measures the server and not them: ONE process,
asyncio, raw HTTP/1.1 on sockets (no threads, no HTTP library). Each pupil has its own
cookies and keep-alive connection: it opens the class page, starts, answers every question
page (the demo questionnaire: age, a scale, a multiple choice, a number, a single choice, an
open question), all pupils at once, and opens the send page (its CSRF token). Then every
send is built in advance (request line, cookies, body with the token), and all pupils send
at the same instant, each on a new connection (as a phone does whose connection the server
closed while the pupil read the last page; ``--keep`` sends on the kept connection). The time
of a send is from opening its connection to the last byte of the answer.

Printed: the 50th, 95th and 99th percentile and the maximum of the time to send, and of the
question pages answered before (all pupils at once too); the client's own processor time
during the sends (one process for all pupils: what the clients took from the server's
cores). Target (issue 19): p95 < 300 ms for 200 pupils. With ``--server-pid PID`` (the gunicorn
master of ``kansen serve``) also the processor time the server spent per send (user + system
time of the master and its workers, from /proc, during the sends only): on a shared machine
the wall times depend on the other work, this does not. The load average is printed with it.

The answers go into the database of the server (a demo's): use a demo you can throw away.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k == name), "")


async def _read_reply(reader: asyncio.StreamReader) -> Reply:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = []
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.append((name.strip().lower(), value.strip()))
    reply = Reply(status, headers, b"")
    if reply.header("transfer-encoding").lower() == "chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        reply.body = b"".join(p[:-2] for p in parts)
    else:
        reply.body = await reader.readexactly(int(reply.header("content-length") or 0))
    return reply


def _form(data: dict[str, object]) -> bytes:
    pairs = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append(f"{quote_plus(name)}={quote_plus(str(one))}")
    return "&".join(pairs).encode()


@dataclass
class Pupil:
    """One pupil's browser: its cookies and its keep-alive connection."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    def request(self, method: str, path: str, body: bytes = b"") -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            origin = f"http://{self.host}:{self.port}"
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: {origin}",
                f"Referer: {origin}{path}",
            ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    def remember(self, reply: Reply) -> None:
        for name, value in reply.headers:
            if name == "set-cookie":
                pair, _sep, attributes = value.partition(";")
                key, _eq, content = pair.partition("=")
                if content.strip('"') == "" or "max-age=0" in attributes.lower():
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = content

    async def call(self, method: str, path: str, body: bytes = b"") -> Reply:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            try:
                self.writer.write(self.request(method, path, body))
                reply = await _read_reply(self.reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                # the server closed a kept connection that waited (its keep-alive is 5 s)
                self.close()
                if attempt == 2:
                    raise
                continue
            if reply.header("connection").lower() == "close":
                self.close()
            self.remember(reply)
            return reply
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def prepare(pupil: Pupil, code: str, seed: int, steps: list[float]) -> tuple[str, bytes]:
    """The pupil answers every page; the send's address and body (with its CSRF token)."""
    rng = random.Random(seed)
    landing = f"/jeugdpanel/k/{code}/"

    async def post(path: str, data: dict[str, object]) -> str:
        page = (await pupil.call("GET", path)).body.decode()
        token = _TOKEN.search(page)
        assert token, "no form on " + path
        start = time.perf_counter()
        reply = await pupil.call("POST", path, _form({"csrfmiddlewaretoken": token[1], **data}))
        steps.append(time.perf_counter() - start)
        assert reply.status == 302, (path, reply.status, reply.body[:300])
        return (
            urlsplit(reply.header("location")).path + "?" + urlsplit(reply.header("location")).query
        )

    where = await post(landing, {})
    answers: list[dict[str, object]] = [
        {"answer": str(rng.randint(12, 16))},
        {"answer": str(rng.randint(1, 5))},
        {"answer": rng.sample(["sport", "muziek", "jongerenwerk"], rng.randint(1, 2))},
        {"answer": str(rng.randint(0, 10))},
        {"answer": rng.choice(["ja", "soms"])},
        {"answer": ""},
    ]
    for data in answers:
        where = await post(where, {"go": "next", **data})
    assert "/versturen/" in where, where
    page = (await pupil.call("GET", where)).body.decode()
    token = _TOKEN.search(page)
    assert token, "no form on " + where
    return where, _form({"csrfmiddlewaretoken": token[1]})


async def send(pupil: Pupil, request: bytes, keep: bool, sends: list[float]) -> None:
    start = time.perf_counter()
    if keep and pupil.writer is not None:
        reader, writer = pupil.reader, pupil.writer
    else:
        reader, writer = await asyncio.open_connection(pupil.host, pupil.port)
    assert reader is not None
    writer.write(request)
    reply = await _read_reply(reader)
    sends.append(time.perf_counter() - start)
    writer.close()
    # the thank-you page: no form (a refused send shows the send page again, with its form)
    assert reply.status == 200, reply.body[:300]
    assert b"csrfmiddlewaretoken" not in reply.body, reply.body[:300]


def _cpu_seconds(pid: int) -> tuple[float, frozenset[int]]:
    """User + system time (s) of process ``pid`` and its descendants (Linux /proc), and
    which processes those are (a worker that ended takes its time with it)."""
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
    return sum(times.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK"), frozenset(tree)


def _percentiles(label: str, values: list[float]) -> None:
    values = sorted(values)
    q = statistics.quantiles(values, n=100)
    print(
        f"{label:<28} n={len(values):>5}  p50 {q[49] * 1000:7.1f} ms  p95 {q[94] * 1000:7.1f} ms"
        f"  p99 {q[98] * 1000:7.1f} ms  max {values[-1] * 1000:7.1f} ms"
    )


async def run(args: argparse.Namespace) -> None:
    url = urlsplit(args.url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    pupils = [Pupil(host, port) for _ in range(args.pupils)]
    steps: list[float] = []
    started = time.perf_counter()
    prepared = await asyncio.gather(
        *(prepare(p, args.code, i, steps) for i, p in enumerate(pupils))
    )
    print(f"{args.pupils} pupils answered in {time.perf_counter() - started:.1f} s")
    requests = [
        p.request("POST", path, body) for p, (path, body) in zip(pupils, prepared, strict=True)
    ]
    if not args.keep:
        for p in pupils:
            p.close()
    await asyncio.sleep(0.5)  # the closed connections gone from the server
    load = os.getloadavg()
    before = _cpu_seconds(args.server_pid) if args.server_pid else (0.0, frozenset())
    client_before = time.process_time()
    sends: list[float] = []
    burst = time.perf_counter()
    await asyncio.gather(
        *(send(p, r, args.keep, sends) for p, r in zip(pupils, requests, strict=True))
    )
    burst = time.perf_counter() - burst
    client = time.process_time() - client_before
    after = _cpu_seconds(args.server_pid) if args.server_pid else (0.0, frozenset())
    _percentiles("question pages (POST)", steps)
    _percentiles("send, all at once (POST)", sends)
    print(
        f"all {len(sends)} sends done in {burst * 1000:.0f} ms; load average before the sends "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"clients: one process, asyncio, raw HTTP/1.1, {len(sends)} connections opened at once"
        f" ({'kept' if args.keep else 'new'}); its processor time for the sends "
        f"{client * 1000:.0f} ms ({client / len(sends) * 1000:.2f} ms per send)"
    )
    if args.server_pid:
        if after[1] != before[1] or after[0] <= before[0]:
            print(
                "server processor time per send: not measured (the server's processes changed"
                f" during the sends: {sorted(before[1])} -> {sorted(after[1])})"
            )
        else:
            spent = after[0] - before[0]
            print(f"server processor time per send: {spent / len(sends) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--pupils", type=int, default=200)
    parser.add_argument("--code", default="DEMO26HE1")
    parser.add_argument("--keep", action="store_true", help="send on the kept connection")
    parser.add_argument("--server-pid", type=int, help="the server's master process (Linux)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
