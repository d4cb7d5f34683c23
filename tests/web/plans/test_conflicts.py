"""Saving again after someone else saved: their changes stay, the edit follows its item.

Found in review: after a conflict, a second save wrote the form as it was, so a value the user
never touched undid a colleague's change, and when the colleague had removed an item before
this one, the save overwrote the item that had moved into its place.
"""

from __future__ import annotations

import copy

import pytest

from kansen.plans import without_item_ids
from kansen.web.plans import editor, services
from kansen.web.plans.models import Plan

from ..factories import client_for
from ..html import as_post, form_values, one, parse


def _url(plan, part):
    return f"/plannen/{plan.municipality.slug}/{plan.slug}/bewerken/?deel={part}"


def _open(client, plan, part):
    page = client.get(_url(plan, part))
    assert page.status_code == 200
    return form_values(page.content.decode())


def _doc(plan):
    return Plan.objects.get(pk=plan.pk).document


@pytest.fixture
def two(agenda, lead):
    """The agenda with a second intervention, Huiswerkklas (version 2)."""
    services.update_part(
        agenda,
        "interventions[1]",
        {"name": "Huiswerkklas", "goal": "Huiswerk maken met hulp"},
        expected_version=1,
        user=lead,
    )
    return Plan.objects.get(pk=agenda.pk)


