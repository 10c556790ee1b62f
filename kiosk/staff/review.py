"""Staff review of automated camera scores: confirm or override, stored and audited.

The automated score is never stored on its own: staff confirm it or replace it first
(health-kiosk-anchors.md §5.2, via measurements/pose/record.py).  An override keeps the
original in the provenance -- ``{"status": "edited", "by", "at", "original"}`` next to
record.py's ``source``/``auto_score`` fields -- and writes an audit entry ``score_override``;
a confirmation writes ``score_confirmed``.  Qt-free.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kiosk.staff.accounts import StaffSession
from kiosk.workflows import norms
from measurements import store
from measurements.norms import Sex
from measurements.norms.model import Classification
from measurements.pose import grading, record
from measurements.pose.landmarks import LandmarkSequence
from measurements.pose.result import ScoreResult, TestKind
from measurements.store import MeasurementRecord

TIMED = frozenset({TestKind.SIT_TO_STAND_5X, TestKind.TIMED_UP_AND_GO,
                   TestKind.ONE_LEG_STANCE})
# plausible ranges for a score typed by staff (a typo guard, not a norm)
SCORE_RANGES: dict[TestKind, tuple[float, float]] = {
    TestKind.CHAIR_STAND_30S: (0, 50),
    TestKind.SIT_TO_STAND_5X: (3, 120),
    TestKind.TIMED_UP_AND_GO: (3, 120),
    TestKind.STEP_2MIN: (0, 250),
    TestKind.ONE_LEG_STANCE: (0, 120),
    TestKind.ARM_CURL_30S: (0, 60),
}


def score_problem(test: TestKind, value: float) -> str:
    """Korean message when a typed score is outside the plausible range, else ""."""
    low, high = SCORE_RANGES[test]
    if not low <= value <= high:
        return f"{low:g}에서 {high:g} 사이의 값을 입력해 주세요."
    if test not in TIMED and not float(value).is_integer():  # a count: stands, curls, steps
        return "횟수는 소수점 없이 입력해 주세요."
    return ""


def _age(ctx: Any) -> int | None:
    born = ctx.visit.birth_year
    return None if born is None else ctx.clock.now().year - int(born)


def grade_of(ctx: Any, result: ScoreResult) -> Classification | None:
    sex = Sex(ctx.visit.sex) if ctx.visit.sex else None
    return grading.grade(result, norms(), sex=sex, age_years=_age(ctx))


def automated_record(ctx: Any, result: ScoreResult, keypoints: LandmarkSequence
                     ) -> MeasurementRecord:
    return record.build_record(result, keypoints, station_time=ctx.clock.now(),
                               grade=grade_of(ctx, result))


def manual_camera_record(ctx: Any, test: TestKind) -> MeasurementRecord:
    """A record for a camera test nothing could be scored from (staff enter the score)."""
    result = ScoreResult(test, None, "s" if test in TIMED else "{count}", False, 0.0)
    empty = LandmarkSequence.from_rows([], [], (640, 480))
    return record.build_record(result, empty, station_time=ctx.clock.now())


def store_reviewed(ctx: Any, auto: MeasurementRecord, session: StaffSession, *,
                   score: float | None, note: str = "") -> str:
    """Apply the staff decision, store the record and audit it; returns the measurement id."""
    now = ctx.clock.now()
    test = TestKind(auto.kind)
    grade = None
    if score is not None:
        unit = "s" if test in TIMED else "{count}"
        grade = grade_of(ctx, ScoreResult(test, score, unit, True, 1.0,
                                          method=dict(auto.method)))
    reviewed = record.apply_review(auto, record.StaffReview(session.staff_id, now, score, note),
                                   grade)
    original = next((v.value for v in auto.values if v.name == auto.kind), None)
    provenance = dict(reviewed.provenance)
    provenance.update({"status": "edited" if score is not None else "confirmed",
                       "by": session.staff_id, "at": now.isoformat(), "original": original})
    reviewed = replace(reviewed, provenance=provenance)
    visit_id = ctx.visit.visit_id
    with ctx.db.atomic():
        measurement_id = store.save_measurement(ctx.db, station_id=ctx.config.station_id,
                                                visit_id=visit_id, record=reviewed, now=now)
        detail = record.review_audit_detail(reviewed)
        detail["measurement_id"] = measurement_id
        store.audit(ctx.db, actor_role=session.role.value, actor_id=session.staff_id,
                    action="score_override" if score is not None else "score_confirmed",
                    subject=visit_id, now=now, detail=detail)
    return measurement_id
