import itertools

import numpy as np
import pytest

from drivers.camera.capture import OpenCvSource, mean_luma, parse_spec
from drivers.errors import DeviceNotFound


def test_spec_parsing():
    assert parse_spec("0") == 0
    assert parse_spec(2) == 2
    assert parse_spec("/dev/video1") == "/dev/video1"
    assert parse_spec(" clip.mp4 ") == "clip.mp4"


def test_file_frames_have_media_timestamps(video_30fps):
    source = OpenCvSource(video_30fps)
    assert source.is_file
    assert source.image_size == (320, 240)
    assert source.nominal_fps == pytest.approx(30.0)
    frames = []
    while (frame := source.read()) is not None:
        frames.append(frame)
    source.close()
    assert len(frames) == 60
    assert [f.index for f in frames] == list(range(60))
    t = np.array([f.t_s for f in frames])
    np.testing.assert_allclose(np.diff(t), 1 / 30, atol=1e-3)
    assert frames[0].image.shape == (240, 320, 3)


def test_realtime_file_is_paced_to_its_frame_rate(video_30fps):
    now = [100.0]
    slept = []

    def sleep(s):
        slept.append(s)
        now[0] += s

    source = OpenCvSource(video_30fps, realtime=True, clock=lambda: now[0], sleep=sleep)
    while source.read() is not None:
        pass
    assert now[0] - 100.0 == pytest.approx(59 / 30, abs=1e-3)
    assert len(slept) == 59


def test_looping_file_never_ends_and_time_keeps_increasing(video_30fps):
    source = OpenCvSource(video_30fps, loop=True)
    times = [source.read().t_s for _ in range(150)]
    assert all(b > a for a, b in itertools.pairwise(times))
    assert times[-1] == pytest.approx(149 / 30, abs=1e-2)


def test_missing_file_and_absent_camera_are_device_not_found(tmp_path):
    with pytest.raises(DeviceNotFound, match="does not exist"):
        OpenCvSource(tmp_path / "nope.mp4")
    with pytest.raises(DeviceNotFound):
        OpenCvSource("/dev/video99")


def test_mean_luma():
    assert mean_luma(np.full((480, 640, 3), 100, dtype=np.uint8)) == pytest.approx(100)
