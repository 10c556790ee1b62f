"""Timed Up and Go (3 m) and the SFT 8-ft up-and-go, with the course length recorded.

Protocol (anchors §2.1/§2.2): start seated, on "go" stand, walk to a cone ``course_m``
away, turn, walk back and sit.  Time from "go" until seated again.  Courses differ (3 m
TUG; 8 ft = 2.44 m SFT), so the course length is stored with every result (anchors §2.2).

Events come from the chair-stand signal (``chair_stand.stand_signal``): standing up is the
rise above STAND_LEVEL, sitting down the fall below SEATED_LEVEL; the walk is checked by
the horizontal travel of the hips (a fixed side view sees the whole course).
"""

from __future__ import annotations

import numpy as np

from measurements.pose import gates, tracking
from measurements.pose.chair_stand import LANDMARKS, SEATED_LEVEL, stand_cycles
from measurements.pose.features import fill_gaps, leg_length, mid
from measurements.pose.landmarks import Landmark, LandmarkSequence
from measurements.pose.result import Event, InvalidReason, ScoreResult, TestKind

L = Landmark

COURSE_TUG_M = 3.0
COURSE_SFT_8FT_M = 2.44  # 8 ft
# A walk to the cone and back moves the hips at least this many leg lengths sideways
# (3 m is ~3.5 leg lengths; 1.5 tolerates a camera that sees the person at an angle).
MIN_TRAVEL_LEGS = 1.5


def score_timed_up_and_go(
    seq: LandmarkSequence, *, start_s: float | None = None, course_m: float = COURSE_TUG_M,
) -> ScoreResult:
    """Seconds from ``start_s`` ("go") until seated again after walking the course."""
    start = float(seq.t_s[0]) if start_s is None else start_s
    person = gates.primary_person(seq)
    cycles, _, h = stand_cycles(person)
    cycles = [c for c in cycles if c.up_s >= start]
    method = {"protocol": "SFT 8-ft up-and-go" if abs(course_m - COURSE_SFT_8FT_M) < 0.05
              else "Timed Up and Go", "course_m": course_m}
    reasons: list[InvalidReason] = []
    events = [Event("go", 0.0)]
    hips_x = fill_gaps(seq.t_s, mid(person.point(L.LEFT_HIP), person.point(L.RIGHT_HIP))[:, 0],
                       tracking.GAP_FILL_S)
    score: float | None = None
    end = float(seq.t_s[-1])
    with np.errstate(invalid="ignore"):
        seated_at_go = bool(np.any(h[(seq.t_s >= start) & (seq.t_s <= start + 1.0)]
                                   < SEATED_LEVEL))
    if not cycles or not seated_at_go:
        reasons.append(InvalidReason.NOT_STARTED)
    else:
        walk = cycles[0]
        events.append(Event("stand_up", walk.up_s - start))
        if walk.down_s is None:
            reasons.append(InvalidReason.INCOMPLETE)
        else:
            end = walk.down_s
            score = round(end - start, 3)
            events.append(Event("sit_down", end - start))
        during = (seq.t_s >= walk.up_s) & (seq.t_s <= end)
        x = hips_x[during]
        if np.isfinite(x).any():
            seat_x = float(x[np.isfinite(x)][0])
            travel = np.abs(x - seat_x)
            turn = int(np.nanargmax(travel))
            events.append(Event("turn", float(seq.t_s[during][turn]) - start))
            method["travel_leg_lengths"] = round(float(travel[turn]) / leg_length(seq), 2)
            if float(travel[turn]) < MIN_TRAVEL_LEGS * leg_length(seq):
                reasons.append(InvalidReason.INCOMPLETE)
    report = tracking.assess(seq, start_s=start, end_s=end, landmarks=LANDMARKS)
    reasons = list(report.reasons) + [r for r in reasons if r not in report.reasons]
    method["frame_rate_hz"] = round(report.frame_rate_hz, 1)
    return ScoreResult(TestKind.TIMED_UP_AND_GO, score, "s", not reasons, report.confidence,
                       tuple(sorted(events, key=lambda e: e.t_s)), tuple(dict.fromkeys(reasons)),
                       (), method)
