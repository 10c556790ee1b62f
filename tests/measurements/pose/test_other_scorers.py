"""TUG, 2-min step, one-leg stance and arm curl on synthetic sequences with exact truth."""

import pytest

from measurements.pose import synthetic_motion as motions
from measurements.pose.arm_curl import score_arm_curl_30s
from measurements.pose.one_leg import score_one_leg_stance
from measurements.pose.result import InvalidReason
from measurements.pose.step import score_step_2min
from measurements.pose.synthetic import Conditions, make_case
from measurements.pose.tug import score_timed_up_and_go


@pytest.mark.parametrize(("course_m", "protocol"), [(3.0, "Timed Up and Go"),
                                                    (2.44, "SFT 8-ft up-and-go")])
@pytest.mark.parametrize("fps", [12.0, 30.0])
def test_tug_time_within_one_frame_and_course_recorded(course_m, protocol, fps):
    case = make_case("tug", motions.timed_up_and_go(seed=3, course_m=course_m),
                     Conditions(fps=fps, dropout_rate=0.02, seed=3))
    result = score_timed_up_and_go(case.sequence, **case.truth.options)
    assert result.valid, result.invalid_reasons
    assert abs(result.score - case.truth.score) <= 1 / fps
    assert result.method["course_m"] == course_m
    assert result.method["protocol"] == protocol
    names = [e.name for e in result.events]
    assert names == ["go", "stand_up", "turn", "sit_down"]


def test_tug_without_sitting_down_is_incomplete():
    case = make_case("tug", motions.timed_up_and_go(seed=4, sits_down=False), Conditions(seed=4))
    result = score_timed_up_and_go(case.sequence, **case.truth.options)
    assert result.score is None
    assert result.invalid_reasons == (InvalidReason.INCOMPLETE,)


def test_tug_standing_up_and_sitting_without_walking_is_incomplete():
    case = make_case("no-walk", motions.sit_to_stand_5x(seed=1, stands=1), Conditions(seed=1))
    result = score_timed_up_and_go(case.sequence, start_s=1.0)
    assert InvalidReason.INCOMPLETE in result.invalid_reasons


@pytest.mark.parametrize(("seed", "fps"), [(1, 15.0), (3, 30.0), (4, 60.0)])
def test_step_count_is_exact_without_dropouts(seed, fps):
    case = make_case("step", motions.step_2min(seed=seed), Conditions(fps=fps, seed=seed))
    result = score_step_2min(case.sequence, **case.truth.options)
    assert result.valid
    assert result.score == case.truth.score
    assert result.flags == ()  # nothing hidden, nothing uncertain
    truth = case.truth.events["right_knee_up"]
    for event in result.events:
        assert min(abs(event.t_s - t) for t in truth) <= 1 / fps


def test_step_raises_below_mid_thigh_are_not_counted_but_flagged():
    case = make_case("low", motions.step_2min(seed=2, low_every=4), Conditions(seed=2))
    result = score_step_2min(case.sequence, **case.truth.options)
    assert result.score == case.truth.score
    low = [e for e in result.events if e.name == "low_knee_raise"]
    assert len(low) >= case.truth.score // 4 - 1
    assert result.flags == (f"low_knee_raises={len(low)}",)


def _one_leg_errors_s(fps: float, noise: float, seeds: range) -> tuple[list[float], list[float]]:
    """Event and score errors (s) of the one-leg scorer over ``seeds`` at ``fps``."""
    events, scores = [], []
    for seed in seeds:
        case = make_case("olst", motions.one_leg_stance(seed=seed),
                         Conditions(fps=fps, noise=noise, seed=seed))
        result = score_one_leg_stance(case.sequence, **case.truth.options)
        assert result.valid, (seed, result.invalid_reasons)
        assert result.method["lifted_foot"] == "left"
        for name in ("foot_off", "foot_down"):
            got = next(e.t_s for e in result.events if e.name == name)
            events.append(abs(got - case.truth.events[name][0]))
        scores.append(abs(result.score - case.truth.score))
    return events, scores


