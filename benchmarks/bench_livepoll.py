"""A room of participants answering one live poll question within a minute, on the HTTP server.

Run against a running platform (``kansen serve --port PORT --workers 4``) with a programme lead
account (the demo's ``projectleider``): ``.venv/bin/python benchmarks/bench_livepoll.py --url
http://127.0.0.1:PORT [--participants 300] [--seconds 60] [--user projectleider]``

The presenter (one session, logged in) makes a poll with one open question and starts it, then
asks the screen's state as ``livepoll/screen.js`` does: ``stand.json?revision=N`` every 0.5 s.
Each participant is a thread with its own session: it joins with the code, asks the phone's
``stand.json`` every 4-6 s at random as ``livepoll/participant.js`` does (``--phone-every 2``
for the earlier fixed 2 s), and sends one answer at a moment
spread evenly over ``--seconds``. Printed: percentiles of the time to send (the POST) and of
the time from the start of the POST until the presenter's screen state first holds the answer
(goal of issue 22: p95 under 2 s). The poll stays in the server's database.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import threading
import time
from datetime import date

import requests

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_POLL = re.compile(r'href="/peilingen/([0-9a-f-]{36})/"')
_CODE = re.compile(r'class="lp-code">([A-Z0-9]+)<')


def _post(
    session: requests.Session, url: str, page: str, data: dict[str, object]
) -> requests.Response:
    token = _TOKEN.search(page)
    assert token, "no form on " + url
    response = session.post(
        url,
        data={"csrfmiddlewaretoken": token.group(1), **data},
        headers={"Referer": url},
        allow_redirects=False,
    )
    assert response.status_code in (200, 302), (url, response.status_code, response.text[:300])
    return response


def presenter(base: str, user: str, password: str) -> tuple[requests.Session, str, str, int]:
    """Log in, make a poll with one open question and start it: (session, uuid, code, id)."""
    session = requests.Session()
    login = f"{base}/inloggen/"
    _post(session, login, session.get(login).text, {"username": user, "password": password})
    index = f"{base}/peilingen/"
    made = _post(
        session,
        f"{base}/peilingen/nieuw/",
        session.get(index).text,
        {"title": f"Belasting {time.time():.0f}", "meeting_on": date.today().isoformat()},
    )
    match = _POLL.search('href="' + made.headers["Location"] + '"')
    assert match, made.headers
    key = match.group(1)
    page = f"{base}/peilingen/{key}/vraag/nieuw/"
    _post(session, page, session.get(page).text, {"kind": "open", "text_nl": "Wat is uw idee?"})
    poll_page = session.get(f"{base}/peilingen/{key}/").text
    _post(session, f"{base}/peilingen/{key}/bediening/", poll_page, {"action": "start"})
    code = _CODE.search(session.get(f"{base}/peilingen/{key}/").text)
    assert code
    state = session.get(f"{base}/peilingen/{key}/scherm/stand.json").json()
    return session, key, code.group(1), state["question"]["id"]


def participant(
    base: str,
    code: str,
    question: int,
    number: int,
    at: float,
    stop: threading.Event,
    sent: dict[str, float],
    posts: list[float],
    every: float,
    failed: list[int],
) -> None:
    session = requests.Session()
    page = f"{base}/stem/{code}/"
    form = session.get(page).text
    text = f"idee {number:04d}"
    answered = False
    while not stop.is_set():
        now = time.perf_counter()
        if not answered and now >= at:
            sent[text] = time.perf_counter()
            _post(session, page, form, {"question": question, "answer": text})
            posts.append(time.perf_counter() - sent[text])
            answered = True
        try:
            session.get(f"{page}stand.json")
        except requests.ConnectionError:
            # a kept-alive connection the server closed as it was reused: participant.js
            # asks again at its next turn, and so does this phone
            failed.append(number)
        # as participant.js: 4-6 s at random (a fixed interval with --phone-every N)
        wait = every if every else random.uniform(4.0, 6.0)
        stop.wait(min(wait, max(0.0, at - time.perf_counter())) if not answered else wait)


def _percentiles(label: str, values: list[float]) -> None:
    values = sorted(values)
    q = statistics.quantiles(values, n=100)
    print(
        f"{label:<34} n={len(values):>4}  p50 {q[49] * 1000:7.0f} ms  p95 {q[94] * 1000:7.0f} ms"
        f"  p99 {q[98] * 1000:7.0f} ms  max {values[-1] * 1000:7.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--user", default="projectleider")
    parser.add_argument("--password", default="demo-kansen")
    parser.add_argument(
        "--phone-every", type=float, default=0.0, help="fixed phone interval in s (0: 4-6 s)"
    )
    args = parser.parse_args()
    base = args.url.rstrip("/")
    session, key, code, question = presenter(base, args.user, args.password)
    stop = threading.Event()
    sent: dict[str, float] = {}
    seen: dict[str, float] = {}
    posts: list[float] = []
    failed: list[int] = []
    start = time.perf_counter() + 2.0  # everyone has joined by then
    threads = [
        threading.Thread(
            target=participant,
            args=(base, code, question, n, start + args.seconds * n / args.participants, stop,
                  sent, posts, args.phone_every, failed),
            daemon=True,
        )
        for n in range(args.participants)
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    revision = None
    state_url = f"{base}/peilingen/{key}/scherm/stand.json"
    deadline = start + args.seconds + 30
    while len(seen) < args.participants and time.perf_counter() < deadline:
        asked = time.perf_counter()
        response = session.get(state_url + ("" if revision is None else f"?revision={revision}"))
        arrived = time.perf_counter()
        if response.status_code == 200:
            state = response.json()
            revision = state["revision"]
            for answer in state["question"]["answers"]:
                seen.setdefault(answer["text"], arrived)
        time.sleep(max(0.0, 0.5 - (arrived - asked)))
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    latencies = [seen[t] - sent[t] for t in sent if t in seen]
    phones = f"every {args.phone_every:g} s" if args.phone_every else "every 4-6 s"
    print(f"{args.participants} participants (phones ask {phones}), one answer each over "
          f"{args.seconds:.0f} s; {len(seen)} answers on the screen; "
          f"{len(failed)} phone state requests failed to connect")  # fmt: skip
    _percentiles("send (POST)", posts)
    _percentiles("sent -> on the presenter's screen", latencies)


if __name__ == "__main__":
    main()
