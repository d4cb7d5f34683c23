"""Demostad's practice records for the demo: two from the interventions of its published
GKA-agenda (own levels, cost from the plan's budget lines), its VoorleesExpress (an own level
with its basis), and a draft. Made through the services, as a
programme lead would; loading is idempotent (a municipality with records is left alone).

Three of the demo's fictional peer municipalities (the key figures of ``kansen.demo``, codes
GM9901-GM9903) publish two records each, so the register has more than one municipality and
the national view has approaches shared by several; those three publish a GKA-agenda too, so
the national view lists several municipalities' agendas.

The records are demo data: the municipalities and their figures are made up, and every level
is the municipality's own, with its basis: no record claims a databank's level. A recognition
is entered by a person from the databank's entry (name, address, date), checked there; demo
data has nobody to check it, so the VoorleesExpress records too have own levels.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from kansen.web.accounts.models import Municipality
from kansen.web.plans.models import Plan, PlanKind, PlanStatus

from . import selectors, services
from .models import Practice

#: The interventions of the demo agenda (kansen/plans/data/demostad_gka_agenda_2021_2024.yaml).
BRUGFUNCTIONARIS = "7d871f0f-03be-5e48-bf4f-0e9d3299c08f"
RIJKE_SCHOOLDAG = "0ad219e7-30c9-59eb-b826-f95350c3336f"


def _from_plan(plan: Plan, item: str, **fields: Any) -> dict[str, Any]:
    data = selectors.initial_from_intervention(plan, item)
    data["neighbourhoods"] = [c.strip() for c in data["neighbourhoods"].split(",") if c.strip()]
    data["schools"] = [c.strip() for c in data["schools"].split(",") if c.strip()]
    return {**data, "plan": plan, "intervention_uuid": item, **fields}


def _records(plan: Plan | None) -> list[tuple[dict[str, Any], bool]]:
    records: list[tuple[dict[str, Any], bool]] = []
    if plan is not None:
        records.append(
            (
                _from_plan(
                    plan,
                    BRUGFUNCTIONARIS,
                    support_types=["opvoeding", "geldzaken"],
                    audiences=["ouder"],
                    age_min=4,
                    age_max=12,
                    province="utrecht",
                    working_elements=(
                        "Een vast gezicht op school; laagdrempelig (geen afspraak, geen "
                        "wachttijd); de brugfunctionaris brengt ouders zelf naar regelingen en "
                        "aanbod in de wijk."
                    ),
                    # children, not families: the cost per child divides by children
                    children_reached=410,
                    result_summary=(
                        "240 gezinnen met samen 410 basisschoolkinderen bereikt in schooljaar "
                        "2022-2023; 7 van de 10 gezinnen vonden een regeling die ze nog niet "
                        "gebruikten (eigen registratie)."
                    ),
                    evidence_level="own-first-results",
                    evidence_basis=(
                        "Registratie van bereikte gezinnen en doorverwijzingen 2022-2023, en een "
                        "evaluatie met ouders en scholen in 2023. Geen vergelijkingsgroep."
                    ),
                ),
                True,
            )
        )
        records.append(
            (
                _from_plan(
                    plan,
                    RIJKE_SCHOOLDAG,
                    support_types=["talentontwikkeling", "sport", "cultuur"],
                    audiences=["kind"],
                    age_min=8,
                    age_max=12,
                    province="utrecht",
                    working_elements=(
                        "Activiteiten op school, direct na de lessen; vakdocenten van "
                        "verenigingen; gratis voor de ouders."
                    ),
                    children_reached=180,
                    evidence_level="own-theory-of-change",
                    evidence_basis=(
                        "Veranderingstheorie opgesteld met scholen en partners (2022): meer "
                        "brede ontwikkeling door een verlengde schooldag."
                    ),
                ),
                True,
            )
        )
    records.append(
        (
            {
                "title": "VoorleesExpress",
                "aim": "Kinderen met een taalachterstand lezen meer en beter; ouders lezen voor.",
                "target_group": "Gezinnen met kinderen van 2 tot 8 jaar met een taalachterstand",
                "support_types": ["taal"],
                "audiences": ["kind", "ouder"],
                "age_min": 2,
                "age_max": 8,
                "approach": (
                    "Een vrijwilliger leest twintig weken lang wekelijks voor in het gezin en "
                    "helpt de ouders een voorleesroutine op te bouwen."
                ),
                "working_elements": "Thuis, wekelijks, twintig weken; de ouder doet mee.",
                "carried_out_by": "Bibliotheek Demostad met vrijwilligers",
                "province": "utrecht",
                "location_description": "In heel Demostad, bij de gezinnen thuis",
                "children_reached": 95,
                "cost_total": Decimal("27000"),
                "cost_note": "Coördinatie, training en boeken (begroting 2025).",
                "result_summary": (
                    "95 kinderen in 60 gezinnen per jaar; taaltoets voor en na (eigen meting)."
                ),
                "evidence_level": "own-first-results",
                "evidence_basis": (
                    "Eigen meting: een taaltoets voor en na de twintig weken bij de 60 gezinnen "
                    "van 2025."
                ),
                "contact_name": "Bibliotheek Demostad",
                "contact_email": "voorlezen@demostad.example",
            },
            True,
        )
    )
    records.append(
        (
            {
                "title": "Huiswerkklas in de bibliotheek",
                "aim": "Leerlingen van groep 7 en 8 maken hun huiswerk met hulp.",
                "target_group": "Leerlingen van groep 7 en 8 in Havenkwartier",
                "support_types": ["huiswerk"],
                "audiences": ["kind"],
                "age_min": 10,
                "age_max": 12,
                "approach": "Twee middagen per week huiswerkbegeleiding door studenten.",
                "province": "utrecht",
                "evidence_level": "own-described",
                "evidence_basis": "Beschrijving van doel, doelgroep en aanpak (2025).",
                "contact_email": "huiswerk@demostad.example",
            },
            False,
        )
    )
    return records


def _peer_records() -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """(code, name, slug, records) of three peers, by the names of kansen.demo's peers."""
    brug = {
        "title": "Brugfunctionaris op school",
        "aim": "Ouders vinden via school de weg naar hulp, regelingen en aanbod.",
        "target_group": "Ouders van basisschoolleerlingen",
        "support_types": ["opvoeding", "geldzaken"],
        "audiences": ["ouder"],
        "age_min": 4,
        "age_max": 12,
        "approach": "Een brugfunctionaris per school met een vast inloopspreekuur.",
        "contact_email": "brugfunctionaris@{slug}.example",
    }
    voorlees = {
        "aim": "Kinderen met een taalachterstand lezen meer; ouders lezen voor.",
        "target_group": "Gezinnen met kinderen van 2 tot 8 jaar",
        "support_types": ["taal"],
        "audiences": ["kind", "ouder"],
        "age_min": 2,
        "age_max": 8,
        "approach": "Twintig weken lang wekelijks voorlezen in het gezin door een vrijwilliger.",
        "contact_email": "voorlezen@{slug}.example",
        "evidence_level": "own-described",
        "evidence_basis": (
            "Beschrijving van doel, doelgroep en aanpak volgens de werkwijze van de "
            "VoorleesExpress (2025)."
        ),
    }
    return [
        ("GM9901", "Oudeveen", "oudeveen", [
            {**brug, "province": "gelderland", "children_reached": 200,
             "cost_total": Decimal("42000"), "evidence_level": "own-first-results",
             "evidence_basis": "Telling van bereikte ouders 2024 en een enquête onder ouders.",
             "result_summary": "120 gezinnen met 200 kinderen bereikt in 2024 (eigen telling)."},
            {**voorlees, "title": "VoorleesExpress", "province": "gelderland",
             "children_reached": 40, "cost_total": Decimal("20000")},
        ]),
        ("GM9902", "Nieuwkerk aan de Vaart", "nieuwkerk-aan-de-vaart", [
            {**voorlees, "title": "VoorleesExpress", "province": "zuid-holland",
             "children_reached": 80, "cost_total": Decimal("36000")},
            {"title": "Taalmaatjes voor ouders", "province": "zuid-holland",
             "aim": "Ouders oefenen Nederlands met een vrijwilliger.",
             "target_group": "Ouders die weinig Nederlands spreken", "support_types": ["taal"],
             "audiences": ["ouder"], "approach": "Een uur per week samen praten en oefenen.",
             "children_reached": None, "cost_total": Decimal("9000"),
             "evidence_level": "own-described",
             "evidence_basis": "Beschrijving van doel, doelgroep en aanpak (2025).",
             "contact_email": "taalmaatjes@nieuwkerk-aan-de-vaart.example"},
        ]),
        ("GM9903", "Bergeijkhoven", "bergeijkhoven", [
            {**brug, "province": "noord-brabant", "evidence_level": "own-theory-of-change",
             "evidence_basis": "Veranderingstheorie met scholen en wijkteam (2023)."},
            {"title": "Sportbuurtwerk na school", "province": "noord-brabant",
             "aim": "Kinderen bewegen meer en komen bij een vereniging.",
             "target_group": "Kinderen van 6 tot 12 jaar in de wijken met de meeste armoede",
             "support_types": ["sport"], "audiences": ["kind"], "age_min": 6, "age_max": 12,
             "approach": "Drie middagen per week sport op het schoolplein met een buurtsportcoach.",
             "children_reached": 200, "cost_total": Decimal("60000"),
             "result_summary": "Deelname aan een sportvereniging van 31% naar 38% (2022-2024).",
             "evidence_level": "own-effect-study",
             "evidence_basis": "Vergelijking met twee wijken zonder sportbuurtwerk, 2022-2024.",
             "contact_email": "sport@bergeijkhoven.example"},
        ]),
    ]  # fmt: skip


