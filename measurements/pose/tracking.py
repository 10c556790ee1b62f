"""Checks every scorer runs over its test window: the in-test side of the quality gates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from measurements.pose import gates
from measurements.pose.landmarks import Landmark, LandmarkSequence
from measurements.pose.result import InvalidReason

GAP_FILL_S = 0.5  # dropouts up to this long are bridged by interpolation (< MAX_LOST_S)
SMOOTH_S = 0.2  # centred smoothing window: tames jitter, shifts no event in time


@dataclass(frozen=True, slots=True)
class TrackingReport:
    reasons: tuple[InvalidReason, ...]
    confidence: float
    frame_rate_hz: float
    detection_rate: float
    jumps_s: tuple[float, ...]  # relative to the test start


def assess(
    seq: LandmarkSequence, *, start_s: float, end_s: float, landmarks: Sequence[Landmark],
    min_frame_rate_hz: float = gates.MIN_FRAME_RATE_HZ, needs_full_window: bool = False,
) -> TrackingReport:
    """Validity of the window [start_s, end_s] of ``seq`` for a score.

    ``needs_full_window``: fixed-duration tests (30 s, 2 min) need frames to the end.
    """
    win = seq.window(start_s, end_s)
    reasons: list[InvalidReason] = []
    fps = win.frame_rate_hz()
    rate = win.detection_rate()
    if len(win) < 2:
        return TrackingReport((InvalidReason.NOT_STARTED,), 0.0, fps, rate, ())
    if needs_full_window and float(win.t_s[-1]) < end_s - 2.0 / max(fps, 1.0):
        reasons.append(InvalidReason.TOO_SHORT)
    if fps < min_frame_rate_hz * gates.FRAME_RATE_TOLERANCE:
        reasons.append(InvalidReason.LOW_FRAME_RATE)
    jumps = gates.jump_times(win)
    if jumps:
        reasons.append(InvalidReason.TRACKER_JUMPED)
    if gates.lost_spans(win) or gates.out_of_frame_spans(win):
        reasons.append(InvalidReason.PERSON_LEFT_FRAME)
    if rate < gates.MIN_DETECTION_RATE:
        reasons.append(InvalidReason.POOR_TRACKING)
    vis = win.visibility[:, list(landmarks)]
    mean_vis = float(np.nanmean(vis)) if np.isfinite(vis).any() else 0.0
    fps_margin = min(1.0, fps / (2 * min_frame_rate_hz)) ** 0.5
    confidence = float(np.clip(rate * mean_vis * fps_margin, 0.0, 1.0))
    if reasons:
        confidence *= 0.5
    return TrackingReport(tuple(reasons), confidence, fps, rate,
                          tuple(j - start_s for j in jumps))


def counted(repetitions: float, report: TrackingReport) -> float | None:
    """A repetition count, or None when the person was never seen in the test window.

    Zero stands / curls / steps is a real result (the person could not do one); zero
    because nobody was in front of the camera is no result at all, and must not be
    offered to staff as a score to confirm (ScoreResult.score: None = nothing scored).
    """
    return None if report.detection_rate <= 0.0 else float(repetitions)
