"""The public directory under load: 10,000 offers, 50 concurrent clients, gunicorn on loopback.

Run: ``.venv/bin/python benchmarks/bench_offers_search.py [--offers 10000] [--clients 50]
[--requests 2000] [--think 0] [--workers 4] [--threads 4] [--start serve|plain|both]
[--first-page-only [--rounds 3]]``

1. Makes a fresh database: SQLite in a temporary folder, or the (empty) PostgreSQL database of
   ``DATABASE_URL=postgres://...``; migrates it; loads Demostad's regulations, postcode centres
   and providers, and ``--offers`` offers varied from the demo directory (each a demo offer with
   a place in its title, shuffled sentences, other ages, cost and languages, its locations moved
   up to 2 km; every translation kept: 5 per offer).
2. Starts the platform on 127.0.0.1 on a free port with the gunicorn command line of ``kansen
   serve`` (its defaults: synchronous workers, one process per core, at least two; ``--workers``
   changes them, ``--threads`` 2 and up gives threaded workers, each taking at most
   ``--worker-connections`` connections, default twice its threads; the platform loaded and
   warmed once before the workers fork: ``--preload``), with the settings from the environment
   as ``make demo`` has them; ``--start plain`` leaves ``--preload``
   out (each worker loads the platform itself, as this benchmark started it before), for comparison.
   The time to the first page after start: from launching the server to the moment its port accepts
   a connection ("listening"), then right away, one after the other, a visitor's first pages
   (``/aanbod/?q=huiswerk``, ``/``, ``/aanbod/?q=zwemles``, then the first search in each other
   language: Arabic, English, Turkish, Polish, Ukrainian), each on a new connection: the time from
   listening to the first page's answer, and from the launch. A page that lands on a worker that has
   not loaded the platform waits for it. ``--first-page-only`` stops here, after ``--rounds`` starts
   on the same database (with ``--start both``: plain and serve alternated, each start cold).
3. Warms every worker, prints the memory of each (resident set, proportional set and private
   memory: the index built before forking is shared until a worker builds its own), changes an
   offer in the database and times right away the first search in every language, then how
   long until every worker shows the change (each rebuilds in a thread while its previous
   snapshot answers, ADR 0031), and prints the workers' memory again, each holding its own
   snapshot now. Then runs, one after the other, the same load against:
   * ``baseline``: a static file through the whole stack (``/static/directory/directory.css``,
     WhiteNoise inside Django): what a request costs without any search;
   * ``page``: the search page ``/aanbod/?q=...`` with a realistic mix of queries (words,
     compounds, typos, filters, an age, a postcode with sorting by distance, page 2, Arabic);
     popular searches repeat, so most of these pages come from the process's page cache;
   * ``page new``: the same mix with a parameter of its own on every URL, so that every page
     is searched and rendered (no page cache): the cost of a search nobody did before;
   * ``api``: the same mix through ``/api/offers/GM9999/offers``.
   Each client is a thread with an ``http.client`` connection (``kansen serve`` answers each
   request on a connection of its own: the client connects again); ``--think`` is the
   mean pause of a client between its requests in seconds, also before its first request, so
   that the clients do not all start in the same instant (0: every client asks again at once,
   which saturates the server: latency is then concurrency / throughput).
4. Prints requests/s and the 50th, 95th and 99th percentile latency of each, and the ratio of
   each to the baseline. Target (issue 6): p95 < 100 ms with 50 clients.

The client runs on the same machine as the server and competes with it for the CPUs; the
figures are therefore pessimistic for the server. Under each scenario the script prints the
time the requests spent inside the server (gunicorn's access log) and, on Linux, the share of
CPU time the hypervisor took for other machines while it ran ("stolen"): on a shared virtual
machine that share can reach half and then every figure of the scenario doubles; compare runs
only where little was stolen.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
MUNICIPALITY = "GM9999"
PLACES = ("Noord", "Oost", "Zuid", "West", "Centrum", "Haven", "Dorp", "Park")

#: The mix of searches: (query parameters of the page, of the API).
MIX: list[tuple[dict[str, str], dict[str, str]]] = [
    ({"q": "huiswerk"}, {"q": "huiswerk"}),
    ({"q": "zwemles"}, {"q": "zwemles"}),
    ({"q": "voetbal"}, {"q": "voetbal"}),
    ({"q": "sporten"}, {"q": "sporten"}),
    ({"q": "taalcafe"}, {"q": "taalcafe"}),
    ({"q": "gratis bijles wiskunde"}, {"q": "gratis bijles wiskunde"}),
    ({"q": "laptop voor school"}, {"q": "laptop voor school"}),
    ({"q": "hulp bij schulden"}, {"q": "hulp bij schulden"}),
    ({"q": "kleding voor mijn kinderen"}, {"q": "kleding voor mijn kinderen"}),
    ({"q": "huiswerkbegeleidng"}, {"q": "huiswerkbegeleidng"}),
    ({"q": "muziekles", "leeftijd": "9"}, {"q": "muziekles", "age": "9"}),
    ({"soort": "sport", "leeftijd": "8"}, {"support_type": "sport", "age": "8"}),
    ({"soort": "taal", "kosten": "free"}, {"support_type": "taal", "cost": "free"}),
    (
        {"q": "sport", "postcode": "9991", "sorteer": "afstand"},
        {"q": "sport", "postcode": "9991", "sort": "distance"},
    ),
    ({"postcode": "9994", "sorteer": "afstand"}, {"postcode": "9994", "sort": "distance"}),
    ({"q": "opvoeding", "pagina": "2"}, {"q": "opvoeding", "page": "2"}),
    ({"q": "huiswerk", "taal": "ar"}, {"q": "huiswerk", "language": "ar"}),
    ({}, {}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_database(offers: int, seed: int = 6) -> None:
    """Migrate and fill the database the environment points at (Django set up here)."""
    import django

    django.setup()
    from dataclasses import replace

    from django.core.management import call_command

    from kansen.demo import build_demostad, demo_postcode_areas
    from kansen.offers import AUDIENCES, COSTS, LANGUAGES, demo_directory
    from kansen.web.accounts.models import Municipality
    from kansen.web.areas.models import Area
    from kansen.web.directory.models import (
        DirectorySettings,
        Offer,
        OfferLocation,
        OfferTranslation,
        PostcodeArea,
        Provider,
    )
    from kansen.web.regulations.models import Regulation
    from kansen.web.regulations.services import load_demo_regulations

    call_command("migrate", verbosity=0)
    if Offer.objects.exists():
        raise SystemExit("the database is not empty: give a fresh one")
    municipality = Municipality.objects.create(code=MUNICIPALITY, name="Demostad", slug="demostad")
    DirectorySettings.objects.create(municipality=municipality)
    Area.objects.bulk_create(
        Area(
            code=b.code,
            year=2024,
            level="buurt",
            name=b.name,
            municipality_code=MUNICIPALITY,
            point_x=b.geometry_rd.representative_point().x,
            point_y=b.geometry_rd.representative_point().y,
        )
        for b in build_demostad().buurten
    )
    PostcodeArea.objects.bulk_create(
        PostcodeArea(code=code, x=x, y=y, place="Demostad")
        for code, (x, y) in demo_postcode_areas().items()
    )
    load_demo_regulations(municipality)
    regulations = {r.code: r for r in Regulation.objects.filter(municipality=municipality)}
    directory = demo_directory()
    providers = {
        p.id: Provider.objects.create(
            municipality=municipality, slug=p.id, name=p.name, website=p.website, email=p.email
        )
        for p in directory.providers
    }
    rng = random.Random(seed)
    bases = [o for o in directory.offers if o.is_published]
    buurten = sorted({loc.buurt_code for o in bases for loc in o.locations if loc.buurt_code})
    rows, locations, translations = [], [], []
    for number in range(offers):
        base = bases[number % len(bases)]
        sentences = [s for s in base.description.split(". ") if s]
        rng.shuffle(sentences)
        low = rng.choice([None, 0, 2, 4, 6, 8, 12])
        record = replace(
            base,
            id=f"{base.id}-{number}",
            title=f"{base.title} {rng.choice(PLACES)} {number}",
            description=". ".join(sentences),
            age_min=low,
            age_max=None if low is None else low + rng.choice([4, 6, 10]),
            audiences=tuple(rng.sample(list(AUDIENCES), rng.randint(1, 2))),
            cost=rng.choice(list(COSTS)),
            languages=tuple(dict.fromkeys(("nl", *rng.sample(list(LANGUAGES), 1)))),
        )
        rows.append(
            Offer(
                municipality=municipality,
                provider=providers[record.provider],
                slug=record.id,
                title=record.title,
                summary=record.summary,
                description=record.description,
                support_types=list(record.support_types),
                age_min=record.age_min,
                age_max=record.age_max,
                audiences=list(record.audiences),
                cost=record.cost,
                cost_amount=record.cost_amount,
                cost_note=record.cost_note,
                languages=list(record.languages),
                apply_route=record.apply_route,
                how_to_apply=record.how_to_apply,
                email=record.email,
                phone=record.phone,
                website=record.website,
                capacity=record.capacity,
                regulation=regulations.get(record.regulation),
                last_checked=record.last_checked,
            )
        )
        locations.append(
            [
                dict(
                    name=loc.name,
                    address=loc.address,
                    postcode=loc.postcode,
                    city=loc.city,
                    buurt_code=rng.choice(buurten),
                    x=None if loc.x is None else loc.x + rng.uniform(-2000, 2000),
                    y=None if loc.y is None else loc.y + rng.uniform(-2000, 2000),
                )
                for loc in record.locations
            ]
        )
        translations.append(record.translations)
    Offer.objects.bulk_create(rows, batch_size=1000)
    OfferLocation.objects.bulk_create(
        (
            OfferLocation(offer=offer, **loc)
            for offer, locs in zip(rows, locations, strict=True)
            for loc in locs
        ),
        batch_size=2000,
    )
    OfferTranslation.objects.bulk_create(
        (
            OfferTranslation(
                offer=offer,
                language=code,
                title=t.title,
                summary=t.summary,
                description=t.description,
                how_to_apply=t.how_to_apply,
            )
            for offer, texts in zip(rows, translations, strict=True)
            for code, t in texts.items()
        ),
        batch_size=2000,
    )
    print(
        f"database: {Offer.objects.count():,} offers, {OfferLocation.objects.count():,} "
        f"locations, {OfferTranslation.objects.count():,} translations, "
        f"{Provider.objects.count()} providers"
    )


@dataclass
class Outcome:
    latencies: list[float]
    errors: int
    seconds: float


def get(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path, headers={"Accept-Language": "nl"})
    response = conn.getresponse()
    response.read()
    return response.status


def load(
    port: int,
    paths: list[str],
    clients: int,
    requests: int,
    think: float,
    unique: bool = False,
) -> Outcome:
    """``requests`` GETs of ``paths`` (round robin, shuffled) by ``clients`` threads; with
    ``unique``, each URL gets a parameter of its own (``&u=17``) that the page ignores, so
    no rendered page can be reused."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    start_gate = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        nonlocal errors
        rng = random.Random(number)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        failed = 0
        start_gate.wait()
        if think:
            # a client that has just "thought": the clients arrive spread out as in steady
            # use, not all fifty in the same millisecond (a burst no real audience makes)
            time.sleep(rng.expovariate(1 / think))
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path = paths[(n * 7 + number) % len(paths)]
            if unique:
                path += f"&u={n}"
            began = time.perf_counter()
            try:
                status = get(conn, path)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            mine.append(time.perf_counter() - began)
            if status != 200:
                failed += 1
            if think:
                time.sleep(rng.expovariate(1 / think))
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    start_gate.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return Outcome(latencies, errors, time.perf_counter() - began)


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if values else 0.0


