"""The site map: every page of the platform, per role, with real ids from the Demostad demo.

Tests that visit "every page" (no outside request, reflow at small widths, axe, no English on
Dutch pages) take their list from here, so a page is added once and checked everywhere::

    from sitemap import ROLES, pages   # tests/ is on sys.path for every test (rootdir)
    load_demo()                    # kansen.web.core.demo: the ids below come from the demo data
    for role in ROLES:             # "anonymous" and every demo account (username)
        for url in pages(role):    # the pages that role sees (HTTP 200)
            ...

Every named URL pattern of the platform is either a page here (``ENTRIES``) or named in
``NOT_PAGES`` with the reason (a download, a form that only takes POST, JSON): a new pattern
without an entry fails ``test_every_url_pattern_is_in_the_site_map``. The Django admin is listed
by its index and the list page of every registered model.

No browser and no Django import at module level: importable from any test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

ANONYMOUS = "anonymous"
#: The demo accounts of kansen.web.core.demo.DEMO_ACCOUNTS, by username, and their role.
ACCOUNT_ROLES: dict[str, str] = {
    "analist": "analyst",
    "projectleider": "programme_lead",
    "professional": "professional",
    "aanbieder": "provider",
    "coordinator": "matching_coordinator",
    "netwerk": "network_coordinator",
    "beheerder": "administrator",
    "ministerie": "national",
    "admin": "superuser",
}
ROLES: tuple[str, ...] = (ANONYMOUS, *ACCOUNT_ROLES)
LOGGED_IN = frozenset(ACCOUNT_ROLES)
EVERYONE = frozenset(ROLES)
#: Roles of a municipality's staff (Demostad), by what they may do.
#: The area pages: analysts, programme leads, administrators and the national network
#: (``Action.VIEW_AREAS`` of kansen.web.accounts.permissions).
AREA_READERS = frozenset({"analist", "projectleider", "beheerder", "ministerie", "admin"})
AREA_DATA_EDITORS = frozenset({"analist", "beheerder", "admin"})
# CBS tables for monitoring: a programme lead loads them too (the role matrix)
OFFICIAL_FIGURE_LOADERS = frozenset({"analist", "projectleider", "beheerder", "admin"})
PLAN_EDITORS = frozenset({"projectleider", "beheerder", "admin"})
DRAFT_READERS = frozenset({"analist", "projectleider", "beheerder", "admin"})
OFFER_KEEPERS = frozenset({"aanbieder", "projectleider", "beheerder"})
MUNICIPAL_OFFER_STAFF = frozenset({"projectleider", "beheerder"})
DIRECTORY_ADMINS = frozenset({"beheerder"})
ADMIN_SITE_USERS = frozenset({"beheerder", "admin"})

#: Languages of the offers' texts besides Dutch that the directory pages can show (``?taal=``);
#: the browser tests check the right-to-left ones in particular.
RTL_CONTENT_LANGUAGES = ("ar",)


@dataclass(frozen=True)
class Entry:
    """One named URL pattern as pages: who sees them, and the URLs with demo ids."""

    name: str
    roles: frozenset[str]
    #: The URLs for a role (most pages are the same for every role that sees them).
    urls: Callable[[str], list[str]]
    #: Whether the page shows the offers' texts in another language with ``?taal=``.
    content_languages: bool = False
    note: str = ""


@dataclass(frozen=True)
class Page:
    url: str
    name: str
    content_languages: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _reverse(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _municipality() -> Any:
    from kansen.web.accounts.models import Municipality

    return Municipality.objects.get(code="GM9999")


def _area_profile(role: str) -> list[str]:
    from kansen.web.areas.models import Area

    newest = Area.objects.filter(municipality_code="GM9999").order_by("-year").first()
    assert newest is not None, "load the demo first (kansen.web.core.demo.load_demo)"
    urls = []
    for level in ("gemeente", "wijk", "buurt"):
        area = (
            Area.objects.filter(municipality_code="GM9999", year=newest.year, level=level)
            .order_by("code")
            .first()
        )
        if area is not None:
            urls.append(_reverse("areas:profile", area.year, area.code))
    return urls


def _import_detail(role: str) -> list[str]:
    from kansen.web.areas.models import ImportRun

    runs = ImportRun.objects.filter(municipality=_municipality())
    # one run of each kind: boundaries, values, opportunity, facilities
    kinds = dict(runs.order_by("-pk").values_list("kind", "pk"))
    return [_reverse("areas:import_detail", pk) for _, pk in sorted(kinds.items())]


def _offers(role: str) -> list[str]:
    """The offer with the longest title (reflow), one with an Arabic text, and a regulation."""
    from kansen.web.directory.models import Offer, OfferTranslation

    offers = list(Offer.objects.filter(municipality=_municipality()).order_by("slug"))
    assert offers, "load the demo first (kansen.web.core.demo.load_demo)"
    chosen = [max(offers, key=lambda o: (len(o.title), o.slug))]
    arabic = (
        OfferTranslation.objects.filter(offer__in=offers, language="ar")
        .order_by("offer__slug")
        .values_list("offer__slug", flat=True)
        .first()
    )
    slugs = [chosen[0].slug]
    if arabic and arabic not in slugs:
        slugs.append(arabic)
    regulation = next((o.slug for o in offers if getattr(o, "regulation_id", None)), None)
    if regulation and regulation not in slugs:
        slugs.append(regulation)
    return [_reverse("directory:offer", slug) for slug in slugs]


def _offer_edit(role: str) -> list[str]:
    from kansen.web.directory.models import Offer

    user_offer = (
        Offer.objects.filter(municipality=_municipality(), provider__members__username="aanbieder")
        .order_by("slug")
        .first()
    )
    assert user_offer is not None, "the demo provider keeps at least one offer"
    return [_reverse("providers:offer_edit", user_offer.slug)]


def _plans(view: str, published: bool | None = None) -> Callable[[str], list[str]]:
    def urls(role: str) -> list[str]:
        from kansen.web.plans.models import Plan

        plans = Plan.objects.filter(municipality=_municipality()).order_by("slug")
        if published is not None:
            plans = (
                plans.filter(status="published") if published else plans.exclude(status="published")
            )
        return [_reverse(f"plans:{view}", p.municipality.slug, p.slug) for p in plans]

    return urls


def _monitoring(view: str) -> Callable[[str], list[str]]:
    """The monitoring pages of the demo execution plan (goals, sessions from the demo)."""

    def urls(role: str) -> list[str]:
        from kansen.web.monitoring.demo import PLAN_SLUG
        from kansen.web.monitoring.models import EvaluationSession, Goal, Indicator, Measurement

        plan = ("demostad", PLAN_SLUG)
        goal = Goal.objects.filter(plan__slug=PLAN_SLUG).order_by("position", "pk").first()
        indicator = Indicator.objects.filter(goal=goal).order_by("position", "pk").first()
        session = EvaluationSession.objects.filter(plan__slug=PLAN_SLUG).order_by("date").first()
        assert goal is not None, "load the demo first (kansen.web.core.demo.load_demo)"
        assert indicator is not None
        assert session is not None
        measurement = Measurement.objects.filter(indicator=indicator).order_by("pk").first()
        assert measurement is not None
        extra: dict[str, tuple[Any, ...]] = {
            "goal_edit": (goal.uuid,),
            "indicator_new": (goal.uuid,),
            "indicator_edit": (indicator.uuid,),
            "measurement_new": (indicator.uuid,),
            "measurement_edit": (indicator.uuid, measurement.pk),
            "session": (session.uuid,),
            "session_edit": (session.uuid,),
            "report": (2025,),
        }
        return [_reverse(f"monitoring:{view}", *plan, *extra.get(view, ()))]

    return urls


def _one(name: str) -> Callable[[str], list[str]]:
    return lambda role: [_reverse(name)]


def _support(view: str) -> Callable[[str], list[str]]:
    """The support app's pages with demo objects: the professional's own request, a proposal
    for the coordinator, the provider's accepted and running matches, its volunteer and offer,
    and the withdraw link of a request filed through the public form."""

    def urls(role: str) -> list[str]:
        from kansen.web.support.models import Match, SupportRequest, Volunteer

        requests = SupportRequest.objects.filter(municipality=_municipality()).order_by("reference")
        own = Match.objects.filter(provider__members__username="aanbieder").order_by("pk")
        if view == "detail":
            if role == "professional":
                found = requests.filter(professional__username="professional").first()
            elif role == "aanbieder":
                match = own.filter(status="accepted").first()
                found = match.request if match else None
            else:
                found = requests.filter(matches__isnull=False).first()
            assert found is not None, "load the demo first (kansen.web.core.demo.load_demo)"
            return [_reverse("support:detail", found.reference)]
        if view in ("match_reject", "match_change"):
            match = Match.objects.filter(
                request__municipality=_municipality(), status="proposed"
            ).order_by("pk")[0]
            return [_reverse(f"support:{view}", match.pk)]
        if view in ("match_decline", "match_end"):
            state = "accepted" if view == "match_decline" else "running"
            return [_reverse(f"support:{view}", own.filter(status=state)[0].pk)]
        if view == "volunteer_edit":
            volunteer = Volunteer.objects.filter(provider__members__username="aanbieder")
            return [_reverse("support:volunteer_edit", volunteer.order_by("pk")[0].pk)]
        if view == "places":
            from kansen.web.directory.models import Offer

            offer = Offer.objects.filter(provider__members__username="aanbieder").order_by("pk")
            return [_reverse("support:places", offer[0].pk)]
        if view == "public_form":
            return [_reverse("support:public_form", "demostad")]
        if view == "public_withdraw":
            public = requests.filter(source="public").first()
            assert public is not None
            return [_reverse("support:public_withdraw", public.reference, public.withdraw_token)]
        return [_reverse(f"support:{view}")]

    return urls


YOUTH_PANEL = frozenset({"analist", "projectleider", "beheerder", "admin"})


def _youth(view: str) -> Callable[[str], list[str]]:
    """The youth panel's pages with the demo questionnaire, its open wave (2026) and a class."""

    def urls(role: str) -> list[str]:
        from kansen.web.youthpanel.models import Questionnaire, Wave

        questionnaire = Questionnaire.objects.get(
            municipality=_municipality(), identifier="jeugdpanel"
        )
        wave = Wave.objects.get(questionnaire=questionnaire, label="2026")
        code = wave.classes.order_by("code")[0].code
        found: dict[str, list[str]] = {
            "questionnaire": [_reverse("youthpanel:questionnaire", questionnaire.uuid)],
            "settings": [_reverse("youthpanel:settings", questionnaire.uuid)],
            "question_new": [_reverse("youthpanel:question_new", questionnaire.uuid)],
            "question_edit": [_reverse("youthpanel:question_edit", questionnaire.uuid, "veilig")],
            "section_remove": [_reverse("youthpanel:section_remove", questionnaire.uuid, "school")],
            "json": [_reverse("youthpanel:json", questionnaire.uuid)],
            "indicator_link": [_reverse("youthpanel:indicator_link", questionnaire.uuid)],
            "preview": [
                _reverse("youthpanel:preview", questionnaire.uuid),
                _reverse("youthpanel:preview", questionnaire.uuid) + "?taal=ar",
            ],
            "wave_new": [_reverse("youthpanel:wave_new", questionnaire.uuid)],
            "wave": [_reverse("youthpanel:wave", wave.uuid)],
            "sheet": [_reverse("youthpanel:sheet", wave.uuid)],
            "results": [_reverse("youthpanel:results", wave.uuid) + "?naar=school_level"],
            "pupil": [_reverse("youthpanel:pupil", code)],
        }
        return found[view]

    return urls


