"""The public search page /aanbod/: facets with exact counts, filters, age, distance, errors,
languages, and only the offers residents may see (the directory of ``conftest.py``)."""

from __future__ import annotations

import datetime
import gc
import re
import weakref

import pytest

from kansen.web.directory import search
from kansen.web.directory import views as public_views
from kansen.web.directory.models import DirectorySettings, Offer
from kansen.web.directory.services import mark_checked

from ..html import attributes, one, parse, text
from .conftest import PUBLIC, make_offer

pytestmark = pytest.mark.django_db

URL = "/aanbod/"


def _ids(response) -> list[str]:
    return [found.offer.id for found in response.context["page"].offers]


def _counts(response, name: str) -> dict[str, int]:
    group = next(g for g in response.context["facet_groups"] if g["name"] == name)
    return {option["value"]: option["count"] for option in group["options"]}


def test_everything_public_sorted_by_title_and_nothing_else(client, demostad):
    response = client.get(URL)
    assert response.status_code == 200
    # sorted by title: Huiswerk..., Laptop..., Taalcafé..., Voetbalclub..., VoorleesExpress, Zwemles
    assert _ids(response) == [
        "huiswerk-bieb",
        "laptop-voor-school",
        "taalcafe",
        "voetbal-noord",
        "voorleesexpress",
        "zwemles",
    ]
    assert sorted(_ids(response)) == PUBLIC
    html = response.content.decode()
    for never in ("Oude huiswerkklas", "Concept schaakclub", "Andersdorp"):
        assert never not in html


def test_facet_counts_are_exact(client, demostad):
    response = client.get(URL)
    assert _counts(response, "soort") == {
        "taal": 3,
        "huiswerk": 1,
        "talentontwikkeling": 0,
        "sociaal-emotioneel": 0,
        "cognitief": 0,
        "opvoeding": 0,
        "sport": 2,
        "cultuur": 0,
        "schoolkosten": 1,
        "voeding": 0,
        "geldzaken": 0,
    }
    assert _counts(response, "voor") == {"kind": 4, "jongere": 2, "ouder": 3, "professional": 0}
    assert _counts(response, "kosten") == {"free": 4, "contribution": 1, "price": 1}
    # long lists show only the choices with results
    assert _counts(response, "gesproken") == {"nl": 6, "tr": 1, "ar": 1, "pl": 1, "uk": 1}
    assert _counts(response, "wijk") == {"WK999901": 3, "WK999902": 2}
    assert _counts(response, "buurt") == {"BU99990102": 1, "BU99990201": 2, "BU99990101": 2}
    html = response.content.decode()
    assert re.search(
        r'value="sport" id="id_soort_6">\s*<label[^>]*><span>[^<]+</span> '
        r'<span class="facet__count">\(2<',
        html,
    )


def test_facet_counts_leave_out_their_own_filter(client, demostad):
    """Disjunctive counts: choosing sport still shows how many each other kind would give."""
    response = client.get(URL, {"soort": "sport"})
    assert _ids(response) == ["voetbal-noord", "zwemles"]
    assert _counts(response, "soort")["taal"] == 3
    assert _counts(response, "kosten") == {"free": 0, "contribution": 1, "price": 1}
    assert _counts(response, "wijk") == {"WK999901": 1, "WK999902": 1}
    checked = re.findall(
        r'name="soort" value="([^"]+)" id="[^"]+" checked', response.content.decode()
    )
    assert checked == ["sport"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # OR within one facet
        ({"soort": ["sport", "schoolkosten"]}, ["laptop-voor-school", "voetbal-noord", "zwemles"]),
        # AND across facets
        ({"soort": ["taal"], "voor": ["ouder"]}, ["taalcafe", "voorleesexpress"]),
        ({"kosten": ["free"], "wijk": ["WK999901"]}, ["huiswerk-bieb", "taalcafe"]),
        ({"buurt": ["BU99990201"]}, ["voetbal-noord", "voorleesexpress"]),
        ({"gesproken": ["uk"]}, ["taalcafe"]),
        # the age is inside the offer's range; an offer without ages is for everyone
        ({"leeftijd": "10"}, ["huiswerk-bieb", "taalcafe", "voetbal-noord", "zwemles"]),
        (
            {"leeftijd": "8"},
            ["huiswerk-bieb", "taalcafe", "voetbal-noord", "voorleesexpress", "zwemles"],
        ),
        ({"leeftijd": "18", "soort": ["sport"]}, ["voetbal-noord"]),
        # Dutch text: compounds and inflections
        ({"q": "huiswerk"}, ["huiswerk-bieb"]),
        ({"q": "zwemmen"}, ["zwemles"]),
    ],
)
def test_filters(client, demostad, params, expected):
    response = client.get(URL, params)
    assert response.context["form"].errors == {}
    assert sorted(_ids(response)) == expected