class ServerLog:
    """gunicorn's access log of the run: the time of each request inside the server."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0

    def since(self) -> list[float]:
        """The server times (seconds) logged since the previous call."""
        with self.path.open("rb") as file:
            file.seek(self.offset)
            lines = file.read().splitlines()
            self.offset = file.tell()
        return [int(line) / 1e6 for line in lines if line.strip().isdigit()]


class Steal:
    """The share of CPU time the hypervisor gave to other machines (``steal`` in /proc/stat).

    On a shared virtual machine this varies from minute to minute and makes every figure
    slower; a scenario measured while much was stolen says more about the host than about
    the platform. Linux only; elsewhere the share is unknown (None).
    """

    def __init__(self) -> None:
        self.last = self.read()

    @staticmethod
    def read() -> tuple[int, int] | None:
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        except OSError:
            return None
        ticks = [int(f) for f in fields[:8]]  # user nice system idle iowait irq softirq steal
        return ticks[7] if len(ticks) == 8 else 0, sum(ticks)

    def since(self) -> float | None:
        """The share stolen since the previous call, 0 to 1."""
        now, last = self.read(), self.last
        self.last = now
        if now is None or last is None or now[1] == last[1]:
            return None
        return (now[0] - last[0]) / (now[1] - last[1])


def report(
    label: str,
    outcome: Outcome,
    baseline: Outcome | None,
    server: list[float] | None = None,
    stolen: float | None = None,
) -> None:
    lat = outcome.latencies
    p50, p95, p99 = (percentile(lat, q) * 1000 for q in (50, 95, 99))
    rate = len(lat) / outcome.seconds
    line = (
        f"{label:<9} {len(lat):5d} req  {outcome.errors:3d} err  {rate:8.1f} req/s  "
        f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms"
    )
    if baseline is not None:
        base95 = percentile(baseline.latencies, 95) * 1000
        base_rate = len(baseline.latencies) / baseline.seconds
        line += f"   p95 x{p95 / base95:5.1f}, req/s x{rate / base_rate:4.2f} of baseline"
    if server:
        s50, s95 = (percentile(server, q) * 1000 for q in (50, 95))
        line += f"\n{'':<9} inside the server: p50 {s50:7.1f} ms  p95 {s95:7.1f} ms"
    if stolen is not None:
        line += f"  (CPU time stolen by the host: {stolen:.0%})"
    print(line, flush=True)


def wait_until_up(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            get(conn, "/static/directory/directory.css")
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


#: A visitor's first pages after the server starts (the directory's search, then the home page,
#: then a search in the offers' texts of every other language: before ADR 0031 each had an index
#: of its own, built on its first use).
FIRST_PAGES = (
    "/aanbod/?q=huiswerk",
    "/",
    "/aanbod/?q=zwemles",
    "/aanbod/?q=huiswerk&taal=ar",
    "/aanbod/?q=huiswerk&taal=en",
    "/aanbod/?q=huiswerk&taal=tr",
    "/aanbod/?q=huiswerk&taal=pl",
    "/aanbod/?q=huiswerk&taal=uk",
)


def worker_memory(server: subprocess.Popen[bytes], label: str) -> None:
    """Print the resident set (RSS), proportional set (PSS: shared pages divided among the
    processes sharing them) and private memory of every gunicorn worker, in MiB (Linux)."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        print(f"worker memory ({label}): not readable here")
        return
    rows = []
    for pid in children:
        fields: dict[str, int] = {}
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
                name, value, *_ = line.split()
                fields[name.rstrip(":")] = int(value)
        except OSError:
            continue
        private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        rows.append((fields.get("Rss", 0) / 1024, fields.get("Pss", 0) / 1024, private / 1024))
    print(
        f"worker memory ({label}), MiB per worker (RSS / PSS / private): "
        + "; ".join(f"{r:.0f} / {p:.0f} / {v:.0f}" for r, p, v in rows),
        flush=True,
    )


