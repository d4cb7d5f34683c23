"""Specification of ``read_table``: line endings, encodings and files that are not CSV at all.

Every file that cannot be read ends in :class:`ImportRejected` with the file and the line, never
in an exception of the csv module (which the web pages would show as a server error).
"""

from __future__ import annotations

import codecs

import pytest

from kansen.io import ImportRejected
from kansen.io._problems import ProblemLog
from kansen.io._tables import read_table

LF = 'naam;titel\nbieb;Taalcafé\n"huis";"Koffie\nen thee"\n'


def read(data: bytes, *, cp1252_fallback: bool = False) -> list[list[object]]:
    log = ProblemLog("aanbod.csv")
    return read_table(data, "aanbod.csv", None, log, cp1252_fallback=cp1252_fallback).rows


def rejected(data: bytes) -> list[tuple[int | None, str]]:
    with pytest.raises(ImportRejected) as caught:
        read(data)
    return [(p.row, str(p)) for p in caught.value.errors]


@pytest.mark.parametrize(
    "ending",
    [
        "\r",  # old Mac
        "\r\n",  # Windows
        "\n",  # Unix
    ],
)
def test_every_line_ending_reads_like_lf(ending: str) -> None:
    data = LF.replace("\n", ending).encode()
    expected = [["naam", "titel"], ["bieb", "Taalcafé"], ["huis", f"Koffie{ending}en thee"]]
    assert read(data) == expected


def test_a_cr_only_file_with_a_bom_reads_like_lf() -> None:
    assert read(codecs.BOM_UTF8 + b"a;b\r1;2\r") == [["a", "b"], ["1", "2"]]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image
        b"naam;titel\nbieb;\x00\x01\x02",  # text with binary data on line 2
        bytes(range(256)) * 4,  # anything
    ],
)
def test_a_binary_file_is_the_normal_import_error(data: bytes) -> None:
    [(row, text)] = rejected(data)
    assert text.startswith(f"aanbod.csv, row {row}: the file is not a text (CSV) file: line")


def test_windows_1252_is_rejected_at_its_line_with_how_to_save_as_utf8() -> None:
    data = "naam;titel\nbieb;Taalcafé\n".encode("cp1252")
    [(row, text)] = rejected(data)
    assert row == 2
    assert "the file is not UTF-8 (line 2 has a byte that is not UTF-8)" in text
    assert "CSV UTF-8 (door komma's gescheiden)" in text


def test_a_cr_only_windows_1252_file_names_the_right_line() -> None:
    assert rejected("a;b\r1;2\ré;3\r".encode("cp1252"))[0][0] == 3


def test_utf8_with_and_without_bom_and_utf16_with_bom_are_read() -> None:
    rows = [["naam", "titel"], ["bieb", "Łódź, Київ, قهوة"]]
    text = "naam;titel\nbieb;Łódź, Київ, قهوة\n"
    assert read(text.encode()) == rows
    assert read(codecs.BOM_UTF8 + text.encode()) == rows
    assert read(text.encode("utf-16")) == rows


def test_the_cp1252_fallback_is_only_for_readers_that_ask_for_it() -> None:
    assert read("a;b\nSúdwest;1\n".encode("cp1252"), cp1252_fallback=True)[1] == ["Súdwest", "1"]