_TARGETS = {
    "kind": "Kinderen van %s tot %s jaar",
    "jongere": "Jongeren van %s tot %s jaar",
    "ouder": "Ouders met kinderen van %s tot %s jaar",
}


def _own(
    title: str,
    province: str,
    support: list[str],
    audiences: list[str],
    ages: tuple[int, int],
    aim: str,
    approach: str,
    reached: int | None,
    cost: int | None,
    level: str,
    basis: str,
    result: str,
    mail: str,
) -> dict[str, Any]:
    """A fictional record with the municipality's own level and its basis."""
    return {
        "title": title, "province": province, "support_types": support, "audiences": audiences,
        "age_min": ages[0], "age_max": ages[1], "aim": aim, "approach": approach,
        "target_group": _TARGETS[audiences[0]] % ages,
        "children_reached": reached, "cost_total": Decimal(cost) if cost is not None else None,
        "evidence_level": level, "evidence_basis": basis, "result_summary": result,
        "contact_email": f"{mail}@{{slug}}.example",
    }  # fmt: skip


def _more_peer_records() -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """Seven more peers (the next names of kansen.demo's peers) with three fictional records
    each: every one an own level with its basis (no databank's level is claimed for them)."""
    return [
        ("GM9904", "Wijdemeren-Zuid", "wijdemeren-zuid", [
            _own("Ontbijt op school", "noord-holland", ["voeding"], ["kind"], (4, 12),
                 "Kinderen beginnen de schooldag met een ontbijt.",
                 "Elke ochtend een gezond ontbijt in de klas, door vrijwilligers.", 300, 24000,
                 "own-first-results", "Telling van deelnemers en een vragenlijst voor "
                 "leerkrachten, schooljaar 2024-2025.",
                 "Leerkrachten melden minder kinderen zonder ontbijt (eigen vragenlijst).",
                 "ontbijt"),
            _own("Schoolspullenpas", "noord-holland", ["schoolkosten"], ["ouder", "kind"],
                 (4, 18), "Gezinnen met een laag inkomen betalen schoolspullen niet zelf.",
                 "Een pas voor schoolspullen bij lokale winkels, via de school aangevraagd.",
                 450, 67500, "own-described",
                 "Beschrijving van doel, doelgroep en aanpak (2025).",
                 "450 kinderen kregen een pas in 2024 (eigen telling).", "schoolspullen"),
            _own("Muziekles in de klas", "noord-holland", ["cultuur"], ["kind"], (6, 12),
                 "Kinderen leren een instrument bespelen.",
                 "Een schooljaar wekelijks les in de klas van een muziekdocent.", 180, 54000,
                 "own-theory-of-change",
                 "Veranderingstheorie met de muziekschool en twee scholen (2024).",
                 "", "muziek"),
        ]),
        ("GM9905", "Kampervaart", "kampervaart", [
            _own("Jongerenwerk in de avond", "overijssel", ["talentontwikkeling"], ["jongere"],
                 (12, 18), "Jongeren hebben een plek en iemand om op terug te vallen.",
                 "Vier avonden per week een open inloop met jongerenwerkers.", 120, 96000,
                 "own-first-results",
                 "Bezoekersaantallen en gesprekken met jongeren, 2023-2024.",
                 "Gemiddeld 35 jongeren per avond (eigen telling 2024).", "jongerenwerk"),
            _own("Geldles op de middelbare school", "overijssel", ["geldzaken"], ["jongere"],
                 (12, 16), "Jongeren leren omgaan met geld en schulden voorkomen.",
                 "Zes lessen per klas door een budgetcoach van de gemeente.", 600, 18000,
                 "own-described", "Beschrijving van doel, lessen en doelgroep (2024).",
                 "", "geldles"),
            _own("Zwemles voor iedereen", "overijssel", ["sport"], ["kind"], (5, 10),
                 "Ieder kind haalt een zwemdiploma.",
                 "Schoolzwemmen in groep 4 en 5 tot het A-diploma.", 250, 75000,
                 "own-effect-study", "Diploma's vergeleken met de jaren voor het "
                 "schoolzwemmen, 2019-2024.",
                 "Kinderen met een A-diploma in groep 6 van 78% naar 94% (2019-2024).",
                 "zwemmen"),
        ]),
        ("GM9906", "Hooglanderveen-Oost", "hooglanderveen-oost", [
            _own("Peuterplus", "utrecht", ["cognitief", "taal"], ["kind"], (2, 4),
                 "Peuters met een risico op achterstand zijn klaar voor de basisschool.",
                 "Vier extra dagdelen voorschoolse educatie met een taalprogramma.", 70,
                 168000, "own-first-results",
                 "Taalmeting bij instroom en uitstroom van de voorschool, 2023-2024.",
                 "Bij uitstroom 64% op niveau, bij instroom 41% (eigen meting).",
                 "peuterplus"),
            _own("Opvoedspreekuur in het wijkcentrum", "utrecht", ["opvoeding"], ["ouder"],
                 (0, 12), "Ouders krijgen vroeg antwoord op vragen over opvoeden.",
                 "Wekelijks een spreekuur van een pedagoog, zonder afspraak.", None, 15000,
                 "own-described", "Beschrijving van doel en aanpak (2025).", "",
                 "opvoeden"),
            _own("Kindpakket", "utrecht", ["schoolkosten", "sport", "cultuur"],
                 ["ouder", "kind"], (0, 17),
                 "Kinderen in gezinnen met een laag inkomen doen mee.",
                 "Een tegoed per kind voor sport, cultuur en schoolspullen.", 900, 270000,
                 "own-theory-of-change",
                 "Veranderingstheorie bij de aanvraag van het armoedebeleid (2023).",
                 "900 kinderen gebruikten het tegoed in 2024 (eigen telling).",
                 "kindpakket"),
        ]),
        ("GM9907", "Zandvoorde", "zandvoorde", [
            _own("Zomerschool", "zeeland", ["huiswerk", "taal"], ["kind"], (10, 13),
                 "Kinderen gaan goed voorbereid naar de middelbare school.",
                 "Twee weken in de zomer lessen en activiteiten voor groep 8.", 60, 42000,
                 "own-first-results",
                 "Vragenlijst voor leerlingen en mentoren na het eerste jaar, 2024.",
                 "Mentoren noemen 9 van de 10 deelnemers goed gestart (eigen vragenlijst).",
                 "zomerschool"),
            _own("Maatjes voor jonge mantelzorgers", "zeeland", ["talentontwikkeling"],
                 ["jongere"], (10, 18), "Jonge mantelzorgers hebben tijd voor zichzelf.",
                 "Een vrijwillige maatje doet eens in de twee weken iets leuks.", 25, 45000,
                 "own-described", "Beschrijving van doel, doelgroep en werving (2024).",
                 "", "mantelzorg"),
            _own("Buitenspeeldag in de wijk", "zeeland", ["sport"], ["kind"], (4, 12),
                 "Kinderen spelen meer buiten.",
                 "Elke woensdagmiddag spelmateriaal en begeleiding op een plein.", 150,
                 6000, "own-theory-of-change",
                 "Veranderingstheorie met de speeltuinvereniging (2024).",
                 "", "buitenspelen"),
        ]),
        ("GM9908", "Drechtstad", "drechtstad", [
            _own("Stage-netwerk voor vmbo-leerlingen", "zuid-holland",
                 ["talentontwikkeling"], ["jongere"], (14, 18),
                 "Leerlingen zonder netwerk vinden een goede stage.",
                 "Een netwerk van bedrijven en een stagecoach per school.", 140, 56000,
                 "own-first-results", "Stageplaatsen en uitval gevolgd, 2023-2024.",
                 "Uitval uit de stage van 18% naar 9% (eigen registratie).", "stage"),
            _own("Gezinscoach bij schulden", "zuid-holland", ["geldzaken", "opvoeding"],
                 ["ouder"], (0, 17),
                 "Gezinnen met schulden krijgen rust en de kinderen blijven meedoen.",
                 "Een coach begeleidt het gezin een jaar, samen met de schuldhulp.", None,
                 160000, "own-effect-study",
                 "Vergelijking van gezinnen met en zonder coach in de schuldhulp, "
                 "2022-2024.",
                 "Minder uitval uit de schuldhulp met coach (eigen vergelijking).",
                 "gezinscoach"),
            _own("Bibliotheek op school", "zuid-holland", ["taal"], ["kind"], (4, 12),
                 "Kinderen lezen meer en met plezier.",
                 "Een leesconsulent en een collectie in de school.", 1200, 36000,
                 "own-described", "Beschrijving van doel en aanpak (2023).", "",
                 "bibliotheek"),
        ]),
        ("GM9909", "Lingewaard-Noord", "lingewaard-noord", [
            _own("Cultuurkaart voor de wijk", "gelderland", ["cultuur"], ["kind", "jongere"],
                 (6, 18), "Kinderen maken kennis met kunst en cultuur.",
                 "Een kaart met vijf gratis voorstellingen en workshops per jaar.", 500,
                 25000, "own-first-results",
                 "Gebruik van de kaart geteld en een enquête onder ouders, 2024.",
                 "62% van de kaarten gebruikt in 2024 (eigen telling).", "cultuur"),
            _own("Taalklas voor nieuwkomers", "gelderland", ["taal"], ["kind"], (6, 12),
                 "Nieuwkomers stromen snel door naar een gewone klas.",
                 "Een jaar taalklas met daarna begeleiding in de eigen klas.", 30, 90000,
                 "own-theory-of-change",
                 "Veranderingstheorie met de scholen en de taalklas (2024).", "",
                 "taalklas"),
            _own("Huiswerkhulp online", "gelderland", ["huiswerk"], ["jongere"], (12, 16),
                 "Leerlingen krijgen hulp bij huiswerk als het thuis niet kan.",
                 "Studenten helpen via video, vier avonden per week.", None, None,
                 "own-described", "Beschrijving van doel en aanpak (2025).", "",
                 "huiswerk"),
        ]),
        ("GM9910", "Vlietland", "vlietland", [
            _own("Gratis sportclub het eerste jaar", "zuid-holland", ["sport"], ["kind"],
                 (6, 14), "Kinderen worden lid van een sportclub en blijven.",
                 "De contributie van het eerste jaar betaald, met een buddy bij de club.",
                 110, 22000, "own-first-results",
                 "Lidmaatschap na een en twee jaar gevolgd bij de clubs, 2022-2024.",
                 "71% nog lid na twee jaar (eigen registratie bij de clubs).", "sportclub"),
            _own("Brede brugklas", "zuid-holland", ["cognitief"], ["jongere"], (12, 14),
                 "Leerlingen kiezen later en beter hun schoolniveau.",
                 "Twee jaar een brede brugklas met extra mentoruren.", 90, 81000,
                 "own-theory-of-change",
                 "Veranderingstheorie met twee scholen voor voortgezet onderwijs (2023).",
                 "", "brugklas"),
            _own("Ouderkamer op school", "zuid-holland", ["opvoeding", "taal"], ["ouder"],
                 (4, 12), "Ouders voelen zich welkom op school en doen mee.",
                 "Een ruimte op school met koffie, cursussen en een contactouder.", None,
                 12000, "own-described", "Beschrijving van doel en aanpak (2024).", "",
                 "ouderkamer"),
        ]),
    ]  # fmt: skip


