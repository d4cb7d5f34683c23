"""Who may do what: the role matrix of the platform, as one table.

Views, the API and the admin all ask :func:`can` (or :func:`require`); nothing else looks at a
user's role to decide access. ``docs/security.md`` shows the same table (:func:`matrix_markdown`;
a test keeps the two equal).

Each role has a set of actions, each with a reach:

- ``OWN``: only for the user's own municipality (its drafts, unpublished figures, saved indices,
  offers, users). A user without a municipality never has an ``OWN`` action, and the municipality
  whose portal is shown never counts as the user's own: rights follow membership, not the page.
- ``ALL``: in every municipality, for what is published there (the national network reads
  published figures and plans everywhere and writes nowhere).

Anonymous visitors read what is public (the directory, the check, published plans and published
figures through the API). The platform administrator (superuser) may do everything everywhere.

The admin (``/beheer/``) has its own small table, :data:`ADMIN_MODELS`: which models a municipal
administrator manages there, and how; every model not in it is for the platform administrator
only, so a new admin page is closed until someone decides otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .constants import Role


class Action(enum.StrEnum):
    """Something a user does on the platform; the value is the name templates use."""

    #: The directory of offers, the eligibility check, published plans, published figures.
    READ_PUBLIC = "read_public"
    #: The area pages behind the login: map, profiles, indicators, peers, index builder,
    #: allocation and their downloads, with the figures the user may read.
    VIEW_AREAS = "view_areas"
    #: Unpublished figures (indicators) of the municipality.
    READ_UNPUBLISHED_FIGURES = "read_unpublished_figures"
    #: Importing area data (boundaries, values, schools, kansenkaart tables) and the import log.
    IMPORT_AREA_DATA = "import_area_data"
    #: Loading an official CBS open-data table into the municipality's area figures
    #: (``/plannen/cbs-importeren/``), for monitoring a plan's goals.
    IMPORT_OFFICIAL_FIGURES = "import_official_figures"
    #: The municipality's saved indices: as a map layer, a base in the builder, a need.
    USE_SAVED_INDICES = "use_saved_indices"
    #: Saving an index definition (a new saved index or version).
    SAVE_INDEX = "save_index"
    #: Draft plans and the history of plans.
    READ_DRAFT_PLANS = "read_draft_plans"
    #: Creating, importing, editing, publishing and withdrawing plans.
    EDIT_PLANS = "edit_plans"
    #: The back office for the offers of the providers the user is a member of.
    KEEP_OWN_OFFERS = "keep_own_offers"
    #: The back office for every provider's offers, the export and the list of offers to chase.
    KEEP_ALL_OFFERS = "keep_all_offers"
    #: The directory's settings (review period) and the import of offers.
    MANAGE_DIRECTORY = "manage_directory"
    #: The administration (``/beheer/``), limited to the municipality's own objects.
    USE_ADMIN = "use_admin"
    #: The users of the municipality (in the administration).
    MANAGE_USERS = "manage_users"
    #: The social-minimum norms the eligibility check uses (``/normen/``): national data.
    KEEP_NORMS = "keep_norms"
    #: Filing support requests for children and following them up (``/hulpvragen/``).
    FILE_REQUESTS = "file_requests"
    #: Running the matching, handling its proposals and the waiting list.
    COORDINATE_MATCHING = "coordinate_matching"
    #: Keeping volunteers and offer places, confirming or declining proposed matches.
    ANSWER_PROPOSALS = "answer_proposals"
    #: The shortage signals of the matching: waiting demand, unused supply, time to match.
    READ_SHORTAGE = "read_shortage"
    #: The youth panel: questionnaires, waves and class codes, and the results (``/jeugdpanel/``).
    RUN_YOUTH_PANEL = "run_youth_panel"
    #: Live polls at network meetings: preparing, presenting, results, actions (``/peilingen/``).
    RUN_LIVE_POLLS = "run_live_polls"
    #: Writing, publishing and withdrawing the municipality's practice records (``/praktijken/``).
    KEEP_PRACTICES = "keep_practices"
    #: The national view of every published agenda, plan and practice, and its Excel export.
    READ_NATIONAL_VIEW = "read_national_view"


class Reach(enum.StrEnum):
    OWN = "own"
    ALL = "all"


OWN, ALL = Reach.OWN, Reach.ALL

#: Roles in the matrix besides the roles of :class:`Role`: visitors, and superusers.
ANONYMOUS = "anonymous"
PLATFORM_ADMIN = "platform_admin"

#: THE role matrix: per role, the actions it may take and where.
MATRIX: Mapping[str, Mapping[Action, Reach]] = {
    ANONYMOUS: {Action.READ_PUBLIC: ALL},
    Role.ANALYST: {
        Action.READ_PUBLIC: ALL,
        Action.VIEW_AREAS: ALL,
        Action.READ_UNPUBLISHED_FIGURES: OWN,
        Action.IMPORT_AREA_DATA: OWN,
        Action.IMPORT_OFFICIAL_FIGURES: OWN,
        Action.USE_SAVED_INDICES: OWN,
        Action.SAVE_INDEX: OWN,
        Action.READ_DRAFT_PLANS: OWN,
        Action.READ_SHORTAGE: OWN,
        Action.RUN_YOUTH_PANEL: OWN,
    },
    Role.PROGRAMME_LEAD: {
        Action.READ_PUBLIC: ALL,
        Action.RUN_LIVE_POLLS: OWN,
        Action.VIEW_AREAS: ALL,
        Action.READ_UNPUBLISHED_FIGURES: OWN,
        # the programme lead "reports progress" (docs/domain.md, Users): official figures for
        # the plan's indicators, not the area import (boundaries, own files), which is analysis
        Action.IMPORT_OFFICIAL_FIGURES: OWN,
        Action.USE_SAVED_INDICES: OWN,
        Action.READ_DRAFT_PLANS: OWN,
        Action.EDIT_PLANS: OWN,
        Action.KEEP_ALL_OFFERS: OWN,
        Action.READ_SHORTAGE: OWN,
        Action.RUN_YOUTH_PANEL: OWN,
        Action.KEEP_PRACTICES: OWN,
    },
    Role.PROFESSIONAL: {Action.READ_PUBLIC: ALL, Action.FILE_REQUESTS: OWN},
    Role.PROVIDER: {
        Action.READ_PUBLIC: ALL,
        Action.KEEP_OWN_OFFERS: OWN,
        Action.ANSWER_PROPOSALS: OWN,
    },
    Role.MATCHING_COORDINATOR: {
        Action.READ_PUBLIC: ALL,
        Action.COORDINATE_MATCHING: OWN,
        Action.READ_SHORTAGE: OWN,
    },
    # The network's meetings only: no plans (a poll's record goes into a plan by someone who
    # writes plans; the coordinator hands over the PDF or Excel), no figures, no offers.
    Role.NETWORK_COORDINATOR: {
        Action.READ_PUBLIC: ALL,
        Action.RUN_LIVE_POLLS: OWN,
    },
    Role.ADMINISTRATOR: {
        Action.READ_PUBLIC: ALL,
        Action.RUN_LIVE_POLLS: OWN,
        Action.VIEW_AREAS: ALL,
        Action.READ_UNPUBLISHED_FIGURES: OWN,
        Action.IMPORT_AREA_DATA: OWN,
        Action.IMPORT_OFFICIAL_FIGURES: OWN,
        Action.USE_SAVED_INDICES: OWN,
        Action.SAVE_INDEX: OWN,
        Action.READ_DRAFT_PLANS: OWN,
        Action.EDIT_PLANS: OWN,
        Action.KEEP_ALL_OFFERS: OWN,
        Action.MANAGE_DIRECTORY: OWN,
        Action.USE_ADMIN: OWN,
        Action.MANAGE_USERS: OWN,
        Action.READ_SHORTAGE: OWN,
        Action.RUN_YOUTH_PANEL: OWN,
        Action.KEEP_PRACTICES: OWN,
    },
    Role.NATIONAL: {
        Action.READ_PUBLIC: ALL,
        Action.VIEW_AREAS: ALL,
        Action.READ_NATIONAL_VIEW: ALL,
    },
    PLATFORM_ADMIN: {action: ALL for action in Action},
}

#: Admin actions (Django's names) a municipal administrator may take on the objects of its own
#: municipality in ``/beheer/``, by model label. Models not listed: platform administrator only.
ADMIN_MODELS: Mapping[str, frozenset[str]] = {
    "accounts.user": frozenset({"view", "add", "change"}),
    "areas.area": frozenset({"view"}),
    "areas.indicator": frozenset({"view", "change", "delete"}),
    "areas.importrun": frozenset({"view"}),
    "deprivation.savedindex": frozenset({"view", "delete"}),
    "directory.provider": frozenset({"view", "add", "change", "delete"}),
    "regulations.regulation": frozenset({"view", "add", "change", "delete"}),
    "directory.offer": frozenset({"view"}),
    "directory.directorysettings": frozenset({"view"}),
    "support.matchingsettings": frozenset({"view", "change"}),
}

#: Admin pages that need an action of the matrix besides the administration itself.
_ADMIN_MODEL_ACTIONS: Mapping[str, Action] = {"accounts.user": Action.MANAGE_USERS}


def matrix_role(user: Any) -> str:
    """The row of :data:`MATRIX` that applies to ``user``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    if not getattr(user, "is_active", False):
        return ANONYMOUS
    if getattr(user, "is_superuser", False):
        return PLATFORM_ADMIN
    role = getattr(user, "role", "")
    # Only the roles of Role: a stored "platform_admin" is not a way to the superuser's row.
    return str(role) if role in Role.values else ANONYMOUS


