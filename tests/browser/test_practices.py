"""End to end in Chromium: a programme lead turns an intervention of the published agenda into
a practice record on a phone-sized screen and publishes it; a visitor finds it by searching,
reads it and compares it with another record; the ministry's account sees it among the
practices shared most in the national view. On the demo, a visitor pages to the second page
(the filter kept) and filters by the deprivation of the areas. axe-core finds no violations on
the register (its first and second page, filtered), a record, the comparison, the form and the
national view, in Dutch and English, 390 px wide."""

from __future__ import annotations

import os

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.practices.models import Practice

from .conftest import axe_violations, log_in

PASSWORD = "demo-kansen"
PHONE = {"width": 390, "height": 844}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(transactional_db):
    from web.practices.factories import PracticeFactory, demo_agenda

    demostad = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    elders = Municipality.objects.create(code="GM9998", name="Elders", slug="elders")
    User.objects.create_user(
        "projectleider", password=PASSWORD, municipality=demostad, role=Role.PROGRAMME_LEAD
    )
    User.objects.create_user("ministerie", password=PASSWORD, municipality=None, role=Role.NATIONAL)
    plan = demo_agenda(demostad)
    PracticeFactory(
        municipality=elders,
        slug="brugfunctionaris-op-school",
        title="Brugfunctionaris op school",
        province="gelderland",
        support_types=["opvoeding"],
        children_reached=100,
        cost_total=30000,
        result_summary="100 gezinnen bereikt (eigen telling).",
        evidence_level="nji-goed-onderbouwd",
        evidence_basis="",
        evidence_entry_name="Brugfunctionaris",
        evidence_entry_url="https://www.nji.nl/interventies/brugfunctionaris",
        evidence_date="2024-01-15",
        published=True,
    )
    return plan


def _clean(page) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _log_in(page, live_server, username: str, next_url: str) -> None:
    log_in(page, live_server.url, username, PASSWORD, next_url)


#: Where the text of the comparison's caption starts, in px from the left of the window.
_CAPTION_LEFT = """() => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector("table caption"));
    return range.getBoundingClientRect().left;
}"""


def _click(page, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()


def test_a_plan_intervention_becomes_a_shared_practice(world, browser, live_server):
    # the programme lead, on a phone
    lead = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True).new_page()
    _log_in(lead, live_server, "projectleider", "/praktijken/eigen/")
    assert lead.url == f"{live_server.url}/praktijken/eigen/"
    _clean(lead)
    _click(lead, "link", "Een praktijk maken van “Brugfunctionarissen in De Gaarden”")
    assert lead.get_by_label("Naam van de praktijk").input_value() == (
        "Brugfunctionarissen in De Gaarden"
    )
    assert lead.get_by_label("Totale kosten per jaar (euro)").input_value() == "90000.00"
    _clean(lead)
    lead.get_by_label("Provincie").select_option("utrecht")
    lead.get_by_label("Bereikte kinderen per jaar").fill("240")
    lead.get_by_label("Niveau van onderbouwing").select_option("own-first-results")
    _click(lead, "button", "Opslaan")
    # not saved: an own level needs its basis; what was typed stays
    assert lead.get_by_label("Bereikte kinderen per jaar").input_value() == "240"
    assert lead.locator("#id_evidence_basis_error").is_visible()
    _clean(lead)
    lead.get_by_label("Onderbouwing van het eigen niveau").fill(
        "Registratie van bereikte gezinnen 2022-2023, zonder vergelijkingsgroep."
    )
    _click(lead, "button", "Opslaan")
    assert "/praktijken/demostad/brugfunctionarissen-in-de-gaarden/" in lead.url
    _clean(lead)
    _click(lead, "button", "Publiceren")
    assert Practice.objects.get(slug="brugfunctionarissen-in-de-gaarden").status == "published"

    # a visitor finds it, reads it and compares it, in Dutch and in English
    for locale, search, compare in (
        ("nl-NL", "Zoeken", "Aangevinkte praktijken vergelijken"),
        ("en-GB", "Search", "Compare the ticked practices"),
    ):
        visitor = browser.new_context(locale=locale, viewport=PHONE, is_mobile=True).new_page()
        visitor.goto(f"{live_server.url}/praktijken/")
        _clean(visitor)
        visitor.locator("#id_q").fill("brugfunctionaris")
        _click(visitor, "button", search)
        cards = visitor.locator(".pr-card h3")
        assert sorted(cards.all_inner_texts()) == [
            "Brugfunctionaris op school",
            "Brugfunctionarissen in De Gaarden",
        ]
        _clean(visitor)
        # by keyboard: tick both with the space bar
        for box in visitor.locator("input[name=p]").all():
            box.focus()
            visitor.keyboard.press("Space")
        _click(visitor, "button", compare)
        assert visitor.locator("table thead th").count() == 3
        # the caption of the table, wider than the phone, at the start where one reads it
        assert visitor.evaluate(_CAPTION_LEFT) < 100
        _clean(visitor)
        _click(visitor, "link", "Brugfunctionarissen in De Gaarden")
        _clean(visitor)
        visitor.context.close()

    # the ministry sees it in the national view
    ministry = browser.new_context(locale="nl-NL", viewport=PHONE).new_page()
    _log_in(ministry, live_server, "ministerie", "/praktijken/landelijk/")
    assert "Brugfunctionarissen in De Gaarden" in ministry.locator("main").inner_text()
    assert "GKA-agenda Demostad 2021-2024" in ministry.locator("main").inner_text()
    _clean(ministry)
    lead.context.close()
    ministry.context.close()


