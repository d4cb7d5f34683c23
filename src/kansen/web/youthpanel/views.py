"""Pages of the youth panel (``/jeugdpanel/``): the questionnaire builder with its phone-sized
preview, waves with class codes and the teacher's sheet, the pupil's form (no account), and
the results with their CSV, Excel and PDF. Reads through selectors, writes through services."""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kansen.surveys import AnswersRejected, QuestionnaireRejected
from kansen.web.accounts.permissions import Action, requires

from . import builder, indicators, pupil, qr, results, selectors, services
from .constants import LANGUAGE_NAMES, QuestionType
from .forms import (
    ClassForm,
    CodeForm,
    DocumentForm,
    IndicatorLinkForm,
    NewQuestionnaireForm,
    PupilsForm,
    QuestionForm,
    SettingsForm,
    WaveForm,
    question_initial,
)
from .models import ClassCode, Questionnaire, Wave


def today() -> date:
    """The date of the pages (a function, so tests can fix it)."""
    return timezone.localdate()


def _lang() -> str:
    return "nl" if (translation.get_language() or "nl").startswith("nl") else "en"


def _problems(problems: Any) -> list[str]:
    return [f"{p.location}: {p.message}" for p in problems]


# --- Questionnaires ------------------------------------------------------------------------------


@requires(Action.RUN_YOUTH_PANEL)
def index(request: HttpRequest) -> HttpResponse:
    found = selectors.questionnaires(request.user).prefetch_related("versions", "waves")
    form = NewQuestionnaireForm()
    return render(request, "youthpanel/index.html", {"questionnaires": found, "form": form})


@requires(Action.RUN_YOUTH_PANEL)
def questionnaire_new(request: HttpRequest) -> HttpResponse:
    municipality = getattr(request.user, "municipality", None)
    if municipality is None:
        raise Http404
    form = NewQuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_questionnaire(
                municipality, form.cleaned_data["identifier"], form.cleaned_data["title"], today()
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("youthpanel:questionnaire", made.uuid)
    found = selectors.questionnaires(request.user)
    return render(request, "youthpanel/index.html", {"questionnaires": found, "form": form})


_TYPES = dict(QuestionType.choices)
#: What the builder's addresses take as a question id (``<slug:question>``) and a section id.
_URL_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
_URL_SEGMENT = re.compile(r"^[^/]+\Z")


def _builder_context(questionnaire: Questionnaire) -> dict[str, Any]:
    draft = questionnaire.draft
    lang = _lang()
    rows = []
    for place in builder.places(draft):
        section = draft["sections"][place.section]
        question = place.question
        rows.append(
            {
                "id": question.get("id", ""),
                "text": pupil.text(question.get("text"), lang),
                "type": str(_TYPES.get(str(question.get("type")), question.get("type", ""))),
                "section": pupil.text(section.get("title"), lang),
                "section_id": str(section.get("id") or ""),
                # a draft edited as JSON may hold ids no address can carry: those rows get no
                # buttons (their problem says to fix the id), the page still opens
                "linkable": bool(_URL_SLUG.match(str(question.get("id") or ""))),
                "section_linkable": bool(_URL_SEGMENT.match(str(section.get("id") or ""))),
                "first_of_section": place.index == 0,
                "condition": question.get("show_if"),
                "problems": _problems(builder.problems_at(draft, place.path)),
            }
        )
    versions = list(questionnaire.versions.order_by("-number"))
    latest = versions[0] if versions else None
    return {
        "questionnaire": questionnaire,
        "draft": draft,
        "rows": rows,
        "problems": _problems(builder.problems_of(draft)),
        "versions": versions,
        "latest_has_answers": latest is not None and services.has_answers(latest),
        "unsaved": latest is None or _comparable(latest.document) != _comparable(draft),
        "waves": list(questionnaire.waves.order_by("label")),
        "language_names": [LANGUAGE_NAMES.get(x, x) for x in pupil.languages(draft)],
        "title": pupil.text(draft.get("title"), lang) or questionnaire.identifier,
    }


def _comparable(document: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in document.items() if k != "version"}, sort_keys=True)


