"""The camera + pose worker as the GUI sees it: frames and landmarks on the GUI thread.

A thin adapter over ``drivers.camera`` (capture + PoseWorker): it builds the source from
``ctx.config.camera_source`` and hands every worker callback to ``Bridge.post`` -- the only
legal thread crossing (docs/architecture.md: no Qt call, not even ``Signal.emit``, from a
worker thread).

* Preview frames arrive at camera rate and are *coalesced*: the capture thread leaves the
  newest frame in a one-slot box and posts a wake-up only when none is pending, so a busy
  GUI thread skips stale frames instead of queueing them.
* Pose frames are all delivered (the worker has already dropped frames inference could not
  keep up with), because the test recorder needs every processed frame.
* A generation number makes deliveries of a stopped run harmless.

``ctx.extras`` knobs (tests, the demo, ``lifelog-kiosk``):
``pose_backend_factory`` (default MediaPipePose), ``camera_source_factory`` (returns a
FrameSource), ``camera_offline`` (True: process EVERY frame of a file on one plain thread,
``run_inline``, so a file scores the same on any machine -- used by the kiosk tests).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from drivers.camera.capture import Frame, FrameSource, OpenCvSource
from drivers.camera.worker import PoseFrame, PoseWorker, run_inline
from drivers.errors import DriverError, Reason

log = logging.getLogger(__name__)


def source_spec(ctx: Any) -> str:
    """The configured camera source: a camera index, a device path or a video file.

    A configured file that is missing is NOT replaced by some other video: the station
    would then score a recording as if it were the participant.  OpenCvSource raises
    DeviceNotFound and the screen says the camera cannot be opened.
    """
    return str(ctx.config.camera_source)


def _default_backend() -> Any:
    from drivers.camera.pose_backend import MediaPipePose  # noqa: PLC0415 - on the worker

    return MediaPipePose()


class CameraFeed:
    """Start/stop the camera; ``on_frame``/``on_pose``/``on_end`` run on the GUI thread."""

    def __init__(self, ctx: Any, *, on_frame: Callable[[Frame], None],
                 on_pose: Callable[[PoseFrame], None],
                 on_end: Callable[[DriverError | None], None]) -> None:
        self.ctx = ctx
        self.bridge = ctx.extras["bridge"]
        self._on_frame = on_frame
        self._on_pose = on_pose
        self._on_end = on_end
        self._lock = threading.Lock()
        self._latest: tuple[int, Frame] | None = None
        self._frame_posted = False
        self._generation = 0
        self._worker: PoseWorker | None = None
        self._thread: threading.Thread | None = None
        self._stop_inline = threading.Event()
        self.image_size: tuple[int, int] = (640, 480)
        self.running = False

    # --- control (GUI thread) ---------------------------------------------------------------
    def start(self) -> None:
        """Open the source and start inference.  Raises DriverError (camera missing)."""
        self.stop()
        self._generation += 1
        generation = self._generation
        source = self._open_source()
        self.image_size = source.image_size
        factory = self.ctx.extras.get("pose_backend_factory") or _default_backend
        self.running = True
        if self.ctx.extras.get("camera_offline"):
            self._stop_inline = threading.Event()
            self._thread = threading.Thread(
                target=self._run_inline, args=(source, factory, generation, self._stop_inline),
                name="pose-inline", daemon=True)
            self._thread.start()
            return
        self._worker = PoseWorker(
            source, factory,
            on_pose=lambda pose: self.bridge.post(self._deliver_pose, (generation, pose)),
            on_frame=lambda frame: self._frame_arrived(generation, frame),
            on_end=lambda error: self.bridge.post(self._deliver_end, (generation, error)),
        )
        self._worker.start()

    def stop(self) -> None:
        self._generation += 1
        self.running = False
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop_inline.set()
            thread.join(5.0)

    def _open_source(self) -> FrameSource:
        make = self.ctx.extras.get("camera_source_factory")
        if make is not None:
            source: FrameSource = make()
            return source
        offline = bool(self.ctx.extras.get("camera_offline"))
        return OpenCvSource(source_spec(self.ctx), realtime=not offline)

    # --- worker threads: plain Python only, no Qt ---------------------------------------------
    def _frame_arrived(self, generation: int, frame: Frame) -> None:
        with self._lock:
            self._latest = (generation, frame)
            if self._frame_posted:
                return  # a wake-up is pending: it will take this newer frame
            self._frame_posted = True
        self.bridge.post(self._deliver_frame, None)

    def _run_inline(self, source: FrameSource, factory: Callable[[], Any], generation: int,
                    stop: threading.Event) -> None:
        error: DriverError | None = None
        try:
            backend = factory()
        except DriverError as err:
            source.close()
            self.bridge.post(self._deliver_end, (generation, err))
            return

        def pose_ready(pose: PoseFrame) -> None:
            if stop.is_set():
                raise _Stopped
            self.bridge.post(self._deliver_pose, (generation, pose))

        try:
            run_inline(source, backend, pose_ready)
        except _Stopped:
            pass
        except DriverError as err:
            error = err
        except Exception as err:  # a broken file must end the test, not hang it
            log.exception("offline pose run failed")
            error = DriverError(Reason.DEVICE_LOST, f"inference: {type(err).__name__}")
        finally:
            backend.close()
        self.bridge.post(self._deliver_end, (generation, error))

    # --- GUI thread -------------------------------------------------------------------------
    def _deliver_frame(self, _: Any) -> None:
        with self._lock:
            latest, self._latest = self._latest, None
            self._frame_posted = False
        if latest is not None and latest[0] == self._generation:
            self._on_frame(latest[1])

    def _deliver_pose(self, item: tuple[int, PoseFrame]) -> None:
        if item[0] == self._generation:
            self._on_pose(item[1])

    def _deliver_end(self, item: tuple[int, DriverError | None]) -> None:
        if item[0] == self._generation:
            self.running = False
            self._on_end(item[1])


class _Stopped(Exception):
    """Raised inside run_inline's callback to end an offline run early."""
