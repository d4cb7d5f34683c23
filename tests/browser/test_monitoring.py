"""End to end in Chromium: a programme lead adds a goal with an indicator, baseline (with its
interval) and target to Demostad's execution plan, enters a measurement, sees the status,
changes the measurement to one of a day and sees the status follow, records a learning
evaluation with an action, downloads the yearly report (its first page rendered to PNG, its
headings, chart and money table checked in the PDF's text), publishes the plan and the report
(a visitor downloads it); axe-core finds no violations in Dutch and in English, also on a
phone's width."""

from __future__ import annotations

import os
from datetime import date

import pytest

from kansen.web.accounts.constants import Role
from kansen.web.accounts.models import Municipality, User
from kansen.web.monitoring import views

from .conftest import axe_violations, log_in

PASSWORD = "demo-kansen"
PLAN = "/plannen/demostad/demostad-kansrijk-uitvoeringsplan-gelijke-kansen/"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def lead(transactional_db, monkeypatch):
    from kansen.web.plans.demo import load_demo_plans

    monkeypatch.setattr(views, "today", lambda: date(2026, 3, 1))
    demostad = Municipality.objects.create(code="GM9999", name="Demostad", slug="demostad")
    load_demo_plans(demostad)
    return User.objects.create_user(
        "projectleider", password=PASSWORD, municipality=demostad, role=Role.PROGRAMME_LEAD
    )


def _log_in(page, live_server, user) -> None:
    log_in(page, live_server.url, user.username, PASSWORD, PLAN, keyboard=True)