def test_a_change_the_user_did_not_make_is_not_undone(agenda, lead, colleague):
    mine = client_for(lead)
    form = _open(mine, agenda, "interventions[0]")
    theirs = client_for(colleague)
    response = theirs.post(
        _url(agenda, "interventions[0]"),
        as_post(_open(theirs, agenda, "interventions[0]"), {"budget[0].amount": "75000"}),
    )
    assert response.status_code == 302
    response = mine.post(_url(agenda, "interventions[0]"), as_post(form, {"goal": "Ouders"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Hun wijzigingen staan al in het formulier" in html
    assert "U hebt allebei" not in html
    resaved = mine.post(_url(agenda, "interventions[0]"), as_post(form_values(html)))
    assert resaved.status_code == 302
    intervention = _doc(agenda)["interventions"][0]
    assert intervention["budget"][0]["amount"] == 75000  # theirs, kept
    assert intervention["goal"] == "Ouders"  # mine, applied


def test_a_value_both_changed_keeps_the_users_and_says_so(agenda, lead, colleague):
    mine = client_for(lead)
    form = _open(mine, agenda, "interventions[0]")
    theirs = client_for(colleague)
    theirs.post(
        _url(agenda, "interventions[0]"),
        as_post(_open(theirs, agenda, "interventions[0]"), {"budget[0].amount": "75000"}),
    )
    response = mine.post(
        _url(agenda, "interventions[0]"), as_post(form, {"budget[0].amount": "90.000"})
    )
    html = response.content.decode()
    assert "U hebt allebei deze velden gewijzigd" in html
    assert "Interventie 1: Brugfunctionaris › Begrotingsregel 1: Inzet › Bedrag" in html
    assert one(parse(response), '//input[@name="budget[0].amount"]').get("value") == "90000"
    mine.post(_url(agenda, "interventions[0]"), as_post(form_values(html)))
    assert _doc(agenda)["interventions"][0]["budget"][0]["amount"] == 90000


def test_an_item_that_moved_up_is_saved_where_it_is_now(two, lead, colleague):
    mine = client_for(lead)
    form = _open(mine, two, "interventions[1]")  # Huiswerkklas
    client_for(colleague).post(
        _url(two, "interventions[0]"), {"version": "2", "_delete": "1", "_confirm": "1"}
    )
    assert [i["name"] for i in _doc(two)["interventions"]] == ["Huiswerkklas"]
    response = mine.post(_url(two, "interventions[1]"), as_post(form, {"goal": "Elke dag"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Dit onderdeel staat nu op Interventie 1: Huiswerkklas" in html
    # the form saves to where the item is now
    actions = parse(response).xpath('//form[@method="post"]/@action')
    assert f"/plannen/demostad/{two.slug}/bewerken/?deel=interventions[0]" in actions
    resaved = mine.post(_url(two, "interventions[0]"), as_post(form_values(html)))
    assert resaved.status_code == 302
    assert without_item_ids(_doc(two)["interventions"]) == [
        {"name": "Huiswerkklas", "goal": "Elke dag"}
    ]


def test_an_item_someone_removed_never_overwrites_the_next_one(two, lead, colleague):
    mine = client_for(lead)
    form = _open(mine, two, "interventions[0]")  # Brugfunctionaris
    client_for(colleague).post(
        _url(two, "interventions[0]"), {"version": "2", "_delete": "1", "_confirm": "1"}
    )
    response = mine.post(
        _url(two, "interventions[0]"),
        as_post(form, {"name": "Brugfunctionaris", "goal": "Scholen en gezinnen verbinden"}),
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Dit onderdeel is intussen verwijderd" in html
    assert "deel=interventions[1]" in html
    assert "Verwijder" not in html  # nothing to remove: it is a new item now
    resaved = mine.post(_url(two, "interventions[1]"), as_post(form_values(html)))
    assert resaved.status_code == 302
    interventions = _doc(two)["interventions"]
    assert without_item_ids(interventions[0]) == {
        "name": "Huiswerkklas",
        "goal": "Huiswerk maken met hulp",
    }
    assert interventions[1]["name"] == "Brugfunctionaris"
    assert interventions[1]["goal"] == "Scholen en gezinnen verbinden"
    assert interventions[1]["budget"][0]["amount"] == 60000


def test_two_new_items_at_once_are_both_kept(agenda, lead, colleague):
    mine, theirs = client_for(lead), client_for(colleague)
    my_form = _open(mine, agenda, "interventions[1]")
    their_form = _open(theirs, agenda, "interventions[1]")
    assert (
        theirs.post(
            _url(agenda, "interventions[1]"), as_post(their_form, {"name": "Zomerschool"})
        ).status_code
        == 302
    )
    response = mine.post(_url(agenda, "interventions[1]"), as_post(my_form, {"name": "Taalklas"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "deel=interventions[2]" in html
    mine.post(_url(agenda, "interventions[2]"), as_post(form_values(html)))
    names = [i["name"] for i in _doc(agenda)["interventions"]]
    assert names == ["Brugfunctionaris", "Zomerschool", "Taalklas"]


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged", "conflicts"),
    [
        ({"a": 1, "b": 1}, {"a": 2, "b": 1}, {"a": 1, "b": 3}, {"a": 2, "b": 3}, []),
        ({"a": 1}, {"a": 2}, {"a": 3}, {"a": 2}, ["a"]),
        ({"a": 1}, {"a": 1}, {}, {}, []),  # they emptied it, I did not touch it
        ({"a": 1}, {}, {"a": 1, "b": 2}, {"b": 2}, []),  # I emptied it, they added b
        ({"p": ["x", "y"]}, {"p": ["y", "x"]}, {"p": ["z"]}, {"p": ["z"]}, []),  # order only
        (
            {"l": [{"v": 1}]},
            {"l": [{"v": 2}]},
            {"l": [{"v": 1}, {"v": 5}]},
            {"l": [{"v": 2}]},
            ["l"],
        ),
        (
            {"l": [{"v": 1, "w": 1}]},
            {"l": [{"v": 2, "w": 1}]},
            {"l": [{"v": 1, "w": 9}]},
            {"l": [{"v": 2, "w": 9}]},
            [],
        ),
    ],
)
def test_the_three_way_merge(base, mine, theirs, merged, conflicts):
    assert editor.merge(base, mine, theirs) == (merged, conflicts)


@pytest.mark.parametrize("field", [("_remove", "budget[7]"), ("_add", "nonsense[0].x")])
def test_a_row_that_is_not_there_is_a_bad_request_not_a_server_error(agenda, lead, field):
    # Found in review: a crafted POST raised PathError (HTTP 500).
    client = client_for(lead)
    form = _open(client, agenda, "interventions[0]")
    response = client.post(_url(agenda, "interventions[0]"), as_post(form, dict([field])))
    assert response.status_code == 400
    assert _doc(agenda)["interventions"][0]["budget"][0]["amount"] == 60000


def test_a_published_plan_keeps_passing_its_check(agenda, lead):
    # Found in review: a published plan could be edited into one with errors, and the public
    # page showed it at once while the check said it could not be published.
    services.publish(agenda, lead, today=agenda.updated_at.date())
    client = client_for(lead)
    form = _open(client, agenda, "interventions[0]")
    response = client.post(
        _url(agenda, "interventions[0]"), as_post(form, {"budget[0].amount": "75000"})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit plan is gepubliceerd" in html
    # what was typed is kept
    assert one(parse(response), '//input[@name="budget[0].amount"]').get("value") == "75000"
    assert _doc(agenda)["interventions"][0]["budget"][0]["amount"] == 60000
    # a change that keeps the check clean is saved
    response = client.post(
        _url(agenda, "interventions[0]"), as_post(form, {"goal": "Scholen en gezinnen"})
    )
    assert response.status_code == 302


# Found in the second review: the three-way merge took fields the form sends back in another
# shape (an empty location as {}, 173.00 as 173) for changes of the user's.
def test_a_field_the_form_sends_back_empty_never_wipes_a_colleagues_value(agenda, lead, colleague):
    mine = client_for(lead)
    form = _open(mine, agenda, "interventions[0]")
    theirs = client_for(colleague)
    saved = theirs.post(
        _url(agenda, "interventions[0]"),
        as_post(_open(theirs, agenda, "interventions[0]"), {"location.description": "Wijk Noord"}),
    )
    assert saved.status_code == 302
    response = mine.post(_url(agenda, "interventions[0]"), as_post(form, {"goal": "Ouders"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "U hebt allebei" not in html
    assert (
        mine.post(_url(agenda, "interventions[0]"), as_post(form_values(html))).status_code == 302
    )
    intervention = _doc(agenda)["interventions"][0]
    assert intervention["goal"] == "Ouders"
    assert intervention["location"]["description"] == "Wijk Noord"


def test_a_removed_line_is_not_followed_to_another_line_that_looks_like_it(agenda, lead, colleague):
    services.update_part(
        agenda,
        "interventions[0].budget[1]",
        {"description": "Materiaal", "amount": 60000, "years": [2025]},
        expected_version=1,
        user=lead,
    )
    mine = client_for(lead)
    form = _open(mine, agenda, "interventions[0].budget[0]")  # Inzet, 60000, 2025
    client_for(colleague).post(
        _url(agenda, "interventions[0].budget[0]"), {"version": "2", "_delete": "1"}
    )
    response = mine.post(
        _url(agenda, "interventions[0].budget[0]"), as_post(form, {"description": "Inzet coach"})
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Dit onderdeel is intussen verwijderd" in html
    resaved = mine.post(_url(agenda, "interventions[0].budget[1]"), as_post(form_values(html)))
    assert resaved.status_code == 302
    assert [line["description"] for line in _doc(agenda)["interventions"][0]["budget"]] == [
        "Materiaal",
        "Inzet coach",
    ]


def test_a_plan_stored_with_another_spelling_of_its_municipality_stays_editable(agenda, lead):
    doc = dict(agenda.document, municipality="Demostad (Sociaal Domein)")
    Plan.objects.filter(pk=agenda.pk).update(document=doc)
    mine = client_for(lead)
    form = _open(mine, agenda, "interventions[0]")
    saved = mine.post(_url(agenda, "interventions[0]"), as_post(form, {"goal": "Ouders"}))
    assert saved.status_code == 302
    assert _doc(agenda)["municipality"] == "Demostad (Sociaal Domein)"


def test_removing_an_item_of_a_published_plan_with_an_error_after_it(agenda, lead):
    services.publish(agenda, lead, today=agenda.updated_at.date())
    doc = copy.deepcopy(Plan.objects.get(pk=agenda.pk).document)
    doc["interventions"].append(
        {"name": "Oud", "budget": [{"description": "Terug", "amount": -500, "years": [2025]}]}
    )
    Plan.objects.filter(pk=agenda.pk).update(document=doc, version=3)
    client = client_for(lead)
    # The error moves from interventions[1] to interventions[0]: it is not a new one.
    removed = client.post(
        _url(agenda, "interventions[0]"), {"version": "3", "_delete": "1", "_confirm": "1"}
    )
    assert removed.status_code == 302
    assert [i["name"] for i in _doc(agenda)["interventions"]] == ["Oud"]
    # A removal that would add an error is refused with a message, not a server error.
    doc = _doc(agenda)
    doc["interventions"][0]["budget"].append(
        {"description": "Correctie", "amount": 500, "years": [2025]}
    )
    doc["interventions"][0]["budget_total"] = 0  # the lines add up to it: no error yet
    Plan.objects.filter(pk=agenda.pk).update(document=doc, version=5)
    refused = client.post(
        _url(agenda, "interventions[0].budget[1]"),
        {"version": "5", "_delete": "1", "_confirm": "1"},
        follow=True,
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Interventie 1: Oud › Begrotingsregel 2: Correctie is niet verwijderd." in html
    assert "De regels tellen op tot" in html  # the new error, in words
    assert len(_doc(agenda)["interventions"][0]["budget"]) == 2


# Plan items have identity (ADR 0012): an edit follows its item by id, never by what it looks
# like. Before the ids, a renamed item read as removed (its name no longer matched), and lists of
# another length than the form's were not merged at all.


def test_a_renamed_item_that_moved_up_is_followed_exactly(two, lead, colleague):
    mine = client_for(lead)
    form = _open(mine, two, "interventions[1]")  # Huiswerkklas
    theirs = client_for(colleague)
    renamed = theirs.post(
        _url(two, "interventions[1]"),
        as_post(_open(theirs, two, "interventions[1]"), {"name": "Huiswerkbegeleiding"}),
    )
    assert renamed.status_code == 302
    theirs.post(_url(two, "interventions[0]"), {"version": "3", "_delete": "1", "_confirm": "1"})
    response = mine.post(_url(two, "interventions[1]"), as_post(form, {"goal": "Elke dag"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Dit onderdeel staat nu op Interventie 1: Huiswerkbegeleiding" in html
    assert "U hebt allebei" not in html
    resaved = mine.post(_url(two, "interventions[0]"), as_post(form_values(html)))
    assert resaved.status_code == 302
    interventions = _doc(two)["interventions"]
    assert without_item_ids(interventions) == [{"name": "Huiswerkbegeleiding", "goal": "Elke dag"}]
    assert interventions[0]["uuid"] == two.document["interventions"][1]["uuid"]


def test_a_line_one_removed_and_the_other_changed_is_kept_and_named(agenda, lead, colleague):
    mine = client_for(lead)
    url = _url(agenda, "interventions[0]")
    page = mine.post(
        url, as_post(_open(mine, agenda, "interventions[0]"), {"_remove": "budget[0]"})
    )
    form = form_values(page.content.decode())
    theirs = client_for(colleague)
    theirs.post(
        url, as_post(_open(theirs, agenda, "interventions[0]"), {"budget[0].amount": "75000"})
    )
    response = mine.post(url, as_post(form))
    assert response.status_code == 409
    html = response.content.decode()
    assert "U hebt allebei deze velden gewijzigd" in html
    assert "Interventie 1: Brugfunctionaris › Begrotingsregel 1: Inzet" in html
    # their change, back in the form
    assert one(parse(response), '//input[@name="budget[0].amount"]').get("value") == "75000"
    mine.post(url, as_post(form_values(html)))
    assert _doc(agenda)["interventions"][0]["budget"][0]["amount"] == 75000


def test_a_line_added_by_each_at_once_keeps_both(agenda, lead, colleague):
    url = _url(agenda, "interventions[0]")
    mine, theirs = client_for(lead), client_for(colleague)
    page = mine.post(url, as_post(_open(mine, agenda, "interventions[0]"), {"_add": "budget"}))
    my_form = as_post(
        form_values(page.content.decode()),
        {
            "budget[1].description": "Evaluatie",
            "budget[1].amount": "5000",
            "budget[1].years": "2026",
        },
    )
    their_page = theirs.post(
        url, as_post(_open(theirs, agenda, "interventions[0]"), {"_add": "budget"})
    )
    their_form = as_post(
        form_values(their_page.content.decode()),
        {
            "budget[1].description": "Materiaal",
            "budget[1].amount": "2000",
            "budget[1].years": "2025",
        },
    )
    assert theirs.post(url, their_form).status_code == 302
    response = mine.post(url, my_form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "U hebt allebei" not in html
    assert mine.post(url, as_post(form_values(html))).status_code == 302
    budget = _doc(agenda)["interventions"][0]["budget"]
    assert [(b["description"], b["amount"]) for b in budget] == [
        ("Inzet", 60000),
        ("Materiaal", 2000),
        ("Evaluatie", 5000),
    ]
    assert len({b["uuid"] for b in budget}) == 3


@pytest.mark.parametrize("item_id", ["not-an-id", "taken"])
def test_a_crafted_item_id_is_refused_not_a_server_error(agenda, lead, item_id):
    client = client_for(lead)
    form = _open(client, agenda, "interventions[0]")
    taken = agenda.document["interventions"][0]["uuid"]
    posted = {"budget[0].uuid": taken if item_id == "taken" else item_id}
    response = client.post(_url(agenda, "interventions[0]"), as_post(form, posted))
    assert response.status_code == 400
    assert _doc(agenda) == agenda.document
