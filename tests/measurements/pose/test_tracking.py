"""tracking.counted: a count of zero is a result only when the person was seen."""

import pytest

from measurements.pose import scoring
from measurements.pose import synthetic_motion as motions
from measurements.pose.landmarks import LandmarkSequence
from measurements.pose.result import InvalidReason, TestKind
from measurements.pose.synthetic import Conditions, make_case

COUNTED = (TestKind.CHAIR_STAND_30S, TestKind.STEP_2MIN, TestKind.ARM_CURL_30S)


@pytest.mark.parametrize("test", list(TestKind))
def test_nobody_in_front_of_the_camera_gives_no_score(test):
    t = [i / 15 for i in range(45)]
    empty = LandmarkSequence.from_rows(t, [None] * len(t), (640, 480))
    result = scoring.score(test, empty)
    assert result.score is None
    assert not result.valid
    assert InvalidReason.POOR_TRACKING in result.invalid_reasons


@pytest.mark.parametrize("test", COUNTED)
def test_a_person_who_does_no_repetition_scores_zero(test):
    # the person sits (or stands) still in view for the whole window: a real zero
    script = motions.MOTIONS[test](seed=1)
    case = make_case("still", script, Conditions(seed=1))
    seq = case.sequence
    frozen = LandmarkSequence(seq.t_s, seq.xy[:1].repeat(len(seq), axis=0),
                              seq.visibility[:1].repeat(len(seq), axis=0), seq.image_size)
    result = scoring.score(test, frozen, **case.truth.options)
    assert result.score == 0.0
