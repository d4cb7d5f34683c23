"""The other languages' words numbered in a process of their own (:mod:`kansen.search._worker`,
issue 21): the same index as numbered in the building process, with every kind of text."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kansen.search import Documents, SearchIndex, _index, _worker

#: Texts of every kind the numbering handles apart: Latin-1, the table's, İ, a capital sigma,
#: beyond the BMP, a lone surrogate, the break character inside a text, empty fields.
TEXTS = [
    "Swimming lessons for children",
    "Уроки плавання для дітей",
    "Çocuklar için yüzme dersi İstanbul İzmir",
    "ΟΔΟΣ ΣΟΦΟΣ κολύμβηση",
    "𝐒𝐰𝐢𝐦 😀 club",
    "Héllo \ud800 swimming",
    "homework\0help",
    "",
]


def _documents(count: int) -> list[Documents]:
    ids = [f"d{i}" for i in range(count)]
    titles = [f"Zwemles {i % 97} voor kinderen" for i in range(count)]

    def translation(i: int, shift: int) -> tuple[str, ...] | None:
        if i % 11 == 0:
            return None
        return (TEXTS[(i + shift) % len(TEXTS)], f"group {i % 13}", TEXTS[(i * 7) % len(TEXTS)])

    return [
        Documents(
            ids=ids[start : start + 1000],
            fields={"title": titles[start : start + 1000]},
            translations={
                code: [translation(i, shift) for i in range(start, min(start + 1000, count))]
                for shift, code in enumerate(["ar", "en", "tr", "uk"])
            },
        )
        for start in range(0, count, 1000)
    ]


QUERIES = ["swimming", "zwemles", "İstanbul", "istanbul", "οδος", "σοφος", "help", "homework"]
QUERIES += ["плавання", "yüzme", "group", "12", "club", "héllo", "swiming"]


def _answers(index: SearchIndex) -> list[tuple[object, ...]]:
    answers: list[tuple[object, ...]] = []
    for language in (None, "ar", "en", "tr", "uk"):
        for text in QUERIES:
            found = index.translated(language).search(text, limit=50)
            answers.append((language, text, found.total, found.hits, found.corrected))
    return answers


def test_the_index_numbered_in_a_process_of_its_own_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = []
    start = _worker.LanguageProcess.start

    def recorded() -> _worker.LanguageProcess | None:
        process = start()
        started.append(process)
        return process

    monkeypatch.setattr(_worker.LanguageProcess, "start", staticmethod(recorded))
    apart = SearchIndex(_documents(4500))
    assert len(started) == _index._LANGUAGE_PROCESSES == 1  # more than one batch: a process
    assert None not in started
    monkeypatch.setattr(_index, "_LANGUAGE_PROCESSES", 0)
    here = SearchIndex(_documents(4500))
    assert len(started) == 1
    answers = _answers(here)
    assert _answers(apart) == answers
    assert len([answer for answer in answers if answer[2]]) > 40  # the queries find something


def test_no_process_for_a_few_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> None:
        raise AssertionError("no process for one batch")

    monkeypatch.setattr(_worker.LanguageProcess, "start", staticmethod(refused))
    assert len(SearchIndex(_documents(_index._READ_BATCH))) == _index._READ_BATCH


def test_where_no_process_starts_the_words_are_numbered_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_process(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    index = SearchIndex(_documents(4500))
    assert index.translated("en").search("swimming").total > 0


def test_a_process_that_ends_early_fails_the_build_with_a_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def ending() -> _worker.LanguageProcess:
        command = [sys.executable, "-c", "import sys; sys.stdin.buffer.read(10); sys.exit(3)"]
        return _worker.LanguageProcess(
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        )

    monkeypatch.setattr(_worker.LanguageProcess, "start", staticmethod(ending))
    with pytest.raises(RuntimeError, match="numbering the other languages' words ended"):
        SearchIndex(_documents(4500))


def test_no_process_where_python_is_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under uWSGI, ``sys.executable`` is uWSGI itself: no process, the words numbered here."""
    monkeypatch.setattr(sys, "executable", "/usr/bin/uwsgi")
    assert _worker.LanguageProcess.start() is None
    assert SearchIndex(_documents(4500)).translated("uk").search("плавання").total > 0
