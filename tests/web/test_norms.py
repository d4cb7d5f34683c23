"""The platform administrator keeps the social-minimum norms: a period by form or CSV, the
history, warnings from eight weeks before they run out (page banner, e-mail once per stage),
and the public check that works on 1 January 2027 once the new norms are entered.

"Today" is injected (never the real clock): the packaged norms run out on 31 December 2026.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import Client
from typer.testing import CliRunner

from kansen.eligibility import SITUATIONS
from kansen.web.accounts.constants import Role
from kansen.web.norms import selectors, services
from kansen.web.norms.constants import situation_key
from kansen.web.norms.models import NormAmount, NormPeriod
from kansen.web.regulations import check
from kansen.web.regulations.services import load_demo_regulations

from .factories import PASSWORD, MunicipalityFactory, UserFactory
from .html import one, parse

pytestmark = pytest.mark.django_db

URL = "/normen/"
HEADER = (
    "valid_from,household,age_band,children,incl_holiday_allowance,excl_holiday_allowance,"
    "source,excl_source,note\n"
)
SOURCE = "Staatscourant 2026 nr. 99999 (test)"


def period_csv(day: str = "2027-01-01", amount: str = "1500.00") -> str:
    kinds = {None: "any", True: "with", False: "without"}
    return HEADER + "".join(
        f"{day},{h.value},{b.value},{kinds[c]},{amount},,{SOURCE},,\n" for h, b, c in SITUATIONS
    )


def form_data(day: str = "1-1-2027", amount: str = "1.500,00") -> dict[str, str]:
    data = {"action": "add", "valid_from": day, "source": SOURCE, "note": ""}
    for situation in SITUATIONS:
        data[f"incl__{situation_key(situation)}"] = amount
        data[f"excl__{situation_key(situation)}"] = ""
    return data


@pytest.fixture
def on(monkeypatch):
    def set_day(day: date) -> None:
        monkeypatch.setattr(selectors, "today", lambda: day)
        monkeypatch.setattr(check, "today", lambda: day)

    set_day(date(2026, 12, 6))
    return set_day


@pytest.fixture
def admin_client(on):
    admin = UserFactory(
        username="platform",
        municipality=None,
        role="",
        is_superuser=True,
        is_staff=True,
        email="platform@example.org",
    )
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),  # to the login page
        (Role.ANALYST, 403),
        (Role.ADMINISTRATOR, 403),  # a municipal administrator does not keep national norms
        (Role.NATIONAL, 403),
    ],
)
def test_only_platform_administrators_keep_the_norms(on, who, status):
    client = Client()
    if who is not None:
        client.force_login(UserFactory(role=who))
    assert client.get(URL).status_code == status
    assert client.post(URL, form_data()).status_code == status
    assert not NormPeriod.objects.exists()


def test_the_page_shows_the_status_and_the_packaged_history(admin_client):
    html = admin_client.get(URL).text
    assert "De normen zijn actueel tot 31 december 2026." in html
    assert "lopen af op 31 december 2026 (over 26 dagen)" in html  # the banner
    assert html.count("meegeleverd met kansen") == 6  # 2024-01-01 ... 2026-07-01


def test_a_period_entered_by_form_is_used_by_the_check_on_1_january_2027(admin_client, on):
    municipality = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    load_demo_regulations(municipality)
    answers = {
        "household": "single",
        "age": "40",
        "partner_age": "",
        "child_ages": "",
        "income": "1.200",
        "savings": "0",
        "lives_here": "yes",
        "bijstand": "no",
    }
    on(date(2027, 1, 1))
    before = Client().post("/regelingen/check/", answers).text
    assert "De check kan nu niet worden gedaan" in before

    response = admin_client.post(URL, form_data())
    assert response.status_code == 302
    period = NormPeriod.objects.get()
    assert (period.valid_from, period.source, period.origin) == (date(2027, 1, 1), SOURCE, "form")
    assert period.amounts.count() == 9
    assert {str(a.excl_holiday_allowance) for a in period.amounts.all()} == {"1425.00"}

    after = Client().post("/regelingen/check/", answers).text
    assert "De check kan nu niet worden gedaan" not in after
    assert "€\xa01.425,00" in after  # the new norm without holiday allowance
    assert selectors.status().covered_until == date(2027, 6, 30)
    assert "lopen af" not in admin_client.get("/").text  # no banner any more


def test_a_failed_save_keeps_what_was_typed_and_says_what_is_wrong(admin_client):
    data = form_data(day="1-2-2027")
    data[f"incl__{situation_key(SITUATIONS[2])}"] = "veel"
    data["source"] = ""
    response = admin_client.post(URL, data)
    html = response.text
    assert "Normen veranderen op 1 januari en 1 juli: kies een van die datums." in html
    assert "Vul een bedrag in euro’s in, zoals 1419,46." in html
    assert "Vul in waar de bedragen vandaan komen." in html
    page = parse(response)
    typed = f"incl__{situation_key(SITUATIONS[2])}"
    assert one(page, f'//input[@name="{typed}"]').get("value") == "veel"
    assert one(page, '//input[@name="valid_from"]').get("value") == "1-2-2027"
    assert not NormPeriod.objects.exists()


def test_csv_import_adds_every_date_all_or_nothing(admin_client):
    good = period_csv("2027-01-01") + period_csv("2027-07-01", "1520.00").split("\n", 1)[1]
    upload = _upload("normen.csv", good.encode())
    assert admin_client.post(URL, {"action": "import", "file": upload}).status_code == 302
    assert [str(p) for p in NormPeriod.objects.order_by("valid_from")] == [
        "2027-01-01",
        "2027-07-01",
    ]
    assert selectors.status().covered_until == date(2027, 12, 31)


def test_csv_with_problems_imports_nothing_and_lists_each_by_row_and_column(admin_client):
    lines = period_csv().splitlines(keepends=True)
    lines[2] = lines[2].replace("2027-01-01", "2027-13-01")
    lines[5] = lines[5].replace("1500.00", "abc")
    response = admin_client.post(
        URL, {"action": "import", "file": _upload("fout.csv", "".join(lines).encode())}
    )
    assert response.status_code == 400
    html = response.text
    assert "fout.csv is niet geïmporteerd: 2 problemen" in html
    assert "Vul een datum in zoals 2027-01-01." in html
    assert "Vul een bedrag in euro’s in boven 0 en onder 100000, zoals 1419.46." in html
    assert not NormPeriod.objects.exists()
    assert not NormAmount.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        period_csv().encode("utf-16"),
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10,
        b"",
        b"a" * (1024 * 1024 + 1),
    ],
    ids=["utf-16", "binary", "empty", "over-1-MB"],
)
def test_hostile_csv_gets_a_message_not_an_error(admin_client, data):
    response = admin_client.post(URL, {"action": "import", "file": _upload("x.csv", data)})
    assert response.status_code == 400
    assert not NormPeriod.objects.exists()


def test_a_later_entry_for_a_date_replaces_the_earlier_and_both_stay_in_the_history(admin_client):
    admin_client.post(URL, form_data(amount="1.500,00"))
    admin_client.post(URL, form_data(amount="1.510,00"))
    assert NormPeriod.objects.count() == 2
    assert selectors.platform_norms().norms[-1].incl_holiday_allowance == 1510
    html = admin_client.get(URL).text
    assert html.count("nee, vervangen") == 1


def test_the_banner_is_for_platform_administrators_only(admin_client, on):
    assert "lopen af op 31 december 2026" in admin_client.get("/aanbod/").text
    analyst = Client()
    analyst.force_login(UserFactory(role=Role.ANALYST))
    assert "lopen af" not in analyst.get("/aanbod/").text
    on(date(2026, 11, 5))
    assert "lopen af" not in admin_client.get("/aanbod/").text


def test_warning_mail_is_sent_once_per_stage(admin_client):
    UserFactory(username="other-admin", is_superuser=True, email="b@example.org", municipality=None)
    UserFactory(username="analyst", email="c@example.org")  # not a platform administrator
    assert services.send_warnings(date(2026, 11, 5))[1] == 0  # still current
    status, mailed = services.send_warnings(date(2026, 12, 6))
    assert (status.state, mailed) == ("expiring", 2)
    assert services.send_warnings(date(2026, 12, 7))[1] == 0  # sent once
    assert services.send_warnings(date(2027, 1, 1))[1] == 2  # expired: once more
    assert [sorted(m.to) for m in mail.outbox] == [
        ["b@example.org", "platform@example.org"],
        ["b@example.org", "platform@example.org"],
    ]
    assert "31 december 2026" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("day", "code", "text"),
    [
        ("2026-10-01", 0, "ok: the norms are current until 2026-12-31"),
        ("2026-12-06", 1, "warning: the norms run out on 2026-12-31 (26 days)"),
        ("2027-01-01", 2, "expired: the norms ran out on 2026-12-31"),
    ],
)
def test_kansen_check_norms(on, day, code, text):
    import typer

    from kansen.web.norms.cli import register_check

    app = typer.Typer()
    register_check(app)
    app.command("other")(lambda: None)  # a group of two keeps the sub-command name
    result = CliRunner().invoke(app, ["norms", "--on", day], env={"COLUMNS": "200"})
    assert result.exit_code == code, result.output
    assert text in result.output


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_password_login_reaches_the_page(on):
    UserFactory(username="root", municipality=None, role="", is_superuser=True)
    client = Client()
    assert client.login(username="root", password=PASSWORD)
    assert client.get(URL).status_code == 200


def test_the_admin_pages_warn_platform_administrators(admin_client, on):
    html = admin_client.get("/beheer/").text
    assert "lopen af op 31 december 2026 (over 26 dagen)" in html
    on(date(2027, 1, 2))
    assert "het platform heeft geen normen" in admin_client.get("/beheer/").text.lower()
