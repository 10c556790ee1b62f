"""Camera frames over OpenCV: a V4L2 camera (index or /dev path) or a video file.

The file source is the simulated camera (stack-probe §5: this machine has no /dev/video*,
and v4l2loopback cannot be loaded), so it can pace itself to the file's frame rate and
loop, like a camera that never ends.  Timestamps are real: the monotonic clock at grab
time for a camera, the file's own presentation time for a file (plus the loop offset), so
scorers see the same time base either way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
import numpy.typing as npt

from drivers.errors import DeviceLost, DeviceNotFound

Image = npt.NDArray[np.uint8]  # (H, W, 3) BGR


@dataclass(frozen=True, slots=True)
class Frame:
    image: Image
    t_s: float  # capture time, seconds (monotonic for a camera, media time for a file)
    index: int  # frame number since the source opened (gaps = frames the source skipped)


class FrameSource(Protocol):
    """What the pose worker reads from.  ``read`` blocks for at most one frame period."""

    @property
    def image_size(self) -> tuple[int, int]: ...

    @property
    def nominal_fps(self) -> float: ...

    def read(self) -> Frame | None:
        """The next frame, or None at the end of a (non-looping) file."""
        ...

    def close(self) -> None: ...


def parse_spec(spec: str | int | Path) -> int | str:
    """Config value -> what cv2.VideoCapture takes: "0" -> 0, "/dev/video2" / paths as str."""
    if isinstance(spec, int):
        return spec
    text = str(spec).strip()
    return int(text) if text.isdigit() else text


class OpenCvSource:
    """A camera or a video file through ``cv2.VideoCapture``.

    Args:
        spec: camera index (0, "0"), device path ("/dev/video0") or a video file path.
        realtime: for files, deliver frames no faster than the file's frame rate (the
            simulated camera); False = as fast as they decode (offline scoring, benches).
        loop: for files, start again at the end instead of returning None.
        size: requested camera resolution (cameras only; files keep their own).

    Raises:
        DeviceNotFound: the camera or file cannot be opened.
    """

    def __init__(
        self, spec: str | int | Path, *, realtime: bool = False, loop: bool = False,
        size: tuple[int, int] = (640, 480), clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        target = parse_spec(spec)
        self._is_file = isinstance(target, str) and not target.startswith("/dev/")
        if self._is_file and not Path(str(target)).is_file():
            raise DeviceNotFound(f"video file {target} does not exist")
        backend = cv2.CAP_ANY if self._is_file else cv2.CAP_V4L2
        self._cap = cv2.VideoCapture(target, backend)
        if not self._cap.isOpened():
            self._cap.release()
            raise DeviceNotFound(f"cannot open camera/video {spec!r}")
        if not self._is_file:
            self._cap.set(cv2.CAP_PROP_FRAME_WIDTH, size[0])
            self._cap.set(cv2.CAP_PROP_FRAME_HEIGHT, size[1])
            self._cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # keep the driver from queueing stale frames
        self._size = (int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
                      int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        fps = float(self._cap.get(cv2.CAP_PROP_FPS))
        self._fps = fps if 1.0 <= fps <= 240.0 else 30.0
        self._realtime = realtime and self._is_file
        self._loop = loop and self._is_file
        self._clock = clock
        self._sleep = sleep
        self._index = 0
        self._loop_offset_s = 0.0
        self._last_media_s = -1.0
        self._started_at: float | None = None

    @property
    def is_file(self) -> bool:
        return self._is_file

    @property
    def image_size(self) -> tuple[int, int]:
        return self._size

    @property
    def nominal_fps(self) -> float:
        return self._fps

    def _grab_file(self) -> tuple[bool, Image | None, float]:
        ok, image = self._cap.read()
        if not ok and self._loop and self._index > 0:
            self._loop_offset_s = self._last_media_s + 1.0 / self._fps
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, image = self._cap.read()
        if not ok:
            return False, None, 0.0
        media_s = float(self._cap.get(cv2.CAP_PROP_POS_MSEC)) / 1000.0 + self._loop_offset_s
        if media_s <= self._last_media_s:  # containers without timestamps
            media_s = self._last_media_s + 1.0 / self._fps
        self._last_media_s = media_s
        return True, np.asarray(image, dtype=np.uint8), media_s

    def read(self) -> Frame | None:
        """The next frame; None at the end of a file.

        Raises:
            DeviceLost: a camera stopped delivering frames.
        """
        if self._is_file:
            ok, image, t_s = self._grab_file()
            if not ok or image is None:
                return None
            if self._realtime:
                now = self._clock()
                if self._started_at is None:
                    self._started_at = now - t_s
                due = self._started_at + t_s
                if due > now:
                    self._sleep(due - now)
        else:
            ok, raw = self._cap.read()
            t_s = self._clock()
            image = None if raw is None else np.asarray(raw, dtype=np.uint8)
            if not ok or image is None:
                raise DeviceLost("camera stopped delivering frames")
        frame = Frame(np.ascontiguousarray(image, dtype=np.uint8), t_s, self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        self._cap.release()


def mean_luma(image: Image) -> float:
    """Mean grey level (0..255) on a 80x60 thumbnail: cheap enough for every frame."""
    small = cv2.resize(image, (80, 60), interpolation=cv2.INTER_AREA)
    return float(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).mean())