def after_a_change(port: int, workers: int) -> None:
    """Change an offer's title in the database, then right away time the first search in
    every language (each on a new connection), then how long until the change shows in the
    results of every worker (each rebuilds its snapshot; the previous one answers meanwhile)."""
    from django.utils import timezone

    from kansen.web.directory.models import Offer

    word = f"veranderd{secrets.randbelow(10**6)}"
    offer = Offer.objects.order_by("id").first()
    assert offer is not None
    changed = time.perf_counter()
    Offer.objects.filter(pk=offer.pk).update(
        title=f"{offer.title} {word}", updated_at=timezone.now()
    )
    times = []
    for path in [p for p in FIRST_PAGES if p.startswith("/aanbod/")]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        began = time.perf_counter()
        status = get(conn, path + "&u=change")
        conn.close()
        if status != 200:
            raise SystemExit(f"{path} answered {status} after a change")
        times.append(time.perf_counter() - began)
    print(
        "after a change of the directory, the first search in nl, nl, ar, en, tr, pl, uk: "
        + ", ".join(f"{t:.3f}" for t in times)
        + " s",
        flush=True,
    )
    # until every worker shows it: as many hits in a row as there are workers' threads x 4
    shown_in_a_row = 0
    while shown_in_a_row < workers * 4 and time.perf_counter() - changed < 600:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("GET", f"/aanbod/?q={word}", headers={"Accept-Language": "nl"})
        shown = offer.slug.encode() in conn.getresponse().read()
        conn.close()
        shown_in_a_row = shown_in_a_row + 1 if shown else 0
        time.sleep(0.05)
    print(f"the change shows in every worker {time.perf_counter() - changed:.1f} s after it")


