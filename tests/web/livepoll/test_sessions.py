"""Knowledge sessions (source 001: at least once a year) with the polls held there, and a poll's
record in a plan's knowledge sharing (``agreements.knowledge_sharing``), written through the
plans' own service: the exact line appended, the rest untouched, a stale preview and a user who
may not write plans refused with the reason, another municipality's plan not there."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kansen.web.accounts.constants import Role
from kansen.web.livepoll import results, services
from kansen.web.livepoll.models import KnowledgeSession, Poll
from kansen.web.plans import services as plan_services
from kansen.web.plans.models import PlanChange

from ..factories import PlanFactory, UserFactory, client_for
from ..html import field_value, parse, text
from .conftest import MEETING, question

pytestmark = pytest.mark.django_db

#: The knowledge sharing of the test agenda before any record.
SHARING = {
    "communication": ["Goede voorbeelden op de website van de Alliantie"],
    "local": ["Netwerkbijeenkomst gelijke kansen (2 keer per jaar)"],
    "thematic": ["Leerkring ouderbetrokkenheid"],
    "national": ["Landelijke conferentie Gelijke Kansen"],
}


def agenda(municipality, title="GKA-agenda Demostad"):
    plan = PlanFactory(municipality=municipality, title=title)
    return plan_services.update_part(
        plan,
        "agreements",
        {"knowledge_sharing": SHARING},
        expected_version=plan.version,
        user=None,
    )


def knowledge_session(municipality, plan=None, **fields):
    values = {"title": "Ouderbetrokkenheid", "held_on": MEETING, "place": "Stadhuis", **fields}
    return services.save_session(municipality, {**values, "plan": plan})


def answered(poll):
    """The poll live with its open question answered by four participants (one of them
    twice), and a scale answered by five."""
    scale = question(poll, "scale", "Hoe goed?", points=5)
    services.start(poll)
    first = poll.questions.get(position=1)
    for text_ in ("Elk kind doet mee", "elk  kind doet mee", "Ouders vroeg informeren"):
        services.answer_open(first, text_)
    services.answer_open(first, "Gezond opgroeien", first=True)
    services.answer_open(first, "Eén loket", first=False)
    services.show(poll, scale)
    for point in (4, 4, 3, 5, 2):
        services.answer_choice(scale, [point])
    return poll


# --- Knowledge sessions -------------------------------------------------------------------


def test_a_programme_lead_makes_a_knowledge_session_linked_to_a_plan(lead, demostad):
    plan = agenda(demostad)
    client = client_for(lead)
    response = client.post(
        "/peilingen/kennissessies/nieuw/",
        {
            "title": "Ouderbetrokkenheid",
            "held_on": "2026-10-08",
            "place": "",
            "online": "on",
            "plan": plan.pk,
            "description": "Wat werkt om ouders te betrekken?",
        },
    )
    made = KnowledgeSession.objects.get()
    assert response["Location"] == f"/peilingen/kennissessies/{made.uuid}/"
    assert (made.municipality, made.held_on, made.place, made.online, made.plan) == (
        demostad,
        date(2026, 10, 8),
        "",
        True,
        plan,
    )
    page = parse(client.get(response["Location"]))
    assert text(page.xpath("//h1")[0]) == "Ouderbetrokkenheid"


def test_a_session_without_place_or_online_is_refused_and_keeps_what_was_typed(lead, demostad):
    response = client_for(lead).post(
        "/peilingen/kennissessies/nieuw/",
        {"title": "Ouderbetrokkenheid", "held_on": "2026-10-08", "description": "Wat werkt?"},
    )
    assert response.status_code == 400
    assert KnowledgeSession.objects.count() == 0
    page = parse(response)
    assert field_value(page, "title") == "Ouderbetrokkenheid"
    assert field_value(page, "held_on") == "2026-10-08"
    assert field_value(page, "description") == "Wat werkt?"
    assert "Vul de plaats in, of geef aan dat de sessie online is." in text(page)


def test_another_municipalitys_plan_cannot_be_the_sessions(lead, demostad, elders):
    theirs = agenda(elders, "GKA-agenda Elders")
    response = client_for(lead).post(
        "/peilingen/kennissessies/nieuw/",
        {"title": "Sessie", "held_on": "2026-10-08", "place": "Stadhuis", "plan": theirs.pk},
    )
    assert response.status_code == 400
    assert KnowledgeSession.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        services.save_session(demostad, {"title": "S", "held_on": MEETING, "online": True,
                                         "plan": theirs})  # fmt: skip
    assert list(refused.value.error_dict) == ["plan"]


def test_the_list_shows_upcoming_and_past_sessions_of_the_own_municipality_only(
    lead, demostad, elders
):
    today = timezone.localdate()
    knowledge_session(demostad, title="Vorig jaar", held_on=today - timedelta(days=300))
    knowledge_session(demostad, title="Later", held_on=today + timedelta(days=60))
    knowledge_session(demostad, title="Vandaag", held_on=today)
    knowledge_session(elders, title="Sessie Elders", held_on=today + timedelta(days=1))
    response = client_for(lead).get("/peilingen/kennissessies/")
    page = parse(response)
    tables = page.xpath("//table")
    assert [text(c) for c in tables[0].xpath(".//tbody//th")] == ["Vandaag", "Later"]
    assert [text(c) for c in tables[1].xpath(".//tbody//th")] == ["Vorig jaar"]
    assert "Sessie Elders" not in response.text


def test_a_change_of_a_session_is_saved_and_a_failed_one_keeps_the_input(lead, demostad):
    made = knowledge_session(demostad)
    client = client_for(lead)
    url = f"/peilingen/kennissessies/{made.uuid}/bewerken/"
    assert field_value(parse(client.get(url)), "place") == "Stadhuis"
    response = client.post(url, {"title": "Nieuwe titel", "held_on": "2026-13-01", "place": "Bieb"})
    assert response.status_code == 400
    assert field_value(parse(response), "title") == "Nieuwe titel"
    made.refresh_from_db()
    assert made.title == "Ouderbetrokkenheid"
    response = client.post(url, {"title": "Nieuwe titel", "held_on": "2026-11-05", "place": "Bieb"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.title, made.held_on, made.place) == ("Nieuwe titel", date(2026, 11, 5), "Bieb")


def test_another_municipalitys_session_is_not_there(other_lead, demostad):
    made = knowledge_session(demostad)
    client = client_for(other_lead)
    assert client.get(f"/peilingen/kennissessies/{made.uuid}/").status_code == 404
    assert client.get(f"/peilingen/kennissessies/{made.uuid}/bewerken/").status_code == 404
    assert client.post(f"/peilingen/kennissessies/{made.uuid}/bewerken/", {}).status_code == 404


def test_a_poll_links_to_a_session_of_its_own_municipality_only(lead, poll, demostad, elders):
    ours = knowledge_session(demostad)
    theirs = knowledge_session(elders, title="Sessie Elders")
    client = client_for(lead)
    data = {"title": poll.title, "meeting_on": "2026-03-12"}
    response = client.post(f"/peilingen/{poll.uuid}/", {**data, "session": theirs.pk})
    assert response.status_code == 400
    poll.refresh_from_db()
    assert poll.session is None
    with pytest.raises(ValidationError) as refused:
        services.update_poll(poll, {"session": theirs})
    assert list(refused.value.error_dict) == ["session"]
    response = client.post(f"/peilingen/{poll.uuid}/", {**data, "session": ours.pk})
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.session == ours


def test_the_session_page_shows_its_polls_and_their_results(lead, poll, demostad):
    made = knowledge_session(demostad)
    services.update_poll(answered(poll), {"session": made})
    services.create_poll(demostad, "Een andere bijeenkomst", MEETING)  # not at the session
    page = parse(client_for(lead).get(f"/peilingen/kennissessies/{made.uuid}/"))
    polls = page.xpath("//ul[@class='lp-session-polls']/li")
    assert [text(p.xpath(".//h3")[0]) for p in polls] == ["Netwerkbijeenkomst gelijke kansen"]
    assert "12 maart 2026 · live · 2 vragen · 5 deelnemers" in text(polls[0])
    assert [text(li) for li in polls[0].xpath(".//ol/li")] == [
        "Elk kind doet mee × 2",
        "Eén loket",
        "Gezond opgroeien",
    ]


def test_the_session_links_its_plan_for_who_may_read_it(lead, demostad):
    from ..factories import PlanFactory

    draft = PlanFactory(municipality=demostad, title="Conceptagenda")
    made = knowledge_session(demostad, plan=draft)
    coordinator = UserFactory(
        username="netwerk", municipality=demostad, role=Role.NETWORK_COORDINATOR
    )
    url = f"/peilingen/kennissessies/{made.uuid}/"
    links = "//dl//a[contains(@href, '/plannen/')]/@href"
    assert parse(client_for(lead).get(url)).xpath(links) == [f"/plannen/demostad/{draft.slug}/"]
    page = parse(client_for(coordinator).get(url))
    assert page.xpath(links) == []  # a draft: it would answer 404
    assert "Conceptagenda" in text(page)


# --- The record -----------------------------------------------------------------------------


def test_the_record_names_the_session_the_day_the_participants_and_the_answers(poll, demostad):
    made = knowledge_session(demostad, title="Ouderbetrokkenheid")
    services.update_poll(answered(poll), {"session": made})
    poll.refresh_from_db()
    assert results.record_text(poll) == (
        "Kennissessie Ouderbetrokkenheid, 12 maart 2026: 5 deelnemers; meest genoemd: "
        '"Elk kind doet mee" (2), "Eén loket", "Gezond opgroeien"'
    )


def test_the_record_of_a_poll_without_session_or_answers(poll):
    assert (
        results.record_text(poll)
        == "Netwerkbijeenkomst gelijke kansen, 12 maart 2026: 0 deelnemers"
    )
    made = knowledge_session(poll.municipality, title="Kennissessie taal")
    services.update_poll(poll, {"session": made})
    poll.refresh_from_db()
    assert results.record_text(poll) == "Kennissessie taal, 12 maart 2026: 0 deelnemers"


def record_url(poll):
    return f"/peilingen/{poll.uuid}/kennisdeling/"


def test_the_preview_shows_the_line_and_the_lists_and_writes_nothing(lead, poll, demostad):
    plan = agenda(demostad)
    services.update_poll(answered(poll), {"plan": plan})
    response = client_for(lead).get(record_url(poll))
    assert response.status_code == 200
    page = parse(response)
    prefix = f"id_plan{plan.pk}_"
    assert page.xpath(f"//textarea[@id='{prefix}text']")[0].text.strip() == (
        "Netwerkbijeenkomst gelijke kansen, 12 maart 2026: 5 deelnemers; meest genoemd: "
        '"Elk kind doet mee" (2), "Eén loket", "Gezond opgroeien"'
    )
    assert page.xpath(f"//input[@id='{prefix}kind_0']/@checked") == ["checked"]
    assert page.xpath(f"//input[@id='{prefix}version']/@value") == [str(plan.version)]
    assert "Leerkring ouderbetrokkenheid" in text(page)
    plan.refresh_from_db()
    assert plan.document["agreements"]["knowledge_sharing"] == SHARING


def test_one_click_appends_the_exact_line_and_leaves_the_rest(lead, poll, demostad):
    plan = agenda(demostad)
    made = knowledge_session(demostad, plan=plan)
    services.update_poll(answered(poll), {"session": made})
    poll.refresh_from_db()
    line = results.record_text(poll)
    before = plan.version
    response = client_for(lead).post(
        record_url(poll), {"plan": plan.pk, "kind": "local", "text": line, "version": before}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/peilingen/{poll.uuid}/"
    plan.refresh_from_db()
    assert plan.document["agreements"]["knowledge_sharing"] == {
        **SHARING,
        "local": [*SHARING["local"], line],
    }
    assert (plan.version, plan.updated_by) == (before + 1, lead)
    change = PlanChange.objects.get(plan=plan, version=before + 1)
    assert (change.user, change.part) == (lead, "agreements")


def test_the_user_chooses_the_thematic_or_national_list(lead, poll, demostad):
    plan = agenda(demostad)
    services.update_poll(poll, {"plan": plan})
    response = client_for(lead).post(
        record_url(poll),
        {
            "plan": plan.pk,
            "kind": "national",
            "text": "Conferentie  2026 ",
            "version": plan.version,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.document["agreements"]["knowledge_sharing"] == {
        **SHARING,
        "national": [*SHARING["national"], "Conferentie 2026"],
    }


def test_a_plan_without_agreements_gets_its_knowledge_sharing(lead, poll, demostad):
    plan = PlanFactory(municipality=demostad, title="Nieuwe agenda")
    services.update_poll(poll, {"plan": plan})
    response = client_for(lead).post(
        record_url(poll),
        {"plan": plan.pk, "kind": "local", "text": "Kennissessie", "version": plan.version},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.document["agreements"]["knowledge_sharing"]["local"] == ["Kennissessie"]


def test_a_preview_of_an_older_version_is_refused_with_the_reason(lead, poll, demostad):
    plan = agenda(demostad)
    services.update_poll(poll, {"plan": plan})
    seen = plan.version
    other = UserFactory(username="collega", municipality=demostad, role=Role.PROGRAMME_LEAD)
    sharing = {**SHARING, "thematic": ["Leerkring taal"]}
    plan_services.update_part(
        plan, "agreements", {"knowledge_sharing": sharing}, expected_version=seen, user=other
    )
    response = client_for(lead).post(
        record_url(poll), {"plan": plan.pk, "kind": "local", "text": "Regel", "version": seen}
    )
    assert response.status_code == 409
    page = parse(response)
    # who saved in between, and that nothing was written (the plans' own message)
    assert f"opgeslagen (versie {seen + 1}), nadat u begon met het bewerken van versie {seen}." in (
        text(page)
    )
    # the preview again, of the plan as it is now, to confirm with one click
    assert page.xpath(f"//input[@id='id_plan{plan.pk}_version']/@value") == [str(seen + 1)]
    assert "Leerkring taal" in text(page)
    plan.refresh_from_db()
    assert plan.document["agreements"]["knowledge_sharing"] == sharing


def test_a_network_coordinator_runs_polls_but_the_plan_is_written_by_who_writes_plans(
    poll, demostad
):
    """The network coordinator (issue 22) may not write plans: the page says why, offers the
    PDF and Excel, and shows nothing of the (draft) plan's text; a forced POST is refused."""
    plan = agenda(demostad)
    services.update_poll(poll, {"plan": plan})
    coordinator = UserFactory(
        username="netwerk", municipality=demostad, role=Role.NETWORK_COORDINATOR
    )
    client = client_for(coordinator)
    page = parse(client.get(record_url(poll)))
    assert page.xpath("//textarea") == []
    assert "Alleen projectleiders en beheerders van een gemeente schrijven plannen." in text(page)
    assert "Leerkring ouderbetrokkenheid" not in text(page)
    assert [a.get("href") for a in page.xpath("//main//a[contains(@href, 'resultaten')]")] == [
        f"/peilingen/{poll.uuid}/resultaten.pdf",
        f"/peilingen/{poll.uuid}/resultaten.xlsx",
    ]
    response = client.post(
        record_url(poll),
        {"plan": plan.pk, "kind": "local", "text": "Regel", "version": plan.version},
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.document["agreements"]["knowledge_sharing"] == SHARING
    # its own work: sessions and polls
    response = client.post(
        "/peilingen/kennissessies/nieuw/",
        {"title": "Netwerkdag", "held_on": "2026-10-08", "online": "on"},
    )
    assert response.status_code == 302
    assert KnowledgeSession.objects.get(title="Netwerkdag").municipality == demostad


def test_another_municipalitys_plan_is_not_there(lead, poll, demostad, elders):
    ours = agenda(demostad)
    theirs = agenda(elders, "GKA-agenda Elders")
    services.update_poll(poll, {"plan": ours})
    unlinked = agenda(demostad, "Niet gekoppeld")
    client = client_for(lead)
    for plan in (theirs, unlinked):
        response = client.post(
            record_url(poll),
            {"plan": plan.pk, "kind": "local", "text": "Regel", "version": plan.version},
        )
        assert response.status_code == 404
    # a link forced past the form and the service: still not written to
    Poll.objects.filter(pk=poll.pk).update(plan=theirs)
    response = client.post(
        record_url(poll),
        {"plan": theirs.pk, "kind": "local", "text": "Regel", "version": theirs.version},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.document["agreements"]["knowledge_sharing"] == SHARING


def test_another_municipalitys_poll_has_no_record_page(other_lead, poll):
    assert client_for(other_lead).get(record_url(poll)).status_code == 404


def test_a_poll_without_a_plan_offers_the_pdf_and_excel(lead, poll):
    page = parse(client_for(lead).get(record_url(poll)))
    assert page.xpath("//form[.//textarea]") == []
    assert [a.get("href") for a in page.xpath("//main//a[contains(@href, 'resultaten')]")] == [
        f"/peilingen/{poll.uuid}/resultaten.pdf",
        f"/peilingen/{poll.uuid}/resultaten.xlsx",
    ]


def test_a_network_coordinator_does_not_write_actions_into_a_learning_evaluation(
    lead, poll, demostad
):
    """A learning evaluation's actions are a plan's monitoring: written by who writes plans
    (as on the evaluation's own page). The coordinator keeps the poll's actions; the button is
    not offered and a forced POST is refused with the reason, nothing exported."""
    from kansen.web.monitoring.models import EvaluationAction

    from ..monitoring.factories import EvaluationSessionFactory

    evaluation = EvaluationSessionFactory(plan__municipality=demostad)
    services.update_poll(poll, {"evaluation": evaluation})
    services.add_action(poll, description="Eén loket", owner="Wijkteam", due=date(2026, 6, 1))
    coordinator = UserFactory(
        username="netwerk", municipality=demostad, role=Role.NETWORK_COORDINATOR
    )
    client = client_for(coordinator)
    export = f"/peilingen/{poll.uuid}/acties/evaluatie/"
    page = parse(client.get(f"/peilingen/{poll.uuid}/"))
    assert page.xpath(f"//form[@action='{export}']") == []
    assert client.post(export).status_code == 403
    assert EvaluationAction.objects.filter(session=evaluation).count() == 0
    # who writes plans still exports them
    assert parse(client_for(lead).get(f"/peilingen/{poll.uuid}/")).xpath(
        f"//form[@action='{export}']"
    )
    assert client_for(lead).post(export).status_code == 302
    assert EvaluationAction.objects.filter(session=evaluation).count() == 1


def test_the_confirmation_names_the_list_in_a_dutch_sentence(lead, poll, demostad):
    """ "lokaal kennisdeling" is not Dutch: the list goes in brackets after the noun."""
    plan = agenda(demostad)
    services.update_poll(poll, {"plan": plan})
    response = client_for(lead).post(
        record_url(poll),
        {"plan": plan.pk, "kind": "local", "text": "Regel", "version": plan.version},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "De regel is toegevoegd aan de kennisdeling (lokaal) van GKA-agenda Demostad."
    ]


def test_the_poll_form_names_a_session_by_its_date_in_the_pages_language(lead, demostad):
    knowledge_session(demostad, title="Ouderbetrokkenheid", held_on=date(2026, 10, 8))
    options = "//select[@name='session']/option[@value!='']"
    page = parse(client_for(lead).get("/peilingen/"))
    assert [text(o) for o in page.xpath(options)] == ["Ouderbetrokkenheid (8 oktober 2026)"]
    page = parse(client_for(lead).get("/peilingen/", headers={"accept-language": "en"}))
    assert [text(o) for o in page.xpath(options)] == [
        "Ouderbetrokkenheid (Oct. 8, 2026)"
    ]  # as the pages write a date