def own_municipality_id(user: Any) -> int | None:
    """The municipality the user belongs to (never the portal's): None for visitors, the
    national network and platform administrators."""
    if matrix_role(user) == ANONYMOUS:
        return None
    municipality_id: int | None = getattr(user, "municipality_id", None)
    return municipality_id


def can(user: Any, action: Action | str, municipality: Any = None) -> bool:
    """Whether ``user`` may take ``action``, in ``municipality`` when the action is about one.

    An ``OWN`` action needs the user's own municipality: ``municipality`` if given, and without
    it the user must have one (for "may this user use the page at all").
    """
    row = MATRIX[matrix_role(user)]
    reach = row.get(Action(action))
    if reach is None:
        return False
    if reach == ALL:
        return True
    own = own_municipality_id(user)
    if own is None:
        return False
    if municipality is None:
        return True
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    return bool(own == municipality_id)


#: Why a user gets "no access", per action (shown on the 403 page).
_REFUSALS: Mapping[Action, Any] = {
    Action.VIEW_AREAS: _(
        "Area data is for the municipality's analysts, programme leads and "
        "administrators and the national network."
    ),
    Action.READ_UNPUBLISHED_FIGURES: _(
        "Unpublished figures are for the municipality's own "
        "analysts, programme leads and administrators."
    ),
    Action.IMPORT_AREA_DATA: _("Only analysts and administrators may import area data."),
    Action.IMPORT_OFFICIAL_FIGURES: _(
        "Only analysts, programme leads and administrators of a municipality load CBS figures."
    ),
    Action.USE_SAVED_INDICES: _(
        "Saved indices are for the municipality's own analysts, programme leads and administrators."
    ),
    Action.SAVE_INDEX: _("Only analysts and administrators of a municipality save indices."),
    Action.READ_DRAFT_PLANS: _("Draft plans are for the municipality's own staff."),
    Action.EDIT_PLANS: _("Only programme leads and administrators of a municipality write plans."),
    Action.KEEP_OWN_OFFERS: _("Only providers and staff of a municipality manage offers."),
    Action.KEEP_ALL_OFFERS: _("Only staff of the municipality see this page."),
    Action.MANAGE_DIRECTORY: _("Only the municipal administrator changes the directory."),
    Action.USE_ADMIN: _(
        "The administration is for municipal administrators and platform administrators."
    ),
    Action.MANAGE_USERS: _("Only the municipal administrator manages users."),
    Action.KEEP_NORMS: _("Only platform administrators keep the norms."),
    Action.FILE_REQUESTS: _("Only professionals of a municipality file support requests."),
    Action.COORDINATE_MATCHING: _("Only the municipality's matching coordinators see this page."),
    Action.ANSWER_PROPOSALS: _("Only providers of a municipality answer proposed matches."),
    Action.READ_SHORTAGE: _("The shortage signals are for the municipality's own staff."),
    Action.RUN_YOUTH_PANEL: _(
        "The youth panel is run by the municipality's analysts, programme leads and administrators."
    ),
    Action.RUN_LIVE_POLLS: _(
        "Live polls and knowledge sessions are run by the municipality's programme leads, "
        "network coordinators and administrators."
    ),
    Action.KEEP_PRACTICES: _(
        "Only programme leads and administrators of a municipality write practice records."
    ),
    Action.READ_NATIONAL_VIEW: _("The national view is for the national network."),
}


