"""The monitoring of Demostad's execution plan: goals with indicators, measurements over three
years, two learning evaluations with actions, and the money spent in 2024 and 2025.

Two indicators are figures on the platform (Demostad's area figures): their baseline and the
figure of 2024 are read from there (:func:`services.read_platform_figures`), the later
measurements are made up relative to that baseline so that each indicator shows one status:
on track, needs acceleration, within the margin, moving away. Everything goes through the
services, as a programme lead's input would. Loading is idempotent: a plan that has goals is
left alone.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from django.db import transaction

from kansen.web.accounts.models import Municipality
from kansen.web.areas.models import Indicator as AreaIndicator
from kansen.web.plans.models import Plan

from . import services
from .models import Goal, Indicator

#: The demo plan (by its slug) and the ids of its items the goals link to.
PLAN_SLUG = "demostad-kansrijk-uitvoeringsplan-gelijke-kansen"
ACTION_LINE_1 = "34f02dfe-c053-5621-85e8-0ebd12fb1007"
ACTION_LINE_3 = "36b741bb-7db8-5463-bf3e-eb48420c7515"
THEME_1_1 = "4661a42e-a447-50ad-8991-561b2bf5664f"
THEME_1_2 = "d036ec62-1c8e-5c99-8cda-b71f24175fa3"
THEME_2_1 = "6dcf5fa4-8ed4-5c7a-ad65-dafc915ff004"
EFFORT_1_1B = "3a2a313f-edf7-562e-914b-514702b4e9a5"
EFFORT_3_1A = "0249790a-82d3-50e1-b033-237e0b9c3f72"
SURVEY = "Demostad ouderpeiling (verzonnen voorbeeld)"
REGISTRATION = "Registratie brugfunctionarissen Demostad (verzonnen voorbeeld)"


def _platform_indicator(municipality: Municipality, code: str) -> AreaIndicator | None:
    """The municipality's own figure of that code, else the national one."""
    return (
        AreaIndicator.objects.filter(code=code, municipality=municipality).first()
        or AreaIndicator.objects.filter(code=code, municipality__isnull=True).first()
    )


def _along(indicator: Indicator, share: Decimal, year: int, places: int) -> Decimal:
    """The value ``share`` of the way along the straight path at ``year`` (rounded)."""
    assert indicator.baseline_value is not None
    assert indicator.baseline_year is not None
    assert indicator.target_year is not None
    base = indicator.baseline_value
    target = base * (1 + (indicator.target_value or Decimal(0)) / 100)
    fraction = Decimal(year - indicator.baseline_year) / (
        indicator.target_year - indicator.baseline_year
    )
    value = base + (target - base) * fraction * share
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def _platform(
    goal: Goal,
    municipality: Municipality,
    code: str,
    name: str,
    change: int,
    shares: tuple[Decimal, Decimal],
    note: str,
) -> Indicator | None:
    """An indicator of a platform figure with a relative target (``change`` percent by 2028),
    its baseline (2023) and 2024 from the platform, 2025 and 2026 at ``shares`` of the path."""
    figure = _platform_indicator(municipality, code)
    if figure is None:
        return None
    indicator = services.create_indicator(
        goal,
        {
            "name": name,
            "direction": "lower",
            "source_kind": "area",
            "area_indicator": figure,
            "area_code": municipality.code,
            "baseline_year": 2023,
            "target_kind": "relative",
            "target_value": Decimal(change),
            "target_year": 2028,
            "note": note,
            "items": goal.items,
        },
    )
    indicator.refresh_from_db()
    if indicator.baseline_value is None:  # the platform has no figure of this area
        return indicator
    for year, share in zip((2025, 2026), shares, strict=True):
        services.add_measurement(
            indicator,
            year=year,
            value=_along(indicator, share, year, 1),
            source=f"{figure.source or figure.name} (voorbeeldwaarde)",
        )
    return indicator


