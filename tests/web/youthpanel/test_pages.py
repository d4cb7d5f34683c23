"""The youth panel's pages: an analyst builds a questionnaire, opens a wave with class codes,
pupils answer without an account, and the results never show a group under ten; another
municipality sees nothing until the results are published; forms keep what was typed."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from kansen.web.accounts.constants import Role
from kansen.web.youthpanel import services
from kansen.web.youthpanel.models import Questionnaire, Response, Wave

from ..factories import UserFactory, client_for
from .conftest import TODAY, answer

pytestmark = pytest.mark.django_db

#: The demo questionnaire's pages for a pupil who answers "ja" to the homework question: age,
#: veilig, activiteiten, uren_sport, hulp_huiswerk, opmerking.
YES_PAGES = [
    {"answer": "13"},
    {"answer": "4"},
    {"answer": ["sport"]},
    {"answer": "3"},
    {"answer": "ja"},
    {"answer": ""},
]


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_an_analyst_builds_a_questionnaire_with_a_condition(analyst):
    client = client_for(analyst)
    response = client.post(
        reverse("youthpanel:questionnaire_new"), {"title": "Buurtpeiling", "identifier": "buurt"}
    )
    made = Questionnaire.objects.get(identifier="buurt")
    assert response.url == reverse("youthpanel:questionnaire", args=[made.uuid])
    add = reverse("youthpanel:question_new", args=[made.uuid])
    response = client.post(
        add,
        {
            "new_section": "Je buurt",
            "id": "veilig",
            "type": "single",
            "text_nl": "Voel je je veilig?",
            "codes": "ja\nnee",
            "labels_nl": "Ja\nNee",
        },
    )
    assert response.status_code == 302
    response = client.post(
        add,
        {
            "section": "je_buurt",
            "id": "waarom",
            "type": "text",
            "text_nl": "Waarom niet?",
            "show_if_question": "veilig",
            "show_if_answers": "nee",
        },
    )
    assert response.status_code == 302
    client.post(reverse("youthpanel:save_version", args=[made.uuid]))
    version = made.versions.get()
    questions = version.document["sections"][0]["questions"]
    assert [q["id"] for q in questions] == ["veilig", "waarom"]
    assert questions[1]["show_if"] == {"question": "veilig", "answers": ["nee"]}
    page = client.get(reverse("youthpanel:preview", args=[made.uuid]))
    assert "Voel je je veilig?" in _text(page.content)


def test_a_question_that_is_refused_keeps_what_was_typed(analyst, questionnaire):
    client = client_for(analyst)
    typed = {
        "section": "buurt",
        "id": "nieuw",
        "type": "single",
        "text_nl": "Een vraag <b>vet</b>",
        "codes": "ja\nNee!",
        "labels_nl": "Ja",
        "show_if_question": "veilig",
        "show_if_answers": "9",
    }
    response = client.post(reverse("youthpanel:question_new", args=[questionnaire.uuid]), typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not a code: Nee!." in _text(response.content) or "Geen code" in html
    assert "Een vraag &lt;b&gt;vet&lt;/b&gt;" in html
    assert "nieuw" not in str(Questionnaire.objects.get(pk=questionnaire.pk).draft)


def test_a_condition_on_an_answer_the_question_lacks_is_refused_with_its_path(
    analyst, questionnaire
):
    client = client_for(analyst)
    response = client.post(
        reverse("youthpanel:question_new", args=[questionnaire.uuid]),
        {
            "section": "buurt",
            "id": "nieuw",
            "type": "text",
            "text_nl": "Waarom?",
            "show_if_question": "veilig",
            "show_if_answers": "9",
        },
    )
    assert response.status_code == 200
    assert "show_if.answers" in _text(response.content)


def test_pupils_answer_without_an_account_and_nothing_of_them_stays(wave, classes):
    pupil = Client()
    answer(pupil, classes[0].code, YES_PAGES)
    # the session that held the unfinished form is gone, its cookie removed
    assert {name: (c.value, c["max-age"]) for name, c in pupil.cookies.items()} == {
        "sessionid": ("", 0),
        "csrftoken": ("", 0),
    }
    assert Session.objects.count() == 0
    row = Response.objects.get()
    assert (row.age, row.count, row.answers) == (
        "13",
        1,
        {"activiteiten": ["sport"], "hulp_huiswerk": "ja", "uren_sport": 3, "veilig": 4},
    )


def test_a_condition_shows_its_question_only_after_its_answer(wave, classes):
    pupil = Client()
    pupil.post(f"/jeugdpanel/k/{classes[0].code}/")
    for number, data in enumerate(YES_PAGES[:4], start=1):
        pupil.post(f"/jeugdpanel/k/{classes[0].code}/vraag/{number}/", {"go": "next", **data})
    pupil.post(f"/jeugdpanel/k/{classes[0].code}/vraag/5/", {"go": "next", "answer": "nee"})
    page = pupil.get(f"/jeugdpanel/k/{classes[0].code}/vraag/6/")
    assert "Waarom niet?" in _text(page.content)
    assert "Vraag 6 van 7" in _text(page.content)
    # back to "ja": the answer to the hidden question is dropped, one page less
    pupil.post(f"/jeugdpanel/k/{classes[0].code}/vraag/6/", {"go": "next", "answer": "niemand"})
    pupil.post(f"/jeugdpanel/k/{classes[0].code}/vraag/5/", {"go": "next", "answer": "ja"})
    page = pupil.get(f"/jeugdpanel/k/{classes[0].code}/vraag/6/")
    assert "Wil je nog iets zeggen?" in _text(page.content)
    pupil.post(f"/jeugdpanel/k/{classes[0].code}/versturen/")
    assert "waarom_niet" not in Response.objects.get().answers


def test_the_pupil_form_in_arabic_is_right_to_left(wave, classes):
    pupil = Client()
    page = pupil.get(f"/jeugdpanel/k/{classes[0].code}/?taal=ar")
    assert '<html lang="ar" dir="rtl"' in page.content.decode()
    assert "لجنة الشباب ديموستاد" in page.content.decode()


def test_a_number_out_of_range_is_said_and_kept(wave, classes):
    pupil = Client()
    pupil.post(f"/jeugdpanel/k/{classes[0].code}/")
    response = pupil.post(f"/jeugdpanel/k/{classes[0].code}/vraag/1/", {"answer": "99"})
    assert response.status_code == 400
    assert "Vul een heel getal in van 10 tot 20, of laat het leeg." in _text(response.content)


def test_a_closed_class_code_opens_nothing(wave, classes):
    services.set_class(classes[0], closed=True)
    assert Client().get(f"/jeugdpanel/k/{classes[0].code}/").status_code == 404
    assert Client().get("/jeugdpanel/k/NOPE12/").status_code == 404


#: What :data:`YES_PAGES` stores (test_pupils_answer_without_an_account_and_nothing_of_them_stays).
YES_STORED = {"activiteiten": ["sport"], "hulp_huiswerk": "ja", "uren_sport": 3, "veilig": 4}


def _pupils(class_code, count, **more):
    """``count`` pupils of a class who sent :data:`YES_PAGES` (with ``more`` answers), stored
    as the form stores them (the form itself is tested above; this is quicker)."""
    for _ in range(count):
        services.submit(class_code, "13", {**YES_STORED, **more})


def test_results_never_show_a_group_under_ten(analyst, wave, classes):
    _pupils(classes[0], 12)
    _pupils(classes[1], 3)
    client = client_for(analyst)
    page = client.get(reverse("youthpanel:results", args=[wave.uuid]) + "?naar=school")
    text = _text(page.content)
    assert "15 leerlingen hebben geantwoord." in text
    assert "Het Lyceum" in text
    assert "De Brug" in text
    download = client.get(reverse("youthpanel:download", args=[wave.uuid, "csv"]) + "?naar=school")
    rows = list(csv.DictReader(io.StringIO(download.content.decode()), delimiter=";"))
    published_n = [int(float(r["n"])) for r in rows if r["n"]]
    assert min(published_n) >= 10
    brug = [r for r in rows if r["school"] == "De Brug"]
    assert brug
    assert all(r["status"] == "suppressed" and r["n"] == "" for r in brug)


def test_another_municipality_sees_nothing_until_published(other_analyst, wave, classes):
    client = client_for(other_analyst)
    for name in ("youthpanel:questionnaire",):
        assert client.get(reverse(name, args=[wave.questionnaire.uuid])).status_code == 404
    assert client.get(reverse("youthpanel:wave", args=[wave.uuid])).status_code == 404
    assert client.get(reverse("youthpanel:results", args=[wave.uuid])).status_code == 404
    assert Client().get(reverse("youthpanel:results", args=[wave.uuid])).status_code == 404
    services.set_wave(wave, published=True)
    assert client.get(reverse("youthpanel:results", args=[wave.uuid])).status_code == 200
    assert Client().get(reverse("youthpanel:results", args=[wave.uuid])).status_code == 200
    assert client.get(reverse("youthpanel:wave", args=[wave.uuid])).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.PROFESSIONAL, 403), (Role.PROVIDER, 403), (Role.PROGRAMME_LEAD, 200)],
)
def test_who_runs_the_youth_panel(demostad, role, status):
    user = UserFactory(username=f"u-{role}", municipality=demostad, role=role)
    assert client_for(user).get(reverse("youthpanel:index")).status_code == status


def test_a_visitor_is_sent_to_the_login(db):
    response = Client().get(reverse("youthpanel:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_wave_opens_with_classes_and_a_teacher_sheet(analyst, questionnaire):
    client = client_for(analyst)
    response = client.post(
        reverse("youthpanel:wave_new", args=[questionnaire.uuid]),
        {"label": "2026", "opens": "2026-09-01", "closes": "2026-12-31",
         "min_response_rate": "0,6", "min_n": "10"},
    )  # fmt: skip
    wave = Wave.objects.get()
    assert response.url == reverse("youthpanel:wave", args=[wave.uuid])
    client.post(
        reverse("youthpanel:class_new", args=[wave.uuid]),
        {"name": "2A", "school": "Het Lyceum", "school_level": "havo/vwo", "pupils": "24"},
    )
    made = wave.classes.get()
    sheet = client.get(reverse("youthpanel:sheet", args=[wave.uuid]))
    assert f"http://testserver/jeugdpanel/k/{made.code}/" in _text(sheet.content)
    # the sheet's QR code: an image of the class's link, named by it for screen readers
    from lxml import html as lxml_html

    images = lxml_html.fromstring(sheet.content).xpath("//img[contains(@class, 'yp-qr')]")
    assert len(images) == 1
    assert images[0].get("src").startswith("data:image/svg+xml")
    assert f"/jeugdpanel/k/{made.code}/" in images[0].get("alt")
    assert made.code in _text(client.get(reverse("youthpanel:wave", args=[wave.uuid])).content)


def test_a_wave_with_a_date_as_label_keeps_what_was_typed(analyst, questionnaire):
    client = client_for(analyst)
    response = client.post(
        reverse("youthpanel:wave_new", args=[questionnaire.uuid]),
        {"label": "1-10-2026", "opens": "2026-09-01", "closes": "2026-12-31",
         "min_response_rate": "0,6", "min_n": "10"},
    )  # fmt: skip
    assert response.status_code == 200
    assert 'value="1-10-2026"' in response.content.decode()
    assert Wave.objects.count() == 0
    assert TODAY.year == 2026


def test_the_wave_form_offers_its_dates_as_a_date_field_reads_them(analyst, questionnaire):
    page = client_for(analyst).get(reverse("youthpanel:wave_new", args=[questionnaire.uuid]))
    html = page.content.decode()
    assert 'type="date" name="opens" value="2026-10-01"' in html
    assert 'type="date" name="closes" value="2026-12-31"' in html


HOSTILE = '<img src=x onerror="alert(1)">'


def test_hostile_texts_in_a_questionnaire_stay_text_everywhere(analyst, questionnaire, wave):
    import json

    from kansen.web.youthpanel.models import QuestionnaireVersion

    client = client_for(analyst)
    draft = questionnaire.draft
    draft["title"]["nl"] = HOSTILE
    draft["sections"][1]["questions"][0]["options"][0]["label"]["nl"] = HOSTILE
    response = client.post(
        reverse("youthpanel:json", args=[questionnaire.uuid]), {"document": json.dumps(draft)}
    )
    assert response.status_code == 302
    client.post(reverse("youthpanel:save_version", args=[questionnaire.uuid]))
    assert QuestionnaireVersion.objects.filter(questionnaire=questionnaire).count() == 1
    later = services.open_wave(questionnaire, "2027", TODAY, TODAY)
    code = services.add_class(later, {"school": HOSTILE}).code
    pupil = Client()
    pages = [
        client.get(reverse("youthpanel:questionnaire", args=[questionnaire.uuid])),
        client.get(reverse("youthpanel:preview", args=[questionnaire.uuid])),
        client.get(reverse("youthpanel:wave", args=[later.uuid])),
        client.get(reverse("youthpanel:sheet", args=[later.uuid])),
        pupil.get(f"/jeugdpanel/k/{code}/"),
    ]
    pupil.post(f"/jeugdpanel/k/{code}/")
    pages.append(pupil.get(f"/jeugdpanel/k/{code}/vraag/5/"))
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("{", "Geen JSON: Expecting property name enclosed in double quotes (regel 1, kolom 2)."),
        ("[1, 2]", "Verwacht een JSON-object {...} bovenaan."),
        ("[" * 5000, "Te diep genest: hoogstens 64 niveaus."),
    ],
    ids=["broken", "a list", "nested deeper than Python parses"],
)
def test_json_that_is_no_object_is_refused_and_kept(analyst, questionnaire, typed, message):
    client = client_for(analyst)
    response = client.post(
        reverse("youthpanel:json", args=[questionnaire.uuid]), {"document": typed}
    )
    assert response.status_code == 200
    assert message in _text(response.content)
    assert f">\n{typed}</textarea>" in response.content.decode()


def test_a_draft_that_is_not_a_questionnaire_is_kept_with_its_problems(analyst, questionnaire):
    import json

    client = client_for(analyst)
    draft = {**questionnaire.draft, "languages": ["en", "xx"]}
    client.post(
        reverse("youthpanel:json", args=[questionnaire.uuid]), {"document": json.dumps(draft)}
    )
    response = client.post(
        reverse("youthpanel:save_version", args=[questionnaire.uuid]), follow=True
    )
    text = _text(response.content)
    assert "Het concept kan niet als versie worden opgeslagen: languages" in text
    assert questionnaire.versions.get().document["languages"] == ["nl", "en", "ar"]


OPEN = [*YES_PAGES[:-1], {"answer": "Meer licht in het park"}]


def test_open_answers_only_for_the_whole_wave_of_ten_or_more_and_never_exported(
    analyst, wave, classes
):
    client = client_for(analyst)
    results = reverse("youthpanel:results", args=[wave.uuid])
    _pupils(classes[0], 8, opmerking="Meer licht in het park")
    answer(Client(), classes[0].code, OPEN)  # one through the form
    assert "Meer licht in het park" not in _text(client.get(results).content)
    _pupils(classes[1], 1, opmerking="Een skatebaan")
    page = _text(client.get(results + "?naar=school").content)
    assert "Open antwoorden (alle leerlingen van de meting)" in page
    assert page.count("Meer licht in het park") == 9
    assert page.index("Een skatebaan") < page.index("Meer licht in het park")  # sorted
    csv_text = client.get(reverse("youthpanel:download", args=[wave.uuid, "csv"])).content
    assert b"Meer licht" not in csv_text
    assert b"skatebaan" not in csv_text
    pdf = client.get(reverse("youthpanel:download", args=[wave.uuid, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_hostile_posts_of_a_pupil_store_nothing_wrong(wave, classes):
    code = classes[0].code
    pupil = Client()
    pupil.post(f"/jeugdpanel/k/{code.lower()}/?taal=xx")
    refused = pupil.post(f"/jeugdpanel/k/{code}/vraag/2/", {"answer": "7"})
    assert refused.status_code == 400
    assert "Kies een van de antwoorden." in _text(refused.content)
    far = pupil.get(f"/jeugdpanel/k/{code}/vraag/99999999999/")
    assert far.url == f"/jeugdpanel/k/{code}/versturen/?taal=nl"
    pupil.post(f"/jeugdpanel/k/{code}/vraag/3/", {"answer": ["sport", "hacking", "sport"]})
    pupil.post(f"/jeugdpanel/k/{code}/vraag/6/", {"answer": "x" * 100_000})
    pupil.post(f"/jeugdpanel/k/{code}/versturen/")
    assert Response.objects.get().answers == {"activiteiten": ["sport"], "opmerking": "x" * 500}
    assert Client().get("/jeugdpanel/k/%3Cscript%3E/").status_code == 404


def test_the_pupil_form_starts_in_the_browsers_language_when_the_questionnaire_has_it(
    wave, classes
):
    english = Client(headers={"accept-language": "en"})
    page = english.get(f"/jeugdpanel/k/{classes[0].code}/")
    assert '<html lang="en" dir="ltr"' in page.content.decode()
    assert "Demostad youth panel" in _text(page.content)
    polish = Client(headers={"accept-language": "pl"})
    assert (
        '<html lang="nl" dir="ltr"'
        in polish.get(f"/jeugdpanel/k/{classes[0].code}/").content.decode()
    )


def test_a_school_named_like_a_formula_stays_text_in_the_exports(analyst, wave):
    import openpyxl

    formula = '=HYPERLINK("http://example.org","klik")'
    hostile = services.add_class(wave, {"school": formula, "school_level": "vmbo", "pupils": 12})
    for _ in range(10):
        services.submit(hostile, "", {"veilig": 3})
    client = client_for(analyst)
    base = reverse("youthpanel:download", args=[wave.uuid, "csv"]) + "?naar=school"
    rows = list(csv.reader(io.StringIO(client.get(base).content.decode()), delimiter=";"))
    school = rows[0].index("school")
    assert {r[school] for r in rows[1:]} == {"", "'" + formula}
    book = client.get(base.replace("resultaten.csv", "resultaten.xlsx")).content
    sheet = openpyxl.load_workbook(io.BytesIO(book)).active
    cells = [row[school] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} == {None, formula}
    assert all(c.data_type == "s" for c in cells if c.value)


def test_a_double_tap_on_send_counts_the_answers_once(wave, classes, monkeypatch):
    from kansen.web.youthpanel import selectors

    code = classes[0].code
    pupil = Client()
    pupil.post(f"/jeugdpanel/k/{code}/")
    for number, data in enumerate(YES_PAGES, start=1):
        pupil.post(f"/jeugdpanel/k/{code}/vraag/{number}/", {"go": "next", **data})
    read_form = selectors.session_data

    def read_while_the_first_tap_is_stored(key):
        # both requests of a double tap read the unfinished form before either stores it:
        # here the first one has stored the answers (and removed the form) meanwhile
        text = read_form(key)
        state = Session.objects.get().get_decoded()["youthpanel"]
        services.submit(classes[0], str(state["age"]), state["answers"])
        Session.objects.all().delete()
        return text

    monkeypatch.setattr(selectors, "session_data", read_while_the_first_tap_is_stored)
    second = pupil.post(f"/jeugdpanel/k/{code}/versturen/")
    assert second.status_code == 200
    assert "Bedankt" in _text(second.content)
    assert [(r.count, r.age) for r in Response.objects.all()] == [(1, "13")]
    assert classes[0].__class__.objects.get(pk=classes[0].pk).responses == 1
