"""End to end in Chromium: an analyst builds a questionnaire (Dutch and Arabic, a condition),
previews it 390 pixels wide, saves it as a version, opens a wave with two class codes and
prints the teachers' sheet; two pupils answer on a phone-sized screen (one in Arabic, right to
left; one with the keyboard only); the analyst sees the results with a suppressed cell.
axe-core finds no violations on any of these pages, in Dutch, English and Arabic."""

from __future__ import annotations

import os
from datetime import date

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.youthpanel import services, views
from kansen.web.youthpanel.models import ClassCode, Response

from .conftest import axe_violations, log_in

PASSWORD = "demo-kansen"
PHONE = {"width": 390, "height": 844}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def analyst(transactional_db, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: date(2026, 10, 1))
    demostad = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    return User.objects.create_user(
        "analist", password=PASSWORD, municipality=demostad, role=Role.ANALYST
    )


def _log_in(page, live_server) -> None:
    log_in(page, live_server.url, "analist", PASSWORD, "/jeugdpanel/", keyboard=True)


def _click(page, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _clean(page) -> None:
    assert axe_violations(page) == []
    _no_horizontal_scroll(page)


def _build(page, live_server) -> str:
    """The analyst's part up to the wave's page; returns the wave's address."""
    _log_in(page, live_server)
    _clean(page)
    page.get_by_label("Titel (Nederlands)").fill("Veilig in de buurt")
    page.get_by_label("Kenmerk").fill("buurt")
    _click(page, "button", "Vragenlijst maken")
    _clean(page)

    # Arabic besides Dutch
    _click(page, "link", "Titel, talen en achtergrond")
    page.get_by_label("العربية").check()
    _click(page, "button", "Velden van deze talen tonen")
    page.get_by_label("Titel (العربية)").fill("آمن في الحي")
    _clean(page)
    _click(page, "button", "Opslaan in het concept")

    # a single choice question, then an open question shown only after "nee"
    _click(page, "link", "Een vraag toevoegen")
    page.get_by_label("Of een nieuw onderdeel").fill("Je buurt")
    page.get_by_label("Kenmerk van de vraag").fill("veilig")
    page.get_by_label("Soort").select_option("single")
    page.get_by_label("Vraag (Nederlands)").fill("Voel je je veilig in je buurt?")
    page.get_by_label("Vraag (العربية)").fill("هل تشعر بالأمان في حيك؟")
    page.get_by_label("Antwoordcodes (keuzevragen)").fill("ja\nnee")
    page.get_by_label("Antwoorden, één per regel (keuzevragen) (Nederlands)").fill("Ja\nNee")
    page.get_by_label("Antwoorden, één per regel (keuzevragen) (العربية)").fill("نعم\nلا")
    _clean(page)
    _click(page, "button", "Opslaan in het concept")
    _click(page, "link", "Een vraag toevoegen")
    page.get_by_label("Kenmerk van de vraag").fill("waarom")
    page.get_by_label("Soort").select_option("text")
    page.get_by_label("Vraag (Nederlands)").fill("Waarom niet?")
    page.get_by_label("Alleen tonen na een antwoord op").select_option("veilig")
    page.get_by_label("Antwoordcodes die deze vraag tonen").fill("misschien")
    _click(page, "button", "Opslaan in het concept")
    # refused with the library's path; what was typed stays
    assert "show_if.answers" in page.locator("main").inner_text()
    assert page.get_by_label("Vraag (Nederlands)").input_value() == "Waarom niet?"
    _clean(page)
    page.get_by_label("Antwoordcodes die deze vraag tonen").fill("nee")
    _click(page, "button", "Opslaan in het concept")
    assert "Alleen getoond na antwoord nee op veilig." in page.locator("main").inner_text()

    # the preview on a phone, in Dutch and in Arabic
    _click(page, "link", "Voorbeeld op een telefoon")
    assert page.locator(".yp-phone").bounding_box()["width"] == 390
    _clean(page)
    _click(page, "link", "العربية")
    assert page.locator(".yp-phone").get_attribute("dir") == "rtl"
    assert "هل تشعر بالأمان في حيك؟" in page.locator(".yp-phone").inner_text()
    _clean(page)
    _click(page, "link", "Veilig in de buurt")

    _click(page, "button", "Opslaan als versie")
    assert "Opgeslagen als versie 1." in page.locator("main").inner_text()
    _click(page, "link", "Een meting openen")
    _clean(page)
    page.get_by_label("Naam").fill("2026")
    _click(page, "button", "Meting openen")
    for name, school, level, pupils in (
        ("2A", "Het Lyceum", "havo/vwo", "24"),
        ("1B", "De Brug", "vmbo", "20"),
    ):
        page.get_by_label("Klas (zoals de school haar noemt)").fill(name)
        page.get_by_label("Schoolniveau").fill(level)
        page.get_by_label("School", exact=True).fill(school)
        page.get_by_label("Leerlingen in de klas").fill(pupils)
        _click(page, "button", "Klascode maken")
    _clean(page)
    wave = page.url
    _click(page, "link", "Bladen voor de docenten (afdrukken)")
    assert page.locator(".yp-sheet").count() == 2
    _clean(page)
    page.goto(wave)
    return wave


def test_a_questionnaire_is_built_answered_by_pupils_and_tabulated(
    page, browser, live_server, analyst
):
    wave = _build(page, live_server)
    lyceum = ClassCode.objects.get(school="Het Lyceum").code
    brug = ClassCode.objects.get(school="De Brug").code

    # a pupil in Arabic on a phone, by touch
    phone = browser.new_context(locale="nl-NL", viewport=PHONE, has_touch=True)
    pupil = phone.new_page()
    pupil.goto(f"{live_server.url}/jeugdpanel/k/{lyceum}/")
    _clean(pupil)
    _click(pupil, "link", "العربية")
    assert pupil.locator("html").get_attribute("dir") == "rtl"
    assert pupil.locator("html").get_attribute("lang") == "ar"
    _clean(pupil)
    _click(pupil, "button", "ابدأ")
    assert "السؤال 1 من 1" in pupil.locator("main").inner_text()
    _clean(pupil)
    pupil.get_by_text("لا", exact=True).tap()
    _click(pupil, "button", "التالي: إرسال")
    # "nee" shows the open question: one more page
    assert "السؤال 2 من 2" in pupil.locator("main").inner_text()
    pupil.get_by_label("Waarom niet?").fill("Te donker <script>alert(1)</script>")
    _clean(pupil)
    _click(pupil, "button", "التالي: إرسال")
    _clean(pupil)
    _click(pupil, "button", "أرسل")
    assert "شكرا لك!" in pupil.locator("main").inner_text()
    _clean(pupil)
    assert pupil.context.cookies() == []
    phone.close()

    # a pupil in Dutch with the keyboard only
    phone = browser.new_context(locale="nl-NL", viewport=PHONE)
    pupil = phone.new_page()
    pupil.goto(f"{live_server.url}/jeugdpanel/doe-mee/")
    _clean(pupil)
    pupil.keyboard.press("Tab")  # the skip link first
    assert pupil.evaluate("document.activeElement.textContent") == "Naar de vraag"
    pupil.keyboard.press("Tab")
    assert pupil.evaluate("document.activeElement.id") == "id_code"
    pupil.keyboard.type(brug.lower())
    with pupil.expect_navigation():
        pupil.keyboard.press("Enter")
    assert pupil.locator("h1").inner_text() == "Veilig in de buurt", pupil.locator(
        "main"
    ).inner_text()
    with pupil.expect_navigation():
        pupil.get_by_role("button", name="Beginnen").focus()
        pupil.keyboard.press("Enter")
    pupil.get_by_label("Ja").focus()
    pupil.keyboard.press("Space")
    assert pupil.get_by_label("Ja").is_checked()
    with pupil.expect_navigation():
        pupil.keyboard.press("Enter")  # submits the form: Volgende
    assert "Je antwoorden versturen" in pupil.locator("h1").inner_text()
    _clean(pupil)
    _click(pupil, "button", "Versturen")
    phone.close()

    rows = sorted((r.class_code.school, r.answers, r.count) for r in Response.objects.all())
    assert rows == [
        ("De Brug", {"veilig": "ja"}, 1),
        ("Het Lyceum", {"veilig": "nee", "waarom": "Te donker <script>alert(1)</script>"}, 1),
    ]
    # eleven more pupils of the Lyceum, so that its group and the total are shown
    lyceum_class = ClassCode.objects.get(code=lyceum)
    for answer in ["ja"] * 8 + ["nee"] * 3:
        services.submit(lyceum_class, "", {"veilig": answer})

    page.goto(wave)
    _click(page, "link", "Resultaten")
    page.get_by_label("Uitsplitsen naar").select_option("school")
    _click(page, "button", "Tonen")
    table = page.get_by_role("table").first
    text = " ".join(table.inner_text().split()).replace("* ", "*")
    # 13 of the 44 pupils: shown, marked; the Brug's one pupil hidden, and the Lyceum's 12 too
    # (they are the total minus the Brug's)
    assert "Alle leerlingen (lage respons) 13 69,2% 42,4% – 87,3% 30,8% 12,7% – 57,6%" in text
    assert "De Brug – *niet getoond *niet getoond" in text
    assert "Het Lyceum – *niet getoond *niet getoond" in text
    # open answers: the whole wave, escaped
    assert "Te donker <script>alert(1)</script>" in page.locator("main").inner_text()
    _clean(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Samenvatting als pdf").click()
    assert download.value.suggested_filename == "jeugdpanel-buurt-2026.pdf"

    # in English
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert "Break down by" in page.locator("main").inner_text()
    _clean(page)
    page.goto(wave)
    _clean(page)
