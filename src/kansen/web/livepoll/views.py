"""Pages of live polls: the presenter's (``/peilingen/``: prepare, present full-screen, results,
actions, exports, the record in a plan's knowledge sharing), the municipality's knowledge
sessions (``/peilingen/kennissessies/``) and the participant's (``/stem/``: join with the code,
answer; no account).

The presenter's screen and the participant's page each load one script served by the platform
(``livepoll/screen.js``, ``livepoll/participant.js``) that asks a small JSON endpoint (the
screen twice a second, a phone every two seconds); nothing is pushed, so it works on SQLite and
PostgreSQL and with several server processes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kansen.web.accounts.models import User
from kansen.web.accounts.permissions import Action, can, refusal, requires
from kansen.web.plans import services as plan_services
from kansen.web.plans.models import Plan, PlanStatus
from kansen.web.youthpanel.qr import data_uri

from . import export, results, selectors, services
from .constants import OPEN_ANSWERS_EACH, PollStatus, QuestionKind
from .forms import (
    ActionForm,
    AnswerForm,
    JoinForm,
    KnowledgeSessionForm,
    PollForm,
    QuestionForm,
    RecordForm,
    question_initial,
)
from .models import Answer, KnowledgeSession, Poll, PollAction, Question

#: The session key of a participant: the poll's code, the language, the questions answered.
SESSION = "livepoll"
LANGUAGES = (("nl", "Nederlands"), ("en", "English"))


def _lang() -> str:
    return "nl" if (translation.get_language() or "nl").startswith("nl") else "en"


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _form_errors(form: Any, error: ValidationError) -> None:
    """A service's refusal on the form: at its field where the form has one, else above it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def join_url(request: HttpRequest, poll: Poll) -> str:
    return request.build_absolute_uri(reverse("livepoll:participate", args=[poll.code]))


# --- The presenter: preparing ------------------------------------------------------------------


@requires(Action.RUN_LIVE_POLLS)
def index(request: HttpRequest) -> HttpResponse:
    municipality = getattr(request.user, "municipality", None)
    form = PollForm(municipality=municipality) if municipality else None
    return render(
        request, "livepoll/index.html", {"polls": selectors.polls(request.user), "form": form}
    )


