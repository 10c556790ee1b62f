"""Chair-stand scorers on synthetic sequences with exact ground truth (measurements.pose.synthetic)."""

import pytest

from measurements.pose import synthetic_motion as motions
from measurements.pose.chair_stand import score_chair_stand_30s, score_sit_to_stand_5x
from measurements.pose.result import InvalidReason
from measurements.pose.synthetic import Conditions, make_case


def _stands(result):
    return [e.t_s for e in result.events if e.name == "stand"]


@pytest.mark.parametrize(("seed", "fps"), [(1, 12.0), (2, 15.0), (3, 30.0), (4, 60.0), (5, 24.0)])
def test_30s_count_is_exact_and_every_stand_is_timed_within_one_frame(seed, fps):
    case = make_case("cs", motions.chair_stand(seed=seed),
                     Conditions(fps=fps, dropout_rate=0.03, seed=seed))
    result = score_chair_stand_30s(case.sequence, **case.truth.options)
    assert result.valid, result.invalid_reasons
    assert abs(result.score - case.truth.score) <= case.truth.count_tolerance
    truth = case.truth.events["stand"]
    for got in _stands(result):
        assert min(abs(got - t) for t in truth) <= 1 / fps
    assert 0.5 < result.confidence <= 1.0


def test_a_stand_more_than_halfway_up_when_time_is_up_counts():
    # SFT rule: end the window between the 6th rise passing half-way and reaching the top
    base = make_case("base", motions.chair_stand(seed=1), Conditions(fps=60.0, noise=0.0))
    halfway, full = base.truth.events["halfway"][5], base.truth.events["stand"][5]
    assert full - halfway > 0.1
    end = (halfway + full) / 2
    case = make_case("half", motions.chair_stand(seed=1, duration_s=end),
                     Conditions(fps=30.0, seed=1))
    assert case.truth.score == 6
    result = score_chair_stand_30s(case.sequence, **case.truth.options)
    assert result.score == 6
    assert "halfway_at_end" in result.flags
    assert len(_stands(result)) == 5


def test_arms_used_invalidates_and_names_the_stand():
    case = make_case("arms", motions.chair_stand(seed=2, arms_used_reps=(3,)), Conditions(seed=2))
    result = score_chair_stand_30s(case.sequence, **case.truth.options)
    assert not result.valid
    assert result.invalid_reasons == (InvalidReason.ARMS_USED,)
    arms = [e.t_s for e in result.events if e.name == "arms_used"]
    assert len(arms) == 1
    fourth_stand = case.truth.events["stand"][3]
    assert 0 < fourth_stand - arms[0] < 2.0  # flagged at the start of the 4th rise
    assert result.score == case.truth.score  # the count is still shown to staff


def test_incomplete_stand_is_flagged_and_not_counted():
    case = make_case("short", motions.chair_stand(seed=3, short_reps=(2,)), Conditions(seed=3))
    result = score_chair_stand_30s(case.sequence, **case.truth.options)
    assert result.valid
    assert result.score == case.truth.score
    assert [e.name for e in result.events].count("incomplete_stand") == 1
    assert any(f.startswith("incomplete_stand@") for f in result.flags)


def test_bystander_jump_invalidates_but_the_count_ignores_the_bystander():
    case = make_case("by", motions.chair_stand(seed=4), Conditions(bystander_at_s=10.0, seed=4))
    result = score_chair_stand_30s(case.sequence, **case.truth.options)
    assert result.invalid_reasons == (InvalidReason.TRACKER_JUMPED,)
    assert abs(result.score - case.truth.score) <= 1  # a stand may hide behind the bystander


def test_person_leaving_the_frame_invalidates():
    case = make_case("leave", motions.chair_stand(seed=5), Conditions(leave_at_s=12.0, seed=5))
    result = score_chair_stand_30s(case.sequence, **case.truth.options)
    assert InvalidReason.PERSON_LEFT_FRAME in result.invalid_reasons
    assert not result.valid


def test_too_low_frame_rate_invalidates():
    case = make_case("slow", motions.chair_stand(seed=6), Conditions(fps=8.0, seed=6))
    result = score_chair_stand_30s(case.sequence, **case.truth.options)
    assert result.invalid_reasons == (InvalidReason.LOW_FRAME_RATE,)


def test_recording_shorter_than_30_s_is_too_short():
    case = make_case("cut", motions.chair_stand(seed=7), Conditions(seed=7))
    seq = case.sequence.window(0.0, 20.0)
    result = score_chair_stand_30s(seq, **case.truth.options)
    assert InvalidReason.TOO_SHORT in result.invalid_reasons


@pytest.mark.parametrize(("seed", "fps"), [(1, 12.0), (2, 30.0), (3, 60.0)])
def test_5x_time_within_one_frame(seed, fps):
    case = make_case("5x", motions.sit_to_stand_5x(seed=seed),
                     Conditions(fps=fps, dropout_rate=0.02, seed=seed))
    result = score_sit_to_stand_5x(case.sequence, **case.truth.options)
    assert result.valid, result.invalid_reasons
    assert abs(result.score - case.truth.score) <= 1 / fps
    assert len(_stands(result)) == 5


def test_5x_with_three_stands_is_incomplete_without_a_time():
    case = make_case("3x", motions.sit_to_stand_5x(seed=8, stands=3), Conditions(seed=8))
    result = score_sit_to_stand_5x(case.sequence, **case.truth.options)
    assert result.score is None
    assert result.invalid_reasons == (InvalidReason.INCOMPLETE,)
    assert result.method["stands_seen"] == 3


def test_nobody_seated_is_not_started():
    case = make_case("step", motions.step_2min(seed=1, duration_s=30.0), Conditions(seed=1))
    result = score_chair_stand_30s(case.sequence, start_s=1.0)
    assert result.score == 0
    assert InvalidReason.NOT_STARTED in result.invalid_reasons
