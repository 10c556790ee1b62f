import numpy as np
import pytest

from measurements.pose.landmarks import N_LANDMARKS, Landmark, LandmarkSequence, SequenceError


def _seq(n=5):
    t = np.arange(n) / 30.0
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 1, (n, N_LANDMARKS, 2))
    vis = rng.uniform(0, 1, (n, N_LANDMARKS))
    xy[2] = np.nan
    vis[2] = np.nan
    return LandmarkSequence(t, xy, vis, (640, 480))


def test_index_order_is_blazepose():
    # mediapipe PoseLandmark: 0 nose, 11/12 shoulders, 23/24 hips, 32 right foot index
    assert Landmark.NOSE == 0
    assert (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER) == (11, 12)
    assert (Landmark.LEFT_HIP, Landmark.RIGHT_HIP) == (23, 24)
    assert Landmark.RIGHT_FOOT_INDEX == 32
    assert len(Landmark) == N_LANDMARKS


def test_detection_rate_and_frame_rate():
    seq = _seq()
    assert seq.detected.tolist() == [True, True, False, True, True]
    assert seq.detection_rate() == pytest.approx(0.8)
    assert seq.frame_rate_hz() == pytest.approx(30.0)


def test_points_are_in_image_heights():
    seq = _seq()
    p = seq.point(Landmark.NOSE)
    assert p[0, 0] == pytest.approx(seq.xy[0, 0, 0] * 640 / 480)
    assert p[0, 1] == pytest.approx(seq.xy[0, 0, 1])


def test_compact_round_trip_keeps_landmarks_to_float16_precision():
    seq = _seq(300)
    blob = seq.to_bytes()
    assert len(blob) < 300 * 33 * 3 * 2 + 4000  # float16, compressed: no bigger than raw f16
    back = LandmarkSequence.from_bytes(blob)
    np.testing.assert_array_equal(back.t_s, seq.t_s)
    np.testing.assert_allclose(back.xy, seq.xy, atol=1e-3)
    assert np.isnan(back.xy[2]).all()
    assert back.image_size == (640, 480)


def test_corrupt_blob_is_a_sequence_error():
    with pytest.raises(SequenceError):
        LandmarkSequence.from_bytes(b"not an npz")


def test_shapes_and_time_order_are_checked():
    with pytest.raises(SequenceError):
        LandmarkSequence(np.zeros(3), np.zeros((3, 33, 2)), np.zeros((3, 33)))
    with pytest.raises(SequenceError):
        LandmarkSequence(np.arange(3.0), np.zeros((3, 32, 2)), np.zeros((3, 33)))


def test_from_rows_marks_missing_frames():
    row = np.ones((33, 3)) * 0.5
    seq = LandmarkSequence.from_rows([0.0, 0.1], [row, None], (640, 480))
    assert seq.detected.tolist() == [True, False]
    assert seq.visibility[0, 0] == 0.5


def test_window_is_inclusive():
    seq = _seq()
    assert len(seq.window(1 / 30, 3 / 30)) == 3