LIVE_POLLS = frozenset({"projectleider", "netwerk", "beheerder", "admin"})


def _live(view: str) -> Callable[[str], list[str]]:
    """The pages of the demo's live poll (a network meeting, live, on its first question)."""

    def urls(role: str) -> list[str]:
        from kansen.web.livepoll.models import Poll

        poll = Poll.objects.get(municipality=_municipality())
        first = poll.questions.order_by("position")[0]
        found: dict[str, list[str]] = {
            "poll": [_reverse("livepoll:poll", poll.uuid)],
            "question_new": [_reverse("livepoll:question_new", poll.uuid)],
            "question_edit": [_reverse("livepoll:question_edit", poll.uuid, first.pk)],
            "screen": [_reverse("livepoll:screen", poll.uuid)],
            # English (?taal=en) in tests/browser/test_livepoll.py: not a Dutch page
            "participate": [_reverse("livepoll:participate", poll.code)],
            # the agenda (published) and the execution plan: a form and the lists for each
            "record": [_reverse("livepoll:record", poll.uuid)],
        }
        if poll.session is not None:
            found["sessions"] = [_reverse("livepoll:sessions")]
            found["session_new"] = [_reverse("livepoll:session_new")]
            found["session"] = [_reverse("livepoll:session", poll.session.uuid)]
            found["session_edit"] = [_reverse("livepoll:session_edit", poll.session.uuid)]
        return found[view]

    return urls