@requires(Action.RUN_LIVE_POLLS)
@require_POST
def poll_new(request: HttpRequest) -> HttpResponse:
    municipality = getattr(request.user, "municipality", None)
    if municipality is None:
        raise Http404
    form = PollForm(request.POST, municipality=municipality)
    if form.is_valid():
        try:
            poll = services.create_poll(municipality, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("livepoll:poll", poll.uuid)
    return render(
        request,
        "livepoll/index.html",
        {"polls": selectors.polls(request.user), "form": form},
        status=400,
    )


def _poll_page(
    request: HttpRequest,
    poll: Poll,
    form: PollForm | None = None,
    action_form: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "livepoll/poll.html",
        {
            "poll": poll,
            "form": form or PollForm(instance=poll, municipality=poll.municipality),
            "results": results.poll_results(poll, _lang()),
            "actions": poll.actions.all(),
            "action_form": action_form or ActionForm(),
            "join_url": join_url(request, poll),
            "may_export": _may_export(request.user, poll),
            "export_refusal": refusal(Action.EDIT_PLANS),
        },
        status=status,
    )


def _may_export(user: Any, poll: Poll) -> bool:
    """Whether ``user`` may add the poll's actions to its learning evaluation: the evaluation is
    a plan's monitoring, written by who writes the plan (as on the evaluation's own page)."""
    return poll.evaluation is not None and can(
        user, Action.EDIT_PLANS, poll.evaluation.plan.municipality
    )


@requires(Action.RUN_LIVE_POLLS)
def poll(request: HttpRequest, key: Any) -> HttpResponse:
    found = selectors.poll_for(request.user, key)
    if request.method != "POST":
        return _poll_page(request, found)
    form = PollForm(request.POST, instance=found, municipality=found.municipality)
    if form.is_valid():
        try:
            services.update_poll(found, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The poll is saved."))
            return redirect("livepoll:poll", found.uuid)
    return _poll_page(request, selectors.poll_for(request.user, key), form=form, status=400)


@requires(Action.RUN_LIVE_POLLS)
def question_form(request: HttpRequest, key: Any, question: int | None = None) -> HttpResponse:
    found = selectors.poll_for(request.user, key)
    editing = get_object_or_404(Question, poll=found, pk=question) if question else None
    initial = question_initial(editing) if editing else {"points": 5}
    form = QuestionForm(request.POST or None, initial=initial, poll=found, exclude=editing)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(found, form.fields_for_service(), editing)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("livepoll:poll", found.uuid)
    return render(
        request,
        "livepoll/question_form.html",
        {"poll": found, "form": form, "question": editing},
        status=400 if form.errors else 200,
    )


@requires(Action.RUN_LIVE_POLLS)
@require_POST
def question_action(request: HttpRequest, key: Any, question: int) -> HttpResponse:
    found = selectors.poll_for(request.user, key)
    item = get_object_or_404(Question, poll=found, pk=question)
    action = request.POST.get("action")
    if action == "up":
        services.move_question(item, -1)
    elif action == "down":
        services.move_question(item, 1)
    elif action == "delete":
        services.delete_question(item)
        messages.success(request, _("The question is deleted."))
    else:
        return HttpResponse(status=400)
    return redirect("livepoll:poll", found.uuid)


# --- The presenter: during the meeting ---------------------------------------------------------


def _next(request: HttpRequest, poll: Poll) -> str:
    if request.POST.get("next") == "screen":
        return reverse("livepoll:screen", args=[poll.uuid])
    return reverse("livepoll:poll", args=[poll.uuid])


@requires(Action.RUN_LIVE_POLLS)
@require_POST
def control(request: HttpRequest, key: Any) -> HttpResponse:
    """The presenter's steps: start, next, previous, show a question, hide or show results,
    close or open voting, close or reopen the poll."""
    found = selectors.poll_for(request.user, key)
    action = request.POST.get("action", "")
    question = None
    if request.POST.get("question", "").isdigit():
        question = get_object_or_404(Question, poll=found, pk=int(request.POST["question"]))
    try:
        if action == "start":
            services.start(found)
        elif action == "next":
            services.step(found, 1)
        elif action == "previous":
            services.step(found, -1)
        elif action == "show" and question is not None:
            services.show(found, question)
        elif action == "close":
            services.close(found)
        elif action == "reopen":
            services.reopen(found)
        elif action in ("hide", "reveal") and question is not None:
            services.set_results_hidden(question, action == "hide")
        elif action in ("close_voting", "open_voting") and question is not None:
            services.set_voting_closed(question, action == "close_voting")
        else:
            return HttpResponse(status=400)
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    return redirect(_next(request, found))


@requires(Action.RUN_LIVE_POLLS)
def screen(request: HttpRequest, key: Any) -> HttpResponse:
    """The full-screen page for the room: join code, QR code, address, and the live results."""
    found = selectors.poll_for(request.user, key)
    url = join_url(request, found)
    return render(
        request,
        "livepoll/screen.html",
        {
            "poll": found,
            "join_url": url,
            "join_address": request.build_absolute_uri(reverse("livepoll:join")),
            "qr": data_uri(url),
            "state": results.screen_state(found, _lang()),
        },
    )


@requires(Action.RUN_LIVE_POLLS)
@never_cache
def screen_state(request: HttpRequest, key: Any) -> HttpResponse:
    """The screen's state; ``?revision=N`` that is still the poll's answers 204 (nothing new),
    so asking twice a second costs one small query."""
    found = selectors.poll_for(request.user, key)
    if request.GET.get("revision") == str(found.revision):
        return HttpResponse(status=204)
    return JsonResponse(results.screen_state(found, _lang()))


@requires(Action.RUN_LIVE_POLLS)
@require_POST
def remove_answer(request: HttpRequest, key: Any, answer: int) -> HttpResponse:
    found = selectors.poll_for(request.user, key)
    item = get_object_or_404(Answer, question__poll=found, pk=answer)
    services.remove_answer(item)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"removed": str(answer)})
    messages.success(request, _("The answer is removed."))
    return redirect(_next(request, found))


# --- The presenter: afterwards -----------------------------------------------------------------


@requires(Action.RUN_LIVE_POLLS)
@require_POST
def action_new(request: HttpRequest, key: Any) -> HttpResponse:
    found = selectors.poll_for(request.user, key)
    form = ActionForm(request.POST)
    if form.is_valid():
        services.add_action(found, **form.cleaned_data)
        messages.success(request, _("The action is added."))
        return redirect(reverse("livepoll:poll", args=[found.uuid]) + "#actions")
    return _poll_page(request, found, action_form=form, status=400)


