"""A landmark-replay camera for kiosk tests: a synthetic landmark sequence played back as a
FrameSource (plain grey frames carrying the sequence's timestamps) plus a PoseBackend that
returns the sequence's landmarks for each frame.  It stands in for the camera and MediaPipe
only -- the kiosk screen, recorder, gates, scorers, review and store all run for real."""

from __future__ import annotations

import numpy as np

from drivers.camera.capture import Frame
from measurements.pose.landmarks import LandmarkSequence


class ReplaySource:
    def __init__(self, seq: LandmarkSequence) -> None:
        self.seq = seq
        self._i = 0
        w, h = seq.image_size
        self._image = np.full((h // 4, w // 4, 3), 128, dtype=np.uint8)  # mid-grey: not dark

    @property
    def image_size(self) -> tuple[int, int]:
        return self.seq.image_size

    @property
    def nominal_fps(self) -> float:
        return self.seq.frame_rate_hz()

    def read(self) -> Frame | None:
        if self._i >= len(self.seq):
            return None
        # the frame index rides in the first pixel row so the backend can find its landmarks
        image = self._image.copy()
        image[0, :4, 0] = np.frombuffer(np.uint32(self._i).tobytes(), dtype=np.uint8)
        frame = Frame(image, float(self.seq.t_s[self._i]), self._i)
        self._i += 1
        return frame

    def close(self) -> None:
        pass


class ReplayBackend:
    def __init__(self, seq: LandmarkSequence) -> None:
        self.seq = seq

    def process(self, image_bgr: np.ndarray) -> np.ndarray | None:
        index = int(np.frombuffer(image_bgr[0, :4, 0].tobytes(), dtype=np.uint32)[0])
        xy = self.seq.xy[index]
        if not np.isfinite(xy).any():
            return None
        return np.concatenate([xy, self.seq.visibility[index][:, None]], axis=1)

    def close(self) -> None:
        pass


def install(ctx, seq: LandmarkSequence) -> None:
    """Make the station's camera screens play ``seq`` (every frame, offline)."""
    ctx.extras["camera_source_factory"] = lambda: ReplaySource(seq)
    ctx.extras["pose_backend_factory"] = lambda: ReplayBackend(seq)
    ctx.extras["camera_offline"] = True
