"""The pose worker: capture + inference off the GUI thread, latest frame wins.

Two plain threads (no Qt; the kiosk passes the callbacks on with `Bridge.post`):

* capture -- reads the source at camera rate, hands every frame to ``on_frame`` (the
  preview, so it moves at camera rate) and drops it into a one-slot mailbox, replacing a
  frame inference has not taken yet (counted as dropped);
* inference -- takes the newest frame, runs the backend, calls ``on_pose``.

So when inference is slower than the camera, frames are skipped and the landmarks stay
fresh (latency = one inference), instead of a queue growing and the skeleton lagging ever
further behind the person.  The backend is built on the inference thread by an injected
factory (mediapipe's 1.3 s import never runs on the GUI thread; tests inject a fake).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.camera.capture import Frame, FrameSource, mean_luma
from drivers.camera.pose_backend import Landmarks, PoseBackend
from drivers.errors import DriverError, Reason

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PoseFrame:
    """One processed frame: what the scorers and the overlay need."""

    frame: Frame
    landmarks: Landmarks | None  # (33, 3) x, y, visibility; None = nobody detected
    mean_luma: float
    inference_s: float  # backend time for this frame
    latency_s: float  # capture -> landmarks ready (queue wait + inference)
    dropped_total: int  # frames captured but never inferred, since start


class LatestSlot:
    """A mailbox of size one: ``put`` replaces what is there; ``take`` waits for something."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._item: tuple[Frame, float] | None = None
        self._closed = False

    def put(self, frame: Frame, at: float) -> bool:
        """Leave ``frame``; True if it replaced (dropped) an untaken one."""
        with self._cond:
            replaced = self._item is not None
            self._item = (frame, at)
            self._cond.notify()
            return replaced

    def take(self, timeout_s: float) -> tuple[Frame, float] | None:
        with self._cond:
            if self._item is None and not self._closed:
                self._cond.wait(timeout_s)
            item, self._item = self._item, None
            return item

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed


class PoseWorker:
    """Runs ``source`` -> ``backend`` on two threads; see the module docstring.

    Callbacks run on the worker threads and must return quickly (hand over to Bridge.post).
    ``on_end`` is called once: with None at the end of a file or after ``stop``, or with
    the DriverError that ended capture/inference (camera unplugged, model missing).
    """

    def __init__(
        self, source: FrameSource, backend_factory: Callable[[], PoseBackend], *,
        on_pose: Callable[[PoseFrame], None],
        on_frame: Callable[[Frame], None] | None = None,
        on_end: Callable[[DriverError | None], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._factory = backend_factory
        self._on_pose = on_pose
        self._on_frame = on_frame
        self._on_end = on_end
        self._clock = clock
        self._slot = LatestSlot()
        self._stop = threading.Event()
        self._error: DriverError | None = None
        self._dropped = 0
        self._captured = 0
        self._processed = 0
        self._threads = [
            threading.Thread(target=self._capture_loop, name="pose-capture", daemon=True),
            threading.Thread(target=self._inference_loop, name="pose-inference", daemon=True),
        ]

    @property
    def stats(self) -> dict[str, int]:
        return {"captured": self._captured, "processed": self._processed,
                "dropped": self._dropped}

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        """Ask both threads to finish and wait for them (the source is closed)."""
        self._stop.set()
        self._slot.close()
        self.join(timeout_s)

    def join(self, timeout_s: float | None = None) -> None:
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout_s)

    def _fail(self, error: DriverError) -> None:
        if self._error is None:
            self._error = error
        self._stop.set()
        self._slot.close()

    def _capture_loop(self) -> None:
        try:
            while not self._stop.is_set():
                frame = self._source.read()
                if frame is None:
                    break
                self._captured += 1
                if self._on_frame is not None:
                    self._on_frame(frame)
                if self._slot.put(frame, self._clock()):
                    self._dropped += 1
        except DriverError as err:
            self._fail(err)
        except Exception as err:  # a broken source must end the test, not hang it
            log.exception("camera capture failed")
            self._fail(DriverError(Reason.DEVICE_LOST, f"capture: {type(err).__name__}"))
        finally:
            self._source.close()
            self._slot.close()

    def _inference_loop(self) -> None:
        try:
            backend = self._factory()
        except DriverError as err:
            self._fail(err)
            self._finish()
            return
        try:
            while True:
                item = self._slot.take(timeout_s=0.1)
                if item is None:
                    if self._slot.closed:
                        break
                    continue
                frame, captured_at = item
                started = self._clock()
                landmarks = backend.process(frame.image)
                done = self._clock()
                self._processed += 1
                self._on_pose(PoseFrame(
                    frame, landmarks, mean_luma(frame.image), done - started,
                    done - captured_at, self._dropped,
                ))
        except Exception as err:
            log.exception("pose inference failed")
            self._fail(DriverError(Reason.DEVICE_LOST, f"inference: {type(err).__name__}"))
        finally:
            backend.close()
            self._finish()

    def _finish(self) -> None:
        self._stop.set()
        if self._on_end is not None:
            self._on_end(self._error)



def run_inline(
    source: FrameSource, backend: PoseBackend, on_pose: Callable[[PoseFrame], None], *,
    clock: Callable[[], float] = time.monotonic, max_frames: int | None = None,
) -> int:
    """Process EVERY frame of ``source`` on the calling thread (offline scoring of a file).

    Same PoseFrame as the threaded worker, nothing dropped: scoring a file gives the same
    answer on a fast and a slow machine.  Returns the number of frames processed.
    """
    n = 0
    try:
        while max_frames is None or n < max_frames:
            frame = source.read()
            if frame is None:
                break
            started = clock()
            landmarks = backend.process(frame.image)
            done = clock()
            on_pose(PoseFrame(frame, landmarks, mean_luma(frame.image), done - started,
                              done - started, 0))
            n += 1
    finally:
        source.close()
    return n