def first_pages(
    port: int, process: subprocess.Popen[bytes], launched: float, start: str
) -> list[float]:
    """Wait until the port accepts a connection, then time :data:`FIRST_PAGES` one after the
    other (each on a new connection, to its answer); print and return the times from
    listening."""
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped with {process.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit("gunicorn did not listen within 300 s")
        with socket.socket() as probe:
            probe.settimeout(0.2)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.01)
    listening = time.perf_counter()
    times: list[float] = []
    for path in FIRST_PAGES:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        status = get(conn, path)
        conn.close()
        if status != 200:
            raise SystemExit(f"{path} answered {status} after the start")
        times.append(time.perf_counter() - listening)
    answered = [b - a for a, b in zip([0.0, *times], times, strict=False)]
    print(
        f"start ({start}): listening {listening - launched:.1f} s after the launch; "
        f"first page {times[0]:.2f} s after listening ({listening - launched + times[0]:.1f} s "
        f"after the launch); the first {len(times)} pages each "
        + ", ".join(f"{t:.2f}" for t in answered)
        + " s",
        flush=True,
    )
    return times


def launch(
    port: int,
    start: str,
    args: argparse.Namespace,
    folder: str,
    env: dict[str, str],
    access_log: Path,
) -> tuple[subprocess.Popen[bytes], float]:
    """Start the server as ``kansen serve`` does (``start`` "serve") or without ``--preload``
    ("plain"); return it and the moment it was launched."""
    from kansen.web.cli import gunicorn_command

    command = gunicorn_command(
        port=port,
        workers=args.workers,
        threads=args.threads,
        data_dir=Path(folder),
        control_socket=False,
        worker_connections=args.worker_connections,
    )
    if start == "plain":
        command.remove("--preload")
    command += [  # gunicorn takes the last of a repeated option
        "--timeout",
        "600",
        "--log-level",
        "warning",
        # the time each request took inside the server (microseconds): to tell the server's
        # own time from the waiting on the CPUs the clients share with it
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(D)s",
    ]
    launched = time.perf_counter()
    return subprocess.Popen(command, env=env, cwd=folder), launched


