"""Forms of live polls: the presenter's poll, question and action forms, and the participant's
answer form per kind of question (built from the question, in the participant's language)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.admin_site import ModelForm
from kansen.web.core.forms import describe
from kansen.web.monitoring.models import EvaluationSession
from kansen.web.plans.models import Plan

# The help texts name MAX_OPTIONS (10), CODE_LENGTH (6) and VOTES_EACH (3) as numbers: a lazy
# translation cannot be formatted when the module loads.
from .constants import ANSWER_LENGTH, VOTES_EACH, QuestionKind
from .models import KnowledgeSession, Poll, PollAction, Question


class PollForm(ModelForm):
    class Meta:
        model = Poll
        fields = ["title", "meeting_on", "plan", "session", "evaluation"]
        widgets = {"meeting_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "title": _("The meeting, as the room knows it (network meeting, knowledge session)."),
            "meeting_on": _("Answers are kept with this day, never with a time."),
            "session": _("The knowledge session the poll is held at: it shows the poll's results."),
            "evaluation": _("The actions agreed can be added to its record."),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan = self.fields["plan"]
        evaluation = self.fields["evaluation"]
        assert isinstance(plan, forms.ModelChoiceField)
        assert isinstance(evaluation, forms.ModelChoiceField)
        plan.queryset = Plan.objects.filter(municipality=municipality).order_by("title")
        evaluation.queryset = EvaluationSession.objects.filter(
            plan__municipality=municipality
        ).select_related("plan")
        evaluation.label_from_instance = _evaluation_label  # type: ignore[method-assign,assignment]
        session = self.fields["session"]
        assert isinstance(session, forms.ModelChoiceField)
        session.queryset = KnowledgeSession.objects.filter(municipality=municipality)
        session.label_from_instance = _session_label  # type: ignore[method-assign,assignment]
        describe(self)


def _session_label(session: KnowledgeSession) -> str:
    """A knowledge session by its title and its date as the page's language writes it."""
    return f"{session.title} ({date_format(session.held_on)})"


def _evaluation_label(session: EvaluationSession) -> str:
    return f"{session.plan.title}: {session.date} {session.title}"


def options_text(options: list[dict[str, str]]) -> str:
    """Options as the form shows them: one per line, ``Dutch | English``."""
    return "\n".join(
        f"{o.get('nl', '')} | {o['en']}" if o.get("en") else str(o.get("nl", "")) for o in options
    )


def parse_options(text: str) -> list[dict[str, str]]:
    options = []
    for line in text.splitlines():
        nl, _sep, en = line.partition("|")
        if nl.strip():
            options.append({"nl": nl.strip(), "en": en.strip()})
    return options


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text_nl = forms.CharField(label=_("Question (Dutch)"), max_length=300)
    text_en = forms.CharField(
        label=_("Question (English)"),
        max_length=300,
        required=False,
        help_text=_("Participants who choose English see this text (the Dutch when empty)."),
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "Multiple choice and ranking: one option per line, with its English after a | "
            "(up to 10). A scale: the words of its two ends, one per line (optional)."
        ),
    )
    points = forms.IntegerField(
        label=_("Points of the scale"), min_value=2, max_value=10, initial=5, required=False
    )
    multiple = forms.BooleanField(label=_("Several answers allowed"), required=False)
    source = forms.ModelChoiceField(
        label=_("Vote on the answers of"),
        queryset=Question.objects.none(),
        required=False,
        help_text=_("A vote: the open question whose answers the room ranks."),
    )
    results_hidden = forms.BooleanField(label=_("Hide results until voting closes"), required=False)

    def __init__(self, *args: Any, poll: Poll, exclude: Question | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ModelChoiceField)
        found = poll.questions.filter(kind=QuestionKind.OPEN).order_by("position")
        source.queryset = found.exclude(pk=exclude.pk) if exclude is not None else found
        describe(self)

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["options"] = parse_options(data.get("options") or "")
        data["points"] = data.get("points") or 5
        return data


def question_initial(question: Question) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "text_nl": question.text_nl,
        "text_en": question.text_en,
        "options": options_text(question.options or []),
        "points": question.points,
        "multiple": question.multiple,
        "source": question.source_id,
        "results_hidden": question.results_hidden,
    }


