"""A scored camera test as a MeasurementRecord, and staff confirm / edit of it.

Every automated score is stored with its provenance (anchors §5.2: staff confirm/override
of every automated score, stored as auto / confirmed / edited) and with the keypoints it
was computed from, so it can be re-scored or audited later.  Keypoints go in the record's
``raw_frames`` blob as one RawFrame (source ``pose_landmarks``, an .npz of float16
landmarks, ~200 bytes a frame); video is never stored here (anchors §6.14: keep
keypoints, not video; recording video is a separate, staff-enabled feature).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from drivers.readings import RawFrame
from measurements.norms.model import Classification
from measurements.pose.landmarks import LandmarkSequence
from measurements.pose.result import ScoreResult
from measurements.store import MeasurementRecord, Value, unpack_frames

KEYPOINTS_SOURCE = "pose_landmarks"  # RawFrame.source of the keypoint blob
SCORER_VERSION = "pose-scorers/1"  # bump when a threshold or a rule changes


class Provenance(enum.StrEnum):
    AUTO = "auto"  # the scorer's result, not yet seen by staff
    CONFIRMED = "confirmed"  # staff agreed with the automated score
    EDITED = "edited"  # staff replaced the score (e.g. counted by hand)


def build_record(
    result: ScoreResult, keypoints: LandmarkSequence, *, station_time: datetime,
    grade: Classification | None = None, video_recorded: bool = False, sequence: int = 0,
) -> MeasurementRecord:
    """The record to save for one automated score (provenance ``auto``)."""
    values: list[Value] = []
    if result.score is not None:
        values.append(Value(result.test.value, float(result.score), result.unit))
    course = result.method.get("course_m")
    if isinstance(course, float):
        values.append(Value("course_length", course, "m"))
    method: dict[str, Any] = dict(result.method)
    method.update({
        "events": [{"name": e.name, "t_s": round(e.t_s, 3)} for e in result.events],
        "confidence": round(result.confidence, 3),
        "scorer": SCORER_VERSION,
        "video_recorded": video_recorded,
    })
    return MeasurementRecord(
        kind=result.test.value, role="result", values=tuple(values), station_time=station_time,
        status="valid" if result.valid else "invalid", sequence=sequence,
        frames=(RawFrame(KEYPOINTS_SOURCE, keypoints.to_bytes(), station_time),),
        quality_flags=tuple(r.value for r in result.invalid_reasons) + result.flags,
        method=method, interpretation=grade.as_json() if grade is not None else {},
        provenance={"source": Provenance.AUTO.value, "scorer": SCORER_VERSION,
                    "scored_at": station_time.isoformat()},
    )


@dataclass(frozen=True, slots=True)
class StaffReview:
    """A staff member's decision on an automated score."""

    staff_id: str  # staff account id, never a visitor identifier
    at: datetime
    score: float | None = None  # None = confirm the automated score as is
    note: str = ""  # why it was edited ("counted 12 by hand: 2 stands missed")


def apply_review(record: MeasurementRecord, review: StaffReview,
                 grade: Classification | None = None) -> MeasurementRecord:
    """The record as staff left it: confirmed or edited, with who/when and the auto score.

    A confirmed or edited score is valid (staff vouch for it); the automated validity,
    reasons and score stay in the provenance and quality flags for audit.

    Raises:
        ValueError: confirming a test that produced no score (staff must enter one).
    """
    auto_values = {v.name: v.value for v in record.values}
    if review.score is None and record.kind not in auto_values:
        raise ValueError("there is no automated score to confirm; enter the score")
    action = Provenance.CONFIRMED if review.score is None else Provenance.EDITED
    values = record.values
    if review.score is not None:
        unit = next((v.unit for v in record.values if v.name == record.kind),
                    "s" if record.kind in {"sit_to_stand_5x", "timed_up_and_go",
                                           "one_leg_stance"} else "{count}")
        values = (Value(record.kind, float(review.score), unit),
                  *(v for v in record.values if v.name != record.kind))
    provenance = dict(record.provenance)
    provenance.update({
        "source": action.value, "by": review.staff_id, "at": review.at.isoformat(),
        "auto_score": auto_values.get(record.kind), "auto_status": record.status,
        "note": review.note,
    })
    interpretation = grade.as_json() if grade is not None else dict(record.interpretation)
    return replace(record, values=values, status="valid", provenance=provenance,
                   interpretation=interpretation)


def review_audit_detail(record: MeasurementRecord) -> dict[str, Any]:
    """The audit-log detail for a reviewed record (``store.audit(action="score_reviewed")``)."""
    p = record.provenance
    return {"kind": record.kind, "source": p.get("source"), "auto_score": p.get("auto_score"),
            "score": next((v.value for v in record.values if v.name == record.kind), None),
            "note": p.get("note", "")}


def keypoints_of(raw_frames_blob: bytes) -> LandmarkSequence | None:
    """The stored keypoints of a measurement row's ``raw_frames`` (None if it has none)."""
    for frame in unpack_frames(raw_frames_blob):
        if frame.source == KEYPOINTS_SOURCE:
            return LandmarkSequence.from_bytes(frame.data)
    return None
