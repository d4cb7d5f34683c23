"""A map is built once: a request that comes while the same map is being built (by the build
after an import in this process, or by another worker) waits for it and takes it instead of
building it again (areas.mapcache.build_once)."""

from __future__ import annotations

import gzip
import os
import threading
import time

import pytest

from kansen.web.areas import mapcache

KEY = "a" * 64


def _builder(calls: list[int], text: str = '{"type":"FeatureCollection","features":[]}'):
    def build() -> str:
        calls.append(1)
        time.sleep(0.3)  # long enough for the other thread to come meanwhile
        return text

    return build


def test_two_threads_asking_for_the_same_map_build_it_once():
    calls: list[int] = []
    found: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: found.append(mapcache.build_once(KEY, _builder(calls))))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]
    assert len(found) == 3
    assert len(set(found)) == 1
    assert gzip.decompress(found[0]) == b'{"type":"FeatureCollection","features":[]}'
    assert not (mapcache.folder() / f"{KEY}.building").exists()


def test_a_map_another_process_is_building_is_waited_for():
    marker = mapcache.folder() / f"{KEY}.building"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()  # another worker builds it

    def other_worker() -> None:
        time.sleep(0.3)
        mapcache._write(KEY, gzip.compress(b'{"from":"the other worker"}'))
        marker.unlink()

    thread = threading.Thread(target=other_worker)
    thread.start()
    calls: list[int] = []
    body = mapcache.build_once(KEY, _builder(calls))
    thread.join()
    assert calls == []
    assert gzip.decompress(body) == b'{"from":"the other worker"}'


def test_a_build_that_stopped_is_not_waited_for():
    marker = mapcache.folder() / f"{KEY}.building"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    old = time.time() - mapcache.STALE_SECONDS - 1
    os.utime(marker, (old, old))  # a worker that stopped long ago
    calls: list[int] = []
    started = time.monotonic()
    mapcache.build_once(KEY, _builder(calls))
    assert calls == [1]
    assert time.monotonic() - started < 5
    assert not marker.exists()


def test_when_the_other_build_fails_the_map_is_built_here():
    marker = mapcache.folder() / f"{KEY}.building"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()

    def failing_worker() -> None:
        time.sleep(0.2)
        marker.unlink()  # gone without a map

    thread = threading.Thread(target=failing_worker)
    thread.start()
    calls: list[int] = []
    body = mapcache.build_once(KEY, _builder(calls, '{"built":"here"}'))
    thread.join()
    assert calls == [1]
    assert gzip.decompress(body) == b'{"built":"here"}'


def test_a_failed_build_lets_the_next_request_build(tmp_path):
    def failing() -> str:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        mapcache.build_once(KEY, failing)
    assert not (mapcache.folder() / f"{KEY}.building").exists()
    calls: list[int] = []
    mapcache.build_once(KEY, _builder(calls))
    assert calls == [1]
