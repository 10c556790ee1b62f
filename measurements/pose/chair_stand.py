"""Chair-stand scorers: SFT 30-s chair stand (count) and SPPB 5x sit-to-stand (time).

Protocols (anchors §2.1, §2.2): arms crossed on the chest, ~44 cm chair against a wall.
30-s: number of full stands in 30 s, a stand more than halfway up at 30 s counts.
5x: seconds from "go" until the person is fully standing the fifth time.

Signal: hip height above the floor-side ankle in leg lengths (``features.hip_height``):
~0.5 seated on a knee-high chair, ~1.0 standing straight.  A full stand is a rise from
below SEATED_LEVEL to above STAND_LEVEL; a rise that falls back without reaching it is an
incomplete stand.  The levels are this system's operational definition of "seated" and
"fully standing" (hips within 10% of full leg length: knees near straight); they need
local validation against staff counts (anchors §5.2: ICC >= 0.9, bias <= 1 rep / 0.3 s).
"""

from __future__ import annotations

import numpy as np

from measurements.pose import gates, tracking
from measurements.pose.counting import count_in_window
from measurements.pose.features import (
    Cycle,
    Partial,
    fill_gaps,
    hip_height,
    hysteresis_cycles,
    mid,
    smooth,
)
from measurements.pose.landmarks import FloatArray, Landmark, LandmarkSequence
from measurements.pose.result import Event, InvalidReason, ScoreResult, TestKind

L = Landmark

STAND_LEVEL = 0.90
SEATED_LEVEL = 0.65
HALFWAY_LEVEL = 0.75  # half of the hip's rise from seated (~0.5) to standing (~1.0)
PARTIAL_LEVEL = 0.72  # rose clearly off the seat but never reached STAND_LEVEL
# Wrists lower than 3/4 of the way from shoulders to hips during a rise = hands on thighs
# or chair (SFT: arms crossed on the chest; STEADI: arm use stops the test, no score).
ARM_DROP_LEVEL = 0.75
LANDMARKS = (L.LEFT_HIP, L.RIGHT_HIP, L.LEFT_KNEE, L.RIGHT_KNEE, L.LEFT_ANKLE, L.RIGHT_ANKLE)


def stand_signal(seq: LandmarkSequence) -> FloatArray:
    """Smoothed hip height (leg lengths), short dropouts bridged."""
    h = fill_gaps(seq.t_s, hip_height(seq), tracking.GAP_FILL_S)
    return smooth(seq.t_s, h, tracking.SMOOTH_S)


