"""The 33 BlazePose landmarks and a timestamped sequence of them.

Index order is MediaPipe Pose's (``mediapipe.solutions.pose.PoseLandmark``, BlazePose
topology, https://ai.google.dev/edge/mediapipe/solutions/vision/pose_landmarker): left and
right are the *person's* sides.  Coordinates are normalised to the image: x in [0, 1] left
to right, y in [0, 1] top to bottom; landmarks may lie outside [0, 1] when the body part is
out of frame.  A frame in which no person was detected is a row of NaN, so a sequence has
one row per processed camera frame and ``detection_rate`` is honest.
"""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

N_LANDMARKS = 33


class Landmark(enum.IntEnum):
    NOSE = 0
    LEFT_EYE_INNER = 1
    LEFT_EYE = 2
    LEFT_EYE_OUTER = 3
    RIGHT_EYE_INNER = 4
    RIGHT_EYE = 5
    RIGHT_EYE_OUTER = 6
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_PINKY = 17
    RIGHT_PINKY = 18
    LEFT_INDEX = 19
    RIGHT_INDEX = 20
    LEFT_THUMB = 21
    RIGHT_THUMB = 22
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


# Bones drawn by the preview overlay (the BlazePose connection list, body only).
SKELETON_EDGES: tuple[tuple[Landmark, Landmark], ...] = (
    (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    (Landmark.LEFT_SHOULDER, Landmark.LEFT_ELBOW), (Landmark.LEFT_ELBOW, Landmark.LEFT_WRIST),
    (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_ELBOW),
    (Landmark.RIGHT_ELBOW, Landmark.RIGHT_WRIST),
    (Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP), (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_HIP),
    (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    (Landmark.LEFT_HIP, Landmark.LEFT_KNEE), (Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE),
    (Landmark.RIGHT_HIP, Landmark.RIGHT_KNEE), (Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE),
    (Landmark.LEFT_ANKLE, Landmark.LEFT_HEEL), (Landmark.LEFT_HEEL, Landmark.LEFT_FOOT_INDEX),
    (Landmark.RIGHT_ANKLE, Landmark.RIGHT_HEEL),
    (Landmark.RIGHT_HEEL, Landmark.RIGHT_FOOT_INDEX),
)


class SequenceError(ValueError):
    """A landmark sequence with the wrong shape, unordered timestamps, or a corrupt blob."""


@dataclass(frozen=True, eq=False)
class LandmarkSequence:
    """One row per processed frame: ``t_s`` (N,), ``xy`` (N, 33, 2), ``visibility`` (N, 33).

    ``t_s`` are seconds on the capture clock (monotonic, strictly increasing).
    ``image_size`` is (width, height) in pixels: distances are measured in units of the
    image height after scaling x by width/height, so a 640x480 frame is not squashed.
    """

    t_s: FloatArray
    xy: FloatArray
    visibility: FloatArray
    image_size: tuple[int, int] = (640, 480)

    def __post_init__(self) -> None:
        n = self.t_s.shape[0] if self.t_s.ndim == 1 else -1
        if n < 0 or self.xy.shape != (n, N_LANDMARKS, 2) or self.visibility.shape != (
            n, N_LANDMARKS,
        ):
            raise SequenceError(
                f"shapes t{self.t_s.shape} xy{self.xy.shape} vis{self.visibility.shape}")
        if n > 1 and not bool(np.all(np.diff(self.t_s) > 0)):
            raise SequenceError("timestamps must be strictly increasing")
        if self.image_size[0] <= 0 or self.image_size[1] <= 0:
            raise SequenceError(f"bad image size {self.image_size}")

    @classmethod
    def from_rows(
        cls, t_s: list[float], rows: list[FloatArray | None], image_size: tuple[int, int],
    ) -> LandmarkSequence:
        """Build from per-frame (33, 3) [x, y, visibility] arrays; None = no person."""
        xyv = np.full((len(rows), N_LANDMARKS, 3), np.nan)
        for i, row in enumerate(rows):
            if row is not None:
                xyv[i] = row[:, :3]
        return cls(np.asarray(t_s, dtype=np.float64), xyv[:, :, :2], xyv[:, :, 2], image_size)

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    @property
    def detected(self) -> npt.NDArray[np.bool_]:
        """Frames in which a person was detected."""
        return np.asarray(np.isfinite(self.xy[:, :, 0]).any(axis=1))

    @property
    def duration_s(self) -> float:
        return float(self.t_s[-1] - self.t_s[0]) if len(self) > 1 else 0.0

    def detection_rate(self) -> float:
        return float(self.detected.mean()) if len(self) else 0.0

    def frame_rate_hz(self) -> float:
        """Median frame rate (robust to a single late frame); 0 for < 2 frames."""
        if len(self) < 2:
            return 0.0
        return float(1.0 / np.median(np.diff(self.t_s)))

    def window(self, start_s: float, end_s: float) -> LandmarkSequence:
        """Frames with start_s <= t <= end_s."""
        keep = (self.t_s >= start_s) & (self.t_s <= end_s)
        return LandmarkSequence(self.t_s[keep], self.xy[keep], self.visibility[keep],
                                self.image_size)

    def point(self, landmark: Landmark) -> FloatArray:
        """(N, 2) positions in height units: x scaled by width/height, y as is."""
        aspect = self.image_size[0] / self.image_size[1]
        return np.asarray(self.xy[:, landmark] * np.array([aspect, 1.0]))

    # --- compact storage (keypoints are kept, video is not) ------------------------------

    def to_bytes(self) -> bytes:
        """float16 landmarks + float64 timestamps as an .npz: ~200 B per frame."""
        buf = io.BytesIO()
        np.savez_compressed(
            buf, t_s=self.t_s, xy=self.xy.astype(np.float16),
            visibility=self.visibility.astype(np.float16),
            image_size=np.asarray(self.image_size, dtype=np.int32),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> LandmarkSequence:
        """Inverse of :meth:`to_bytes`.  Raises SequenceError on a corrupt blob."""
        try:
            with np.load(io.BytesIO(blob), allow_pickle=False) as data:
                size = data["image_size"]
                return cls(data["t_s"].astype(np.float64), data["xy"].astype(np.float64),
                           data["visibility"].astype(np.float64), (int(size[0]), int(size[1])))
        except (OSError, KeyError, ValueError, EOFError) as err:
            if isinstance(err, SequenceError):
                raise
            raise SequenceError(f"not a landmark blob: {err}") from err
