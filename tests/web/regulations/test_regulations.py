"""Loading regulations: all or nothing, every problem by field; the admin per municipality."""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path

import polib
import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils.translation import override

from kansen.eligibility import demostad_regulations
from kansen.problems import KIND_CONTEXT, KIND_TEXTS
from kansen.web.accounts.constants import Role
from kansen.web.regulations import problems
from kansen.web.regulations.models import ApplyRoute, Regulation
from kansen.web.regulations.problems import (
    KIND_MESSAGES,
    PLATFORM_TEXTS,
    PROBLEM_MESSAGES,
    worded,
)
from kansen.web.regulations.services import (
    RegulationsRejected,
    load_demo_regulations,
    load_regulations,
    parse_rules,
    regulation_to_rules,
    save_regulation,
)

from ..factories import PASSWORD, MunicipalityFactory, UserFactory
from ..html import parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demostad():
    return MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")


def _rules(code: str, **changes) -> dict:
    rule = next(r for r in demostad_regulations() if r.id == code)
    return {**regulation_to_rules(rule), **changes}


def _file(*regulations: dict, municipality: dict | None = None) -> dict:
    data: dict = {"version": 1, "regulations": list(regulations)}
    if municipality is not None:
        data["municipality"] = municipality
    return data


def test_demo_regulations_load_published_and_read_back_unchanged(demostad):
    loaded = load_demo_regulations(demostad)
    assert loaded.created == tuple(r.id for r in demostad_regulations())
    assert loaded.updated == ()
    stored = list(Regulation.objects.filter(municipality=demostad))
    assert [r.code for r in stored] == list(loaded.created)
    assert all(r.is_published for r in stored)
    for regulation, rule in zip(stored, demostad_regulations(), strict=True):
        assert parse_rules(demostad, regulation.rules) == rule
        assert regulation.name == rule.name
        assert regulation.how_to_apply == rule.application.how
        assert regulation.source == rule.source
    by_code = {r.code: r for r in stored}
    assert by_code["stadspas"].provider == "Gemeente Demostad"
    assert by_code["stadspas"].apply_url == "https://www.demostad.example/stadspas"
    assert by_code["stadspas"].apply_phone == "14 0999"
    assert by_code["jeugdfonds-sport-cultuur"].provider == "Jeugdfonds Sport & Cultuur"
    assert by_code["jeugdfonds-sport-cultuur"].apply_route == ApplyRoute.INTERMEDIARY
    assert by_code["stichting-leergeld"].apply_route == ApplyRoute.INTERMEDIARY


# The demo loader's own regulations: test_demo_loader.py, on the shared demo.


def test_loading_the_demo_again_changes_nothing(demostad):
    load_demo_regulations(demostad)
    before = list(Regulation.objects.values_list("code", "rules", "provider", "is_published"))
    again = load_demo_regulations(demostad)
    assert again.created == ()
    assert len(again.updated) == 10
    after = list(Regulation.objects.values_list("code", "rules", "provider", "is_published"))
    assert after == before


def test_a_bad_rule_is_reported_by_field_and_nothing_is_written(demostad):
    data = _file(
        _rules("stadspas"),
        _rules("zwemles", income_limit={"percent": -5, "holiday_allowance": "excluded"}),
        _rules("computerregeling", children={"min_age": 10, "max_age": "twaalf"}),
        _rules("kindpakket", provider=""),
    )
    with pytest.raises(RegulationsRejected) as rejected:
        load_regulations(demostad, data)
    assert rejected.value.origin == "<data>"
    assert set(rejected.value.problems) == {
        "regulations[1] (zwemles).income_limit.percent: expected a number above 0, got -5",
        "regulations[2] (computerregeling).children.max_age: expected a whole number from 0 "
        "to 17, got 'twaalf'",
        "regulations[3] (kindpakket).provider: expected the organisation's name, got ''",
    }
    assert Regulation.objects.count() == 0  # stadspas was fine, but nothing is written