PRACTICE_KEEPERS = frozenset({"projectleider", "beheerder"})
NATIONAL_VIEW = frozenset({"ministerie", "admin"})


def _practices(view: str) -> Callable[[str], list[str]]:
    """The practice register's pages with Demostad's demo records: a published one (from the
    agenda's intervention), the comparison of two, the draft, and a record from a plan."""

    def urls(role: str) -> list[str]:
        from kansen.web.practices.models import Practice

        records = Practice.objects.filter(municipality=_municipality()).order_by("slug")
        published = [p for p in records if p.status == "published"]
        draft = next(p for p in records if p.status == "draft")
        first = published[0]
        found: dict[str, list[str]] = {
            "index": [
                _reverse("practices:index"),
                _reverse("practices:index") + "?q=voorlezen",
                _reverse("practices:index") + "?q=xyzzy&kosten=low",  # no results
                _reverse("practices:index") + "?zoals=1",  # like one's own municipality
            ],
            "detail": [_reverse("practices:detail", "demostad", p.slug) for p in published],
            "draft": [_reverse("practices:detail", "demostad", draft.slug)],
            "compare": [
                _reverse("practices:compare") + "?" + "&".join(f"p={p.uuid}" for p in published[:3])
            ],
            "edit": [_reverse("practices:edit", "demostad", first.slug)],
            "create": [
                _reverse("practices:create"),
                _reverse("practices:create")
                + f"?plan={first.plan_id}&interventie={first.intervention_uuid}",
            ]
            if first.plan_id
            else [_reverse("practices:create")],
        }
        return found[view]

    return urls


