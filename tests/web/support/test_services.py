"""The rules of support requests and matches, through the services and selectors."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from kansen.web.support import deprivation, selectors, services
from kansen.web.support.models import (
    ErasedRequest,
    Match,
    MatchEvent,
    Notice,
    SupportRequest,
    Volunteer,
)

from .conftest import TODAY, file, request_data

pytestmark = pytest.mark.django_db


def test_a_request_holds_nothing_that_identifies_a_child(demo):
    request = file(demo)
    fields = {f.name for f in SupportRequest._meta.get_fields()}
    for forbidden in ("name", "first_name", "birth_date", "address", "bsn", "street"):
        assert forbidden not in fields
    assert request.reference.startswith("HV-")
    assert len(request.reference) == 9
    assert (request.age, request.pc4, request.needs, request.status) == (
        9,
        "3512",
        ["taal"],
        "waiting",
    )
    assert request.professional == demo["professional"]
    assert (request.consent_by, request.consent_on) == ("parent", date(2026, 11, 1))


def test_a_professional_files_only_for_its_own_municipality(demo, elders):
    with pytest.raises(PermissionDenied):
        services.file_request(
            elders["municipality"], request_data(), professional=demo["professional"], on=TODAY
        )


def test_the_public_form_is_a_switch_per_municipality(demo):
    with pytest.raises(PermissionDenied):
        services.file_request(demo["municipality"], request_data(), professional=None, on=TODAY)
    settings = services.matching_settings(demo["municipality"])
    settings.public_form = True
    settings.save()
    request = services.file_request(
        demo["municipality"], request_data(), professional=None, on=TODAY
    )
    assert request.source == "public"
    assert len(request.withdraw_token) >= 32
    assert services.withdraw_with_token(request.reference, "wrong", on=TODAY) is None
    assert SupportRequest.objects.get(pk=request.pk).status == "waiting"
    assert services.withdraw_with_token(request.reference, request.withdraw_token, on=TODAY)
    request.refresh_from_db()
    assert (request.status, request.closed_on) == ("withdrawn", TODAY)


def _codes(reasons):
    return [code for code, _params in reasons]


def test_the_matching_proposes_what_fits_with_its_reasons_and_says_why_others_wait(demo):
    near = file(demo)
    far = file(demo, pc4="3513")
    run = services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    assert (run.requests, run.matched, run.waiting_by_reason) == (2, 1, {"waiting.too_far": 1})
    match = Match.objects.get()
    assert (match.request, match.volunteer, match.status) == (near, demo["volunteer"], "proposed")
    assert _codes(match.reasons) == [
        "meets.needs", "meets.age", "meets.dates", "meets.distance",
        "meets.language", "meets.slots", "meets.capacity", "cost.default_deprivation",
    ]  # fmt: skip
    assert match.distance_km == 3
    assert match.needs_covered == ["taal"]
    # urgency 2, no deprivation index in this world: the default score 50 -> 2 * (10 + 5)
    assert match.priority == 30
    assert run.waiting_reasons[far.reference][0] == "waiting.too_far"
    rows = selectors.waiting_list(demo["municipality"].pk, on=TODAY)
    assert [(r.request, r.days) for r in rows] == [(far, 30)]


def test_a_match_lives_from_proposal_to_running_with_history_and_notices(demo):
    request = file(demo)
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    match = Match.objects.get()
    services.accept_match(match, by=demo["coordinator"])
    assert [(n.user, n.kind) for n in Notice.objects.all()] == [(demo["member"], "new_proposal")]
    assert mail.outbox[-1].to == ["aanbieder@example.org"]
    assert request.reference in mail.outbox[-1].subject
    services.confirm_match(match, by=demo["member"], on=date(2026, 12, 31))
    match.refresh_from_db()
    request.refresh_from_db()
    # the trial period of 2 months: the evaluation two calendar months later (clipped)
    assert (match.status, match.evaluation_on) == ("running", date(2027, 2, 28))
    assert (request.status, request.matched_on) == ("matched", date(2026, 12, 31))
    assert [(e.status, e.by) for e in MatchEvent.objects.filter(match=match)] == [
        ("proposed", demo["coordinator"]),
        ("accepted", demo["coordinator"]),
        ("confirmed", demo["member"]),
        ("running", demo["member"]),
    ]
    accepted = {n.user for n in Notice.objects.filter(kind="accepted")}
    assert accepted == {demo["coordinator"], demo["professional"]}
    services.end_match(match, by=demo["member"], reason="goal_reached", on=date(2027, 6, 1))
    request.refresh_from_db()
    assert (request.status, request.closed_on) == ("closed", date(2027, 6, 1))


def test_steps_out_of_order_are_refused(demo):
    file(demo)
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    match = Match.objects.get()
    with pytest.raises(ValidationError):
        services.confirm_match(match, by=demo["member"], on=TODAY)  # not accepted yet
    services.accept_match(match, by=demo["coordinator"])
    with pytest.raises(PermissionDenied):
        services.confirm_match(match, by=demo["professional"], on=TODAY)  # not its provider


def test_a_declined_match_puts_the_request_back_with_its_original_waiting_time(demo):
    request = file(demo, on=date(2026, 10, 1))
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    match = Match.objects.get()
    services.accept_match(match, by=demo["coordinator"])
    assert selectors.waiting_list(demo["municipality"].pk, on=TODAY) == []
    services.decline_match(match, by=demo["member"], reason="Anna is deze maand ziek")
    rows = selectors.waiting_list(demo["municipality"].pk, on=TODAY)
    assert [(r.request, r.days) for r in rows] == [(request, 61)]
    assert {n.user for n in Notice.objects.filter(kind="declined")} == {
        demo["coordinator"],
        demo["professional"],
    }
    assert Match.objects.get().decline_reason == "Anna is deze maand ziek"
    # the volunteer's place is free again, but not for this child: a declined pair is not
    # proposed again (the coordinator may still choose it by hand); another child may have it
    run = services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    assert (run.matched, run.waiting_reasons[request.reference]) == (
        0,
        ["waiting.refused", {"count": 1}],
    )
    other = file(demo)
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    assert Match.objects.get(status="proposed").request == other


def test_a_rejected_proposal_is_not_made_again_by_the_next_run(demo):
    request = file(demo)
    bob = Volunteer.objects.create(
        municipality=demo["municipality"], provider=demo["provider"], name="Bob",
        support_types=["taal"], languages=["ar"], slots=["wo-middag"], pc4="3511",
        max_km=5, max_children=1,
    )  # fmt: skip
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    first = Match.objects.get()
    services.reject_match(first, by=demo["coordinator"], reason="liever een vrouw")
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    second = Match.objects.get(status="proposed")
    assert second.request == request
    assert {first.volunteer, second.volunteer} == {demo["volunteer"], bob}


def test_a_volunteer_with_every_place_taken_is_not_proposed_again(demo):
    file(demo)
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    services.accept_match(Match.objects.get(), by=demo["coordinator"])
    second = file(demo)
    run = services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    assert run.matched == 0
    assert run.waiting_reasons[second.reference][0] == "waiting.not_available"


def test_a_new_run_keeps_open_proposals_it_makes_again_and_records_the_ones_it_replaces(demo):
    # a coordinator reading the proposals expects them not to vanish: the same proposal stays
    # (same row, its history intact); one the new run does not make again is closed as
    # superseded, a step in the request's history, never deleted
    first = file(demo, urgency=1)
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    kept = Match.objects.get()
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    assert list(Match.objects.values_list("pk", "status")) == [(kept.pk, "proposed")]
    assert [e.status for e in kept.events.all()] == ["proposed"]
    # an acute request arrives: Anna's one place goes to it, the first proposal is replaced
    acute = file(demo, urgency=3, on=date(2026, 11, 20))
    run = services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    kept.refresh_from_db()
    assert kept.status == "superseded"
    assert [(e.status, e.by, e.note) for e in kept.events.all()] == [
        ("proposed", demo["coordinator"], ""),
        ("superseded", demo["coordinator"], "vervangen door de koppelronde van 2026-12-01"),
    ]
    assert [(m.request, m.status) for m in Match.objects.filter(status="proposed")] == [
        (acute, "proposed")
    ]
    assert run.waiting_reasons[first.reference][0] == "waiting.all_full"
    rows = selectors.waiting_list(demo["municipality"].pk, on=TODAY)
    assert [(r.request, r.days) for r in rows] == [(first, 30)]


def test_a_change_must_fit_and_is_accepted_at_once(demo):
    request = file(demo)
    other = Volunteer.objects.create(
        municipality=demo["municipality"], provider=demo["provider"], name="Bob",
        support_types=["taal"], languages=["nl"], slots=["wo-middag"], pc4="3512",
        max_km=5, max_children=1,
    )  # fmt: skip
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    match = Match.objects.get()
    with pytest.raises(services.ChangeRefused) as refused:
        services.change_match(match, f"v{other.pk}", by=demo["coordinator"], on=TODAY)
    assert refused.value.reason.code == "waiting.no_language"  # Bob speaks no Arabic
    other.languages = ["ar"]
    other.save()
    new = services.change_match(match, f"v{other.pk}", by=demo["coordinator"], on=TODAY)
    assert (new.volunteer, new.status, new.request) == (other, "accepted", request)
    match.refresh_from_db()
    assert match.status == "rejected"


def test_closed_requests_are_erased_after_the_retention_period_keeping_counts(demo):
    request = file(demo, on=date(2026, 1, 10))
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=date(2026, 2, 1))
    match = Match.objects.get()
    services.accept_match(match, by=demo["coordinator"])
    services.confirm_match(match, by=demo["member"], on=date(2026, 2, 4))
    services.end_match(match, by=demo["member"], reason="goal_reached", on=date(2026, 3, 15))
    services.log_view(request, demo["coordinator"], "detail")
    withdrawn = file(demo, on=date(2026, 5, 1))
    services.withdraw_request(withdrawn, by=demo["professional"], on=date(2026, 5, 2))
    assert services.erase_closed_requests(on=date(2027, 3, 14)) == 0  # a day short of 12 months
    assert services.erase_closed_requests(on=date(2027, 3, 15)) == 1
    assert not SupportRequest.objects.filter(pk=request.pk).exists()
    assert not Match.objects.exists()
    assert not MatchEvent.objects.exists()
    erased = ErasedRequest.objects.get()
    assert (erased.outcome, erased.filed_month, erased.matched_month, erased.days_to_match) == (
        "closed", date(2026, 1, 1), date(2026, 2, 1), 25,
    )  # fmt: skip
    # the municipality's own period: 3 months
    settings = services.matching_settings(demo["municipality"])
    settings.retention_months = 3
    settings.save()
    assert services.erase_closed_requests(on=date(2026, 8, 1)) == 0
    SupportRequest.objects.filter(pk=withdrawn.pk).update(closed_on=date(2026, 5, 2))
    assert services.erase_closed_requests(on=date(2026, 8, 2)) == 1
    # the statistics still count the erased match
    months = selectors.shortage(demo["municipality"].pk, on=date(2027, 4, 1)).months
    assert months == [(date(2026, 2, 1), 1, 25.0)]


def test_open_requests_are_never_erased(demo):
    file(demo, on=date(2020, 1, 1))
    assert services.erase_closed_requests(on=date(2030, 1, 1)) == 0


def test_an_evaluation_due_is_notified_once(demo):
    file(demo)
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    match = Match.objects.get()
    services.accept_match(match, by=demo["coordinator"])
    services.confirm_match(match, by=demo["member"], on=TODAY)
    assert services.notify_evaluations_due(on=date(2027, 1, 31)) == 0
    assert services.notify_evaluations_due(on=date(2027, 2, 1)) == 1
    assert services.notify_evaluations_due(on=date(2027, 2, 2)) == 0
    due = {n.user for n in Notice.objects.filter(kind="evaluation_due")}
    assert due == {demo["coordinator"], demo["member"], demo["professional"]}


def test_shortage_signals_count_waiting_demand_unused_supply_and_time_to_match(demo):
    file(demo, pc4="3513", needs=["taal", "sport"], on=date(2026, 11, 1))
    file(demo, pc4="3513", needs=["sport"], on=date(2026, 11, 21))
    matched = file(demo, on=date(2026, 11, 11))
    services.run_matching(demo["municipality"], by=demo["coordinator"], on=TODAY)
    signals = selectors.shortage(demo["municipality"].pk, on=TODAY)
    # the proposed match holds Anna's only place
    assert signals.unused == []
    assert signals.waiting == [("sport", "3513", 2, 10), ("taal", "3513", 1, 30)]
    services.accept_match(Match.objects.get(), by=demo["coordinator"])
    services.confirm_match(Match.objects.get(), by=demo["member"], on=TODAY)
    signals = selectors.shortage(demo["municipality"].pk, on=TODAY)
    assert signals.months == [(date(2026, 12, 1), 1, 20.0)]
    assert matched.reference not in {r.request.reference for r in selectors.waiting_list(
        demo["municipality"].pk, on=TODAY)}  # fmt: skip
    Volunteer.objects.filter(pk=demo["volunteer"].pk).update(max_children=3)
    signals = selectors.shortage(demo["municipality"].pk, on=TODAY)
    assert signals.unused == [("huiswerk", 1, 2), ("taal", 1, 2)]


def test_a_postcode_area_takes_the_score_of_the_nearest_neighbourhood():
    points = {"3511": (0.0, 0.0), "3512": (1000.0, 0.0), "9999": (5.0, 5.0)}
    scores = {"BU02": (900.0, 0.0, 10.0), "BU01": (100.0, 0.0, 90.0), "BU03": (-100.0, 0.0, 50.0)}
    assert deprivation.pc4_scores(["3511", "3512", "0000"], points, scores) == {
        "3511": 90.0,  # BU01 and BU03 are both 100 m away: the lowest code
        "3512": 10.0,
    }
    assert deprivation.pc4_scores(["3511"], points, {}) == {}
