"""The public JSON API of the directory: /api/offers/{municipality}/offers, .../offers/{code},
.../regulations."""

from __future__ import annotations

import pytest

from kansen.eligibility import demostad_regulations
from kansen.web.api import api
from kansen.web.regulations.services import load_demo_regulations

pytestmark = pytest.mark.django_db

BASE = "/api/offers/GM9999"


def test_one_offer_exactly(client, demostad):
    response = client.get(f"{BASE}/offers/zwemles")
    assert response.status_code == 200
    assert response.json() == {
        "id": "zwemles",
        "url": "http://testserver/aanbod/zwemles/",
        "title": "Zwemles voor het zwemdiploma",
        "summary": "Over zwemles voor het zwemdiploma.",
        "description": "",
        "how_to_apply": "",
        "text_language": {
            "title": "nl",
            "summary": "nl",
            "description": "nl",
            "how_to_apply": "nl",
        },
        "provider": {
            "id": "sportbedrijf",
            "name": "Sportbedrijf Demostad",
            "description": "",
            "website": "",
            "email": "",
            "phone": "",
        },
        "support_types": ["sport"],
        "audiences": ["kind"],
        "age_min": 5,
        "age_max": 12,
        "cost": "contribution",
        "cost_amount": "25.00",
        "cost_note": "per maand",
        "languages": ["nl"],
        "apply_route": "self",
        "email": "",
        "phone": "",
        "website": "",
        "capacity": None,
        "regulation": None,
        "last_checked": "2026-10-01",
        "locations": [
            {
                "name": "Zwembad De Haven",
                "address": "Zwembad De Havenstraat 1",
                "postcode": "9991 AB",
                "city": "Demostad",
                "buurt_code": "BU99990102",
                "buurt_name": "Haven",
                "x": 103000.0,
                "y": 500000.0,
            }
        ],
        "distance_m": None,
        "translations": {},
    }


def test_one_offer_in_a_language_with_its_translations(client, demostad):
    data = client.get(f"{BASE}/offers/huiswerk-bieb", {"language": "ar"}).json()
    assert data["title"] == "مساعدة في الواجبات المدرسية"
    assert (
        data["description"] == "Vrijwilligers helpen met plannen en leren.\n\nNeem je agenda mee."
    )
    assert data["text_language"] == {
        "title": "ar",
        "summary": "ar",
        "description": "nl",
        "how_to_apply": "nl",
    }
    assert data["url"] == "http://testserver/aanbod/huiswerk-bieb/?taal=ar"
    assert data["translations"] == {
        "ar": {
            "title": "مساعدة في الواجبات المدرسية",
            "summary": "مساعدة كل أربعاء.",
            "description": "",
            "how_to_apply": "",
        },
        "en": {
            "title": "Homework help in the library",
            "summary": "",
            "description": "",
            "how_to_apply": "",
        },
    }


def test_the_regulation_of_an_offer(client, demostad):
    assert client.get(f"{BASE}/offers/laptop-voor-school").json()["regulation"] == (
        "leergeld-laptop"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/offers/GM9999/offers/oude-huiswerkklas",  # hidden
        "/api/offers/GM9999/offers/concept-schaakclub",  # not published
        "/api/offers/GM9999/offers/andersdorp-huiswerk",  # another municipality's
        "/api/offers/GM0001/offers/zwemles",  # asked of another municipality
        "/api/offers/GM4321/offers",  # no such municipality
    ],
)
def test_not_found(client, demostad, path):
    assert client.get(path).status_code == 404


def test_search_with_filters_and_facets(client, demostad):
    response = client.get(f"{BASE}/offers", {"support_type": ["sport"], "age": 10})
    data = response.json()
    assert [r["id"] for r in data["results"]] == ["voetbal-noord", "zwemles"]
    assert (data["total"], data["page"], data["page_size"], data["pages"]) == (2, 1, 20, 1)
    assert data["corrected"] is None
    # disjunctive: the support types count without their own filter (age 10 applies)
    assert data["facets"]["support_type"] == {
        "huiswerk": 1,
        "schoolkosten": 0,
        "sport": 2,
        "taal": 2,
    }
    assert data["facets"]["cost"] == {"contribution": 1, "free": 0, "price": 1}


def test_search_by_distance_with_paging(client, demostad):
    data = client.get(
        f"{BASE}/offers", {"postcode": "9991", "sort": "distance", "page_size": 2, "page": 2}
    ).json()
    assert [(r["id"], r["distance_m"]) for r in data["results"]] == [
        ("zwemles", 3000),
        ("voetbal-noord", 4123),
    ]
    assert (data["total"], data["pages"]) == (6, 3)


def test_search_never_returns_hidden_or_foreign_offers(client, demostad):
    data = client.get(f"{BASE}/offers", {"q": "huiswerk", "page_size": 100}).json()
    assert [r["id"] for r in data["results"]] == ["huiswerk-bieb"]
    data = client.get("/api/offers/GM0001/offers").json()
    assert [r["id"] for r in data["results"]] == ["andersdorp-huiswerk"]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        (
            {"support_type": "huiswerkhulp"},
            "support_type: unknown code 'huiswerkhulp'; expected one of taal, huiswerk, "
            "talentontwikkeling, sociaal-emotioneel, cognitief, opvoeding, sport, cultuur, "
            "schoolkosten, voeding, geldzaken",
        ),
        ({"postcode": "1234"}, "postcode: expected a known four-digit postcode; got '1234'"),
        ({"sort": "distance"}, "sort=distance needs a postcode"),
        ({"language": "fr"}, "language: expected nl or one of en, tr, ar, pl, uk; got 'fr'"),
    ],
)
def test_bad_parameters_say_what_was_expected(client, demostad, params, detail):
    response = client.get(f"{BASE}/offers", params)
    assert response.status_code == 400
    assert response.json() == {"detail": detail}


def test_page_size_is_limited(client, demostad):
    assert client.get(f"{BASE}/offers", {"page_size": 101}).status_code == 422


def test_regulations_with_their_rules(client, demostad):
    load_demo_regulations(demostad)
    data = client.get(f"{BASE}/regulations").json()
    # the fixture's own regulation has no valid rule and is left out, as in the check
    assert [r["code"] for r in data] == [r.id for r in demostad_regulations()]
    first = data[0]
    assert set(first) == {
        "code",
        "name",
        "provider",
        "description",
        "apply_route",
        "how_to_apply",
        "apply_url",
        "apply_phone",
        "source",
        "rules",
    }
    assert first["rules"]["id"] == first["code"]


def test_openapi_lists_the_endpoints():
    paths = api.get_openapi_schema(path_prefix="/api")["paths"]
    assert {
        "/api/offers/{municipality_code}/offers",
        "/api/offers/{municipality_code}/offers/{slug}",
        "/api/offers/{municipality_code}/regulations",
    } <= set(paths)
    search = paths["/api/offers/{municipality_code}/offers"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {"q", "support_type", "age", "postcode", "sort", "language", "page"} <= names


def test_a_kept_answer_is_not_used_after_a_change(client, demostad):
    from kansen.web.directory.models import Offer

    params = {"q": "zwemmen"}
    first = client.get(f"{BASE}/offers", params).json()
    assert client.get(f"{BASE}/offers", params).json() == first
    offer = Offer.objects.get(slug="zwemles")
    offer.title = "Zwemles A en B"
    offer.save()
    assert client.get(f"{BASE}/offers", params).json()["results"][0]["title"] == "Zwemles A en B"
