"""The pages of the support app: who sees what (another municipality gets 404, the provider
only what it needs and only after the coordinator accepted), the audit log of every view, the
landing pages, and forms that keep what was typed."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from kansen.web.support import services
from kansen.web.support.models import Match, RequestView, SupportRequest

from ..factories import client_for
from ..html import parse, text
from .conftest import TODAY, file

pytestmark = pytest.mark.django_db


def _detail(request) -> str:
    return reverse("support:detail", args=[request.reference])


def test_each_role_lands_on_its_own_work(demo):
    for user, page in (
        (demo["professional"], "support:requests"),
        (demo["coordinator"], "support:coordination"),
        (demo["member"], "support:provider"),
    ):
        client = Client()
        response = client.post(
            reverse("login"), {"username": user.username, "password": "correct-horse-battery"}
        )
        assert response.url == reverse(page)
        assert client.get(response.url).status_code == 200


def test_a_professional_files_a_request_and_a_failed_save_keeps_what_was_typed(demo):
    client = client_for(demo["professional"])
    typed = {
        "age": "9",
        "pc4": "3512",
        "needs": ["taal"],
        "languages": ["ar"],
        "slots": ["wo-middag"],
        "urgency": "2",
        "note": "Houdt van voetbal",
        "consent_by": "parent",
        "consent_for": "delen met de coördinator",
    }
    response = client.post(reverse("support:new"), typed)  # no consent date
    assert response.status_code == 200
    assert SupportRequest.objects.count() == 0
    form = response.context["form"]
    assert form.errors.keys() == {"consent_on"}
    assert form["note"].value() == "Houdt van voetbal"
    assert form["needs"].value() == ["taal"]
    response = client.post(reverse("support:new"), {**typed, "consent_on": "2026-11-30"})
    request = SupportRequest.objects.get()
    assert response.url == _detail(request)
    assert (request.note, request.consent_on.isoformat()) == ("Houdt van voetbal", "2026-11-30")


def test_a_postcode_area_must_be_known_and_consent_not_in_the_future(demo):
    client = client_for(demo["professional"])
    response = client.post(
        reverse("support:new"),
        {"age": "9", "pc4": "1234", "needs": ["taal"], "languages": ["nl"],
         "slots": ["wo-middag"], "urgency": "1", "consent_by": "parent",
         "consent_on": "2026-12-02", "consent_for": "delen"},
    )  # fmt: skip
    errors = response.context["form"].errors
    assert errors["pc4"] == ["Postcodegebied 1234 staat niet in de postcodetabel van het platform."]
    assert errors["consent_on"] == ["Toestemming kan niet in de toekomst gegeven zijn."]


def test_another_municipality_gets_404_on_requests_and_matches(demo, elders):
    request = file(demo)
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    match = Match.objects.get()
    for user in (elders["coordinator"], elders["member"], elders["professional"]):
        assert client_for(user).get(_detail(request)).status_code == 404
    coordinator = client_for(elders["coordinator"])
    assert coordinator.post(reverse("support:match_accept", args=[match.pk])).status_code == 404
    assert coordinator.get(reverse("support:match_reject", args=[match.pk])).status_code == 404
    services.accept_match(match, by=demo["coordinator"])
    member = client_for(elders["member"])
    assert member.post(reverse("support:match_confirm", args=[match.pk])).status_code == 404
    assert member.get(reverse("support:match_decline", args=[match.pk])).status_code == 404
    # another professional of the same municipality does not see it either
    other = type(demo["professional"]).objects.create_user(
        "collega", password="x-y-z-w-1", municipality=demo["municipality"], role="professional"
    )
    client = Client()
    client.force_login(other)
    assert client.get(_detail(request)).status_code == 404
    assert not RequestView.objects.filter(user__in=[other, elders["coordinator"]]).exists()


def test_the_provider_sees_only_what_it_needs_and_only_after_acceptance(demo):
    request = file(demo, note="Vader werkt in ploegendienst")
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    member = client_for(demo["member"])
    assert member.get(_detail(request)).status_code == 404  # only proposed
    services.accept_match(Match.objects.get(), by=demo["coordinator"])
    response = member.get(_detail(request))
    assert response.status_code == 200
    text = response.content.decode()
    assert response.context["view"] == "provider"
    for shown in (request.reference, "3512", 'id="needs"', 'id="slots"'):
        assert shown in text
    private = (
        "Vader werkt",
        "delen met coördinator",
        'id="urgency"',
        'id="audit-heading"',
        "urgentie 2",  # the cost line of the reasons tells the urgency
        "achterstandsscore",
    )
    for hidden in private:
        assert hidden not in text
    full = client_for(demo["coordinator"]).get(_detail(request)).content.decode()
    for shown in private:
        assert shown in full


def test_every_view_of_a_request_is_logged(demo):
    request = file(demo)
    client_for(demo["professional"]).get(_detail(request))
    client_for(demo["coordinator"]).get(_detail(request))
    client_for(demo["coordinator"]).get(_detail(request))
    log = list(RequestView.objects.order_by("pk").values_list("user__username", "page"))
    assert log == [("professional", "detail"), ("coordinator", "detail"), ("coordinator", "detail")]
    response = client_for(demo["coordinator"]).get(_detail(request))
    assert len(response.context["audit"]) == 4


def test_the_coordinator_runs_the_matching_and_accepts_from_the_page(demo):
    request = file(demo)
    far = file(demo, pc4="3513")
    client = client_for(demo["coordinator"])
    response = client.post(reverse("support:run"))
    assert response.url == reverse("support:coordination")
    page = client.get(response.url)
    proposals = page.context["proposals"]
    assert [m.request for m, _labels, _reasons in proposals] == [request]
    assert "Anna" in page.content.decode()
    assert [row.request for row, _labels, _reason, _place in page.context["waiting"]] == [far]
    match = proposals[0][0]
    client.post(reverse("support:match_accept", args=[match.pk]))
    match.refresh_from_db()
    assert match.status == "accepted"
    provider = client_for(demo["member"])
    provider.post(reverse("support:match_confirm", args=[match.pk]))
    match.refresh_from_db()
    assert match.status == "running"


def test_a_decline_needs_a_reason_and_keeps_the_page(demo):
    file(demo)
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    match = Match.objects.get()
    services.accept_match(match, by=demo["coordinator"])
    client = client_for(demo["member"])
    response = client.post(reverse("support:match_decline", args=[match.pk]), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"reason"}
    response = client.post(
        reverse("support:match_decline", args=[match.pk]), {"reason": "Geen tijd"}
    )
    match.refresh_from_db()
    assert (match.status, match.decline_reason) == ("declined", "Geen tijd")


def test_the_public_form_only_where_the_municipality_opened_it(demo):
    url = reverse("support:public_form", args=["demostad"])
    assert Client().get(url).status_code == 404
    settings = services.matching_settings(demo["municipality"])
    settings.public_form = True
    settings.save()
    client = Client()
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"age": "12", "pc4": "3511", "needs": ["huiswerk"], "languages": ["nl"],
         "slots": ["wo-middag"], "urgency": "1", "consent_by": "parent", "consent": "on"},
    )  # fmt: skip
    request = SupportRequest.objects.get()
    assert (request.source, request.professional, request.consent_on) == ("public", None, TODAY)
    link = reverse("support:public_withdraw", args=[request.reference, request.withdraw_token])
    assert link in response.content.decode()
    assert (
        client.post(
            reverse("support:public_withdraw", args=[request.reference, "guess"])
        ).status_code
        == 404
    )
    client.post(link)
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_shortage_signals_for_staff_not_for_providers(demo):
    file(demo, pc4="3513")
    response = client_for(demo["analyst"]).get(reverse("support:signals"))
    assert response.status_code == 200
    assert response.context["waiting"] == [("Taal", "3513", 1, 30)]
    assert client_for(demo["member"]).get(reverse("support:signals")).status_code == 403


def test_a_provider_keeps_its_volunteers_and_the_places_of_its_offers(demo):
    from kansen.web.directory.models import Offer
    from kansen.web.support.models import OfferPlaces, Volunteer

    client = client_for(demo["member"])
    typed = {
        "provider": demo["provider"].pk,
        "name": "Bram",
        "support_types": ["huiswerk"],
        "languages": ["nl", "tr"],
        "slots": ["di-middag", "do-middag"],
        "pc4": "3512",
        "max_km": "4.5",
        "max_children": "2",
        "min_age": "12",
        "max_age": "6",
    }
    response = client.post(reverse("support:volunteer_new"), typed)
    assert response.context["form"].errors == {
        "max_age": ["De hoogste leeftijd is lager dan de laagste."]
    }
    assert response.context["form"]["name"].value() == "Bram"
    client.post(reverse("support:volunteer_new"), {**typed, "max_age": "16"})
    bram = Volunteer.objects.get(name="Bram")
    assert (bram.languages, bram.slots, bram.municipality) == (
        ["nl", "tr"],
        ["di-middag", "do-middag"],
        demo["municipality"],
    )
    offer = Offer.objects.create(
        municipality=demo["municipality"],
        provider=demo["provider"],
        slug="huiswerkklas",
        title="Huiswerkklas",
        support_types=["huiswerk"],
        last_checked=TODAY,
    )
    client.post(
        reverse("support:places", args=[offer.pk]),
        {"places": "8", "slots": ["ma-middag"], "pc4": "3511", "max_km": "3"},
    )
    assert OfferPlaces.objects.get(offer=offer).places == 8


def test_another_providers_volunteer_and_offer_are_not_there(demo, elders):
    client = client_for(elders["member"])
    assert (
        client.get(reverse("support:volunteer_edit", args=[demo["volunteer"].pk])).status_code
        == 404
    )


def test_a_platform_administrator_is_told_why_the_pages_of_a_municipality_are_not_for_it(demo):
    # as plans and the providers' back office do: "no access" with the reason, not "not found"
    from ..factories import UserFactory

    admin = UserFactory(username="platform", municipality=None, role="", is_superuser=True)
    client = client_for(admin)
    match = services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    assert match.matched == 0
    for name in ("requests", "new", "coordination", "provider", "volunteer_new", "signals"):
        response = client.get(reverse(f"support:{name}"))
        assert response.status_code == 403, name
        assert "een platformbeheerder hoort bij geen enkele gemeente" in response.content.decode()
    assert client.post(reverse("support:run")).status_code == 403
    # a request itself it may read, as everything everywhere
    request = file(demo)
    assert client.get(_detail(request)).status_code == 200


def test_the_portal_links_to_the_public_form_only_when_the_municipality_switched_it_on(
    demo, settings
):
    settings.KANSEN_PORTAL_MUNICIPALITY = "GM9999"
    form = reverse("support:public_form", args=["demostad"])
    assert form not in Client().get("/").content.decode()
    switch = services.matching_settings(demo["municipality"])
    switch.public_form = True
    switch.save()
    links = parse(Client().get("/")).xpath(f"//a[@href='{form}']")
    assert [text(link) for link in links] == ["Hulp vragen voor uw kind"]
    assert Client().get(form).status_code == 200


def _square(lon: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[lon, 52.0], [lon + 0.01, 52.0], [lon + 0.01, 52.01], [lon, 52.0]]],
    }


def test_the_shortage_map_shows_per_neighbourhood_where_requests_wait_and_why(demo):
    import json
    from datetime import date

    from kansen.web.areas.models import Area

    for code, name, x, lon in (
        ("BU99990001", "Oost", 150000.0, 5.0),
        ("BU99990002", "West", 153000.0, 5.1),
    ):
        Area.objects.create(
            code=code, year=2024, level="buurt", name=name, municipality_code="GM9999",
            geometry=_square(lon), point_x=x, point_y=450000.0,
        )  # fmt: skip
    file(demo, on=date(2026, 11, 1))  # proposed to Anna: not waiting
    file(demo, pc4="3513", on=date(2026, 11, 21))  # 20 km away: nearest West; too far
    file(demo, needs=["sport"], on=date(2026, 11, 11))  # West; nobody gives sport
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    file(demo, pc4="3511", on=date(2026, 11, 26))  # Oost, filed after the run
    response = client_for(demo["analyst"]).get(reverse("support:signals"))
    assert [(p.name, p.waiting, p.median_days, why) for p, why in response.context["map_rows"]] == [
        ("West", 2, 10, "niemand biedt deze hulp: 1; niemand binnen reisafstand: 1"),
        ("Oost", 1, 5, "ingediend na de laatste koppelronde: 1"),
    ]
    page = response.content.decode()
    data = page.split('<script id="map-data" type="application/json">')[1].split("</script>")[0]
    features = {f["properties"]["code"]: f["properties"] for f in json.loads(data)["features"]}
    assert features["BU99990002"] == {
        "code": "BU99990002",
        "name": "West",
        "value": 2,
        "reason": "2 hulpvragen wachten, mediaan 10 dagen. "
        "niemand biedt deze hulp: 1; niemand binnen reisafstand: 1",
        "fill": "#fed976",
    }
    assert features["BU99990001"]["fill"] == "#fed976"
    assert 'id="neighbourhoods"' in page  # the table: the accessible alternative
    # for the municipality's own staff only, like the other signals
    assert client_for(demo["member"]).get(reverse("support:signals")).status_code == 403
    assert Client().get(reverse("support:signals")).status_code == 302


def test_the_shortage_map_gives_way_to_the_tables_without_neighbourhoods(demo):
    file(demo, pc4="3513")
    response = client_for(demo["analyst"]).get(reverse("support:signals"))
    assert response.context["map_features"]["features"] == []
    page = response.content.decode()
    assert parse(response).xpath("//*[@id='area-map']") == []
    assert "geen buurten met grenzen geladen" in page
    assert "1 wachtende hulpvraag heeft een postcodegebied zonder plek op de kaart" in page


def test_a_change_offers_only_the_volunteers_that_fit_best_first(demo):
    from kansen.web.support.models import Volunteer

    def volunteer(name, pc4, types=("taal",), languages=("ar",)):
        return Volunteer.objects.create(
            municipality=demo["municipality"], provider=demo["provider"], name=name,
            support_types=list(types), languages=list(languages), slots=["wo-middag"],
            pc4=pc4, max_km=5, max_children=1,
        )  # fmt: skip

    file(demo, needs=["taal", "huiswerk"])
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    match = Match.objects.get(status="proposed")
    assert match.volunteer == demo["volunteer"]  # Anna gives both needs
    client = client_for(demo["coordinator"])
    url = reverse("support:match_change", args=[match.pk])
    response = client.get(url)  # nobody else: the page says so and offers no choice
    assert "Geen andere vrijwilliger of aanbod voldoet nu" in response.content.decode()
    assert parse(response).xpath("//*[@id='save']") == []
    bram = volunteer("Bram", "3512")  # where the child lives, gives one of the two needs
    volunteer("Carla", "3513")  # 17 km away, travels 5
    dirk = volunteer("Dirk", "3512", types=("sport",))  # gives nothing asked
    volunteer("Eva", "3512", languages=("tr",))  # speaks no language of the child
    response = client.get(url)
    assert response.context["form"].fields["supply"].choices == [
        (f"v{bram.pk}", "Bram (Maatjes): 1 van 2 gevraagde soorten hulp, 0,0 km")
    ]
    # a unit that does not fit cannot be posted
    assert client.post(url, {"supply": f"v{dirk.pk}"}).status_code == 200
    assert Match.objects.get(pk=match.pk).status == "proposed"
    client.post(url, {"supply": f"v{bram.pk}"})
    assert Match.objects.get(status="accepted").volunteer == bram


def test_the_public_form_refuses_hostile_input_keeps_what_was_typed_and_shows_text_as_text(demo):
    settings = services.matching_settings(demo["municipality"])
    settings.public_form = True
    settings.save()
    url = reverse("support:public_form", args=["demostad"])
    good = {
        "age": "12", "pc4": "3511", "needs": ["huiswerk"], "languages": ["ar"],
        "slots": ["wo-middag"], "urgency": "1", "consent_by": "parent", "consent": "on",
    }  # fmt: skip
    client = Client()
    for field, value, error in (
        ("age", "-1", "Zorg ervoor dat deze waarde minstens 0 is."),
        ("age", "1e3", "Vul een heel getal in."),
        ("pc4", "0000", "Geef de vier cijfers van de postcode, bijvoorbeeld 3511."),
        ("pc4", "35 11", "Geef de vier cijfers van de postcode, bijvoorbeeld 3511."),
        (
            "pc4",
            "3511 ABC",
            "Zorg dat deze waarde niet meer dan 7 tekens bevat (het zijn er nu 8).",
        ),
        ("pc4", "9999", "Postcodegebied 9999 staat niet in de postcodetabel van het platform."),
        ("needs", ["<script>"], "Selecteer een geldige keuze. <script> is geen beschikbare keuze."),
        ("urgency", "9", "Selecteer een geldige keuze. 9 is geen beschikbare keuze."),
        (
            "note",
            "x" * 301,
            "Zorg dat deze waarde niet meer dan 300 tekens bevat (het zijn er nu 301).",
        ),
        ("note", "a\x00b", "Null-tekens zijn niet toegestaan."),
    ):
        response = client.post(url, {**good, field: value})
        assert response.status_code == 200, field
        assert response.context["form"].errors == {field: [error]}, (field, value)
        assert response.context["form"]["languages"].value() == ["ar"]  # the rest is kept
    assert SupportRequest.objects.count() == 0
    # digits typed on an Arabic keyboard are digits; a note in any script is kept as written
    note = "<img src=x onerror=alert(1)> يحب كرة القدم"
    client.post(url, {**good, "pc4": "٣٥١١", "note": note})
    request = SupportRequest.objects.get()
    assert (request.pc4, request.note) == ("3511", note)
    client.post(url, {**good, "pc4": "3512 ab"})  # a full postcode: only its area is kept
    assert SupportRequest.objects.order_by("pk").last().pc4 == "3512"
    page = client_for(demo["coordinator"]).get(_detail(request)).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt; يحب كرة القدم" in page
    assert "<img src=x" not in page
    # the withdraw link: another reference with the right secret, or a made-up one, is not there
    assert (
        client.post(f"/hulpvragen/intrekken/HV-AAAAAA/{request.withdraw_token}/").status_code == 404
    )
    assert client.post("/hulpvragen/intrekken/%3Cscript%3E/x/").status_code == 404


def test_a_closed_request_says_when_it_is_erased(demo):
    request = file(demo)
    client = client_for(demo["professional"])
    assert parse(client.get(_detail(request))).xpath("//*[@id='closed']") == []
    client.post(reverse("support:withdraw", args=[request.reference]))
    page = client.get(_detail(request)).content.decode()
    assert (
        '<dd id="closed">1 december 2026; wordt gewist op 1 december 2027, na de bewaartermijn '
        "van de gemeente; alleen anonieme aantallen blijven</dd>"
    ) in page


def test_the_waiting_list_shows_and_filters_by_neighbourhood(demo):
    from kansen.web.areas.models import Area

    for code, name, x, lon in (
        ("BU99990001", "Oost", 150000.0, 5.0),
        ("BU99990002", "West", 153000.0, 5.1),
    ):
        Area.objects.create(
            code=code, year=2024, level="buurt", name=name, municipality_code="GM9999",
            geometry=_square(lon), point_x=x, point_y=450000.0,
        )  # fmt: skip
    # the longest waiting first (one filed on the same day as the other would follow its random
    # reference code)
    east = file(demo, pc4="3511", on=date(2026, 10, 1))
    west = file(demo, pc4="3513", on=date(2026, 11, 1))
    client = client_for(demo["coordinator"])
    url = reverse("support:coordination")
    shown = [(row.request, place) for row, _l, _r, place in client.get(url).context["waiting"]]
    assert shown == [(east, "Oost"), (west, "West")]
    rows = client.get(url, {"buurt": "BU99990002"}).context["waiting"]
    assert [row.request for row, *_ in rows] == [west]
    rows = client.get(url, {"buurt": "<script>"}).context["waiting"]  # not a neighbourhood: all
    assert len(rows) == 2