def test_a_rejected_update_leaves_the_stored_regulations_as_they_were(demostad):
    load_demo_regulations(demostad)
    before = list(Regulation.objects.order_by("pk").values())
    data = _file(
        _rules("stadspas", name="Stadspas Demostad 2027"),
        _rules("kindpakket", residence_required="ja"),
    )
    with pytest.raises(RegulationsRejected) as rejected:
        load_regulations(demostad, data, publish=False)
    assert rejected.value.problems == (
        "regulations[1] (kindpakket).residence_required: expected true or false, got str 'ja'",
    )
    assert list(Regulation.objects.order_by("pk").values()) == before


def test_regulations_of_another_municipality_are_refused(demostad):
    data = _file(
        _rules("stadspas"),
        {**_rules("zwemles"), "municipality": {"code": "GM0546", "name": "Leiden"}},
        municipality={"code": "GM0307", "name": "Amersfoort"},
    )
    with pytest.raises(RegulationsRejected) as rejected:
        load_regulations(demostad, data)
    assert rejected.value.problems == (
        "municipality.code: expected GM9999 (Demostad, the municipality loading these "
        "regulations), got 'GM0307'",
        "regulations[1] (zwemles).municipality.code: expected GM9999 (Demostad, the "
        "municipality loading these regulations), got 'GM0546'",
    )


def test_load_from_a_yaml_file_with_providers_and_update_by_code(demostad, tmp_path):
    path = tmp_path / "regelingen.yaml"
    path.write_text(
        """
version: 1
municipality: {code: GM9999, name: Gemeente Demostad}
regulations:
  - id: sportfonds
    name: Sportfonds
    provider: Sportfonds Demostad
    income_limit: {percent: 125, holiday_allowance: excluded}
    children: {min_age: 6}
    residence_required: true
    apply: {route: intermediary, how: Via de buurtsportcoach.}
    source: Raadsbesluit 2026
""",
        encoding="utf-8",
    )
    assert load_regulations(demostad, path).created == ("sportfonds",)
    regulation = Regulation.objects.get(code="sportfonds")
    assert regulation.provider == "Sportfonds Demostad"
    assert regulation.is_published is False  # new regulations wait to be published
    assert regulation.rules["income_limit"] == {"percent": 125, "holiday_allowance": "excluded"}
    assert regulation.rules["children"] == {"min_age": 6}
    assert "provider" not in regulation.rules
    regulation.is_published = True
    regulation.save()
    path.write_text(path.read_text().replace("percent: 125", "percent: 130.5"))
    assert load_regulations(demostad, path).updated == ("sportfonds",)
    regulation.refresh_from_db()
    assert regulation.is_published is True  # kept
    assert regulation.rules["income_limit"]["percent"] == 130.5
    assert str(parse_rules(demostad, regulation.rules).income_limit.percent) == "130.5"


def test_a_file_that_is_not_yaml_is_refused(demostad, tmp_path):
    path = tmp_path / "regelingen.yaml"
    path.write_text("regulations: [unclosed", encoding="utf-8")
    with pytest.raises(RegulationsRejected) as rejected:
        load_regulations(demostad, path)
    assert rejected.value.origin == "regelingen.yaml"
    assert rejected.value.problems[0].startswith("not valid YAML or JSON")


def test_a_date_that_does_not_exist_is_refused_with_its_line(demostad, tmp_path):
    path = tmp_path / "regelingen.yaml"
    path.write_text("regulations:\n  - code: a\n    checked: 2026-02-30\n", encoding="utf-8")
    with pytest.raises(RegulationsRejected) as rejected:
        load_regulations(demostad, path)
    assert list(rejected.value.problems) == [
        "not valid YAML or JSON: line 3: 2026-02-30 is not a date that exists"
    ]


def test_an_alias_is_refused_as_a_limit_not_as_a_broken_file(demostad, tmp_path):
    path = tmp_path / "regelingen.yaml"
    path.write_text("regulations: &r []\nagain: *r\n", encoding="utf-8")
    with pytest.raises(RegulationsRejected) as rejected:
        load_regulations(demostad, path)
    assert list(rejected.value.problems) == [
        "line 2: the alias *r is not allowed: aliases (& and *) can make a small file unpack to "
        "gigabytes; write the part out in full"
    ]