@transaction.atomic
def load_demo_monitoring(municipality: Municipality) -> bool:
    """Load the monitoring of the demo execution plan unless it has goals; True if loaded."""
    plan = Plan.objects.filter(municipality=municipality, slug=PLAN_SLUG).first()
    if plan is None or plan.goals.exists():
        return False

    reach = services.create_goal(
        plan,
        title="Meer gezinnen vinden de weg naar regelingen en aanbod",
        description="Via de brugfunctionarissen op de basisscholen en één aanvraag voor "
        "Jeugdfonds, schoolkostenregeling en bibliotheekpas.",
        items=[ACTION_LINE_1, THEME_1_1, EFFORT_1_1B, EFFORT_3_1A],
    )
    families = services.create_indicator(
        reach,
        {
            "name": "Gezinnen geholpen door een brugfunctionaris",
            "unit": "gezinnen per jaar",
            "direction": "higher",
            "source_kind": "manual",
            "baseline_value": Decimal(120),
            "baseline_year": 2023,
            "baseline_source": REGISTRATION,
            "target_kind": "absolute",
            "target_value": Decimal(400),
            "target_year": 2028,
            "items": [THEME_1_1, EFFORT_1_1B],
        },
    )
    for year, value in ((2024, 170), (2025, 235), (2026, 295)):
        services.add_measurement(families, year=year, value=Decimal(value), source=REGISTRATION)
    knows = services.create_indicator(
        reach,
        {
            "name": "Ouders die weten waar ze terechtkunnen voor regelingen",
            "unit": "%",
            "direction": "higher",
            "source_kind": "manual",
            "target_group": "ouders van kinderen 4-12 jaar",
            "baseline_value": Decimal("42.0"),
            "baseline_year": 2023,
            "baseline_source": SURVEY,
            "baseline_count": 650,
            "baseline_lower": Decimal("38.5"),
            "baseline_upper": Decimal("45.5"),
            "target_kind": "absolute",
            "target_value": Decimal("55.0"),
            "target_year": 2028,
            "note": "Een peiling onder ongeveer 650 ouders: de marge is ruim drie procentpunten.",
            "items": [THEME_1_2],
        },
    )
    for year, share, low, high, n in (
        (2024, "43.1", "39.4", "46.8", 655),
        (2025, "41.8", "38.1", "45.5", 630),
        (2026, "44.0", "40.3", "47.7", 640),
    ):
        services.add_measurement(
            knows,
            year=year,
            value=Decimal(share),
            source=SURVEY,
            count=n,
            lower=Decimal(low),
            upper=Decimal(high),
        )

    school = services.create_goal(
        plan,
        title="Minder kinderen groeien op met een achterstand",
        description="De gevolgen van armoede en een lage opleiding van ouders wegen minder "
        "zwaar op de school- en levensloop.",
        items=[ACTION_LINE_3, THEME_2_1],
    )
    _platform(
        school,
        municipality,
        "early_school_leavers",
        "Voortijdig schoolverlaters",
        -20,
        (Decimal("0.75"), Decimal("0.75")),
        "Van de gebiedscijfers van Demostad; 2025 en 2026 zijn voorbeeldwaarden.",
    )
    _platform(
        school,
        municipality,
        "low_income_households",
        "Huishoudens met een laag inkomen",
        -10,
        (Decimal("-0.5"), Decimal("-0.8")),
        "Van de gebiedscijfers van Demostad; 2025 en 2026 zijn voorbeeldwaarden. De stijging "
        "volgt de landelijke ontwikkeling van de energiekosten.",
    )

    spring = services.record_session(
        plan,
        date=date(2025, 4, 10),
        title="Werkt de brugfunctionaris voor ouders die de weg niet kennen?",
        organisations=["Welzijn Demostad", "SPO Demostad", "Jeugdfonds Sport & Cultuur"],
        experts_by_experience=4,
        professionals=[
            {"name": "Fatima Brugfunctionaris", "role": "brugfunctionaris"},
            {"name": "Pieter Projectleider", "role": "projectleider"},
        ],
        items=[THEME_1_1, EFFORT_1_1B],
        findings="Ouders komen vooral via de leerkracht bij de brugfunctionaris; de "
        "aanmeldingen vallen stil in de vakanties.\n\nDe aanvraag voor de schoolkostenregeling "
        "is voor ouders de grootste drempel: te veel bewijsstukken.",
    )
    services.add_action(
        spring,
        description="Aanvraag schoolkostenregeling terugbrengen tot één formulier",
        owner="Team Armoede gemeente Demostad",
        due=date(2025, 9, 1),
    )
    done = services.add_action(
        spring,
        description="Inloopspreekuur in de zomervakantie in De Gaarden",
        owner="Welzijn Demostad",
        due=date(2025, 7, 1),
    )
    services.set_action_done(done, date(2025, 6, 20))
    autumn = services.record_session(
        plan,
        date=date(2025, 11, 13),
        title="Voorlichting over schoolkeuze: bereiken we de ouders?",
        organisations=["SPO Demostad", "VO Demostad", "Bibliotheek Demostad"],
        experts_by_experience=3,
        professionals=[{"name": "Ouderconsulent VO Demostad", "role": "ouderconsulent"}],
        items=[THEME_1_2],
        findings="De voorlichtingsavonden in vier talen trekken vooral ouders die de weg al "
        "kennen. Ouders willen liever een gesprek op school dan een avond in het stadhuis.",
    )
    services.add_action(
        autumn,
        description="Voorlichting verplaatsen naar de basisscholen, bij het tienminutengesprek",
        owner="Ouderconsulenten VO Demostad",
        due=date(2026, 3, 1),
    )
    services.add_action(
        autumn,
        description="Ouderpeiling 2026 uitbreiden met vragen over schoolkeuze",
        owner="Onderzoek gemeente Demostad",
        due=date(2027, 1, 15),
    )

    for year, amounts in (
        (2024, ("176500", "21300", "15000", "92400", "8700")),
        (2025, ("198000", "31250", "22000", "100000", "11800")),
    ):
        lines = services_cost_lines(plan, year)
        services.set_spending(
            plan, year, {line: Decimal(a) for line, a in zip(lines, amounts, strict=False)}
        )
    services.save_year_report(
        plan,
        2025,
        next_year="De voorlichting over schoolkeuze gaat naar de basisscholen.\n\n"
        "Voor de voortijdig schoolverlaters komt er een extra inspanning in actielijn 3.",
        is_public=False,
    )
    return True


def services_cost_lines(plan: Plan, year: int) -> list[str]:
    from .report import cost_lines

    return [line.line for line in cost_lines(plan, year)]