def _save(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_programme_lead_monitors_a_plan_and_downloads_the_yearly_report(
    page, live_server, lead, tmp_path
):
    _log_in(page, live_server, lead)
    page.get_by_role(
        "link", name="Dashboard: 0 doelen met hun indicatoren en hun voortgang"
    ).click()
    assert page.locator("h1").inner_text().startswith("Monitoring van Demostad Kansrijk")
    assert axe_violations(page) == []

    # a goal that belongs to action line 1
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Doel", exact=True).fill("Meer gezinnen vinden de weg naar regelingen")
    page.get_by_label(
        "Actielijn 1: Kinderen en ouders vinden en gebruiken het aanbod van Demostad"
    ).check()
    assert axe_violations(page) == []
    _save(page, "Doel opslaan")
    assert "Het doel is toegevoegd." in page.locator("main").inner_text()

    # an indicator: a failed save keeps what was typed
    page.get_by_role("link", name="Indicator toevoegen").click()
    page.get_by_label("Indicator", exact=True).fill("Gezinnen geholpen door een brugfunctionaris")
    page.get_by_label("Eenheid").fill("gezinnen")
    page.get_by_label("Hoger is gunstiger").check()
    page.get_by_label("zelf gemeten").check()
    page.get_by_label("Nulmeting", exact=True).fill("120")
    page.get_by_label("Jaar van de nulmeting").fill("2023")
    page.get_by_label("Aantal waarnemingen van de nulmeting").fill("12")
    page.get_by_label("Ondergrens van de nulmeting (95%)").fill("112,5")
    page.get_by_label("Bovengrens van de nulmeting (95%)").fill("127,5")
    page.get_by_label("een waarde").check()
    page.get_by_label("Streefwaarde", exact=True).fill("400")
    page.get_by_label("Streefjaar").fill("2020")
    _save(page, "Indicator opslaan")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert page.title().startswith("Fout:")
    assert page.get_by_label("Nulmeting", exact=True).input_value() == "120"
    assert page.get_by_label("Ondergrens van de nulmeting (95%)").input_value() == "112,5"
    assert axe_violations(page) == []
    page.get_by_label("Streefjaar").fill("2028")
    _save(page, "Indicator opslaan")
    status = page.locator(".status").first
    assert status.inner_text() == "Nog niet meetbaar"

    # a measurement: the status follows
    page.get_by_role("link", name="Meting toevoegen").click()
    page.get_by_label("Jaar", exact=True).fill("2025")
    page.get_by_label("Waarde").fill("235")
    page.get_by_label("Bron").fill("Registratie brugfunctionarissen")
    assert axe_violations(page) == []
    _save(page, "Meting opslaan")
    assert page.locator(".status").first.inner_text() == "Op koers"
    chart = page.locator(".indicator__chart img").first
    assert chart.get_attribute("alt").startswith("Grafiek van Gezinnen geholpen")
    assert page.evaluate("(img) => img.naturalWidth > 0", chart.element_handle())
    table = page.locator("table", has_text="Cijfers van Gezinnen geholpen")
    assert "235" in table.inner_text()
    assert "112,5 – 127,5" in table.inner_text()
    assert axe_violations(page) == []

    # the measurement changed: it was counted up to 1 July 2025, and is judged at that day
    page.get_by_role("link", name="Wijzigen de meting van 2025").click()
    assert page.get_by_label("Waarde").input_value() == "235"
    page.get_by_label("Jaar", exact=True).fill("")
    page.get_by_label("Datum").fill("2025-07-01")
    _save(page, "Meting opslaan")
    assert page.locator(".status").first.inner_text() == "Versnelling nodig"
    assert (
        "235 op 1 juli 2025: 82,2% van het tempo" in page.locator(".indicator").first.inner_text()
    )
    assert "1 juli 2025" in table.inner_text()

    # a learning evaluation with an action that is overdue
    page.get_by_role("link", name="Lerend evalueren").first.click()
    page.get_by_label("Datum").fill("2025-10-01")
    page.get_by_label("Onderwerp", exact=True).fill("Werkt de brugfunctionaris?")
    page.get_by_label("Organisaties", exact=True).fill("Welzijn Demostad\nSPO Demostad")
    page.get_by_label("Ervaringsdeskundigen").fill("4")
    page.get_by_label("Professionals", exact=True).fill("Fatima B., brugfunctionaris")
    page.get_by_label("Bevindingen", exact=True).fill(
        "De aanvraag voor de schoolkostenregeling is te zwaar."
    )
    assert axe_violations(page) == []
    _save(page, "Sessie vastleggen")
    page.get_by_label("Actie", exact=True).fill("Eén formulier voor de schoolkostenregeling")
    page.get_by_label("Eigenaar").fill("Team Armoede")
    page.get_by_label("Uiterlijk op").fill("2026-01-15")
    _save(page, "Actie toevoegen")
    assert "te laat" in page.locator("#acties table").inner_text()
    assert axe_violations(page) == []

    # the plan page flags it
    page.goto(live_server.url + PLAN)
    assert (
        "Eén formulier voor de schoolkostenregeling"
        in page.locator("#overdue-actions").inner_text()
    )

    # the yearly report
    page.goto(live_server.url + PLAN + "monitoring/")
    url = page.get_by_role("link", name="Rapportage 2025 (PDF)").get_attribute("href")
    response = page.request.get(live_server.url + url)
    assert response.headers["content-type"] == "application/pdf"
    pdf_path = tmp_path / "rapportage.pdf"
    pdf_path.write_bytes(response.body())
    _check_pdf(pdf_path, tmp_path)

    # the plan (its check finds no errors) and the report of 2025 published, as a user does
    page.goto(live_server.url + PLAN)
    with page.expect_navigation():
        page.get_by_role("button", name="Publiceren", exact=True).click()
    assert "Het plan is gepubliceerd" in page.locator("main").inner_text()
    page.goto(live_server.url + PLAN + "monitoring/rapportage/2025/")
    page.get_by_label("Deze rapportage publiceren op de openbare planpagina").check()
    _save(page, "Opslaan")
    outsider = page.context.browser.new_context(locale="nl-NL").new_page()
    outsider.goto(live_server.url + PLAN)
    outsider.get_by_role("link", name="Jaarrapportage 2025 (PDF)").wait_for()
    public = outsider.request.get(live_server.url + PLAN + "monitoring/rapportage/2025/pdf/")
    assert (public.status, public.headers["content-type"]) == (200, "application/pdf")
    outsider.context.close()
    page.goto(live_server.url + PLAN + "monitoring/")

    # English, and a phone's width
    page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_scroll(page)
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Monitoring of Demostad Kansrijk")
    assert page.locator(".status").first.inner_text() == "Needs acceleration"
    _no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Learning evaluations").first.click()
    assert axe_violations(page) == []


def _check_pdf(path, tmp_path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    first = pdf[0]
    image = first.render(scale=1).to_pil()
    image.save(tmp_path / "page1.png")
    assert image.size[0] > 500
    # the page is not blank: text and chart are drawn on it
    darkest, lightest = image.convert("L").getextrema()
    assert (darkest, lightest) == (darkest, 255)
    assert darkest < 100
    # lines broken where the PDF breaks them: compared as words
    text = " ".join(
        " ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))
    )
    for heading in (
        "Jaarrapportage 2025",
        "Doelen en voortgang",
        "Meer gezinnen vinden de weg naar regelingen",
        "Status: versnelling nodig.",
        "Interventies en inspanningen",
        "Geld: uitgegeven tegenover begroot",
        "Lerend evalueren",
        "Volgend jaar",
    ):
        assert heading in text, heading
    # the chart's legend and axis, drawn in the PDF
    assert "nulmeting" in text
    assert "2028" in text
    # the money table of 2025 from the plan's financial overview
    assert "Actielijn 1: aanbod vinden en gebruiken € 210.000" in text
    assert "Totaal € 402.000" in text
    # names of professionals stay out of the report; roles are in
    assert "Fatima" not in text
    assert "professionals: brugfunctionaris" in text


def test_typed_names_never_run_as_a_script_on_the_monitoring_pages(page, live_server, lead):
    """Every text a programme lead types is shown as text: in the page, in the chart's image
    and its table, on the evaluation pages and the plan page."""
    from decimal import Decimal

    from kansen.web.monitoring import services
    from kansen.web.plans.models import Plan

    payloads = (
        "<img src=x onerror=window.__xss=1>",
        '"><script>window.__xss=1</script>',
        "<svg onload=window.__xss=1>",
    )
    plan = Plan.objects.get(slug=PLAN.strip("/").split("/")[-1])
    goal = services.create_goal(plan, title=payloads[0], description=payloads[1])
    indicator = services.create_indicator(
        goal,
        {
            "name": payloads[2],
            "unit": payloads[0],
            "direction": "higher",
            "source_kind": "manual",
            "target_group": payloads[1],
            "baseline_value": Decimal(10),
            "baseline_year": 2023,
            "baseline_source": payloads[2],
            "target_value": Decimal(20),
            "target_year": 2027,
            "note": payloads[0],
        },
    )
    services.add_measurement(
        indicator, year=2025, value=Decimal(14), source=payloads[1], note=payloads[2]
    )
    session = services.record_session(
        plan,
        date=date(2025, 5, 1),
        title=payloads[0],
        organisations=[payloads[1]],
        professionals=[{"name": payloads[2], "role": payloads[0]}],
        findings=payloads[1],
    )
    services.add_action(session, description=payloads[2], owner=payloads[0], due=date(2025, 6, 1))
    _log_in(page, live_server, lead)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (
        PLAN,
        PLAN + "monitoring/",
        PLAN + "monitoring/evaluaties/",
        PLAN + f"monitoring/evaluaties/{session.uuid}/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert payloads[0] in page.locator("main").inner_text() or path.endswith("evaluaties/")
    assert dialogs == []