@requires(Action.RUN_LIVE_POLLS)
@require_POST
def action_delete(request: HttpRequest, key: Any, action: int) -> HttpResponse:
    found = selectors.poll_for(request.user, key)
    services.delete_action(get_object_or_404(PollAction, poll=found, pk=action))
    return redirect(reverse("livepoll:poll", args=[found.uuid]) + "#actions")


@requires(Action.RUN_LIVE_POLLS)
@require_POST
def export_actions(request: HttpRequest, key: Any) -> HttpResponse:
    found = selectors.poll_for(request.user, key)
    if found.evaluation is not None and not _may_export(request.user, found):
        raise PermissionDenied(refusal(Action.EDIT_PLANS))
    try:
        count = services.export_actions(found)
    except ValidationError as error:
        for message in _messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Actions added to the learning evaluation: %(count)d.") % {"count": count}
        )
    return redirect(reverse("livepoll:poll", args=[found.uuid]) + "#actions")


@requires(Action.RUN_LIVE_POLLS)
def download(request: HttpRequest, key: Any, fmt: str) -> HttpResponse:
    found = selectors.poll_for(request.user, key)
    language = _lang()
    if fmt == "xlsx":
        response = HttpResponse(
            export.results_xlsx(found, language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        response = HttpResponse(export.results_pdf(found, language), content_type="application/pdf")
    else:
        raise Http404
    name = f"peiling-{found.meeting_on}-{found.code}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Afterwards: the record in a plan's knowledge sharing -------------------------------------


def _knowledge_lists(plan: Plan) -> list[tuple[str, list[str]]]:
    """The plan's knowledge-sharing lists a record may go to, with their lines now."""
    agreements = plan.document.get("agreements") or {}
    sharing = agreements.get("knowledge_sharing") or {}
    labels = dict(RecordForm.base_fields["kind"].choices)  # type: ignore[attr-defined]
    return [
        (str(labels[kind]), [str(line) for line in sharing.get(kind) or []])
        for kind in services.KNOWLEDGE_LISTS
    ]


def _record_form(poll: Poll, plan: Plan, data: Any = None) -> RecordForm:
    initial = {"plan": plan.pk, "kind": "local", "text": results.record_text(poll)}
    initial["version"] = plan.version
    return RecordForm(data, initial=initial, plans=[plan], auto_id=f"id_plan{plan.pk}_%s")


def _record_page(
    request: HttpRequest,
    poll: Poll,
    bound: RecordForm | None = None,
    bound_plan: Plan | None = None,
    status: int = 200,
) -> HttpResponse:
    """The preview: per linked plan the record to add and the lists as they are, or why the
    user cannot add it there."""
    targets = []
    for plan in services.record_plans(poll):
        plan.refresh_from_db()
        may = can(request.user, Action.EDIT_PLANS, plan.municipality)
        form = None
        if may:
            form = bound if bound_plan is not None and bound_plan.pk == plan.pk else None
            form = form or _record_form(poll, plan)
        targets.append(
            {
                "plan": plan,
                "form": form,
                "refusal": "" if may else refusal(Action.EDIT_PLANS),
                # the plan's text only for who writes it (a draft is not for everyone)
                "lists": _knowledge_lists(plan) if may else [],
            }
        )
    return render(
        request, "livepoll/record.html", {"poll": poll, "targets": targets}, status=status
    )


@requires(Action.RUN_LIVE_POLLS)
def record(request: HttpRequest, key: Any) -> HttpResponse:
    """Add the poll's record to a linked plan's knowledge sharing: a preview (GET), one click
    (POST). Only for a user who may edit the plan; written by the plans' own service."""
    found = selectors.poll_for(request.user, key)
    if request.method != "POST":
        return _record_page(request, found)
    plans = {str(p.pk): p for p in services.record_plans(found)}
    plan = plans.get(request.POST.get("plan", ""))
    if plan is None:  # another municipality's plan, or one the poll is not linked to
        raise Http404
    if not can(request.user, Action.EDIT_PLANS, plan.municipality):
        raise PermissionDenied(refusal(Action.EDIT_PLANS))
    form = _record_form(found, plan, request.POST)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            services.add_to_knowledge_sharing(
                found,
                plan,
                kind=kind,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                user=request.user if isinstance(request.user, User) else None,
            )
        except plan_services.StaleEdit as error:
            # The preview was of an older version: show the lists as they are now, to confirm.
            data = request.POST.copy()
            data["version"] = str(error.plan.version)
            form = _record_form(found, plan, data)
            form.is_valid()
            form.add_error(None, str(error))
            return _record_page(request, found, form, plan, status=409)
        except plan_services.PlanError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            label = dict(form.fields["kind"].choices)[kind]  # type: ignore[attr-defined]
            messages.success(
                request,
                _("The record is added to the %(list)s knowledge sharing of %(plan)s.")
                % {"list": label, "plan": plan.title},
            )
            return redirect("livepoll:poll", found.uuid)
    return _record_page(request, found, form, plan, status=400)


# --- Knowledge sessions --------------------------------------------------------------------


@requires(Action.RUN_LIVE_POLLS)
def sessions(request: HttpRequest) -> HttpResponse:
    """The municipality's knowledge sessions, upcoming (soonest first) and past."""
    today = timezone.localdate()
    found = list(selectors.sessions(request.user))
    return render(
        request,
        "livepoll/sessions.html",
        {
            "upcoming": sorted(
                (s for s in found if s.held_on >= today), key=lambda s: (s.held_on, s.title)
            ),
            "past": [s for s in found if s.held_on < today],
            "can_create": getattr(request.user, "municipality", None) is not None,
        },
    )


def _session_form_page(
    request: HttpRequest,
    municipality: Any,
    session: KnowledgeSession | None,
) -> HttpResponse:
    form = KnowledgeSessionForm(
        request.POST if request.method == "POST" else None,
        instance=session,
        municipality=municipality,
    )
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in services.SESSION_FIELDS}
            saved = services.save_session(municipality, fields, session)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The knowledge session is saved."))
            return redirect("livepoll:session", saved.uuid)
    return render(
        request,
        "livepoll/session_form.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@requires(Action.RUN_LIVE_POLLS)
def session_new(request: HttpRequest) -> HttpResponse:
    municipality = getattr(request.user, "municipality", None)
    if municipality is None:  # a platform administrator: no municipality to make it in
        raise Http404
    return _session_form_page(request, municipality, None)


@requires(Action.RUN_LIVE_POLLS)
def session_edit(request: HttpRequest, key: Any) -> HttpResponse:
    found = selectors.session_for(request.user, key)
    return _session_form_page(request, found.municipality, found)


@requires(Action.RUN_LIVE_POLLS)
def session(request: HttpRequest, key: Any) -> HttpResponse:
    """A knowledge session: where and when, and the polls held there with their results in a
    line each."""
    found = selectors.session_for(request.user, key)
    polls = selectors.polls(request.user).filter(session=found).order_by("meeting_on", "title")
    return render(
        request,
        "livepoll/session.html",
        {
            "session": found,
            # a link to a draft plan only for who may read drafts (else it would answer 404)
            "plan_link": found.plan is not None
            and (
                found.plan.status == PlanStatus.PUBLISHED
                or can(request.user, Action.READ_DRAFT_PLANS, found.plan.municipality)
            ),
            "polls": [
                {
                    "poll": poll,
                    "questions": poll.questions.count(),
                    "participants": results.participants(poll),
                    "mentioned": results.most_mentioned(poll),
                }
                for poll in polls
            ],
        },
    )


# --- The participant (no account) --------------------------------------------------------------


def _participant_language(request: HttpRequest, state: dict[str, Any] | None) -> str:
    asked = request.GET.get("taal")
    if asked in ("nl", "en"):
        if state is not None:
            state["lang"] = asked
            request.session.modified = True
        return str(asked)
    if state is not None and state.get("lang") in ("nl", "en"):
        return str(state["lang"])
    return _lang()


def _participant_render(
    request: HttpRequest, template: str, language: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    with translation.override(language):
        return render(
            request,
            template,
            {**context, "language": language, "languages": LANGUAGES},
            status=status,
        )


def _state(request: HttpRequest, poll: Poll) -> dict[str, Any]:
    """The participant's session for ``poll``: the questions they answered (how often) and
    their language; joining another poll starts afresh."""
    state = request.session.get(SESSION)
    if not isinstance(state, dict) or state.get("code") != poll.code:
        state = {"code": poll.code, "lang": "", "answered": {}}
        request.session[SESSION] = state
    return state


@never_cache
def join(request: HttpRequest) -> HttpResponse:
    """Where a participant types the code on the screen."""
    form = JoinForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        found = selectors.joinable(form.cleaned_data["code"])
        if found is not None:
            return redirect("livepoll:participate", found.code)
        form.add_error("code", _("No poll is open with this code. Check the code on the screen."))
    return _participant_render(
        request,
        "livepoll/join.html",
        _participant_language(request, None),
        {"form": form},
        status=404 if form.errors else 200,
    )


def _ideas(question: Question) -> list[tuple[str, str]]:
    if question.source_id is None:
        return []
    rows = Answer.objects.filter(question_id=question.source_id).order_by("key", "pk")
    return [(str(a.pk), a.text) for a in rows]


@never_cache
def participate(request: HttpRequest, code: str) -> HttpResponse:
    """The question on the screen, to answer; after answering, a thank-you until the next."""
    found = selectors.joinable(code)
    if found is None:
        language = _participant_language(request, None)
        return _participant_render(request, "livepoll/closed.html", language, {}, status=404)
    if found.code != code:
        return redirect("livepoll:participate", found.code)
    state = _state(request, found)
    language = _participant_language(request, state)
    question = found.current
    answered = int(state["answered"].get(str(question.pk), 0)) if question else 0
    most = OPEN_ANSWERS_EACH if question and question.kind == QuestionKind.OPEN else 1
    form = None
    status = 200
    if question is not None and not question.voting_closed and answered < most:
        ideas = _ideas(question) if question.kind == QuestionKind.VOTE else None
        data = request.POST if request.method == "POST" else None
        if data is not None and str(question.pk) != data.get("question"):
            data = None  # an answer to a question no longer on the screen
            messages.info(request, _("The presenter moved on: here is the next question."))
        form = AnswerForm(data, question=question, language=language, ideas=ideas)
        if data is not None and form.is_valid():
            try:
                _answer(question, form, first=answered == 0)
            except services.NotOpen:
                messages.info(request, _("Voting on this question has closed."))
                return redirect("livepoll:participate", found.code)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                state["answered"][str(question.pk)] = answered + 1
                request.session.modified = True
                return redirect("livepoll:participate", found.code)
        if form.errors:
            status = 400
    return _participant_render(
        request,
        "livepoll/participate.html",
        language,
        {
            "poll": found,
            "question": question,
            "text": question.text(language) if question else "",
            "form": form,
            "answered": answered,
            "more": form is not None and answered > 0,
            "ranking": question is not None and question.kind == QuestionKind.RANKING,
        },
        status=status,
    )


def _answer(question: Question, form: AnswerForm, *, first: bool) -> None:
    kind = question.kind
    if kind == QuestionKind.OPEN:
        services.answer_open(question, form.cleaned_data["answer"], first=first)
    elif kind == QuestionKind.CHOICE:
        chosen = form.cleaned_data["answer"]
        services.answer_choice(question, chosen if isinstance(chosen, list) else [chosen])
    elif kind == QuestionKind.SCALE:
        services.answer_choice(question, [form.cleaned_data["answer"]])
    elif kind == QuestionKind.RANKING:
        services.answer_ranking(question, form.ranking_order())
    elif kind == QuestionKind.VOTE:
        services.vote(question, form.cleaned_data["answer"])


@never_cache
def participant_state(request: HttpRequest, code: str) -> JsonResponse:
    """What a participant's page asks about every five seconds: the question on the screen and,
    for a vote, the ideas still there (a removed one disappears from the phone).

    One indexed read of the poll's row (and, for a vote only, of its ideas); the session is not
    touched. Django's cache is not used: its default (local memory) is per server process, so a
    version number kept there would not be seen by the other processes (ADR 0028)."""
    row = (
        Poll.objects.filter(code=code.strip().upper(), status=PollStatus.LIVE)
        .values_list("current_id", "current__voting_closed", "current__kind", "current__source_id")
        .first()
    )
    if row is None:
        return JsonResponse({"status": PollStatus.CLOSED, "question": None, "ideas": []})
    current, closed, kind, source = row
    ideas: list[str] = []
    if kind == QuestionKind.VOTE and source is not None:
        ideas = [
            str(pk)
            for pk in Answer.objects.filter(question_id=source)
            .order_by("key", "pk")
            .values_list("pk", flat=True)
        ]
    return JsonResponse(
        {"status": PollStatus.LIVE, "question": current, "closed": bool(closed), "ideas": ideas}
    )
