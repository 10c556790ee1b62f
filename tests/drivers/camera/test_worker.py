"""The pose worker keeps up with a 30 fps camera by dropping frames, never by lagging.

The camera is the real OpenCV file source paced to 30 fps; the backend is injected: a slow
stand-in for MediaPipe whose inference time we choose.
"""

import itertools
import threading
import time

import numpy as np
import pytest

from drivers.camera.capture import OpenCvSource
from drivers.camera.worker import LatestSlot, PoseWorker, run_inline
from drivers.errors import DeviceLost, DeviceNotFound, DriverError, Reason


class SlowBackend:
    def __init__(self, seconds):
        self.seconds = seconds
        self.closed = False

    def process(self, image):
        time.sleep(self.seconds)
        return np.full((33, 3), float(image[0, 0, 0]) / 255.0)

    def close(self):
        self.closed = True


def _run(source, backend, timeout=10.0):
    results, frames, ended = [], [], []
    done = threading.Event()

    def on_end(error):
        ended.append(error)
        done.set()

    worker = PoseWorker(source, lambda: backend, on_pose=results.append,
                        on_frame=frames.append, on_end=on_end)
    started = time.monotonic()
    worker.start()
    assert done.wait(timeout)
    worker.join(2.0)
    return worker, results, frames, ended, time.monotonic() - started


def test_slow_inference_drops_frames_and_latency_stays_bounded(video_30fps):
    backend = SlowBackend(0.08)  # 12.5 fps of inference against a 30 fps camera
    worker, results, frames, ended, elapsed = _run(
        OpenCvSource(video_30fps, realtime=True), backend)
    assert ended == [None]
    assert backend.closed
    assert len(frames) == 60  # the preview saw every camera frame
    stats = worker.stats
    assert stats["captured"] == 60
    assert stats["dropped"] > 20
    assert stats["processed"] + stats["dropped"] == 60
    assert elapsed < 2.0 + 0.5  # finished with the camera, not 60 x 80 ms = 4.8 s later
    latencies = [r.latency_s for r in results]
    assert max(latencies) < 2 * 0.08 + 0.1  # never more than ~one frame waiting
    assert np.mean(latencies[-5:]) < np.mean(latencies[:5]) + 0.05  # not growing
    t = [r.frame.t_s for r in results]
    assert all(b > a for a, b in itertools.pairwise(t))  # newest frame, in order


def test_fast_inference_processes_every_frame(video_30fps):
    worker, results, _, ended, _ = _run(OpenCvSource(video_30fps, realtime=True),
                                        SlowBackend(0.002))
    assert ended == [None]
    assert worker.stats["dropped"] <= 2
    assert len(results) >= 58


def test_backend_that_cannot_load_ends_with_its_error(video_30fps):
    ended = []
    done = threading.Event()

    def factory():
        raise DeviceNotFound("pose model could not be loaded")

    worker = PoseWorker(OpenCvSource(video_30fps, realtime=True), factory,
                        on_pose=lambda r: None, on_end=lambda e: (ended.append(e), done.set()))
    worker.start()
    assert done.wait(5.0)
    worker.join(2.0)
    assert isinstance(ended[0], DeviceNotFound)


class UnpluggedCamera:
    """A camera that delivers three frames and then is unplugged."""

    image_size = (64, 48)
    nominal_fps = 30.0

    def __init__(self):
        self.n = 0
        self.closed = False

    def read(self):
        from drivers.camera.capture import Frame

        self.n += 1
        if self.n > 3:
            raise DeviceLost("camera stopped delivering frames")
        time.sleep(1 / 30)
        return Frame(np.zeros((48, 64, 3), np.uint8), self.n / 30, self.n)

    def close(self):
        self.closed = True


def test_unplugged_camera_ends_with_device_lost():
    camera = UnpluggedCamera()
    _worker, _, _, ended, _ = _run(camera, SlowBackend(0.001))
    assert isinstance(ended[0], DriverError)
    assert ended[0].reason is Reason.DEVICE_LOST
    assert camera.closed


def test_stop_ends_a_looping_camera(video_30fps):
    ended = []
    worker = PoseWorker(OpenCvSource(video_30fps, realtime=True, loop=True),
                        lambda: SlowBackend(0.01), on_pose=lambda r: None, on_end=ended.append)
    worker.start()
    time.sleep(0.3)
    worker.stop()
    assert ended == [None]


def test_latest_slot_keeps_only_the_newest():
    from drivers.camera.capture import Frame

    slot = LatestSlot()
    frames = [Frame(np.zeros((1, 1, 3), np.uint8), i, i) for i in range(3)]
    assert slot.put(frames[0], 0.0) is False
    assert slot.put(frames[1], 0.0) is True  # replaced an untaken frame
    assert slot.put(frames[2], 0.0) is True
    assert slot.take(0.01)[0].index == 2
    assert slot.take(0.01) is None
    slot.close()
    assert slot.take(1.0) is None


def test_run_inline_processes_every_frame(video_30fps):
    results = []
    n = run_inline(OpenCvSource(video_30fps), SlowBackend(0.0), results.append)
    assert n == 60
    assert [r.frame.index for r in results] == list(range(60))
    assert results[0].landmarks.shape == (33, 3)


@pytest.mark.parametrize("luma", [40, 200])
def test_pose_frames_carry_the_light_level(tmp_path, luma):
    import cv2

    path = tmp_path / "flat.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (64, 48))
    for _ in range(3):
        writer.write(np.full((48, 64, 3), luma, np.uint8))
    writer.release()
    results = []
    run_inline(OpenCvSource(path), SlowBackend(0.0), results.append)
    assert results[0].mean_luma == pytest.approx(luma, abs=3)