def test_save_regulation_checks_the_rules_and_derives_the_columns(demostad):
    load_demo_regulations(demostad)
    regulation = Regulation.objects.get(code="zwemles")
    regulation.rules = {**regulation.rules, "name": "Zwemles", "apply": {"route": "self"}}
    with pytest.raises(RegulationsRejected) as rejected:
        save_regulation(regulation)
    assert rejected.value.problems == ("apply.how: expected a text, got nothing",)
    regulation.rules = {**regulation.rules, "apply": {"route": "self", "how": "Bel ons."}}
    save_regulation(regulation)
    regulation.refresh_from_db()
    assert (regulation.name, regulation.how_to_apply, regulation.apply_url) == (
        "Zwemles",
        "Bel ons.",
        "",
    )
    clash = Regulation.objects.get(code="stadspas")
    clash.rules = {**clash.rules, "id": "zwemles"}
    with pytest.raises(RegulationsRejected, match="already used"):
        save_regulation(clash)


# --- the admin, per municipality ---------------------------------------------------------


@pytest.fixture
def two_municipalities(demostad):
    leiden = MunicipalityFactory(code="GM0546", name="Leiden", slug="leiden")
    load_demo_regulations(demostad)
    load_regulations(leiden, _file(_rules("stadspas", id="leidse-pas", name="Leidse pas")))
    admin = UserFactory(
        username="beheer-demostad", municipality=demostad, role=Role.ADMINISTRATOR, is_staff=True
    )
    admin.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="regulations", codename__endswith="regulation"
        )
    )
    client = Client()
    assert client.login(username=admin.username, password=PASSWORD)
    return {"demostad": demostad, "leiden": leiden, "client": client}


def test_admin_lists_only_own_regulations(two_municipalities):
    response = two_municipalities["client"].get("/beheer/regulations/regulation/")
    assert response.status_code == 200
    assert "Stadspas Demostad" in response.text
    assert "Leidse pas" not in response.text
    other = Regulation.objects.get(code="leidse-pas")
    response = two_municipalities["client"].get(
        f"/beheer/regulations/regulation/{other.pk}/change/"
    )
    assert response.status_code == 302  # outside the queryset: the admin redirects


def test_admin_adds_a_regulation_to_own_municipality_only(two_municipalities):
    leiden = two_municipalities["leiden"]
    rules = _rules("zwemles", id="zwemles-extra", name="Extra zwemles")
    response = two_municipalities["client"].post(
        "/beheer/regulations/regulation/add/",
        {
            "municipality": leiden.pk,  # not a field for a municipal administrator: ignored
            "provider": "Zwembad De Golf",
            "position": "20",
            "is_published": "on",
            "rules": json.dumps(rules),
        },
    )
    assert response.status_code == 302, response.text
    created = Regulation.objects.get(code="zwemles-extra")
    assert created.municipality == two_municipalities["demostad"]
    assert created.name == "Extra zwemles"
    assert created.provider == "Zwembad De Golf"


