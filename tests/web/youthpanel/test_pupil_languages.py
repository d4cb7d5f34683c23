"""The pupil form's own buttons and messages in Turkish, Polish and Ukrainian (the questions
are the questionnaire's texts; a text without a translation is shown in Dutch)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.test import Client

from kansen.surveys import demo_questionnaire_document
from kansen.web.youthpanel import services

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content.decode())))


@pytest.fixture
def code(demostad):
    document = demo_questionnaire_document()
    document["languages"] = ["nl", "en", "ar", "tr", "pl", "uk"]
    made = services.create_questionnaire(demostad, "jeugdpanel", "Jeugdpanel Demostad", TODAY)
    services.save_draft(made, document)
    services.save_version(made, TODAY)
    wave = services.open_wave(made, "2026", date(2026, 9, 1), date(2026, 12, 31))
    found = services.add_class(
        wave,
        {"name": "2A", "school_level": "havo/vwo", "school": "Het Lyceum", "year_of_study": "2",
         "neighbourhood": "Centrum", "pupils": 25},
    )  # fmt: skip
    return found.code


def test_a_pupil_form_in_turkish_says_its_buttons_and_messages_in_turkish(code):
    pupil = Client()
    landing = _text(pupil.get(f"/jeugdpanel/k/{code}/?taal=tr").content)
    assert "Ankete başla" in landing
    assert "İstediğin soruyu atlayabilirsin." in landing
    assert "Start the questionnaire" not in landing
    pupil.post(f"/jeugdpanel/k/{code}/?taal=tr")
    step = _text(pupil.get(f"/jeugdpanel/k/{code}/vraag/1/").content)
    assert "Soru 1 / 6" in step
    assert "İleri" in step
    assert "Cevap vermek istemiyor musun? Boş bırak ve İleri'yi seç." in step
    assert "Next" not in step
    refused = pupil.post(f"/jeugdpanel/k/{code}/vraag/1/", {"answer": "99"})
    assert refused.status_code == 400
    assert "10 ile 20 arasında bir tam sayı yaz ya da boş bırak." in _text(refused.content)
    send = _text(pupil.get(f"/jeugdpanel/k/{code}/versturen/").content)
    assert "Cevaplarını gönder" in send
    assert "Gönder" in send


@pytest.mark.parametrize(
    ("language", "button", "questions"),
    [
        ("pl", "Rozpocznij ankietę", "6 pytań. To zajmie kilka minut."),
        ("uk", "Почати опитування", "6 питань. Це займе кілька хвилин."),
        ("tr", "Ankete başla", "6 soru. Birkaç dakika sürer."),
    ],
)
def test_the_landing_page_in_polish_ukrainian_and_turkish(code, language, button, questions):
    landing = _text(Client().get(f"/jeugdpanel/k/{code}/?taal={language}").content)
    assert button in landing
    assert questions in landing


def test_a_question_without_a_translation_is_marked_dutch_on_an_arabic_page(code):
    pupil = Client()
    pupil.post(f"/jeugdpanel/k/{code}/?taal=ar")
    # the last page: the open question has no Arabic text in the demo questionnaire
    page = pupil.get(f"/jeugdpanel/k/{code}/vraag/6/").content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert re.search(r'<label class="yp-question-text" for="[^"]+" lang="nl" dir="ltr">', page)
    # a translated question and its answers are in the page's language
    page = pupil.get(f"/jeugdpanel/k/{code}/vraag/5/").content.decode()
    assert '<legend class="yp-question-text" lang="ar" dir="rtl">' in page
    assert re.search(r'<label for="[^"]+" lang="ar" dir="rtl">', page)