def main() -> None:
    from kansen.web.cli import THREADS, default_workers

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2_000, help="per scenario")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause per client (s)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument(
        "--worker-connections",
        type=int,
        help="threaded workers: default kansen serve's (twice the threads)",
    )
    parser.add_argument(
        "--start",
        choices=("serve", "plain", "both"),
        default="serve",
        help="serve: kansen serve's command line (--preload); plain: without --preload; "
        "both (with --first-page-only): plain and serve alternated",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="with --first-page-only: starts of each"
    )
    parser.add_argument("--first-page-only", action="store_true", help="stop after the first pages")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="kansen-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansen.web.settings",
        "KANSEN_DATA_DIR": tmp.name,
        "KANSEN_LOG_LEVEL": "ERROR",
        "KANSEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # the server refuses to start without a key (kansen.web.secret_key): one for this run
        "KANSEN_SECRET_KEY": os.environ.get("KANSEN_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    os.environ.update(env)
    database = os.environ.get("DATABASE_URL", "").split("@")[-1] or f"SQLite in {tmp.name}"
    print(f"database: {database}")
    began = time.perf_counter()
    make_database(args.offers)
    print(f"filled in {time.perf_counter() - began:.1f} s")

    access_log = Path(tmp.name) / "access.log"
    if args.first_page_only:
        # plain and serve alternated on the same database, each start cold, in one series
        for _ in range(args.rounds):
            for start in ("plain", "serve") if args.start == "both" else (args.start,):
                port = free_port()
                server, launched = launch(port, start, args, tmp.name, env, access_log)
                try:
                    first_pages(port, server, launched, start)
                finally:
                    server.terminate()
                    server.wait(timeout=60)
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        tmp.cleanup()
        return
    port = free_port()
    server, launched = launch(port, args.start, args, tmp.name, env, access_log)
    try:
        first_pages(port, server, launched, args.start)
        wait_until_up(port, server)
        page_paths = [f"/aanbod/?{urlencode(p)}" for p, _ in MIX]
        api_paths = [f"/api/offers/{MUNICIPALITY}/offers?{urlencode(a)}" for _, a in MIX]
        # every worker builds its snapshot and its Dutch and Arabic indexes on first use: warm
        # up (many connections, so that every worker gets every kind) until nothing waits
        began = time.perf_counter()
        for _ in range(30):
            warm = load(port, page_paths + api_paths, args.workers * args.threads * 2, 300, 0)
            if max(warm.latencies) < 2.0:
                break
        print(f"warm-up (index of every worker): {time.perf_counter() - began:.1f} s")
        worker_memory(server, "after start and warm-up: the index built before forking")
        after_a_change(port, args.workers)
        for _ in range(3):  # every worker has searched its own new snapshot
            load(port, page_paths, args.workers * args.threads * 2, 300, 0, unique=True)
        worker_memory(server, "after a change: every worker built its own")
        print(
            f"{args.clients} clients, {args.requests} requests per scenario, think "
            f"{args.think} s, gunicorn {args.workers} workers x {args.threads} threads, "
            f"{os.cpu_count()} CPUs shared with the clients"
        )
        log = ServerLog(access_log)
        log.since()
        steal = Steal()
        baseline = load(
            port, ["/static/directory/directory.css"], args.clients, args.requests, args.think
        )
        report("baseline", baseline, None, log.since(), steal.since())
        for label, paths, unique in (
            ("page", page_paths, False),
            ("page new", page_paths, True),
            ("api", api_paths, False),
        ):
            outcome = load(port, paths, args.clients, args.requests, args.think, unique)
            report(label, outcome, baseline, log.since(), steal.since())
    finally:
        server.terminate()
        server.wait(timeout=30)
        tmp.cleanup()


if __name__ == "__main__":
    main()
