"""Scripted movements of the parametric skeleton, one factory per camera test.

Each factory returns a :class:`Script`: the joint-angle track as a function of time, the
test's "go" time, and what the script itself knows about the result (the number of full
repetitions, the invalid reasons it was written to provoke).  Repetition timing varies
per seed, like a real person's does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from measurements.pose.landmarks import FloatArray
from measurements.pose.result import InvalidReason, TestKind
from measurements.pose.skeleton import CameraView, PoseTrack

GO_S = 1.0  # every script starts at rest; "go" is one second in


@dataclass(frozen=True)
class Script:
    test: TestKind
    duration_s: float
    track: Callable[[FloatArray], PoseTrack]
    count: int = 0  # full repetitions inside the test window (counted tests)
    options: dict[str, object] = field(default_factory=dict)
    invalid: frozenset[InvalidReason] = frozenset()
    view: CameraView = field(default_factory=CameraView)


def smootherstep(x: FloatArray) -> FloatArray:
    x = np.clip(x, 0.0, 1.0)
    return np.asarray(x * x * x * (x * (6 * x - 15) + 10))


@dataclass(frozen=True, slots=True)
class Rep:
    start_s: float
    up_s: float  # rise duration
    hold_s: float
    down_s: float  # return duration
    peak: float = 1.0  # fraction of the full movement reached


def rep_profile(t: FloatArray, reps: list[Rep]) -> FloatArray:
    """0 at rest, ``peak`` at the top of each repetition, smooth in between."""
    p = np.zeros_like(t)
    for r in reps:
        rise = r.peak * smootherstep((t - r.start_s) / r.up_s)
        top = r.start_s + r.up_s + r.hold_s
        fall = r.peak * (1 - smootherstep((t - top) / r.down_s))
        p = np.maximum(p, np.where(t < top, rise, fall) * (t >= r.start_s))
    return p


def _reps(rng: np.random.Generator, first_s: float, until_s: float, *, up: tuple[float, float],
          hold: tuple[float, float], down: tuple[float, float], rest: tuple[float, float],
          ) -> list[Rep]:
    reps: list[Rep] = []
    t = first_s
    while t < until_s:
        r = Rep(t, rng.uniform(*up), rng.uniform(*hold), rng.uniform(*down))
        reps.append(r)
        t += r.up_s + r.hold_s + r.down_s + rng.uniform(*rest)
    return reps


def _count(reps: list[Rep], end_s: float, halfway: float) -> int:
    """Full reps by end_s, plus one more than ``halfway`` up at end_s (SFT rule)."""
    n = 0
    for r in reps:
        if r.peak < 1.0:
            continue
        if r.start_s + r.up_s <= end_s:
            n += 1
        elif r.start_s < end_s:
            n += int(smootherstep(np.asarray((end_s - r.start_s) / r.up_s)) >= halfway)
    return n


def _zeros(t: FloatArray) -> FloatArray:
    return np.zeros_like(t)


def _seated_track(t: FloatArray, p: FloatArray, arms_used: FloatArray) -> PoseTrack:
    """Sit (p=0) to stand (p=1), feet fixed at x=0, facing +x, arms crossed or pushing."""
    lean = 8.0 + 35.0 * np.sin(np.pi * p)
    thigh = 90.0 * (1 - p)
    crossed_arm, crossed_elbow = 10.0 + lean, 150.0
    used_arm, used_elbow = 0.3 * lean, 20.0
    arm = crossed_arm + arms_used * (used_arm - crossed_arm)
    elbow = crossed_elbow + arms_used * (used_elbow - crossed_elbow)
    return PoseTrack(t, np.ones_like(t), lean, (thigh, thigh), (thigh, thigh),
                     (arm, arm), (elbow, elbow), anchor_x_m=0.0)


def chair_stand(*, seed: int = 0, duration_s: float = 30.0, test: TestKind =
                TestKind.CHAIR_STAND_30S, arms_used_reps: tuple[int, ...] = (),
                short_reps: tuple[int, ...] = (), tail_s: float = 2.0,
                max_reps: int | None = None) -> Script:
    """Sit-to-stands from GO_S for ``duration_s`` (+ ``tail_s`` of recording)."""
    rng = np.random.default_rng(seed + 1000)
    reps = _reps(rng, GO_S + rng.uniform(0.2, 0.5), GO_S + duration_s + tail_s,
                 up=(0.9, 1.3), hold=(0.2, 0.6), down=(1.0, 1.4), rest=(0.2, 0.6))[:max_reps]
    if max_reps is not None:
        last = reps[-1]
        duration_s = last.start_s + last.up_s + last.hold_s + last.down_s + 1.0 - GO_S
        tail_s = 0.0
    reps = [Rep(r.start_s, r.up_s, r.hold_s, r.down_s, 0.45) if i in short_reps else r
            for i, r in enumerate(reps)]

    def track(t: FloatArray) -> PoseTrack:
        p = rep_profile(t, reps)
        used = np.zeros_like(t)
        for i in arms_used_reps:
            r = reps[i]
            used = np.maximum(used, np.clip(1 - np.abs(t - (r.start_s + r.up_s / 2))
                                            / (r.up_s / 2 + 0.3), 0.0, 1.0) * 1.6)
        return _seated_track(t, p, np.clip(used, 0.0, 1.0))

    invalid = frozenset({InvalidReason.ARMS_USED}) if arms_used_reps else frozenset()
    options: dict[str, object] = {"start_s": GO_S}
    if test is TestKind.CHAIR_STAND_30S:
        options["duration_s"] = duration_s
    count = _count(reps, GO_S + duration_s, 1 / 3)  # hip half way up at p = 1/3
    return Script(test, GO_S + duration_s + tail_s, track, count, options, invalid)


def sit_to_stand_5x(*, seed: int = 0, stands: int = 5, arms_used_reps: tuple[int, ...] = (),
                    ) -> Script:
    """Five (or ``stands``) rises, then seated; fewer than five = the test is incomplete."""
    base = chair_stand(seed=seed, test=TestKind.SIT_TO_STAND_5X, duration_s=40.0,
                       max_reps=stands, arms_used_reps=arms_used_reps)
    invalid = set(base.invalid)
    if stands < 5:
        invalid.add(InvalidReason.INCOMPLETE)
    return Script(TestKind.SIT_TO_STAND_5X, base.duration_s, base.track, stands,
                  {"start_s": GO_S}, frozenset(invalid))


def timed_up_and_go(*, seed: int = 0, course_m: float = 3.0, speed_m_s: float | None = None,
                    sits_down: bool = True) -> Script:
    """Stand, walk ``course_m``, turn, walk back, turn, sit; side view of the whole course."""
    rng = np.random.default_rng(seed + 3000)
    speed = speed_m_s or rng.uniform(0.6, 1.1)
    rise_at = GO_S + rng.uniform(0.3, 0.6)
    rise, turn, sit = rng.uniform(1.0, 1.4), rng.uniform(0.9, 1.3), rng.uniform(1.2, 1.6)
    walk = course_m / speed
    t_out = rise_at + rise
    t_turn = t_out + walk
    t_back = t_turn + turn
    t_turn2 = t_back + walk
    t_sit = t_turn2 + turn
    end = t_sit + sit + 2.0
    if not sits_down:
        end = t_turn2 - 0.5

    def track(t: FloatArray) -> PoseTrack:
        up = smootherstep((t - rise_at) / rise)
        down = 1 - smootherstep((t - t_sit) / sit)
        p = np.where(t < t_sit, up, down)
        walking = (t >= t_out) & (t < t_sit)
        x = np.interp(t, [t_out, t_turn, t_back, t_turn2], [0.0, course_m, course_m, 0.0])
        facing = np.where((t >= t_turn + turn / 2) & (t < t_turn2 + turn / 2), -1.0, 1.0)
        gait = np.where(walking, np.sin(2 * np.pi * 0.9 * (t - t_out)), 0.0)
        seated = _seated_track(t, p, _zeros(t))
        thigh_l = seated.thigh_deg[0] + 20 * gait
        thigh_r = seated.thigh_deg[1] - 20 * gait
        knee_l = seated.knee_flex_deg[0] + 25 * np.clip(-gait, 0, 1)
        knee_r = seated.knee_flex_deg[1] + 25 * np.clip(gait, 0, 1)
        anchor = np.where(walking, np.nan, 0.0)
        hang = np.where(walking, 5.0, seated.arm_deg[0])
        bent = np.where(walking, 15.0, seated.elbow_flex_deg[0])
        return PoseTrack(t, facing, seated.lean_deg, (thigh_l, thigh_r), (knee_l, knee_r),
                         (hang, hang), (bent, bent), pelvis_x_m=x, anchor_x_m=anchor)

    invalid = frozenset() if sits_down else frozenset({InvalidReason.INCOMPLETE})
    view = CameraView(centre_x_m=course_m / 2, height_m=course_m + 0.9)
    return Script(TestKind.TIMED_UP_AND_GO, end, track, 0,
                  {"start_s": GO_S, "course_m": course_m}, invalid, view)


def step_2min(*, seed: int = 0, duration_s: float = 120.0, low_every: int = 0) -> Script:
    """Alternate knee raises; every ``low_every``-th right raise falls short of mid-thigh."""
    rng = np.random.default_rng(seed + 4000)
    cycle = 120.0 / rng.uniform(60, 115)  # 60-115 right-knee raises in 2 min (anchors §2.1)
    n = int((duration_s + 2.0) / cycle) + 1
    starts = GO_S + 0.3 + np.arange(n) * cycle + rng.uniform(-0.05, 0.05, n)
    peaks = np.full(n, rng.uniform(68, 80))
    if low_every:
        peaks[low_every - 1 :: low_every] = 50.0
    half = cycle / 2
    # right thigh reaches 60 deg (knee at mid-thigh height: 1 - cos 60 = 0.5) here:
    reach = starts + half * np.arcsin(np.sqrt(np.minimum(60.0 / peaks, 1.0))) / np.pi
    count = int(np.sum((peaks >= 60) & (reach >= GO_S) & (reach <= GO_S + duration_s)))

    def bumps(t: FloatArray, offsets: float) -> FloatArray:
        out = np.zeros_like(t)
        lo = np.searchsorted(t, starts + offsets)
        hi = np.searchsorted(t, starts + offsets + half, side="right")
        for s, pk, a, b in zip(starts, peaks, lo, hi, strict=True):
            u = (t[a:b] - s - offsets) / half
            out[a:b] = np.maximum(out[a:b], pk * np.sin(np.pi * u) ** 2)
        return out

    def track(t: FloatArray) -> PoseTrack:
        right = bumps(t, 0.0)
        left = np.minimum(bumps(t, half), 70.0)
        z = _zeros(t)
        return PoseTrack(t, np.ones_like(t), z + 3.0, (left, right), (left * 1.2, right * 1.2),
                         (z + 5.0, z + 5.0), (z + 60.0, z + 60.0), anchor_x_m=0.0)

    return Script(TestKind.STEP_2MIN, GO_S + duration_s + 1.0, track, count,
                  {"start_s": GO_S, "duration_s": duration_s})


def one_leg_stance(*, seed: int = 0, hold_s: float | None = None,
                   record_s: float | None = None) -> Script:
    """Lift the left foot ~15 cm (knee bent) for ``hold_s``; ``record_s`` cuts the recording."""
    rng = np.random.default_rng(seed + 5000)
    hold = hold_s if hold_s is not None else rng.uniform(4.0, 40.0)
    lift_at = GO_S + rng.uniform(0.5, 1.2)
    lift, lower = 0.4, 0.4
    duration = record_s if record_s is not None else lift_at + lift + hold + lower + 1.5
    reps = [Rep(lift_at, lift, hold, lower)]

    def track(t: FloatArray) -> PoseTrack:
        p = rep_profile(t, reps)
        z = _zeros(t)
        sway = 1.5 * np.sin(2 * np.pi * 0.4 * t)
        hands = (z + 25.0, z + 25.0), (z + 110.0, z + 110.0)  # hands on hips
        return PoseTrack(t, np.ones_like(t), 3.0 + sway, (30.0 * p, z), (70.0 * p, z),
                         *hands, anchor_x_m=0.0)

    invalid: frozenset[InvalidReason] = frozenset()
    if record_s is not None and record_s < lift_at + lift + hold and hold < 120.0:
        invalid = frozenset({InvalidReason.INCOMPLETE})
    return Script(TestKind.ONE_LEG_STANCE, duration, track, 0, {"start_s": GO_S}, invalid)


def arm_curl(*, seed: int = 0, duration_s: float = 30.0) -> Script:
    """Seated right-arm curls (elbow 10 -> 140 deg flexion) from GO_S."""
    rng = np.random.default_rng(seed + 6000)
    reps = _reps(rng, GO_S + rng.uniform(0.2, 0.5), GO_S + duration_s + 2.0,
                 up=(0.6, 0.9), hold=(0.0, 0.2), down=(0.6, 0.9), rest=(0.1, 0.4))
    count = _count(reps, GO_S + duration_s, 0.5)  # halfway = 75 deg of the 10-140 range

    def track(t: FloatArray) -> PoseTrack:
        seated = _seated_track(t, _zeros(t), _zeros(t))
        flex = 10.0 + 130.0 * rep_profile(t, reps)
        z = _zeros(t)
        return PoseTrack(t, seated.facing, z + 5.0, seated.thigh_deg, seated.knee_flex_deg,
                         (z, z), (z + 10.0, flex), anchor_x_m=0.0)

    return Script(TestKind.ARM_CURL_30S, GO_S + duration_s + 2.0, track, count,
                  {"start_s": GO_S, "duration_s": duration_s})


MOTIONS: dict[TestKind, Callable[..., Script]] = {
    TestKind.CHAIR_STAND_30S: chair_stand,
    TestKind.SIT_TO_STAND_5X: sit_to_stand_5x,
    TestKind.TIMED_UP_AND_GO: timed_up_and_go,
    TestKind.STEP_2MIN: step_2min,
    TestKind.ONE_LEG_STANCE: one_leg_stance,
    TestKind.ARM_CURL_30S: arm_curl,
}
