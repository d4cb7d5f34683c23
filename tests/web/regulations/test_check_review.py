"""Review findings of the eligibility check: an answer that does not apply to the household is
ignored, the norm's source is in the interface language, and the answers survive a change of
language (they are posted again, never stored)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lxml.html
import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from kansen.eligibility import cite, load_norms
from kansen.web.regulations import check

from ..html import attributes, one, parse, text
from .test_check import COUPLE, SINGLE_PARENT, URL
from .test_check import demostad as demostad

pytestmark = pytest.mark.django_db

SINGLE = {**SINGLE_PARENT, "household": "single", "child_ages": "", "income": "1.200"}


@pytest.mark.parametrize(
    ("answers", "partner_age"),
    [
        # typed for a partner, then the household changed: neither checked nor used
        (SINGLE, "4"),
        (SINGLE, "veertig"),
        (SINGLE, "36"),
        (SINGLE_PARENT, "200"),
    ],
)
def test_a_partner_age_is_ignored_without_a_partner(demostad, answers, partner_age):
    response = Client().post(URL, {**answers, "partner_age": partner_age})
    html = response.content.decode()
    doc = parse(response)
    assert "Uw uitkomst" in html, [text(e) for e in doc.xpath("//*[contains(@id, '_error')]")]
    answers_list = one(doc, "//dl[@class='answers']")
    assert "partner" not in text(answers_list)
    assert answers_list.xpath(".//@*[contains(., 'partner')]") == []
    assert "alleenstaande" in html  # the single norm, not the couple norm


def test_a_bad_partner_age_still_counts_for_a_couple(demostad):
    doc = parse(Client().post(URL, {**COUPLE, "partner_age": "4"}))
    assert one(doc, "//*[@id='id_partner_age_error']") is not None


def test_the_partner_age_is_hidden_by_the_form_once_another_household_is_chosen(demostad):
    doc = parse(Client().get(URL))
    assert one(doc, "//div[@class='partner-age']") is not None
    # the rule is in the check's style sheet (the Content-Security-Policy refuses inline styles)
    assert doc.xpath("//link[@href='/static/regulations/check.css']") != []
    found = finders.find("regulations/check.css")
    assert isinstance(found, str)
    style = Path(found).read_text(encoding="utf-8")
    assert (
        '.check-form:has(input[name="household"]:checked:not([value="couple"])) .partner-age '
        "{ display: none; }"
    ) in style


def _facts_list(html: str) -> lxml.html.HtmlElement:
    return one(lxml.html.document_fromstring(html), "//dl[@class='norm-facts']")


def _facts(html: str) -> str:
    """The norm's facts as text, a space between the parts of each."""
    return " ".join(" ".join(_facts_list(html).itertext()).split())


def test_the_norm_source_is_dutch_in_the_dutch_interface(demostad):
    html = Client().post(URL, COUPLE).content.decode()
    facts = _facts(html)
    assert (
        "Bron Participatiewet art. 21(b), geldend vanaf 1 juli 2026 "
        "(wetten.overheid.nl/BWBR0015703/2026-07-01)"
    ) in facts
    assert (
        "Bron van het bedrag zonder vakantiegeld afgeleid: 95% van het bedrag met "
        "vakantiegeld, afgerond op centen (geen gepubliceerd bedrag gevonden)"
    ) in facts
    for english in ("as in force", "derived", "same amount", "0.95 x"):
        assert english not in facts
    assert _facts_list(html).xpath(".//*[@lang='en']") == []


def test_the_norm_source_is_english_in_the_english_interface(demostad):
    client = Client()
    client.post("/taal/", {"language": "en", "next": URL})
    facts = _facts(client.post(URL, COUPLE).content.decode())
    assert (
        "Source Participatiewet art. 21(b), as in force from 1 July 2026 "
        "(wetten.overheid.nl/BWBR0015703/2026-07-01)"
    ) in facts
    assert "derived: 95% of the amount with holiday allowance, rounded to the cent" in facts


def test_the_municipal_documents_and_several_articles_in_dutch(demostad, monkeypatch):
    monkeypatch.setattr(check, "today", lambda: date(2025, 9, 1))
    facts = _facts(Client().post(URL, {**COUPLE, "age": "70", "partner_age": "69"}).text)
    assert (
        "Participatiewet art. 22(b) en 22(c), geldend vanaf 1 juli 2025 "
        "(wetten.overheid.nl/BWBR0015703/2025-07-01); zelfde bedrag in Stimulansz "
        "'Normenoverzicht' (berekenuwrechtplus.nl) 1 juli 2025"
    ) in facts
    excl = "Bron van het bedrag zonder vakantiegeld Hof van Twente 'Bijstandsnormen' 1 juli 2025"
    assert excl in facts
    assert "quoted" not in facts


def test_every_shipped_source_is_cited_without_the_notes_english():
    for norm in load_norms().norms:
        for citation in (norm.citation, norm.excl_citation):
            assert citation.law or citation.documents or citation.derived
            words = " ".join((*citation.articles, *citation.documents))
            for english in (" and ", "as in force", "same amount", "derived", "quoted"):
                assert english not in words, norm


def test_a_source_in_another_form_is_refused():
    with pytest.raises(ValueError, match="expected 'Participatiewet art"):
        cite("Participatiewet art. 21 as in force from 1 July 2026")


def test_the_result_page_reposts_the_answers_for_a_change_of_language(demostad):
    """The site's language buttons redirect to an empty page; on the check the answers are
    posted again (by the script, after setting the language), so the form that is posted
    must hold all of them, and no answer is put in a link."""
    doc = parse(Client().post(URL, {**COUPLE, "taal": "ar"}))
    form = one(doc, "//form[@id='check-again']")
    hidden = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    for name, value in COUPLE.items():
        assert hidden[name] == value
    # the script (a static file) is told which form and the regulations' current language
    script = one(doc, "//script[@src='/static/regulations/keep_answers.js']")
    assert attributes(script, "data-form", "data-questions", "data-language") == (
        "check-again",
        "false",
        "ar",
    )
    assert text(script) == ""
    assert "2.311" not in "".join(doc.xpath("//@href"))


def test_a_change_of_language_on_the_questions_brings_them_back_filled_in(demostad):
    """What the script posts when a language is chosen on the questions: the answers as typed
    with "change", which shows the questions again (not errors, not a result)."""
    response = Client().post(URL, {**COUPLE, "income": "", "change": "1", "taal": "tr"})
    page = parse(response)
    assert one(page, '//input[@name="child_ages"]').get("value") == "7, 12"
    assert "id_income_error" not in response.text
    assert page.xpath('//input[@type="hidden"][@name="taal"]/@value') == ["tr"]