def _intervention(
    name: str, goal: str, target: str, activities: str, where: str, amount: int, gka: int, mail: str
) -> dict[str, Any]:
    """An intervention of a peer's agenda: one budget line a year for two years, financed by
    the municipality and the GKA."""
    return {
        "name": name, "parties": ["Gemeente {name}", "Stichting Welzijn {name}"], "goal": goal,
        "target_group": target, "location": {"description": where}, "activities": activities,
        "monitoring": "Jaarlijkse telling van deelnemers en een gesprek met de uitvoerders.",
        "budget": [
            {"description": "Uitvoering", "amount": amount, "years": [2023]},
            {"description": "Uitvoering", "amount": amount, "years": [2024]},
        ],
        "financing": [
            {"funder": "municipality", "name": "Gemeente {name}", "amount": 2 * amount - gka},
            {"funder": "gka", "name": "GKA", "amount": gka},
        ],
        "website": "https://{slug}.example/" + mail, "contact": mail + "@{slug}.example",
        "status": "in_progress",
    }  # fmt: skip


def _peer_agendas() -> dict[str, tuple[list[tuple[str, list[str]]], list[dict[str, Any]]]]:
    """The published GKA-agendas 2021-2024 of three peers (fictional): action lines with their
    themes, and interventions with their money, so the national view has more than Demostad."""
    return {
        "GM9901": (
            [("Ouders en school", ["Brugfunctionaris op school", "Voorlezen thuis"]),
             ("Meedoen na school", ["Sport en cultuur in de wijk"])],
            [_intervention("Brugfunctionaris op school",
                           "Ouders vinden via school de weg naar hulp en regelingen.",
                           "Ouders van basisschoolleerlingen", "Een inloopspreekuur op school.",
                           "Vier basisscholen in het centrum", 21000, 30000, "brugfunctionaris"),
             _intervention("VoorleesExpress", "Kinderen met een taalachterstand lezen meer.",
                           "Gezinnen met kinderen van 2 tot 8 jaar",
                           "Twintig weken wekelijks voorlezen thuis door een vrijwilliger.",
                           "In heel Oudeveen", 10000, 10000, "voorlezen")],
        ),
        "GM9902": (
            [("Taal in het gezin", ["Voorlezen", "Taal voor ouders"]),
             ("Een goede start", ["Voorschool"])],
            [_intervention("VoorleesExpress", "Kinderen met een taalachterstand lezen meer.",
                           "Gezinnen met kinderen van 2 tot 8 jaar",
                           "Twintig weken wekelijks voorlezen thuis door een vrijwilliger.",
                           "Drie wijken aan de Vaart", 18000, 16000, "voorlezen"),
             _intervention("Taalmaatjes voor ouders",
                           "Ouders oefenen Nederlands met een vrijwilliger.",
                           "Ouders die weinig Nederlands spreken",
                           "Een uur per week samen praten en oefenen.", "In de bibliotheek",
                           4500, 4000, "taalmaatjes")],
        ),
        "GM9903": (
            [("Bewegen en meedoen", ["Sport na school"]),
             ("School en thuis", ["Brugfunctionaris"])],
            [_intervention("Sportbuurtwerk na school",
                           "Kinderen bewegen meer en komen bij een vereniging.",
                           "Kinderen van 6 tot 12 jaar",
                           "Drie middagen per week sport op het schoolplein.",
                           "De wijken met de meeste armoede", 30000, 40000, "sport"),
             _intervention("Brugfunctionaris op school",
                           "Ouders vinden via school de weg naar hulp en regelingen.",
                           "Ouders van basisschoolleerlingen", "Een inloopspreekuur op school.",
                           "Drie basisscholen", 25000, 30000, "brugfunctionaris")],
        ),
    }  # fmt: skip


