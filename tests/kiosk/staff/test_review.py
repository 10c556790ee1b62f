"""Issue #7: staff confirm or override an automated camera score (kiosk/staff/review.py); the
stored record keeps the automated score in its provenance, and both decisions are audited
with the staff id (``score_confirmed`` / ``score_override``)."""

import json

import pytest

from kiosk.context import VisitState
from kiosk.staff import accounts, review
from measurements import store
from measurements.pose import scoring
from measurements.pose import synthetic_motion as motions
from measurements.pose.result import TestKind
from measurements.pose.synthetic import Conditions, make_case
from tests.kiosk.staff.helpers import PINS, create_accounts


@pytest.fixture
def participant(station):
    """A signed-in staff member and a staff-mode visit on screen; the real store."""
    ctx = station.ctx
    create_accounts(station)
    now = ctx.clock.now()
    visitor = store.create_guest(ctx.db, now=now, sex="female", birth_year=1948)
    visit = store.open_visit(ctx.db, visitor_id=visitor, station_id=ctx.config.station_id,
                             consent=store.Consent(True, True, False), now=now, mode="staff")
    ctx.visit = VisitState(visitor_id=visitor, visit_id=visit, sex="female", birth_year=1948)
    return accounts.sign_in(ctx.db, "1001", PINS["1001"], now=now)


def _automated(ctx):
    """A 5x chair stand scored by the real scorer on a synthetic sequence."""
    case = make_case("review", motions.sit_to_stand_5x(seed=3), Conditions(seed=3))
    result = scoring.score(TestKind.SIT_TO_STAND_5X, case.sequence)
    assert result.score is not None
    return review.automated_record(ctx, result, case.sequence), result.score


def _stored(ctx, measurement_id):
    value = ctx.db.execute("SELECT value FROM measurement_values WHERE measurement_id = ?"
                           " AND name = 'sit_to_stand_5x'", [measurement_id]).fetchone()[0]
    provenance = json.loads(ctx.db.execute("SELECT provenance FROM measurements WHERE id = ?",
                                           [measurement_id]).fetchone()[0])
    return value, provenance


def _audit(ctx, action):
    return ctx.db.execute("SELECT actor_role, actor_id, subject, detail FROM audit_log"
                          " WHERE action = ?", [action]).fetchall()


def test_an_override_is_stored_with_the_original_and_audited(station, participant) -> None:
    ctx = station.ctx
    auto, auto_score = _automated(ctx)
    override = round(auto_score + 1.4, 1)  # the staff member's stopwatch disagreed
    measurement_id = review.store_reviewed(ctx, auto, participant, score=override,
                                           note="stopwatch")
    value, provenance = _stored(ctx, measurement_id)
    assert value == override
    assert provenance["status"] == "edited" and provenance["by"] == "1001"
    assert provenance["original"] == pytest.approx(auto_score)
    assert provenance["auto_score"] == pytest.approx(auto_score)
    [(role, actor, subject, detail)] = _audit(ctx, "score_override")
    assert (role, actor, subject) == ("staff", "1001", ctx.visit.visit_id)
    detail = json.loads(detail)
    assert detail["measurement_id"] == measurement_id
    assert detail["score"] == override
    assert detail["auto_score"] == pytest.approx(auto_score)
    assert detail["note"] == "stopwatch"
    assert _audit(ctx, "score_confirmed") == []


def test_a_confirmation_keeps_the_score_and_is_audited(station, participant) -> None:
    ctx = station.ctx
    auto, auto_score = _automated(ctx)
    measurement_id = review.store_reviewed(ctx, auto, participant, score=None)
    value, provenance = _stored(ctx, measurement_id)
    assert value == pytest.approx(auto_score)
    assert provenance["status"] == "confirmed" and provenance["by"] == "1001"
    [(_, actor, _, detail)] = _audit(ctx, "score_confirmed")
    assert actor == "1001" and json.loads(detail)["measurement_id"] == measurement_id
    assert _audit(ctx, "score_override") == []


def test_nothing_is_stored_or_audited_before_staff_review(station, participant) -> None:
    ctx = station.ctx
    _automated(ctx)
    assert ctx.db.execute("SELECT count(*) FROM measurements WHERE visit_id = ?",
                          [ctx.visit.visit_id]).fetchone()[0] == 0
    assert _audit(ctx, "score_override") == _audit(ctx, "score_confirmed") == []


@pytest.mark.parametrize(("test", "value", "ok"), [
    (TestKind.SIT_TO_STAND_5X, 13.1, True), (TestKind.SIT_TO_STAND_5X, 1.0, False),
    (TestKind.CHAIR_STAND_30S, 14, True), (TestKind.CHAIR_STAND_30S, 140, False),
])
def test_an_implausible_override_is_refused_in_plain_korean(test, value, ok) -> None:
    problem = review.score_problem(test, value)
    assert (problem == "") is ok
    if not ok:
        assert "사이의 값을 입력해 주세요" in problem
