"""The public eligibility check: a household's answers against the published regulations.

Nothing here writes: :func:`run_check` is a pure function of the answers, the published
regulations, the norms shipped with kansen and a date, through
:func:`kansen.eligibility.check_eligibility`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kansen.eligibility import (
    AgeBand,
    Answers,
    ApplicationRoute,
    Household,
    Norm,
    NormCitation,
    NormNotFound,
    NormTable,
    Outcome,
    RegulationResult,
    check_eligibility,
    income_percent,
)
from kansen.offers import RTL_LANGUAGES
from kansen.web.accounts.models import Municipality
from kansen.web.directory.search import directory_snapshot
from kansen.web.norms.selectors import platform_norms

from .models import Regulation
from .selectors import published_regulations

OUTCOME_LABELS: dict[Outcome, Promise] = {
    Outcome.ELIGIBLE: _("You are probably eligible"),
    Outcome.CHECK_WITH_PROVIDER: _("Ask the provider"),
    Outcome.NOT_ELIGIBLE: _("You are not eligible"),
}
OUTCOME_HEADINGS: dict[Outcome, Promise] = {
    Outcome.ELIGIBLE: _("Probably eligible"),
    Outcome.CHECK_WITH_PROVIDER: _("Ask the provider whether you are eligible"),
    Outcome.NOT_ELIGIBLE: _("Not eligible"),
}
AGE_BAND_LABELS: dict[AgeBand, Promise] = {
    AgeBand.AGE_18_TO_20: _("18 to 20 years"),
    AgeBand.AGE_21_TO_STATE_PENSION: _("21 years up to the state pension age"),
    AgeBand.STATE_PENSION_OR_OLDER: _("state pension age or older"),
    AgeBand.AGE_18_TO_20_WITH_PARTNER_21_PLUS: _(
        "one partner 18 to 20 years, the other 21 or older"
    ),
}
HOUSEHOLD_NORM_LABELS: dict[Household, Promise] = {
    Household.SINGLE: _("single (also for a single parent)"),
    Household.COUPLE: _("married or living together"),
}
ROUTE_LABELS: dict[ApplicationRoute, Promise] = {
    ApplicationRoute.SELF: _("You can apply yourself."),
    ApplicationRoute.INTERMEDIARY: _(
        "Only through an intermediary: you cannot apply for this yourself."
    ),
}


def citation_text(citation: NormCitation) -> str:
    """A norm's source in the interface language: the law's articles and the version read,
    then the municipal documents with the same amount (by their Dutch titles)."""
    if citation.derived:
        return gettext(
            "derived: %(percent)s of the amount with holiday allowance, rounded to the cent "
            "(no published amount was found)"
        ) % {"percent": "95%"}
    documents = "; ".join(citation.documents)
    if not citation.law:
        return documents
    articles = citation.articles[0]
    if len(citation.articles) > 1:
        articles = gettext("%(articles)s and %(last)s") % {
            "articles": ", ".join(citation.articles[:-1]),
            "last": citation.articles[-1],
        }
    text = gettext("%(law)s art. %(articles)s, as in force from %(date)s") % {
        "law": citation.law,
        "articles": articles,
        "date": date_format(citation.in_force_from, "j F Y") if citation.in_force_from else "",
    }
    if citation.url:
        text += f" ({citation.url})"
    if documents:
        text += "; " + gettext("same amount in %(documents)s") % {"documents": documents}
    return text


def today() -> date:
    """The day the check is for: today in the platform's time zone (tests replace this)."""
    return timezone.localdate()


@dataclass(frozen=True)
class SocialMinimum:
    """The household's social minimum on the day, and the income as a share of it.

    ``norm`` is None when the law gives no norm for the household; ``undecided`` then says why,
    in Dutch, from the library.
    """

    norm: Norm | None
    age_band: AgeBand | None
    undecided: str | None
    income: Decimal
    percent_excl: Decimal | None = None
    percent_incl: Decimal | None = None

    @property
    def household_label(self) -> Promise | None:
        return HOUSEHOLD_NORM_LABELS[self.norm.household] if self.norm else None

    @property
    def age_band_label(self) -> Promise | None:
        return AGE_BAND_LABELS[self.age_band] if self.age_band else None

    @property
    def source(self) -> str:
        """Where the norm comes from, in the interface language (empty without a norm)."""
        return citation_text(self.norm.citation) if self.norm else ""

    @property
    def excl_source(self) -> str:
        """Where the amount without holiday allowance comes from, when that is not
        :attr:`source`; empty otherwise."""
        if self.norm is None or self.norm.excl_source == self.norm.source:
            return ""
        return citation_text(self.norm.excl_citation)