def refusal(action: Action | str) -> str:
    """The reason shown when ``action`` is refused, in the user's language."""
    return str(_REFUSALS.get(Action(action), _("You have no access to this page.")))


def require(user: Any, action: Action | str, municipality: Any = None) -> None:
    """Raise :class:`PermissionDenied` (a 403 page saying why) unless :func:`can`."""
    if not can(user, action, municipality):
        raise PermissionDenied(refusal(action))


Params = ParamSpec("Params")
Response = TypeVar("Response", bound=HttpResponseBase)


def requires(
    action: Action,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Params], Response]],
    Callable[Concatenate[HttpRequest, Params], Response | HttpResponseRedirect],
]:
    """A view for users who may take ``action`` (anywhere): visitors are sent to the login
    page, logged-in users without the right get a "no access" page (403) saying why."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, Params], Response],
    ) -> Callable[Concatenate[HttpRequest, Params], Response | HttpResponseRedirect]:
        @wraps(view)
        def guarded(
            request: HttpRequest, /, *args: Params.args, **kwargs: Params.kwargs
        ) -> Response | HttpResponseRedirect:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def can_admin(user: Any, model_label: str, admin_action: str) -> bool:
    """Whether ``user`` may take ``admin_action`` (view, add, change, delete) on the model's
    admin page at all; which objects is decided by the municipality (the admin's queryset)."""
    role = matrix_role(user)
    if role == PLATFORM_ADMIN:
        return True
    if not can(user, Action.USE_ADMIN):
        return False
    label = model_label.lower()
    if label in _ADMIN_MODEL_ACTIONS and not can(user, _ADMIN_MODEL_ACTIONS[label]):
        return False
    return admin_action in ADMIN_MODELS.get(label, frozenset())


class Allowed(Mapping[str, bool]):
    """What the user may do, for templates: ``{% if may.use_admin %}``."""

    def __init__(self, user: Any) -> None:
        self._user = user

    def __getitem__(self, name: str) -> bool:
        try:
            action = Action(name)
        except ValueError:
            raise KeyError(name) from None
        return can(self._user, action)

    def __iter__(self) -> Any:
        return iter(a.value for a in Action)

    def __len__(self) -> int:
        return len(Action)


#: Where each role's work is: the page a user lands on after logging in.
LANDING_PAGES: Mapping[str, str] = {
    Role.ANALYST: "areas:index",
    Role.PROGRAMME_LEAD: "plans:list",
    Role.PROFESSIONAL: "support:requests",
    Role.PROVIDER: "support:provider",
    Role.MATCHING_COORDINATOR: "support:coordination",
    Role.NETWORK_COORDINATOR: "livepoll:index",
    Role.ADMINISTRATOR: "admin:accounts_user_changelist",
    # Published plans of every municipality: the national network's overview.
    Role.NATIONAL: "plans:list",
    PLATFORM_ADMIN: "admin:index",
    ANONYMOUS: "home",
}


def landing_page(user: Any) -> str:
    """The URL where ``user``'s work is."""
    return reverse(LANDING_PAGES[matrix_role(user)])


# --- The table as documentation ---------------------------------------------------------------

#: Column headings of the matrix in docs/security.md, in order.
DOC_COLUMNS: tuple[tuple[str, str], ...] = (
    (ANONYMOUS, "visitor"),
    (Role.ANALYST, "analyst"),
    (Role.PROGRAMME_LEAD, "programme lead"),
    (Role.PROFESSIONAL, "professional"),
    (Role.PROVIDER, "provider"),
    (Role.MATCHING_COORDINATOR, "coordinator"),
    (Role.NETWORK_COORDINATOR, "network coordinator"),
    (Role.ADMINISTRATOR, "municipal admin"),
    (Role.NATIONAL, "national"),
    (PLATFORM_ADMIN, "platform admin"),
)

#: What each action covers, in the words of the documentation.
DOC_ACTIONS: Mapping[Action, str] = {
    Action.READ_PUBLIC: "directory, offers, eligibility check, published plans, published "
    "figures (API)",
    Action.VIEW_AREAS: "area pages: map, profiles, indicators, peers, index builder, "
    "allocation, downloads (`/gebieden/`)",
    Action.READ_UNPUBLISHED_FIGURES: "unpublished figures",
    Action.IMPORT_AREA_DATA: "import area data, import log",
    Action.IMPORT_OFFICIAL_FIGURES: "load a CBS open-data table into the area figures "
    "(`/plannen/cbs-importeren/`)",
    Action.USE_SAVED_INDICES: "saved indices (as layer, base, need)",
    Action.SAVE_INDEX: "save an index",
    Action.READ_DRAFT_PLANS: "draft plans, plan history",
    Action.EDIT_PLANS: "create, import, edit, publish plans",
    Action.KEEP_OWN_OFFERS: "back office: offers of its own providers (`/aanbieders/`)",
    Action.KEEP_ALL_OFFERS: "back office: every provider's offers, export, offers to chase",
    Action.MANAGE_DIRECTORY: "directory settings, import offers",
    Action.USE_ADMIN: "administration (`/beheer/`)",
    Action.MANAGE_USERS: "users of the municipality",
    Action.KEEP_NORMS: "social-minimum norms (`/normen/`)",
    Action.FILE_REQUESTS: "file and follow support requests (`/hulpvragen/`)",
    Action.COORDINATE_MATCHING: "run the matching, handle proposals, waiting list",
    Action.ANSWER_PROPOSALS: "keep volunteers and offer places, confirm or decline matches",
    Action.READ_SHORTAGE: "shortage signals of the matching",
    Action.RUN_YOUTH_PANEL: "youth panel: questionnaires, waves, class codes, results "
    "(`/jeugdpanel/`)",
    Action.RUN_LIVE_POLLS: "live polls at meetings: prepare, present, results, actions; "
    "knowledge sessions (`/peilingen/`)",
    Action.KEEP_PRACTICES: "write, publish and withdraw practice records (`/praktijken/eigen/`)",
    Action.READ_NATIONAL_VIEW: "national view of published agendas, plans and practices, "
    "its Excel export (`/praktijken/landelijk/`)",
}


def matrix_markdown() -> str:
    """The role matrix as the Markdown table of docs/security.md.

    "own": in the user's own municipality only; "all": everywhere (what is published there).
    """
    header = "| action | " + " | ".join(label for _, label in DOC_COLUMNS) + " |"
    rule = "|---|" + "---|" * len(DOC_COLUMNS)
    rows = [header, rule]
    for action in Action:
        cells = [MATRIX[role].get(action) for role, _ in DOC_COLUMNS]
        rows.append(
            f"| {DOC_ACTIONS[action]} | "
            + " | ".join(str(cell) if cell else "–" for cell in cells)
            + " |"
        )
    return "\n".join(rows)


def admin_markdown() -> str:
    """The models a municipal administrator manages in /beheer/, as a Markdown table."""
    rows = [
        "| model | what a municipal administrator may do (own municipality only) |",
        "|---|---|",
    ]
    order = ("view", "add", "change", "delete")
    for label, actions in sorted(ADMIN_MODELS.items()):
        rows.append(f"| `{label}` | {', '.join(a for a in order if a in actions)} |")
    return "\n".join(rows)
