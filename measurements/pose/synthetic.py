"""Synthetic landmark sequences with exact ground truth, for every camera test.

A scripted movement of the parametric skeleton (``skeleton.py``) is sampled at a camera
frame rate with timestamp jitter, landmark noise, dropouts, optionally a bystander the
tracker jumps to, or the person leaving the frame.  The ground truth comes from the
script, not from the scorer:

* counts are the number of scripted repetitions (full ones; short ones are scripted too);
* event times are where the NOISE-FREE skeleton, evaluated at 500 Hz, crosses the
  protocol's levels (the scorers' named constants: what "fully standing" means for this
  system).  The error measured is therefore what sampling, jitter, noise and dropouts
  cost -- not whether those levels match a clinician's judgement (that needs real clips).

Every generator is deterministic for a given ``seed``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from measurements.pose import arm_curl, chair_stand, one_leg, step
from measurements.pose.features import hysteresis_cycles
from measurements.pose.landmarks import FloatArray, LandmarkSequence
from measurements.pose.result import InvalidReason, TestKind
from measurements.pose.skeleton import BodyDims, CameraView, PoseTrack, near_side_visibility
from measurements.pose.skeleton import world_landmarks as _world
from measurements.pose.synthetic_motion import MOTIONS, Script

TRUTH_RATE_HZ = 500.0  # crossings are interpolated: truth error << 1 ms


@dataclass(frozen=True, slots=True)
class Conditions:
    """How the camera sees the scripted movement."""

    fps: float = 30.0
    jitter_frac: float = 0.1  # timestamp jitter, fraction of a frame period
    noise: float = 0.003  # landmark noise SD, normalised image units (~2 px at 640x480)
    dropout_rate: float = 0.0  # fraction of frames without a detection (bursts of 1-3)
    bystander_at_s: float | None = None  # tracker jumps to another person here...
    bystander_for_s: float = 1.5  # ...for this long
    leave_at_s: float | None = None  # the person walks out of frame here...
    leave_for_s: float = 7.0  # ...and is back in place this long after
    seed: int = 0


DEFAULT_CONDITIONS = Conditions()
DEFAULT_BODY = BodyDims()


@dataclass(frozen=True, slots=True)
class Truth:
    test: TestKind
    score: float | None
    events: dict[str, tuple[float, ...]]  # name -> times (s from "go")
    invalid: frozenset[InvalidReason] = frozenset()
    options: dict[str, object] = field(default_factory=dict)  # scorer keyword options
    count_tolerance: int = 0  # 1 when a repetition ends within one frame of the window end


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    sequence: LandmarkSequence
    truth: Truth


def _sample_times(duration_s: float, cond: Conditions, rng: np.random.Generator) -> FloatArray:
    period = 1.0 / cond.fps
    t = np.arange(0.0, duration_s, period)
    t = t + rng.uniform(-cond.jitter_frac, cond.jitter_frac, t.shape) * period
    t[0] = 0.0
    return np.maximum.accumulate(t + np.arange(t.size) * 1e-9)


def _dropouts(n: int, rate: float, rng: np.random.Generator) -> npt.NDArray[np.bool_]:
    mask = np.zeros(n, dtype=bool)
    if rate <= 0:
        return mask
    target = round(rate * n)
    while mask.sum() < target:
        i = int(rng.integers(0, n))
        mask[i : i + int(rng.integers(1, 4))] = True
    return mask


def sample(script: Script, cond: Conditions, view: CameraView,
           dims: BodyDims = DEFAULT_BODY) -> LandmarkSequence:
    """The camera's view of ``script`` under ``cond``: one row per frame."""
    rng = np.random.default_rng(cond.seed)
    t = _sample_times(script.duration_s, cond, rng)
    track = script.track(t)
    if cond.leave_at_s is not None:
        track = _walk_out(track, cond.leave_at_s, cond.leave_for_s)
    xy = view.project(_world(track, dims))
    vis = near_side_visibility(track.facing)
    if cond.bystander_at_s is not None:
        other = _bystander(t, view)
        swap = (t >= cond.bystander_at_s) & (t < cond.bystander_at_s + cond.bystander_for_s)
        xy[swap] = other[swap]
    xy = xy + rng.normal(0.0, cond.noise, xy.shape)
    vis = np.clip(vis + rng.normal(0.0, 0.02, vis.shape), 0.0, 1.0)
    lost = _dropouts(t.size, cond.dropout_rate, rng)
    # MediaPipe reports nobody once the body is mostly out of frame
    lost |= (np.abs(xy[:, 23:25, 0].mean(axis=1) - 0.5) > 0.5)
    xy[lost] = np.nan
    vis[lost] = np.nan
    return LandmarkSequence(t, xy, vis, view.image_size)


WALK_OUT_M = 3.0
WALK_OUT_S = 2.5  # 1.2 m/s: a brisk walk, slower than the tracker-jump limit (~2 m/s)


def _walk_out(track: PoseTrack, at_s: float, for_s: float) -> PoseTrack:
    """Walk sideways out of view from ``at_s``, back in place ``for_s`` later."""
    t = track.t_s
    out = np.minimum(np.clip((t - at_s) / WALK_OUT_S, 0.0, 1.0),
                     np.clip((at_s + for_s - t) / WALK_OUT_S, 0.0, 1.0))
    pelvis_x = np.asarray(_world(track)[:, 23, 0])
    return replace(track, anchor_x_m=None, pelvis_x_m=pelvis_x + WALK_OUT_M * out)