def _admin_pages(role: str) -> list[str]:
    """The admin's index and the list of every model the role may view there."""
    from django.contrib import admin
    from django.urls import reverse

    from kansen.web.accounts.models import User

    user = User.objects.get(username=role)
    urls = [reverse("admin:index")]
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        meta = model._meta
        if user.has_perm(f"{meta.app_label}.view_{meta.model_name}") or user.has_perm(
            f"{meta.app_label}.change_{meta.model_name}"
        ):
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


ENTRIES: tuple[Entry, ...] = (
    Entry("home", EVERYONE, _one("home")),
    Entry("login", frozenset({ANONYMOUS}), _one("login")),
    Entry(
        "directory:search",
        EVERYONE,
        lambda role: [
            _reverse("directory:search"),
            _reverse("directory:search") + "?q=huiswerk",
            _reverse("directory:search") + "?q=xyzzy",  # no results
        ],
        content_languages=True,
    ),
    Entry("directory:offer", EVERYONE, _offers, content_languages=True),
    Entry("regulations:check", EVERYONE, _one("regulations:check")),
    Entry("areas:index", AREA_READERS, _one("areas:index")),
    Entry("areas:indicators", AREA_READERS, _one("areas:indicators")),
    Entry("areas:peers", AREA_READERS, _one("areas:peers")),
    Entry("areas:profile", AREA_READERS, _area_profile),
    Entry("areas:import", AREA_DATA_EDITORS, _one("areas:import")),
    Entry("areas:import_detail", AREA_DATA_EDITORS, _import_detail),
    Entry("deprivation:builder", AREA_READERS, _one("deprivation:builder")),
    Entry("deprivation:allocation", AREA_READERS, _one("deprivation:allocation")),
    Entry("plans:list", EVERYONE, _one("plans:list")),
    Entry("plans:create", PLAN_EDITORS - {"admin"}, _one("plans:create")),
    Entry("plans:import", PLAN_EDITORS - {"admin"}, _one("plans:import")),
    Entry("plans:detail", EVERYONE, _plans("detail", published=True)),
    Entry("plans:detail", DRAFT_READERS, _plans("detail", published=False), note="drafts"),
    Entry("plans:edit", PLAN_EDITORS, _plans("edit")),
    Entry("plans:history", DRAFT_READERS, _plans("history")),
    Entry("monitoring:dashboard", DRAFT_READERS, _monitoring("dashboard")),
    Entry("monitoring:goal_new", PLAN_EDITORS, _monitoring("goal_new")),
    Entry("monitoring:goal_edit", PLAN_EDITORS, _monitoring("goal_edit")),
    Entry("monitoring:indicator_new", PLAN_EDITORS, _monitoring("indicator_new")),
    Entry("monitoring:indicator_edit", PLAN_EDITORS, _monitoring("indicator_edit")),
    Entry("monitoring:measurement_new", PLAN_EDITORS, _monitoring("measurement_new")),
    Entry("monitoring:measurement_edit", PLAN_EDITORS, _monitoring("measurement_edit")),
    Entry("monitoring:cbs_import", OFFICIAL_FIGURE_LOADERS, _one("monitoring:cbs_import")),
    Entry("monitoring:evaluations", DRAFT_READERS, _monitoring("evaluations")),
    Entry("monitoring:session", DRAFT_READERS, _monitoring("session")),
    Entry("monitoring:session_edit", PLAN_EDITORS, _monitoring("session_edit")),
    Entry("monitoring:report", PLAN_EDITORS, _monitoring("report")),
    Entry("monitoring:template", PLAN_EDITORS - {"admin"}, _one("monitoring:template")),
    Entry("providers:index", OFFER_KEEPERS, _one("providers:index")),
    Entry("providers:offer_create", OFFER_KEEPERS, _one("providers:offer_create")),
    Entry("providers:offer_edit", OFFER_KEEPERS, _offer_edit),
    Entry("providers:settings", DIRECTORY_ADMINS, _one("providers:settings")),
    Entry("providers:import", DIRECTORY_ADMINS, _one("providers:import")),
    Entry("providers:flagged", MUNICIPAL_OFFER_STAFF, _one("providers:flagged")),
    Entry("norms:index", frozenset({"admin"}), _one("norms:index")),
    Entry("support:requests", frozenset({"professional", "admin"}), _support("requests")),
    Entry("support:new", frozenset({"professional"}), _support("new")),
    Entry(
        "support:detail",
        frozenset({"professional", "coordinator", "aanbieder", "admin"}),
        _support("detail"),
    ),
    Entry("support:coordination", frozenset({"coordinator"}), _support("coordination")),
    Entry("support:match_reject", frozenset({"coordinator"}), _support("match_reject")),
    Entry("support:match_change", frozenset({"coordinator"}), _support("match_change")),
    Entry("support:provider", frozenset({"aanbieder", "admin"}), _support("provider")),
    Entry("support:match_decline", frozenset({"aanbieder"}), _support("match_decline")),
    Entry("support:match_end", frozenset({"aanbieder"}), _support("match_end")),
    Entry("support:volunteer_new", frozenset({"aanbieder", "admin"}), _support("volunteer_new")),
    Entry("support:volunteer_edit", frozenset({"aanbieder"}), _support("volunteer_edit")),
    Entry("support:places", frozenset({"aanbieder"}), _support("places")),
    Entry(
        "support:signals",
        frozenset({"analist", "projectleider", "coordinator", "beheerder"}),
        _support("signals"),
    ),
    Entry("support:notices", LOGGED_IN, _support("notices")),
    Entry("support:public_form", EVERYONE, _support("public_form")),
    Entry("support:public_withdraw", EVERYONE, _support("public_withdraw")),
    Entry("api:openapi-view", EVERYONE, _one("api:openapi-view")),
    Entry("youthpanel:index", YOUTH_PANEL, _one("youthpanel:index")),
    Entry("youthpanel:questionnaire", YOUTH_PANEL, _youth("questionnaire")),
    Entry("youthpanel:settings", YOUTH_PANEL, _youth("settings")),
    Entry("youthpanel:question_new", YOUTH_PANEL, _youth("question_new")),
    Entry("youthpanel:question_edit", YOUTH_PANEL, _youth("question_edit")),
    Entry(
        "youthpanel:section_remove",
        YOUTH_PANEL,
        _youth("section_remove"),
        note="the confirmation (GET)",
    ),
    Entry("youthpanel:json", YOUTH_PANEL, _youth("json")),
    Entry("youthpanel:indicator_link", YOUTH_PANEL, _youth("indicator_link")),
    Entry("youthpanel:preview", YOUTH_PANEL, _youth("preview"), note="Dutch and Arabic"),
    Entry("youthpanel:wave_new", YOUTH_PANEL, _youth("wave_new")),
    Entry("youthpanel:wave", YOUTH_PANEL, _youth("wave")),
    Entry("youthpanel:sheet", YOUTH_PANEL, _youth("sheet")),
    Entry("youthpanel:results", YOUTH_PANEL, _youth("results"), note="by school level"),
    Entry("youthpanel:pupil_start", EVERYONE, _one("youthpanel:pupil_start")),
    Entry("youthpanel:pupil", EVERYONE, _youth("pupil"), content_languages=True),
    Entry("practices:index", EVERYONE, _practices("index")),
    Entry("practices:detail", EVERYONE, _practices("detail")),
    Entry("practices:detail", PRACTICE_KEEPERS | {"admin"}, _practices("draft"), note="a draft"),
    Entry("practices:compare", EVERYONE, _practices("compare")),
    Entry("practices:mine", PRACTICE_KEEPERS | {"admin"}, _one("practices:mine")),
    Entry("practices:create", PRACTICE_KEEPERS, _practices("create")),
    Entry("practices:edit", PRACTICE_KEEPERS | {"admin"}, _practices("edit")),
    Entry("practices:national", NATIONAL_VIEW, _one("practices:national")),
    Entry("livepoll:index", LIVE_POLLS, _one("livepoll:index")),
    Entry("livepoll:poll", LIVE_POLLS, _live("poll")),
    Entry("livepoll:question_new", LIVE_POLLS, _live("question_new")),
    Entry("livepoll:question_edit", LIVE_POLLS, _live("question_edit")),
    Entry("livepoll:screen", LIVE_POLLS, _live("screen"), note="the full-screen page"),
    Entry("livepoll:record", LIVE_POLLS, _live("record"), note="the preview of the record"),
    Entry("livepoll:sessions", LIVE_POLLS, _live("sessions")),
    # a platform administrator has no municipality to make a session in (404)
    Entry("livepoll:session_new", LIVE_POLLS - {"admin"}, _live("session_new")),
    Entry("livepoll:session", LIVE_POLLS, _live("session"), note="the demo poll's results"),
    Entry("livepoll:session_edit", LIVE_POLLS, _live("session_edit")),
    Entry("livepoll:join", EVERYONE, _one("livepoll:join")),
    Entry("livepoll:participate", EVERYONE, _live("participate")),
    Entry("admin:index", ADMIN_SITE_USERS, _admin_pages, note="and every model's list"),
)

