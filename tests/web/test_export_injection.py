"""No export turns an imported name into a live spreadsheet formula (issue 14, item 6).

Demostad is loaded with names that start with =, @, + or - (tests/web/hostile.py). Every CSV
and Excel download link of every page that offers one is followed: in CSV every text cell that
starts with a formula character has a leading ', in Excel no cell is a formula, every text cell
is text, and numbers (negative ones too) stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import openpyxl
import pytest

from kansen.web.areas.models import Area

from .hostile import FORMULA_STARTS, load_hostile_demo, login

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def hostile_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            loaded = load_hostile_demo()
            yield loaded
            transaction.set_rollback(True)


def _buurt() -> Area:
    return Area.objects.filter(level="buurt").order_by("year", "code").last()  # type: ignore[return-value]


# (what the page is, who opens it, its address) -> every CSV/Excel link on it is checked
PAGES = [
    # the map page: ranking and the areas table
    ("areas", "analist", lambda d: "/gebieden/"),
    # one area's profile: indicator names and units, the area's name as a column header
    ("profile", "analist", lambda d: f"/gebieden/{_buurt().year}/{_buurt().code}/"),
    # the index builder: the index table, its changes and sensitivity
    ("index", "analist", lambda d: "/gebieden/index/"),
    # allocation of a budget over areas
    ("allocation", "analist", lambda d: "/gebieden/verdelen/?budget=100000"),
    # municipalities like this one (indicator names as column headers)
    ("peers", "analist", lambda d: "/gebieden/vergelijken/"),
    # the offers of the municipality (titles from the offers import, provider names)
    ("offers", "beheerder", lambda d: "/aanbieders/"),
    # the budgets of a plan (names from the plan import)
    (
        "plan budgets",
        "projectleider",
        lambda d: f"/plannen/{d['municipality'].slug}/{d['plan'].slug}/",
    ),
]

_LINK = re.compile(r'href="([^"]*(?:\.csv|\.xlsx|=csv|=xlsx|/xlsx/)[^"]*)"')


def _links(html: str) -> list[str]:
    return sorted({unescape(link) for link in _LINK.findall(html)})


@pytest.mark.parametrize(("page", "username", "address"), PAGES, ids=[p[0] for p in PAGES])
def test_every_export_keeps_formula_like_names_as_text(hostile_demo, page, username, address):
    client = login(username)
    url = address(hostile_demo)
    response = client.get(url)
    assert response.status_code == 200, url
    links = _links(response.content.decode())
    assert links, f"no CSV or Excel download on {url}"
    planted = 0
    for link in links:
        target = link if link.startswith("/") else url.split("?")[0] + link
        download = client.get(target)
        assert download.status_code == 200, target
        assert download["Content-Disposition"].startswith("attachment")
        if download["Content-Type"].startswith("text/csv"):
            planted += _check_csv(download.content, target)
        else:
            planted += _check_xlsx(download.content, target)
    # the planted names reached the exports (else this test proves nothing)
    assert planted > 0, f"no planted name in the exports of {url}: {links}"


def _check_csv(content: bytes, where: str) -> int:
    text = content.decode("utf-8-sig")
    planted = 0
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        for cell in row:
            assert not cell.startswith((*FORMULA_STARTS, "\t", "\r")) or re.fullmatch(
                r"-?\d+(?:[.,]\d+)*", cell
            ), f"{where}: live formula {cell!r}"
            if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
                planted += 1
    return planted


def _check_xlsx(content: bytes, where: str) -> int:
    book = openpyxl.load_workbook(io.BytesIO(content))
    planted = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: formula in {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", f"{where}: {cell.coordinate} {cell.data_type}"
                    planted += cell.value.startswith(FORMULA_STARTS)
    return planted


def test_negative_numbers_stay_numbers_in_both_formats() -> None:
    """A negative figure (a change in the index, a shortfall) is a number, not text."""
    from kansen.web.core.exports import table_export

    columns = ["Gebied", "Verschil"]
    rows: list[list[str | int | float | None]] = [["=1+1", -2.5], ["-Noord", -3]]
    csv_text = table_export("csv", name="t", title="t", columns=columns, rows=rows).content
    assert csv_text.decode("utf-8-sig") == "Gebied;Verschil\r\n'=1+1;-2,5\r\n'-Noord;-3\r\n"
    book = openpyxl.load_workbook(
        io.BytesIO(table_export("xlsx", name="t", title="t", columns=columns, rows=rows).content)
    )
    cells = [(c.value, c.data_type) for row in book.active.iter_rows(min_row=2) for c in row]
    assert cells == [("=1+1", "s"), (-2.5, "n"), ("-Noord", "s"), (-3, "n")]
