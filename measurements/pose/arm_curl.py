"""SFT 30-s arm curl: full curls of the dumbbell arm in 30 s, seated.

Protocol (anchors §2.1): 5 lb (women) / 8 lb (men) dumbbell, seated; count full curls in
30 s; a curl more than halfway up at 30 s counts (SFT manual scoring).  Signal: elbow
flexion (180 deg minus the shoulder-elbow-wrist angle) of the tested arm; a curl is a rise
from extended (< EXTENDED_DEG) to flexed (> FLEXED_DEG).  A 2-D angle is reliable only in
a side view (anchors §5.2: lateral 90 deg view -2.3 +- 6.4 deg), so the levels are wide.
"""

from __future__ import annotations

from measurements.pose import gates, tracking
from measurements.pose.counting import count_in_window
from measurements.pose.features import angle_deg, fill_gaps, hysteresis_cycles, smooth
from measurements.pose.landmarks import FloatArray, Landmark, LandmarkSequence
from measurements.pose.result import Event, ScoreResult, TestKind

L = Landmark

FLEXED_DEG = 110.0  # elbow angle below 70 deg
EXTENDED_DEG = 40.0  # elbow angle above 140 deg
HALFWAY_DEG = (FLEXED_DEG + EXTENDED_DEG) / 2
SIDES = {
    "right": (L.RIGHT_SHOULDER, L.RIGHT_ELBOW, L.RIGHT_WRIST),
    "left": (L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST),
}


def flexion_signal(seq: LandmarkSequence, side: str = "right") -> FloatArray:
    shoulder, elbow, wrist = SIDES[side]
    flex = 180.0 - angle_deg(seq.point(shoulder), seq.point(elbow), seq.point(wrist))
    return smooth(seq.t_s, fill_gaps(seq.t_s, flex, tracking.GAP_FILL_S), tracking.SMOOTH_S)


def score_arm_curl_30s(
    seq: LandmarkSequence, *, start_s: float | None = None, duration_s: float = 30.0,
    side: str = "right",
) -> ScoreResult:
    """Count full curls of the ``side`` arm in ``duration_s``."""
    if side not in SIDES:
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    start = float(seq.t_s[0]) if start_s is None else start_s
    end = start + duration_s
    flex = flexion_signal(gates.primary_person(seq), side)
    cycles, _ = hysteresis_cycles(seq.t_s, flex, low=EXTENDED_DEG, high=FLEXED_DEG)
    cycles = [c for c in cycles if c.up_s >= start]
    done, halfway = count_in_window(cycles, seq.t_s, flex, end_s=end, halfway=HALFWAY_DEG)
    report = tracking.assess(seq, start_s=start, end_s=end, landmarks=SIDES[side],
                             needs_full_window=True)
    events = [Event("curl", c.up_s - start) for c in done]
    flags: tuple[str, ...] = ()
    if halfway:
        events.append(Event("halfway_at_end", duration_s))
        flags = ("halfway_at_end",)
    return ScoreResult(
        TestKind.ARM_CURL_30S, tracking.counted(len(done) + int(halfway), report), "{count}",
        not report.reasons,
        report.confidence, tuple(events), report.reasons, flags,
        {"protocol": "SFT 30-s arm curl", "side": side, "duration_s": duration_s,
         "frame_rate_hz": round(report.frame_rate_hz, 1)},
    )