#: Named URL patterns that are not pages, and why.
NOT_PAGES: dict[str, str] = {
    "logout": "POST only",
    "set_language": "POST only (the language switch in the header)",
    "regulations:index": "redirects to regulations:check",
    "regulations:check_pdf": "a PDF download of the check's answer (POST)",
    "directory:areas": "GeoJSON for the directory's map",
    "areas:map_data": "GeoJSON for the explorer's map",
    "areas:export": "downloads (CSV, Excel, PNG, SVG, GeoJSON)",
    "deprivation:save": "POST only",
    "plans:publish": "POST only",
    "plans:download": "downloads (PDF, Word, Excel, iCalendar, YAML)",
    "monitoring:publish": "POST only",
    "monitoring:goal_delete": "POST only",
    "monitoring:indicator_delete": "POST only",
    "monitoring:measurement_delete": "POST only",
    "monitoring:action_done": "POST only",
    "monitoring:report_download": "downloads (the yearly report in PDF and Word)",
    "providers:mark_checked": "POST only",
    "providers:mark_all_checked": "POST only",
    "providers:export": "downloads (CSV, Excel)",
    "support:run": "POST only",
    "support:match_accept": "POST only",
    "support:match_confirm": "POST only",
    "support:withdraw": "POST only",
    "api:openapi-json": "the OpenAPI document (JSON), shown by api:openapi-view",
    "youthpanel:questionnaire_new": "POST only (the form is on youthpanel:index)",
    "livepoll:poll_new": "POST only (the form is on livepoll:index)",
    "livepoll:question_action": "POST only",
    "livepoll:control": "POST only (the presenter's buttons)",
    "livepoll:remove_answer": "POST only",
    "livepoll:action_new": "POST only (the forms are on livepoll:poll)",
    "livepoll:action_delete": "POST only",
    "livepoll:export_actions": "POST only",
    "livepoll:download": "downloads (Excel, PDF)",
    "livepoll:screen_state": "JSON the screen asks for every second",
    "livepoll:participant_state": "JSON a participant's page asks for every second",
    "youthpanel:question_action": "POST only",
    "youthpanel:save_version": "POST only",
    "youthpanel:wave_update": "POST only",
    "youthpanel:class_new": "POST only",
    "youthpanel:class_update": "POST only",
    "youthpanel:download": "downloads (CSV, Excel, PDF)",
    "youthpanel:pupil_step": "a page of a started form (in the session); else to youthpanel:pupil",
    "youthpanel:pupil_send": "a page of a started form (in the session); else to youthpanel:pupil",
    "practices:publish": "POST only",
    "practices:withdraw": "POST only",
    "practices:national_export": "a download (Excel)",
    "practices:download": "open data downloads (JSON, CSV, Excel)",
}
#: URL namespaces that are JSON or listed through one entry (the admin through admin:index).
NOT_PAGE_NAMESPACES: dict[str, str] = {
    "api": "JSON endpoints of the public API (the documentation page is api:openapi-view)",
    "admin": "the Django admin: its index and every model's list page are in admin:index",
}


def entries(role: str) -> Iterator[Entry]:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    return (e for e in ENTRIES if role in e.roles)


def site_pages(role: str) -> list[Page]:
    """The pages ``role`` sees, with what each shows (needs the demo in the database)."""
    return [
        Page(url, entry.name, entry.content_languages)
        for entry in entries(role)
        for url in entry.urls(role)
    ]


def pages(role: str) -> list[str]:
    """The URLs (path and query) of every page ``role`` sees, in site-map order."""
    return [page.url for page in site_pages(role)]


def all_url_names() -> set[str]:
    """Every named URL pattern of the platform, as ``namespace:name``."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                walk(
                    pattern.url_patterns,
                    ":".join(p for p in (namespace, inner) if p),
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def unlisted_url_names() -> set[str]:
    """Named URL patterns that are neither a page here nor explained in NOT_PAGES."""
    listed = {e.name for e in ENTRIES} | set(NOT_PAGES)
    return {
        name
        for name in all_url_names()
        if name not in listed and name.split(":", 1)[0] not in NOT_PAGE_NAMESPACES
    }