def _bystander(t: FloatArray, view: CameraView) -> FloatArray:
    """A second, slightly smaller person standing 1.2 m to the side (what the tracker sees)."""
    n = t.size
    zeros = np.zeros(n)
    other = PoseTrack(t, np.ones(n), zeros + 3.0, (zeros, zeros), (zeros, zeros),
                      (zeros + 5.0, zeros + 5.0), (zeros + 10.0, zeros + 10.0),
                      pelvis_x_m=zeros + view.centre_x_m + 1.2)
    small = BodyDims(thigh_m=0.38, shank_m=0.38, torso_m=0.45)
    return view.project(_world(other, small))


# --- ground truth from the noise-free skeleton -------------------------------------------


def _fine(script: Script, view: CameraView, dims: BodyDims) -> LandmarkSequence:
    t = np.arange(0.0, script.duration_s, 1.0 / TRUTH_RATE_HZ)
    track = script.track(t)
    return LandmarkSequence(t, view.project(_world(track, dims)),
                            near_side_visibility(track.facing), view.image_size)


def _ups(t: FloatArray, x: FloatArray, low: float, high: float) -> list[tuple[float, float | None]]:
    cycles, _ = hysteresis_cycles(t, x, low=low, high=high)
    return [(c.up_s, c.down_s) for c in cycles]


def truth_events(script: Script, view: CameraView, dims: BodyDims = DEFAULT_BODY) -> dict[
        str, tuple[float, ...]]:
    """Exact event times of the noise-free skeleton for the script's test."""
    fine = _fine(script, view, dims)
    go = float(script.options.get("start_s", 0.0))  # type: ignore[arg-type]
    t = fine.t_s - go
    test = script.test
    if test in (TestKind.CHAIR_STAND_30S, TestKind.SIT_TO_STAND_5X, TestKind.TIMED_UP_AND_GO):
        h = chair_stand.stand_signal(fine)
        ups = _ups(t, h, chair_stand.SEATED_LEVEL, chair_stand.STAND_LEVEL)
        return {"stand": tuple(u for u, _ in ups),
                "sit": tuple(d for _, d in ups if d is not None),
                "halfway": tuple(u for u, _ in _ups(t, h, chair_stand.SEATED_LEVEL,
                                                    chair_stand.HALFWAY_LEVEL))}
    if test is TestKind.STEP_2MIN:
        r = step.knee_raise_signal(fine)
        return {"right_knee_up": tuple(
            u for u, _ in _ups(t, r, step.LOWERED_LEVEL, step.TARGET_LEVEL))}
    if test is TestKind.ONE_LEG_STANCE:
        lift = one_leg.foot_lift_signal(fine)
        ups = _ups(t, lift, one_leg.DOWN_LEVEL, one_leg.LIFT_LEVEL)
        return {"foot_off": tuple(u for u, _ in ups[:1]),
                "foot_down": tuple(d for _, d in ups[:1] if d is not None)}
    flex = arm_curl.flexion_signal(fine, "right")
    return {"curl": tuple(u for u, _ in _ups(t, flex, arm_curl.EXTENDED_DEG, arm_curl.FLEXED_DEG)),
            "halfway": tuple(u for u, _ in _ups(t, flex, arm_curl.EXTENDED_DEG,
                                                arm_curl.HALFWAY_DEG))}


def _truth(script: Script, events: dict[str, tuple[float, ...]], cond: Conditions) -> Truth:
    test = script.test
    invalid: set[InvalidReason] = set(script.invalid)
    if cond.bystander_at_s is not None:
        invalid.add(InvalidReason.TRACKER_JUMPED)
    if cond.leave_at_s is not None:
        invalid.add(InvalidReason.PERSON_LEFT_FRAME)
    if cond.fps < 12:
        invalid.add(InvalidReason.LOW_FRAME_RATE)
    score: float | None
    if test is TestKind.SIT_TO_STAND_5X:
        stands = events["stand"]
        score = stands[4] if len(stands) >= 5 else None
    elif test is TestKind.TIMED_UP_AND_GO:
        score = events["sit"][0] if events["sit"] else None
    elif test is TestKind.ONE_LEG_STANCE:
        off = events["foot_off"][0]
        score = min(events["foot_down"][0] - off, one_leg.CAP_S) if events["foot_down"] else (
            one_leg.CAP_S if script.duration_s - off >= one_leg.CAP_S else None)
    else:
        score = float(script.count)  # the scripted number of full repetitions
    # An event within one frame of the end of a counting window cannot be resolved at this
    # frame rate: such a count may be off by one without the scorer being wrong.
    window = script.options.get("duration_s")
    edge = [e for name in ("stand", "curl", "halfway") for e in events.get(name, ())
            if isinstance(window, float) and abs(e - window) <= 1.0 / cond.fps]
    return Truth(test, score, events, frozenset(invalid), dict(script.options),
                 count_tolerance=1 if edge else 0)


def make_case(name: str, script: Script, cond: Conditions = DEFAULT_CONDITIONS,
              dims: BodyDims = DEFAULT_BODY) -> Case:
    view = script.view
    seq = sample(script, cond, view, dims)
    return Case(name, seq, _truth(script, truth_events(script, view, dims), cond))


def motion(test: TestKind) -> Callable[..., Script]:
    """The script factory for a test (keyword options: see ``synthetic_motion``)."""
    return MOTIONS[test]