def wrist_drop(seq: LandmarkSequence) -> FloatArray:
    """Wrist height as a fraction of the way from the shoulders (0) down to the hips (1)."""
    shoulders = mid(seq.point(L.LEFT_SHOULDER), seq.point(L.RIGHT_SHOULDER))[:, 1]
    hips = mid(seq.point(L.LEFT_HIP), seq.point(L.RIGHT_HIP))[:, 1]
    wrists = mid(seq.point(L.LEFT_WRIST), seq.point(L.RIGHT_WRIST))[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        drop = (wrists - shoulders) / (hips - shoulders)
    return smooth(seq.t_s, drop, tracking.SMOOTH_S)


def stand_cycles(seq: LandmarkSequence) -> tuple[list[Cycle], list[Partial], FloatArray]:
    """Full and incomplete stands of ``seq`` (already reduced to the tested person)."""
    h = stand_signal(seq)
    cycles, partials = hysteresis_cycles(seq.t_s, h, low=SEATED_LEVEL, high=STAND_LEVEL,
                                         partial=PARTIAL_LEVEL)
    return cycles, partials, h


def _arm_assisted(seq: LandmarkSequence, cycles: list[Cycle]) -> list[Cycle]:
    drop = wrist_drop(seq)
    assisted = []
    for c in cycles:
        rise = (seq.t_s >= c.start_s) & (seq.t_s <= c.up_s)
        with np.errstate(invalid="ignore"):
            if bool(np.any(drop[rise] >= ARM_DROP_LEVEL)):
                assisted.append(c)
    return assisted


def _common(
    seq: LandmarkSequence, start: float, end: float, cycles: list[Cycle], partials: list[Partial],
    *, h: FloatArray, needs_full_window: bool,
) -> tuple[list[InvalidReason], list[Event], list[str], tracking.TrackingReport]:
    report = tracking.assess(seq, start_s=start, end_s=end, landmarks=LANDMARKS,
                             needs_full_window=needs_full_window)
    reasons = list(report.reasons)
    events: list[Event] = []
    flags: list[str] = []
    in_window = (seq.t_s >= start) & (seq.t_s <= end)
    with np.errstate(invalid="ignore"):
        if not bool(np.any(h[in_window] < SEATED_LEVEL)) and InvalidReason.NOT_STARTED not in reasons:
            reasons.append(InvalidReason.NOT_STARTED)
    for c in _arm_assisted(gates.primary_person(seq), cycles):
        events.append(Event("arms_used", c.start_s - start))
        if InvalidReason.ARMS_USED not in reasons:
            reasons.append(InvalidReason.ARMS_USED)
    for p in partials:
        if start <= p.peak_s <= end:
            events.append(Event("incomplete_stand", p.peak_s - start))
            flags.append(f"incomplete_stand@{p.peak_s - start:.2f}")
    return reasons, events, flags, report


def score_chair_stand_30s(
    seq: LandmarkSequence, *, start_s: float | None = None, duration_s: float = 30.0,
) -> ScoreResult:
    """Count full stands in ``duration_s`` from ``start_s`` (default: first frame)."""
    start = float(seq.t_s[0]) if start_s is None else start_s
    end = start + duration_s
    person = gates.primary_person(seq)
    cycles, partials, h = stand_cycles(person)
    cycles = [c for c in cycles if c.up_s >= start]
    done, halfway = count_in_window(cycles, seq.t_s, h, end_s=end, halfway=HALFWAY_LEVEL)
    reasons, events, flags, report = _common(seq, start, end, done, partials, h=h,
                                                needs_full_window=True)
    events += [Event("stand", c.up_s - start) for c in done]
    if halfway:
        events.append(Event("halfway_at_end", duration_s))
        flags.append("halfway_at_end")
    return ScoreResult(
        TestKind.CHAIR_STAND_30S, tracking.counted(len(done) + int(halfway), report), "{count}",
        not reasons,
        report.confidence, tuple(sorted(events, key=lambda e: e.t_s)), tuple(reasons),
        tuple(flags), {"protocol": "SFT 30-s chair stand", "duration_s": duration_s,
                       "frame_rate_hz": round(report.frame_rate_hz, 1)},
    )


def score_sit_to_stand_5x(
    seq: LandmarkSequence, *, start_s: float | None = None, repetitions: int = 5,
) -> ScoreResult:
    """Seconds from ``start_s`` until fully standing for the ``repetitions``-th time."""
    start = float(seq.t_s[0]) if start_s is None else start_s
    person = gates.primary_person(seq)
    cycles, partials, h = stand_cycles(person)
    cycles = [c for c in cycles if c.up_s >= start]
    finished = len(cycles) >= repetitions
    end = cycles[repetitions - 1].up_s if finished else float(seq.t_s[-1])
    used = cycles[:repetitions]
    reasons, events, flags, report = _common(seq, start, end, used, partials, h=h,
                                                needs_full_window=False)
    if not finished:
        reasons.append(InvalidReason.INCOMPLETE)
    events += [Event("stand", c.up_s - start) for c in used]
    return ScoreResult(
        TestKind.SIT_TO_STAND_5X, round(end - start, 3) if finished else None, "s",
        not reasons, report.confidence, tuple(sorted(events, key=lambda e: e.t_s)),
        tuple(reasons), tuple(flags),
        {"protocol": "SPPB 5x chair stand", "repetitions": repetitions,
         "stands_seen": len(cycles), "frame_rate_hz": round(report.frame_rate_hz, 1)},
    )
