"""The role matrix as a table: role x page or endpoint x expected HTTP status.

Every named URL pattern of the platform (pages, downloads, POST-only forms and the API; the
admin through its index, its pages are walked in ``test_admin_scoping``) needs a row in
``TABLE``: a new page without a row fails ``test_every_url_has_a_row``.

Columns: visitor, analyst, programme lead, professional, provider, (matching) coordinator,
network coordinator, municipal administrator, national network, platform administrator. Every
user but the last two belongs to Demostad (the portal municipality), which holds a draft plan, a
published plan, an unpublished and a published figure, a saved index, an import and a provider
with an offer; Elders holds a draft plan. 302 for a visitor is the way to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kansen.index import default_mdi
from kansen.web.accounts import permissions
from kansen.web.accounts.constants import Role
from kansen.web.areas.constants import ImportKind, ImportStatus
from kansen.web.deprivation.models import SavedIndex
from kansen.web.plans.models import PlanStatus

from .directory.factories import OfferFactory, ProviderFactory
from .factories import (
    AreaFactory,
    ImportRunFactory,
    IndicatorFactory,
    MunicipalityFactory,
    ObservationFactory,
    PlanFactory,
    SavedIndexFactory,
    UserFactory,
)
from .html import one, parse
from .html import text as text_of

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"

#: The columns of TABLE, in order.
COLUMNS = (
    "visitor",
    Role.ANALYST,
    Role.PROGRAMME_LEAD,
    Role.PROFESSIONAL,
    Role.PROVIDER,
    Role.MATCHING_COORDINATOR,
    Role.NETWORK_COORDINATOR,
    Role.ADMINISTRATOR,
    Role.NATIONAL,
    "platform_admin",
)

# Statuses that recur, by who may use the page.
EVERYONE = "200 200 200 200 200 200 200 200 200 200"
AREA_PAGES = "302 200 200 403 403 403 403 200 200 200"  # analysts, leads, administrators, national
AREA_IMPORTS = "302 200 403 403 403 403 403 200 403 200"
OFFICIAL_FIGURES = "302 200 200 403 403 403 403 200 403 200"  # CBS tables: programme leads too
SAVE_INDEX = "302 302 403 403 403 403 403 302 403 302"
PLAN_WRITERS = "302 403 200 403 403 403 403 200 403 403"  # a platform admin has no municipality
DRAFT = "404 200 200 404 404 404 404 200 404 200"  # another municipality's staff: not there
DRAFT_LOGIN = "302 200 200 404 404 404 404 200 404 200"
DRAFT_EDIT = "302 404 200 404 404 404 404 200 404 200"
DRAFT_PUBLISH = "302 404 302 404 404 404 404 302 404 302"
OFFER_KEEPERS = "302 403 200 403 200 403 403 200 403 403"
OFFER_KEEPERS_POST = "302 403 302 403 302 403 403 302 403 403"
MUNICIPAL_OFFERS = "302 403 200 403 403 403 403 200 403 403"
DIRECTORY_ADMIN = "302 403 403 403 403 403 403 200 403 403"
ADMIN_SITE = "302 403 403 403 403 403 403 200 403 200"
PLATFORM_ONLY = "302 403 403 403 403 403 403 403 403 200"


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable[[dict[str, Any]], str]
    expected: str
    method: str = "get"
    data: dict[str, Any] | None = None
    note: str = ""


def _plan_url(view: str, plan: str, *extra: str) -> Callable[[dict[str, Any]], str]:
    return lambda w: reverse(
        f"plans:{view}", args=[w[plan].municipality.slug, w[plan].slug, *extra]
    )


def _monitoring_url(view: str, plan: str, *extra: Any) -> Callable[[dict[str, Any]], str]:
    """A monitoring page of a plan; an ``extra`` that names an object of the world is its id."""

    def url(w: dict[str, Any]) -> str:
        ids = [
            getattr(w[e], "uuid", None) or w[e].pk if isinstance(e, str) and e in w else e
            for e in extra
        ]
        return reverse(f"monitoring:{view}", args=[w[plan].municipality.slug, w[plan].slug, *ids])

    return url


SUPPORT_COORDINATOR = "302 403 403 403 403 200 403 403 403 403"
SUPPORT_COORDINATOR_POST = "302 403 403 403 403 302 403 403 403 403"
SUPPORT_PROVIDER = "302 403 403 403 200 403 403 403 403 403"
SUPPORT_PROVIDER_POST = "302 403 403 403 302 403 403 403 403 403"


def _support_url(view: str, *objects: str) -> Callable[[dict[str, Any]], str]:
    """A support page; an object of the world by its key (a request by its reference)."""

    def url(w: dict[str, Any]) -> str:
        args = [w[o].reference if o.endswith("request") else w[o].pk for o in objects]
        return reverse(f"support:{view}", args=args)

    return url


PRACTICE_KEEPERS = "302 403 200 403 403 403 403 200 403 200"
PRACTICE_KEEPERS_POST = "302 403 302 403 403 403 403 302 403 302"
NATIONAL_VIEW = "302 403 403 403 403 403 403 403 200 200"
YOUTH_PANEL = "302 200 200 403 403 403 403 200 403 200"
YOUTH_PANEL_POST = "302 302 302 403 403 403 403 302 403 302"
YOUTH_RESULTS = "404 200 200 404 404 404 404 200 404 200"


def _youth_url(view: str, *objects: Any) -> Callable[[dict[str, Any]], str]:
    """A youth panel page; an object of the world by its key (a wave and a questionnaire by
    their uuid, a class by its code)."""

    def url(w: dict[str, Any]) -> str:
        args = []
        for o in objects:
            found = w.get(o) if isinstance(o, str) else None
            if found is None:
                args.append(o)
            else:
                args.append(getattr(found, "code", None) or found.uuid)
        return reverse(f"youthpanel:{view}", args=args)

    return url


LIVE_POLLS = "302 403 200 403 403 403 200 200 403 200"
LIVE_POLLS_POST = "302 403 302 403 403 403 302 302 403 302"


def _live_url(view: str, *objects: Any) -> Callable[[dict[str, Any]], str]:
    """A live poll page; an object of the world by its key (a poll by its uuid, or its code
    for a participant's page; a question, answer or action by its id)."""

    def url(w: dict[str, Any]) -> str:
        args = []
        for o in objects:
            found = w.get(o) if isinstance(o, str) else None
            if found is None:
                args.append(o)
            elif o.endswith("code"):
                args.append(found.code)
            else:
                args.append(getattr(found, "uuid", None) or found.pk)
        return reverse(f"livepoll:{view}", args=args)

    return url


def _api(path: str) -> Callable[[dict[str, Any]], str]:
    return lambda w: "/api/" + path.format(**w)


TABLE: tuple[Row, ...] = (
    # public pages
    Row("home", lambda w: "/", EVERYONE),
    Row("login", lambda w: "/inloggen/", EVERYONE),
    Row("logout", lambda w: "/uitloggen/", "302 " * 10, "post"),
    Row("set_language", lambda w: "/taal/", "302 " * 10, "post", {"language": "nl"}),
    Row("regulations:index", lambda w: "/regelingen/", "302 " * 10),
    Row("regulations:check", lambda w: "/regelingen/check/", EVERYONE),
    Row("regulations:check_pdf", lambda w: "/regelingen/check/pdf/", EVERYONE, "post", {}),
    Row("directory:search", lambda w: "/aanbod/", EVERYONE),
    Row("directory:offer", lambda w: f"/aanbod/{w['offer'].slug}/", EVERYONE),
    Row("directory:areas", lambda w: "/aanbod/kaart/buurten.geojson", EVERYONE),
    Row("plans:list", lambda w: "/plannen/", EVERYONE),
    # area pages: published figures for the national network, own ones for staff
    Row("areas:index", lambda w: "/gebieden/", AREA_PAGES),
    Row("areas:map_data", lambda w: "/gebieden/kaart.geojson", AREA_PAGES),
    Row(
        "areas:export",
        lambda w: f"/gebieden/export/ranking.csv?layer=indicator:{w['public'].pk}&level=buurt",
        AREA_PAGES,
    ),
    Row("areas:indicators", lambda w: "/gebieden/indicatoren/", AREA_PAGES),
    Row("areas:peers", lambda w: "/gebieden/vergelijken/", AREA_PAGES),
    Row("areas:profile", lambda w: "/gebieden/2024/BU99990101/", AREA_PAGES),
    Row("deprivation:builder", lambda w: "/gebieden/index/", AREA_PAGES),
    Row("deprivation:allocation", lambda w: "/gebieden/verdelen/", AREA_PAGES),
    Row("areas:import", lambda w: "/gebieden/importeren/", AREA_IMPORTS),
    Row("monitoring:cbs_import", lambda w: "/plannen/cbs-importeren/", OFFICIAL_FIGURES),
    Row("areas:import_detail", lambda w: f"/gebieden/importeren/{w['run'].pk}/", AREA_IMPORTS),
    Row(
        "deprivation:save",
        lambda w: "/gebieden/index/opslaan/",
        SAVE_INDEX,
        "post",
        {"name": "Nieuw", "definition": default_mdi().to_json()},
    ),
    # plans
    Row("plans:create", lambda w: "/plannen/nieuw/", PLAN_WRITERS),
    Row("plans:import", lambda w: "/plannen/importeren/", PLAN_WRITERS),
    Row("plans:detail", _plan_url("detail", "draft"), DRAFT, note="a draft"),
    Row("plans:detail", _plan_url("detail", "published"), EVERYONE, note="published"),
    Row(
        "plans:detail",
        _plan_url("detail", "elders_draft"),
        "404 404 404 404 404 404 404 404 404 200",
        note="another municipality's draft",
    ),
    Row("plans:edit", _plan_url("edit", "draft"), DRAFT_EDIT),
    Row("plans:history", _plan_url("history", "draft"), DRAFT_LOGIN),
    Row("plans:download", _plan_url("download", "draft", "json"), DRAFT),
    Row("plans:publish", _plan_url("publish", "draft"), DRAFT_PUBLISH, "post", {}),
    # the monitoring of a plan (its permissions: those of the plan)
    Row("monitoring:dashboard", _monitoring_url("dashboard", "draft"), DRAFT, note="a draft"),
    Row(
        "monitoring:dashboard",
        _monitoring_url("dashboard", "published"),
        EVERYONE,
        note="published, the dashboard made public",
    ),
    Row(
        "monitoring:dashboard",
        _monitoring_url("dashboard", "elders_draft"),
        "404 404 404 404 404 404 404 404 404 200",
        note="another municipality's draft",
    ),
    Row("monitoring:goal_new", _monitoring_url("goal_new", "draft"), DRAFT_EDIT),
    Row("monitoring:goal_edit", _monitoring_url("goal_edit", "draft", "goal"), DRAFT_EDIT),
    Row(
        "monitoring:goal_delete",
        _monitoring_url("goal_delete", "draft", "goal"),
        DRAFT_PUBLISH,
        "post",
        {},
    ),
    Row("monitoring:indicator_new", _monitoring_url("indicator_new", "draft", "goal"), DRAFT_EDIT),
    Row(
        "monitoring:indicator_edit",
        _monitoring_url("indicator_edit", "draft", "indicator"),
        DRAFT_EDIT,
    ),
    Row(
        "monitoring:indicator_delete",
        _monitoring_url("indicator_delete", "draft", "indicator"),
        DRAFT_PUBLISH,
        "post",
        {},
    ),
    Row(
        "monitoring:measurement_new",
        _monitoring_url("measurement_new", "draft", "indicator"),
        DRAFT_EDIT,
    ),
    Row(
        "monitoring:measurement_edit",
        _monitoring_url("measurement_edit", "draft", "indicator", "measurement"),
        DRAFT_EDIT,
    ),
    Row(
        "monitoring:measurement_delete",
        _monitoring_url("measurement_delete", "draft", "indicator", "measurement"),
        DRAFT_PUBLISH,
        "post",
        {},
    ),
    Row("monitoring:evaluations", _monitoring_url("evaluations", "draft"), DRAFT_LOGIN),
    Row("monitoring:session", _monitoring_url("session", "draft", "session"), DRAFT_LOGIN),
    Row("monitoring:session_edit", _monitoring_url("session_edit", "draft", "session"), DRAFT_EDIT),
    Row(
        "monitoring:action_done",
        _monitoring_url("action_done", "draft", "action"),
        DRAFT_PUBLISH,
        "post",
        {"done": "1"},
    ),
    Row("monitoring:publish", _monitoring_url("publish", "draft"), DRAFT_PUBLISH, "post", {}),
    Row("monitoring:report", _monitoring_url("report", "draft", 2025), DRAFT_EDIT),
    Row(
        "monitoring:report_download",
        _monitoring_url("report_download", "draft", 2025, "docx"),
        DRAFT,
    ),
    Row(
        "monitoring:report_download",
        _monitoring_url("report_download", "published", 2025, "docx"),
        EVERYONE,
        note="a report made public",
    ),
    Row(
        "monitoring:report_download",
        _monitoring_url("report_download", "published", 2026, "docx"),
        DRAFT,
        note="a report not made public",
    ),
    Row("monitoring:template", lambda w: "/plannen/rapportagesjabloon/", PLAN_WRITERS),
    # the back office of the directory
    Row("providers:index", lambda w: "/aanbieders/", OFFER_KEEPERS),
    Row("providers:offer_create", lambda w: "/aanbieders/aanbod/nieuw/", OFFER_KEEPERS),
    Row("providers:offer_edit", lambda w: f"/aanbieders/aanbod/{w['offer'].slug}/", OFFER_KEEPERS),
    Row(
        "providers:mark_checked",
        lambda w: f"/aanbieders/aanbod/{w['offer'].slug}/actueel/",
        OFFER_KEEPERS_POST,
        "post",
        {},
    ),
    Row(
        "providers:mark_all_checked",
        lambda w: "/aanbieders/aanbod/alles-actueel/",
        OFFER_KEEPERS_POST,
        "post",
        {},
    ),
    Row("providers:export", lambda w: "/aanbieders/gemeente/export.csv", MUNICIPAL_OFFERS),
    Row(
        "providers:flagged", lambda w: "/aanbieders/gemeente/niet-gecontroleerd/", MUNICIPAL_OFFERS
    ),
    Row("providers:settings", lambda w: "/aanbieders/gemeente/instellingen/", DIRECTORY_ADMIN),
    Row("providers:import", lambda w: "/aanbieders/gemeente/import/", DIRECTORY_ADMIN),
    # administration
    Row("admin:index", lambda w: "/beheer/", ADMIN_SITE),
    Row("norms:index", lambda w: "/normen/", PLATFORM_ONLY),
    # support requests and matching (a platform administrator has no municipality: the pages
    # that work in one say so with 403, as plans and the providers' back office do)
    Row("support:requests", lambda w: "/hulpvragen/", "302 403 403 200 403 403 403 403 403 403"),
    Row("support:new", lambda w: "/hulpvragen/nieuw/", "302 403 403 200 403 403 403 403 403 403"),
    Row(
        "support:detail",
        _support_url("detail", "request"),
        "302 404 404 200 200 200 404 404 404 200",
        note="a request with a match the coordinator accepted",
    ),
    Row(
        "support:withdraw",
        _support_url("withdraw", "request"),
        "302 404 404 302 404 302 404 404 404 302",
        "post",
        {},
    ),
    Row(
        "support:detail",
        _support_url("detail", "elders_request"),
        "302 404 404 404 404 404 404 404 404 200",
        note="another municipality's request",
    ),
    Row("support:coordination", _support_url("coordination"), SUPPORT_COORDINATOR),
    Row("support:run", _support_url("run"), SUPPORT_COORDINATOR_POST, "post", {}),
    Row(
        "support:match_accept",
        _support_url("match_accept", "match"),
        SUPPORT_COORDINATOR_POST,
        "post",
        {},
    ),
    Row("support:match_reject", _support_url("match_reject", "match"), SUPPORT_COORDINATOR),
    Row("support:match_change", _support_url("match_change", "match"), SUPPORT_COORDINATOR),
    Row(
        "support:match_accept",
        _support_url("match_accept", "elders_match"),
        "302 403 403 403 403 404 403 403 403 403",
        "post",
        {},
        note="another municipality's proposal",
    ),
    Row("support:provider", _support_url("provider"), SUPPORT_PROVIDER),
    Row(
        "support:match_confirm",
        _support_url("match_confirm", "match"),
        SUPPORT_PROVIDER_POST,
        "post",
        {},
    ),
    Row("support:match_decline", _support_url("match_decline", "match"), SUPPORT_PROVIDER),
    Row("support:match_end", _support_url("match_end", "match"), SUPPORT_PROVIDER),
    Row(
        "support:volunteer_new",
        _support_url("volunteer_new"),
        SUPPORT_PROVIDER,
    ),
    Row("support:volunteer_edit", _support_url("volunteer_edit", "volunteer"), SUPPORT_PROVIDER),
    Row("support:places", _support_url("places", "offer"), SUPPORT_PROVIDER),
    Row("support:signals", _support_url("signals"), "302 200 200 403 403 200 403 200 403 403"),
    Row("support:notices", _support_url("notices"), "302 200 200 200 200 200 200 200 200 200"),
    Row("support:public_form", lambda w: "/hulpvragen/aanvragen/demostad/", EVERYONE),
    Row(
        "support:public_form",
        lambda w: "/hulpvragen/aanvragen/elders/",
        "404 " * 10,
        note="a municipality without the public form",
    ),
    Row(
        "support:public_withdraw",
        lambda w: f"/hulpvragen/intrekken/{w['request'].reference}/wrong/",
        EVERYONE,
        note="the question; withdrawing needs the right link",
    ),
    # the youth panel: the municipality's staff run it; pupils need no account
    Row("youthpanel:index", _youth_url("index"), YOUTH_PANEL),
    Row(
        "youthpanel:questionnaire_new",
        _youth_url("questionnaire_new"),
        "302 200 200 403 403 403 403 200 403 404",
        "post",
        {},
        note="a platform admin has no municipality to make it in",
    ),
    Row("youthpanel:questionnaire", _youth_url("questionnaire", "questionnaire"), YOUTH_PANEL),
    Row("youthpanel:settings", _youth_url("settings", "questionnaire"), YOUTH_PANEL),
    Row(
        "youthpanel:indicator_link",
        _youth_url("indicator_link", "questionnaire"),
        YOUTH_PANEL,
        note="an analyst sees no indicator to pick (linking needs plan editing too)",
    ),
    Row("youthpanel:question_new", _youth_url("question_new", "questionnaire"), YOUTH_PANEL),
    Row(
        "youthpanel:question_edit",
        _youth_url("question_edit", "questionnaire", "veilig"),
        YOUTH_PANEL,
    ),
    Row(
        "youthpanel:section_remove",
        _youth_url("section_remove", "questionnaire", "school"),
        YOUTH_PANEL,
        note="the confirmation; the removal is a POST to the same page",
    ),
    Row(
        "youthpanel:question_action",
        _youth_url("question_action", "questionnaire", "veilig"),
        YOUTH_PANEL_POST,
        "post",
        {},
    ),
    Row("youthpanel:json", _youth_url("json", "questionnaire"), YOUTH_PANEL),
    Row(
        "youthpanel:save_version",
        _youth_url("save_version", "questionnaire"),
        YOUTH_PANEL_POST,
        "post",
        {},
    ),
    Row("youthpanel:preview", _youth_url("preview", "questionnaire"), YOUTH_PANEL),
    Row("youthpanel:wave_new", _youth_url("wave_new", "questionnaire"), YOUTH_PANEL),
    Row("youthpanel:wave", _youth_url("wave", "wave"), YOUTH_PANEL),
    Row("youthpanel:wave_update", _youth_url("wave_update", "wave"), YOUTH_PANEL_POST, "post", {}),
    Row("youthpanel:class_new", _youth_url("class_new", "wave"), YOUTH_PANEL_POST, "post", {}),
    Row(
        "youthpanel:class_update",
        _youth_url("class_update", "wave", "class_code"),
        YOUTH_PANEL_POST,
        "post",
        {},
    ),
    Row("youthpanel:sheet", _youth_url("sheet", "wave"), YOUTH_PANEL),
    Row(
        "youthpanel:results",
        _youth_url("results", "wave"),
        YOUTH_RESULTS,
        note="results of an unpublished wave: not there for others",
    ),
    Row("youthpanel:download", _youth_url("download", "wave", "csv"), YOUTH_RESULTS),
    Row("youthpanel:pupil_start", _youth_url("pupil_start"), EVERYONE),
    Row("youthpanel:pupil", _youth_url("pupil", "class_code"), EVERYONE),
    Row(
        "youthpanel:pupil_step",
        _youth_url("pupil_step", "class_code", 1),
        "302 " * 10,
        note="without a started form: back to the start",
    ),
    Row("youthpanel:pupil_send", _youth_url("pupil_send", "class_code"), "302 " * 10),
    # live polls: programme leads and administrators present; participants need no account
    Row("livepoll:index", _live_url("index"), LIVE_POLLS),
    Row(
        "livepoll:poll_new",
        _live_url("poll_new"),
        "302 403 400 403 403 403 400 400 403 404",
        "post",
        {},
        note="an empty form; a platform admin has no municipality to make it in",
    ),
    Row("livepoll:poll", _live_url("poll", "live_poll"), LIVE_POLLS),
    Row(
        "livepoll:poll",
        _live_url("poll", "elders_live_poll"),
        "302 403 404 403 403 403 404 404 403 200",
        note="another municipality's poll: not there",
    ),
    Row("livepoll:question_new", _live_url("question_new", "live_poll"), LIVE_POLLS),
    Row(
        "livepoll:question_edit",
        _live_url("question_edit", "live_poll", "live_question"),
        LIVE_POLLS,
    ),
    Row(
        "livepoll:question_action",
        _live_url("question_action", "live_poll", "live_question"),
        LIVE_POLLS_POST,
        "post",
        {"action": "down"},
    ),
    Row(
        "livepoll:control",
        _live_url("control", "live_poll"),
        LIVE_POLLS_POST,
        "post",
        {"action": "next"},
    ),
    Row("livepoll:screen", _live_url("screen", "live_poll"), LIVE_POLLS),
    Row("livepoll:screen_state", _live_url("screen_state", "live_poll"), LIVE_POLLS),
    Row(
        "livepoll:screen_state",
        _live_url("screen_state", "elders_live_poll"),
        "302 403 404 403 403 403 404 404 403 200",
        note="another municipality's answers: not there",
    ),
    Row(
        "livepoll:remove_answer",
        _live_url("remove_answer", "live_poll", "live_answer"),
        LIVE_POLLS_POST,
        "post",
        {},
    ),
    Row(
        "livepoll:remove_answer",
        _live_url("remove_answer", "elders_live_poll", "live_answer"),
        "302 403 404 403 403 403 404 404 403 404",
        "post",
        {},
        note="an answer of another poll",
    ),
    Row(
        "livepoll:action_new",
        _live_url("action_new", "live_poll"),
        "302 403 400 403 403 403 400 400 403 400",
        "post",
        {},
        note="an empty form",
    ),
    Row(
        "livepoll:action_delete",
        _live_url("action_delete", "live_poll", "live_action"),
        LIVE_POLLS_POST,
        "post",
        {},
    ),
    Row(
        "livepoll:export_actions", _live_url("export_actions", "live_poll"), LIVE_POLLS_POST, "post"
    ),
    Row("livepoll:download", _live_url("download", "live_poll", "xlsx"), LIVE_POLLS),
    Row("livepoll:record", _live_url("record", "live_poll"), LIVE_POLLS, note="the preview"),
    Row(
        "livepoll:record",
        _live_url("record", "live_poll"),
        "302 403 404 403 403 403 404 404 403 404",
        "post",
        {},
        note="no plan of the poll's chosen",
    ),
    Row(
        "livepoll:record",
        _live_url("record", "elders_live_poll"),
        "302 403 404 403 403 403 404 404 403 200",
        note="another municipality's poll",
    ),
    Row("livepoll:sessions", _live_url("sessions"), LIVE_POLLS),
    Row(
        "livepoll:session_new",
        _live_url("session_new"),
        "302 403 200 403 403 403 200 200 403 404",
        note="a platform admin has no municipality to make it in",
    ),
    Row("livepoll:session", _live_url("session", "live_session"), LIVE_POLLS),
    Row(
        "livepoll:session",
        _live_url("session", "elders_live_session"),
        "302 403 404 403 403 403 404 404 403 200",
        note="another municipality's session: not there",
    ),
    Row("livepoll:session_edit", _live_url("session_edit", "live_session"), LIVE_POLLS),
    Row(
        "livepoll:session_edit",
        _live_url("session_edit", "elders_live_session"),
        "302 403 404 403 403 403 404 404 403 400",
        "post",
        {},
        note="another municipality's session; a platform admin's empty form",
    ),
    Row("livepoll:join", _live_url("join"), EVERYONE),
    Row("livepoll:participate", _live_url("participate", "live_poll_code"), EVERYONE),
    Row("livepoll:participant_state", _live_url("participant_state", "live_poll_code"), EVERYONE),
    # the practice register: public when published; drafts and writing for the own keepers
    Row("practices:index", lambda w: "/praktijken/", EVERYONE),
    Row(
        "practices:compare", lambda w: f"/praktijken/vergelijken/?p={w['practice'].uuid}", EVERYONE
    ),
    Row("practices:detail", lambda w: "/praktijken/demostad/voorlezen/", EVERYONE),
    Row(
        "practices:detail",
        lambda w: "/praktijken/demostad/huiswerk/",
        "404 404 200 404 404 404 404 200 404 200",
        note="a draft: not there for others",
    ),
    Row("practices:mine", lambda w: "/praktijken/eigen/", PRACTICE_KEEPERS),
    Row(
        "practices:create",
        lambda w: "/praktijken/nieuw/",
        "302 403 200 403 403 403 403 200 403 404",
        note="a platform admin has no municipality to write for",
    ),
    Row("practices:edit", lambda w: "/praktijken/demostad/voorlezen/wijzigen/", PRACTICE_KEEPERS),
    Row(
        "practices:edit",
        lambda w: "/praktijken/elders/sport/wijzigen/",
        "302 403 404 403 403 403 403 404 403 200",
        note="another municipality's draft",
    ),
    Row(
        "practices:publish",
        lambda w: "/praktijken/demostad/huiswerk/publiceren/",
        PRACTICE_KEEPERS_POST,
        "post",
    ),
    Row(
        "practices:withdraw",
        lambda w: "/praktijken/demostad/voorlezen/intrekken/",
        PRACTICE_KEEPERS_POST,
        "post",
    ),
    Row("practices:national", lambda w: "/praktijken/landelijk/", NATIONAL_VIEW),
    Row("practices:download", lambda w: "/praktijken/open-data/praktijken.json", EVERYONE),
    Row(
        "practices:national_export", lambda w: "/praktijken/landelijk/overzicht.xlsx", NATIONAL_VIEW
    ),
    # the API: published for everyone, a municipality's own for its staff
    Row("api:api-root", _api(""), "404 " * 10),
    Row("api:openapi-json", _api("openapi.json"), EVERYONE),
    Row("api:openapi-view", _api("docs"), EVERYONE),
    Row("api:list_areas", _api("areas/?municipality=GM9999"), EVERYONE),
    Row("api:get_area", _api("areas/2024/BU99990101"), EVERYONE),
    Row("api:area_observations", _api("areas/2024/BU99990101/observations"), EVERYONE),
    Row("api:list_indicators", _api("areas/indicators"), EVERYONE),
    Row(
        "api:indicator_observations",
        lambda w: f"/api/areas/indicators/{w['secret'].pk}/observations",
        "404 200 200 404 404 404 404 200 404 200",
        note="an unpublished figure",
    ),
    Row(
        "api:indicator_observations",
        lambda w: f"/api/areas/indicators/{w['public'].pk}/observations",
        EVERYONE,
        note="a published figure",
    ),
    Row("api:list_plans", _api("plans/"), EVERYONE),
    Row("api:get_plan", lambda w: f"/api/plans/demostad/{w['draft'].slug}", DRAFT),
    Row("api:get_plan", lambda w: f"/api/plans/demostad/{w['published'].slug}", EVERYONE),
    Row("api:offers_search", _api("offers/GM9999/offers"), EVERYONE),
    Row("api:offers_detail", lambda w: f"/api/offers/GM9999/offers/{w['offer'].slug}", EVERYONE),
    Row("api:offers_regulations", _api("offers/GM9999/regulations"), EVERYONE),
    Row("api:list_practices", _api("practices/"), EVERYONE),
    Row("api:get_practice", _api("practices/demostad/voorlezen"), EVERYONE),
    Row("api:get_practice", _api("practices/demostad/huiswerk"), "404 " * 10, note="a draft"),
)


def all_url_names() -> set[str]:
    """Every named URL pattern, as ``namespace:name``, from the URL resolver."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(p for p in (namespace, pattern.namespace or "") if p)
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def _practices_world(demostad: Any, elders: Any) -> dict[str, Any]:
    """A published record and a draft of Demostad, and a draft of Elders."""
    from .practices.factories import PracticeFactory

    return {
        "practice": PracticeFactory(municipality=demostad, slug="voorlezen", published=True),
        "practice_draft": PracticeFactory(municipality=demostad, slug="huiswerk"),
        "elders_practice": PracticeFactory(municipality=elders, slug="sport"),
    }


def _new_plan(municipality: Any, user: Any, title: str) -> Any:
    return PlanFactory(municipality=municipality, created_by=user, title=title)


@pytest.fixture
def world() -> dict[str, Any]:
    demostad = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    elders = MunicipalityFactory(code="GM9998", name="Elders", slug="elders")
    users: dict[str, Any] = {"visitor": None}
    for role in COLUMNS[1:-1]:
        users[role] = UserFactory(
            username=f"u-{role}",
            municipality=None if role == Role.NATIONAL else demostad,
            role=role,
            is_staff=role == Role.ADMINISTRATOR,
        )
    users["platform_admin"] = UserFactory(
        username="platform", municipality=None, role="", is_staff=True, is_superuser=True
    )
    municipality_area = AreaFactory(code="GM9999", name="Demostad")
    area = AreaFactory(code="BU99990101", name="Centrum", parent=municipality_area)
    secret = IndicatorFactory(municipality=demostad, code="wachtlijst", name="Wachtlijst Demostad")
    public = IndicatorFactory(
        municipality=demostad, code="inwoners", name="Inwoners Demostad", is_public=True
    )
    ObservationFactory(indicator=secret, area=area, value=41.0)
    ObservationFactory(indicator=public, area=area, value=1200.0)
    run = ImportRunFactory(
        municipality=demostad,
        kind=ImportKind.VALUES,
        filename="demostad.csv",
        status=ImportStatus.SUCCEEDED,
    )
    saved = SavedIndexFactory(municipality=demostad, name="Eigen index Demostad", version=1)
    provider = ProviderFactory(municipality=demostad, slug="bieb", name="Bibliotheek")
    provider.members.add(users[Role.PROVIDER])
    offer = OfferFactory(provider=provider, slug="huiswerk", last_checked=timezone.localdate())
    lead = users[Role.PROGRAMME_LEAD]
    draft = _new_plan(demostad, lead, "Concept Demostad")
    published = _new_plan(demostad, lead, "Gepubliceerd Demostad")
    published.status = PlanStatus.PUBLISHED
    published.published_at = timezone.now()
    published.save()
    elders_lead = UserFactory(username="elders-lead", municipality=elders, role=Role.PROGRAMME_LEAD)
    monitoring = _monitoring_world(draft, published)
    support = _support_world(demostad, elders, users, provider, offer)
    return {
        **monitoring,
        **support,
        **_youth_panel_world(demostad),
        **_practices_world(demostad, elders),
        **_live_poll_world(demostad, elders),
        "users": users,
        "demostad": demostad,
        "secret": secret,
        "public": public,
        "run": run,
        "saved": saved,
        "offer": offer,
        "draft": draft,
        "published": published,
        "elders_draft": _new_plan(elders, elders_lead, "Concept Elders"),
    }


def _support_world(
    demostad: Any, elders: Any, users: dict[str, Any], provider: Any, offer: Any
) -> dict[str, Any]:
    """A request of the professional with a match the coordinator accepted (to the provider's
    volunteer), and a proposal in Elders; Demostad's public form is open."""
    from datetime import date

    from kansen.web.directory.models import PostcodeArea
    from kansen.web.support import services
    from kansen.web.support.models import Volunteer

    PostcodeArea.objects.create(code="3511", x=150000.0, y=450000.0)
    services.matching_settings(demostad).__class__.objects.filter(municipality=demostad).update(
        public_form=True
    )
    data = {
        "age": 9, "pc4": "3511", "needs": ["taal"], "languages": ["nl"], "slots": ["wo-middag"],
        "urgency": 1, "consent_by": "parent", "consent_on": date(2026, 11, 1),
        "consent_for": "delen",
    }  # fmt: skip
    found: dict[str, Any] = {}
    elders_coordinator = UserFactory(
        username="elders-coordinator", municipality=elders, role=Role.MATCHING_COORDINATOR
    )
    for key, place, professional, coordinator, keeper in (
        ("", demostad, users[Role.PROFESSIONAL], users[Role.MATCHING_COORDINATOR], provider),
        (
            "elders_",
            elders,
            UserFactory(username="elders-prof", municipality=elders, role=Role.PROFESSIONAL),
            elders_coordinator,
            ProviderFactory(municipality=elders, slug="elders-maatjes", name="Maatjes Elders"),
        ),
    ):
        volunteer = Volunteer.objects.create(
            municipality=place, provider=keeper, name="Anna", support_types=["taal"],
            languages=["nl"], slots=["wo-middag"], pc4="3511", max_km=5, max_children=2,
        )  # fmt: skip
        request = services.file_request(
            place, data, professional=professional, on=date(2026, 11, 1)
        )
        services.run_matching(place, by=coordinator, on=date(2026, 12, 1))
        match = request.matches.get()
        if not key:
            services.accept_match(match, by=coordinator)
        found.update({f"{key}request": request, f"{key}match": match, f"{key}volunteer": volunteer})
    return found


def _youth_panel_world(demostad: Any) -> dict[str, Any]:
    """Demostad's demo questionnaire as a version, a wave open from 2020 to 2099, one class."""
    from datetime import date

    from kansen.surveys import demo_questionnaire_document
    from kansen.web.youthpanel import services

    questionnaire = services.create_questionnaire(
        demostad, "jeugdpanel", "Jeugdpanel", date.today()
    )
    services.save_draft(questionnaire, demo_questionnaire_document())
    services.save_version(questionnaire, date.today())
    wave = services.open_wave(questionnaire, "2026", date(2020, 1, 1), date(2099, 12, 31))
    class_code = services.add_class(wave, {"school_level": "vmbo", "pupils": 25})
    return {"questionnaire": questionnaire, "wave": wave, "class_code": class_code}


def _live_poll_world(demostad: Any, elders: Any) -> dict[str, Any]:
    """A live poll of Demostad on its open question, with an answer and an action, held at
    Demostad's knowledge session; a poll and a knowledge session of Elders."""
    from datetime import date

    from kansen.web.livepoll import services

    poll = services.create_poll(demostad, "Netwerkbijeenkomst", date(2026, 3, 12))
    question = services.save_question(poll, {"kind": "open", "text_nl": "Wat betekent het?"})
    services.save_question(poll, {"kind": "scale", "text_nl": "Hoe goed?", "points": 5})
    services.start(poll)
    answer = services.answer_open(question, "Elk kind doet mee")
    action = services.add_action(poll, description="Doen", owner="Team", due=date(2026, 6, 1))
    elders_poll = services.create_poll(elders, "Netwerk Elders", date(2026, 3, 12))
    fields = {"held_on": date(2026, 3, 12), "place": "Stadhuis"}
    session = services.save_session(demostad, {"title": "Kennissessie", **fields})
    services.update_poll(poll, {"session": session})
    elders_session = services.save_session(elders, {"title": "Kennissessie Elders", **fields})
    return {
        "live_session": session,
        "elders_live_session": elders_session,
        "live_poll": poll,
        "live_poll_code": poll,
        "live_question": question,
        "live_answer": answer,
        "live_action": action,
        "elders_live_poll": elders_poll,
    }


def _monitoring_world(draft: Any, published: Any) -> dict[str, Any]:
    """A goal with an indicator and a measurement, and a session with an action, in the draft
    plan; the published plan's dashboard and its report of 2025 made public."""
    from datetime import date
    from decimal import Decimal

    from kansen.web.monitoring import services

    goal = services.create_goal(draft, title="Meer bereik")
    indicator = services.create_indicator(
        goal, {"name": "Bereik", "direction": "higher", "source_kind": "manual"}
    )
    measurement = services.add_measurement(
        indicator, year=2025, value=Decimal(12), source="Telling"
    )
    session = services.record_session(draft, date=date(2025, 10, 1), title="Sessie")
    action = services.add_action(session, description="Doen", owner="Team", due=date(2026, 1, 1))
    services.publish_dashboard(published, True)
    services.save_year_report(published, 2025, next_year="", is_public=True)
    return {
        "goal": goal,
        "indicator": indicator,
        "measurement": measurement,
        "session": session,
        "action": action,
    }


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_url_has_a_row():
    """A new page or endpoint without a row in TABLE fails here (the admin: test_admin_scoping)."""
    names = {n for n in all_url_names() if not n.startswith("admin:")} | {"admin:index"}
    assert names - {row.name for row in TABLE} == set()


def test_the_table_has_a_status_for_every_column():
    for row in TABLE:
        assert len(row.expected.split()) == len(COLUMNS), row.name


@pytest.mark.parametrize("column", range(len(COLUMNS)), ids=[str(c) for c in COLUMNS])
def test_role_by_page_status(world, column):
    role = COLUMNS[column]
    user = world["users"][role]
    wrong = []
    for row in TABLE:
        if row.name not in all_url_names():
            continue  # a page another part of the platform has not added yet
        expected = int(row.expected.split()[column])
        url = row.url(world)
        # Each request on its own: what one changes (a save, a publish) is rolled back.
        with transaction.atomic():
            client = _client(user)
            send = client.post if row.method == "post" else client.get
            response = send(url, row.data or {})
            transaction.set_rollback(True)
        if response.status_code != expected:
            wrong.append(
                f"{row.method.upper()} {url} ({row.note or row.name}): "
                f"{response.status_code}, expected {expected}"
            )
        if expected == 302 and user is None and "200" in row.expected:
            assert response["Location"].startswith("/inloggen/"), url  # the way to log in
    assert wrong == []


# --- what the issue found, one by one ---------------------------------------------------------


def test_a_provider_at_the_administration_gets_no_access_not_a_login_form(world):
    response = _client(world["users"][Role.PROVIDER]).get("/beheer/", follow=True)
    assert response.status_code == 403
    assert parse(response).xpath("//input[@name='password']") == []
    assert str(permissions.refusal(permissions.Action.USE_ADMIN)) in response.text
    # nor through the admin's own login page
    assert _client(world["users"][Role.PROVIDER]).get("/beheer/login/").status_code == 403


def test_a_visitor_at_the_administration_logs_in_on_the_sites_login_page(world):
    response = Client().get("/beheer/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/beheer/"
    response = Client().get("/beheer/login/?next=/beheer/accounts/user/")
    assert response["Location"] == "/inloggen/?next=/beheer/accounts/user/"


@pytest.mark.parametrize(
    "role", [Role.PROVIDER, Role.PROFESSIONAL, Role.MATCHING_COORDINATOR, Role.NATIONAL]
)
def test_roles_without_the_right_never_read_unpublished_figures(world, role):
    client = _client(world["users"][role])
    codes = {i["code"] for i in client.get("/api/areas/indicators").json()}
    assert codes == {"inwoners"}
    observations = client.get("/api/areas/2024/BU99990101/observations").json()
    assert {o["indicator_code"] for o in observations} == {"inwoners"}


def test_the_national_network_does_not_use_the_portals_saved_indices(world):
    """Issue 14 item 4: no listing, no use as layer or base, no saving into Demostad."""
    client = _client(world["users"][Role.NATIONAL])
    saved = world["saved"]
    for url in ("/gebieden/", "/gebieden/index/", "/gebieden/verdelen/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Eigen index Demostad" not in response.text, url
    layer = client.get(f"/gebieden/kaart.geojson?layer=index:{saved.pk}&level=buurt").json()
    assert layer.get("layer", {}).get("key") != f"index:{saved.pk}"
    response = client.get(f"/gebieden/export/ranking.csv?layer=index:{saved.pk}&level=buurt")
    assert saved.name.encode() not in response.content
    response = client.post(
        "/gebieden/index/opslaan/", {"name": "Ingebroken", "definition": default_mdi().to_json()}
    )
    assert response.status_code == 403
    assert list(SavedIndex.objects.values_list("name", flat=True)) == ["Eigen index Demostad"]


def test_the_analyst_uses_and_saves_its_own_indices(world):
    client = _client(world["users"][Role.ANALYST])
    assert "Eigen index Demostad" in client.get("/gebieden/index/").text
    response = client.post(
        "/gebieden/index/opslaan/", {"name": "Tweede", "definition": default_mdi().to_json()}
    )
    assert response.status_code == 302
    assert SavedIndex.objects.filter(municipality=world["demostad"], name="Tweede").exists()


def test_the_save_form_is_offered_only_to_who_may_save(world):
    for role, may in [(Role.ANALYST, True), (Role.PROGRAMME_LEAD, False), (Role.NATIONAL, False)]:
        response = _client(world["users"][role]).get("/gebieden/index/")
        assert response.context["can_save"] is may, role


# --- where each role lands after logging in ----------------------------------------------------

LANDINGS = {
    Role.ANALYST: "/gebieden/",
    Role.PROGRAMME_LEAD: "/plannen/",
    Role.PROFESSIONAL: "/hulpvragen/",
    Role.PROVIDER: "/hulpvragen/aanbieder/",
    Role.MATCHING_COORDINATOR: "/hulpvragen/coordinatie/",
    Role.NETWORK_COORDINATOR: "/peilingen/",
    Role.ADMINISTRATOR: "/beheer/accounts/user/",
    Role.NATIONAL: "/plannen/",
    "platform_admin": "/beheer/",
}


@pytest.mark.parametrize("role", list(LANDINGS), ids=str)
def test_each_role_lands_where_its_work_is(world, role):
    user = world["users"][role]
    response = Client().post("/inloggen/", {"username": user.username, "password": _password()})
    assert response.status_code == 302
    assert response["Location"] == LANDINGS[role]
    assert _client(user).get(LANDINGS[role]).status_code == 200


def test_a_safe_next_is_honoured_and_an_unsafe_one_is_not(world):
    user = world["users"][Role.PROVIDER]
    credentials = {"username": user.username, "password": _password()}
    response = Client().post("/inloggen/", {**credentials, "next": "/aanbod/?q=taal"})
    assert response["Location"] == "/aanbod/?q=taal"
    response = Client().post("/inloggen/", {**credentials, "next": "https://evil.example/"})
    assert response["Location"] == "/hulpvragen/aanbieder/"


def _password() -> str:
    from .factories import PASSWORD

    return PASSWORD


# --- the documentation shows the same table ----------------------------------------------------


def test_docs_show_the_role_matrix_of_the_module():
    text = DOCS.read_text(encoding="utf-8")
    assert permissions.matrix_markdown() in text
    assert permissions.admin_markdown() in text


def test_every_action_and_role_is_in_the_matrix():
    assert set(permissions.MATRIX) == {permissions.ANONYMOUS, permissions.PLATFORM_ADMIN} | set(
        Role
    )
    assert set(permissions.DOC_ACTIONS) == set(permissions.Action)
    assert set(permissions.LANDING_PAGES) == set(permissions.MATRIX)
    assert permissions.MATRIX[Role.NATIONAL] == {
        permissions.Action.READ_PUBLIC: permissions.ALL,
        permissions.Action.VIEW_AREAS: permissions.ALL,
        permissions.Action.READ_NATIONAL_VIEW: permissions.ALL,
    }, "the national network reads what is published and writes nowhere"


@pytest.mark.parametrize(
    ("role", "action", "own", "expected"),
    [
        # (role, action, in the user's own municipality?, may)
        (Role.ANALYST, "read_unpublished_figures", True, True),
        (Role.ANALYST, "read_unpublished_figures", False, False),  # another municipality's
        (Role.PROVIDER, "read_unpublished_figures", True, False),
        (Role.PROVIDER, "use_saved_indices", True, False),
        (Role.PROVIDER, "keep_own_offers", True, True),
        (Role.NATIONAL, "view_areas", False, True),  # published figures everywhere
        (Role.NATIONAL, "save_index", False, False),
        (Role.NATIONAL, "use_saved_indices", False, False),
        (Role.ADMINISTRATOR, "use_admin", True, True),
        (Role.ADMINISTRATOR, "manage_users", False, False),
        (Role.PROGRAMME_LEAD, "edit_plans", True, True),
        (Role.PROGRAMME_LEAD, "save_index", True, False),
        (Role.PROFESSIONAL, "view_areas", True, False),
    ],
)
def test_can(world, role, action, own, expected):
    user = world["users"][role]
    municipality = world["demostad"] if own else world["draft"].municipality.pk + 1000
    assert permissions.can(user, action, municipality) is expected


def test_the_administration_is_called_beheer_in_dutch(world):
    response = _client(world["users"][Role.ADMINISTRATOR]).get(
        "/beheer/", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    assert text_of(one(parse(response), "//title")) == "Beheer | Beheer"
    assert "Django" not in response.text.replace("django", "")


@pytest.mark.parametrize("stored", ["platform_admin", "anonymous", "superuser", ""])
def test_a_role_outside_the_roles_gives_nothing(world, stored):
    user = UserFactory(username=f"odd-{stored}", municipality=world["demostad"], role=stored)
    assert permissions.matrix_role(user) == permissions.ANONYMOUS
    assert not permissions.can(user, permissions.Action.USE_ADMIN, world["demostad"])
    assert permissions.can(user, permissions.Action.READ_PUBLIC)
