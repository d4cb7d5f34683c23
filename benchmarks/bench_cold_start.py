"""The first pages after ``kansen serve`` starts: time to first byte of each, cold.

Run: ``.venv/bin/python benchmarks/bench_cold_start.py [--runs 3] [--workers 4]``

1. Sets up Demostad in a fresh data folder (``kansen setup-demo``), as ``make demo`` does.
2. Starts ``kansen serve`` on a free port on 127.0.0.1 and notes when the port first accepts a
   connection ("listening").
3. Right away, one request after the other, as a visitor who just opened the site and logs in:
   ``/``, ``/aanbod/``, the login page, the login itself and ``/gebieden/`` as the analyst.
   Each is timed from sending the request to its status line and headers (first byte; the
   platform sends whole pages, so the body follows at once).
4. Then ``/`` and ``/gebieden/`` again (best of three): the same pages warm, for reference.
5. Stops the server and starts it again for the next run: every run is a cold start.

Every worker that has not answered a request yet is cold, so with several workers the first
pages may each land on a different cold worker: the figures are the worst a visitor meets.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

KANSEN = str(Path(sys.executable).with_name("kansen"))
PAGES = ["/", "/aanbod/", "/inloggen/", "login", "/gebieden/"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(port: int, server: subprocess.Popen[bytes], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped with exit code {server.returncode}")
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise SystemExit(f"the server did not listen on {port} within {limit} s")


class Visitor:
    """One browser: keeps its cookies, opens a new connection per request (as after a start)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[float, int, str]:
        headers = {"Host": "127.0.0.1", "Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/inloggen/"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        began = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        first_byte = time.perf_counter() - began
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return first_byte, response.status, text


def one_run(port: int, env: dict[str, str], cwd: str, workers: int) -> dict[str, float]:
    command = [KANSEN, "serve", "--port", str(port), "--workers", str(workers)]
    began = time.perf_counter()
    server = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_listening(port, server)
        times = {"listening": time.perf_counter() - began}
        visitor = Visitor(port)
        for page in PAGES:
            if page == "login":
                csrf = visitor.cookies.get("csrftoken", "")
                body = urlencode(
                    {
                        "csrfmiddlewaretoken": csrf,
                        "username": "analist",
                        "password": "demo-kansen",
                        "next": "/gebieden/",
                    }
                )
                seconds, status, _ = visitor.request("POST", "/inloggen/", body)
                if status != 302:
                    raise SystemExit(f"logging in answered {status}, expected 302")
            else:
                seconds, status, text = visitor.request("GET", page)
                if status != 200:
                    raise SystemExit(f"{page} answered {status}, expected 200")
                if page == "/gebieden/" and not re.search(r"uitloggen", text, re.IGNORECASE):
                    raise SystemExit("/gebieden/ did not show the logged-in page")
            times[page] = seconds
        # the same pages again, now that the server has answered them: the warm reference
        for page in ("/", "/gebieden/"):
            times["again " + page] = min(visitor.request("GET", page)[0] for _ in range(3))
        return times
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--data-dir", help="a data folder set up before (kansen setup-demo): used as it is"
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="kansen-cold-")
    folder = args.data_dir or tmp.name
    env = {k: v for k, v in os.environ.items() if k not in ("KANSEN_SECRET_KEY", "KANSEN_DEBUG")}
    env.update({"KANSEN_DATA_DIR": folder, "KANSEN_LOG_LEVEL": "ERROR"})
    if not args.data_dir:
        began = time.perf_counter()
        subprocess.run(
            [KANSEN, "setup-demo"], env=env, cwd=folder, check=True, stdout=subprocess.DEVNULL
        )
        print(f"kansen setup-demo: {time.perf_counter() - began:.1f} s")
    runs = [one_run(free_port(), env, folder, args.workers) for _ in range(args.runs)]
    print(f"{args.runs} cold starts of `kansen serve --workers {args.workers}` (seconds)")
    print(f"{'':<22}" + "".join(f"{'run ' + str(i + 1):>8}" for i in range(args.runs)) + "  median")
    for key in ["listening", *PAGES, "again /", "again /gebieden/"]:
        label = {"listening": "start to listening", "login": "POST /inloggen/"}.get(key, key)
        values = [run[key] for run in runs]
        cells = "".join(f"{v:8.2f}" for v in values)
        print(f"{label:<22}{cells}{statistics.median(values):8.2f}")


if __name__ == "__main__":
    main()
