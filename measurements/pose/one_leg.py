"""One-leg stance, eyes open: seconds from foot-off to foot-down, capped at 120 s.

Protocol (anchors §2.2, MEXT 新体力テスト 65-79): hands on hips, one foot lifted a few cm;
the time stops when the lifted foot touches the floor; the cap is 120 s.  Signal: the
height difference of the two ankles in leg lengths.  Foot-off = rising above LIFT_LEVEL,
foot-down = falling below DOWN_LEVEL.  Not detected: hands leaving the hips or the support
foot shifting (MEXT also stops for those) -- staff watch for them and edit the score.
"""

from __future__ import annotations

import numpy as np

from measurements.pose import gates, tracking
from measurements.pose.features import fill_gaps, hysteresis_cycles, leg_length, smooth
from measurements.pose.landmarks import FloatArray, Landmark, LandmarkSequence
from measurements.pose.result import Event, InvalidReason, ScoreResult, TestKind

L = Landmark

CAP_S = 120.0
LIFT_LEVEL = 0.06  # ~5 cm for a 0.85 m leg
DOWN_LEVEL = 0.03
# A lift must stay up this long to be the stance (persistence, like the tracker-jump
# check): with ~8 px jitter at 12 fps the 0.2 s smoothed signal still pokes above
# LIFT_LEVEL for a frame or two on a standing person, and the first such blip was taken
# as the whole stance (foot-down seconds early; bench/pose_accuracy.py noise sweep).  A
# real trial this short scores ~0 either way, and MEXT gives a second trial.
MIN_LIFT_S = 0.5
LANDMARKS = (L.LEFT_ANKLE, L.RIGHT_ANKLE, L.LEFT_HIP, L.RIGHT_HIP)


def foot_lift_signal(seq: LandmarkSequence) -> FloatArray:
    """|ankle height difference| in leg lengths, smoothed BEFORE taking the magnitude.

    Smoothing |noise| cannot average it away: its mean is ~0.8 SD, so with ~8 px jitter
    (0.05 leg lengths a frame at 2.3 m framing) the standing signal sat above DOWN_LEVEL
    and foot-down came 0.6-20 s late (bench/pose_accuracy.py noise sweep).  The signed
    difference averages to zero on the floor; which foot is lifted does not matter after
    the magnitude is taken.
    """
    diff = seq.point(L.LEFT_ANKLE)[:, 1] - seq.point(L.RIGHT_ANKLE)[:, 1]
    lift = fill_gaps(seq.t_s, diff / leg_length(seq), tracking.GAP_FILL_S)
    return np.abs(smooth(seq.t_s, lift, tracking.SMOOTH_S))


def score_one_leg_stance(
    seq: LandmarkSequence, *, start_s: float | None = None, cap_s: float = CAP_S,
) -> ScoreResult:
    start = float(seq.t_s[0]) if start_s is None else start_s
    person = gates.primary_person(seq)
    lift = foot_lift_signal(person)
    cycles, _ = hysteresis_cycles(seq.t_s, lift, low=DOWN_LEVEL, high=LIFT_LEVEL)
    cycles = [c for c in cycles if c.up_s >= start
              and (c.down_s is None or c.down_s - c.up_s >= MIN_LIFT_S)]
    reasons: list[InvalidReason] = []
    events: list[Event] = []
    score: float | None = None
    end = float(seq.t_s[-1])
    method: dict[str, object] = {"protocol": "one-leg stance, eyes open (MEXT)", "cap_s": cap_s}
    if not cycles:
        reasons.append(InvalidReason.NOT_STARTED)
    else:
        off = cycles[0].up_s
        events.append(Event("foot_off", off - start))
        la = person.point(L.LEFT_ANKLE)[:, 1]
        ra = person.point(L.RIGHT_ANKLE)[:, 1]
        after = seq.t_s >= off
        method["lifted_foot"] = "left" if np.nanmedian(la[after] - ra[after]) < 0 else "right"
        down = cycles[0].down_s
        if down is not None and down - off < cap_s:
            score = round(down - off, 3)
            end = down
            events.append(Event("foot_down", down - start))
        elif end - off >= cap_s:
            score = cap_s
            end = off + cap_s
            events.append(Event("cap_reached", end - start))
        else:
            score = round(end - off, 3)
            reasons.append(InvalidReason.INCOMPLETE)
    report = tracking.assess(seq, start_s=start, end_s=end, landmarks=LANDMARKS)
    reasons = list(report.reasons) + [r for r in reasons if r not in report.reasons]
    method["frame_rate_hz"] = round(report.frame_rate_hz, 1)
    return ScoreResult(TestKind.ONE_LEG_STANCE, score, "s", not reasons, report.confidence,
                       tuple(events), tuple(reasons), (), method)
