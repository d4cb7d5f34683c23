"""`kansen serve`: each instance has its own gunicorn control socket (a second instance used to
take over the first one's ~/.gunicorn/gunicorn.ctl), and the platform is loaded and warmed once
before the workers fork (--preload)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from kansen.web.cli import gunicorn_command


def _option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_two_instances_have_their_own_control_socket_in_their_data_folder(tmp_path):
    first = gunicorn_command(port=8101, workers=4, threads=4, data_dir=tmp_path / "a")
    second = gunicorn_command(port=8102, workers=4, threads=4, data_dir=tmp_path / "b")
    assert _option(first, "--control-socket") == str(tmp_path / "a" / "gunicorn-8101.ctl")
    assert _option(second, "--control-socket") == str(tmp_path / "b" / "gunicorn-8102.ctl")


def test_two_instances_on_one_data_folder_differ_by_port(tmp_path):
    sockets = {
        _option(
            gunicorn_command(port=p, workers=1, threads=1, data_dir=tmp_path), "--control-socket"
        )
        for p in (8101, 8102)
    }
    assert sockets == {str(tmp_path / "gunicorn-8101.ctl"), str(tmp_path / "gunicorn-8102.ctl")}


def test_the_control_socket_can_be_left_out(tmp_path):
    args = gunicorn_command(
        port=8101, workers=1, threads=1, data_dir=tmp_path, control_socket=False
    )
    assert "--no-control-socket" in args
    assert "--control-socket" not in args


def test_the_platform_is_loaded_once_before_the_workers_fork(tmp_path):
    args = gunicorn_command(port=8101, workers=4, threads=4, data_dir=tmp_path)
    assert "--preload" in args
    assert _option(args, "--bind") == "127.0.0.1:8101"


def test_one_thread_per_worker_makes_synchronous_workers(tmp_path):
    """A synchronous worker answers one request per connection, with none of the threaded
    worker's hand-offs (ADR 0026, fourth amendment); the threaded worker's options are left
    out, since gunicorn would switch to threaded workers for ``--threads`` above one."""
    args = gunicorn_command(port=8101, workers=3, threads=1, data_dir=tmp_path)
    assert _option(args, "--worker-class") == "sync"
    assert _option(args, "--workers") == "3"
    assert "--threads" not in args
    assert "--worker-connections" not in args
    assert _option(args, "--keep-alive") == "0"


def test_a_threaded_worker_takes_at_most_twice_its_threads_in_connections(tmp_path):
    """Unbounded (gunicorn's 1,000), one worker accepted nearly every connection of a burst
    while the others idled (ADR 0026, third amendment)."""
    args = gunicorn_command(port=8101, workers=2, threads=2, data_dir=tmp_path)
    assert _option(args, "--worker-class") == "gthread"
    assert _option(args, "--threads") == "2"
    assert _option(args, "--worker-connections") == "4"
    assert _option(args, "--keep-alive") == "0"  # a kept-alive client would hold a place
    wider = gunicorn_command(
        port=8101, workers=2, threads=3, data_dir=tmp_path, worker_connections=50
    )
    assert _option(wider, "--worker-connections") == "50"


def test_serve_starts_a_synchronous_worker_per_core_and_one_more(tmp_path, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from kansen.web import cli

    app = typer.Typer()
    cli.register(app)  # as the ``kansen.cli`` entry point does

    started: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execvp", lambda _file, args: started.append(args))
    monkeypatch.setattr(cli, "cores", lambda: 3)
    result = CliRunner().invoke(
        app, ["serve", "--port", "8103"], env={"KANSEN_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    (args,) = started
    assert (_option(args, "--workers"), _option(args, "--worker-class")) == ("3", "sync")
    assert "--threads" not in args
    result = CliRunner().invoke(
        app,
        [
            "serve",
            "--port",
            "8103",
            "--workers",
            "4",
            "--threads",
            "4",
            "--worker-connections",
            "9",
        ],
        env={"KANSEN_DATA_DIR": str(tmp_path)},
    )
    assert result.exit_code == 0, result.output
    assert [
        _option(started[1], o)
        for o in ("--workers", "--worker-class", "--threads", "--worker-connections")
    ] == ["4", "gthread", "4", "9"]


def test_default_workers_are_one_per_core_and_at_least_two(monkeypatch):
    """One synchronous worker per core; two on one core, so that one slow request does not
    hold every other."""
    from kansen.web import cli

    for found, expected in ((1, 2), (2, 2), (3, 3), (8, 8)):
        monkeypatch.setattr(cli, "cores", lambda found=found: found)
        assert cli.default_workers() == expected


def test_cores_counts_the_processors_this_process_may_use(monkeypatch):
    """The processors it is allowed on (a container or taskset may give fewer than the
    machine has), the machine's count where the system cannot tell, and at least one."""
    from kansen.web import cli

    monkeypatch.setattr(cli.os, "sched_getaffinity", lambda _pid: {0, 3, 5}, raising=False)
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 8)
    assert cli.cores() == 3
    monkeypatch.delattr(cli.os, "sched_getaffinity")
    assert cli.cores() == 8
    monkeypatch.setattr(cli.os, "cpu_count", lambda: None)
    assert cli.cores() == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_second_server_leaves_the_first_ones_control_socket_alone(tmp_path):
    """Two real gunicorn servers from one data folder: both sockets exist side by side."""
    data = tmp_path / "var"
    env = {
        **os.environ,
        "KANSEN_DATA_DIR": str(data),
        "KANSEN_WARM_UP": "false",  # the sockets are the point here, not the warming
        "DJANGO_SETTINGS_MODULE": "kansen.web.settings",
    }
    ports = [_free_port(), _free_port()]
    servers = []
    try:
        for port in ports:
            args = gunicorn_command(port=port, workers=1, threads=1, data_dir=data)
            servers.append(
                subprocess.Popen(
                    args, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
            )
        sockets = [data / f"gunicorn-{port}.ctl" for port in ports]
        deadline = time.monotonic() + 240
        while not all(s.exists() for s in sockets) and time.monotonic() < deadline:
            assert all(server.poll() is None for server in servers), "a server stopped"
            time.sleep(0.2)
        assert all(s.is_socket() for s in sockets)
        time.sleep(1)  # the second server had every chance to remove the first one's
        assert all(s.is_socket() for s in sockets)
        assert not (Path.home() / ".gunicorn" / f"gunicorn-{ports[0]}.ctl").exists()
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
                server.kill()
                pytest.fail("a server did not stop on SIGTERM")


def test_the_access_log_has_no_line_for_a_pupils_page(tmp_path):
    """A real server: a staff page gets its access line, a pupil's page (the path holds the class
    code) none, so the log cannot say that someone at an address answered in a class; the
    platform's error lines about a pupil's page keep the prefix only."""
    import contextlib
    import urllib.error
    import urllib.request

    data = tmp_path / "var"
    env = {
        **os.environ,
        "KANSEN_DATA_DIR": str(data),
        "KANSEN_WARM_UP": "false",
        "DJANGO_SETTINGS_MODULE": "kansen.web.settings",
    }
    port = _free_port()
    args = gunicorn_command(port=port, workers=1, threads=1, data_dir=data, control_socket=False)
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(args, env=env, cwd=tmp_path, stdout=out, stderr=out)
    try:

        def get(path: str) -> None:
            # the status does not matter here (the folder has no database: errors are logged)
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).close()

        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, log.read_text(errors="replace")
            try:
                get("/static/missing.txt")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.3)
        get("/jeugdpanel/k/ABCDEF/")
        get("/jeugdpanel/doe-mee/?code=ABCDEF")
        get("/inloggen/")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    text = log.read_text(errors="replace")
    assert '"GET /inloggen/ HTTP/1.1"' in text
    assert "ABCDEF" not in text
    assert "/jeugdpanel/k/..." in text  # the error of the page without a database, redacted
    assert '"GET /jeugdpanel/' not in text
