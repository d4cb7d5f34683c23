"""Hostile files, generated (never committed): each is what an attacker, or a very unlucky
user, could upload. Sizes are parameters so tests stay fast (with the limits set low) and the
benchmark can use the real sizes.
"""

from __future__ import annotations

import io
import itertools
import json
import zipfile

from openpyxl import Workbook


def billion_laughs_yaml(levels: int = 9) -> bytes:
    """YAML whose nested aliases multiply by 9 on every level (403 bytes, 9**9 strings)."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"
    for previous, name in itertools.pairwise(names[:levels]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def deep_json(depth: int = 100_000) -> bytes:
    """A JSON list nested ``depth`` levels deep."""
    return ("[" * depth + "]" * depth).encode()


def deep_geojson(depth: int = 100_000) -> bytes:
    """A FeatureCollection whose one geometry is nested ``depth`` levels deep."""
    return (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"code": "GM9001"}, "geometry": {"type": "Polygon", "coordinates": '
        + "[" * depth
        + "]" * depth
        + "}}]}"
    ).encode()


def deep_yaml(depth: int = 100_000) -> bytes:
    """A YAML flow list nested ``depth`` levels deep."""
    return ("a: " + "[" * depth + "]" * depth + "\n").encode()


def _small_workbook() -> bytes:
    book = Workbook()
    book.active.append(["Gebiedscode", "Inwoners (aantal)"])
    book.active.append(["GM9001", 4000])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb_xlsx(unpacked_mb: int = 300) -> bytes:
    """A real workbook whose first sheet is ``unpacked_mb`` MB of XML, packed about 1000 times.

    The sheet is valid XML (white space inside ``sheetData``): only the size is hostile.
    """
    real = zipfile.ZipFile(io.BytesIO(_small_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for part in real.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(part, real.read(part))
                continue
            head = (
                '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            with bomb.open(part.filename, "w", force_zip64=True) as sheet:
                sheet.write(head.encode())
                chunk = b" " * (1024 * 1024)
                for _ in range(unpacked_mb):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def far_cell_xlsx() -> bytes:
    """A tiny workbook whose sheet names cell XFD1048576: openpyxl would fill in 17 billion
    empty cells up to it."""
    real = zipfile.ZipFile(io.BytesIO(_small_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for part in real.infolist():
            data = real.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = (
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
                    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Gebiedscode</t></is>'
                    b'</c><c r="XFD1"><v>1</v></c></row><row r="1048576"><c r="A1048576">'
                    b"<v>1</v></c></row></sheetData></worksheet>"
                )
            book.writestr(part, data)
    return out.getvalue()


def oversize_csv(size: int) -> bytes:
    """A values CSV of about ``size`` bytes (good rows: only the size is hostile)."""
    header = b"Perioden;Regiocode;Inwoners (aantal)\n"
    row = b"2024;GM9001;4000\n"
    return header + row * max(1, (size - len(header)) // len(row) + 1)


def bad_rows_csv(rows: int) -> bytes:
    """A values CSV with one good row and ``rows`` rows with two bad values each."""
    lines = ["Perioden;Regiocode;Inwoners (aantal);Banen (aantal)", "2024;GM9001;1;1"]
    lines += [f"2024;BU{9001 + i // 10_000:04d}{i % 10_000:04d};abc;def" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def utf16(text: str) -> bytes:
    """``text`` as UTF-16 with its byte-order mark, as Excel's "Unicode text" saves it."""
    return text.encode("utf-16")


def garbage(size: int = 64 * 1024, seed: int = 14) -> bytes:
    """Binary garbage: bytes from a fixed-seed generator (the same file every run)."""
    import random

    return random.Random(seed).randbytes(size)


EMPTY = b""


def json_bytes(data: object) -> bytes:
    return json.dumps(data).encode()
