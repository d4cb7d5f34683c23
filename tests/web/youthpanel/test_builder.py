"""The questionnaire builder: moving questions, also across sections, and removing a section
after a confirmation that says what goes."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from kansen.surveys import demo_questionnaire_document
from kansen.web.youthpanel import builder
from kansen.web.youthpanel.models import Questionnaire

from ..factories import client_for

pytestmark = pytest.mark.django_db

# the demo: buurt (veilig, activiteiten, uren_sport), school (hulp_huiswerk, waarom_niet,
# opmerking; waarom_niet shown only after hulp_huiswerk = nee)


def _order(draft):
    return [(s["id"], [q["id"] for q in s["questions"]]) for s in draft["sections"]]


@pytest.mark.parametrize(
    ("question", "step", "expected"),
    [
        # within a section: swapped with its neighbour
        (
            "activiteiten",
            -1,
            [
                ("buurt", ["activiteiten", "veilig", "uren_sport"]),
                ("school", ["hulp_huiswerk", "waarom_niet", "opmerking"]),
            ],
        ),
        # the last of a section down: the first of the next section
        (
            "uren_sport",
            1,
            [
                ("buurt", ["veilig", "activiteiten"]),
                ("school", ["uren_sport", "hulp_huiswerk", "waarom_niet", "opmerking"]),
            ],
        ),
        # the first of a section up: the last of the section before
        (
            "hulp_huiswerk",
            -1,
            [
                ("buurt", ["veilig", "activiteiten", "uren_sport", "hulp_huiswerk"]),
                ("school", ["waarom_niet", "opmerking"]),
            ],
        ),
        # the very first up and the very last down: nowhere to go
        (
            "veilig",
            -1,
            [
                ("buurt", ["veilig", "activiteiten", "uren_sport"]),
                ("school", ["hulp_huiswerk", "waarom_niet", "opmerking"]),
            ],
        ),
        (
            "opmerking",
            1,
            [
                ("buurt", ["veilig", "activiteiten", "uren_sport"]),
                ("school", ["hulp_huiswerk", "waarom_niet", "opmerking"]),
            ],
        ),
    ],
)
def test_a_question_moves_one_place_also_across_sections(question, step, expected):
    draft = demo_questionnaire_document()
    assert _order(builder.move_question(draft, question, step)) == expected
    assert _order(draft)[0] == ("buurt", ["veilig", "activiteiten", "uren_sport"])  # a copy


def test_a_section_emptied_by_a_move_goes():
    draft = demo_questionnaire_document()
    draft["sections"][0]["questions"] = draft["sections"][0]["questions"][:1]
    moved = builder.move_question(draft, "veilig", 1)
    assert _order(moved) == [
        ("school", ["veilig", "hulp_huiswerk", "waarom_niet", "opmerking"]),
    ]


def test_moving_up_and_down_on_the_page(analyst, questionnaire):
    client = client_for(analyst)
    url = reverse("youthpanel:question_action", args=[questionnaire.uuid, "hulp_huiswerk"])
    response = client.post(url, {"action": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith("#q-hulp_huiswerk")
    draft = Questionnaire.objects.get(pk=questionnaire.pk).draft
    assert _order(draft)[0] == ("buurt", ["veilig", "activiteiten", "uren_sport", "hulp_huiswerk"])
    # the question waarom_niet now comes first in its section, after its condition's question
    assert builder.problems_of(draft) == []


def test_removing_a_section_asks_first_and_says_what_goes(analyst, questionnaire):
    client = client_for(analyst)
    page = reverse("youthpanel:questionnaire", args=[questionnaire.uuid])
    url = reverse("youthpanel:section_remove", args=[questionnaire.uuid, "buurt"])
    assert url in client.get(page).content.decode()
    shown = client.get(url)
    assert shown.status_code == 200
    html = shown.content.decode()
    for question in ("veilig", "activiteiten", "uren_sport"):
        assert f"({question})" in html
    assert "(hulp_huiswerk)" not in html
    # nothing removed by looking
    draft = Questionnaire.objects.get(pk=questionnaire.pk).draft
    assert [s["id"] for s in draft["sections"]] == ["buurt", "school"]
    assert client.post(url).status_code == 302
    draft = Questionnaire.objects.get(pk=questionnaire.pk).draft
    assert _order(draft) == [("school", ["hulp_huiswerk", "waarom_niet", "opmerking"])]


def test_removing_a_section_names_the_conditions_on_its_questions(analyst, questionnaire):
    client = client_for(analyst)
    draft = demo_questionnaire_document()
    # waarom_niet (shown after hulp_huiswerk = nee) into a section of its own
    draft["sections"].append(
        {
            "id": "extra",
            "title": {"nl": "Extra"},
            "questions": [draft["sections"][1]["questions"].pop(1)],
        }
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(draft=draft)
    html = client.get(
        reverse("youthpanel:section_remove", args=[questionnaire.uuid, "school"])
    ).content.decode()
    assert "(waarom_niet)" in html.split("utrecht-alert--warning", 1)[1]
    client.post(reverse("youthpanel:section_remove", args=[questionnaire.uuid, "school"]))
    kept = Questionnaire.objects.get(pk=questionnaire.pk).draft
    assert _order(kept) == [
        ("buurt", ["veilig", "activiteiten", "uren_sport"]),
        ("extra", ["waarom_niet"]),
    ]
    # the draft keeps the condition and says what is wrong with it
    assert [p.path for p in builder.problems_of(kept)] == [
        "sections[1].questions[0].show_if.question"
    ]


def test_a_section_the_draft_does_not_have_is_not_found(analyst, questionnaire):
    client = client_for(analyst)
    url = reverse("youthpanel:section_remove", args=[questionnaire.uuid, "bestaat_niet"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("a b", "buurt"),  # a space
        ("<script>", "x/y"),  # markup; a slash in the section
        ("é", "deel met spatie"),
        ("ok", "%2F"),
    ],
)
def test_a_draft_with_ids_no_address_takes_still_opens_everywhere(
    analyst, questionnaire, question, section
):
    client = client_for(analyst)
    draft = demo_questionnaire_document()
    draft["sections"][0]["questions"][0]["id"] = question
    draft["sections"][0]["id"] = section
    posted = client.post(
        reverse("youthpanel:json", args=[questionnaire.uuid]), {"document": json.dumps(draft)}
    )
    assert posted.status_code == 302
    page = client.get(reverse("youthpanel:questionnaire", args=[questionnaire.uuid]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "&lt;script&gt;" in html or "<script>" not in html
    for name in ("youthpanel:preview", "youthpanel:indicator_link", "youthpanel:question_new"):
        assert client.get(reverse(name, args=[questionnaire.uuid])).status_code == 200
    # not a version while an id is wrong, said as a message, not an error page
    saved = client.post(reverse("youthpanel:save_version", args=[questionnaire.uuid]))
    assert saved.status_code == 302


def test_the_first_question_has_no_up_and_the_last_no_down(analyst, questionnaire):
    html = (
        client_for(analyst)
        .get(reverse("youthpanel:questionnaire", args=[questionnaire.uuid]))
        .content.decode()
    )
    buttons = re.findall(
        r'value="(up|down)" class="[^"]+">[^<]+<span class="visually-hidden"> (\w+)</span>', html
    )
    assert ("up", "veilig") not in buttons
    assert ("down", "opmerking") not in buttons
    assert ("down", "veilig") in buttons
    assert ("up", "opmerking") in buttons
    assert len(buttons) == 2 * 6 - 2