def test_sorted_by_distance_from_a_postcode(client, demostad):
    response = client.get(URL, {"postcode": "9991 AB", "sorteer": "afstand"})
    assert response.context["form"].errors == {}
    found = response.context["page"].offers
    assert [(f.offer.id, f.distance_km) for f in found] == [
        ("taalcafe", 0.3),
        ("huiswerk-bieb", 0.5),
        ("zwemles", 3.0),
        ("voetbal-noord", 4.1),
        ("voorleesexpress", 9.0),
        ("laptop-voor-school", None),  # no location: last
    ]
    html = response.content.decode()
    assert "0,3 km" in html  # Dutch decimal comma
    assert "4,1 km" in html


def test_distance_sort_keeps_the_filters(client, demostad):
    response = client.get(URL, {"postcode": "9992", "sorteer": "afstand", "soort": "sport"})
    # from (105000, 500000): zwemles 2000 m, voetbal sqrt(4000² + 4000²) = 5657 m
    assert [(f.offer.id, round(f.distance_m)) for f in response.context["page"].offers] == [
        ("zwemles", 2000),
        ("voetbal-noord", 5657),
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"postcode": "1234", "sorteer": "afstand"}, "We do not know the postcode 1234."),
        ({"postcode": "12", "sorteer": "afstand"}, "Enter the four digits of a Dutch postcode"),
        ({"postcode": "", "sorteer": "afstand"}, "Enter your postcode to sort by distance"),
    ],
)
def test_a_postcode_problem_is_shown_at_the_field(client, demostad, params, message):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["postcode"]
    assert errors["postcode"][0].startswith(message)
    doc = parse(response)
    # the summary links to the field, which says it is invalid and has its message
    assert one(doc, "//*[@id='error-summary']").xpath(".//a/@href") == ["#id_postcode"]
    assert one(doc, "//*[@id='id_postcode_error']") is not None
    assert attributes(one(doc, "//input[@id='id_postcode']"), "aria-invalid") == ("true",)
    # the results are still there, by relevance (here: by title)
    assert len(_ids(response)) == 6
    assert response.context["sorted_by_distance"] is False


