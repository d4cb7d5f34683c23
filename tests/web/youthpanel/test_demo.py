"""Demostad's youth panel: two waves of about 600 synthetic pupils in classes of three schools,
with results that show suppressed cells, a difference between school levels and a change."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from kansen.surveys import synthetic_panel
from kansen.web.youthpanel import results
from kansen.web.youthpanel.demo import load_demo_youthpanel
from kansen.web.youthpanel.models import ClassCode, Response, Wave

pytestmark = pytest.mark.django_db


def test_the_demo_stores_every_synthetic_pupil_once(demostad):
    assert load_demo_youthpanel(demostad) is not None
    assert load_demo_youthpanel(demostad) is None  # idempotent
    answers, _classes = synthetic_panel()
    assert Response.objects.aggregate(n=Sum("count"))["n"] == len(answers.frame) == 598
    per_wave = {w.label: (w.status, w.published) for w in Wave.objects.all()}
    # last year's results published (other municipalities and monitoring read them); this
    # year's wave still open, its results seen by the municipality only
    assert per_wave == {"2025": ("closed", True), "2026": ("open", False)}
    assert ClassCode.objects.aggregate(n=Sum("responses"))["n"] == 598
    assert sorted(set(ClassCode.objects.values_list("school", flat=True))) == sorted(
        set(answers.frame["school"])
    )


def test_the_demo_results_show_suppression_and_a_change(demostad):
    load_demo_youthpanel(demostad)
    wave = Wave.objects.get(label="2026")
    by_age = results.compute(wave, "age")
    cells = [c for t in by_age.tables for r in t.rows for c in r.cells]
    assert any(c.suppressed for c in cells)
    assert by_age.previous == "2025"
    total = results.compute(wave, "")
    assert total.respondents == 306
    assert any(c.flag for t in total.tables for r in t.rows for c in r.cells)


def test_an_answer_gives_monitoring_a_series_per_wave(demostad):
    questionnaire = load_demo_youthpanel(demostad)
    series = results.indicator_series(questionnaire, "hulp_huiswerk", "ja")
    answers, _classes = synthetic_panel()
    frame = answers.frame
    expected = []
    for wave in ("2025", "2026"):
        given = frame[(frame["wave"] == wave) & frame["hulp_huiswerk"].notna()]
        expected.append(
            (wave, int(wave), round(100 * (given["hulp_huiswerk"] == "ja").mean(), 1), len(given))
        )
    assert [(p.wave, p.year, p.value, p.n) for p in series] == expected
    assert all(p.lower < p.value < p.upper for p in series)
    means = results.indicator_series(questionnaire, "veilig")
    assert [p.wave for p in means] == ["2025", "2026"]


def test_setup_demo_says_what_the_youth_panel_holds(demostad):
    from kansen.web.youthpanel.demo import demo_summary

    assert demo_summary(demostad) is None
    load_demo_youthpanel(demostad)
    counts = dict(
        Wave.objects.values_list("label").annotate(n=Sum("responses__count")).order_by("label")
    )
    code = ClassCode.objects.filter(wave__label="2026").order_by("code").first().code
    assert demo_summary(demostad) == (
        f"Youth panel: 598 pupils in waves 2025 ({counts['2025']} pupils, closed, results "
        f"published); 2026 ({counts['2026']} pupils, open until 16-07-2027). "
        f"A pupil's form: /jeugdpanel/k/{code}/"
    )
    assert counts["2026"] == 306
