"""The ground-truth generator itself: deterministic, faithful to its script and conditions."""

import numpy as np
import pytest

from measurements.pose import synthetic_motion as motions
from measurements.pose.result import InvalidReason, TestKind
from measurements.pose.synthetic import Conditions, make_case


def test_same_seed_same_sequence():
    a = make_case("a", motions.chair_stand(seed=3), Conditions(seed=3, dropout_rate=0.05))
    b = make_case("b", motions.chair_stand(seed=3), Conditions(seed=3, dropout_rate=0.05))
    np.testing.assert_array_equal(a.sequence.xy, b.sequence.xy)
    c = make_case("c", motions.chair_stand(seed=4), Conditions(seed=3, dropout_rate=0.05))
    assert c.truth.events != a.truth.events


@pytest.mark.parametrize("fps", [12.0, 30.0, 60.0])
def test_frame_rate_jitter_and_dropouts_are_as_asked(fps):
    case = make_case("x", motions.chair_stand(seed=1), Conditions(fps=fps, dropout_rate=0.1))
    seq = case.sequence
    assert seq.frame_rate_hz() == pytest.approx(fps, rel=0.05)
    assert seq.detection_rate() == pytest.approx(0.9, abs=0.02)


def test_scripted_count_matches_the_noise_free_crossings():
    for seed in range(5):
        case = make_case("x", motions.chair_stand(seed=seed))
        full = [s for s in case.truth.events["stand"] if s <= 30.0]
        assert case.truth.score in (len(full), len(full) + 1)  # +1: half-way at 30 s


def test_truth_carries_expected_invalid_reasons():
    case = make_case("x", motions.chair_stand(seed=1, arms_used_reps=(1,)),
                     Conditions(bystander_at_s=3.0, fps=8.0))
    assert case.truth.invalid == {InvalidReason.ARMS_USED, InvalidReason.TRACKER_JUMPED,
                                  InvalidReason.LOW_FRAME_RATE}


def test_every_test_has_a_script():
    for test in TestKind:
        script = motions.MOTIONS[test](seed=0)
        assert script.test is test
        assert script.duration_s > 5


def test_tug_truth_is_the_final_sit_from_go():
    case = make_case("tug", motions.timed_up_and_go(seed=2, course_m=3.0, speed_m_s=1.0))
    # 2 x 3 m at 1 m/s + stand + 2 turns + sit: between 9 and 13 s
    assert 9.0 < case.truth.score < 13.0
    assert case.truth.options["course_m"] == 3.0