# Two error sources, two claims.  The earlier single-seed version asserted "within one
# frame" WITH landmark noise: true for its three seeds, false for ~1 seed in 6 at 60 fps
# (a frame is 17 ms there, the noise alone moves a crossing ~20 ms; seeds 2, 12, 13 ... of
# range(40) fail), so any change to the random draws of synthetic.py could break it.
@pytest.mark.parametrize("fps", [12.0, 30.0, 60.0])
def test_one_leg_timing_is_within_one_frame_when_landmarks_are_exact(fps):
    """The scorer's own error (sampling, timestamp jitter, smoothing): < 1 frame, 6 seeds."""
    events, scores = _one_leg_errors_s(fps, 0.0, range(6))
    assert max(events) <= 1 / fps
    assert max(scores) <= 1.5 / fps  # foot_down - foot_off: two events, errors partly cancel


@pytest.mark.parametrize("fps", [12.0, 30.0, 60.0])
def test_one_leg_timing_with_station_noise_stays_well_inside_the_agreement_target(fps):
    """With ~2 px landmark noise (Conditions default): every event within one frame or
    50 ms, whichever is longer -- a sixth of the 0.3 s staff-agreement target (anchors
    §5.2) -- and the score within 1.5 frames or 60 ms, over 6 seeds."""
    events, scores = _one_leg_errors_s(fps, Conditions().noise, range(6))
    assert max(events) <= max(1 / fps, 0.050)
    assert max(scores) <= max(1.5 / fps, 0.060)


def test_one_leg_is_capped_at_120_s():
    case = make_case("cap", motions.one_leg_stance(seed=4, hold_s=130.0), Conditions(fps=15.0))
    result = score_one_leg_stance(case.sequence, **case.truth.options)
    assert result.valid
    assert result.score == 120.0
    assert [e.name for e in result.events] == ["foot_off", "cap_reached"]


def test_one_leg_recording_stopped_early_is_incomplete():
    case = make_case("cut", motions.one_leg_stance(seed=5, hold_s=60.0, record_s=20.0),
                     Conditions(seed=5))
    result = score_one_leg_stance(case.sequence, **case.truth.options)
    assert result.invalid_reasons == (InvalidReason.INCOMPLETE,)


@pytest.mark.parametrize(("seed", "fps"), [(1, 12.0), (2, 30.0), (9, 60.0)])
def test_arm_curl_count_is_exact(seed, fps):
    case = make_case("curl", motions.arm_curl(seed=seed),
                     Conditions(fps=fps, dropout_rate=0.02, seed=seed))
    result = score_arm_curl_30s(case.sequence, **case.truth.options)
    assert result.valid
    assert abs(result.score - case.truth.score) <= case.truth.count_tolerance
    assert result.method["side"] == "right"


def test_arm_curl_of_the_resting_arm_counts_nothing():
    case = make_case("curl", motions.arm_curl(seed=1), Conditions(seed=1))
    result = score_arm_curl_30s(case.sequence, side="left", **case.truth.options)
    assert result.score == 0


def test_arm_curl_rejects_an_unknown_side():
    case = make_case("curl", motions.arm_curl(seed=1, duration_s=2.0), Conditions(seed=1))
    with pytest.raises(ValueError, match="side"):
        score_arm_curl_30s(case.sequence, side="middle")


def test_step_raise_hidden_by_a_dropout_is_reported_uncertain_not_counted():
    from dataclasses import replace

    import numpy as np

    case = make_case("step", motions.step_2min(seed=3), Conditions(fps=30.0, seed=3))
    up = case.truth.events["right_knee_up"][10] + 1.0  # options start_s = 1.0
    seq = case.sequence
    hidden = (seq.t_s > up - 0.1) & (seq.t_s < up + 0.3)  # the top of the 11th raise
    xy, vis = seq.xy.copy(), seq.visibility.copy()
    xy[hidden] = np.nan
    vis[hidden] = np.nan
    result = score_step_2min(replace(seq, xy=xy, visibility=vis), **case.truth.options)
    assert result.score == case.truth.score - 1
    uncertain = [e.t_s for e in result.events if e.name == "uncertain_knee_raise"]
    assert len(uncertain) == 1
    assert abs(uncertain[0] - (up - 1.0)) < 0.4
    assert "uncertain_knee_raises=1" in result.flags


