"""Accumulates the pose worker's frames into a landmark sequence and runs the gates live.

The kiosk's pose screen feeds every ``PoseFrame`` here (on the GUI thread, after
``Bridge.post``); ``lifelog-kiosk score`` feeds the frames of a file.  Both then call
``scoring.score`` on ``sequence()``: one code path.
"""

from __future__ import annotations

import numpy as np

from drivers.camera.worker import PoseFrame
from measurements.pose import gates
from measurements.pose.landmarks import LandmarkSequence

GATE_WINDOW_S = 1.5  # gates judge the last 1.5 s: long enough for a frame-rate estimate


class LiveRecorder:
    """Timestamps, landmarks and light level of every processed frame of one test."""

    def __init__(self, image_size: tuple[int, int]) -> None:
        self._size = image_size
        self._t: list[float] = []
        self._rows: list[np.ndarray[tuple[int, int], np.dtype[np.float64]] | None] = []
        self._luma: list[float] = []

    def add(self, frame: PoseFrame) -> None:
        """Append one frame; frames that are not newer than the last are ignored."""
        if self._t and frame.frame.t_s <= self._t[-1]:
            return
        self._t.append(frame.frame.t_s)
        self._rows.append(frame.landmarks)
        self._luma.append(frame.mean_luma)

    def __len__(self) -> int:
        return len(self._t)

    def elapsed_s(self) -> float:
        """Seconds from the first to the last frame recorded (0 when fewer than two).

        O(1): the screen asks on every frame, and building ``sequence()`` for it grew to
        ~7 ms a frame on the GUI thread by the end of a 2-min test at 30 fps.
        """
        return self._t[-1] - self._t[0] if self._t else 0.0

    def clear(self) -> None:
        self._t.clear()
        self._rows.clear()
        self._luma.clear()

    def keep_last(self, window_s: float = GATE_WINDOW_S) -> None:
        """Forget frames older than ``window_s`` before the newest (a preview's memory).

        Unlike ``clear`` it leaves the gate its window: right after a clear the gate sees
        one frame, measures 0 fps and flashes "the camera is too slow".
        """
        if not self._t:
            return
        first = int(np.searchsorted(np.asarray(self._t), self._t[-1] - window_s))
        del self._t[:first], self._rows[:first], self._luma[:first]

    def sequence(self) -> LandmarkSequence:
        return LandmarkSequence.from_rows(self._t, self._rows, self._size)

    def frame_stats(self, window_s: float = GATE_WINDOW_S) -> gates.FrameStats:
        if len(self._t) < 2:
            return gates.FrameStats(float(np.mean(self._luma)) if self._luma else 0.0, None)
        t = np.asarray(self._t)
        recent = t >= t[-1] - window_s
        n = int(recent.sum())
        span = float(t[-1] - t[recent][0])
        # one frame in the window says nothing about the rate (a stall does: see n == 1 below
        # only once the camera has run longer than the window)
        if n > 1 and span > 0:
            fps: float | None = (n - 1) / span
        else:
            fps = 0.0 if float(t[-1] - t[0]) > window_s else None
        return gates.FrameStats(float(np.mean(np.asarray(self._luma)[recent])), fps)

    def gate(self, *, min_frame_rate_hz: float = gates.MIN_FRAME_RATE_HZ,
             window_s: float = GATE_WINDOW_S) -> gates.GateResult:
        """What the person should fix right now (or OK), judged on the last ``window_s``."""
        if not self._t:
            return gates.check(LandmarkSequence.from_rows([], [], self._size),
                               self.frame_stats(window_s), min_frame_rate_hz=min_frame_rate_hz)
        start = self._t[-1] - window_s
        first = int(np.searchsorted(np.asarray(self._t), start))
        recent = LandmarkSequence.from_rows(self._t[first:], self._rows[first:], self._size)
        return gates.check(recent, self.frame_stats(window_s), min_frame_rate_hz=min_frame_rate_hz)