@requires(Action.RUN_YOUTH_PANEL)
def questionnaire(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.questionnaire(request.user, key)
    return render(request, "youthpanel/questionnaire.html", _builder_context(found))


@requires(Action.RUN_YOUTH_PANEL)
def questionnaire_settings(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.questionnaire(request.user, key)
    draft = found.draft
    posted = request.POST if request.method == "POST" else None
    chosen = [
        "nl",
        *[
            x
            for x in (posted.getlist("languages") if posted else draft.get("languages", []))
            if x != "nl"
        ],
    ]
    initial: dict[str, Any] = {
        "languages": [x for x in draft.get("languages", []) if x != "nl"],
        "background": draft.get("background", []),
    }
    for name in ("title", "introduction", "thanks"):
        for lang, value in (draft.get(name) or {}).items():
            initial[f"{name}_{lang}"] = value
    form = SettingsForm(posted, initial=initial, languages=chosen)
    if posted is not None and "refresh" not in posted and form.is_valid():
        data = form.cleaned_data
        updated = dict(draft)
        updated["languages"] = ["nl", *data["languages"]]
        updated["background"] = [
            b
            for b in ("school_level", "school", "year_of_study", "neighbourhood", "age")
            if b in data["background"]
        ]
        for name in ("title", "introduction", "thanks"):
            texts = {
                lang: data[f"{name}_{lang}"].strip()
                for lang in chosen
                if data.get(f"{name}_{lang}", "").strip()
            }
            if texts:
                updated[name] = texts
            else:
                updated.pop(name, None)
        services.save_draft(found, updated)
        messages.success(request, _("The settings are saved in the draft."))
        return redirect("youthpanel:questionnaire", found.uuid)
    return render(request, "youthpanel/settings.html", {"questionnaire": found, "form": form})


def _question_form(
    found: Questionnaire, data: Any, initial: dict[str, Any], editing: str | None
) -> QuestionForm:
    draft = found.draft
    lang = _lang()
    sections = [
        (str(s.get("id")), pupil.text(s.get("title"), lang)) for s in draft.get("sections") or []
    ]
    earlier = []
    for place in builder.places(draft):
        question = place.question
        if question.get("id") == editing:
            break
        if question.get("type") in ("single", "multiple", "likert"):
            earlier.append(
                (str(question["id"]), f"{question['id']}: {pupil.text(question.get('text'), lang)}")
            )
    return QuestionForm(
        data, initial=initial, languages=pupil.languages(draft), sections=sections, earlier=earlier
    )


@requires(Action.RUN_YOUTH_PANEL)
def question_form(request: HttpRequest, key: str, question: str | None = None) -> HttpResponse:
    found = selectors.questionnaire(request.user, key)
    draft = found.draft
    initial: dict[str, Any] = {}
    if question is not None:
        place = builder.find(draft, question)
        if place is None:
            raise Http404
        initial = question_initial(place.question, str(draft["sections"][place.section].get("id")))
    elif draft.get("sections"):
        initial = {"section": draft["sections"][-1].get("id")}
    form = _question_form(found, request.POST or None, initial, question)
    if request.method == "POST" and form.is_valid():
        made = form.question()
        duplicate = builder.find(draft, made["id"])
        if duplicate is not None and made["id"] != question:
            form.add_error(
                "id", _("The questionnaire already has a question with this identifier.")
            )
        else:
            new_section = form.cleaned_data.get("new_section", "").strip()
            updated, path = builder.put_question(
                draft,
                made,
                section=form.cleaned_data.get("section") or "",
                new_section={"nl": new_section} if new_section else None,
                replacing=question,
            )
            if question is not None and question != made["id"]:
                updated = _rename_conditions(updated, question, made["id"])
            problems = builder.problems_at(updated, path)
            if problems:
                for problem in problems:
                    form.add_error(None, f"{problem.location}: {problem.message}")
            else:
                services.save_draft(found, updated)
                messages.success(request, _("The question is saved in the draft."))
                return redirect("youthpanel:questionnaire", found.uuid)
    return render(
        request,
        "youthpanel/question_form.html",
        {"questionnaire": found, "form": form, "editing": question},
    )


def _rename_conditions(draft: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    for place in builder.places(draft):
        condition = place.question.get("show_if")
        if condition and condition.get("question") == old:
            condition["question"] = new
    return draft


@require_POST
@requires(Action.RUN_YOUTH_PANEL)
def question_action(request: HttpRequest, key: str, question: str) -> HttpResponse:
    found = selectors.questionnaire(request.user, key)
    action = request.POST.get("action")
    if action == "delete":
        services.save_draft(found, builder.remove_question(found.draft, question))
        messages.success(request, _("The question is removed from the draft."))
    elif action in ("up", "down"):
        services.save_draft(
            found, builder.move_question(found.draft, question, -1 if action == "up" else 1)
        )
    return redirect(reverse("youthpanel:questionnaire", args=[found.uuid]) + f"#q-{question}")


@requires(Action.RUN_YOUTH_PANEL)
def section_remove(request: HttpRequest, key: str, section: str) -> HttpResponse:
    """Remove a section and its questions, after the user saw what goes (a confirmation)."""
    found = selectors.questionnaire(request.user, key)
    draft = found.draft
    questions = builder.section_questions(draft, section)
    if questions is None:
        raise Http404
    if request.method == "POST":
        services.save_draft(found, builder.remove_section(draft, section))
        messages.success(request, _("The section and its questions are removed from the draft."))
        return redirect("youthpanel:questionnaire", found.uuid)
    lang = _lang()
    title = next(
        pupil.text(s.get("title"), lang) for s in draft["sections"] if s.get("id") == section
    )
    ids = {str(q.get("id")) for q in questions}
    return render(
        request,
        "youthpanel/section_remove.html",
        {
            "questionnaire": found,
            "section_title": title or section,
            "questions": [(q.get("id", ""), pupil.text(q.get("text"), lang)) for q in questions],
            "depending": [
                (q.get("id", ""), pupil.text(q.get("text"), lang))
                for q in builder.depending_on(draft, ids)
            ],
        },
    )


@requires(Action.RUN_YOUTH_PANEL)
def questionnaire_json(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.questionnaire(request.user, key)
    initial = {"document": json.dumps(found.draft, ensure_ascii=False, indent=2)}
    form = DocumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_draft(found, form.cleaned_data["document"])
        problems = builder.problems_of(found.draft)
        if problems:
            messages.warning(
                request,
                _("The draft is saved, but it cannot be saved as a version yet: %(n)s problem(s).")
                % {"n": len(problems)},
            )
        else:
            messages.success(request, _("The draft is saved."))
        return redirect("youthpanel:questionnaire", found.uuid)
    return render(request, "youthpanel/json.html", {"questionnaire": found, "form": form})


@require_POST
@requires(Action.RUN_YOUTH_PANEL)
def save_version(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.questionnaire(request.user, key)
    latest = services.latest_version(found)
    try:
        version = services.save_version(found, today())
    except QuestionnaireRejected as rejected:
        messages.error(
            request,
            _("The draft cannot be saved as a version: %(problems)s")
            % {"problems": "; ".join(_problems(rejected.problems))},
        )
    else:
        if latest is not None and version.number != latest.number:
            messages.success(
                request,
                _("Answers to version %(old)s exist, so the change is saved as version %(new)s.")
                % {"old": latest.number, "new": version.number},
            )
        else:
            messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
    return redirect("youthpanel:questionnaire", found.uuid)


@requires(Action.RUN_YOUTH_PANEL)
def preview(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.questionnaire(request.user, key)
    draft = found.draft
    languages = pupil.languages(draft)
    language = request.GET.get("taal", "nl")
    if language not in languages:
        language = "nl"
    with translation.override(language):
        pages = [
            pupil.page(draft, step, language, {}, "")
            for step in pupil.steps(draft, {})
            if step == pupil.AGE or builder.find(draft, step) is not None
        ]
        hidden = [
            pupil.page(draft, q["id"], language, {}, "")
            for _s, q in pupil.questions(draft)
            if not pupil.shown(q, {})
        ]
        context = {
            "questionnaire": found,
            "pages": pages + hidden,
            "conditional": {p.id for p in hidden},
            "language": language,
            "dir": pupil.writing(language),
            "pupil_languages": [(x, LANGUAGE_NAMES.get(x, x)) for x in languages],
            "title": pupil.text(draft.get("title"), language),
            "introduction": pupil.text(draft.get("introduction"), language),
        }
    return render(
        request,
        "youthpanel/preview.html",
        {**context, "ui_title": pupil.text(draft.get("title"), _lang())},
    )


# --- Waves and classes --------------------------------------------------------------------------


@requires(Action.RUN_YOUTH_PANEL)
def wave_new(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.questionnaire(request.user, key)
    year = today().year
    form = WaveForm(
        request.POST or None,
        initial={"label": str(year), "opens": today(), "closes": date(year, 12, 31)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.open_wave(
                found,
                data["label"],
                data["opens"],
                data["closes"],
                data["min_response_rate"],
                data["min_n"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            return redirect("youthpanel:wave", made.uuid)
    return render(request, "youthpanel/wave_form.html", {"questionnaire": found, "form": form})


def _wave_context(wave: Wave, class_form: ClassForm | None = None) -> dict[str, Any]:
    background = list(wave.version.document.get("background") or [])
    classes = list(wave.classes.all())
    rows = []
    for c in classes:
        rate = c.responses / c.pupils if c.pupils else None
        rows.append(
            {
                "class": c,
                "rate": results.percent(rate) if rate is not None else "",
                "low": rate is not None and rate < float(wave.min_response_rate),
                "form": PupilsForm(initial={"pupils": c.pupils}, prefix=f"c{c.pk}"),
            }
        )
    return {
        "wave": wave,
        "questionnaire": wave.questionnaire,
        "rows": rows,
        "class_form": class_form or ClassForm(background=background),
        "background": background,
        "responses": selectors.responses_of(wave),
        "title": pupil.text(wave.version.document.get("title"), _lang()),
    }


@requires(Action.RUN_YOUTH_PANEL)
def wave(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.wave(request.user, key)
    return render(request, "youthpanel/wave.html", _wave_context(found))


@require_POST
@requires(Action.RUN_YOUTH_PANEL)
def class_new(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.wave(request.user, key)
    background = list(found.version.document.get("background") or [])
    form = ClassForm(request.POST, background=background)
    if form.is_valid():
        made = services.add_class(found, form.cleaned_data)
        messages.success(request, _("Class code %(code)s is made.") % {"code": made.code})
        return redirect("youthpanel:wave", found.uuid)
    return render(request, "youthpanel/wave.html", _wave_context(found, form), status=400)


@require_POST
@requires(Action.RUN_YOUTH_PANEL)
def class_update(request: HttpRequest, key: str, code: str) -> HttpResponse:
    found = selectors.wave(request.user, key)
    try:
        class_code = found.classes.get(code=code)
    except ClassCode.DoesNotExist:
        raise Http404 from None
    action = request.POST.get("action")
    if action in ("close", "open"):
        services.set_class(class_code, closed=action == "close")
    else:
        form = PupilsForm(request.POST, prefix=f"c{class_code.pk}")
        if form.is_valid():
            services.set_class(class_code, pupils=form.cleaned_data["pupils"])
        else:
            messages.error(
                request,
                _("Pupils of %(code)s: expected a whole number from 1 to 200.") % {"code": code},
            )
    return redirect(reverse("youthpanel:wave", args=[found.uuid]) + f"#class-{code}")


@require_POST
@requires(Action.RUN_YOUTH_PANEL)
def wave_update(request: HttpRequest, key: str) -> HttpResponse:
    found = selectors.wave(request.user, key)
    action = request.POST.get("action")
    if action in ("close", "open"):
        services.set_wave(found, status="closed" if action == "close" else "open")
    elif action in ("publish", "withdraw"):
        services.set_wave(found, published=action == "publish")
    return redirect("youthpanel:wave", found.uuid)


def pupil_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("youthpanel:pupil", args=[code]))


@requires(Action.RUN_YOUTH_PANEL)
def wave_sheet(request: HttpRequest, key: str) -> HttpResponse:
    """A printable sheet per class for the teacher: the link, the code and the QR code."""
    found = selectors.wave(request.user, key)
    sheets = [
        {
            "class": c,
            "url": pupil_url(request, c.code),
            "qr": qr.data_uri(pupil_url(request, c.code)),
        }
        for c in found.classes.filter(closed=False)
    ]
    return render(
        request,
        "youthpanel/sheet.html",
        {
            "wave": found,
            "sheets": sheets,
            "title": pupil.text(found.version.document.get("title"), _lang()),
        },
    )


# --- Results ------------------------------------------------------------------------------------


def results_page(request: HttpRequest, key: str) -> HttpResponse:
    found, insider = selectors.wave_to_read(request.user, key)
    breakdown = request.GET.get("naar", "")
    computed = results.compute(found, breakdown)
    return render(
        request,
        "youthpanel/results.html",
        {
            "wave": found,
            "insider": insider,
            "results": computed,
            "breakdowns": results.breakdowns(found),
            "title": pupil.text(found.version.document.get("title"), _lang()),
        },
    )


def results_download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    found, _insider = selectors.wave_to_read(request.user, key)
    computed = results.compute(found, request.GET.get("naar", ""))
    name = f"jeugdpanel-{found.questionnaire.identifier}-{found.label}"
    if fmt == "csv":
        response = HttpResponse(
            results.published_csv(computed), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            results.published_xlsx(computed),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        from .report import summary_pdf

        response = HttpResponse(summary_pdf(computed), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    raise Http404


# --- The pupil ----------------------------------------------------------------------------------

_SESSION = "youthpanel"


def _state(request: HttpRequest, code: str) -> dict[str, Any] | None:
    state = request.session.get(_SESSION)
    if isinstance(state, dict) and state.get("code") == code:
        return state
    return None


def _pupil_language(
    request: HttpRequest, document: dict[str, Any], state: dict[str, Any] | None
) -> str:
    languages = pupil.languages(document)
    asked = request.GET.get("taal")
    if asked in languages:
        if state is not None and state.get("lang") != asked:
            state["lang"] = asked
            request.session.modified = True
        return str(asked)
    if state is not None and state.get("lang") in languages:
        return str(state["lang"])
    # the site's language (the pupil's browser) when the questionnaire has it
    site = (translation.get_language() or "nl")[:2]
    return site if site in languages else "nl"


def _pupil_render(
    request: HttpRequest,
    template: str,
    language: str,
    context: dict[str, Any],
    status: int = 200,
    found: ClassCode | None = None,
) -> HttpResponse:
    """A pupil's page in ``language``; with the class ``found``, headed by the municipality
    whose questionnaire it is (not the portal's: a pupil of another municipality's class)."""
    if found is not None:
        context = {**context, "portal_municipality": found.wave.questionnaire.municipality}
    with translation.override(language):
        response = render(
            request,
            template,
            {**context, "language": language, "dir": pupil.writing(language)},
            status=status,
        )
    return response


def _pupil_redirect(name: str, found: ClassCode, language: str, *args: Any) -> HttpResponse:
    """To a page of the pupil's form, its address keeping the form's language: the browser's
    Back after sending (the form is gone then) opens the class page in that language."""
    url = reverse(name, args=[found.code, *args])
    return HttpResponseRedirect(f"{url}?taal={language}")


@never_cache
def pupil_start(request: HttpRequest) -> HttpResponse:
    """Where a pupil types the class code from the board."""
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        found = selectors.open_class(form.cleaned_data["code"], today())
        if found is not None:
            return redirect("youthpanel:pupil", found.code)
        form.add_error(
            "code", _("This code is not open. Check the code on the board, or ask your teacher.")
        )
    return _pupil_render(
        request,
        "youthpanel/pupil_start.html",
        _lang(),
        {"form": form},
        status=200 if not form.errors else 404,
    )


@never_cache
def pupil_landing(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.open_class(code.upper(), today())
    if found is None:
        return _pupil_render(request, "youthpanel/pupil_closed.html", _lang(), {}, status=404)
    document = found.wave.version.document
    state = _state(request, found.code)
    language = _pupil_language(request, document, state)
    if request.method == "POST":
        request.session[_SESSION] = {"code": found.code, "lang": language, "answers": {}, "age": ""}
        steps = pupil.steps(document, {})
        return _pupil_redirect("youthpanel:pupil_step", found, language, 1 if steps else 0)
    return _pupil_render(
        request,
        "youthpanel/pupil_landing.html",
        language,
        {
            "code": found.code,
            "title": pupil.text(document.get("title"), language),
            "introduction": pupil.text(document.get("introduction"), language),
            "languages": [(x, LANGUAGE_NAMES.get(x, x)) for x in pupil.languages(document)],
            "count": len(pupil.steps(document, {})),
            "started": state is not None,
        },
        found=found,
    )


@never_cache
def pupil_step(request: HttpRequest, code: str, number: int) -> HttpResponse:
    found = selectors.open_class(code.upper(), today())
    if found is None:
        return _pupil_render(request, "youthpanel/pupil_closed.html", _lang(), {}, status=404)
    state = _state(request, found.code)
    document = found.wave.version.document
    language = _pupil_language(request, document, state)
    if state is None:
        return _pupil_redirect("youthpanel:pupil", found, language)
    answers: dict[str, Any] = state.setdefault("answers", {})
    steps = pupil.steps(document, answers)
    if number < 1 or number > len(steps):
        return _pupil_redirect("youthpanel:pupil_send", found, language)
    step = steps[number - 1]
    with translation.override(language):
        page = pupil.page(document, step, language, answers, str(state.get("age", "")))
        error = ""
        if request.method == "POST":
            value, error = pupil.read(page, request.POST)
            if not error:
                if step == pupil.AGE:
                    state["age"] = "" if value is None else str(value)
                elif value is None:
                    answers.pop(step, None)
                else:
                    answers[step] = value
                state["answers"] = pupil.visible_answers(document, answers)
                request.session.modified = True
                if request.POST.get("go") == "back":
                    target = max(number - 1, 0)
                    if target == 0:
                        return _pupil_redirect("youthpanel:pupil", found, language)
                    return _pupil_redirect("youthpanel:pupil_step", found, language, target)
                steps = pupil.steps(document, state["answers"])
                if number >= len(steps):
                    return _pupil_redirect("youthpanel:pupil_send", found, language)
                return _pupil_redirect("youthpanel:pupil_step", found, language, number + 1)
    return _pupil_render(
        request,
        "youthpanel/pupil_step.html",
        language,
        {
            "code": found.code,
            "page": page,
            "number": number,
            "total": len(steps),
            "percent": round(100 * (number - 1) / max(len(steps), 1)),
            "error": error,
            "title": pupil.text(document.get("title"), language),
            "languages": [(x, LANGUAGE_NAMES.get(x, x)) for x in pupil.languages(document)],
        },
        status=400 if error else 200,
        found=found,
    )


def _claim_form(request: HttpRequest) -> bool:
    """Take the pupil's unfinished form out of the database before its answers are stored:
    False when another request of the same session took it first (a double tap on Send sends
    two requests that both read the form), so the answers count once. Inside the transaction
    that stores them; a logged-in user's session (someone trying the form) is kept."""
    store = request.session
    model = getattr(store, "model", None)  # the database's sessions (the platform's default)
    if request.user.is_authenticated or model is None or not store.session_key:
        return True
    return bool(model.objects.filter(session_key=store.session_key).delete()[0])


def _forget_form(request: HttpRequest) -> None:
    """The unfinished form was the only thing kept about the pupil: gone after sending, and
    with it the session and its cookie (unless someone is logged in)."""
    store = request.session
    store.pop(_SESSION, None)
    if request.user.is_authenticated:
        return
    if getattr(store, "model", None) is not None:
        # its row went in _claim_form (this request's or a double tap's): no second delete;
        # a new empty session is not saved, and the session middleware deletes its cookie
        request.session = type(store)()
    else:
        store.flush()


def _send_at_once(request: HttpRequest, found: ClassCode) -> HttpResponse | None:
    """A pupil's send as a whole school sends at once (ADR 0026): the form read from its
    session row without loading the session through Django, and taken out with the answers
    stored in one transaction (:func:`services.send`); the request then gets a new empty
    session (not saved: the session middleware deletes the cookie). None when this is not a
    pupil's plain send (someone logged in tries the form, another session store, no form of
    this class, answers refused): the page then does what it does for every request."""
    store = request.session
    if getattr(store, "model", None) is None or not store.session_key:
        return None
    text = selectors.session_data(store.session_key)
    if text is None:
        return None
    data = store.decode(text)
    state = data.get(_SESSION)
    if AUTH_SESSION_KEY in data or not isinstance(state, dict) or state.get("code") != found.code:
        return None
    document = found.wave.version.document
    language = _pupil_language(request, document, state)
    answers = pupil.visible_answers(document, state.get("answers") or {})
    try:
        services.send(found, str(state.get("age", "")), answers, store.session_key)
    except AnswersRejected:
        return None
    # the row went in services.send (this request's or a double tap's)
    request.session = type(store)()
    return _thanks(request, found, document, language)


@never_cache
def pupil_send(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.open_class(code.upper(), today())
    if found is None:
        return _pupil_render(request, "youthpanel/pupil_closed.html", _lang(), {}, status=404)
    if request.method == "POST":
        sent = _send_at_once(request, found)
        if sent is not None:
            return sent
    state = _state(request, found.code)
    document = found.wave.version.document
    language = _pupil_language(request, document, state)
    if state is None:
        return _pupil_redirect("youthpanel:pupil", found, language)
    answers = pupil.visible_answers(document, state.get("answers") or {})
    steps = pupil.steps(document, answers)
    error = ""
    if request.method == "POST":
        try:
            # the answers stored and the unfinished form gone in one transaction
            with transaction.atomic():
                if _claim_form(request):
                    services.submit(found, str(state.get("age", "")), answers)
            _forget_form(request)
        except AnswersRejected:
            error = "rejected"
        else:
            return _thanks(request, found, document, language)
    answered = len(answers) + (1 if state.get("age") else 0)
    return _pupil_render(
        request,
        "youthpanel/pupil_send.html",
        language,
        {
            "code": found.code,
            "answered": answered,
            "total": len(steps),
            "last": len(steps),
            "error": error,
            "title": pupil.text(document.get("title"), language),
            "languages": [(x, LANGUAGE_NAMES.get(x, x)) for x in pupil.languages(document)],
        },
        status=400 if error else 200,
        found=found,
    )


def _thanks(
    request: HttpRequest, found: ClassCode, document: dict[str, Any], language: str
) -> HttpResponse:
    """The thank-you page after sending, without the CSRF cookie for a visitor."""
    response = HttpResponse(
        _thanks_page(
            pupil.text(document.get("thanks"), language),
            pupil.text(document.get("title"), language),
            found.wave.questionnaire.municipality.name,
            language,
        )
    )
    if not request.user.is_authenticated:
        response.delete_cookie(
            settings.CSRF_COOKIE_NAME,
            path=settings.CSRF_COOKIE_PATH,
            domain=settings.CSRF_COOKIE_DOMAIN,
            samesite=settings.CSRF_COOKIE_SAMESITE,
        )
    return response


@functools.lru_cache(maxsize=256)
def _thanks_page(thanks: str, title: str, municipality: str, language: str) -> str:
    """The thank-you page: the same for every pupil of a questionnaire in a language (no form,
    nothing of the request or the user), so it is rendered once per process and content (a
    whole school sends at once), without the request's context processors."""
    with translation.override(language):
        return render_to_string(
            "youthpanel/pupil_thanks.html",
            {
                "thanks": thanks,
                "title": title,
                "portal_municipality": {"name": municipality},
                "language": language,
                "dir": pupil.writing(language),
            },
        )


@requires(Action.RUN_YOUTH_PANEL)
def indicator_link(request: HttpRequest, key: str) -> HttpResponse:
    """Link a monitoring indicator to a figure of the questionnaire (page action)."""
    found = selectors.questionnaire(request.user, key)
    lang = _lang()
    available = {str(i.uuid): i for i in indicators.indicators(request.user, found)}
    figures = {f.key: f for f in indicators.figures(found, lang)}
    form = IndicatorLinkForm(
        request.POST if request.method == "POST" else None,
        indicators=[(k, f"{i.goal.plan} · {i.goal} · {i.name}") for k, i in available.items()],
        figures=[(k, f.label) for k, f in figures.items()],
    )
    if request.method == "POST" and form.is_valid():
        chosen = available[form.cleaned_data["indicator"]]
        count = indicators.link(chosen, found, figures[form.cleaned_data["figure"]], request.user)
        messages.success(
            request,
            _("The indicator “%(name)s” is measured by the youth panel: %(n)s measurements.")
            % {"name": chosen.name, "n": count},
        )
        plan = chosen.goal.plan
        return redirect(
            reverse("monitoring:dashboard", args=[plan.municipality.slug, plan.slug])
            + f"#indicator-{chosen.uuid}"
        )
    return render(
        request,
        "youthpanel/indicator_link.html",
        {"questionnaire": found, "form": form, "has_indicators": bool(available)},
    )