def test_admin_reports_a_bad_rule_by_field_and_saves_nothing(two_municipalities):
    regulation = Regulation.objects.get(code="stadspas")
    rules = deepcopy(regulation.rules)
    rules["savings_limit"] = {"single": 8000}
    rules["children"] = {"min_age": 12, "max_age": 4}
    response = two_municipalities["client"].post(
        f"/beheer/regulations/regulation/{regulation.pk}/change/",
        {"provider": "x", "position": "0", "rules": json.dumps(rules)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "children: expected min_age &lt;= max_age, got 12 &gt; 4" in response.text
    assert "savings_limit: expected an amount or a mapping with single, single_parent, couple" in (
        response.text
    )
    regulation.refresh_from_db()
    assert regulation.provider == "Gemeente Demostad"
    assert "children" not in regulation.rules


def test_admin_shows_a_duplicate_id_in_dutch_on_a_dutch_page(two_municipalities):
    regulation = Regulation.objects.get(code="stadspas")
    rules = {**regulation.rules, "id": "zwemles", "children": {"min_age": "vier"}}
    response = two_municipalities["client"].post(
        f"/beheer/regulations/regulation/{regulation.pk}/change/",
        {"provider": "x", "position": "0", "rules": json.dumps(rules)},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    errors = [text(li) for li in parse(response).xpath("//ul[contains(@class, 'errorlist')]/li")]
    assert errors == [
        "children.min_age: verwacht: een heel getal van 0 tot en met 17, gekregen: 'vier'"
    ]
    rules["children"] = {"min_age": 4}
    response = two_municipalities["client"].post(
        f"/beheer/regulations/regulation/{regulation.pk}/change/",
        {"provider": "x", "position": "0", "rules": json.dumps(rules)},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    errors = [text(li) for li in parse(response).xpath("//ul[contains(@class, 'errorlist')]/li")]
    assert errors == [
        "id: 'zwemles' wordt al gebruikt door een andere regeling; kies een id die nog niet bestaat"
    ]
    assert Regulation.objects.get(pk=regulation.pk).code == "stadspas"


def test_a_file_with_a_duplicate_id_is_worded_in_the_readers_language(demostad):
    data = _file(_rules("stadspas"), _rules("zwemles", id="stadspas", name="Zwemles"))
    with pytest.raises(RegulationsRejected) as rejected:
        load_regulations(demostad, data)
    (problem,) = rejected.value.details
    assert (problem.code, dict(problem.params)) == ("regulation.duplicate-id", {"id": "'stadspas'"})
    assert rejected.value.problems == (
        "id: 'stadspas' is used more than once; expected unique ids",
    )
    with override("nl"):
        assert worded(problem) == (
            "id: 'stadspas' wordt meer dan eens gebruikt; elke id mag maar één keer voorkomen"
        )
    with override("en"):
        assert worded(problem) == str(problem)


def test_a_value_of_the_wrong_kind_is_worded_in_dutch_on_a_dutch_page(demostad):
    data = _file(_rules("stadspas", residence_required="ja"), _rules("zwemles", apply=None))
    with pytest.raises(RegulationsRejected) as rejected:
        load_regulations(demostad, data)
    with override("nl"):
        assert [worded(problem) for problem in rejected.value.details] == [
            "regulations[0] (stadspas).residence_required: verwacht: true of false, "
            "gekregen: de tekst 'ja'",
            "regulations[1] (zwemles).apply: verwacht: een mapping met route en how, "
            "gekregen: niets",
        ]
    with override("en"):
        assert [worded(problem) for problem in rejected.value.details] == [
            "regulations[0] (stadspas).residence_required: expected true or false, got str 'ja'",
            "regulations[1] (zwemles).apply: expected a mapping with route and how, got nothing",
        ]


def test_every_kind_of_value_has_a_dutch_text_and_the_same_english():
    dutch = {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(
            str(Path(problems.__file__).parent / "locale/nl/LC_MESSAGES/django.po")
        )
        if entry.msgctxt == KIND_CONTEXT and entry.msgstr and "fuzzy" not in entry.flags
    }
    with override("en"):
        assert {kind: str(text) for kind, text in KIND_MESSAGES.items()} == KIND_TEXTS
    assert set(dutch) == set(KIND_TEXTS.values())


def test_every_platform_code_of_regulations_has_a_dutch_text_and_the_same_english():
    dutch = {
        entry.msgid
        for entry in polib.pofile(
            str(Path(problems.__file__).parent / "locale/nl/LC_MESSAGES/django.po")
        )
        if entry.msgstr and "fuzzy" not in entry.flags
    }
    assert set(PLATFORM_TEXTS) <= set(PROBLEM_MESSAGES)
    with override("en"):
        for code, wording in PLATFORM_TEXTS.items():
            assert str(PROBLEM_MESSAGES[code]) == wording.message, code
            assert wording.message in dutch, code


def test_platform_administrator_sees_every_municipality(two_municipalities):
    superuser = UserFactory(
        username="platform", municipality=None, is_staff=True, is_superuser=True, role=""
    )
    client = Client()
    assert client.login(username=superuser.username, password=PASSWORD)
    response = client.get("/beheer/regulations/regulation/")
    assert "Stadspas Demostad" in response.text
    assert "Leidse pas" in response.text
