"""The public eligibility check: results at the boundaries, errors per field, nothing stored.

The check is pinned to 1 September 2026, when the norms valid from 1 July 2026 apply:
a couple of 21 up to the state pension age has a social minimum of EUR 1,926.40 per month
without holiday allowance (EUR 2,027.79 with); 120% of it is exactly EUR 2,311.68. A single
(parent) of that age has EUR 1,348.49; 120% is EUR 1,618.188, published as EUR 1,618.19.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from kansen.web.regulations import check
from kansen.web.regulations.models import Regulation
from kansen.web.regulations.services import load_demo_regulations

from ..factories import MunicipalityFactory
from ..html import one, parse, text

pytestmark = pytest.mark.django_db

URL = "/regelingen/check/"
PDF_URL = "/regelingen/check/pdf/"
CHECK_DAY = date(2026, 9, 1)

COUPLE = {
    "household": "couple",
    "age": "38",
    "partner_age": "36",
    "child_ages": "7, 12",
    "income": "2.311,68",
    "savings": "1.000",
    "lives_here": "yes",
    "bijstand": "no",
}
SINGLE_PARENT = {
    "household": "single_parent",
    "age": "34",
    "partner_age": "",
    "child_ages": "8",
    "income": "1.618,19",
    "savings": "500",
    "lives_here": "yes",
    "bijstand": "unknown",
}

E, N, C = "eligible", "not_eligible", "check_with_provider"
CODES = (
    "stadspas",
    "meedoenregeling",
    "kindpakket",
    "jeugdfonds-sport-cultuur",
    "stichting-leergeld",
    "computerregeling",
    "zwemles",
    "bijzondere-bijstand",
    "individuele-inkomenstoeslag",
    "kwijtschelding",
)


@pytest.fixture
def demostad(monkeypatch):
    monkeypatch.setattr(check, "today", lambda: CHECK_DAY)
    municipality = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    load_demo_regulations(municipality)
    return municipality


def outcomes(html: str) -> dict[str, str]:
    """The outcome of every regulation on a result page, by code."""
    found = {}
    for element in lxml.html.document_fromstring(html).xpath("//article[@aria-labelledby]"):
        classes = element.get("class", "").split()
        if classes[:1] == ["regulation"] and len(classes) == 2:
            code = element.get("aria-labelledby").removeprefix("regulation-")
            found[code] = classes[1].removeprefix("regulation--")
    return found


def article(html: str, code: str) -> str:
    start = html.index(f'aria-labelledby="regulation-{code}"')
    return html[start : html.index("</article>", start)]


CASES = [
    pytest.param(
        COUPLE,
        # exactly 120%: within every 120% limit; 105% and 100% are not met
        dict(zip(CODES, (E, E, E, E, E, E, E, C, N, N), strict=True)),
        "Uw inkomen is 120% van het sociaal minimum; de grens is 120%.",
        id="couple-exactly-at-120-percent",
    ),
    pytest.param(
        {**COUPLE, "income": "2.312,68"},
        # one euro more: above every 120% limit without holiday allowance; the meedoenregeling
        # (120% with holiday allowance: EUR 2,433.35) and the kindpakket (130%) still fit
        dict(zip(CODES, (N, E, E, N, N, N, N, C, N, N), strict=True)),
        "Uw inkomen is 120,1% van het sociaal minimum; de grens is 120%.",
        id="couple-one-euro-above-120-percent",
    ),
    pytest.param(
        {**COUPLE, "income": "2311.68"},  # the same amount written with a decimal point
        dict(zip(CODES, (E, E, E, E, E, E, E, C, N, N), strict=True)),
        "Uw inkomen is 120% van het sociaal minimum; de grens is 120%.",
        id="couple-plain-notation",
    ),
    pytest.param(
        SINGLE_PARENT,
        # a child of 8: not old enough for the computerregeling (10-17)
        dict(zip(CODES, (E, E, E, E, E, N, E, C, N, N), strict=True)),
        "Uw inkomen is 120% van het sociaal minimum; de grens is 120%.",
        id="single-parent-at-120-percent",
    ),
    pytest.param(
        {**SINGLE_PARENT, "income": "1.619,19"},
        dict(zip(CODES, (N, E, E, N, N, N, N, C, N, N), strict=True)),
        "Uw inkomen is 120,1% van het sociaal minimum; de grens is 120%.",
        id="single-parent-one-euro-above",
    ),
    pytest.param(
        {**COUPLE, "income": "5.000", "bijstand": "yes"},
        # receiving bijstand meets the income and savings tests wherever the rule says so
        dict(zip(CODES, (E, E, E, E, E, E, E, C, C, C), strict=True)),
        "U ontvangt bijstand; daarmee voldoet u aan de eisen voor inkomen en vermogen.",
        id="couple-receiving-bijstand",
    ),
    pytest.param(
        {**COUPLE, "lives_here": "no"},
        dict.fromkeys(CODES, N),
        "Deze regeling is alleen voor inwoners van Demostad.",
        id="not-living-in-demostad",
    ),
]


@pytest.mark.parametrize(("answers", "expected", "stadspas_reason"), CASES)
def test_result_per_household(demostad, answers, expected, stadspas_reason):
    response = Client().post(URL, answers)
    assert response.status_code == 200
    html = response.text
    assert outcomes(html) == expected
    assert stadspas_reason in article(html, "stadspas")


def test_result_shows_income_as_percentage_of_the_norm_with_date_and_source(demostad):
    html = Client().post(URL, COUPLE).text
    minimum = html[html.index('id="minimum-heading"') : html.index('id="regulations-heading"')]
    assert "€\xa01.926,40" in minimum  # without holiday allowance
    assert "€\xa02.027,79" in minimum  # with holiday allowance
    assert "120,0%" in minimum
    assert "114,0%" in minimum  # 2311.68 / 2027.79
    assert "1 juli 2026" in minimum
    assert "Participatiewet art. 21(b)" in minimum
    assert "gehuwd of samenwonend" in minimum
    # the regulation says which amount and limit it uses
    assert (
        "Het sociaal minimum voor uw huishouden is € 1.926,40 per maand zonder vakantiegeld"
        in article(html, "stadspas")
    )
    assert "U komt waarschijnlijk in aanmerking voor 7 van de 10 regelingen" in html


def test_how_to_apply_says_when_only_an_intermediary_can(demostad):
    html = Client().post(URL, COUPLE).text
    for code in ("jeugdfonds-sport-cultuur", "stichting-leergeld"):
        part = article(html, code)
        assert "Alleen via een intermediair: u kunt dit niet zelf aanvragen." in part
        assert "U kunt dit zelf aanvragen." not in part
    stadspas = article(html, "stadspas")
    assert "U kunt dit zelf aanvragen." in stadspas
    page = lxml.html.document_fromstring(html)
    links = page.xpath('//article[@aria-labelledby="regulation-stadspas"]//a/@href')
    assert {"https://www.demostad.example/stadspas", "tel:140999"} <= set(links)
    assert "Gemeente Demostad" in stadspas  # the provider
    assert "Jeugdfonds Sport &amp; Cultuur" in article(html, "jeugdfonds-sport-cultuur")


def test_only_published_regulations_of_the_portal_municipality_are_checked(demostad):
    Regulation.objects.filter(code="kwijtschelding").update(is_published=False)
    other = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    load_demo_regulations(other)
    Regulation.objects.filter(municipality=other, code="stadspas").update(name="Leidse pas")
    html = Client().post(URL, COUPLE).text
    assert set(outcomes(html)) == set(CODES) - {"kwijtschelding"}
    assert "Leidse pas" not in html
    assert "U komt waarschijnlijk in aanmerking voor 7 van de 9 regelingen" in html


BAD = {
    "household": "",
    "age": "17",
    "partner_age": "",
    "child_ages": "4, twaalf",
    "income": "1,234.5.6",
    "savings": "-5",
    "lives_here": "",
    "bijstand": "misschien",
}


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("household", "Kies wat bij uw huishouden past."),
        (
            "age",
            "Vul een leeftijd in hele jaren in van 18 tot en met 130, zoals 42. U vulde “17” in.",
        ),
        ("child_ages", "“twaalf” is geen heel getal."),
        (
            "income",
            "Vul een bedrag in euro’s in van 0 of meer, zoals 1.234,56 of 850. "
            "U vulde “1,234.5.6” in.",
        ),
        ("savings", "U vulde “-5” in."),
        ("lives_here", "Kies ja of nee."),
        ("bijstand", "Kies ja, nee of weet ik niet."),
    ],
)
def test_bad_input_is_reported_per_field_and_linked(demostad, field, message):
    response = Client().post(URL, BAD)
    assert response.status_code == 200
    html = response.text
    page = parse(response)
    assert "Uw uitkomst" not in html
    error = page.xpath(f"//div[@id='id_{field}_error']")
    assert len(error) == 1, field
    assert message in text(error[0])
    # the field points at its error: the input itself, or the fieldset of a radio group
    described = page.xpath("//@aria-describedby")
    assert any(f"id_{field}_error" in ids.split() for ids in described)
    # and the summary at the top links to it
    assert page.xpath(f"//a[@href='#id_{field}' or @href='#id_{field}_0']")


def test_bad_input_keeps_what_was_typed(demostad):
    response = Client().post(URL, BAD)
    page = parse(response)
    typed = {
        name: one(page, f'//input[@name="{name}"]').get("value")
        for name in ("age", "child_ages", "income", "savings")
    }
    assert typed == {"age": "17", "child_ages": "4, twaalf", "income": "1,234.5.6", "savings": "-5"}
    assert one(page, '//input[@name="age"]').get("aria-invalid") == "true"
    assert "7 antwoorden moeten worden verbeterd" in response.text
    assert text(one(page, "//title")).startswith("Fout: Check uw recht op regelingen")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"partner_age": ""}, "partner_age", "U koos voor gehuwd of samenwonend."),
        ({"child_ages": "4, 18"}, "child_ages", "Een kind van 18 telt als volwassene"),
        ({"household": "single"}, "household", "Kies alleenstaande ouder"),
        (
            {"household": "single_parent", "partner_age": "", "child_ages": ""},
            "child_ages",
            "U koos voor alleenstaande ouder.",
        ),
        ({"income": "1.5.0"}, "income", "U vulde “1.5.0” in"),
        ({"age": "veertig"}, "age", "U vulde “veertig” in"),
    ],
)
def test_answers_that_do_not_fit_together(demostad, changes, field, message):
    response = Client().post(URL, {**COUPLE, **changes})
    error = one(parse(response), f"//*[@id='id_{field}_error']")
    assert message in text(error)


def test_amounts_in_dutch_and_plain_notation(demostad):
    from kansen.web.regulations.forms import parse_euros

    assert str(parse_euros("1.234,56")) == "1234.56"
    assert str(parse_euros("€ 1.234")) == "1234"
    assert str(parse_euros("1234,5")) == "1234.5"
    assert str(parse_euros("1234.56")) == "1234.56"
    assert str(parse_euros("1,234.56")) == "1234.56"
    assert str(parse_euros("0")) == "0"
    for bad in ("1,234", "12,345", "1.23.4", "-5", "abc", "", "10.000.000"):
        with pytest.raises(ValueError, match=re.escape(bad) or "^$"):
            parse_euros(bad)


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def test_nothing_is_stored(demostad):
    client = Client()
    before = _row_counts()
    client.get(URL)
    responses = [
        client.post(URL, COUPLE),
        client.post(URL, BAD),
        client.post(URL, {**COUPLE, "change": "1"}),
        client.post(PDF_URL, COUPLE),
    ]
    assert _row_counts() == before  # not one row more, in any table
    assert before["django_session"] == 0
    # no session was started (the test client's own `session` would start one, so not that)
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert all(settings.SESSION_COOKIE_NAME not in r.cookies for r in responses)
    for response in responses:
        assert "no-store" in response["Cache-Control"]
        assert "2.311,68" not in "".join(c.value for c in response.cookies.values())


def test_result_page_posts_the_same_answers_for_the_pdf_and_for_changing_them(demostad):
    html = Client().post(URL, COUPLE).text
    forms = re.findall(
        r'<form method="post" action="(/regelingen/check/(?:pdf/)?)"(.*?)</form>', html, re.S
    )
    actions = [action for action, _body in forms]
    # the language of the regulations' texts, the PDF, changing the answers
    assert actions == [URL, PDF_URL, URL]
    for _action, body in forms:
        hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', body))
        hidden.pop("csrfmiddlewaretoken")
        assert hidden == COUPLE
    # "change your answers" shows the questions filled in, without errors
    again = parse(Client().post(URL, {**COUPLE, "change": "1"}))
    assert one(again, '//input[@name="income"]').get("value") == "2.311,68"
    assert one(again, '//input[@name="household"][@value="couple"]').get("checked") is not None
    assert again.xpath('//*[contains(@class, "utrecht-form-field-error-message")]') == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_of_the_result(demostad, tmp_path: Path):
    response = Client().post(PDF_URL, COUPLE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="regelingen-demostad-2026-09-01.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    path = tmp_path / "result.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for expected in (
        "Check uw recht op regelingen",
        "Stadspas Demostad",
        "120,0%",
        "1.926,40",
        "Alleen via een intermediair",
        "Gehuwd of samenwonend",
    ):
        assert expected in text
    assert "Toon mijn uitkomst" not in text  # no form, no buttons
    assert "Afdrukken of opslaan als pdf" not in text


def test_pdf_with_bad_input_shows_the_errors(demostad):
    response = Client().post(PDF_URL, BAD)
    assert response["Content-Type"].startswith("text/html")
    error = text(one(parse(response), '//*[@id="id_age_error"]'))
    assert "Vul een leeftijd in hele jaren in van 18 tot en met 130" in error


def test_pdf_needs_post(demostad):
    assert Client().get(PDF_URL).status_code == 405


def test_english_interface(demostad):
    client = Client()
    client.post("/taal/", {"language": "en", "next": URL})
    response = client.get(URL)
    form = response.text
    assert parse(response).get("lang") == "en"
    assert "Check your entitlement to regulations" in form
    assert "Married or living together" in form
    html = client.post(URL, COUPLE).text
    assert "Your result" in html
    assert "You can probably use 7 of the 10 regulations of Demostad." in html
    assert "€\xa01,926.40" in html
    assert "120.0%" in html
    assert "You are probably eligible" in html
    assert "Only through an intermediary: you cannot apply for this yourself." in html
    # the reasons come from the library, in Dutch, and are marked as Dutch
    assert (
        '<ul class="utrecht-unordered-list" lang="nl">'
        '<li class="utrecht-unordered-list__item">U woont in Demostad.' in html
    )
    errors = client.post(URL, BAD).text
    assert "Enter an age in whole years from 18 to 130, such as 42. You entered “17”." in errors


def test_missing_norms_for_the_day_are_reported(demostad, monkeypatch):
    monkeypatch.setattr(check, "today", lambda: date(2027, 3, 1))
    response = Client().post(URL, COUPLE)
    html = response.text
    assert "de sociaal minimum voor 2027-03-01" not in html
    assert "2027-03-01" in html
    # the answers are kept
    assert one(parse(response), '//input[@name="income"]').get("value") == "2.311,68"


def test_no_published_regulations(monkeypatch):
    MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    response = Client().get(URL)
    assert "Demostad heeft nog geen regelingen in deze check gepubliceerd." in response.text
    assert parse(response).xpath(f'//form[@action="{URL}"]') == []


def test_the_home_page_and_the_menu_link_to_the_check(demostad):
    response = Client().get("/")
    html = response.text
    assert len(parse(response).xpath(f"//*[@href='{URL}']")) == 2
    assert "Check uw recht op regelingen" in html


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/style.css",
        "file:///etc/passwd",
        "https://kansen.invalid/etc/passwd",
        "https://kansen.invalid/static/../../settings.py",
    ],
)
def test_the_pdf_fetches_only_the_platforms_static_files(url):
    from kansen.web.regulations.pdf import StaticFilesFetcher

    fetcher = StaticFilesFetcher()
    with pytest.raises(ValueError, match="static"):
        fetcher.fetch(url)
    css = fetcher.fetch("https://kansen.invalid/static/regulations/print.css")
    assert b"@page" in css.read()


def test_the_summary_and_the_regulations_show_the_same_percentage_above_the_limit(demostad):
    # single, 35: EUR 1,618.20 is one cent above the ceiling of EUR 1,618.19 (120.0008%)
    answers = {**SINGLE_PARENT, "household": "single", "age": "35", "child_ages": "0"}
    answers |= {"child_ages": "", "income": "1.618,20", "savings": "0", "bijstand": "no"}
    html = Client().post(URL, answers).text
    minimum = html[html.index('id="minimum-heading"') : html.index('id="regulations-heading"')]
    assert "120,01%" in minimum
    assert "120,0%" not in html
    assert outcomes(html)["stadspas"] == N
    assert "Uw inkomen is 120,01% van het sociaal minimum; de grens is 120%." in article(
        html, "stadspas"
    )
