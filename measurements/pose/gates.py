"""Quality gates before and during a camera test, and the tracking checks scorers share.

Anchors §5.2/§6.8 (shared/reference/health-kiosk-anchors.md): counting and timing from a
single camera are good enough for screening only when the whole body is in frame, one
person is tracked and the frame rate is adequate; otherwise invalidate rather than guess.
MediaPipe Pose tracks ONE person and silently jumps to whoever else the detector finds
when it loses the first, so "one person" is checked as "no identity jump": the torso
moving or changing size faster than a body can.

Gate results carry a reason code and the sentence the screen shows and the voice speaks
(written as pronounced, Korean first).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from measurements.pose.features import distance, mid
from measurements.pose.landmarks import FloatArray, Landmark, LandmarkSequence

L = Landmark
BoolArray = npt.NDArray[np.bool_]

# Named limits (WHY in each comment).
MIN_FRAME_RATE_HZ = 12.0  # 83 ms/frame keeps event-time quantisation well under the 0.3 s
#                           agreement target (anchors §5.2: Bland-Altman bias <= 0.3 s)
FRAME_RATE_TOLERANCE = 0.95  # a "12 fps" camera measures 11.9 with timestamp jitter
# Tracker-jump (bystander) check, ``jump_times``: window medians before/after each frame.
JUMP_WINDOW_S = 0.25  # each side; 3 frames at 12 fps, 15 at 60: median jitter ~1/sqrt(n)
JUMP_MIN_FRAMES = 3  # a new position must hold for >= 2 of 3 frames to move a median
JUMP_BASE_TORSO = 0.35  # residual jitter + posture allowance, in torso lengths (a bystander
#                         1.2 m aside is ~2.4 torso lengths away)
MAX_SPEED_TORSO_S = 4.0  # ~2 m/s for a 0.5 m torso: faster than older adults walk (TUG)
MAX_SCALE_JUMP = 0.3  # |log torso-length ratio| of the window medians: a swap changes it
#                       at once; 8 px jitter on a 0.13-image-height torso (TUG view) alone
#                       moves a 3-frame median ~0.1
MAX_SCALE_RATE_S = 1.0  # ...plus leaning / turning, which change it over ~1 s
MAX_LOST_S = 1.0  # a longer run of frames without the person = the person left
MAX_OUT_OF_FRAME_S = 0.5
MIN_DETECTION_RATE = 0.7  # anchors §5.2: home systems with <80% analysable were unreliable
DARK_LUMA = 50.0  # mean 8-bit luma; below it MediaPipe loses limbs (station-tuned, check
BRIGHT_LUMA = 220.0  # at installation); above it the image is washed out / backlit
EDGE_MARGIN = 0.02  # pre-test: keep 2% of the frame clear around the body

TORSO = (L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP)
BODY = (L.NOSE, L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP,
        L.LEFT_KNEE, L.RIGHT_KNEE, L.LEFT_ANKLE, L.RIGHT_ANKLE)


class GateCode(enum.StrEnum):
    OK = "ok"
    NO_PERSON = "no_person"
    OTHER_PERSON = "other_person"
    HEAD_OUT_OF_FRAME = "head_out_of_frame"
    FEET_OUT_OF_FRAME = "feet_out_of_frame"
    SIDE_OUT_OF_FRAME = "side_out_of_frame"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    LOW_FRAME_RATE = "low_frame_rate"


MESSAGES: dict[GateCode, tuple[str, str]] = {
    GateCode.OK: ("좋습니다. 그대로 계세요.", "Good. Stay as you are."),
    GateCode.NO_PERSON: ("카메라가 사람을 찾지 못했습니다. 바닥에 표시된 자리로 와 주세요.",
                         "The camera cannot see you. Please come to the marked spot."),
    GateCode.OTHER_PERSON: (
        "다른 분이 화면에 들어왔습니다. 측정하시는 분만 화면에 보이도록 해 주세요.",
        "Someone else is in view. Only the person being measured should be in view."),
    GateCode.HEAD_OUT_OF_FRAME: ("머리가 화면 밖으로 나갔습니다. 한 걸음 뒤로 물러나 주세요.",
                                 "Your head is out of view. Please step back."),
    GateCode.FEET_OUT_OF_FRAME: ("발이 화면에 보이지 않습니다. 한 걸음 뒤로 물러나 주세요.",
                                 "Your feet are out of view. Please step back."),
    GateCode.SIDE_OUT_OF_FRAME: ("몸이 화면 옆으로 벗어났습니다. 바닥 표시 위로 옮겨 주세요.",
                                 "You are at the edge of the view. Please move to the mark."),
    GateCode.TOO_DARK: ("화면이 너무 어둡습니다. 직원에게 조명을 켜 달라고 말씀해 주세요.",
                        "It is too dark. Please ask staff to turn on the light."),
    GateCode.TOO_BRIGHT: ("빛이 너무 밝습니다. 직원을 불러 주세요.",
                          "The light is too bright. Please call staff."),
    GateCode.LOW_FRAME_RATE: ("카메라 영상이 느립니다. 직원을 불러 주세요.",
                              "The camera is too slow. Please call staff."),
}


@dataclass(frozen=True, slots=True)
class FrameStats:
    """Per-window camera statistics the worker measures alongside the landmarks."""

    mean_luma: float  # 0..255, mean of the grey image
    frame_rate_hz: float | None  # processed frames per second over the window; None: not
    # enough frames yet to tell (the first frame of a preview is not a slow camera)


@dataclass(frozen=True, slots=True)
class GateResult:
    code: GateCode
    message_ko: str
    message_en: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.code is GateCode.OK


def _result(code: GateCode, detail: str = "") -> GateResult:
    ko, en = MESSAGES[code]
    return GateResult(code, ko, en, detail)


# --- tracking checks (shared with the scorers) -------------------------------------------


def torso(seq: LandmarkSequence) -> tuple[FloatArray, FloatArray]:
    """Torso centre (N, 2) and torso length (N,) in image heights."""
    shoulders = mid(seq.point(L.LEFT_SHOULDER), seq.point(L.RIGHT_SHOULDER))
    hips = mid(seq.point(L.LEFT_HIP), seq.point(L.RIGHT_HIP))
    return (shoulders + hips) / 2, distance(shoulders, hips)


def body_centre(seq: LandmarkSequence) -> FloatArray:
    """(N, 2) body centre: the per-axis median of the four torso landmarks.

    With all four seen, the median ignores one wild landmark (a shoulder snapping to a
    sleeve); with a side missing it falls back to the torso centre of the other side.
    """
    centre, _ = torso(seq)
    pts = np.stack([seq.point(lm) for lm in TORSO], axis=1)  # (N, 4, 2)
    full = np.isfinite(pts).all(axis=(1, 2))
    centre[full] = np.median(pts[full], axis=1)
    return centre


def _window_medians(x: FloatArray, n: int) -> tuple[FloatArray, FloatArray]:
    """Medians of the ``n`` samples before each index k (k-n..k-1) and from it (k..k+n-1).

    Row k of both outputs is valid for n <= k <= len(x) - n; other rows are NaN.
    """
    m = len(x)
    shape = (m, *x.shape[1:])
    before = np.full(shape, np.nan)
    after = np.full(shape, np.nan)
    if m >= 2 * n:
        win = np.median(sliding_window_view(x, n, axis=0), axis=-1)  # row j: x[j:j+n]
        before[n : m - n + 1] = win[: m - 2 * n + 1]
        after[n : m - n + 1] = win[n : m - n + 1]
    return before, after


def jump_times(seq: LandmarkSequence) -> list[float]:
    """Times at which the tracked skeleton moved or resized faster than a body can.

    MediaPipe Pose tracks one person (num_poses=1) and, when tracking confidence drops
    below min_tracking_confidence, re-runs the person detector, which returns whoever it
    finds -- possibly a bystander (Pose Landmarker options,
    https://ai.google.dev/edge/mediapipe/solutions/vision/pose_landmarker ; anchors §5.2
    ask for "person-count = 1" before automated scores are trusted).  Such a
    swap is a STEP in the body's position/size that STAYS; landmark jitter is a
    zero-mean wobble around the true position.  So the medians of the JUMP_WINDOW_S of
    frames before and after each frame are compared (jitter averages out, a single wild
    frame cannot move a median: the new position must persist for most of the window,
    at least JUMP_MIN_FRAMES), against a limit in the body's own torso lengths plus what
    a walking person can cover between the two windows.  A per-frame comparison fired on
    noise alone: at ~8 px jitter every test was invalid (bench/pose_accuracy.py sweep).
    Returns the first frame after each detected step.
    """
    centre = body_centre(seq)
    _, size = torso(seq)
    with np.errstate(invalid="ignore"):
        ok = np.flatnonzero(np.isfinite(centre).all(axis=1) & np.isfinite(size) & (size > 0))
    fps = seq.frame_rate_hz()
    n = max(JUMP_MIN_FRAMES, round(JUMP_WINDOW_S * fps)) if fps > 0 else JUMP_MIN_FRAMES
    if ok.size < 2 * n:
        return []
    t = seq.t_s[ok]
    c_before, c_after = _window_medians(centre[ok], n)
    log_size = np.log(size[ok])
    s_before, s_after = _window_medians(log_size, n)
    t_before, t_after = _window_medians(t, n)
    dt = t_after - t_before  # time between the two windows' middles
    gap = np.concatenate([[np.inf], np.diff(t)])  # from the previous seen frame
    ref = np.exp((s_before + s_after) / 2)  # torso length, image heights
    step = np.linalg.norm(c_after - c_before, axis=1) / ref
    scale = np.abs(s_after - s_before)
    with np.errstate(invalid="ignore"):
        moved = np.where(gap <= MAX_LOST_S,
                         step / (JUMP_BASE_TORSO + MAX_SPEED_TORSO_S * dt), 0.0)
        resized = scale / (MAX_SCALE_JUMP + MAX_SCALE_RATE_S * dt)
        excess = np.fmax(moved, resized)
        flagged = excess > 1.0
    # the medians flag a run of ~n frames around each step; the swap itself is the largest
    # frame-to-frame change within the run (position and size, both in torso lengths)
    frame_step = np.concatenate([[0.0], np.linalg.norm(np.diff(centre[ok], axis=0), axis=1)
                                 / size[ok][:-1] + np.abs(np.diff(log_size))])
    jumps: list[float] = []
    k = 0
    while k < flagged.size:
        if not flagged[k]:
            k += 1
            continue
        end = k
        while end + 1 < flagged.size and flagged[end + 1]:
            end += 1
        jumps.append(float(t[k + int(np.argmax(frame_step[k : end + 1]))]))
        k = end + 1
    return jumps


def primary_person(seq: LandmarkSequence) -> LandmarkSequence:
    """``seq`` with the frames of any other tracked person blanked (NaN).

    The sequence is cut at every identity jump; the longest piece is the person being
    tested, and pieces whose torso size and position match it (within 25% / one torso
    length) are that person again.  The rest is whoever the tracker jumped to.
    """
    jumps = jump_times(seq)
    if not jumps:
        return seq
    piece = np.searchsorted(np.asarray(jumps), seq.t_s, side="right")  # piece id per frame
    centre, size = torso(seq)
    longest = int(np.bincount(piece[seq.detected]).argmax()) if seq.detected.any() else 0
    ref_c = np.nanmedian(centre[piece == longest], axis=0)
    ref_s = float(np.nanmedian(size[piece == longest]))
    keep = np.zeros(len(seq), dtype=bool)
    for k in np.unique(piece):
        frames = piece == k
        if not np.isfinite(size[frames]).any():
            keep |= frames
            continue
        c = np.nanmedian(centre[frames], axis=0)
        s = float(np.nanmedian(size[frames]))
        if abs(np.log(s / ref_s)) < 0.25 and float(np.linalg.norm(c - ref_c)) < ref_s:
            keep |= frames
    xy = seq.xy.copy()
    vis = seq.visibility.copy()
    xy[~keep] = np.nan
    vis[~keep] = np.nan
    return LandmarkSequence(seq.t_s, xy, vis, seq.image_size)


def _runs(t_s: FloatArray, bad: BoolArray) -> list[tuple[float, float]]:
    """(start, end) times of runs of True; a run ends at the next good frame."""
    runs: list[tuple[float, float]] = []
    start: float | None = None
    for i, flag in enumerate(bad.tolist()):
        if flag and start is None:
            start = float(t_s[i - 1]) if i > 0 else float(t_s[0])
        elif not flag and start is not None:
            runs.append((start, float(t_s[i])))
            start = None
    if start is not None:
        runs.append((start, float(t_s[-1])))
    return runs


def lost_spans(seq: LandmarkSequence, longer_than_s: float = MAX_LOST_S) -> list[tuple[float, float]]:
    """Spans without a detected person longer than ``longer_than_s``."""
    return [r for r in _runs(seq.t_s, ~seq.detected) if r[1] - r[0] > longer_than_s]


def out_of_frame(seq: LandmarkSequence, margin: float = 0.0) -> BoolArray:
    """(N,) True where a body landmark (best of the left/right pair) lies outside the frame."""
    xy = seq.xy[:, list(BODY)]
    with np.errstate(invalid="ignore"):
        outside = ((xy < margin) | (xy > 1 - margin)).any(axis=2)  # (N, 9)
    # nose alone; paired landmarks are out only if both sides are out
    pairs = outside[:, 1:].reshape(len(seq), 4, 2).all(axis=2)
    return np.asarray((outside[:, 0] | pairs.any(axis=1)) & seq.detected)


def out_of_frame_spans(seq: LandmarkSequence) -> list[tuple[float, float]]:
    return [r for r in _runs(seq.t_s, out_of_frame(seq)) if r[1] - r[0] > MAX_OUT_OF_FRAME_S]


# --- the gate itself ----------------------------------------------------------------------


def _framing(seq: LandmarkSequence) -> GateResult:
    """Where the body sticks out of the frame, from the median of the window's landmarks."""
    xy = np.nanmedian(seq.xy[seq.detected], axis=0)  # (33, 2)
    vis = np.nanmedian(seq.visibility[seq.detected], axis=0)
    if xy[L.NOSE, 1] < EDGE_MARGIN or vis[L.NOSE] < 0.5:
        return _result(GateCode.HEAD_OUT_OF_FRAME, f"nose y={xy[L.NOSE, 1]:.2f}")
    ankles = [L.LEFT_ANKLE, L.RIGHT_ANKLE]
    if min(xy[ankles, 1]) > 1 - EDGE_MARGIN or max(vis[ankles]) < 0.5:
        return _result(GateCode.FEET_OUT_OF_FRAME, f"ankle y={min(xy[ankles, 1]):.2f}")
    body_x = xy[list(BODY), 0]
    if body_x.min() < EDGE_MARGIN or body_x.max() > 1 - EDGE_MARGIN:
        return _result(GateCode.SIDE_OUT_OF_FRAME,
                       f"x range {body_x.min():.2f}..{body_x.max():.2f}")
    return _result(GateCode.OK)


def check(
    recent: LandmarkSequence, stats: FrameStats, *, min_frame_rate_hz: float = MIN_FRAME_RATE_HZ,
) -> GateResult:
    """The most important problem in the last second or two of frames, or OK.

    Order = what the person must fix first: light and camera speed (staff), then nobody
    there, someone else there, then framing.
    """
    if stats.mean_luma < DARK_LUMA:
        return _result(GateCode.TOO_DARK, f"luma {stats.mean_luma:.0f}")
    if stats.mean_luma > BRIGHT_LUMA:
        return _result(GateCode.TOO_BRIGHT, f"luma {stats.mean_luma:.0f}")
    if stats.frame_rate_hz is not None and (
            stats.frame_rate_hz < min_frame_rate_hz * FRAME_RATE_TOLERANCE):
        return _result(GateCode.LOW_FRAME_RATE,
                       f"{stats.frame_rate_hz:.1f} < {min_frame_rate_hz:.0f} fps")
    if len(recent) == 0 or recent.detection_rate() < 0.5:
        return _result(GateCode.NO_PERSON)
    jumps = jump_times(recent)
    if jumps:
        return _result(GateCode.OTHER_PERSON, f"tracker jumped at {jumps[0]:.2f}s")
    return _framing(recent)