def _hide(seq, t0_s: float, t1_s: float):
    """``seq`` without a detection between t0_s and t1_s (a MediaPipe dropout)."""
    from dataclasses import replace

    import numpy as np

    hidden = (seq.t_s > t0_s) & (seq.t_s < t1_s)
    xy, vis = seq.xy.copy(), seq.visibility.copy()
    xy[hidden] = np.nan
    vis[hidden] = np.nan
    return replace(seq, xy=xy, visibility=vis)


@pytest.mark.parametrize(("seed", "fps"), [(5, 12.0), (5, 15.0)])
def test_step_raise_whose_top_a_short_dropout_hid_at_low_fps_is_reported_uncertain(seed, fps):
    """At 12-15 fps a fast raise is above mid-thigh for 1-2 frames: 3 lost frames hide it
    completely (interpolation leaves not even a low raise).  The stepping rhythm says a
    raise belongs there: not counted, but reported uncertain for staff (the bench found
    such counts short with no flag at 12-15 fps, exact without dropouts)."""
    import numpy as np

    from measurements.pose.step import knee_raise_signal

    case = make_case("step", motions.step_2min(seed=seed), Conditions(fps=fps, seed=seed))
    up = case.truth.events["right_knee_up"][20] + 1.0  # options start_s = 1.0
    t, r = case.sequence.t_s, knee_raise_signal(case.sequence)
    near = np.flatnonzero(np.abs(t - up) < 0.3)
    top = t[near[np.argmax(r[near])]]
    seq = _hide(case.sequence, top - 1.5 / fps, top + 1.5 / fps)
    assert (~seq.detected).sum() == 3
    result = score_step_2min(seq, **case.truth.options)
    assert result.score == case.truth.score - 1
    uncertain = [e.t_s for e in result.events if e.name == "uncertain_knee_raise"]
    assert len(uncertain) == 1
    assert abs(uncertain[0] - (up - 1.0)) < 0.3
    assert result.flags == ("uncertain_knee_raises=1",)


@pytest.mark.parametrize(("seed", "fps"), [(4, 12.0), (5, 12.0), (7, 15.0), (2, 24.0)])
def test_step_count_with_dropouts_is_short_only_by_raises_flagged_uncertain(seed, fps):
    case = make_case("step", motions.step_2min(seed=seed),
                     Conditions(fps=fps, dropout_rate=0.03, seed=seed))
    result = score_step_2min(case.sequence, **case.truth.options)
    assert result.valid
    uncertain = sum(1 for e in result.events if e.name == "uncertain_knee_raise")
    assert 0 < case.truth.score - result.score <= uncertain


@pytest.mark.parametrize("fps", [12.0, 30.0, 60.0])
def test_one_leg_timing_with_8px_jitter_stays_inside_the_agreement_target(fps):
    """~8 px landmark noise (0.012): foot-down used to come 0.7-1.2 s late (|noise| was
    smoothed, its mean sat above DOWN_LEVEL) or seconds early (a jitter blip taken as the
    stance).  Now every event within 0.35 s at 12 fps, 0.1 s at 30-60 fps (6 seeds)."""
    events, scores = _one_leg_errors_s(fps, 0.012, range(6))
    limit = 0.35 if fps < 24 else 0.1
    assert max(events) <= limit
    assert max(scores) <= limit


def test_one_leg_a_jitter_blip_before_the_lift_is_not_the_stance():
    import numpy as np

    from measurements.pose.landmarks import Landmark

    case = make_case("olst", motions.one_leg_stance(seed=3), Conditions(fps=30.0, seed=3))
    seq = case.sequence
    xy = seq.xy.copy()
    blip = np.flatnonzero(seq.t_s > 1.2)[:3]  # 0.1 s, left ankle 8 cm up, before the lift
    xy[blip, Landmark.LEFT_ANKLE, 1] -= 0.04
    from dataclasses import replace

    result = score_one_leg_stance(replace(seq, xy=xy), **case.truth.options)
    assert result.valid, result.invalid_reasons
    off = next(e.t_s for e in result.events if e.name == "foot_off")
    assert abs(off - case.truth.events["foot_off"][0]) <= 1 / 30
    assert abs(result.score - case.truth.score) <= 1.5 / 30