def _agenda_document(peer: Municipality, lines: Any, items: list[dict[str, Any]]) -> Any:
    """A peer's agenda as a plan document, its names and addresses filled in."""
    import json

    def fill(value: Any) -> Any:
        return json.loads(
            json.dumps(value).replace("{name}", peer.name).replace("{slug}", peer.slug)
        )

    return {
        "schema_version": 2,
        "kind": "agenda",
        "municipality": peer.name,
        "municipality_code": peer.code,
        "title": f"GKA-agenda {peer.name} 2021-2024",
        "period": "2021-2024",
        "template": "gka-agenda-2021-2024",
        "source": f"Verzonnen voorbeeldagenda van de fictieve gemeente {peer.name}.",
        "pillars": [
            {"name": "Verbinding", "text": "School, thuis en buurt werken samen."},
            {"name": "Kennisdeling", "text": "Wat werkt, delen we met andere gemeenten."},
        ],
        "agreements": {
            "meetings": [
                {
                    "kind": "Bestuurlijk overleg",
                    "goal": "Voortgangsbespreking",
                    "frequency": "1 keer per jaar",
                    "composition": "Wethouder Onderwijs, vertegenwoordiger van OCW",
                }
            ]
        },
        "action_lines": [
            {
                "code": str(i),
                "title": title,
                "themes": [
                    {"code": f"{i}.{j}", "title": theme} for j, theme in enumerate(themes, 1)
                ],
            }
            for i, (title, themes) in enumerate(lines, 1)
        ],
        "interventions": fill(items),
        "signatories": [
            {
                "name": "C. Bakker",
                "role": "Wethouder Onderwijs",
                "organisation": f"Gemeente {peer.name}",
                "date": "2021-04-01",
                "place": peer.name,
            },
            {
                "name": "B. Jansen",
                "role": "Minister van Onderwijs, Cultuur en Wetenschap",
                "organisation": "Ministerie van Onderwijs, Cultuur en Wetenschap",
                "date": "2021-04-01",
                "place": "Den Haag",
            },
        ],
    }