def test_a_visitor_pages_through_the_register_and_filters_by_deprivation(
    full_demo, browser, live_server
):
    """The demo's 30 records: 25 for ages 4-11 fill two pages (24 a page); the page links keep
    the filter and mark the current page; the deprivation filter, which says it ranks within
    the own municipality, finds the one record working in Demostad's most deprived buurten."""
    for locale, words in (
        (
            "nl-NL",
            {
                "apply": "Filters toepassen",
                "nav": "Pagina's met praktijken",
                "first": "Pagina 1 van 2",
                "to second": "Pagina 2",
                "second": "Pagina 2 van 2",
                "found": "25 praktijken",
                "within": "binnen de eigen gemeente",
            },
        ),
        (
            "en-GB",
            {
                "apply": "Apply the filters",
                "nav": "Pages of practices",
                "first": "Page 1 of 2",
                "to second": "Page 2",
                "second": "Page 2 of 2",
                "found": "25 practices",
                "within": "within its own municipality",
            },
        ),
    ):
        visitor = browser.new_context(locale=locale, viewport=PHONE, is_mobile=True).new_page()
        visitor.goto(f"{live_server.url}/praktijken/")
        visitor.locator("input[name=leeftijd][value='4-11']").check()
        _click(visitor, "button", words["apply"])
        assert visitor.locator("#pr-results").inner_text() == words["found"]
        nav = visitor.get_by_role("navigation", name=words["nav"])
        assert nav.locator("[aria-current=page]").all_inner_texts() == [words["first"]]
        assert visitor.locator(".pr-card").count() == 24
        _clean(visitor)
        with visitor.expect_navigation():
            nav.get_by_role("link", name=words["to second"], exact=True).click()
        # the second page keeps the filter: its one record, the box still ticked
        assert "leeftijd=4-11" in visitor.url
        assert "pagina=2" in visitor.url
        assert visitor.locator("#pr-results").inner_text() == words["found"]
        assert nav.locator("[aria-current=page]").all_inner_texts() == [words["second"]]
        assert visitor.locator(".pr-card").count() == 1
        assert visitor.locator("input[name=leeftijd][value='4-11']").is_checked()
        _clean(visitor)
        # the deprivation of the areas, ranked within its own municipality
        deprivation = visitor.locator("fieldset:has(input[name=achterstand])")
        assert words["within"] in deprivation.locator("legend").inner_text()
        visitor.locator("input[name=leeftijd][value='4-11']").uncheck()
        deprivation.locator("input[value='20']").check()
        _click(visitor, "button", words["apply"])
        assert "achterstand=20" in visitor.url
        assert visitor.locator(".pr-card h3").all_inner_texts() == [
            "Brugfunctionarissen in De Gaarden"
        ]
        assert visitor.locator("input[name=achterstand][value='20']").is_checked()
        assert visitor.get_by_role("navigation", name=words["nav"]).count() == 0
        _clean(visitor)
        visitor.context.close()


@pytest.fixture
def national_figures(transactional_db):
    """The CBS key figures of the country's 342 municipalities as national figures (the
    table of tests/web/practices/test_national_deprivation.py) and a record in a municipality of
    the most deprived tenth."""
    from kansen.web.practices import deprivation
    from web.practices.factories import PracticeFactory
    from web.practices.test_national_deprivation import CODES, _expected, _import, _table

    table = _table(len(CODES))
    _import(table)
    first = sorted(c for c, d in _expected(table).items() if d == 1)[0]
    municipality = Municipality.objects.create(code=first, name="Eerstestad", slug="eerstestad")
    PracticeFactory(municipality=municipality, title="Ontbijt op school", published=True)
    PracticeFactory(title="Elders gedeeld", published=True)
    deprivation.clear()
    yield
    deprivation.clear()


def test_a_visitor_filters_by_the_deprivation_of_the_municipality_in_the_country(
    national_figures, browser, live_server
):
    for locale, legend, said, apply in (
        (
            "nl-NL",
            "Achterstand van de gemeente, landelijk",
            "over 342 gemeenten (Nederland heeft er 342), cijfers van 2022",
            "Filters toepassen",
        ),
        (
            "en-GB",
            "Deprivation of the municipality, nationally",
            "over 342 municipalities (the country has 342), figures of 2022",
            "Apply the filters",
        ),
    ):
        visitor = browser.new_context(locale=locale, viewport=PHONE, is_mobile=True).new_page()
        visitor.goto(f"{live_server.url}/praktijken/")
        national = visitor.locator("fieldset:has(input[name=achterstand_nl])")
        assert national.locator("legend").inner_text() == legend
        assert said in national.inner_text()
        national.locator("input[value='10']").check()
        _click(visitor, "button", apply)
        assert "achterstand_nl=10" in visitor.url
        assert visitor.locator(".pr-card h3").all_inner_texts() == ["Ontbijt op school"]
        _clean(visitor)
        visitor.context.close()