def test_an_impossible_age_is_an_error_at_the_field(client, demostad):
    response = client.get(URL, {"leeftijd": "acht"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors == {
        "leeftijd": ["Enter an age in whole years, for example 8."]
    }
    # what was typed stays
    assert one(parse(response), "//input[@name='leeftijd']/@value") == "acht"


def test_did_you_mean(client, demostad):
    response = client.get(URL, {"q": "huiswerkbegeleidng", "taal": "en"})
    assert response.context["page"].corrected == "huiswerkbegeleiding"
    assert _ids(response) == ["huiswerk-bieb"]
    assert parse(response).xpath("//a[@href='?q=huiswerkbegeleiding&taal=en']") != []


def test_empty_state(client, demostad):
    response = client.get(URL, {"q": "paardrijden"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["page"].total == 0
    html = response.content.decode()
    assert "No offers found" in html
    assert "No offer matches “paardrijden” with these filters." in html
    links = [text(a) for a in parse(response).xpath("//a[@href='?']")]
    assert "Show all 6 offers" in links


def test_paging(client, demostad, monkeypatch):
    monkeypatch.setattr(public_views, "PAGE_SIZE", 4)
    first = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert _ids(first) == ["huiswerk-bieb", "laptop-voor-school", "taalcafe", "voetbal-noord"]
    html = first.content.decode()
    assert "6 offers found; 1 to 4 are shown." in html
    assert one(parse(first), "//a[@rel='next']/@href") == "?pagina=2"
    second = client.get(URL, {"pagina": "2"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _ids(second) == ["voorleesexpress", "zwemles"]
    assert "6 offers found; 5 to 6 are shown." in second.content.decode()
    # a page past the end (an old link) shows the last page
    assert _ids(client.get(URL, {"pagina": "9"})) == ["voorleesexpress", "zwemles"]


def test_content_in_arabic_right_to_left_with_dutch_where_untranslated(client, demostad):
    response = client.get(URL, {"taal": "ar", "soort": "taal"})
    doc = parse(response)
    content = one(doc, "//div[contains(@class, 'directory-content')]")
    assert content.get("class") == "directory-content directory-content--rtl"
    # translated: Arabic, right to left; untranslated: Dutch, left to right; the page keeps the
    # direction of its language (the links carry the search, for the way back)
    arabic = one(content, ".//a[@href='/aanbod/huiswerk-bieb/?soort=taal&taal=ar']")
    assert text(arabic) == "مساعدة في الواجبات المدرسية"
    assert attributes(arabic.getparent(), "lang", "dir") == ("ar", "rtl")
    summary = one(content, ".//p[normalize-space() = 'مساعدة كل أربعاء.']")
    assert attributes(summary, "lang", "dir") == ("ar", "rtl")
    dutch = one(content, ".//a[@href='/aanbod/taalcafe/?soort=taal&taal=ar']")
    assert text(dutch) == "Taalcafé voor ouders"
    assert attributes(dutch.getparent(), "lang", "dir") == ("nl", "ltr")
    # the interface stays in its own language
    assert doc.get("lang") == "nl"
    # the language links name each language in itself
    link = one(doc, "//a[@hreflang='ar']")
    assert (text(link), *attributes(link, "lang", "dir", "aria-current")) == (
        "العربية",
        "ar",
        "rtl",
        "true",
    )


def test_content_in_english_falls_back_per_text(client, demostad):
    response = client.get(URL, {"taal": "en", "q": "huiswerk"})
    doc = parse(response)
    content = one(doc, "//div[contains(@class, 'directory-content')]")
    assert content.get("class") == "directory-content directory-content--ltr"
    title = one(content, ".//a[starts-with(@href, '/aanbod/huiswerk-bieb/')]")
    assert text(title) == "Homework help in the library"
    assert attributes(title.getparent(), "lang", "dir") == ("en", "ltr")
    # the summary has no English translation
    summary = one(content, ".//p[normalize-space() = 'Hulp bij je huiswerk, elke woensdag.']")
    assert attributes(summary, "lang", "dir") == ("nl", "ltr")


def test_an_unknown_content_language_is_dutch(client, demostad):
    response = client.get(URL, {"taal": "xx"})
    assert response.context["content_language"] == "nl"


def test_the_interface_in_english(client, demostad):
    client.post("/taal/", {"language": "en", "next": URL})
    response = client.get(URL)
    assert parse(response).get("lang") == "en"
    assert "Offers for children and parents in Demostad" in response.content.decode()


def test_the_interface_in_dutch(client, demostad):
    response = client.get(URL)
    assert parse(response).get("lang") == "nl"
    html = response.content.decode()
    assert "Aanbod voor kinderen en ouders in Demostad" in html
    assert "Leeftijd van uw kind" in html


def test_the_map_data_lists_every_location_of_the_page(client, demostad):
    response = client.get(URL, {"soort": "sport", "taal": "ar"})
    assert response.context["features"] == [
        {
            "lat": pytest.approx(response.context["features"][0]["lat"]),
            "lon": pytest.approx(response.context["features"][0]["lon"]),
            "title": "Voetbalclub Demostad-Noord",
            "lang": "nl",
            "dir": "ltr",
            "place": "Sportpark Noord",
            "address": "Sportpark Noordstraat 1, 9991 AB Demostad",
            "url": "/aanbod/voetbal-noord/?soort=sport&taal=ar",
        },
        {
            "lat": pytest.approx(response.context["features"][1]["lat"]),
            "lon": pytest.approx(response.context["features"][1]["lon"]),
            "title": "Zwemles voor het zwemdiploma",
            "lang": "nl",
            "dir": "ltr",
            "place": "Zwembad De Haven",
            "address": "Zwembad De Havenstraat 1, 9991 AB Demostad",
            "url": "/aanbod/zwemles/?soort=sport&taal=ar",
        },
    ]
    # RD New (101000, 504000) is north of (103000, 500000): the conversion kept the axes
    voetbal, zwemles = response.context["features"]
    assert voetbal["lat"] > zwemles["lat"]
    assert voetbal["lon"] < zwemles["lon"]
    assert 52.0 < voetbal["lat"] < 54.0
    assert parse(response).xpath("//*[@id='directory-map-data']")


def test_the_buurt_outlines_for_the_map(client, demostad):
    response = client.get("/aanbod/kaart/buurten.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    codes = [f["properties"]["code"] for f in response.json()["features"]]
    assert codes == ["BU99990101", "BU99990102", "BU99990201"]


def test_changes_show_on_the_next_request(client, demostad):
    assert "zwemles" in _ids(client.get(URL))
    offer = Offer.objects.get(slug="zwemles")
    offer.title = "Zwemles A en B"
    offer.save()
    assert "Zwemles A en B" in client.get(URL).content.decode()
    offer.is_published = False
    offer.save()
    assert "zwemles" not in _ids(client.get(URL))


def test_a_hidden_offer_checked_again_comes_back(client, demostad):
    assert "oude-huiswerkklas" not in _ids(client.get(URL))
    # "Nog actueel" by its provider (an update of the date only)
    mark_checked(
        Offer.objects.filter(slug="oude-huiswerkklas"), user=None, today=datetime.date(2026, 11, 22)
    )
    assert "oude-huiswerkklas" in _ids(client.get(URL))


def test_a_longer_grace_period_shows_an_old_offer(client, demostad):
    DirectorySettings.objects.create(municipality=demostad, review_months=12, grace_days=400)
    assert "oude-huiswerkklas" in _ids(client.get(URL))


def test_the_portal_of_a_logged_in_user_is_their_own_municipality(client, demostad):
    from kansen.web.accounts.models import Municipality, User

    other = Municipality.objects.get(code="GM0001")
    user = User.objects.create_user("ander", password="x", municipality=other)
    client.force_login(user)
    response = client.get(URL)
    assert _ids(response) == ["andersdorp-huiswerk"]


def test_a_new_offer_appears(client, demostad):
    make_offer(
        demostad.providers.get(slug="sportbedrijf"),
        "judo",
        "Judo voor kinderen",
        support_types=["sport"],
    )
    assert "judo" in _ids(client.get(URL, {"q": "judo"}))


def test_a_page_is_rendered_once_per_version_and_interface_language(client, demostad):
    first = client.get(URL, {"q": "zwemmen"})
    again = client.get(URL, {"q": "zwemmen"})
    assert "page" in first.context  # searched and rendered
    assert "page" not in again.context  # kept
    main = re.compile(r"<main.*</main>", re.S)  # the page around it has a fresh CSRF token
    assert main.search(again.content.decode())[0] == main.search(first.content.decode())[0]
    english = client.get(URL, {"q": "zwemmen"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Offers for children and parents in Demostad" in english.content.decode()
    offer = Offer.objects.get(slug="zwemles")
    offer.title = "Zwemles A en B"
    offer.save()
    changed = client.get(URL, {"q": "zwemmen"})
    assert "page" in changed.context
    assert "Zwemles A en B" in changed.content.decode()


def test_a_large_directory_is_kept_out_of_the_garbage_collector_and_freed_when_replaced(
    client, demostad, monkeypatch
):
    monkeypatch.setattr(search, "SETTLE_FROM_OFFERS", 1)  # the six offers count as large
    gc.unfreeze()
    try:
        client.get(URL, {"q": "zwemmen"})
        old = weakref.ref(search.directory_snapshot(demostad))
        frozen = gc.get_freeze_count()
        assert frozen > 0
        # every language's index is built with the snapshot (ADR 0031): frozen with it
        client.get(URL, {"q": "zwemmen", "taal": "en"})
        assert old() is search.directory_snapshot(demostad)
        assert old().index("en") is not old().index(None)  # English's own view, already built
        offer = Offer.objects.get(slug="zwemles")
        offer.title = "Zwemles A en B"
        offer.save()
        assert "Zwemles A en B" in client.get(URL, {"q": "zwemmen"}).content.decode()
        assert old() is None  # the replaced snapshot did not stay behind in the frozen heap
    finally:
        gc.unfreeze()


def test_a_large_directory_is_rebuilt_in_a_thread_while_the_previous_one_answers(
    client, demostad, monkeypatch
):
    from django.db import connections

    monkeypatch.setattr(search, "BACKGROUND_FROM_OFFERS", 1)  # the six offers count as large
    started: list = []
    monkeypatch.setattr(search, "_start_thread", started.append)
    monkeypatch.setattr(connections, "close_all", lambda: None)  # the test's own connection
    try:
        client.get(URL, {"q": "zwemmen"})  # no snapshot yet: built by this request
        assert started == []
        offer = Offer.objects.get(slug="zwemles")
        offer.title = "Zwemles A en B"
        offer.save()
        # the requests answer from the previous snapshot, in every language; one build started
        assert "Zwemles A en B" not in client.get(URL, {"q": "zwemmen"}).content.decode()
        english = client.get(URL, {"q": "zwemmen", "taal": "en"})
        assert _ids(english) == ["zwemles"]
        assert "Zwemles A en B" not in english.content.decode()
        assert len(started) == 1
        started.pop()()  # the thread's work, run here
        assert "Zwemles A en B" in client.get(URL, {"q": "zwemmen"}).content.decode()
        # the build lock was released: another change starts another build
        offer.title = "Zwemles C"
        offer.save()
        client.get(URL, {"q": "zwemmen"})
        assert len(started) == 1
        started.pop()()
        assert "Zwemles C" in client.get(URL, {"q": "zwemmen"}).content.decode()
    finally:
        for build in started:  # a failed test leaves no build lock held for the next ones
            build()


# --- review of the search (more words narrow, long queries, did you mean, ages of parents) ---


def test_more_words_narrow_the_results(client, demostad):
    # "kinderen" is in most offers and "kosteloos" in none: neither adds to what "zwemmen"
    # finds (before, fewer than five offers with every word listed those with any word)
    assert sorted(_ids(client.get(URL, {"q": "zwemmen"}))) == ["zwemles"]
    assert sorted(_ids(client.get(URL, {"q": "zwemmen voor kinderen"}))) == ["zwemles"]
    assert _ids(client.get(URL, {"q": "zwemmen kosteloos"})) == ["zwemles"]


def test_a_query_longer_than_the_field_is_cut_and_searched(client, demostad):
    long = "zwemmen " + "x" * 300
    response = client.get(URL, {"q": long}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors == {}
    assert response.context["form"].cleaned_data["q"] == long[:200]
    assert _ids(response) == ["zwemles"]  # not every offer
    html = response.content.decode()
    assert "Your search was longer than 200 characters: only the first 200 were searched." in html
    # the offer's link carries the shortened query
    assert parse(response).xpath(f"//a[@href='/aanbod/zwemles/?q={long[:200].replace(' ', '+')}']")


def test_did_you_mean_only_with_few_results(client, demostad, monkeypatch):
    # one result: offered
    response = client.get(URL, {"q": "huiswerkbegeleidng"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["page"].corrected == "huiswerkbegeleiding"
    assert response.context["suggestion"] == "huiswerkbegeleiding"
    assert "Did you mean" in response.content.decode()
    # more results than SUGGEST_UP_TO: the correction found them, the question is left out
    monkeypatch.setattr(search, "SUGGEST_UP_TO", 0)
    search.clear_snapshots()
    response = client.get(URL, {"q": "huiswerkbegeleidng"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _ids(response) == ["huiswerk-bieb"]
    assert response.context["page"].corrected == "huiswerkbegeleiding"
    assert response.context["suggestion"] is None
    assert "Did you mean" not in response.content.decode()


def test_the_childs_age_keeps_offers_for_parents_themselves(client, demostad):
    make_offer(
        demostad.providers.get(slug="sportbedrijf"),
        "schuldhulp",
        "Schuldhulp voor ouders",
        support_types=["geldzaken"],
        audiences=["ouder"],
        age_min=18,
    )
    make_offer(
        demostad.providers.get(slug="sportbedrijf"),
        "pubercursus",
        "Cursus voor ouders van pubers",
        support_types=["opvoeding"],
        audiences=["ouder"],
        age_min=11,
        age_max=18,
    )
    eight = _ids(client.get(URL, {"leeftijd": "8"}))
    assert "schuldhulp" in eight  # for the parents themselves: any child's age
    assert "pubercursus" not in eight  # about children of 11 to 18
    assert "pubercursus" in _ids(client.get(URL, {"leeftijd": "14"}))
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "and the offers for parents themselves" in html


def test_the_age_field_says_which_offers_it_keeps(client, demostad):
    html = client.get(URL).content.decode()
    assert "het aanbod voor kinderen van deze leeftijd, en het aanbod" in html
    assert "voor ouders zelf (zoals schuldhulp of taalles voor volwassenen)" in html
