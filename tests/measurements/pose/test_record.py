"""A scored camera test stored with provenance and keypoints; staff confirm / edit."""

import json
from datetime import UTC, datetime

import pytest

from measurements.database import open_database
from measurements.norms.loader import load_directory
from measurements.norms.model import Sex
from measurements.pose import synthetic_motion as motions
from measurements.pose.chair_stand import score_chair_stand_30s
from measurements.pose.grading import grade
from measurements.pose.record import (
    KEYPOINTS_SOURCE,
    StaffReview,
    apply_review,
    build_record,
    keypoints_of,
    review_audit_detail,
)
from measurements.pose.synthetic import Conditions, make_case
from measurements.pose.tug import score_timed_up_and_go
from measurements.store import Consent, create_guest, open_visit, save_measurement

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def chair():
    case = make_case("cs", motions.chair_stand(seed=1), Conditions(seed=1))
    return case.sequence, score_chair_stand_30s(case.sequence, **case.truth.options)


def test_auto_record_carries_score_events_provenance_and_keypoints(chair):
    seq, result = chair
    record = build_record(result, seq, station_time=NOW)
    assert record.kind == "chair_stand_30s"
    assert record.role == "result"
    assert record.status == "valid"
    assert [(v.name, v.value, v.unit) for v in record.values] == [
        ("chair_stand_30s", result.score, "{count}")]
    assert record.provenance["source"] == "auto"
    assert [e["name"] for e in record.method["events"]].count("stand") == 10
    assert record.method["video_recorded"] is False
    (frame,) = record.frames
    assert frame.source == KEYPOINTS_SOURCE
    assert len(frame.data) < 300 * len(seq)  # compact: a few hundred bytes a frame


def test_saved_record_round_trips_keypoints_through_the_database(chair):
    seq, result = chair
    db = open_database(None)
    visitor = create_guest(db, now=NOW, sex="female", birth_year=1950)
    visit = open_visit(db, visitor_id=visitor, station_id="st-1",
                       consent=Consent(True, True, False), now=NOW)
    record = build_record(result, seq, station_time=NOW)
    mid = save_measurement(db, station_id="st-1", visit_id=visit, record=record, now=NOW)
    row = db.execute("SELECT raw_frames, provenance, status FROM measurements WHERE id = ?",
                     [mid]).fetchone()
    back = keypoints_of(row[0])
    assert back is not None
    assert len(back) == len(seq)
    assert json.loads(row[1])["source"] == "auto"
    assert row[2] == "valid"


def test_invalid_score_is_stored_invalid_with_its_reasons():
    case = make_case("by", motions.chair_stand(seed=2), Conditions(bystander_at_s=4.0))
    result = score_chair_stand_30s(case.sequence, **case.truth.options)
    record = build_record(result, case.sequence, station_time=NOW)
    assert record.status == "invalid"
    assert "tracker_jumped" in record.quality_flags


def test_staff_confirm_keeps_the_score_and_records_who_and_when(chair):
    seq, result = chair
    record = build_record(result, seq, station_time=NOW)
    at = datetime(2026, 11, 22, 9, 5, tzinfo=UTC)
    confirmed = apply_review(record, StaffReview("staff-7", at))
    assert confirmed.values == record.values
    assert confirmed.provenance["source"] == "confirmed"
    assert confirmed.provenance["by"] == "staff-7"
    assert confirmed.provenance["at"] == at.isoformat()
    assert confirmed.provenance["auto_score"] == result.score


def test_staff_edit_replaces_the_score_and_keeps_the_automated_one(chair):
    seq, result = chair
    record = build_record(result, seq, station_time=NOW)
    edited = apply_review(record, StaffReview("staff-7", NOW, score=12, note="counted by hand"))
    assert edited.values[0].value == 12.0
    assert edited.values[0].unit == "{count}"
    assert edited.provenance["source"] == "edited"
    assert edited.provenance["auto_score"] == result.score
    detail = review_audit_detail(edited)
    assert detail == {"kind": "chair_stand_30s", "source": "edited",
                      "auto_score": result.score, "score": 12.0, "note": "counted by hand"}


def test_confirming_a_test_without_a_score_needs_a_score():
    case = make_case("tug", motions.timed_up_and_go(seed=1, sits_down=False))
    result = score_timed_up_and_go(case.sequence, **case.truth.options)
    record = build_record(result, case.sequence, station_time=NOW)
    assert [v.name for v in record.values] == ["course_length"]
    with pytest.raises(ValueError, match="enter the score"):
        apply_review(record, StaffReview("staff-1", NOW))
    edited = apply_review(record, StaffReview("staff-1", NOW, score=14.2))
    assert edited.status == "valid"
    assert edited.values[0].unit == "s"
    assert edited.provenance["auto_status"] == "invalid"


def test_tug_course_length_is_a_stored_value():
    case = make_case("tug", motions.timed_up_and_go(seed=1, course_m=2.44))
    result = score_timed_up_and_go(case.sequence, **case.truth.options)
    record = build_record(result, case.sequence, station_time=NOW)
    assert ("course_length", 2.44, "m") in [(v.name, v.value, v.unit) for v in record.values]


def test_graded_record_names_the_norm_table(chair):
    seq, result = chair
    classification = grade(result, load_directory(), sex=Sex.FEMALE, age_years=76)
    record = build_record(result, seq, station_time=NOW, grade=classification)
    assert record.interpretation["table_id"] == "sft-rikli-jones"
