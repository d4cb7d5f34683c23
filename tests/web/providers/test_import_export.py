"""Importing offers from CSV and Excel (all or nothing, problems by row and column) and the
export that the import reads back."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kansen.io import ImportRejected
from kansen.offers import (
    LocationRecord,
    OfferRecord,
    TranslationRecord,
    read_offers_table,
    write_offers_table,
)
from kansen.web.accounts.constants import Role
from kansen.web.directory.models import DirectorySettings, Offer
from kansen.web.directory.selectors import offer_to_record
from kansen.web.directory.services import import_offers

from ..directory.factories import OfferFactory, ProviderFactory
from ..factories import PASSWORD, UserFactory
from ..html import field_value, parse

pytestmark = pytest.mark.django_db

HEADER = "id;provider;title;support_types;audiences;cost;apply_route;last_checked;regulation"


def _record(offer_id: str, provider: str = "bieb", **changes) -> OfferRecord:
    values = dict(
        id=offer_id,
        provider=provider,
        title=f"Aanbod {offer_id}",
        summary="Kort.",
        description="Lang.",
        support_types=("huiswerk",),
        age_min=6,
        age_max=12,
        audiences=("kind",),
        cost="price",
        cost_amount=Decimal("7.50"),
        cost_note="per les",
        languages=("nl", "tr"),
        apply_route="professional",
        how_to_apply="Via school.",
        email="a@example.nl",
        phone="0999-1",
        website="https://example.nl",
        capacity=12,
        regulation="",
        last_checked=datetime.date(2026, 5, 4),
        locations=(
            LocationRecord("Bieb", "Markt 1", "9991 AB", "Demostad", "BU99990101", None, None),
        ),
        translations={"en": TranslationRecord("Offer in English", "Short.")},
    )
    values.update(changes)
    return OfferRecord(**values)


@pytest.fixture
def bieb(demostad):
    return ProviderFactory(municipality=demostad, slug="bieb", name="Bibliotheek")


@pytest.fixture
def beheerder(demostad):
    user = UserFactory(username="beheerder", municipality=demostad, role=Role.ADMINISTRATOR)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_creates_and_updates_by_id(demostad, bieb, fmt):
    OfferFactory(provider=bieb, slug="bestaand", title="Oude titel")
    records = [_record("nieuw", regulation="stadspas"), _record("bestaand")]
    result = import_offers(write_offers_table(records, fmt), f"aanbod.{fmt}", municipality=demostad)
    assert (result.created, result.updated) == (("nieuw",), ("bestaand",))
    stored = Offer.objects.get(slug="nieuw")
    assert stored.regulation.code == "stadspas"
    assert stored.cost_amount == Decimal("7.50")
    assert stored.last_checked == datetime.date(2026, 5, 4)
    assert Offer.objects.get(slug="bestaand").title == "Aanbod bestaand"
    location = stored.locations.get()
    assert (location.buurt_code, location.x is not None) == ("BU99990101", True)
    assert stored.translations.get(language="en").title == "Offer in English"


def test_a_bad_file_lists_every_problem_by_row_and_column_and_saves_nothing(demostad, bieb):
    table = "\n".join(
        [
            HEADER,
            "goed;bieb;Goed;huiswerk;kind;free;self;2026-01-01;",
            "fout-type;bieb;Fout;huiswerkhulp;kind;free;self;2026-01-01;",
            "fout-aanbieder;onbekend;Fout;huiswerk;kind;free;self;2026-01-01;",
            "fout-datum;bieb;Fout;huiswerk;kind;free;self;1-13-2026;",
        ]
    ).encode()
    with pytest.raises(ImportRejected) as rejected:
        import_offers(table, "aanbod.csv", municipality=demostad)
    assert [(p.row, p.column) for p in rejected.value.errors] == [
        (3, "support_types"),
        (4, "provider"),
        (5, "last_checked"),
    ]
    assert Offer.objects.count() == 0


def test_unknown_regulations_and_buurten_are_problems_at_their_row(demostad, bieb):
    header = HEADER + ";location1_address;location1_city;location1_buurt"
    table = "\n".join(
        [
            header,
            "a;bieb;A;huiswerk;kind;free;self;2026-01-01;stadspas;Markt 1;Demostad;BU99990101",
            ";;;;;;;;;;;",  # an empty row is skipped, but still counts in the numbering
            "b;bieb;B;huiswerk;kind;free;self;2026-01-01;kwijtschelding-xyz;;;",
            "c;bieb;C;huiswerk;kind;free;self;2026-01-01;;Dorp 1;Elders;BU01230101",
        ]
    ).encode()
    with pytest.raises(ImportRejected) as rejected:
        import_offers(table, "aanbod.csv", municipality=demostad)
    assert [(p.row, p.column) for p in rejected.value.errors] == [
        (4, "regulation"),
        (5, "location1_buurt"),
    ]
    assert "'kwijtschelding-xyz' is geen regeling van Demostad" in rejected.value.errors[0].message
    assert Offer.objects.count() == 0


def test_import_page_shows_problems_and_keeps_the_database(demostad, bieb, beheerder):
    table = (HEADER + "\nx;bieb;X;huiswerkhulp;kind;free;self;2026-01-01;\n").encode()
    upload = SimpleUploadedFile("aanbod.csv", table, content_type="text/csv")
    response = beheerder.post(reverse("providers:import"), {"file": upload})
    assert response.status_code == 400
    assert [(p.row, p.column) for p in response.context["problems"]] == [(2, "support_types")]
    assert Offer.objects.count() == 0

    good = (HEADER + "\nx;bieb;X;huiswerk;kind;free;self;2026-01-01;\n").encode()
    upload = SimpleUploadedFile("aanbod.csv", good, content_type="text/csv")
    response = beheerder.post(reverse("providers:import"), {"file": upload})
    assert response.status_code == 302
    assert list(Offer.objects.values_list("slug", "title")) == [("x", "X")]


def test_import_page_refuses_other_file_types(demostad, beheerder):
    upload = SimpleUploadedFile("aanbod.xls", b"old", content_type="application/vnd.ms-excel")
    response = beheerder.post(reverse("providers:import"), {"file": upload})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"file"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trips_through_the_import(demostad, bieb, beheerder, fmt):
    import_offers(
        write_offers_table([_record("een"), _record("twee", cost="free", cost_amount=None)], "csv"),
        "aanbod.csv",
        municipality=demostad,
    )
    before = [offer_to_record(o) for o in Offer.objects.order_by("slug")]
    response = beheerder.get(reverse("providers:export", args=[fmt]))
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    records = read_offers_table(response.content, f"export.{fmt}")
    assert sorted(records, key=lambda r: r.id) == before
    # Importing the export changes nothing.
    result = import_offers(response.content, f"export.{fmt}", municipality=demostad)
    assert (result.created, result.updated) == ((), ("een", "twee"))
    assert [offer_to_record(o) for o in Offer.objects.order_by("slug")] == before


def test_settings_page_saves_review_and_grace(demostad, beheerder):
    response = beheerder.post(
        reverse("providers:settings"), {"review_months": "6", "grace_days": "30"}
    )
    assert response.status_code == 302
    saved = DirectorySettings.objects.get(municipality=demostad)
    assert (saved.review_months, saved.grace_days) == (6, 30)
    response = beheerder.post(
        reverse("providers:settings"), {"review_months": "0", "grace_days": "x"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"review_months", "grace_days"}
    assert field_value(parse(response), "grace_days") == "x"
    saved.refresh_from_db()
    assert (saved.review_months, saved.grace_days) == (6, 30)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "het bestand is geen tekstbestand (CSV)"),
        ("id;title\rx;Caf\xe9\r".encode("cp1252"), "het bestand is niet opgeslagen als UTF-8"),
    ],
)
def test_a_binary_or_windows_1252_file_shows_the_problem_not_a_server_error(
    demostad, beheerder, content, message
):
    upload = SimpleUploadedFile("aanbod.csv", content, content_type="text/csv")
    response = beheerder.post(reverse("providers:import"), {"file": upload})
    assert response.status_code == 400  # the page with the problems, as for any rejected file
    assert "aanbod.csv is niet geïmporteerd: 1 probleem" in response.content.decode()
    [problem] = response.context["problems"]
    assert problem.message.startswith(message)


def test_a_cr_only_file_is_imported(demostad, bieb, beheerder):
    table = (HEADER + "\rx;bieb;X;huiswerk;kind;free;self;2026-01-01;\r").encode()
    upload = SimpleUploadedFile("aanbod.csv", table, content_type="text/csv")
    response = beheerder.post(reverse("providers:import"), {"file": upload})
    assert response.status_code == 302
    assert list(Offer.objects.values_list("slug", "title")) == [("x", "X")]