def _load_agenda(peer: Municipality) -> None:
    """Publish the peer's demo agenda unless it has a plan (whatever the demo users did)."""
    from django.utils import timezone

    from kansen.web.plans import services as plans

    found = _peer_agendas().get(peer.code)
    if found is None or Plan.objects.filter(municipality=peer).exists():
        return
    plan = plans.create_plan(peer, None, _agenda_document(peer, *found), summary="Demo")
    plans.publish(plan, None, today=timezone.localdate())


def _load(municipality: Municipality, records: list[tuple[dict[str, Any], bool]]) -> int:
    if Practice.objects.filter(municipality=municipality).exists():
        return 0
    for data, published in records:
        practice = services.save_practice(municipality, None, data)
        if published:
            services.publish(practice, None)
    return len(records)


@transaction.atomic
def load_demo_practices(municipality: Municipality) -> int:
    """Load the demo records of each municipality that has none; return how many."""
    made = 0
    for code, name, slug, records in [*_peer_records(), *_more_peer_records()]:
        peer, _ = Municipality.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slug}
        )
        filled = [
            ({**r, "contact_email": r["contact_email"].format(slug=peer.slug)}, True)
            for r in records
        ]
        made += _load(peer, filled)
        _load_agenda(peer)
    plan = (
        Plan.objects.filter(
            municipality=municipality, status=PlanStatus.PUBLISHED, kind=PlanKind.AGENDA
        )
        .order_by("-first_year")
        .first()
    )
    return made + _load(municipality, _records(plan))