class ActionForm(ModelForm):
    class Meta:
        model = PollAction
        fields = ["description", "owner", "due", "from_answer"]
        widgets = {
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "from_answer": forms.HiddenInput,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The code of 6 letters and digits on the screen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().replace(" ", "").upper()


class AnswerForm(forms.Form):
    """The participant's answer to ``question``: one field, ``answer`` (a ranking: one field
    per option, ``place_N``)."""

    def __init__(
        self,
        *args: Any,
        question: Question,
        language: str,
        ideas: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        label = question.text(language)
        kind = question.kind
        if kind == QuestionKind.OPEN:
            self.fields["answer"] = forms.CharField(
                label=label, max_length=ANSWER_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
            )
        elif kind == QuestionKind.CHOICE:
            choices = list(enumerate(question.option_labels(language)))
            if question.multiple:
                self.fields["answer"] = forms.TypedMultipleChoiceField(
                    label=label,
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Choose one or more."),
                )
            else:
                self.fields["answer"] = forms.TypedChoiceField(
                    label=label, choices=choices, coerce=int, widget=forms.RadioSelect
                )
        elif kind == QuestionKind.SCALE:
            ends = question.option_labels(language)
            scale: list[tuple[int, str]] = []
            for point in range(1, question.points + 1):
                text = str(point)
                if ends and point == 1:
                    text = f"1 ({ends[0]})"
                elif len(ends) > 1 and point == question.points:
                    text = f"{point} ({ends[1]})"
                scale.append((point, text))
            self.fields["answer"] = forms.TypedChoiceField(
                label=label, choices=scale, coerce=int, widget=forms.RadioSelect
            )
        elif kind == QuestionKind.RANKING:
            labels = question.option_labels(language)
            places = [("", "–")] + [(str(p), str(p)) for p in range(1, len(labels) + 1)]
            for option, text in enumerate(labels):
                self.fields[f"place_{option}"] = forms.TypedChoiceField(
                    label=text, choices=places, coerce=int
                )
        elif kind == QuestionKind.VOTE:
            self.fields["answer"] = forms.TypedMultipleChoiceField(
                label=label,
                choices=ideas or [],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Choose up to 3."),
            )
        describe(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.question.kind == QuestionKind.RANKING:
            places = [cleaned.get(name) for name in self.fields]
            if all(isinstance(p, int) for p in places) and sorted(
                int(p) for p in places if p is not None
            ) != list(range(1, len(places) + 1)):
                raise forms.ValidationError(_("Give every option a different place."))
        if (
            self.question.kind == QuestionKind.VOTE
            and len(cleaned.get("answer") or []) > VOTES_EACH
        ):
            self.add_error("answer", _("Choose at most 3."))
        return cleaned

    def ranking_order(self) -> list[int]:
        """The options from first to last place."""
        places = {int(name.split("_")[1]): self.cleaned_data[name] for name in self.fields}
        return sorted(places, key=lambda option: places[option])


class KnowledgeSessionForm(ModelForm):
    class Meta:
        model = KnowledgeSession
        fields = ["title", "held_on", "place", "online", "plan", "description"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "place": _("The address or room; empty when the session is online only."),
            "online": _("Participants join online (as well)."),
            "plan": _("The plan whose knowledge sharing the session serves."),
            "description": _(
                "What the session is about, in a few sentences (up to 1,000 characters)."
            ),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan = self.fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = Plan.objects.filter(municipality=municipality).order_by("title")
        describe(self)


class RecordForm(forms.Form):
    """A poll's record for a plan's knowledge sharing: which plan and list, the text (as
    proposed, or shortened), and the plan's version the preview showed."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), empty_label=None)
    kind = forms.ChoiceField(
        label=_("Knowledge sharing"),
        choices=[
            ("local", _("local")),
            ("thematic", _("thematic")),
            ("national", _("national")),
        ],
        initial="local",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Record"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added as one line to the list chosen; the list's other lines stay."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, plans: list[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan = self.fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = Plan.objects.filter(pk__in=[p.pk for p in plans]).order_by("title")
        describe(self)
