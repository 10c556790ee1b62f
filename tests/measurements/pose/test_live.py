"""LiveRecorder: the worker's frames -> a landmark sequence + live gate results."""

import numpy as np
import pytest

from drivers.camera.capture import Frame
from drivers.camera.worker import PoseFrame
from measurements.pose import scoring
from measurements.pose import synthetic_motion as motions
from measurements.pose.gates import GateCode
from measurements.pose.live import LiveRecorder
from measurements.pose.synthetic import Conditions, make_case

IMAGE = np.zeros((4, 4, 3), np.uint8)


def _feed(recorder, seq, luma=120.0):
    for i in range(len(seq)):
        row = None
        if seq.detected[i]:
            row = np.concatenate([seq.xy[i], seq.visibility[i][:, None]], axis=1)
        recorder.add(PoseFrame(Frame(IMAGE, float(seq.t_s[i]), i), row, luma, 0.03, 0.04, 0))


def test_recorded_sequence_scores_like_the_original():
    case = make_case("cs", motions.chair_stand(seed=2), Conditions(seed=2, dropout_rate=0.02))
    recorder = LiveRecorder((640, 480))
    _feed(recorder, case.sequence)
    assert len(recorder) == len(case.sequence)
    direct = scoring.score("chair_stand_30s", case.sequence, start_s=1.0)
    live = scoring.score("chair_stand_30s", recorder.sequence(), start_s=1.0)
    assert live.score == direct.score == case.truth.score
    assert live.events == direct.events


def test_gate_sees_the_last_moments_only():
    case = make_case("by", motions.chair_stand(seed=3, duration_s=5.0),
                     Conditions(seed=3, bystander_at_s=2.0, bystander_for_s=0.5))
    recorder = LiveRecorder((640, 480))
    _feed(recorder, case.sequence.window(0.0, 1.9))
    assert recorder.gate().ok
    _feed(recorder, case.sequence.window(1.95, 2.3))
    assert recorder.gate().code is GateCode.OTHER_PERSON
    _feed(recorder, case.sequence.window(2.35, 5.0))
    assert recorder.gate().ok  # 1.5 s after the jump back, the gate clears


def test_gate_reports_darkness_and_frame_rate():
    case = make_case("cs", motions.chair_stand(seed=1, duration_s=3.0), Conditions(fps=30.0))
    dark = LiveRecorder((640, 480))
    _feed(dark, case.sequence, luma=20.0)
    assert dark.gate().code is GateCode.TOO_DARK
    slow = LiveRecorder((640, 480))
    _feed(slow, case.sequence.window(0.0, 3.0))
    assert slow.frame_stats().frame_rate_hz == pytest.approx(30.0, rel=0.1)
    assert slow.gate(min_frame_rate_hz=50.0).code is GateCode.LOW_FRAME_RATE


def test_empty_recorder_reports_no_person():
    recorder = LiveRecorder((640, 480))
    assert recorder.gate(min_frame_rate_hz=0.0).code in {GateCode.NO_PERSON, GateCode.TOO_DARK}


def test_out_of_order_frames_are_ignored():
    recorder = LiveRecorder((640, 480))
    recorder.add(PoseFrame(Frame(IMAGE, 1.0, 0), None, 100.0, 0.0, 0.0, 0))
    recorder.add(PoseFrame(Frame(IMAGE, 0.5, 1), None, 100.0, 0.0, 0.0, 0))
    assert len(recorder) == 1


def test_elapsed_is_first_to_last_recorded_frame():
    case = make_case("cs", motions.chair_stand(seed=2, duration_s=3.0), Conditions(seed=2))
    recorder = LiveRecorder((640, 480))
    assert recorder.elapsed_s() == 0.0
    _feed(recorder, case.sequence)
    seq = recorder.sequence()
    assert recorder.elapsed_s() == pytest.approx(float(seq.t_s[-1] - seq.t_s[0]))
    recorder.clear()
    assert recorder.elapsed_s() == 0.0


def test_keep_last_leaves_the_gate_its_window():
    case = make_case("cs", motions.chair_stand(seed=2, duration_s=5.0), Conditions(seed=2))
    recorder = LiveRecorder((640, 480))
    _feed(recorder, case.sequence)
    before = recorder.gate()
    recorder.keep_last(1.5)
    seq = recorder.sequence()
    assert float(seq.t_s[-1] - seq.t_s[0]) <= 1.5
    assert len(recorder) >= 40  # ~1.5 s at 30 fps
    assert recorder.gate() == before  # same verdict: the gate only ever looked at 1.5 s
    assert recorder.frame_stats().frame_rate_hz > 25


def test_first_frame_is_not_judged_a_slow_camera_but_a_stall_is():
    # Found on a real clip (assets/samples/real): the very first preview frame said "camera
    # too slow" because one frame gives no rate.  A camera that then stops is still caught.
    case = make_case("cs", motions.chair_stand(seed=1, duration_s=3.0), Conditions(fps=30.0))
    recorder = LiveRecorder((640, 480))
    _feed(recorder, case.sequence.window(0.0, 0.0))
    assert len(recorder) == 1
    assert recorder.frame_stats().frame_rate_hz is None
    assert recorder.gate().code is not GateCode.LOW_FRAME_RATE
    _feed(recorder, case.sequence.window(0.02, 0.5))
    last = float(case.sequence.window(0.02, 0.5).t_s[-1])
    stalled = make_case("cs", motions.chair_stand(seed=1, duration_s=6.0), Conditions(fps=30.0))
    # the next frame arrives 4 s later: the window holds one frame after a long run
    late = stalled.sequence.window(last + 4.0, last + 4.03)
    assert len(late) == 1
    _feed(recorder, late)
    assert recorder.frame_stats().frame_rate_hz == 0.0
    assert recorder.gate().code is GateCode.LOW_FRAME_RATE