@dataclass(frozen=True)
class RegulationText:
    """A regulation explained in the resident's language: the translated texts of the offer
    in the directory that carries the regulation out (``offer`` is its slug)."""

    language: str
    title: str
    summary: str
    how_to_apply: str
    offer: str

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class CheckedRegulation:
    """One regulation's result, with the platform's record (provider, contact) and, when the
    resident chose another language and the directory has it, the regulation in it."""

    regulation: Regulation
    result: RegulationResult
    text: RegulationText | None = None

    @property
    def outcome(self) -> str:
        return self.result.outcome.value

    @property
    def outcome_label(self) -> Promise:
        return OUTCOME_LABELS[self.result.outcome]

    @property
    def route_label(self) -> Promise:
        return ROUTE_LABELS[self.result.regulation.application.route]

    @property
    def intermediary_only(self) -> bool:
        return self.result.regulation.application.route is ApplicationRoute.INTERMEDIARY

    @property
    def phone_link(self) -> str:
        phone = self.result.regulation.application.phone or ""
        return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")


@dataclass(frozen=True)
class OutcomeGroup:
    outcome: str
    heading: Promise
    items: list[CheckedRegulation]


@dataclass(frozen=True)
class CheckResult:
    """Everything the result page and the PDF show."""

    municipality: Municipality
    on: date
    answers: Answers
    minimum: SocialMinimum
    checked: list[CheckedRegulation]

    @property
    def groups(self) -> list[OutcomeGroup]:
        """Eligible first, then ask the provider, then not eligible; empty groups left out."""
        return [
            OutcomeGroup(
                outcome.value,
                OUTCOME_HEADINGS[outcome],
                [c for c in self.checked if c.result.outcome is outcome],
            )
            for outcome in OUTCOME_HEADINGS
            if any(c.result.outcome is outcome for c in self.checked)
        ]

    @property
    def eligible_count(self) -> int:
        return sum(c.result.outcome is Outcome.ELIGIBLE for c in self.checked)


def regulation_texts(municipality: Municipality, language: str | None) -> dict[str, RegulationText]:
    """Regulation code -> its explanation in ``language``, from the public offers of the
    directory that carry a regulation out and have a translation in it (the first by code when
    several do). Empty for Dutch (``None``), whose texts the check shows anyway."""
    if language is None:
        return {}
    found: list[tuple[str, str, RegulationText]] = []
    offers = directory_snapshot(municipality).offers
    for code, slugs in offers.regulated.items():
        for slug in slugs:  # the first by code that has a translation (read one by one)
            translation = offers[slug].translations.get(language)
            if translation:
                text = RegulationText(
                    language, translation.title, translation.summary, translation.how_to_apply, slug
                )
                found.append((slug, code, text))
                break
    return {code: text for _, code, text in sorted(found, key=lambda row: row[0])}


def run_check(
    municipality: Municipality, answers: Answers, on: date, language: str | None = None
) -> CheckResult:
    """Check the answers against every published regulation of the municipality on a day;
    with a ``language`` (one of the directory's translation languages), each regulation comes
    with its explanation in that language where the directory has one.

    Raises
    ------
    NormNotFound
        When the platform has no norms for the day (they must be added to the data first).
    """
    norms = platform_norms()
    published = published_regulations(municipality)
    results = check_eligibility(answers, [p.rule for p in published], norms, on=on)
    texts = regulation_texts(municipality, language)
    return CheckResult(
        municipality=municipality,
        on=on,
        answers=answers,
        minimum=social_minimum(answers, on, results, norms),
        checked=[
            CheckedRegulation(p.regulation, result, texts.get(p.regulation.code))
            for p, result in zip(published, results, strict=True)
        ],
    )


def social_minimum(
    answers: Answers,
    on: date,
    results: Sequence[RegulationResult] = (),
    norms: NormTable | None = None,
) -> SocialMinimum:
    """The norm that applies to the household on the day, and its income as a percentage,
    rounded by :func:`kansen.eligibility.income_percent` against the verdicts in ``results``
    so the summary never contradicts a regulation ("120,0%" above a 120% limit).

    Raises
    ------
    NormNotFound
        When the norms for the day are missing from the data (not when the law has no norm:
        that is reported in ``undecided``).
    """
    # the caller's table when it has one: the platform's norms are read once per check
    norms = norms if norms is not None else platform_norms()
    try:
        band = norms.age_band(answers.household, answers.adult_ages, on)
    except NormNotFound as error:
        if error.dutch is None:
            raise
        return SocialMinimum(None, None, error.dutch, answers.net_monthly_income)
    norm = norms.row_on(on, answers.household, band, with_children=bool(answers.child_ages))
    income = answers.net_monthly_income
    return SocialMinimum(
        norm,
        band,
        None,
        income,
        percent_excl=_percent(income, norm.excl_holiday_allowance, results, holiday=False),
        percent_incl=_percent(income, norm.incl_holiday_allowance, results, holiday=True),
    )


def _percent(
    income: Decimal, amount: Decimal, results: Sequence[RegulationResult], *, holiday: bool
) -> Decimal:
    verdicts = [
        (r.regulation.income_limit.percent, income <= r.income_limit)
        for r in results
        if r.regulation.income_limit is not None
        and r.income_limit is not None
        and r.regulation.income_limit.include_holiday_allowance is holiday
    ]
    return income_percent(income * 100 / amount, verdicts)
